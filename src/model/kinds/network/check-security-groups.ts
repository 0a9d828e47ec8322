/**
 * Checks of security groups and their rules: unique names, peers that name a group of this Network,
 * ports that suit the protocol, and no rule twice (EC2 rejects a duplicate permission with
 * `InvalidPermission.Duplicate`, whatever its description).
 */
import type { SecurityGroupRule } from '../../generated/manifest.js';
import { pointer } from '../../pointer.js';
import type { NetworkSpec } from '../../types.js';
import type { CheckContext } from '../kind.js';
import { parsePorts } from './ports.js';

export function checkSecurityGroups(spec: NetworkSpec, context: CheckContext): void {
  const groups = spec.securityGroups ?? [];
  const firstIndexOf = new Map<string, number>();
  groups.forEach((group, index) => {
    const first = firstIndexOf.get(group.name);
    if (first === undefined) firstIndexOf.set(group.name, index);
    else {
      context.report(
        pointer('/spec/securityGroups', index, 'name'),
        `duplicate security group name "${group.name}" (first at ${context.locate(pointer('/spec/securityGroups', first, 'name'))})`,
      );
    }
  });

  const known = [...firstIndexOf.keys()];
  groups.forEach((group, groupIndex) => {
    for (const direction of ['ingress', 'egress'] as const) {
      checkRules(group[direction] ?? [], pointer('/spec/securityGroups', groupIndex, direction), known, context);
    }
  });
}

function checkRules(rules: readonly SecurityGroupRule[], at: string, knownGroups: readonly string[], context: CheckContext): void {
  const seen = new Map<string, number>();
  rules.forEach((rule, index) => {
    const rulePointer = pointer(at, index);
    if (rule.securityGroup !== undefined && !knownGroups.includes(rule.securityGroup)) {
      context.report(pointer(rulePointer, 'securityGroup'), unknownGroupMessage(rule.securityGroup, knownGroups));
    }
    const ports = parsePorts(rule.protocol, rule.ports);
    if (!ports.ok) {
      context.report(pointer(rulePointer, 'ports'), ports.message);
      return;
    }
    const key = JSON.stringify([rule.protocol, ports.fromPort, ports.toPort, rule.cidr, rule.prefixList, rule.securityGroup]);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else context.report(rulePointer, `duplicate of the rule at ${context.locate(pointer(at, first))}: same protocol, ports and peer`);
  });
}

export function unknownGroupMessage(name: string, knownGroups: readonly string[]): string {
  return `unknown security group "${name}" (${knownGroups.length > 0 ? `known: ${knownGroups.join(', ')}` : 'the Network declares none in securityGroups'})`;
}
