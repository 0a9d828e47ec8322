/**
 * The RAM share of the private-tier subnets (VPC sharing) with `shareWith`: aliases resolved to
 * account IDs, principals sorted and de-duplicated (an alias and its ID are one principal).
 */
import { ref, type DesiredResource } from '../../../core/types.js';
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
    .flatMap(({ group }) => layout.zones.map((zone) => ref(subnetAddress(name, group.name, zone.suffix), 'arn')));
  return [
    resource({
      address: subnetShareAddress(name),
      type: 'ram:resource-share',
      spec: { name: `${name}-subnets`, allowExternalPrincipals: spec.allowExternalPrincipals ?? false, resourceArns, principals },
      name: `${name}-subnets`,
      source: '/spec/shareWith',
    }),
  ];
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
