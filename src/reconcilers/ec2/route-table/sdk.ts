/** Pure builders for route tables: desired spec → SDK input, SDK output → observed. */
import type { CreateRouteTableCommandInput, Route, RouteTable } from '@aws-sdk/client-ec2';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';
import { ROUTE_TABLE, type RouteSpec, type RouteTableOutputs, type RouteTableSpec } from './type.js';

export const ROUTE_TABLE_TYPE = ROUTE_TABLE.name;
export type { RouteSpec, RouteTableSpec } from './type.js';

export function createRouteTableInput(desired: Resolved<RouteTableSpec>, clientToken: string): CreateRouteTableCommandInput {
  return { VpcId: desired.spec.vpcId, ClientToken: clientToken, TagSpecifications: tagSpecifications('route-table', desired.tags) };
}

/**
 * Routes trellis manages in a table: not the `local` route AWS creates with it, not the routes gateway
 * VPC endpoints add (`GatewayId: vpce-…`, destination a prefix list; owned by the `ec2:vpc-endpoint`
 * resource), not routes propagated from a virtual private gateway.
 */
export function isManagedRoute(route: Route): boolean {
  if (route.Origin !== undefined && route.Origin !== 'CreateRoute') return false;
  if (route.GatewayId === 'local' || route.GatewayId?.startsWith('vpce-')) return false;
  return route.DestinationCidrBlock !== undefined;
}

export function routeSpecOf(route: Route): RouteSpec {
  return {
    destinationCidrBlock: route.DestinationCidrBlock!,
    ...(route.GatewayId !== undefined ? { gatewayId: route.GatewayId } : {}),
    ...(route.NatGatewayId !== undefined ? { natGatewayId: route.NatGatewayId } : {}),
    ...(route.State === 'blackhole' ? { state: 'blackhole' as const } : {}),
  };
}

/** A desired route without undefined members, so it compares equal to its observed form. */
export function normalizedRoute(route: RouteSpec): RouteSpec {
  return {
    destinationCidrBlock: route.destinationCidrBlock,
    ...(route.gatewayId !== undefined ? { gatewayId: route.gatewayId } : {}),
    ...(route.natGatewayId !== undefined ? { natGatewayId: route.natGatewayId } : {}),
  };
}

/** Explicit subnet associations: subnet ID → association ID (the main association has no subnet). */
export function subnetAssociations(table: RouteTable): Record<string, string> {
  const associations: Record<string, string> = {};
  for (const association of table.Associations ?? []) {
    if (association.Main || !association.SubnetId || !association.RouteTableAssociationId) continue;
    const state = association.AssociationState?.State;
    if (state === 'disassociated' || state === 'disassociating' || state === 'failed') continue;
    associations[association.SubnetId] = association.RouteTableAssociationId;
  }
  return associations;
}

/**
 * `references`: the VPC, which a non-main route table keeps from being deleted, and the internet and
 * NAT gateways its routes use, so that a gateway leaving the manifest is deleted only after the routes
 * moved away from it. (When the gateway is replaced instead, the engine drops that wait, since the route
 * can only move once the new gateway exists: the route is a `blackhole` for the swap.) Associated
 * subnets are left out: AWS drops an association itself when its subnet is deleted. Endpoint routes
 * (`vpce-…`) are not listed either: the endpoint points at the route table, not the other way round.
 */
export function routeTableReferences(vpcId: string | undefined, routes: readonly RouteSpec[]): string[] {
  const gateways = routes.map((route) => route.gatewayId).filter((id): id is string => id !== undefined && id.startsWith('igw-'));
  // NAT targets too: a NAT gateway removed from the manifest (perAz → single) is deleted only after
  // the route that used it has moved. Subnet associations are left out: AWS drops them itself when a
  // subnet is deleted.
  const natGateways = routes.map((route) => route.natGatewayId).filter((id): id is string => id !== undefined);
  return [...new Set([...(vpcId ? [vpcId] : []), ...gateways, ...natGateways])];
}

export function observedRouteTable(table: RouteTable, scope: Scope): Observed<RouteTableSpec, RouteTableOutputs> {
  const tags = fromEc2Tags(table.Tags);
  const id = table.RouteTableId ?? '';
  const routes = (table.Routes ?? []).filter(isManagedRoute).map(routeSpecOf);
  const associations = subnetAssociations(table);
  return observed(ROUTE_TABLE, {
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { vpcId: table.VpcId, routes, subnetIds: Object.keys(associations).sort() },
    outputs: { id, associations },
    references: routeTableReferences(table.VpcId, routes),
  });
}
