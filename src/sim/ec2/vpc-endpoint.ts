/**
 * VPC endpoints to AWS services: CreateVpcEndpoint, DescribeVpcEndpoints, ModifyVpcEndpoint,
 * DeleteVpcEndpoints.
 *
 * References:
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html (ClientToken;
 *   gateway endpoints take RouteTableIds, interface endpoints SubnetIds — "You can specify only one
 *   subnet per Availability Zone" — and SecurityGroupIds, the VPC's default group when omitted;
 *   PrivateDnsEnabled "Default: true" for interface endpoints to AWS services)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpoints.html (filters
 *   `service-name`, `vpc-id`, `vpc-endpoint-id`, `vpc-endpoint-state`, `vpc-endpoint-type`, `tag:<key>`)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcEndpoint.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpcEndpoints.html ("When you
 *   delete a gateway endpoint, we delete the endpoint routes in the route tables"; unknown IDs are
 *   reported in `Unsuccessful` with `InvalidVpcEndpoint.NotFound`, not thrown)
 * - Gateway endpoint routes: https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
 *   (destination = the service's prefix list, target = the endpoint ID)
 * - Private DNS: AWS answers `InvalidParameter` "Enabling private DNS requires both enableDnsSupport and
 *   enableDnsHostnames VPC attributes set to true for vpc-…"
 *
 * States: an interface endpoint is `pending` for `asyncDelayMs` after its create, then `available`; a
 * gateway endpoint is `available` at once. DeleteVpcEndpoints makes it `deleting` for `asyncDelayMs`,
 * then `deleted`; a deleted endpoint stays visible for {@link DELETED_VISIBLE_MS} and then vanishes. An
 * interface endpoint blocks deleting its subnets and security groups until it is `deleted`; any
 * endpoint blocks deleting its VPC until then.
 *
 * Route tables belong to `route-table.ts`; this module adds and removes its own routes in their
 * `routes` (`{ destinationPrefixListId, gatewayId: 'vpce-…', origin: 'CreateRoute' }`), as that module
 * documents.
 */
import type {
  CreateVpcEndpointCommandInput,
  CreateVpcEndpointCommandOutput,
  DeleteVpcEndpointsCommandInput,
  DeleteVpcEndpointsCommandOutput,
  DescribeVpcEndpointsCommandInput,
  DescribeVpcEndpointsCommandOutput,
  DescribeVpcEndpointServicesCommandInput,
  DescribeVpcEndpointServicesCommandOutput,
  ServiceDetail,
  ModifyVpcEndpointCommandInput,
  ModifyVpcEndpointCommandOutput,
  State,
  UnsuccessfulItem,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { withClientToken } from '../client-token.js';
import { NotImplementedInSimulation } from '../errors.js';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import type { ResourceRecord } from '../state.js';
import { applyFilters, paginate, requireVisible, type FilterAttributes } from './filters.js';
import { GATEWAY_SERVICES, prefixListFor } from './prefix-list.js';
import { routeTables, type RouteTableRecord } from './route-table.js';
import { defaultSecurityGroupOf, requireSecurityGroups, SECURITY_GROUP_KIND } from './security-group.js';
import { SUBNET_KIND } from './subnet.js';
import { tagList, tagsFromSpecifications } from './tags.js';
import { connections, endpointServicesForConsumer, findEndpointServiceForConsumer, openConnection, type ConnectionRecord } from './vpc-endpoint-service.js';
import { availabilityZones } from './availability-zones.js';
import { VPC_KIND } from './vpc.js';
import { requireUsableSubnet, requireUsableVpc } from './shared-vpc.js';
import { asyncDelayFor } from '../options.js';

export const VPC_ENDPOINT_KIND = 'ec2:vpc-endpoint';
/** How long a `deleted` endpoint stays visible to DescribeVpcEndpoints. */
export const DELETED_VISIBLE_MS = 60_000;

/** AWS services with interface endpoints in every simulated region (a representative subset). */
export const INTERFACE_SERVICES = [
  's3',
  'dynamodb',
  'ecr.api',
  'ecr.dkr',
  'logs',
  'monitoring',
  'sts',
  'ssm',
  'ssmmessages',
  'ec2',
  'ec2messages',
  'ecs',
  'ecs-agent',
  'ecs-telemetry',
  'kms',
  'secretsmanager',
  'sqs',
  'sns',
  'elasticloadbalancing',
  'execute-api',
  'lambda',
] as const;

type EndpointType = 'Gateway' | 'Interface';

export interface VpcEndpointRecord extends ResourceRecord {
  vpcId: string;
  serviceName: string;
  type: EndpointType;
  routeTableIds: string[];
  subnetIds: string[];
  securityGroupIds: string[];
  privateDnsEnabled: boolean;
  policyDocument: string;
  /** For an interface endpoint to a PrivateLink endpoint service: where its connection record lives. */
  endpointService?: { account: string; serviceId: string };
  /** Epoch ms of the DeleteVpcEndpoints call. */
  deletedAt?: number;
}

export function vpcEndpoints(ctx: HandlerContext): Record<string, VpcEndpointRecord> {
  const all = ctx.collection<VpcEndpointRecord>('ec2', 'vpcEndpoints');
  const deleting = deletingEndpoints(all);
  for (const id of deleting) {
    const record = all[id];
    if (!record) deleting.delete(id);
    else if (ctx.now >= record.deletedAt! + asyncDelay(ctx) + DELETED_VISIBLE_MS) {
      delete all[id];
      deleting.delete(id);
    }
  }
  return all;
}

/**
 * IDs of endpoints with `deletedAt`, per collection (by identity): found by one pass on first use and
 * added to by DeleteVpcEndpoints, so the purge of deleted endpoints does not scan every endpoint per call.
 */
const deletingIndexes = new WeakMap<object, Set<string>>();

function deletingEndpoints(all: Record<string, VpcEndpointRecord>): Set<string> {
  let ids = deletingIndexes.get(all);
  if (!ids) {
    ids = new Set(Object.values(all).filter((r) => r.deletedAt !== undefined).map((r) => r.id));
    deletingIndexes.set(all, ids);
  }
  return ids;
}

function asyncDelay(ctx: HandlerContext): number {
  return asyncDelayFor(ctx.options, 'ec2:vpc-endpoint');
}

/**
 * The SDK's `State` enum is capitalized (`Available`), but EC2 answers DescribeVpcEndpoints in lower
 * case (`available`, `pending`, `deleting`, `deleted`), which the filter `vpc-endpoint-state` matches
 * too; the simulation answers like the service.
 */
type EndpointState = 'pending' | 'pendingAcceptance' | 'available' | 'rejected' | 'deleting' | 'deleted';

/** The provider-side connection of an endpoint to a PrivateLink endpoint service. */
function connectionOf(ctx: HandlerContext, record: VpcEndpointRecord): ConnectionRecord | undefined {
  return record.endpointService ? connections(ctx, record.endpointService.account)[record.id] : undefined;
}

/**
 * To an endpoint service: `pendingAcceptance` until the provider accepts (AcceptanceRequired), then
 * `pending` for `asyncDelayMs` after the acceptance, then `available`; `rejected` once rejected.
 */
export function endpointState(ctx: HandlerContext, record: VpcEndpointRecord): EndpointState {
  if (record.deletedAt !== undefined) return ctx.now >= record.deletedAt + asyncDelay(ctx) ? 'deleted' : 'deleting';
  if (record.type === 'Gateway') return 'available';
  const connection = connectionOf(ctx, record);
  if (connection) {
    if (connection.state === 'pendingAcceptance' || connection.state === 'rejected') return connection.state;
    return ctx.now >= (connection.acceptedAt ?? connection.createdAt) + asyncDelay(ctx) ? 'available' : 'pending';
  }
  return ctx.now >= record.createdAt + asyncDelay(ctx) ? 'available' : 'pending';
}

const isGone = (ctx: HandlerContext, record: VpcEndpointRecord) => endpointState(ctx, record) === 'deleted';

function endpointNotFound(ctx: HandlerContext, ids: readonly string[]): Error {
  return ctx.error('InvalidVpcEndpointId.NotFound', `The Vpc Endpoint Id '${ids.join(', ')}' does not exist`);
}

function serviceType(ctx: HandlerContext, serviceName: string): { gateway: boolean; interface: boolean } | undefined {
  const prefix = `com.amazonaws.${ctx.region}.`;
  if (!serviceName.startsWith(prefix)) return undefined;
  const service = serviceName.slice(prefix.length);
  const gateway = (GATEWAY_SERVICES as readonly string[]).includes(service);
  const iface = (INTERFACE_SERVICES as readonly string[]).includes(service);
  return gateway || iface ? { gateway, interface: iface } : undefined;
}

function requireRouteTables(ctx: HandlerContext, vpcId: string, ids: readonly string[]): RouteTableRecord[] {
  const tables = requireVisible(ctx, routeTables(ctx), ids, (missing) =>
    ctx.error('InvalidRouteTableID.NotFound', `The routeTable ID '${missing.join(', ')}' does not exist`),
  );
  const foreign = tables.find((table) => table.vpcId !== vpcId);
  if (foreign) throw ctx.error('InvalidParameter', `Route table ${foreign.id} does not belong to vpc ${vpcId}`);
  return tables;
}

function addGatewayRoutes(ctx: HandlerContext, endpoint: VpcEndpointRecord, tables: readonly RouteTableRecord[]): void {
  const prefixList = prefixListFor(ctx.region, endpoint.serviceName)!;
  const clash = tables.find((table) => table.routes.some((route) => route.destinationPrefixListId === prefixList.id));
  if (clash) {
    throw ctx.error('RouteAlreadyExists', `route table ${clash.id} already has a route with destination-prefix-list-id ${prefixList.id}`);
  }
  for (const table of tables) table.routes.push({ destinationPrefixListId: prefixList.id, gatewayId: endpoint.id, origin: 'CreateRoute' });
}

function removeGatewayRoutes(ctx: HandlerContext, endpoint: VpcEndpointRecord, tableIds: readonly string[]): void {
  for (const id of tableIds) {
    const table = routeTables(ctx)[id];
    if (table) table.routes = table.routes.filter((route) => route.gatewayId !== endpoint.id);
  }
}

/** Subnets of the VPC, at most one per availability zone (`DuplicateSubnetsInSameZone`). */
function requireEndpointSubnets(ctx: HandlerContext, vpcId: string, ids: readonly string[]): void {
  const zones = new Set<string>();
  for (const id of ids) {
    const subnet = requireUsableSubnet(ctx, id);
    if (subnet.vpcId !== vpcId) throw ctx.error('InvalidParameter', `The subnet ID '${id}' does not belong to vpc ${vpcId}`);
    if (zones.has(subnet.availabilityZone)) {
      throw ctx.error('DuplicateSubnetsInSameZone', `Found another VPC endpoint subnet in the availability zone of ${id}. VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.`);
    }
    zones.add(subnet.availabilityZone);
  }
}

function requireEndpointGroups(ctx: HandlerContext, vpcId: string, ids: readonly string[]): void {
  const foreign = requireSecurityGroups(ctx, ids).find((group) => group.vpcId !== vpcId);
  if (foreign) throw ctx.error('InvalidParameter', `Security group ${foreign.id} does not belong to vpc ${vpcId}`);
}

function requirePrivateDnsSupport(ctx: HandlerContext, vpcId: string): void {
  const vpc = requireUsableVpc(ctx, vpcId);
  if (!vpc.enableDnsSupport || !vpc.enableDnsHostnames) {
    throw ctx.error('InvalidParameter', `Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpcId}`);
  }
}

const FULL_ACCESS_POLICY = JSON.stringify({
  Version: '2008-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
});

/** `tables`: the scope's route tables, read once per Describe page rather than once per endpoint. */
function toEndpoint(ctx: HandlerContext, record: VpcEndpointRecord, tables: Readonly<Record<string, unknown>> = routeTables(ctx)): VpcEndpoint {
  return {
    VpcEndpointId: record.id,
    VpcEndpointType: record.type,
    VpcId: record.vpcId,
    ServiceName: record.serviceName,
    State: endpointState(ctx, record) as State,
    PolicyDocument: record.policyDocument,
    // A deleted route table is no longer associated (its routes went with it).
    RouteTableIds: record.routeTableIds.filter((id) => tables[id]),
    SubnetIds: [...record.subnetIds],
    Groups: record.securityGroupIds.map((GroupId) => ({ GroupId })),
    PrivateDnsEnabled: record.privateDnsEnabled,
    RequesterManaged: false,
    NetworkInterfaceIds: [],
    DnsEntries: (connectionOf(ctx, record)?.dnsEntries ?? []).map((entry) => ({ ...entry })),
    CreationTimestamp: new Date(record.createdAt),
    Tags: tagList(record.tags),
    OwnerId: ctx.account,
  };
}

const endpointFilters = (ctx: HandlerContext): FilterAttributes<VpcEndpointRecord> => ({
  'vpc-endpoint-id': (r) => r.id,
  'vpc-id': (r) => r.vpcId,
  'service-name': (r) => r.serviceName,
  'vpc-endpoint-state': (r) => endpointState(ctx, r),
  'vpc-endpoint-type': (r) => r.type,
});

/** Endpoints that are not `deleted` and use `id` in `field`. */
function liveUsing(ctx: HandlerContext, field: 'subnetIds' | 'securityGroupIds', id: string): string[] {
  return Object.values(vpcEndpoints(ctx))
    .filter((e) => !isGone(ctx, e) && e[field].includes(id))
    .map((e) => e.id);
}

export const vpcEndpointModule: SimModule = {
  name: 'ec2/vpc-endpoint',
  taggable: [{ prefix: 'vpce-', service: 'ec2', collection: 'vpcEndpoints', notFoundCode: 'InvalidVpcEndpointId.NotFound' }],
  dependents: {
    // Interface endpoints keep network interfaces in their subnets and use their security groups
    // until the delete has finished.
    [SUBNET_KIND]: (ctx, subnetId) => liveUsing(ctx, 'subnetIds', subnetId),
    [SECURITY_GROUP_KIND]: (ctx, groupId) => liveUsing(ctx, 'securityGroupIds', groupId),
    [VPC_KIND]: (ctx, vpcId) =>
      Object.values(vpcEndpoints(ctx))
        .filter((e) => e.vpcId === vpcId && !isGone(ctx, e))
        .map((e) => e.id),
  },
  handlers: {
    'EC2:CreateVpcEndpoint': defineHandler<CreateVpcEndpointCommandInput, CreateVpcEndpointCommandOutput>((ctx, input) =>
      withClientToken(ctx, input.ClientToken, { ...input }, () => {
        const vpc = requireUsableVpc(ctx, input.VpcId);
        if (!input.ServiceName) throw ctx.error('MissingParameter', 'The request must contain the parameter ServiceName');
        const type = input.VpcEndpointType ?? 'Gateway';
        if (type !== 'Gateway' && type !== 'Interface') {
          throw new NotImplementedInSimulation(ctx.service, `CreateVpcEndpoint(VpcEndpointType=${type})`);
        }
        // A PrivateLink endpoint service (`com.amazonaws.vpce.<region>.vpce-svc-…`), possibly of another account.
        const provider = input.ServiceName.startsWith(`com.amazonaws.vpce.${ctx.region}.`) ? findEndpointServiceForConsumer(ctx, input.ServiceName) : undefined;
        const supported = provider ? { gateway: false, interface: true } : serviceType(ctx, input.ServiceName);
        if (!supported) throw ctx.error('InvalidServiceName', `The Vpc Endpoint Service '${input.ServiceName}' does not exist`);
        if ((type === 'Gateway' && !supported.gateway) || (type === 'Interface' && !supported.interface)) {
          throw ctx.error('InvalidParameter', `The Vpc Endpoint Service '${input.ServiceName}' does not support endpoint type ${type}`);
        }
        const tags = tagsFromSpecifications(ctx, input.TagSpecifications, 'vpc-endpoint');
        const record: VpcEndpointRecord = {
          id: ctx.newId('vpce'),
          createdAt: ctx.now,
          tags,
          vpcId: vpc.id,
          serviceName: input.ServiceName,
          type,
          routeTableIds: [],
          subnetIds: [],
          securityGroupIds: [],
          privateDnsEnabled: false,
          policyDocument: input.PolicyDocument ?? FULL_ACCESS_POLICY,
        };
        if (type === 'Gateway') {
          if ((input.SubnetIds ?? []).length > 0 || (input.SecurityGroupIds ?? []).length > 0 || input.PrivateDnsEnabled) {
            throw ctx.error('InvalidParameter', 'Gateway endpoints take route tables, not subnets, security groups or private DNS');
          }
          const tableIds = [...new Set(input.RouteTableIds ?? [])];
          const tables = requireRouteTables(ctx, vpc.id, tableIds);
          addGatewayRoutes(ctx, record, tables);
          record.routeTableIds = tableIds;
        } else {
          if ((input.RouteTableIds ?? []).length > 0) throw ctx.error('InvalidParameter', 'Interface endpoints do not take route tables');
          const subnetIds = [...new Set(input.SubnetIds ?? [])];
          requireEndpointSubnets(ctx, vpc.id, subnetIds);
          const groupIds = [...new Set(input.SecurityGroupIds ?? [])];
          if (groupIds.length > 0) requireEndpointGroups(ctx, vpc.id, groupIds);
          else {
            // A participant in a shared VPC has no default group there: "Participants can't launch resources
            // using the default security group for the VPC because it belongs to the owner" (Amazon VPC User
            // Guide, "Share your VPC with other accounts", limitations).
            const fallback = defaultSecurityGroupOf(ctx, vpc.id);
            if (fallback === undefined) throw ctx.error('InvalidParameter', `The VPC ${vpc.id} is shared with this account: specify security groups this account owns`);
            groupIds.push(fallback.id);
          }
          // An endpoint service without a private DNS name cannot enable private DNS; the default follows it.
          const servicePrivateDns = provider ? provider.record.privateDnsName !== undefined : true;
          if (input.PrivateDnsEnabled && !servicePrivateDns) {
            throw ctx.error('InvalidParameter', `Private DNS can't be enabled because the service ${input.ServiceName} does not provide a private DNS name.`);
          }
          const privateDns = input.PrivateDnsEnabled ?? servicePrivateDns;
          if (privateDns) requirePrivateDnsSupport(ctx, vpc.id);
          Object.assign(record, { subnetIds, securityGroupIds: groupIds, privateDnsEnabled: privateDns });
          if (provider) {
            record.endpointService = { account: provider.account, serviceId: provider.record.id };
            const zones = subnetIds.map((id) => requireUsableSubnet(ctx, id).availabilityZone);
            openConnection(ctx, provider, record.id, zones);
          }
        }
        vpcEndpoints(ctx)[record.id] = record;
        return { VpcEndpoint: toEndpoint(ctx, record), ClientToken: input.ClientToken };
      }),
    ),

    'EC2:DescribeVpcEndpoints': defineHandler<DescribeVpcEndpointsCommandInput, DescribeVpcEndpointsCommandOutput>((ctx, input) => {
      const all = vpcEndpoints(ctx);
      const ids = input.VpcEndpointIds ?? [];
      const candidates = ids.length > 0 ? requireVisible(ctx, all, ids, (missing) => endpointNotFound(ctx, missing)) : Object.values(all).filter((r) => ctx.isVisible(r));
      const filtered = applyFilters(ctx, candidates, input.Filters, endpointFilters(ctx));
      const { page, nextToken } = paginate(ctx, filtered, input, { minResults: 5, maxResults: 1000, idsGiven: ids.length > 0 });
      const tables = routeTables(ctx);
      return { VpcEndpoints: page.map((r) => toEndpoint(ctx, r, tables)), NextToken: nextToken };
    }),

    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpointServices.html: the AWS
    // services of the region and the endpoint services the caller may connect to (its own and those
    // whose permissions allow it); ServiceNames must all exist (`InvalidServiceName`); filters
    // service-name, service-type, owner, tag:*; MaxResults 5–1000 (here also paginated without it).
    'EC2:DescribeVpcEndpointServices': defineHandler<DescribeVpcEndpointServicesCommandInput, DescribeVpcEndpointServicesCommandOutput>((ctx, input) => {
      type Row = ResourceRecord & { detail: ServiceDetail };
      const zones = availabilityZones(ctx.region);
      const rows: Row[] = [];
      for (const service of [...new Set<string>([...GATEWAY_SERVICES, ...INTERFACE_SERVICES])]) {
        const name = `com.amazonaws.${ctx.region}.${service}`;
        const types = [
          ...((GATEWAY_SERVICES as readonly string[]).includes(service) ? [{ ServiceType: 'Gateway' as const }] : []),
          ...((INTERFACE_SERVICES as readonly string[]).includes(service) ? [{ ServiceType: 'Interface' as const }] : []),
        ];
        rows.push({
          id: name,
          createdAt: 0,
          tags: {},
          detail: { ServiceName: name, ServiceId: `vpce-svc-${service}`, ServiceType: types, ServiceRegion: ctx.region, AvailabilityZones: zones, Owner: 'amazon', BaseEndpointDnsNames: [`${service}.${ctx.region}.amazonaws.com`], VpcEndpointPolicySupported: true, AcceptanceRequired: false, ManagesVpcEndpoints: false },
        });
      }
      for (const { account, record } of endpointServicesForConsumer(ctx)) {
        rows.push({
          id: record.serviceName,
          createdAt: record.createdAt,
          tags: account === ctx.account ? record.tags : {},
          detail: {
            ServiceName: record.serviceName,
            ServiceId: record.id,
            ServiceType: [{ ServiceType: 'Interface' }],
            ServiceRegion: ctx.region,
            AvailabilityZones: zones,
            Owner: account,
            BaseEndpointDnsNames: [`${record.id}.${ctx.region}.vpce.amazonaws.com`],
            ...(record.privateDnsName ? { PrivateDnsName: record.privateDnsName } : {}),
            VpcEndpointPolicySupported: false,
            AcceptanceRequired: record.acceptanceRequired,
            ManagesVpcEndpoints: false,
            SupportedIpAddressTypes: ['ipv4'],
            ...(account === ctx.account ? { Tags: tagList(record.tags) } : {}),
          },
        });
      }
      const names = input.ServiceNames ?? [];
      const missing = names.filter((n) => !rows.some((r) => r.id === n));
      if (missing.length > 0) throw ctx.error('InvalidServiceName', `The Vpc Endpoint Service '${missing.join(', ')}' does not exist`);
      const candidates = names.length > 0 ? rows.filter((r) => names.includes(r.id)) : rows;
      const filtered = applyFilters(ctx, candidates, input.Filters, {
        'service-name': (r) => r.detail.ServiceName,
        'service-type': (r) => (r.detail.ServiceType ?? []).map((t) => t.ServiceType),
        owner: (r) => r.detail.Owner,
        'service-region': (r) => r.detail.ServiceRegion,
        'supported-ip-address-types': () => 'ipv4',
      });
      const { page, nextToken } = paginate(ctx, filtered, input, { minResults: 5, maxResults: 1000, idsGiven: false });
      return { ServiceNames: page.map((r) => r.id), ServiceDetails: page.map((r) => r.detail), NextToken: nextToken };
    }),

    'EC2:ModifyVpcEndpoint': defineHandler<ModifyVpcEndpointCommandInput, ModifyVpcEndpointCommandOutput>((ctx, input) => {
      if (!input.VpcEndpointId) throw ctx.error('MissingParameter', 'The request must contain the parameter VpcEndpointId');
      const [endpoint] = requireVisible(ctx, vpcEndpoints(ctx), [input.VpcEndpointId], (missing) => endpointNotFound(ctx, missing));
      const record = endpoint!;
      if (isGone(ctx, record) || record.deletedAt !== undefined) throw endpointNotFound(ctx, [record.id]);
      const gatewayOnly = [input.AddRouteTableIds, input.RemoveRouteTableIds].some((ids) => (ids ?? []).length > 0);
      const interfaceOnly =
        [input.AddSubnetIds, input.RemoveSubnetIds, input.AddSecurityGroupIds, input.RemoveSecurityGroupIds].some((ids) => (ids ?? []).length > 0) ||
        input.PrivateDnsEnabled !== undefined;
      if ((record.type === 'Gateway' && interfaceOnly) || (record.type === 'Interface' && gatewayOnly)) {
        throw ctx.error('InvalidParameter', `The requested change does not apply to ${record.type} endpoint ${record.id}`);
      }
      // Validate everything before changing anything: a failed call changes nothing.
      const addTables = (input.AddRouteTableIds ?? []).filter((id) => !record.routeTableIds.includes(id));
      const tables = requireRouteTables(ctx, record.vpcId, addTables);
      const subnetIds = [...record.subnetIds.filter((id) => !(input.RemoveSubnetIds ?? []).includes(id)), ...(input.AddSubnetIds ?? [])];
      const uniqueSubnets = [...new Set(subnetIds)];
      requireEndpointSubnets(ctx, record.vpcId, uniqueSubnets);
      const groupIds = [...new Set([...record.securityGroupIds.filter((id) => !(input.RemoveSecurityGroupIds ?? []).includes(id)), ...(input.AddSecurityGroupIds ?? [])])];
      if ((input.AddSecurityGroupIds ?? []).length > 0) requireEndpointGroups(ctx, record.vpcId, input.AddSecurityGroupIds!);
      if (record.type === 'Interface' && groupIds.length === 0) {
        throw ctx.error('InvalidParameter', 'An interface endpoint must have at least one security group');
      }
      if (input.PrivateDnsEnabled) requirePrivateDnsSupport(ctx, record.vpcId);
      if (record.type === 'Gateway') {
        addGatewayRoutes(ctx, record, tables);
        const removed = (input.RemoveRouteTableIds ?? []).filter((id) => record.routeTableIds.includes(id));
        removeGatewayRoutes(ctx, record, removed);
        record.routeTableIds = [...record.routeTableIds.filter((id) => !removed.includes(id)), ...addTables];
      } else {
        record.subnetIds = uniqueSubnets;
        record.securityGroupIds = groupIds;
        if (input.PrivateDnsEnabled !== undefined) record.privateDnsEnabled = input.PrivateDnsEnabled;
      }
      if (input.ResetPolicy) record.policyDocument = FULL_ACCESS_POLICY;
      else if (input.PolicyDocument !== undefined) record.policyDocument = input.PolicyDocument;
      return { Return: true };
    }),

    'EC2:DeleteVpcEndpoints': defineHandler<DeleteVpcEndpointsCommandInput, DeleteVpcEndpointsCommandOutput>((ctx, input) => {
      const ids = input.VpcEndpointIds ?? [];
      if (ids.length === 0) throw ctx.error('MissingParameter', 'The request must contain the parameter VpcEndpointId');
      const all = vpcEndpoints(ctx);
      const unsuccessful: UnsuccessfulItem[] = [];
      for (const id of ids) {
        const record = all[id];
        if (!record || !ctx.isVisible(record) || record.deletedAt !== undefined) {
          // A second delete of a deleting or deleted endpoint is not an error; an unknown ID is reported.
          if (record?.deletedAt !== undefined) continue;
          unsuccessful.push({ ResourceId: id, Error: { Code: 'InvalidVpcEndpoint.NotFound', Message: `The VPC endpoint '${id}' does not exist` } });
          continue;
        }
        record.deletedAt = ctx.now;
        deletingEndpoints(all).add(record.id);
        removeGatewayRoutes(ctx, record, record.routeTableIds);
        // The provider sees the connection as `deleted`.
        const connection = connectionOf(ctx, record);
        if (connection) connection.state = 'deleted';
      }
      return { Unsuccessful: unsuccessful };
    }),
  },
};
