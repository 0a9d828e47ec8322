/**
 * Route tables, with their routes and subnet associations (sub-objects without tags of their own,
 * reconciled as part of the table). Token-keyed: CreateRouteTable takes a ClientToken.
 *
 * - `routes` are a set keyed by destination. The `local` route, routes owned by gateway VPC endpoints
 *   (`GatewayId: vpce-…`) and propagated routes are not trellis's and never compared. A route whose
 *   target is gone shows as `blackhole`: it differs from the desired route, so it is replaced.
 *   Update: CreateRoute for a new destination, ReplaceRoute for a changed target, DeleteRoute for a
 *   destination no longer desired (EC2 API Reference, CreateRoute / ReplaceRoute / DeleteRoute).
 * - `subnetIds` are a set. A subnet has at most one explicit association (AssociateRouteTable answers
 *   `Resource.AlreadyAssociated` otherwise), so a subnet explicitly associated with another table is
 *   moved with ReplaceRouteTableAssociation; the associations to move are found with one
 *   DescribeRouteTables filtered by `association.subnet-id`. Association IDs, needed to disassociate,
 *   are kept in `outputs.associations` (subnet ID → association ID). A subnet moved by hand between two
 *   owned tables is repaired by both tables' updates at once: one disassociates it while the other
 *   moves it back, so a move whose association is gone (`InvalidAssociationID.NotFound`) looks again.
 * - Create makes the table, then its routes and associations through `ctx.retry` (targets and subnets
 *   created just before may still be propagating). A replayed token returns the same table; routes and
 *   associations already in place are then recognised, not repeated.
 * - Delete disassociates every subnet, then deletes the table (AWS: `DependencyViolation` while associated).
 */
import {
  AssociateRouteTableCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DisassociateRouteTableCommand,
  EC2Client,
  paginateDescribeRouteTables,
  ReplaceRouteCommand,
  ReplaceRouteTableAssociationCommand,
  type Filter,
} from '@aws-sdk/client-ec2';
import { errorCode } from '../../../core/classify.js';
import { canonicalJson, setChange, valueChange } from '../../../core/diff.js';
import type { FieldChange, ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler } from '../../../core/resource-type.js';
import { INTERNET_GATEWAY_TYPE } from '../internet-gateway/sdk.js';
import { NAT_GATEWAY_TYPE } from '../nat-gateway/sdk.js';
import { SUBNET_TYPE } from '../subnet/sdk.js';
import { addressFilters, applyTagChanges, ownerFilters, releaseOwnership } from '../tags.js';
import { allItems } from '../../pages.js';
import { VPC_TYPE } from '../vpc/sdk.js';
import {
  createRouteTableInput,
  normalizedRoute,
  observedRouteTable,
  subnetAssociations,
  type RouteSpec,
} from './sdk.js';
import { ROUTE_TABLE } from './type.js';

/** DescribeRouteTables accepts MaxResults 5–100 (EC2 API Reference, DescribeRouteTables). */
const PAGE_SIZE = 100;
/** Values per filter we send in one call. */
const FILTER_VALUES_PER_CALL = 200;

async function describe(ctx: ReconcilerContext, filters: Filter[]) {
  const client = ctx.clients.get(EC2Client);
  const items = await allItems(paginateDescribeRouteTables({ client, pageSize: PAGE_SIZE }, { Filters: filters }), (page) => page.RouteTables);
  return items.map((table) => observedRouteTable(table, ctx.scope));
}

const target = (route: RouteSpec) => (route.natGatewayId !== undefined ? { NatGatewayId: route.natGatewayId } : { GatewayId: route.gatewayId });

async function createRoute(ctx: ReconcilerContext, tableId: string, route: RouteSpec): Promise<void> {
  const client = ctx.clients.get(EC2Client);
  const input = { RouteTableId: tableId, DestinationCidrBlock: route.destinationCidrBlock, ...target(route) };
  await ctx.retry('create route', async () => {
    try {
      await client.send(new CreateRouteCommand(input));
    } catch (error) {
      // Already there (a replayed create, a stale observation): set its target instead.
      if (errorCode(error) !== 'RouteAlreadyExists') throw error;
      await client.send(new ReplaceRouteCommand(input));
    }
  });
}

async function replaceRoute(ctx: ReconcilerContext, tableId: string, route: RouteSpec): Promise<void> {
  const client = ctx.clients.get(EC2Client);
  const input = { RouteTableId: tableId, DestinationCidrBlock: route.destinationCidrBlock, ...target(route) };
  await ctx.retry('replace route', () => client.send(new ReplaceRouteCommand(input)));
}

async function deleteRoute(ctx: ReconcilerContext, tableId: string, destinationCidrBlock: string): Promise<void> {
  const client = ctx.clients.get(EC2Client);
  await ctx.retry('delete route', async () => {
    try {
      await client.send(new DeleteRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: destinationCidrBlock }));
    } catch (error) {
      if (errorCode(error) !== 'InvalidRoute.NotFound') throw error; // already gone
    }
  });
}

/** Brings the table's managed routes from `live` to `desired`, one call per differing destination. */
async function syncRoutes(ctx: ReconcilerContext, tableId: string, desired: readonly RouteSpec[], live: readonly RouteSpec[]): Promise<void> {
  const liveByDestination = new Map(live.map((route) => [route.destinationCidrBlock, route]));
  const wanted = new Set<string>();
  for (const route of desired.map(normalizedRoute)) {
    wanted.add(route.destinationCidrBlock);
    const current = liveByDestination.get(route.destinationCidrBlock);
    if (!current) await createRoute(ctx, tableId, route);
    else if (canonicalJson(current) !== canonicalJson(route)) await replaceRoute(ctx, tableId, route); // other target, or blackhole
  }
  for (const route of live) {
    if (!wanted.has(route.destinationCidrBlock)) await deleteRoute(ctx, tableId, route.destinationCidrBlock);
  }
}

/** Current explicit associations of `subnetIds`, in any route table: subnet → { table, association }. */
async function associationsOf(ctx: ReconcilerContext, subnetIds: readonly string[]): Promise<Map<string, { tableId: string; associationId: string }>> {
  const client = ctx.clients.get(EC2Client);
  const found = new Map<string, { tableId: string; associationId: string }>();
  const wanted = new Set(subnetIds);
  for (let start = 0; start < subnetIds.length; start += FILTER_VALUES_PER_CALL) {
    const Filters = [{ Name: 'association.subnet-id', Values: subnetIds.slice(start, start + FILTER_VALUES_PER_CALL) }];
    for await (const page of paginateDescribeRouteTables({ client, pageSize: PAGE_SIZE }, { Filters })) {
      for (const table of page.RouteTables ?? []) {
        for (const [subnetId, associationId] of Object.entries(subnetAssociations(table))) {
          if (wanted.has(subnetId)) found.set(subnetId, { tableId: table.RouteTableId!, associationId });
        }
      }
    }
  }
  return found;
}

/** How often one subnet's association is looked up again after it moved under trellis's feet. */
const MAX_ASSOCIATION_LOOKUPS = 3;

/**
 * Associates `subnetIds` with the table, moving them from another table where they are explicitly
 * associated. Returns subnet → association ID for every one of them.
 */
async function associate(ctx: ReconcilerContext, tableId: string, subnetIds: readonly string[]): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  if (subnetIds.length === 0) return result;
  const client = ctx.clients.get(EC2Client);
  const existing = await ctx.retry('find subnet associations', () => associationsOf(ctx, subnetIds));
  const associateOne = async (subnetId: string, current: { tableId: string; associationId: string } | undefined, lookups = 0): Promise<string> => {
    if (current?.tableId === tableId) return current.associationId;
    if (current) {
      try {
        const out = await ctx.retry('move subnet association', () =>
          client.send(new ReplaceRouteTableAssociationCommand({ AssociationId: current.associationId, RouteTableId: tableId })),
        );
        return out.NewAssociationId!;
      } catch (error) {
        // The association went away since it was found: the other table's update, running
        // concurrently, disassociated the subnet it no longer wants. Look again and associate from there.
        if (errorCode(error) !== 'InvalidAssociationID.NotFound' || lookups >= MAX_ASSOCIATION_LOOKUPS) throw error;
        const now = (await ctx.retry('find subnet association', () => associationsOf(ctx, [subnetId]))).get(subnetId);
        return associateOne(subnetId, now, lookups + 1);
      }
    }
    try {
      const out = await ctx.retry('associate subnet', () => client.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId })));
      return out.AssociationId!;
    } catch (error) {
      // AssociateRouteTable is not idempotent: replayed after a lost response, it answers
      // Resource.AlreadyAssociated for the association it made. Look again and take it (or move it).
      if (errorCode(error) !== 'Resource.AlreadyAssociated') throw error;
      const now = (await ctx.retry('find subnet association', () => associationsOf(ctx, [subnetId]))).get(subnetId);
      if (!now || lookups >= MAX_ASSOCIATION_LOOKUPS) throw error;
      return associateOne(subnetId, now, lookups + 1);
    }
  };
  for (const subnetId of subnetIds) result[subnetId] = await associateOne(subnetId, existing.get(subnetId));
  return result;
}

async function disassociate(ctx: ReconcilerContext, associationId: string): Promise<void> {
  const client = ctx.clients.get(EC2Client);
  await ctx.retry('disassociate subnet', async () => {
    try {
      await client.send(new DisassociateRouteTableCommand({ AssociationId: associationId }));
    } catch (error) {
      if (errorCode(error) !== 'InvalidAssociationID.NotFound') throw error; // already gone (its subnet was deleted)
    }
  });
}

export const routeTableReconciler = defineReconciler({
  type: ROUTE_TABLE,
  idempotency: 'token',
  holdsReferences: false,
  dependsOn: [VPC_TYPE, SUBNET_TYPE, INTERNET_GATEWAY_TYPE, NAT_GATEWAY_TYPE],
  replaceFields: ['vpcId'],

  observe: (ctx) => describe(ctx, ownerFilters(ctx.owner)),
  findByAddress: (ctx, address) => describe(ctx, addressFilters(ctx.owner, address)),

  diff({ spec }, observed) {
    const changes = [
      valueChange('vpcId', spec.vpcId, observed.spec.vpcId, true),
      setChange('routes', (spec.routes ?? []).map(normalizedRoute), observed.spec.routes),
      setChange('subnetIds', spec.subnetIds ?? [], observed.spec.subnetIds),
    ];
    return changes.filter((change): change is FieldChange => change !== undefined);
  },

  async create(ctx, desired, { clientToken }) {
    const { spec } = desired;
    const client = ctx.clients.get(EC2Client);
    const { RouteTable: table } = await client.send(new CreateRouteTableCommand(createRouteTableInput(desired, clientToken)));
    const id = table?.RouteTableId;
    if (!id) throw new Error('CreateRouteTable returned no route table ID');
    // A replayed token answers with the table as it was created: only the local route, no associations.
    await syncRoutes(ctx, id, spec.routes ?? [], []);
    const associations = await associate(ctx, id, spec.subnetIds ?? []);
    return { id, outputs: { id, associations } };
  },

  async update(ctx, desired, observed, changes) {
    const { spec } = desired;
    const changed = new Set(changes.map((change) => change.path));
    if (changed.has('routes')) {
      await syncRoutes(ctx, observed.id, spec.routes ?? [], observed.spec.routes ?? []);
    }
    if (changed.has('subnetIds')) {
      const live = observed.outputs.associations ?? {};
      const desiredSubnets = new Set(spec.subnetIds ?? []);
      await associate(
        ctx,
        observed.id,
        [...desiredSubnets].filter((subnetId) => !(subnetId in live)),
      );
      for (const [subnetId, associationId] of Object.entries(live)) {
        if (!desiredSubnets.has(subnetId)) await disassociate(ctx, associationId);
      }
    }
    await applyTagChanges(ctx, observed.id, changes);
  },

  async delete(ctx, observed) {
    for (const associationId of Object.values(observed.outputs.associations ?? {})) {
      await disassociate(ctx, associationId);
    }
    await ctx.clients.get(EC2Client).send(new DeleteRouteTableCommand({ RouteTableId: observed.id }));
  },

  release: (ctx, observed) => releaseOwnership(ctx, observed.id),
});
