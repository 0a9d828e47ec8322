/**
 * The internet gateway (when a public tier exists) and the NAT gateways with their Elastic IPs: none,
 * one in the first zone (`single`) or one per zone (`perAz`), each in the first public group's subnet
 * of its zone.
 */
import { outputOf } from '../../../core/resource-type.js';
import type { DesiredResource } from '../../../core/types.js';
import { EIP } from '../../../reconcilers/ec2/eip/type.js';
import { INTERNET_GATEWAY } from '../../../reconcilers/ec2/internet-gateway/type.js';
import { NAT_GATEWAY } from '../../../reconcilers/ec2/nat-gateway/type.js';
import { SUBNET } from '../../../reconcilers/ec2/subnet/type.js';
import { VPC } from '../../../reconcilers/ec2/vpc/type.js';
import { pointer } from '../../pointer.js';
import { internetGatewayAddress, natEipAddress, natGatewayAddress, subnetAddress, vpcAddress } from './addresses.js';
import type { NetworkBuild } from './build.js';

export function expandInternetGateway({ name, layout, resource }: NetworkBuild): DesiredResource[] {
  const [firstPublic] = layout.groupsOfTier('public');
  if (firstPublic === undefined) return [];
  return [
    resource({
      address: internetGatewayAddress(name),
      type: INTERNET_GATEWAY,
      spec: { vpcId: outputOf(VPC, vpcAddress(name), 'id') },
      name: `${name}-igw`,
      source: pointer('/spec/subnets', firstPublic.index),
    }),
  ];
}

export function expandNatGateways({ name, layout, resource }: NetworkBuild): DesiredResource[] {
  const [firstPublic] = layout.groupsOfTier('public');
  // Validation reports NAT without a public group; there is nowhere to put one.
  if (firstPublic === undefined) return [];
  return layout.natZones.flatMap((zone) => {
    const eip = natEipAddress(name, zone.suffix);
    return [
      resource({ address: eip, type: EIP, spec: { domain: 'vpc' }, name: `${name}-nat-${zone.suffix}`, source: '/spec/natGateways' }),
      resource({
        address: natGatewayAddress(name, zone.suffix),
        type: NAT_GATEWAY,
        spec: {
          subnetId: outputOf(SUBNET, subnetAddress(name, firstPublic.group.name, zone.suffix), 'id'),
          allocationId: outputOf(EIP, eip, 'allocationId'),
          connectivityType: 'public',
        },
        name: `${name}-nat-${zone.suffix}`,
        source: '/spec/natGateways',
        // AWS fails a public NAT gateway created before the VPC has an internet gateway attached
        // (NatGateway FailureCode Gateway.NotAttached).
        dependsOn: [internetGatewayAddress(name)],
      }),
    ];
  });
}
