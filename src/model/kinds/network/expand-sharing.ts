/**
 * The RAM share of the private-tier subnets (VPC sharing) with `shareWith`: aliases resolved to
 * account IDs, principals sorted and de-duplicated (an alias and its ID are one principal).
 */
import { outputOf } from '../../../core/resource-type.js';
import type { DesiredResource } from '../../../core/types.js';
import { RESOURCE_SHARE } from '../../../reconcilers/ram/resource-share/type.js';
import { SUBNET } from '../../../reconcilers/ec2/subnet/type.js';
import { resolveAccount } from '../../accounts.js';
import { subnetAddress, subnetShareAddress } from './addresses.js';
import type { NetworkBuild } from './build.js';

export function expandSubnetShare({ name, spec, layout, context, resource }: NetworkBuild): DesiredResource[] {
  const shareWith = spec.shareWith ?? [];
  if (shareWith.length === 0) return [];
  const principals = [...new Set(shareWith.map((principal) => (principal.startsWith('arn:') ? principal : resolveAccount(principal, context.config))))].sort(
    byCodeUnit,
  );
  const resourceArns = layout
    .groupsOfTier('private')
    .flatMap(({ group }) => layout.zones.map((zone) => outputOf(SUBNET, subnetAddress(name, group.name, zone.suffix), 'arn')));
  return [
    resource({
      address: subnetShareAddress(name),
      type: RESOURCE_SHARE,
      spec: { name: `${name}-subnets`, allowExternalPrincipals: spec.allowExternalPrincipals ?? false, resourceArns, principals },
      name: `${name}-subnets`,
      source: '/spec/shareWith',
    }),
  ];
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
