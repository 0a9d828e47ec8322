/** Pure builders for network load balancers: desired spec → SDK input, SDK output → observed, the diff. */
import type { CreateLoadBalancerCommandInput, LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { setChange, sortedSet, valueChange } from '../../../core/diff.js';
import type { FieldChange } from '../../../core/reconciler.js';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { toElbTags } from '../tags.js';
import { LOAD_BALANCER, type LoadBalancerOutputs, type LoadBalancerSpec } from './type.js';

export const LOAD_BALANCER_TYPE = LOAD_BALANCER.name;

export function createLoadBalancerInput(desired: Resolved<LoadBalancerSpec>): CreateLoadBalancerCommandInput {
  const { spec } = desired;
  const tags = toElbTags(desired.tags);
  return {
    Name: spec.name,
    Type: 'network',
    Scheme: spec.scheme,
    Subnets: [...spec.subnetIds],
    // An NLB created without security groups can never get any (docs/aws-behaviour.md 2f): only send a non-empty list.
    ...(spec.securityGroupIds.length > 0 ? { SecurityGroups: [...spec.securityGroupIds] } : {}),
    ...(tags ? { Tags: tags } : {}),
  };
}

export function subnetIdsOf(lb: LoadBalancer): string[] {
  return sortedSet((lb.AvailabilityZones ?? []).flatMap((zone) => (zone.SubnetId ? [zone.SubnetId] : [])));
}

export function observedLoadBalancer(lb: LoadBalancer, tags: Record<string, string>, scope: Scope): Observed<LoadBalancerSpec, LoadBalancerOutputs> {
  const arn = lb.LoadBalancerArn ?? '';
  const subnetIds = subnetIdsOf(lb);
  const securityGroupIds = sortedSet(lb.SecurityGroups ?? []);
  return observed(LOAD_BALANCER, {
    scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec: {
      ...(lb.LoadBalancerName ? { name: lb.LoadBalancerName } : {}),
      ...(lb.Scheme ? { scheme: lb.Scheme } : {}),
      ...(lb.Type ? { type: lb.Type as 'network' } : {}),
      subnetIds,
      securityGroupIds,
    },
    outputs: { arn, dnsName: lb.DNSName ?? '', name: lb.LoadBalancerName ?? '' },
    // DeleteSubnet and DeleteSecurityGroup fail while the NLB's network interfaces use them.
    references: [...subnetIds, ...securityGroupIds],
  });
}

/**
 * Name, scheme and type are fixed at creation. An NLB can gain subnets in place (SetSubnets) but
 * removing or changing one replaces it, and so does going between no security groups and some, in
 * either direction (docs/aws-behaviour.md 2f: Terraform's `internal/service/elbv2/load_balancer.go` forces a new
 * NLB for both; API_SetSubnets.html, API_SetSecurityGroups.html).
 */
export function diffLoadBalancer(desired: Resolved<LoadBalancerSpec>, live: Observed<LoadBalancerSpec, LoadBalancerOutputs>): FieldChange[] {
  const want = desired.spec;
  const have = live.spec;
  const haveSubnets = have.subnetIds ?? [];
  const haveGroups = have.securityGroupIds ?? [];
  const subnetRemoved = haveSubnets.some((id) => !want.subnetIds.includes(id));
  const groupsToggled = (want.securityGroupIds.length === 0) !== (haveGroups.length === 0);
  const changes = [
    valueChange('name', want.name, have.name, true),
    valueChange('scheme', want.scheme, have.scheme, true),
    valueChange('type', want.type, have.type, true),
    setChange('subnetIds', want.subnetIds, haveSubnets, subnetRemoved),
    setChange('securityGroupIds', want.securityGroupIds, haveGroups, groupsToggled),
  ];
  return changes.filter((change): change is FieldChange => change !== undefined);
}
