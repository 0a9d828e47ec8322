/**
 * Security groups and, at a separate address, their rules (docs/resources.md "Security group rules"):
 * groups that allow each other then have no reference cycle — both groups first, then both rule sets.
 * Rules keep manifest order; reconcilers compare them as sets.
 */
import { outputOf } from '../../../core/resource-type.js';
import type { DesiredResource, Ref } from '../../../core/types.js';
import { SECURITY_GROUP_RULES } from '../../../reconcilers/ec2/security-group-rules/type.js';
import { SECURITY_GROUP } from '../../../reconcilers/ec2/security-group/type.js';
import { VPC } from '../../../reconcilers/ec2/vpc/type.js';
import type { SecurityGroup, SecurityGroupRule } from '../../generated/manifest.js';
import { pointer } from '../../pointer.js';
import { securityGroupAddress, securityGroupRulesAddress, vpcAddress } from './addresses.js';
import type { NetworkBuild } from './build.js';
import { parsePorts } from './ports.js';

/** An EC2 `IpPermission` with one peer, as the `ec2:security-group-rules` reconciler takes it. */
export interface Rule {
  readonly protocol: 'tcp' | 'udp' | 'icmp' | '-1';
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrIpv4?: string;
  readonly prefixListId?: string;
  readonly securityGroupId?: string | Ref<string>;
  readonly description?: string;
}

export function expandSecurityGroups(build: NetworkBuild): DesiredResource[] {
  const groups = build.spec.securityGroups ?? [];
  return [...groups.map((group, index) => securityGroup(build, group, index)), ...groups.map((group, index) => securityGroupRules(build, group, index))];
}

function securityGroup({ name, resource }: NetworkBuild, group: SecurityGroup, index: number): DesiredResource {
  return resource({
    address: securityGroupAddress(name, group.name),
    type: SECURITY_GROUP,
    spec: {
      vpcId: outputOf(VPC, vpcAddress(name), 'id'),
      groupName: `${name}-${group.name}`,
      // EC2 requires a description and cannot change it later; the default must therefore be stable.
      description: group.description ?? `Security group ${group.name} of Network ${name}`,
    },
    name: `${name}-${group.name}`,
    source: pointer('/spec/securityGroups', index),
  });
}

function securityGroupRules({ name, resource }: NetworkBuild, group: SecurityGroup, index: number): DesiredResource {
  return resource({
    address: securityGroupRulesAddress(name, group.name),
    type: SECURITY_GROUP_RULES,
    spec: {
      groupId: outputOf(SECURITY_GROUP, securityGroupAddress(name, group.name), 'id'),
      ingress: (group.ingress ?? []).map((rule) => toRule(name, rule)),
      egress: (group.egress ?? []).map((rule) => toRule(name, rule)),
    },
    name: `${name}-${group.name}`,
    source: pointer('/spec/securityGroups', index),
  });
}

/** A manifest rule as an EC2 rule. Precondition: the rule passed validation (its ports parse). */
export function toRule(networkName: string, rule: SecurityGroupRule): Rule {
  const ports = parsePorts(rule.protocol, rule.ports);
  if (!ports.ok) throw new Error(`invalid ports reached expansion: ${ports.message}`);
  return {
    protocol: rule.protocol === 'all' ? '-1' : rule.protocol,
    fromPort: ports.fromPort,
    toPort: ports.toPort,
    ...(rule.cidr === undefined ? {} : { cidrIpv4: rule.cidr }),
    ...(rule.prefixList === undefined ? {} : { prefixListId: rule.prefixList }),
    ...(rule.securityGroup === undefined ? {} : { securityGroupId: outputOf(SECURITY_GROUP, securityGroupAddress(networkName, rule.securityGroup), 'id') }),
    ...(rule.description === undefined ? {} : { description: rule.description }),
  };
}
