/**
 * `consume` via PrivateLink: per provider, an interface endpoint in this Service's account, its Network's
 * VPC and subnets, named at apply time after the provider's endpoint service (`serviceName` is a
 * reference: the provider may be created in the same run, in another account), with private DNS off
 * (the endpoint's own DNS name goes into the container environment), and a security group that lets
 * this Service's tasks reach the provider's port. `consume` via lattice is the Share kind's.
 */
import { outputOf } from '../../../core/resource-type.js';
import type { DesiredResource } from '../../../core/types.js';
import { SECURITY_GROUP_RULES } from '../../../reconcilers/ec2/security-group-rules/type.js';
import { SECURITY_GROUP } from '../../../reconcilers/ec2/security-group/type.js';
import { VPC_ENDPOINT_SERVICE } from '../../../reconcilers/ec2/vpc-endpoint-service/type.js';
import { VPC_ENDPOINT } from '../../../reconcilers/ec2/vpc-endpoint/type.js';
import { pointer } from '../../pointer.js';
import {
  consumerEndpointAddress,
  consumerEndpointSecurityGroupAddress,
  consumerEndpointSecurityGroupRulesAddress,
  endpointServiceAddress,
} from './addresses.js';
import type { ServiceBuild } from './build.js';

export function expandConsumers(build: ServiceBuild): DesiredResource[] {
  const { name, spec, context, vpcId, subnetIds, securityGroupId, inVpc, resource } = build;
  return (spec.consume ?? []).flatMap((consumption, index) => {
    if (consumption.via !== 'privateLink') return [];
    const provider = context.lookup('Service', consumption.service);
    const port = provider?.manifest.spec.expose?.privateLink?.port ?? provider?.manifest.spec.port;
    if (port === undefined) throw new Error(`Service ${name}: consumed Service ${consumption.service} without privateLink reached expansion`);
    const source = pointer('/spec/consume', index);
    const groupName = `${name}-endpoint-${consumption.service}`;
    const groupId = outputOf(SECURITY_GROUP, consumerEndpointSecurityGroupAddress(name, consumption.service), 'id');
    return [
      resource({
        address: consumerEndpointSecurityGroupAddress(name, consumption.service),
        type: SECURITY_GROUP,
        spec: { vpcId, groupName, description: `Endpoint of Service ${name} to Service ${consumption.service}` },
        name: groupName,
        source,
        ...inVpc,
      }),
      resource({
        address: consumerEndpointSecurityGroupRulesAddress(name, consumption.service),
        type: SECURITY_GROUP_RULES,
        spec: {
          groupId,
          ingress: [{ protocol: 'tcp', fromPort: port, toPort: port, securityGroupId, description: `Port ${port} from the tasks of Service ${name}` }],
          egress: [],
        },
        name: groupName,
        source,
      }),
      resource({
        address: consumerEndpointAddress(name, consumption.service),
        type: VPC_ENDPOINT,
        spec: {
          vpcId,
          serviceName: outputOf(VPC_ENDPOINT_SERVICE, endpointServiceAddress(consumption.service), 'serviceName'),
          vpcEndpointType: 'Interface',
          subnetIds,
          securityGroupIds: [groupId],
          privateDnsEnabled: false,
        },
        name: `${name}-${consumption.service}`,
        source,
      }),
    ];
  });
}
