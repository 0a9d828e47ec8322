/**
 * Route tables: CreateRouteTable, DescribeRouteTables, DeleteRouteTable, CreateRoute, ReplaceRoute,
 * DeleteRoute, AssociateRouteTable, DisassociateRouteTable, ReplaceRouteTableAssociation, and the main
 * route table every VPC has.
 *
 * References:
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRouteTable.html (ClientToken,
 *   TagSpecifications with ResourceType `route-table`)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRouteTables.html (filters; MaxResults 5–100)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteRouteTable.html ("You must disassociate
 *   the route table from any subnets before you can delete it. You can't delete the main route table.")
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRoute.html (`RouteAlreadyExists`;
 *   exactly one target)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceRoute.html — for a destination with
 *   no route AWS answers `InvalidParameterValue` ("There is no route defined for '…' in the route table.
 *   Use CreateRoute instead."), not `InvalidRoute.NotFound`; verified against AWS by moto (getmoto/moto#6425)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteRoute.html (`InvalidRoute.NotFound`)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateRouteTable.html
 *   (`Resource.AlreadyAssociated` when the subnet already has an explicit association)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisassociateRouteTable.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceRouteTableAssociation.html
 * - Main route table, `local` route, blackhole routes: https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
 *
 * The main route table is created with its VPC (`onCreate` of `ec2:vpc`: the `local` route, created
 * "at" the VPC's creation time so it shares the VPC's visibility; the default VPC's also routes
 * 0.0.0.0/0 to its internet gateway, added by `initRegion` once that gateway exists) and deleted with it
 * (`onDelete`: "When you delete the VPC, it deletes the default security group, network ACL, and route
 * table for the VPC", API_DeleteVpc). DeleteSubnet is not blocked by an explicit association: AWS
 * removes it, here `onDelete` of `ec2:subnet`. So `routeTables` is a plain collection access, not a
 * pass over every VPC, subnet and table per call (issue 11). A saved state from before (`sim:<file>`)
 * may lack main route tables or hold stale ones: the first access of a region's route tables in a
 * Simulation repairs it once (`repairOnce`).
 *
 * A route's state is computed on read: a route to a NAT gateway that is no longer pending/available, or
 * to an internet gateway that is deleted or not attached to the table's VPC, is a `blackhole`; it stays
 * until replaced or deleted, as in AWS.
 *
 * For other modules (gateway VPC endpoints): a route table's `routes` may hold routes they own, e.g.
 * `{ destinationPrefixListId: 'pl-…', gatewayId: 'vpce-…', origin: 'CreateRoute' }`, added with
 * `requireRouteTable(ctx, id).routes.push(…)` and removed the same way. Routes whose `gatewayId` starts with
 * `vpce-` are always `active` here and cannot be created, replaced or deleted through CreateRoute,
 * ReplaceRoute or DeleteRoute (AWS: "… is not a valid target" / managed by the endpoint).
 */
import type {
  AssociateRouteTableCommandInput,
  AssociateRouteTableCommandOutput,
  CreateRouteCommandInput,
  CreateRouteCommandOutput,
  CreateRouteTableCommandInput,
  CreateRouteTableCommandOutput,
  DeleteRouteCommandInput,
  DeleteRouteCommandOutput,
  DeleteRouteTableCommandInput,
  DeleteRouteTableCommandOutput,
  DescribeRouteTablesCommandInput,
  DescribeRouteTablesCommandOutput,
  DisassociateRouteTableCommandInput,
  DisassociateRouteTableCommandOutput,
  ReplaceRouteCommandInput,
  ReplaceRouteCommandOutput,
  ReplaceRouteTableAssociationCommandInput,
  ReplaceRouteTableAssociationCommandOutput,
  Route,
  RouteState,
  RouteTable,
} from '@aws-sdk/client-ec2';
import { parseCidr } from '../cidr.js';
import { withClientToken } from '../client-token.js';
import { NotImplementedInSimulation } from '../errors.js';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import type { ResourceRecord } from '../state.js';
import { applyFilters, exactFilterValues, paginate, requireVisible, type FilterAttributes } from './filters.js';
import { internetGateways } from './internet-gateway.js';
import { isNatGatewayUsable, natGateways } from './nat-gateway.js';
import { requireSubnet, SUBNET_KIND, subnets } from './subnet.js';
import { tagList, tagsFromSpecifications } from './tags.js';
import { requireVpc, VPC_KIND, vpcs, type VpcRecord } from './vpc.js';

export interface RouteRecord {
  /** Exactly one destination. */
  destinationCidrBlock?: string;
  /** Gateway VPC endpoint routes (`pl-…`), written by the VPC endpoint module. */
  destinationPrefixListId?: string;
  /** Exactly one target: `local`, `igw-…`, `vpce-…` … */
  gatewayId?: string;
  /** … or `nat-…`. */
  natGatewayId?: string;
  origin: 'CreateRouteTable' | 'CreateRoute';
}

export interface RouteTableAssociationRecord {
  /** `rtbassoc-…` */
  id: string;
  /** The main association has no subnet. */
  subnetId?: string;
  main: boolean;
}

export interface RouteTableRecord extends ResourceRecord {
  vpcId: string;
  routes: RouteRecord[];
  associations: RouteTableAssociationRecord[];
}

export const ROUTE_TABLE_KIND = 'ec2:route-table';

function rawRouteTables(ctx: HandlerContext): Record<string, RouteTableRecord> {
  return ctx.collection<RouteTableRecord>('ec2', 'routeTables');
}

const isMain = (table: RouteTableRecord) => table.associations.some((a) => a.main);

/** The region's route tables: the collection, repaired once per Simulation if saved by an older one. */
export function routeTables(ctx: HandlerContext): Record<string, RouteTableRecord> {
  const tables = rawRouteTables(ctx);
  if (!repaired.has(tables)) {
    repaired.add(tables);
    repairOnce(ctx, tables);
  }
  return tables;
}

/** Route table collections already repaired (by identity: a loaded state has new objects). */
const repaired = new WeakSet<object>();

/**
 * State saved before main route tables were created with their VPC: gives each VPC without one its
 * main route table, drops tables of deleted VPCs (only a main one can outlive its VPC) and associations
 * of deleted subnets. A no-op on state this version wrote; one pass, not one per call.
 */
function repairOnce(ctx: HandlerContext, tables: Record<string, RouteTableRecord>): void {
  const allVpcs = vpcs(ctx);
  const allSubnets = subnets(ctx);
  const withMain = new Set<string>();
  for (const table of Object.values(tables)) {
    if (!allVpcs[table.vpcId]) {
      delete tables[table.id];
      continue;
    }
    if (table.associations.some((a) => a.subnetId !== undefined && !allSubnets[a.subnetId])) {
      table.associations = table.associations.filter((a) => a.subnetId === undefined || allSubnets[a.subnetId] !== undefined);
    }
    if (isMain(table)) withMain.add(table.vpcId);
  }
  for (const vpc of Object.values(allVpcs)) {
    if (withMain.has(vpc.id)) continue;
    const table = createMainRouteTable(ctx, vpc);
    if (vpc.isDefault) addDefaultVpcInternetRoute(ctx, table);
  }
}

/**
 * Subnet → the table it is explicitly associated with, per route table collection (by identity): built
 * by one pass on first use, kept by the handlers that add, move or drop a subnet's association, so
 * AssociateRouteTable and an `association.subnet-id` DescribeRouteTables do not scan every table.
 */
const subnetIndexes = new WeakMap<object, Map<string, string>>();

function subnetIndex(ctx: HandlerContext): Map<string, string> {
  const tables = routeTables(ctx);
  let index = subnetIndexes.get(tables);
  if (!index) {
    index = new Map();
    for (const table of Object.values(tables)) for (const a of table.associations) if (a.subnetId !== undefined) index.set(a.subnetId, table.id);
    subnetIndexes.set(tables, index);
  }
  return index;
}

/** The table `subnetId` is explicitly associated with, if any. */
function tableOfSubnet(ctx: HandlerContext, subnetId: string): RouteTableRecord | undefined {
  const tableId = subnetIndex(ctx).get(subnetId);
  return tableId === undefined ? undefined : routeTables(ctx)[tableId];
}

/** A VPC's main route table with its `local` route, visible with the VPC. */
function createMainRouteTable(ctx: HandlerContext, vpc: VpcRecord): RouteTableRecord {
  const id = ctx.newId('rtb');
  const routes: RouteRecord[] = [{ destinationCidrBlock: vpc.cidrBlock, gatewayId: 'local', origin: 'CreateRouteTable' }];
  const table: RouteTableRecord = { id, createdAt: vpc.createdAt, tags: {}, vpcId: vpc.id, routes, associations: [{ id: ctx.newId('rtbassoc'), main: true }] };
  rawRouteTables(ctx)[id] = table;
  return table;
}

/** The default VPC's main route table sends 0.0.0.0/0 to its internet gateway (default-vpc.html). */
function addDefaultVpcInternetRoute(ctx: HandlerContext, table: RouteTableRecord): void {
  const gateway = Object.values(internetGateways(ctx)).find((g) => g.vpcId === table.vpcId);
  if (gateway) table.routes.push({ destinationCidrBlock: '0.0.0.0/0', gatewayId: gateway.id, origin: 'CreateRouteTable' });
}

function routeTableNotFound(ctx: HandlerContext, ids: readonly string[]): Error {
  return ctx.error(
    'InvalidRouteTableID.NotFound',
    ids.length === 1 ? `The routeTable ID '${ids[0]}' does not exist` : `The routeTable IDs '${ids.join(', ')}' do not exist`,
  );
}

export function requireRouteTable(ctx: HandlerContext, id: string | undefined): RouteTableRecord {
  if (!id) throw ctx.error('MissingParameter', 'The request must contain the parameter routeTableId');
  const [table] = requireVisible(ctx, routeTables(ctx), [id], (missing) => routeTableNotFound(ctx, missing));
  return table!;
}

function routeState(ctx: HandlerContext, table: RouteTableRecord, route: RouteRecord): RouteState {
  if (route.natGatewayId) return isNatGatewayUsable(ctx, route.natGatewayId) ? 'active' : 'blackhole';
  if (route.gatewayId?.startsWith('igw-')) {
    return internetGateways(ctx)[route.gatewayId]?.vpcId === table.vpcId ? 'active' : 'blackhole';
  }
  return 'active'; // local, and vpce- routes (owned by their endpoint)
}

function destinationOf(route: { destinationCidrBlock?: string; destinationPrefixListId?: string }): string {
  return route.destinationCidrBlock ?? route.destinationPrefixListId ?? '';
}

function toRoute(ctx: HandlerContext, table: RouteTableRecord, route: RouteRecord): Route {
  return {
    ...(route.destinationCidrBlock !== undefined ? { DestinationCidrBlock: route.destinationCidrBlock } : {}),
    ...(route.destinationPrefixListId !== undefined ? { DestinationPrefixListId: route.destinationPrefixListId } : {}),
    ...(route.gatewayId !== undefined ? { GatewayId: route.gatewayId } : {}),
    ...(route.natGatewayId !== undefined ? { NatGatewayId: route.natGatewayId } : {}),
    Origin: route.origin,
    State: routeState(ctx, table, route),
  };
}

function toRouteTable(ctx: HandlerContext, table: RouteTableRecord): RouteTable {
  return {
    RouteTableId: table.id,
    VpcId: table.vpcId,
    OwnerId: ctx.account,
    Routes: table.routes.map((route) => toRoute(ctx, table, route)),
    Associations: table.associations.map((a) => ({
      Main: a.main,
      RouteTableAssociationId: a.id,
      RouteTableId: table.id,
      ...(a.subnetId ? { SubnetId: a.subnetId } : {}),
      AssociationState: { State: 'associated' },
    })),
    PropagatingVgws: [],
    Tags: tagList(table.tags),
  };
}

const routeTableFilters = (ctx: HandlerContext): FilterAttributes<RouteTableRecord> => ({
  'route-table-id': (r) => r.id,
  'vpc-id': (r) => r.vpcId,
  'owner-id': () => ctx.account,
  // "Route tables that do not have an association ID are not returned in the response."
  'association.main': (r) => r.associations.map((a) => String(a.main)),
  'association.subnet-id': (r) => r.associations.map((a) => a.subnetId),
  'association.route-table-association-id': (r) => r.associations.map((a) => a.id),
  'association.route-table-id': (r) => (r.associations.length > 0 ? r.id : undefined),
  'association.association-state': (r) => r.associations.map(() => 'associated'),
  'route.destination-cidr-block': (r) => r.routes.map((route) => route.destinationCidrBlock),
  'route.destination-prefix-list-id': (r) => r.routes.map((route) => route.destinationPrefixListId),
  'route.gateway-id': (r) => r.routes.map((route) => route.gatewayId),
  'route.nat-gateway-id': (r) => r.routes.map((route) => route.natGatewayId),
  'route.origin': (r) => r.routes.map((route) => route.origin),
  'route.state': (r) => r.routes.map((route) => routeState(ctx, r, route)),
});

type RouteTargetInput = CreateRouteCommandInput | ReplaceRouteCommandInput;

const UNSUPPORTED_TARGETS = [
  'CarrierGatewayId',
  'CoreNetworkArn',
  'EgressOnlyInternetGatewayId',
  'InstanceId',
  'LocalGatewayId',
  'NetworkInterfaceId',
  'TransitGatewayId',
  'VpcEndpointId',
  'VpcPeeringConnectionId',
  'OdbNetworkArn',
  'DestinationIpv6CidrBlock',
] as const;

/** Validates the one target of CreateRoute/ReplaceRoute and returns it as route fields. */
function routeTarget(ctx: HandlerContext, table: RouteTableRecord, input: RouteTargetInput): Pick<RouteRecord, 'gatewayId' | 'natGatewayId'> {
  const unsupported = UNSUPPORTED_TARGETS.filter((name) => (input as unknown as Record<string, unknown>)[name] !== undefined);
  if (unsupported.length > 0) throw new NotImplementedInSimulation(ctx.service, `${ctx.operation}(${unsupported.join(', ')})`);
  const given = [input.GatewayId, input.NatGatewayId].filter((t) => t !== undefined);
  if (given.length !== 1) {
    throw ctx.error('InvalidParameterCombination', 'The request must contain exactly one of gatewayId, natGatewayId, … (route target)');
  }
  if (input.NatGatewayId !== undefined) {
    const nat = natGateways(ctx)[input.NatGatewayId];
    if (!nat || !ctx.isVisible(nat) || !isNatGatewayUsable(ctx, nat.id)) {
      throw ctx.error('InvalidNatGatewayID.NotFound', `The natGateway ID '${input.NatGatewayId}' does not exist`);
    }
    return { natGatewayId: nat.id };
  }
  const gatewayId = input.GatewayId!;
  if (gatewayId.startsWith('igw-')) {
    const gateway = internetGateways(ctx)[gatewayId];
    if (!gateway || !ctx.isVisible(gateway)) throw ctx.error('InvalidGatewayID.NotFound', `The gateway ID '${gatewayId}' does not exist`);
    if (gateway.vpcId !== table.vpcId) {
      throw ctx.error('InvalidParameterValue', `route table ${table.id} and network gateway ${gatewayId} belong to different networks`);
    }
    return { gatewayId };
  }
  if (gatewayId === 'local' || gatewayId.startsWith('vpce-')) {
    throw ctx.error('InvalidParameterValue', `The gateway ${gatewayId} is not a valid target for ${ctx.operation}`);
  }
  throw ctx.error('InvalidGatewayID.NotFound', `The gateway ID '${gatewayId}' does not exist`);
}

function destinationInput(ctx: HandlerContext, input: { DestinationCidrBlock?: string; DestinationPrefixListId?: string }): string {
  if (input.DestinationPrefixListId !== undefined) {
    throw new NotImplementedInSimulation(ctx.service, `${ctx.operation}(DestinationPrefixListId)`);
  }
  const cidr = input.DestinationCidrBlock;
  if (cidr === undefined) throw ctx.error('MissingParameter', 'The request must contain the parameter destinationCidrBlock');
  if (!parseCidr(cidr)) throw ctx.error('InvalidParameterValue', `Value (${cidr}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`);
  return cidr;
}

function findAssociation(ctx: HandlerContext, associationId: string | undefined): { table: RouteTableRecord; association: RouteTableAssociationRecord } {
  if (!associationId) throw ctx.error('MissingParameter', 'The request must contain the parameter associationId');
  for (const table of Object.values(routeTables(ctx))) {
    const association = table.associations.find((a) => a.id === associationId);
    if (association) return { table, association };
  }
  throw ctx.error('InvalidAssociationID.NotFound', `The association ID '${associationId}' does not exist`);
}

export const routeTableModule: SimModule = {
  name: 'ec2/route-table',
  taggable: [{ prefix: 'rtb-', service: 'ec2', collection: 'routeTables', notFoundCode: 'InvalidRouteTableID.NotFound' }],
  initRegion(ctx) {
    // After the internet gateway module's initRegion (registry order): the default VPC's gateway exists.
    const defaultVpc = Object.values(vpcs(ctx)).find((v) => v.isDefault);
    const main = defaultVpc && Object.values(rawRouteTables(ctx)).find((t) => t.vpcId === defaultVpc.id && isMain(t));
    if (main) addDefaultVpcInternetRoute(ctx, main);
  },
  onCreate: {
    [VPC_KIND]: (ctx, vpcId) => {
      createMainRouteTable(ctx, vpcs(ctx)[vpcId]!);
    },
  },
  onDelete: {
    [VPC_KIND]: (ctx, vpcId) => {
      // Only the main route table can be left: any other one blocks DeleteVpc (`dependents`).
      const tables = rawRouteTables(ctx);
      for (const table of Object.values(tables)) if (table.vpcId === vpcId) delete tables[table.id];
    },
    [SUBNET_KIND]: (ctx, subnetId) => {
      const table = tableOfSubnet(ctx, subnetId);
      if (table) table.associations = table.associations.filter((a) => a.subnetId !== subnetId);
      subnetIndex(ctx).delete(subnetId);
    },
  },
  dependents: {
    // Every route table but the main one blocks DeleteVpc (API_DeleteVpc: "delete or detach all …
    // route tables … before you can delete the VPC"); the main one goes with the VPC.
    [VPC_KIND]: (ctx, vpcId) =>
      Object.values(rawRouteTables(ctx))
        .filter((t) => t.vpcId === vpcId && !isMain(t))
        .map((t) => t.id),
  },
  handlers: {
    'EC2:CreateRouteTable': defineHandler<CreateRouteTableCommandInput, CreateRouteTableCommandOutput>((ctx, input) =>
      withClientToken(ctx, input.ClientToken, { ...input }, () => {
        const vpc = requireVpc(ctx, input.VpcId);
        const tags = tagsFromSpecifications(ctx, input.TagSpecifications, 'route-table');
        const tables = routeTables(ctx);
        const table: RouteTableRecord = {
          id: ctx.newId('rtb'),
          createdAt: ctx.now,
          tags,
          vpcId: vpc.id,
          routes: [{ destinationCidrBlock: vpc.cidrBlock, gatewayId: 'local', origin: 'CreateRouteTable' }],
          associations: [],
        };
        tables[table.id] = table;
        return { ClientToken: input.ClientToken, RouteTable: toRouteTable(ctx, table) };
      }),
    ),

    'EC2:DescribeRouteTables': defineHandler<DescribeRouteTablesCommandInput, DescribeRouteTablesCommandOutput>((ctx, input) => {
      const all = routeTables(ctx);
      const ids = input.RouteTableIds ?? [];
      // An `association.subnet-id` filter without wildcards (how callers find a subnet's table) narrows
      // the candidates by the index; applyFilters still checks every filter.
      const subnetIds = exactFilterValues(input.Filters, 'association.subnet-id');
      const scope = subnetIds
        ? [...new Set(subnetIds.flatMap((id) => tableOfSubnet(ctx, id) ?? []))]
        : Object.values(all);
      const candidates =
        ids.length > 0
          ? requireVisible(ctx, all, ids, (missing) => routeTableNotFound(ctx, missing))
          : scope.filter((r) => ctx.isVisible(r));
      const filtered = applyFilters(ctx, candidates, input.Filters, routeTableFilters(ctx));
      const { page, nextToken } = paginate(ctx, filtered, input, { minResults: 5, maxResults: 100, idsGiven: ids.length > 0 });
      return { RouteTables: page.map((r) => toRouteTable(ctx, r)), NextToken: nextToken };
    }),

    'EC2:DeleteRouteTable': defineHandler<DeleteRouteTableCommandInput, DeleteRouteTableCommandOutput>((ctx, input) => {
      const table = requireRouteTable(ctx, input.RouteTableId);
      if (table.associations.length > 0) {
        throw ctx.error('DependencyViolation', `The routeTable '${table.id}' has dependencies and cannot be deleted.`);
      }
      delete routeTables(ctx)[table.id];
      return {};
    }),

    'EC2:CreateRoute': defineHandler<CreateRouteCommandInput, CreateRouteCommandOutput>((ctx, input) => {
      const table = requireRouteTable(ctx, input.RouteTableId);
      const destination = destinationInput(ctx, input);
      const target = routeTarget(ctx, table, input);
      if (table.routes.some((route) => destinationOf(route) === destination)) {
        throw ctx.error('RouteAlreadyExists', `The route identified by ${destination} already exists.`);
      }
      table.routes.push({ destinationCidrBlock: destination, ...target, origin: 'CreateRoute' });
      return { Return: true };
    }),

    'EC2:ReplaceRoute': defineHandler<ReplaceRouteCommandInput, ReplaceRouteCommandOutput>((ctx, input) => {
      const table = requireRouteTable(ctx, input.RouteTableId);
      const destination = destinationInput(ctx, input);
      const index = table.routes.findIndex((route) => destinationOf(route) === destination);
      if (index < 0) {
        throw ctx.error('InvalidParameterValue', `There is no route defined for '${destination}' in the route table. Use CreateRoute instead.`);
      }
      const existing = table.routes[index]!;
      if (existing.gatewayId === 'local' || existing.gatewayId?.startsWith('vpce-')) {
        throw ctx.error('InvalidParameterValue', `The route identified by ${destination} cannot be replaced.`);
      }
      const target = routeTarget(ctx, table, input);
      table.routes[index] = { destinationCidrBlock: destination, ...target, origin: existing.origin };
      return {};
    }),

    'EC2:DeleteRoute': defineHandler<DeleteRouteCommandInput, DeleteRouteCommandOutput>((ctx, input) => {
      const table = requireRouteTable(ctx, input.RouteTableId);
      const destination = destinationInput(ctx, input);
      const index = table.routes.findIndex((route) => destinationOf(route) === destination);
      if (index < 0) {
        throw ctx.error('InvalidRoute.NotFound', `no route with destination-cidr-block ${destination} in route table ${table.id}`);
      }
      const existing = table.routes[index]!;
      if (existing.gatewayId === 'local' || existing.gatewayId?.startsWith('vpce-')) {
        throw ctx.error('InvalidParameterValue', `cannot remove the route identified by ${destination}`);
      }
      table.routes.splice(index, 1);
      return {};
    }),

    'EC2:AssociateRouteTable': defineHandler<AssociateRouteTableCommandInput, AssociateRouteTableCommandOutput>((ctx, input) => {
      if (input.GatewayId !== undefined || input.PublicIpv4Pool !== undefined) {
        throw new NotImplementedInSimulation(ctx.service, 'AssociateRouteTable(GatewayId, PublicIpv4Pool)');
      }
      const table = requireRouteTable(ctx, input.RouteTableId);
      const subnet = requireSubnet(ctx, input.SubnetId);
      if (subnet.vpcId !== table.vpcId) {
        throw ctx.error('InvalidParameterValue', `Route table ${table.id} and subnet ${subnet.id} belong to different networks`);
      }
      const existing = tableOfSubnet(ctx, subnet.id);
      if (existing) {
        throw ctx.error('Resource.AlreadyAssociated', `the specified association for route table ${existing.id} conflicts with an existing association`);
      }
      const association: RouteTableAssociationRecord = { id: ctx.newId('rtbassoc'), subnetId: subnet.id, main: false };
      table.associations.push(association);
      subnetIndex(ctx).set(subnet.id, table.id);
      return { AssociationId: association.id, AssociationState: { State: 'associated' } };
    }),

    'EC2:DisassociateRouteTable': defineHandler<DisassociateRouteTableCommandInput, DisassociateRouteTableCommandOutput>((ctx, input) => {
      const { table, association } = findAssociation(ctx, input.AssociationId);
      if (association.main) {
        throw ctx.error('InvalidParameterValue', `cannot disassociate the main route table association ${association.id}`);
      }
      table.associations = table.associations.filter((a) => a !== association);
      if (association.subnetId !== undefined) subnetIndex(ctx).delete(association.subnetId);
      return {};
    }),

    'EC2:ReplaceRouteTableAssociation': defineHandler<ReplaceRouteTableAssociationCommandInput, ReplaceRouteTableAssociationCommandOutput>(
      (ctx, input) => {
        const { table: from, association } = findAssociation(ctx, input.AssociationId);
        const to = requireRouteTable(ctx, input.RouteTableId);
        if (to.vpcId !== from.vpcId) {
          throw ctx.error('InvalidParameterValue', `Route table ${to.id} and the association ${association.id} belong to different networks`);
        }
        from.associations = from.associations.filter((a) => a !== association);
        // The main association moves too: the target becomes the VPC's main route table.
        const moved: RouteTableAssociationRecord = { ...association, id: ctx.newId('rtbassoc') };
        to.associations.push(moved);
        if (moved.subnetId !== undefined) subnetIndex(ctx).set(moved.subnetId, to.id);
        return { NewAssociationId: moved.id, AssociationState: { State: 'associated' } };
      },
    ),
  },
};

