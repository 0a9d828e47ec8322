/**
 * ELBv2 load balancers (network only): CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer;
 * and the ELBv2 tagging calls for every ELBv2 type: DescribeTags, AddTags, RemoveTags.
 *
 * References (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/):
 * - API_CreateLoadBalancer.html: "This operation is idempotent, which means that it completes at most one
 *   time. If you attempt to create multiple load balancers with the same settings, each call succeeds."
 *   Same name with other settings: `DuplicateLoadBalancerName` (docs/aws-behaviour.md 2a). Names: ≤32
 *   alphanumerics and hyphens, not beginning or ending with a hyphen, not beginning with `internal-`.
 *   Subnets or SubnetMappings, at most one per Availability Zone. Whether different tags alone count as
 *   "other settings" is unconfirmed: here they do not (the existing load balancer keeps its tags).
 * - API_LoadBalancerState.html: `provisioning` → `active` (here: after `asyncDelayMs`).
 * - API_DescribeLoadBalancers.html: LoadBalancerArns (≤20) or Names, PageSize 1–400, Marker/NextMarker;
 *   an unknown ARN or name is `LoadBalancerNotFound`.
 * - API_DeleteLoadBalancer.html: "If the load balancer does not exist or has already been deleted, the
 *   call succeeds"; deleting it deletes its listeners; errors include `ResourceInUse` (here: while a VPC
 *   endpoint service uses the NLB, declared by `ec2/vpc-endpoint-service.ts` under {@link LOAD_BALANCER_KIND}).
 * - API_DescribeTags.html: ResourceArns ≤20. API_AddTags.html / API_RemoveTags.html.
 * - DNS names of NLBs: `<name>-<hex>.elb.<region>.amazonaws.com`; CanonicalHostedZoneId per region from
 *   https://docs.aws.amazon.com/general/latest/gr/elb.html (Network Load Balancers column).
 */
import type {
  AddTagsCommandInput,
  AddTagsCommandOutput,
  CreateLoadBalancerCommandInput,
  CreateLoadBalancerCommandOutput,
  DeleteLoadBalancerCommandInput,
  DeleteLoadBalancerCommandOutput,
  DescribeLoadBalancersCommandInput,
  DescribeLoadBalancersCommandOutput,
  DescribeTagsCommandInput,
  DescribeTagsCommandOutput,
  LoadBalancer,
  LoadBalancerStateEnum,
  RemoveTagsCommandInput,
  RemoveTagsCommandOutput,
  SubnetMapping,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { NotImplementedInSimulation } from '../errors.js';
import { SUBNET_KIND } from '../ec2/subnet.js';
import { defineHandler, type HandlerContext, type SimModule, type TaggedResource } from '../module.js';
import {
  elbArn,
  listeners,
  loadBalancers,
  markerPage,
  mergeTags,
  requireTaggable,
  stableSettings,
  tagList,
  targetGroups,
  validateName,
  validationError,
  type LoadBalancerRecord,
} from './common.js';
import { usableSubnets } from '../ec2/shared-vpc.js';
import { asyncDelayFor } from '../options.js';

/** `ctx.dependentsOf(LOAD_BALANCER_KIND, arn)`: what keeps DeleteLoadBalancer from succeeding. */
export const LOAD_BALANCER_KIND = 'elbv2:loadbalancer';

const NLB_HOSTED_ZONES: Record<string, string> = {
  'us-east-1': 'Z26RNL4JYFTOTI',
  'us-east-2': 'ZLMOA37VPKANP',
  'us-west-2': 'Z18D5FSROUN65G',
  'eu-west-1': 'Z2IFOLAFXWLO4F',
  'eu-central-1': 'Z3F0SRJ5LGBH90',
};

export function loadBalancerState(ctx: HandlerContext, record: LoadBalancerRecord): LoadBalancerStateEnum {
  return ctx.now >= record.createdAt + (asyncDelayFor(ctx.options, 'elbv2:load-balancer')) ? 'active' : 'provisioning';
}

/** A visible load balancer by ARN, or `LoadBalancerNotFound`. */
export function requireLoadBalancer(ctx: HandlerContext, arn: string | undefined): LoadBalancerRecord {
  const record = arn ? loadBalancers(ctx)[arn] : undefined;
  if (!record || !ctx.isVisible(record)) throw ctx.error('LoadBalancerNotFound', `Load balancer '${arn ?? ''}' not found`);
  return record;
}

function toLoadBalancer(ctx: HandlerContext, record: LoadBalancerRecord): LoadBalancer {
  return {
    LoadBalancerArn: record.id,
    DNSName: record.dnsName,
    CanonicalHostedZoneId: NLB_HOSTED_ZONES[ctx.region] ?? 'Z2IFOLAFXWLO4F',
    CreatedTime: new Date(record.createdAt),
    LoadBalancerName: record.name,
    Scheme: record.scheme,
    VpcId: record.vpcId,
    State: { Code: loadBalancerState(ctx, record) },
    Type: 'network',
    AvailabilityZones: record.subnets.map((s) => ({
      ZoneName: s.zone,
      SubnetId: s.subnetId,
      LoadBalancerAddresses: s.allocationId || s.privateIPv4Address ? [{ AllocationId: s.allocationId, PrivateIPv4Address: s.privateIPv4Address }] : [],
    })),
    ...(record.securityGroups.length > 0 ? { SecurityGroups: [...record.securityGroups] } : {}),
    IpAddressType: record.ipAddressType as LoadBalancer['IpAddressType'],
  };
}

export const loadBalancerModule: SimModule = {
  name: 'elbv2/load-balancer',
  dependents: {
    // DeleteSubnet: a load balancer keeps network interfaces in each of its subnets.
    [SUBNET_KIND]: (ctx, subnetId) =>
      Object.values(loadBalancers(ctx))
        .filter((lb) => lb.subnets.some((s) => s.subnetId === subnetId))
        .map((lb) => lb.id),
  },
  taggedResources: (ctx): TaggedResource[] => [
    ...Object.values(loadBalancers(ctx)).map((r) => ({ arn: r.id, resourceType: 'elasticloadbalancing:loadbalancer', tags: r.tags, createdAt: r.createdAt })),
    ...Object.values(targetGroups(ctx)).map((r) => ({ arn: r.id, resourceType: 'elasticloadbalancing:targetgroup', tags: r.tags, createdAt: r.createdAt })),
    ...Object.values(listeners(ctx)).map((r) => ({ arn: r.id, resourceType: 'elasticloadbalancing:listener', tags: r.tags, createdAt: r.createdAt })),
  ].filter((r) => Object.keys(r.tags).length > 0),
  handlers: {
    'ElasticLoadBalancingV2:CreateLoadBalancer': defineHandler<CreateLoadBalancerCommandInput, CreateLoadBalancerCommandOutput>((ctx, input) => {
      const name = validateName(ctx, 'load balancer', input.Name);
      const type = input.Type ?? 'application';
      if (type !== 'network') throw new NotImplementedInSimulation(ctx.service, `CreateLoadBalancer(Type=${type})`);
      const scheme = input.Scheme ?? 'internet-facing';
      if ((input.Subnets ?? []).length > 0 && (input.SubnetMappings ?? []).length > 0) {
        throw validationError(ctx, 'You can specify subnets or subnet mappings, not both');
      }
      const mappings: SubnetMapping[] = input.SubnetMappings ?? (input.Subnets ?? []).map((SubnetId) => ({ SubnetId }));
      if (mappings.length === 0) throw validationError(ctx, 'At least one subnet must be specified');
      const all = usableSubnets(ctx);
      const zones = new Set<string>();
      let vpcId: string | undefined;
      const subnetList: LoadBalancerRecord['subnets'] = [];
      for (const mapping of mappings) {
        const subnet = mapping.SubnetId ? all[mapping.SubnetId] : undefined;
        if (!subnet || !ctx.isVisible(subnet)) throw ctx.error('SubnetNotFound', `The subnet ID '${mapping.SubnetId ?? ''}' is not valid`);
        if (vpcId !== undefined && subnet.vpcId !== vpcId) throw ctx.error('InvalidSubnet', 'The subnets must belong to the same VPC');
        if (zones.has(subnet.availabilityZone)) {
          throw ctx.error('InvalidConfigurationRequest', `A load balancer cannot be attached to multiple subnets in the same Availability Zone`);
        }
        zones.add(subnet.availabilityZone);
        vpcId = subnet.vpcId;
        subnetList.push({
          subnetId: subnet.id,
          zone: subnet.availabilityZone,
          ...(mapping.AllocationId ? { allocationId: mapping.AllocationId } : {}),
          ...(mapping.PrivateIPv4Address ? { privateIPv4Address: mapping.PrivateIPv4Address } : {}),
        });
      }
      const securityGroups = [...(input.SecurityGroups ?? [])];
      const ipAddressType = input.IpAddressType ?? 'ipv4';
      const settings = stableSettings({ scheme, subnets: subnetList, securityGroups, ipAddressType });
      const existing = Object.values(loadBalancers(ctx)).find((lb) => lb.name === name);
      if (existing) {
        const same = stableSettings({ scheme: existing.scheme, subnets: existing.subnets, securityGroups: existing.securityGroups, ipAddressType: existing.ipAddressType });
        if (same !== settings) throw ctx.error('DuplicateLoadBalancerName', `A load balancer with the name '${name}' exists, but with different settings`);
        return { LoadBalancers: [toLoadBalancer(ctx, existing)] };
      }
      const tags = mergeTags(ctx, {}, input.Tags);
      const hex = ctx.randomHex(16);
      const record: LoadBalancerRecord = {
        id: elbArn(ctx, `loadbalancer/net/${name}/${hex}`),
        createdAt: ctx.now,
        tags,
        name,
        scheme,
        vpcId: vpcId!,
        subnets: subnetList,
        securityGroups,
        ipAddressType,
        dnsName: `${name}-${hex}.elb.${ctx.region}.amazonaws.com`,
      };
      loadBalancers(ctx)[record.id] = record;
      return { LoadBalancers: [toLoadBalancer(ctx, record)] };
    }),

    'ElasticLoadBalancingV2:DescribeLoadBalancers': defineHandler<DescribeLoadBalancersCommandInput, DescribeLoadBalancersCommandOutput>((ctx, input) => {
      const arns = input.LoadBalancerArns ?? [];
      const names = input.Names ?? [];
      if (arns.length > 0 && names.length > 0) throw validationError(ctx, 'Load balancer names and load balancer ARNs cannot be specified at the same time');
      if (arns.length > 20) throw validationError(ctx, "1 validation error detected: Value at 'loadBalancerArns' failed to satisfy constraint: Member must have length less than or equal to 20");
      const visible = Object.values(loadBalancers(ctx)).filter((r) => ctx.isVisible(r));
      let candidates = visible;
      if (arns.length > 0) candidates = [...new Set(arns)].map((arn) => requireLoadBalancer(ctx, arn));
      if (names.length > 0) {
        candidates = [...new Set(names)].map((n) => {
          const found = visible.find((r) => r.name === n);
          if (!found) throw ctx.error('LoadBalancerNotFound', `Load balancers '[${n}]' not found`);
          return found;
        });
      }
      const { page, nextMarker } = markerPage(ctx, candidates, input);
      return { LoadBalancers: page.map((r) => toLoadBalancer(ctx, r)), NextMarker: nextMarker };
    }),

    'ElasticLoadBalancingV2:DeleteLoadBalancer': defineHandler<DeleteLoadBalancerCommandInput, DeleteLoadBalancerCommandOutput>((ctx, input) => {
      const arn = input.LoadBalancerArn;
      if (!arn) throw validationError(ctx, 'A load balancer ARN must be specified');
      const record = loadBalancers(ctx)[arn];
      if (!record) return {};
      const users = ctx.dependentsOf(LOAD_BALANCER_KIND, arn);
      if (users.length > 0) {
        throw ctx.error('ResourceInUse', `Load balancer '${arn}' cannot be deleted because it is currently associated with another service (${users.join(', ')})`);
      }
      for (const listener of Object.values(listeners(ctx))) if (listener.loadBalancerArn === arn) delete listeners(ctx)[listener.id];
      delete loadBalancers(ctx)[arn];
      return {};
    }),

    'ElasticLoadBalancingV2:DescribeTags': defineHandler<DescribeTagsCommandInput, DescribeTagsCommandOutput>((ctx, input) => {
      const arns = input.ResourceArns ?? [];
      if (arns.length < 1 || arns.length > 20) throw validationError(ctx, 'ResourceArns must have between 1 and 20 items');
      return { TagDescriptions: arns.map((arn) => ({ ResourceArn: arn, Tags: tagList(requireTaggable(ctx, arn).tags) })) };
    }),

    'ElasticLoadBalancingV2:AddTags': defineHandler<AddTagsCommandInput, AddTagsCommandOutput>((ctx, input) => {
      const records = (input.ResourceArns ?? []).map((arn) => requireTaggable(ctx, arn));
      const merged = records.map((r) => mergeTags(ctx, r.tags, input.Tags ?? []));
      records.forEach((r, i) => (r.tags = merged[i]!));
      return {};
    }),

    'ElasticLoadBalancingV2:RemoveTags': defineHandler<RemoveTagsCommandInput, RemoveTagsCommandOutput>((ctx, input) => {
      for (const arn of input.ResourceArns ?? []) {
        const record = requireTaggable(ctx, arn);
        for (const key of input.TagKeys ?? []) delete record.tags[key];
      }
      return {};
    }),
  },
};
