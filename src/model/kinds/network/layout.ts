/**
 * Facts derived from a Network spec that both its checks and its expansion need: zones with their
 * suffixes, subnet groups by tier, where NAT gateways go and which group holds interface endpoints.
 * Pure; it works on any spec that passed the schema, valid or not.
 */
import type { NetworkSpec, SubnetGroup, SubnetTier } from '../../types.js';
import { zoneSuffix } from './addresses.js';

export interface Zone {
  /** `us-east-1a`. */
  readonly name: string;
  /** `a`. */
  readonly suffix: string;
  /** Position in `availabilityZones`, and so in every group's `cidrs`. */
  readonly index: number;
}

export interface IndexedGroup {
  readonly group: SubnetGroup;
  /** Position in `spec.subnets`. */
  readonly index: number;
}

export type NatGatewayMode = NonNullable<NetworkSpec['natGateways']>;

export interface NetworkLayout {
  readonly zones: readonly Zone[];
  /** The groups of a tier, in manifest order. */
  groupsOfTier(tier: SubnetTier): readonly IndexedGroup[];
  readonly natGateways: NatGatewayMode;
  /** The zones that get a NAT gateway: none, the first, or all of them. */
  readonly natZones: readonly Zone[];
  /** The zone whose NAT gateway a zone's private route table uses; undefined without NAT. */
  natZoneFor(zone: Zone): Zone | undefined;
  /** The group interface endpoints live in: `endpoints.subnetGroup`, else the first private group. */
  readonly endpointGroup: IndexedGroup | undefined;
}

export function networkLayout(spec: NetworkSpec, region: string): NetworkLayout {
  const zones = spec.availabilityZones.map((name, index) => ({ name, suffix: zoneSuffix(name, region), index }));
  const indexed = spec.subnets.map((group, index) => ({ group, index }));
  const groupsOfTier = (tier: SubnetTier) => indexed.filter(({ group }) => group.tier === tier);
  const natGateways = spec.natGateways ?? 'none';
  const natZones = natGateways === 'none' ? [] : natGateways === 'single' ? zones.slice(0, 1) : zones;
  const endpointGroupName = spec.endpoints?.subnetGroup;
  return {
    zones,
    groupsOfTier,
    natGateways,
    natZones,
    natZoneFor: (zone) => (natGateways === 'perAz' ? zone : natZones[0]),
    endpointGroup:
      endpointGroupName === undefined ? groupsOfTier('private')[0] : indexed.find(({ group }) => group.name === endpointGroupName),
  };
}
