/** The VPC and one subnet per subnet group and availability zone. */
import { outputOf } from '../../../core/resource-type.js';
import type { DesiredResource } from '../../../core/types.js';
import { SUBNET } from '../../../reconcilers/ec2/subnet/type.js';
import { VPC } from '../../../reconcilers/ec2/vpc/type.js';
import { pointer } from '../../pointer.js';
import { subnetAddress, vpcAddress } from './addresses.js';
import type { NetworkBuild } from './build.js';

export function expandVpc({ name, spec, resource }: NetworkBuild): DesiredResource[] {
  return [
    resource({
      address: vpcAddress(name),
      type: VPC,
      spec: {
        cidrBlock: spec.cidr,
        enableDnsSupport: spec.enableDnsSupport ?? true,
        enableDnsHostnames: spec.enableDnsHostnames ?? true,
      },
      name,
      source: '/spec',
    }),
  ];
}

export function expandSubnets({ name, spec, layout, resource }: NetworkBuild): DesiredResource[] {
  return spec.subnets.flatMap((group, groupIndex) =>
    layout.zones.map((zone) =>
      resource({
        address: subnetAddress(name, group.name, zone.suffix),
        type: SUBNET,
        spec: {
          vpcId: outputOf(VPC, vpcAddress(name), 'id'),
          cidrBlock: group.cidrs[zone.index]!, // validated: one CIDR per zone
          availabilityZone: zone.name,
          mapPublicIpOnLaunch: group.tier === 'public',
        },
        name: `${name}-${group.name}-${zone.suffix}`,
        tags: { ...group.tags, 'trellis:tier': group.tier },
        source: pointer('/spec/subnets', groupIndex),
      }),
    ),
  );
}
