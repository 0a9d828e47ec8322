/**
 * The Network kind: the networking account's VPC, subnets, internet and NAT gateways, route tables,
 * security groups, VPC endpoints and the RAM share of its private subnets. docs/resources.md is the
 * contract for what `expand` produces; each resource type's checks and expansion live in network/.
 *
 * Resources come out in this order: VPC, subnets (group by group, zone by zone), internet gateway,
 * Elastic IP and NAT gateway per NAT zone, route tables (public, private per zone, isolated), security
 * groups, their rule sets, gateway endpoints, interface endpoints, the subnet share.
 */
import type { NetworkManifest } from '../types.js';
import type { KindHandler } from './kind.js';
import { networkBuild } from './network/build.js';
import { checkEndpoints } from './network/check-endpoints.js';
import { checkNatGateways } from './network/check-nat-gateways.js';
import { checkSecurityGroups } from './network/check-security-groups.js';
import { checkSharing } from './network/check-sharing.js';
import { checkSubnets } from './network/check-subnets.js';
import { expandEndpoints } from './network/expand-endpoints.js';
import { expandInternetGateway, expandNatGateways } from './network/expand-gateways.js';
import { expandRouteTables } from './network/expand-route-tables.js';
import { expandSecurityGroups } from './network/expand-security-groups.js';
import { expandSubnetShare } from './network/expand-sharing.js';
import { expandSubnets, expandVpc } from './network/expand-vpc.js';
import { networkLayout } from './network/layout.js';

export * from './network/addresses.js';
export type { Rule } from './network/expand-security-groups.js';

const EXPANSIONS = [
  expandVpc,
  expandSubnets,
  expandInternetGateway,
  expandNatGateways,
  expandRouteTables,
  expandSecurityGroups,
  expandEndpoints,
  expandSubnetShare,
] as const;

export const network: KindHandler<NetworkManifest> = {
  check(manifest, context) {
    const layout = networkLayout(manifest.spec, context.region);
    checkSubnets(manifest.spec, context);
    checkNatGateways(layout, context);
    checkSecurityGroups(manifest.spec, context);
    checkEndpoints(manifest.spec, layout, context);
    checkSharing(manifest, layout, context);
  },

  expand(manifest, context) {
    const build = networkBuild(manifest, context);
    return EXPANSIONS.flatMap((expansion) => expansion(build));
  },
};
