/**
 * The Service's own security group, in its account and the Network's VPC (a participant of a shared VPC
 * may create groups in it), and its rules: the container port from the VPC's CIDR (the NLB has no
 * security group; its nodes and the tasks share the VPC), all egress (image pulls, logs, consumed endpoints).
 */
import type { DesiredResource } from '../../../core/types.js';
import { SECURITY_GROUP_RULES } from '../../../reconcilers/ec2/security-group-rules/type.js';
import { SECURITY_GROUP } from '../../../reconcilers/ec2/security-group/type.js';
import { serviceSecurityGroupAddress, serviceSecurityGroupRulesAddress } from './addresses.js';
import type { ServiceBuild } from './build.js';

export function expandSecurityGroup({ name, port, vpcId, vpcCidr, securityGroupId, inVpc, resource }: ServiceBuild): DesiredResource[] {
  return [
    resource({
      address: serviceSecurityGroupAddress(name),
      type: SECURITY_GROUP,
      // EC2 cannot change a group's name or description: both are derived from the name only.
      spec: { vpcId, groupName: name, description: `Tasks of Service ${name}` },
      name,
      source: '/spec',
      ...inVpc,
    }),
    resource({
      address: serviceSecurityGroupRulesAddress(name),
      type: SECURITY_GROUP_RULES,
      spec: {
        groupId: securityGroupId,
        ingress: [{ protocol: 'tcp', fromPort: port, toPort: port, cidrIpv4: vpcCidr, description: `Port ${port} from the VPC (the NLB and peers)` }],
        egress: [{ protocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0', description: 'All egress' }],
      },
      name,
      source: '/spec',
    }),
  ];
}
