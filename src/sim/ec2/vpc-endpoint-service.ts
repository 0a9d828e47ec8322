/**
 * VPC endpoint services (PrivateLink, provider side): CreateVpcEndpointServiceConfiguration,
 * DescribeVpcEndpointServiceConfigurations, ModifyVpcEndpointServiceConfiguration,
 * DeleteVpcEndpointServiceConfigurations, DescribeVpcEndpointServicePermissions,
 * ModifyVpcEndpointServicePermissions, DescribeVpcEndpointConnections, AcceptVpcEndpointConnections,
 * RejectVpcEndpointConnections. The consumer side (CreateVpcEndpoint with such a service name) is in
 * `vpc-endpoint.ts`, which calls {@link findEndpointServiceForConsumer} and {@link openConnection}.
 *
 * References (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/):
 * - API_CreateVpcEndpointServiceConfiguration.html: NetworkLoadBalancerArns, AcceptanceRequired,
 *   PrivateDnsName, ClientToken, TagSpecifications (ResourceType `vpc-endpoint-service`).
 * - API_ServiceConfiguration.html: ServiceState `Pending | Available | Deleting | Deleted | Failed`
 *   (PascalCase on the wire, docs/aws-behaviour.md 3d); ServiceName `com.amazonaws.vpce.<region>.vpce-svc-<17 hex>`;
 *   BaseEndpointDnsNames `vpce-svc-….<region>.vpce.amazonaws.com`.
 * - API_DescribeVpcEndpointServiceConfigurations.html: filters service-name, service-id, service-state,
 *   supported-ip-address-types, tag:*, tag-key; MaxResults 5–1000; unknown IDs →
 *   `InvalidVpcEndpointServiceId.NotFound`.
 * - API_ModifyVpcEndpointServicePermissions.html: Add/RemoveAllowedPrincipals are ARNs ("To grant
 *   permissions to all principals, specify an asterisk (*)"); output AddedPrincipals, ReturnValue.
 *   Consumers whose principal is not allowed do not see the service: CreateVpcEndpoint answers
 *   `InvalidServiceName` "The Vpc Endpoint Service '…' does not exist" (aws/aws-cdk#28851). The owner
 *   account may always connect.
 * - API_DescribeVpcEndpointConnections.html: filters service-id, vpc-endpoint-owner, vpc-endpoint-state,
 *   vpc-endpoint-id; states on the wire are lowercase camelCase (`pendingAcceptance`, `available`,
 *   `rejected`, `deleted`; docs/aws-behaviour.md 3d) although the SDK's `State` enum is PascalCase.
 * - API_AcceptVpcEndpointConnections.html / API_RejectVpcEndpointConnections.html /
 *   API_DeleteVpcEndpointServiceConfigurations.html: per-item failures in `Unsuccessful`, HTTP 200;
 *   deleting a service with `available` or `pendingAcceptance` connections gives the item error
 *   `ExistingVpcEndpointConnections` (docs/aws-behaviour.md 3e).
 * Unconfirmed codes chosen here: an unknown or not-yet-active NLB is `InvalidParameter`; accepting or
 * rejecting a connection in another state is the item error `InvalidState`; a malformed principal is
 * `InvalidPrincipal`.
 *
 * Connections live with the provider (`ec2.vpcEndpointConnections` of the service's account and region,
 * keyed by the consumer's endpoint ID). State: the service is `Pending` for `asyncDelayMs`, then
 * `Available`; a deleted one is `Deleting` for `asyncDelayMs`, then gone.
 */
import type {
  AcceptVpcEndpointConnectionsCommandInput,
  AcceptVpcEndpointConnectionsCommandOutput,
  AllowedPrincipal,
  CreateVpcEndpointServiceConfigurationCommandInput,
  CreateVpcEndpointServiceConfigurationCommandOutput,
  DeleteVpcEndpointServiceConfigurationsCommandInput,
  DeleteVpcEndpointServiceConfigurationsCommandOutput,
  DescribeVpcEndpointConnectionsCommandInput,
  DescribeVpcEndpointConnectionsCommandOutput,
  DescribeVpcEndpointServiceConfigurationsCommandInput,
  DescribeVpcEndpointServiceConfigurationsCommandOutput,
  DescribeVpcEndpointServicePermissionsCommandInput,
  DescribeVpcEndpointServicePermissionsCommandOutput,
  DnsEntry,
  ModifyVpcEndpointServiceConfigurationCommandInput,
  ModifyVpcEndpointServiceConfigurationCommandOutput,
  ModifyVpcEndpointServicePermissionsCommandInput,
  ModifyVpcEndpointServicePermissionsCommandOutput,
  RejectVpcEndpointConnectionsCommandInput,
  RejectVpcEndpointConnectionsCommandOutput,
  ServiceConfiguration,
  ServiceState,
  State,
  UnsuccessfulItem,
  VpcEndpointConnection,
} from '@aws-sdk/client-ec2';
import { withClientToken } from '../client-token.js';
import { loadBalancers } from '../elbv2/common.js';
import { LOAD_BALANCER_KIND, loadBalancerState } from '../elbv2/load-balancer.js';
import type { HandlerContext, SimModule, TaggedResource } from '../module.js';
import { defineHandler } from '../module.js';
import type { ResourceRecord, SimState } from '../state.js';
import { applyFilters, paginate, type FilterAttributes } from './filters.js';
import { tagList, tagsFromSpecifications } from './tags.js';
import { asyncDelayFor } from '../options.js';

export interface EndpointServiceRecord extends ResourceRecord {
  serviceName: string;
  acceptanceRequired: boolean;
  networkLoadBalancerArns: string[];
  privateDnsName?: string;
  /** ARN (or `*`) → permission ID. */
  allowedPrincipals: Record<string, string>;
  deletedAt?: number;
}

export type ConnectionState = 'pendingAcceptance' | 'available' | 'rejected' | 'deleted';

/** Keyed by the consumer's endpoint ID. */
export interface ConnectionRecord extends ResourceRecord {
  serviceId: string;
  connectionId: string;
  endpointOwner: string;
  state: ConnectionState;
  /** When the connection became accepted (at create when no acceptance is required). */
  acceptedAt?: number;
  dnsEntries: DnsEntry[];
}

export function endpointServices(ctx: HandlerContext, account = ctx.account, region = ctx.region): Record<string, EndpointServiceRecord> {
  const all = ctx.collectionIn<EndpointServiceRecord>(account, region, 'ec2', 'vpcEndpointServices');
  for (const record of Object.values(all)) {
    if (record.deletedAt !== undefined && ctx.now >= record.deletedAt + delay(ctx)) delete all[record.id];
  }
  return all;
}

export function connections(ctx: HandlerContext, account = ctx.account, region = ctx.region): Record<string, ConnectionRecord> {
  return ctx.collectionIn<ConnectionRecord>(account, region, 'ec2', 'vpcEndpointConnections');
}

function delay(ctx: HandlerContext): number {
  return asyncDelayFor(ctx.options, 'ec2:vpc-endpoint-service');
}

export function serviceState(ctx: HandlerContext, record: EndpointServiceRecord): ServiceState {
  if (record.deletedAt !== undefined) return ctx.now >= record.deletedAt + delay(ctx) ? 'Deleted' : 'Deleting';
  return ctx.now >= record.createdAt + delay(ctx) ? 'Available' : 'Pending';
}

const VPCE_HOSTED_ZONES: Record<string, string> = { 'us-east-1': 'Z7HUB22UULQXV', 'us-west-2': 'Z1YSA3EXCYUU9Z', 'eu-west-1': 'Z38GZ743OKFT7T', 'eu-central-1': 'Z273ZU8SZ5RJPC' };

export function vpceHostedZone(region: string): string {
  return VPCE_HOSTED_ZONES[region] ?? 'Z38GZ743OKFT7T';
}

function serviceNotFound(ctx: HandlerContext, ids: readonly string[]): Error {
  return ctx.error('InvalidVpcEndpointServiceId.NotFound', `The VpcEndpointService Id '${ids.join(', ')}' does not exist`);
}

function requireService(ctx: HandlerContext, id: string | undefined): EndpointServiceRecord {
  const record = id ? endpointServices(ctx)[id] : undefined;
  if (!record || !ctx.isVisible(record) || record.deletedAt !== undefined) throw serviceNotFound(ctx, [id ?? '']);
  return record;
}

function zonesOf(ctx: HandlerContext, arns: readonly string[]): string[] {
  const all = loadBalancers(ctx);
  return [...new Set(arns.flatMap((arn) => all[arn]?.subnets.map((s) => s.zone) ?? []))].sort();
}

function toConfiguration(ctx: HandlerContext, record: EndpointServiceRecord): ServiceConfiguration {
  return {
    ServiceType: [{ ServiceType: 'Interface' }],
    ServiceId: record.id,
    ServiceName: record.serviceName,
    ServiceState: serviceState(ctx, record),
    AvailabilityZones: zonesOf(ctx, record.networkLoadBalancerArns),
    AcceptanceRequired: record.acceptanceRequired,
    ManagesVpcEndpoints: false,
    NetworkLoadBalancerArns: [...record.networkLoadBalancerArns],
    SupportedIpAddressTypes: ['ipv4'],
    BaseEndpointDnsNames: [`${record.id}.${ctx.region}.vpce.amazonaws.com`],
    ...(record.privateDnsName ? { PrivateDnsName: record.privateDnsName, PrivateDnsNameConfiguration: { State: 'pendingVerification', Type: 'TXT', Name: `_${record.id.slice('vpce-svc-'.length)}`, Value: `vpce:${record.id.slice('vpce-svc-'.length)}` } } : {}),
    PayerResponsibility: 'ServiceOwner',
    Tags: tagList(record.tags),
  };
}

/** Every NLB ARN must name an `active` network load balancer of this account and region. */
function requireActiveNlbs(ctx: HandlerContext, arns: readonly string[]): void {
  const all = loadBalancers(ctx);
  for (const arn of arns) {
    const lb = all[arn];
    if (!lb || !ctx.isVisible(lb)) throw ctx.error('InvalidParameter', `The load balancer ARN '${arn}' does not exist`);
    if (loadBalancerState(ctx, lb) !== 'active') throw ctx.error('InvalidParameter', `The load balancer '${arn}' is not in the active state`);
  }
}

const PRINCIPAL = /^(\*|arn:aws:iam::\d{12}:(root|role\/.+|user\/.+))$/;

function principalType(principal: string): AllowedPrincipal['PrincipalType'] {
  if (principal === '*') return 'All';
  if (principal.endsWith(':root')) return 'Account';
  return principal.includes(':role/') ? 'Role' : 'User';
}

/** The connection's state as the consumer and provider see it now. */
export function connectionState(connection: ConnectionRecord): ConnectionState {
  return connection.state;
}

/** May the caller connect to `record` of `account`: the owner, `*`, its account root ARN, or its assumed role's ARN. */
function mayConnect(ctx: HandlerContext, account: string, record: EndpointServiceRecord): boolean {
  const principals = Object.keys(record.allowedPrincipals);
  const identity = ctx.identity;
  return (
    account === ctx.account ||
    principals.includes('*') ||
    principals.includes(`arn:aws:iam::${ctx.account}:root`) ||
    (identity.kind === 'assumed' && principals.some((p) => p.startsWith(`arn:aws:iam::${ctx.account}:role/`) && p.endsWith(`/${identity.roleName}`)))
  );
}

/** Every Available endpoint service in `ctx.region`, of any account, that the caller may connect to. */
export function endpointServicesForConsumer(ctx: HandlerContext): { account: string; record: EndpointServiceRecord }[] {
  const state: SimState = ctx.state;
  const found: { account: string; record: EndpointServiceRecord }[] = [];
  for (const account of Object.keys(state.accounts)) {
    const collection = state.accounts[account]?.[ctx.region]?.services.ec2?.vpcEndpointServices as Record<string, EndpointServiceRecord> | undefined;
    for (const record of Object.values(collection ?? {})) {
      if (ctx.isVisible(record) && serviceState(ctx, record) === 'Available' && mayConnect(ctx, account, record)) found.push({ account, record });
    }
  }
  return found;
}

/** The endpoint service named `serviceName`, if the caller may connect to it (see {@link endpointServicesForConsumer}). */
export function findEndpointServiceForConsumer(ctx: HandlerContext, serviceName: string): { account: string; record: EndpointServiceRecord } | undefined {
  return endpointServicesForConsumer(ctx).find((s) => s.record.serviceName === serviceName);
}

/** Records the provider side of a new interface endpoint; returns its DNS entries. */
export function openConnection(ctx: HandlerContext, provider: { account: string; record: EndpointServiceRecord }, endpointId: string, zones: readonly string[]): ConnectionRecord {
  const service = provider.record;
  const suffix = `${service.id}.${ctx.region}.vpce.amazonaws.com`;
  const base = `${endpointId}-${ctx.randomHex(8)}`;
  const zone = vpceHostedZone(ctx.region);
  const dnsEntries: DnsEntry[] = [
    { DnsName: `${base}.${suffix}`, HostedZoneId: zone },
    ...zones.map((az) => ({ DnsName: `${base}-${az}.${suffix}`, HostedZoneId: zone })),
  ];
  const record: ConnectionRecord = {
    id: endpointId,
    createdAt: ctx.now,
    tags: {},
    serviceId: service.id,
    connectionId: ctx.newId('vpce-con'),
    endpointOwner: ctx.account,
    state: service.acceptanceRequired ? 'pendingAcceptance' : 'available',
    ...(service.acceptanceRequired ? {} : { acceptedAt: ctx.now }),
    dnsEntries,
  };
  connections(ctx, provider.account)[endpointId] = record;
  return record;
}

function toConnection(ctx: HandlerContext, record: ConnectionRecord): VpcEndpointConnection {
  const service = endpointServices(ctx)[record.serviceId];
  return {
    ServiceId: record.serviceId,
    VpcEndpointId: record.id,
    VpcEndpointOwner: record.endpointOwner,
    VpcEndpointState: connectionState(record) as State,
    CreationTimestamp: new Date(record.createdAt),
    DnsEntries: record.dnsEntries.map((d) => ({ ...d })),
    NetworkLoadBalancerArns: service ? [...service.networkLoadBalancerArns] : [],
    IpAddressType: 'ipv4',
    VpcEndpointConnectionId: record.connectionId,
    VpcEndpointRegion: ctx.region,
  };
}

const serviceFilters = (ctx: HandlerContext): FilterAttributes<EndpointServiceRecord> => ({
  'service-name': (r) => r.serviceName,
  'service-id': (r) => r.id,
  'service-state': (r) => serviceState(ctx, r),
  'supported-ip-address-types': () => 'ipv4',
});

const connectionFilters: FilterAttributes<ConnectionRecord> = {
  'service-id': (r) => r.serviceId,
  'vpc-endpoint-owner': (r) => r.endpointOwner,
  'vpc-endpoint-state': (r) => connectionState(r),
  'vpc-endpoint-id': (r) => r.id,
};

type PermissionRow = ResourceRecord & { principal: string };

const permissionFilters: FilterAttributes<PermissionRow> = {
  principal: (r) => r.principal,
  'principal-type': (r) => principalType(r.principal),
};

function decideConnections(ctx: HandlerContext, serviceId: string | undefined, endpointIds: readonly string[] | undefined, accept: boolean): UnsuccessfulItem[] {
  const service = requireService(ctx, serviceId);
  const all = connections(ctx);
  const unsuccessful: UnsuccessfulItem[] = [];
  for (const id of endpointIds ?? []) {
    const connection = all[id];
    if (!connection || connection.serviceId !== service.id) {
      unsuccessful.push({ ResourceId: id, Error: { Code: 'InvalidVpcEndpoint.NotFound', Message: `The VPC endpoint '${id}' does not exist` } });
      continue;
    }
    const state = connectionState(connection);
    const allowedFrom: ConnectionState[] = accept ? ['pendingAcceptance'] : ['pendingAcceptance', 'available'];
    if (!allowedFrom.includes(state)) {
      unsuccessful.push({ ResourceId: id, Error: { Code: 'InvalidState', Message: `The VPC endpoint '${id}' is in state ${state}` } });
      continue;
    }
    connection.state = accept ? 'available' : 'rejected';
    if (accept) connection.acceptedAt = ctx.now;
  }
  return unsuccessful;
}

export const vpcEndpointServiceModule: SimModule = {
  name: 'ec2/vpc-endpoint-service',
  taggable: [{ prefix: 'vpce-svc-', service: 'ec2', collection: 'vpcEndpointServices', notFoundCode: 'InvalidVpcEndpointServiceId.NotFound' }],
  dependents: {
    // DeleteLoadBalancer: an NLB serving an endpoint service is ResourceInUse until the service is gone.
    [LOAD_BALANCER_KIND]: (ctx, arn) =>
      Object.values(endpointServices(ctx))
        .filter((s) => s.deletedAt === undefined && s.networkLoadBalancerArns.includes(arn))
        .map((s) => s.id),
  },
  taggedResources: (ctx): TaggedResource[] =>
    Object.values(endpointServices(ctx))
      .filter((r) => r.deletedAt === undefined && Object.keys(r.tags).length > 0)
      .map((r) => ({ arn: `arn:aws:ec2:${ctx.region}:${ctx.account}:vpc-endpoint-service/${r.id}`, resourceType: 'ec2:vpc-endpoint-service', tags: r.tags, createdAt: r.createdAt })),
  handlers: {
    'EC2:CreateVpcEndpointServiceConfiguration': defineHandler<CreateVpcEndpointServiceConfigurationCommandInput, CreateVpcEndpointServiceConfigurationCommandOutput>((ctx, input) =>
      withClientToken(ctx, input.ClientToken, { ...input }, () => {
        const arns = [...new Set(input.NetworkLoadBalancerArns ?? [])];
        if ((input.GatewayLoadBalancerArns ?? []).length > 0) throw ctx.error('InvalidParameter', 'Gateway load balancer endpoint services are not simulated');
        if (arns.length === 0) throw ctx.error('InvalidParameter', 'The request must contain NetworkLoadBalancerArns');
        requireActiveNlbs(ctx, arns);
        const tags = tagsFromSpecifications(ctx, input.TagSpecifications, 'vpc-endpoint-service');
        const id = ctx.newId('vpce-svc');
        const record: EndpointServiceRecord = {
          id,
          createdAt: ctx.now,
          tags,
          serviceName: `com.amazonaws.vpce.${ctx.region}.${id}`,
          acceptanceRequired: input.AcceptanceRequired ?? true,
          networkLoadBalancerArns: arns,
          ...(input.PrivateDnsName ? { privateDnsName: input.PrivateDnsName } : {}),
          allowedPrincipals: {},
        };
        endpointServices(ctx)[id] = record;
        return { ServiceConfiguration: { ...toConfiguration(ctx, record), ServiceState: 'Pending' }, ClientToken: input.ClientToken };
      }),
    ),

    'EC2:DescribeVpcEndpointServiceConfigurations': defineHandler<DescribeVpcEndpointServiceConfigurationsCommandInput, DescribeVpcEndpointServiceConfigurationsCommandOutput>((ctx, input) => {
      const all = endpointServices(ctx);
      const ids = input.ServiceIds ?? [];
      const missing = ids.filter((id) => !all[id] || !ctx.isVisible(all[id]));
      if (missing.length > 0) throw serviceNotFound(ctx, missing);
      const candidates = ids.length > 0 ? [...new Set(ids)].map((id) => all[id]!) : Object.values(all).filter((r) => ctx.isVisible(r));
      const filtered = applyFilters(ctx, candidates, input.Filters, serviceFilters(ctx));
      const { page, nextToken } = paginate(ctx, filtered, input, { minResults: 5, maxResults: 1000, idsGiven: ids.length > 0 });
      return { ServiceConfigurations: page.map((r) => toConfiguration(ctx, r)), NextToken: nextToken };
    }),

    'EC2:ModifyVpcEndpointServiceConfiguration': defineHandler<ModifyVpcEndpointServiceConfigurationCommandInput, ModifyVpcEndpointServiceConfigurationCommandOutput>((ctx, input) => {
      const record = requireService(ctx, input.ServiceId);
      const add = input.AddNetworkLoadBalancerArns ?? [];
      requireActiveNlbs(ctx, add);
      const arns = [...new Set([...record.networkLoadBalancerArns.filter((a) => !(input.RemoveNetworkLoadBalancerArns ?? []).includes(a)), ...add])];
      if (arns.length === 0) throw ctx.error('InvalidParameter', 'An endpoint service must keep at least one network load balancer');
      record.networkLoadBalancerArns = arns;
      if (input.AcceptanceRequired !== undefined) record.acceptanceRequired = input.AcceptanceRequired;
      if (input.RemovePrivateDnsName) delete record.privateDnsName;
      else if (input.PrivateDnsName) record.privateDnsName = input.PrivateDnsName;
      return { Return: true };
    }),

    'EC2:DeleteVpcEndpointServiceConfigurations': defineHandler<DeleteVpcEndpointServiceConfigurationsCommandInput, DeleteVpcEndpointServiceConfigurationsCommandOutput>((ctx, input) => {
      const ids = input.ServiceIds ?? [];
      if (ids.length === 0) throw ctx.error('MissingParameter', 'The request must contain the parameter ServiceIds');
      const all = endpointServices(ctx);
      const unsuccessful: UnsuccessfulItem[] = [];
      for (const id of ids) {
        const record = all[id];
        if (!record || !ctx.isVisible(record) || record.deletedAt !== undefined) {
          unsuccessful.push({ ResourceId: id, Error: { Code: 'InvalidVpcEndpointService.NotFound', Message: `The VpcEndpointService Id '${id}' does not exist` } });
          continue;
        }
        const live = Object.values(connections(ctx)).some((c) => c.serviceId === id && ['available', 'pendingAcceptance'].includes(connectionState(c)));
        if (live) {
          unsuccessful.push({ ResourceId: id, Error: { Code: 'ExistingVpcEndpointConnections', Message: `Service has existing active VPC Endpoint connections!` } });
          continue;
        }
        record.deletedAt = ctx.now;
      }
      return { Unsuccessful: unsuccessful };
    }),

    'EC2:DescribeVpcEndpointServicePermissions': defineHandler<DescribeVpcEndpointServicePermissionsCommandInput, DescribeVpcEndpointServicePermissionsCommandOutput>((ctx, input) => {
      const record = requireService(ctx, input.ServiceId);
      const rows: PermissionRow[] = Object.entries(record.allowedPrincipals).map(([principal, id]) => ({ id, createdAt: 0, tags: {}, principal }));
      const filtered = applyFilters(ctx, rows, input.Filters, permissionFilters);
      const { page, nextToken } = paginate(ctx, filtered, input, { minResults: 5, maxResults: 1000, idsGiven: false });
      return {
        AllowedPrincipals: page.map((r) => ({ PrincipalType: principalType(r.principal), Principal: r.principal, ServicePermissionId: r.id, ServiceId: record.id })),
        NextToken: nextToken,
      };
    }),

    'EC2:ModifyVpcEndpointServicePermissions': defineHandler<ModifyVpcEndpointServicePermissionsCommandInput, ModifyVpcEndpointServicePermissionsCommandOutput>((ctx, input) => {
      const record = requireService(ctx, input.ServiceId);
      for (const principal of [...(input.AddAllowedPrincipals ?? []), ...(input.RemoveAllowedPrincipals ?? [])]) {
        if (!PRINCIPAL.test(principal)) throw ctx.error('InvalidPrincipal', `Invalid principal ${principal}`);
      }
      const added: AllowedPrincipal[] = [];
      for (const principal of input.AddAllowedPrincipals ?? []) {
        const id = (record.allowedPrincipals[principal] ??= ctx.newId('vpce-svc-perm'));
        added.push({ PrincipalType: principalType(principal), Principal: principal, ServicePermissionId: id, ServiceId: record.id });
      }
      for (const principal of input.RemoveAllowedPrincipals ?? []) delete record.allowedPrincipals[principal];
      return { AddedPrincipals: added, ReturnValue: true };
    }),

    'EC2:DescribeVpcEndpointConnections': defineHandler<DescribeVpcEndpointConnectionsCommandInput, DescribeVpcEndpointConnectionsCommandOutput>((ctx, input) => {
      const filtered = applyFilters(ctx, Object.values(connections(ctx)), input.Filters, connectionFilters);
      const { page, nextToken } = paginate(ctx, filtered, input, { minResults: 5, maxResults: 1000, idsGiven: false });
      return { VpcEndpointConnections: page.map((r) => toConnection(ctx, r)), NextToken: nextToken };
    }),

    'EC2:AcceptVpcEndpointConnections': defineHandler<AcceptVpcEndpointConnectionsCommandInput, AcceptVpcEndpointConnectionsCommandOutput>((ctx, input) => ({
      Unsuccessful: decideConnections(ctx, input.ServiceId, input.VpcEndpointIds, true),
    })),

    'EC2:RejectVpcEndpointConnections': defineHandler<RejectVpcEndpointConnectionsCommandInput, RejectVpcEndpointConnectionsCommandOutput>((ctx, input) => ({
      Unsuccessful: decideConnections(ctx, input.ServiceId, input.VpcEndpointIds, false),
    })),
  },
};
