/**
 * Route tables per tier, each with its routes and subnet associations: `public` (default route to the
 * internet gateway), `private-<zone>` per zone (default route to that zone's NAT gateway, or the single
 * one; no route without NAT) and `isolated` (local route only). A table exists only when its tier does.
 */
import { outputOf, type DesiredSpec } from '../../../core/resource-type.js';
import type { DesiredResource } from '../../../core/types.js';
import { INTERNET_GATEWAY } from '../../../reconcilers/ec2/internet-gateway/type.js';
import { NAT_GATEWAY } from '../../../reconcilers/ec2/nat-gateway/type.js';
import { ROUTE_TABLE, type RouteSpec } from '../../../reconcilers/ec2/route-table/type.js';
import { SUBNET } from '../../../reconcilers/ec2/subnet/type.js';
import { VPC } from '../../../reconcilers/ec2/vpc/type.js';
import { pointer } from '../../pointer.js';
import type { SubnetTier } from '../../types.js';
import { internetGatewayAddress, natGatewayAddress, routeTableAddress, subnetAddress, vpcAddress } from './addresses.js';
import type { NetworkBuild } from './build.js';
import type { Zone } from './layout.js';

const DEFAULT_ROUTE = '0.0.0.0/0';

export function expandRouteTables(build: NetworkBuild): DesiredResource[] {
  return [...publicRouteTable(build), ...privateRouteTables(build), ...isolatedRouteTable(build)];
}

/** The route tables gateway endpoints add their routes to: every private and isolated one. */
export function endpointRouteTableAddresses({ name, layout }: NetworkBuild): string[] {
  return [
    ...(layout.groupsOfTier('private').length > 0 ? layout.zones.map((zone) => routeTableAddress(name, `private-${zone.suffix}`)) : []),
    ...(layout.groupsOfTier('isolated').length > 0 ? [routeTableAddress(name, 'isolated')] : []),
  ];
}

function publicRouteTable(build: NetworkBuild): DesiredResource[] {
  const { name } = build;
  return routeTable(build, 'public', 'public', build.layout.zones, [
    { destinationCidrBlock: DEFAULT_ROUTE, gatewayId: outputOf(INTERNET_GATEWAY, internetGatewayAddress(name), 'id') },
  ]);
}

function privateRouteTables(build: NetworkBuild): DesiredResource[] {
  const { name, layout } = build;
  return layout.zones.flatMap((zone) => {
    const natZone = layout.groupsOfTier('public').length > 0 ? layout.natZoneFor(zone) : undefined;
    const routes = natZone === undefined ? [] : [{ destinationCidrBlock: DEFAULT_ROUTE, natGatewayId: outputOf(NAT_GATEWAY, natGatewayAddress(name, natZone.suffix), 'id') }];
    return routeTable(build, 'private', `private-${zone.suffix}`, [zone], routes);
  });
}

function isolatedRouteTable(build: NetworkBuild): DesiredResource[] {
  return routeTable(build, 'isolated', 'isolated', build.layout.zones, []);
}

/** One route table associated with the subnets of `tier` in `zones`; none when the tier has no group. */
function routeTable(
  { name, layout, resource }: NetworkBuild,
  tier: SubnetTier,
  localName: string,
  zones: readonly Zone[],
  routes: ReadonlyArray<DesiredSpec<RouteSpec>>,
): DesiredResource[] {
  const groups = layout.groupsOfTier(tier);
  const [first] = groups;
  if (first === undefined) return [];
  return [
    resource({
      address: routeTableAddress(name, localName),
      type: ROUTE_TABLE,
      spec: {
        vpcId: outputOf(VPC, vpcAddress(name), 'id'),
        routes,
        subnetIds: groups.flatMap(({ group }) => zones.map((zone) => outputOf(SUBNET, subnetAddress(name, group.name, zone.suffix), 'id'))),
      },
      name: `${name}-${localName}`,
      source: pointer('/spec/subnets', first.index),
    }),
  ];
}
