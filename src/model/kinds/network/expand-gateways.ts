/**
 * The internet gateway (when a public tier exists) and the NAT gateways with their Elastic IPs: none,
 * one in the first zone (`single`) or one per zone (`perAz`), each in the first public group's subnet
 * of its zone.
 */
import { ref, type DesiredResource } from '../../../core/types.js';
import { pointer } from '../../pointer.js';
import { internetGatewayAddress, natEipAddress, natGatewayAddress, subnetAddress, vpcAddress } from './addresses.js';
import type { NetworkBuild } from './build.js';

export function expandInternetGateway({ name, layout, resource }: NetworkBuild): DesiredResource[] {
  const [firstPublic] = layout.groupsOfTier('public');
  if (firstPublic === undefined) return [];
  return [
    resource({
      address: internetGatewayAddress(name),
      type: 'ec2:internet-gateway',
      spec: { vpcId: ref(vpcAddress(name), 'id') },
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
      resource({ address: eip, type: 'ec2:eip', spec: { domain: 'vpc' }, name: `${name}-nat-${zone.suffix}`, source: '/spec/natGateways' }),
      resource({
        address: natGatewayAddress(name, zone.suffix),
        type: 'ec2:nat-gateway',
        spec: {
          subnetId: ref(subnetAddress(name, firstPublic.group.name, zone.suffix), 'id'),
          allocationId: ref(eip, 'allocationId'),
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
