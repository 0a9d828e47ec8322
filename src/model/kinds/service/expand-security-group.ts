/**
 * The Service's own security group, in its account and the Network's VPC (a participant of a shared VPC
 * may create groups in it), and its rules: the container port from the VPC's CIDR (the NLB has no
 * security group; its nodes and the tasks share the VPC) and, exposed through Lattice, from Lattice; all egress (image pulls, logs, consumed endpoints).
 */
import type { DesiredResource } from '../../../core/types.js';
import { SECURITY_GROUP_RULES } from '../../../reconcilers/ec2/security-group-rules/type.js';
import { SECURITY_GROUP } from '../../../reconcilers/ec2/security-group/type.js';
import { serviceSecurityGroupAddress, serviceSecurityGroupRulesAddress } from './addresses.js';
import type { ServiceBuild } from './build.js';

/**
 * VPC Lattice reaches its targets from its own addresses, the managed prefix list
 * `com.amazonaws.<region>.vpc-lattice` (VPC Lattice User Guide, "Control traffic in VPC Lattice using
 * security groups": the targets' groups control inbound traffic from Lattice, health checks included).
 * The list's ID differs per region and a manifest is expanded before any call, so the rule names its IPv4
 * range, the link-local 169.254.171.0/24 (docs/aws-behaviour.md §5h).
 */
export const LATTICE_IPV4_RANGE = '169.254.171.0/24';

export function expandSecurityGroup({ name, spec, port, vpcId, vpcCidr, securityGroupId, inVpc, resource }: ServiceBuild): DesiredResource[] {
  const lattice = spec.expose?.lattice !== undefined ? [{ protocol: 'tcp', fromPort: port, toPort: port, cidrIpv4: LATTICE_IPV4_RANGE, description: `Port ${port} from VPC Lattice` }] : [];
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
        ingress: [{ protocol: 'tcp', fromPort: port, toPort: port, cidrIpv4: vpcCidr, description: `Port ${port} from the VPC (the NLB and peers)` }, ...lattice],
        egress: [{ protocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0', description: 'All egress' }],
      },
      name,
      source: '/spec',
    }),
  ];
}
