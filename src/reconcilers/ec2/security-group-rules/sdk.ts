/**
 * Pure helpers for security group rules: normalization (so that desired and live rules compare as
 * sets), SDK shapes in both directions, and the observed resource built from a group and its rules.
 */
import type { IpPermission, SecurityGroup, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { canonicalJson, isKnownAfterApply, sortedSet } from '../../../core/diff.js';
import { observed as observedOf, type Observed } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';

import { SECURITY_GROUP_RULES, type Rule, type RulesOutputs, type RulesSpec } from './type.js';

export type { Rule, RulesSpec } from './type.js';
export const SECURITY_GROUP_RULES_TYPE = SECURITY_GROUP_RULES.name;

export type Direction = 'ingress' | 'egress';
export const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/** A live rule: its direction and AWS rule ID besides the rule itself. */
export interface LiveRule {
  readonly direction: Direction;
  readonly ruleId: string;
  readonly rule: Rule;
}

/** EC2 answers protocol numbers for some rules; `all` and `-1` are the same. */
const PROTOCOLS: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1' };

/**
 * The comparable form: protocol by name, ports -1/-1 for "all protocols" (EC2 ignores ports then and
 * reports -1), exactly the one peer, and no empty description.
 */
export function normalizeRule(rule: Rule): Rule {
  const lower = String(rule.protocol).toLowerCase();
  const protocol = PROTOCOLS[lower] ?? lower;
  const allPorts = protocol === '-1';
  return {
    protocol,
    fromPort: allPorts ? -1 : rule.fromPort,
    toPort: allPorts ? -1 : rule.toPort,
    ...(rule.cidrIpv4 !== undefined ? { cidrIpv4: rule.cidrIpv4 } : {}),
    ...(rule.cidrIpv6 !== undefined ? { cidrIpv6: rule.cidrIpv6 } : {}),
    ...(rule.prefixListId !== undefined ? { prefixListId: rule.prefixListId } : {}),
    ...(rule.securityGroupId !== undefined ? { securityGroupId: rule.securityGroupId } : {}),
    ...(rule.peerAccount !== undefined ? { peerAccount: rule.peerAccount } : {}),
    ...(rule.description ? { description: rule.description } : {}),
  };
}

export function normalizeRules(rules: readonly Rule[] | undefined): Rule[] {
  return sortedSet((rules ?? []).map(normalizeRule));
}

/**
 * What makes two rules the same EC2 rule, as AWS decides it (AuthorizeSecurityGroupIngress answers
 * `InvalidPermission.Duplicate` for it): direction, protocol, ports and the one peer (IPv4 CIDR, IPv6
 * CIDR, prefix list, or group ID with its account when that is another one). Never the description:
 * AWS changes that in place (UpdateSecurityGroupRuleDescriptionsIngress/Egress, ModifySecurityGroupRules)
 * and keeps the rule and its ID.
 */
export function ruleIdentity(direction: Direction, rule: Rule): string {
  const { description: _description, ...identity } = normalizeRule(rule);
  return `${direction}:${canonicalJson(identity)}`;
}

/**
 * Coarser than {@link ruleIdentity}: the peer's value without its account. Two rules AWS may call
 * duplicates of each other always share it, so a live rule with the key of a rule AWS just called a
 * duplicate is never revoked as "removed", whatever field trellis read differently.
 */
export function peerKey(direction: Direction, rule: Rule): string {
  const { description: _description, peerAccount: _account, ...key } = normalizeRule(rule);
  return `${direction}:${canonicalJson(key)}`;
}

/**
 * `account` is the scope's: a referenced group is another account's only when its `UserId` names
 * another account. Never derived from `GroupOwnerId`, which an emulator may omit (moto does; AWS
 * documents and returns it) and which would then make every same-account reference look foreign.
 */
export function fromSdkRule(rule: SecurityGroupRule, account: string): Rule {
  const peerUser = rule.ReferencedGroupInfo?.UserId;
  return normalizeRule({
    protocol: rule.IpProtocol ?? '-1',
    fromPort: rule.FromPort ?? -1,
    toPort: rule.ToPort ?? -1,
    ...(rule.CidrIpv4 !== undefined ? { cidrIpv4: rule.CidrIpv4 } : {}),
    ...(rule.CidrIpv6 !== undefined ? { cidrIpv6: rule.CidrIpv6 } : {}),
    ...(rule.PrefixListId !== undefined ? { prefixListId: rule.PrefixListId } : {}),
    ...(rule.ReferencedGroupInfo?.GroupId !== undefined ? { securityGroupId: rule.ReferencedGroupInfo.GroupId } : {}),
    ...(peerUser !== undefined && peerUser !== account ? { peerAccount: peerUser } : {}),
    ...(rule.Description ? { description: rule.Description } : {}),
  });
}

export function liveRule(rule: SecurityGroupRule, account: string): LiveRule {
  return { direction: rule.IsEgress ? 'egress' : 'ingress', ruleId: rule.SecurityGroupRuleId ?? '', rule: fromSdkRule(rule, account) };
}

/** The rules of a group's IpPermissions (DescribeSecurityGroups), one per peer, by identity → description. */
function permissionDescriptions(group: SecurityGroup, account: string): Map<string, string> {
  const descriptions = new Map<string, string>();
  const add = (direction: Direction, permissions: readonly IpPermission[] | undefined) => {
    for (const permission of permissions ?? []) {
      const base = { protocol: permission.IpProtocol ?? '-1', fromPort: permission.FromPort ?? -1, toPort: permission.ToPort ?? -1 };
      const peers: Array<[Partial<Rule>, string | undefined]> = [
        ...(permission.IpRanges ?? []).map((r): [Partial<Rule>, string | undefined] => [{ cidrIpv4: r.CidrIp }, r.Description]),
        ...(permission.Ipv6Ranges ?? []).map((r): [Partial<Rule>, string | undefined] => [{ cidrIpv6: r.CidrIpv6 }, r.Description]),
        ...(permission.PrefixListIds ?? []).map((r): [Partial<Rule>, string | undefined] => [{ prefixListId: r.PrefixListId }, r.Description]),
        ...(permission.UserIdGroupPairs ?? []).map((r): [Partial<Rule>, string | undefined] => [
          { securityGroupId: r.GroupId, ...(r.UserId !== undefined && r.UserId !== account ? { peerAccount: r.UserId } : {}) },
          r.Description,
        ]),
      ];
      for (const [peer, description] of peers) if (description) descriptions.set(ruleIdentity(direction, { ...base, ...peer }), description);
    }
  };
  add('ingress', group.IpPermissions);
  add('egress', group.IpPermissionsEgress);
  return descriptions;
}

/**
 * Fills in the description of a live rule DescribeSecurityGroupRules returned without one, from the
 * same rule in the group's IpPermissions (DescribeSecurityGroups, which observe has read anyway). On
 * AWS both agree; an emulator that drops descriptions from one of them (moto, on group and prefix-list
 * peers) would otherwise make a description trellis set look missing on every run.
 */
export function withGroupDescriptions(rules: readonly LiveRule[], group: SecurityGroup | undefined, account: string): LiveRule[] {
  if (!group) return [...rules];
  const descriptions = permissionDescriptions(group, account);
  return rules.map((live) => {
    if (live.rule.description) return live;
    const description = descriptions.get(ruleIdentity(live.direction, live.rule));
    return description ? { ...live, rule: { ...live.rule, description } } : live;
  });
}

/** One IpPermission per rule, so that each rule keeps its own description. */
export function toIpPermission(rule: Rule): IpPermission {
  const normalized = normalizeRule(rule);
  const described = normalized.description !== undefined ? { Description: normalized.description } : {};
  const permission: IpPermission = { IpProtocol: normalized.protocol, FromPort: normalized.fromPort, ToPort: normalized.toPort };
  if (normalized.cidrIpv4 !== undefined) permission.IpRanges = [{ CidrIp: normalized.cidrIpv4, ...described }];
  if (normalized.prefixListId !== undefined) permission.PrefixListIds = [{ PrefixListId: normalized.prefixListId, ...described }];
  if (normalized.securityGroupId !== undefined) permission.UserIdGroupPairs = [{ GroupId: String(normalized.securityGroupId), ...described }];
  return permission;
}

/** `network/N/security-group/x` → `network/N/security-group-rules/x`. */
export function rulesAddressOf(groupAddress: string): string | undefined {
  return groupAddress.includes('/security-group/') ? groupAddress.replace('/security-group/', '/security-group-rules/') : undefined;
}

export function groupAddressOf(rulesAddress: string): string {
  return rulesAddress.replace('/security-group-rules/', '/security-group/');
}

/**
 * The rules resource's own ID. Not the group ID: a delete waits for every resource whose `references`
 * contain the deleted one's ID, so if the rules of A and B (which allow each other) were identified by
 * their group IDs, deleting both rule sets would wait on each other.
 */
export function rulesResourceId(groupId: string): string {
  return `${groupId}/rules`;
}

/** Rule IDs by {@link ruleIdentity}, carried in `outputs.ruleIds` so that updates revoke by ID. */
export type RuleIds = NonNullable<RulesOutputs['ruleIds']>;

export function observedRules(
  group: { id: string; tags: Readonly<Record<string, string>> },
  rulesAddress: string,
  rules: readonly LiveRule[],
  scope: Scope,
): Observed<RulesSpec, RulesOutputs> {
  const ruleIds: Record<string, string> = {};
  for (const live of rules) ruleIds[ruleIdentity(live.direction, live.rule)] = live.ruleId;
  const referenced = new Set<string>();
  for (const live of rules) {
    const peer = live.rule.securityGroupId;
    if (typeof peer === 'string' && peer !== group.id) referenced.add(peer);
  }
  // No tags of its own: its group's live tags with `trellis:address` read as the rules address
  // (docs/resources.md), so ownership and `trellis:deletion-policy` (a retained group keeps its rules)
  // work as for any resource. The engine does not diff them (`taggable: false`): the group's own
  // diff reports and repairs tag drift, once.
  const tags: Record<string, string> = { ...group.tags, [TAG_ADDRESS]: rulesAddress };
  return observedOf(SECURITY_GROUP_RULES, {
    scope,
    id: rulesResourceId(group.id),
    address: rulesAddress,
    tags,
    spec: {
      groupId: group.id,
      ingress: normalizeRules(rules.filter((r) => r.direction === 'ingress').map((r) => r.rule)),
      egress: normalizeRules(rules.filter((r) => r.direction === 'egress').map((r) => r.rule)),
    },
    outputs: { id: group.id, ruleIds },
    references: [group.id, ...[...referenced].sort()],
  });
}

/** The live rules an observed rules resource describes, with their IDs. */
export function liveRulesOf(observed: Observed<RulesSpec, RulesOutputs>): LiveRule[] {
  const { spec } = observed;
  const ruleIds = observed.outputs.ruleIds ?? {};
  return DIRECTIONS.flatMap((direction) =>
    (spec[direction] ?? []).map((rule) => ({ direction, rule, ruleId: ruleIds[ruleIdentity(direction, rule)] ?? '' })),
  );
}

/**
 * Whether a group the live rules point at is being replaced: a desired peer is not known yet while a
 * live peer group is no longer among the desired ones. Updating in place would then make the engine's
 * order cyclic (the old group's delete waits for this update, which waits for the new group, which
 * waits for the old group's delete), so the rules are replaced: revoked before the old group goes,
 * authorized after the new one exists. A peer that is merely new (not replacing a live one) updates
 * in place.
 */
export function peerGroupReplaced(desired: RulesSpec, observed: Partial<RulesSpec>): boolean {
  const desiredRules = [...(desired.ingress ?? []), ...(desired.egress ?? [])];
  if (!desiredRules.some((rule) => isKnownAfterApply(rule.securityGroupId))) return false;
  const desiredPeers = new Set(desiredRules.map((rule) => rule.securityGroupId).filter((peer) => typeof peer === 'string'));
  const livePeers = [...(observed.ingress ?? []), ...(observed.egress ?? [])]
    .map((rule) => rule.securityGroupId)
    .filter((peer): peer is string => typeof peer === 'string' && peer !== observed.groupId);
  return livePeers.some((peer) => !desiredPeers.has(peer));
}
