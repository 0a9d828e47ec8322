/**
 * The Network kind: the networking account's VPC and its subnets.
 *
 * Addresses: `network/<name>/vpc/main`, and `network/<name>/subnet/<group>-<zone suffix>` for each
 * subnet group and availability zone, where the suffix is the zone name after the region
 * (`us-east-1a` → `a`, Local Zone `us-west-2-lax-1a` → `lax-1a`).
 */
import { ref, type DesiredResource } from '../../engine/types.js';
import { contains, formatCidr, overlaps, parseCidr, type Ipv4Cidr } from '../cidr.js';
import { pointer } from '../pointer.js';
import type { NetworkManifest } from '../types.js';
import type { KindHandler } from './kind.js';

/** AWS allows VPC and subnet IPv4 blocks from /16 to /28 (Amazon VPC User Guide, "VPC CIDR blocks"). */
const MIN_PREFIX = 16;
const MAX_PREFIX = 28;

export function vpcAddress(networkName: string): string {
  return `network/${networkName}/vpc/main`;
}

export function subnetAddress(networkName: string, groupName: string, zoneSuffix: string): string {
  return `network/${networkName}/subnet/${groupName}-${zoneSuffix}`;
}

/** The part of an availability zone name after its region: `us-east-1a` in `us-east-1` → `a`. */
export function zoneSuffix(availabilityZone: string, region: string): string {
  if (availabilityZone.startsWith(region) && availabilityZone.length > region.length) {
    return availabilityZone.slice(region.length).replace(/^-/, '');
  }
  // Not in the region (validation reports it): the trailing letters still make a readable name.
  return /[a-z]+$/.exec(availabilityZone)?.[0] ?? availabilityZone;
}

export const network: KindHandler<NetworkManifest> = {
  check(manifest, context) {
    const { spec } = manifest;
    const vpc = parseCidr(spec.cidr);
    if (!vpc.ok) {
      context.report('/spec/cidr', vpc.message);
    } else if (vpc.cidr.prefix < MIN_PREFIX || vpc.cidr.prefix > MAX_PREFIX) {
      context.report('/spec/cidr', `VPC CIDR prefix must be /${MIN_PREFIX} to /${MAX_PREFIX} (AWS limit), not /${vpc.cidr.prefix}`);
    }

    spec.availabilityZones.forEach((zone, index) => {
      if (!zone.startsWith(`${context.region}`) || zone.length === context.region.length) {
        context.report(pointer('/spec/availabilityZones', index), `availability zone ${zone} is not in region ${context.region}`);
      }
    });

    const groupNames = new Map<string, number>();
    const subnetCidrs: Array<{ cidr: Ipv4Cidr; at: string }> = [];
    spec.subnets.forEach((group, groupIndex) => {
      const groupPointer = pointer('/spec/subnets', groupIndex);
      const firstIndex = groupNames.get(group.name);
      if (firstIndex === undefined) {
        groupNames.set(group.name, groupIndex);
      } else {
        context.report(
          pointer(groupPointer, 'name'),
          `duplicate subnet group name "${group.name}" (first at ${context.locate(pointer('/spec/subnets', firstIndex, 'name'))})`,
        );
      }
      if (group.cidrs.length !== spec.availabilityZones.length) {
        context.report(
          pointer(groupPointer, 'cidrs'),
          `has ${group.cidrs.length} CIDR${group.cidrs.length === 1 ? '' : 's'} but the Network has ${spec.availabilityZones.length} availability zone${spec.availabilityZones.length === 1 ? '' : 's'}; give one CIDR per zone, in the order of availabilityZones`,
        );
      }
      group.cidrs.forEach((text, cidrIndex) => {
        const at = pointer(groupPointer, 'cidrs', cidrIndex);
        const subnet = parseCidr(text);
        if (!subnet.ok) {
          context.report(at, subnet.message);
          return;
        }
        if (subnet.cidr.prefix < MIN_PREFIX || subnet.cidr.prefix > MAX_PREFIX) {
          context.report(at, `subnet CIDR prefix must be /${MIN_PREFIX} to /${MAX_PREFIX} (AWS limit), not /${subnet.cidr.prefix}`);
        }
        if (vpc.ok && !contains(vpc.cidr, subnet.cidr)) {
          context.report(at, `${text} is outside the VPC CIDR ${formatCidr(vpc.cidr)}`);
        }
        const overlapping = subnetCidrs.find((other) => overlaps(other.cidr, subnet.cidr));
        if (overlapping) {
          context.report(at, `${text} overlaps ${formatCidr(overlapping.cidr)} at ${context.locate(overlapping.at)}`);
        }
        subnetCidrs.push({ cidr: subnet.cidr, at });
      });
    });
  },

  expand(manifest, context) {
    const { name } = manifest.metadata;
    const { spec } = manifest;
    const common = {
      scope: context.scope,
      deletionPolicy: context.deletionPolicy,
      ignoreDrift: context.ignoreDrift,
      mode: context.mode,
    };
    const vpc = vpcAddress(name);
    const resources: DesiredResource[] = [
      {
        address: vpc,
        type: 'ec2:vpc',
        spec: {
          cidrBlock: spec.cidr,
          enableDnsSupport: spec.enableDnsSupport ?? true,
          enableDnsHostnames: spec.enableDnsHostnames ?? true,
        },
        tags: context.tags(vpc, { Name: name }),
        source: context.source('/spec'),
        ...common,
      },
    ];
    spec.subnets.forEach((group, groupIndex) => {
      spec.availabilityZones.forEach((zone, zoneIndex) => {
        const suffix = zoneSuffix(zone, context.scope.region);
        const address = subnetAddress(name, group.name, suffix);
        resources.push({
          address,
          type: 'ec2:subnet',
          spec: {
            vpcId: ref(vpc, 'id'),
            cidrBlock: group.cidrs[zoneIndex],
            availabilityZone: zone,
            mapPublicIpOnLaunch: group.tier === 'public',
          },
          tags: context.tags(address, { ...group.tags, Name: `${name}-${group.name}-${suffix}`, 'trellis:tier': group.tier }),
          source: context.source(pointer('/spec/subnets', groupIndex)),
          ...common,
        });
      });
    });
    return resources;
  },
};
