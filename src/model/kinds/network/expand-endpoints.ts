/**
 * VPC endpoints. Gateway endpoints (`s3`, `dynamodb`) add routes to every private and isolated route
 * table; interface endpoints get one network interface per zone in the endpoint subnet group, the
 * listed security groups, and private DNS (so `ecr.api` etc. resolve to them inside the VPC).
 */
import { outputOf } from '../../../core/resource-type.js';
import type { DesiredResource } from '../../../core/types.js';
import { ROUTE_TABLE } from '../../../reconcilers/ec2/route-table/type.js';
import { SECURITY_GROUP } from '../../../reconcilers/ec2/security-group/type.js';
import { SUBNET } from '../../../reconcilers/ec2/subnet/type.js';
import { VPC_ENDPOINT } from '../../../reconcilers/ec2/vpc-endpoint/type.js';
import { VPC } from '../../../reconcilers/ec2/vpc/type.js';
import { pointer } from '../../pointer.js';
import { securityGroupAddress, subnetAddress, vpcAddress, vpcEndpointAddress } from './addresses.js';
import type { NetworkBuild } from './build.js';
import { endpointRouteTableAddresses } from './expand-route-tables.js';

export function expandEndpoints(build: NetworkBuild): DesiredResource[] {
  return [...gatewayEndpoints(build), ...interfaceEndpoints(build)];
}

function serviceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}

function gatewayEndpoints(build: NetworkBuild): DesiredResource[] {
  const { name, region, resource } = build;
  const routeTableIds = endpointRouteTableAddresses(build).map((address) => outputOf(ROUTE_TABLE, address, 'id'));
  return (build.spec.endpoints?.gateway ?? []).map((service, index) =>
    resource({
      address: vpcEndpointAddress(name, service),
      type: VPC_ENDPOINT,
      spec: { vpcId: outputOf(VPC, vpcAddress(name), 'id'), serviceName: serviceName(region, service), vpcEndpointType: 'Gateway', routeTableIds },
      name: `${name}-${service}`,
      source: pointer('/spec/endpoints/gateway', index),
    }),
  );
}

function interfaceEndpoints({ name, region, layout, spec, resource }: NetworkBuild): DesiredResource[] {
  const group = layout.endpointGroup?.group;
  // Validation reports interface endpoints without a subnet group.
  if (group === undefined) return [];
  const subnetIds = layout.zones.map((zone) => outputOf(SUBNET, subnetAddress(name, group.name, zone.suffix), 'id'));
  const securityGroupIds = (spec.endpoints?.securityGroups ?? []).map((groupName) => outputOf(SECURITY_GROUP, securityGroupAddress(name, groupName), 'id'));
  return (spec.endpoints?.interface ?? []).map((service, index) =>
    resource({
      address: vpcEndpointAddress(name, service),
      type: VPC_ENDPOINT,
      spec: {
        vpcId: outputOf(VPC, vpcAddress(name), 'id'),
        serviceName: serviceName(region, service),
        vpcEndpointType: 'Interface',
        subnetIds,
        securityGroupIds,
        privateDnsEnabled: true,
      },
      name: `${name}-${service}`,
      source: pointer('/spec/endpoints/interface', index),
    }),
  );
}

