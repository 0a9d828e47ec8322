/** Checks of the VPC CIDR, the availability zones and the subnet groups. */
import { contains, formatCidr, overlaps, parseCidr, type Ipv4Cidr } from '../../cidr.js';
import { pointer } from '../../pointer.js';
import type { NetworkSpec } from '../../types.js';
import type { CheckContext } from '../kind.js';

/** AWS allows VPC and subnet IPv4 blocks from /16 to /28 (Amazon VPC User Guide, "VPC CIDR blocks"). */
const MIN_PREFIX = 16;
const MAX_PREFIX = 28;

export function checkSubnets(spec: NetworkSpec, context: CheckContext): void {
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
}
