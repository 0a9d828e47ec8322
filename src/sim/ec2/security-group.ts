/**
 * Security groups and their rules: CreateSecurityGroup, DescribeSecurityGroups,
 * DescribeSecurityGroupRules, AuthorizeSecurityGroupIngress/Egress, RevokeSecurityGroupIngress/Egress,
 * UpdateSecurityGroupRuleDescriptionsIngress/Egress, DeleteSecurityGroup, and each VPC's `default`
 * group (created with its VPC and deleted with it: `onCreate`/`onDelete` of `ec2:vpc`; a saved state
 * from before, whose default groups were made on first use, is repaired once: `securityGroups`).
 *
 * References:
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html (names unique
 *   per VPC, may not start with `sg-`, up to 255 characters; "By default, a new security group has an
 *   outbound rule that allows all traffic" — AWS adds that egress rule itself)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroupRules.html
 *   (filters `group-id`, `security-group-rule-id`, `tag:<key>`; MaxResults 5–1000)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html and
 *   API_AuthorizeSecurityGroupEgress.html (an existing rule is `InvalidPermission.Duplicate`; the
 *   response lists the new rules with their `sgr-` IDs)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupIngress.html ("For a
 *   non-default VPC, if the values you specify do not match the existing rule's values, an
 *   InvalidPermission.NotFound client error is returned, and no rules are revoked")
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_UpdateSecurityGroupRuleDescriptionsIngress.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html ("If you attempt
 *   to delete a security group that is associated with an instance or network interface, is referenced
 *   by another security group in the same VPC … the operation fails with DependencyViolation")
 * - Default groups: https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html (ingress
 *   from the group itself, egress to everywhere; cannot be deleted: `CannotDelete`)
 * - Quotas: https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html (60 inbound and 60
 *   outbound rules per group)
 * - Error codes: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
 *
 * The simulation supports IPv4 CIDR, prefix list and security group peers; IPv6 ranges are refused
 * as not implemented. Peer groups must be in the same VPC (no peering).
 */
import type {
  AuthorizeSecurityGroupEgressCommandInput,
  AuthorizeSecurityGroupEgressCommandOutput,
  AuthorizeSecurityGroupIngressCommandInput,
  AuthorizeSecurityGroupIngressCommandOutput,
  CreateSecurityGroupCommandInput,
  CreateSecurityGroupCommandOutput,
  DeleteSecurityGroupCommandInput,
  DeleteSecurityGroupCommandOutput,
  DescribeSecurityGroupRulesCommandInput,
  DescribeSecurityGroupRulesCommandOutput,
  DescribeSecurityGroupsCommandInput,
  DescribeSecurityGroupsCommandOutput,
  IpPermission,
  RevokeSecurityGroupEgressCommandInput,
  RevokeSecurityGroupEgressCommandOutput,
  RevokeSecurityGroupIngressCommandInput,
  RevokeSecurityGroupIngressCommandOutput,
  SecurityGroup,
  SecurityGroupRule,
  SecurityGroupRuleDescription,
  TagSpecification,
  UpdateSecurityGroupRuleDescriptionsEgressCommandOutput,
  UpdateSecurityGroupRuleDescriptionsIngressCommandOutput,
} from '@aws-sdk/client-ec2';
import { parseCidr } from '../cidr.js';
import { NotImplementedInSimulation } from '../errors.js';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import type { ResourceRecord } from '../state.js';
import { applyFilters, exactFilterValues, paginate, requireVisible, type FilterAttributes } from './filters.js';
import { isAwsPrefixList } from './prefix-list.js';
import { tagList, tagsFromSpecifications } from './tags.js';
import { VPC_KIND, vpcs } from './vpc.js';
import { requireUsableVpc } from './shared-vpc.js';

export const SECURITY_GROUP_KIND = 'ec2:security-group';
export const RULES_PER_DIRECTION = 60;
const MAX_NAME_LENGTH = 255;

export interface SecurityGroupRecord extends ResourceRecord {
  vpcId: string;
  groupName: string;
  description: string;
  isDefault: boolean;
}

export interface SecurityGroupRuleRecord extends ResourceRecord {
  groupId: string;
  isEgress: boolean;
  /** `tcp`, `udp`, `icmp` or `-1`, as AWS returns it. */
  ipProtocol: string;
  fromPort: number;
  toPort: number;
  cidrIpv4?: string;
  prefixListId?: string;
  referencedGroupId?: string;
  description?: string;
}

function groupCollection(ctx: HandlerContext): Record<string, SecurityGroupRecord> {
  return ctx.collection<SecurityGroupRecord>('ec2', 'securityGroups');
}

function ruleCollection(ctx: HandlerContext): Record<string, SecurityGroupRuleRecord> {
  return ctx.collection<SecurityGroupRuleRecord>('ec2', 'securityGroupRules');
}

/** The region's groups: the collection, repaired once per Simulation if saved by an older one. */
export function securityGroups(ctx: HandlerContext): Record<string, SecurityGroupRecord> {
  const groups = groupCollection(ctx);
  if (!repaired.has(groups)) {
    repaired.add(groups);
    repairOnce(ctx, groups);
  }
  return groups;
}

/**
 * Group IDs by VPC, per group collection (by identity): built by one pass on first use, kept by
 * `storeGroup` and `deleteGroup`, the only writers of groups.
 */
const vpcIndexes = new WeakMap<object, Map<string, Set<string>>>();

function groupIdsByVpc(ctx: HandlerContext): Map<string, Set<string>> {
  const groups = groupCollection(ctx);
  let index = vpcIndexes.get(groups);
  if (!index) {
    index = new Map();
    for (const group of Object.values(groups)) indexGroup(index, group);
    vpcIndexes.set(groups, index);
  }
  return index;
}

function indexGroup(index: Map<string, Set<string>>, group: SecurityGroupRecord): void {
  let ids = index.get(group.vpcId);
  if (!ids) index.set(group.vpcId, (ids = new Set()));
  ids.add(group.id);
}

/** The caller's groups in `vpcId` (visible yet or not). */
function groupsOfVpc(ctx: HandlerContext, vpcId: string): SecurityGroupRecord[] {
  const groups = securityGroups(ctx);
  return [...(groupIdsByVpc(ctx).get(vpcId) ?? [])].map((id) => groups[id]!);
}

function storeGroup(ctx: HandlerContext, group: SecurityGroupRecord): void {
  const index = groupIdsByVpc(ctx);
  groupCollection(ctx)[group.id] = group;
  indexGroup(index, group);
}

/** Group collections already repaired (by identity: a loaded state has new objects). */
const repaired = new WeakSet<object>();

/**
 * State saved before default groups were created with their VPC: gives each VPC without one its
 * `default` group and drops the default groups (and their rules) of deleted VPCs. A no-op on state
 * this version wrote; one pass, not one per call.
 */
function repairOnce(ctx: HandlerContext, groups: Record<string, SecurityGroupRecord>): void {
  const allVpcs = vpcs(ctx);
  const withDefault = new Set<string>();
  for (const group of Object.values(groups)) {
    if (!group.isDefault) continue;
    if (allVpcs[group.vpcId]) withDefault.add(group.vpcId);
    else deleteGroup(ctx, group.id);
  }
  for (const vpc of Object.values(allVpcs)) if (!withDefault.has(vpc.id)) createDefaultGroup(ctx, vpc.id, vpc.createdAt);
}

/** A VPC's `default` group: ingress from itself, egress to everywhere; visible with the VPC. */
function createDefaultGroup(ctx: HandlerContext, vpcId: string, createdAt: number): void {
  const group: SecurityGroupRecord = {
    id: ctx.newId('sg'),
    createdAt,
    tags: {},
    vpcId,
    groupName: 'default',
    description: 'default VPC security group',
    isDefault: true,
  };
  storeGroup(ctx, group);
  addRule(ctx, { groupId: group.id, isEgress: false, ipProtocol: '-1', fromPort: -1, toPort: -1, referencedGroupId: group.id }, {}, createdAt);
  addRule(ctx, { groupId: group.id, isEgress: true, ipProtocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' }, {}, createdAt);
}

/** Deletes a group and its rules. */
function deleteGroup(ctx: HandlerContext, groupId: string): void {
  for (const rule of rulesOf(ctx, groupId)) deleteRule(ctx, rule.id);
  const groups = groupCollection(ctx);
  const group = groups[groupId];
  if (!group) return;
  const index = groupIdsByVpc(ctx);
  delete groups[groupId];
  index.get(group.vpcId)?.delete(groupId);
}

export function defaultSecurityGroupOf(ctx: HandlerContext, vpcId: string): SecurityGroupRecord | undefined {
  return groupsOfVpc(ctx, vpcId).find((g) => g.isDefault);
}

export function groupNotFound(ctx: HandlerContext, ids: readonly string[]): Error {
  return ctx.error('InvalidGroup.NotFound', `The security group '${ids.join(', ')}' does not exist`);
}

/** Visible groups by ID; any unknown one fails the call with `InvalidGroup.NotFound`, as AWS does. */
export function requireSecurityGroups(ctx: HandlerContext, ids: readonly string[]): SecurityGroupRecord[] {
  return requireVisible(ctx, securityGroups(ctx), ids, (missing) => groupNotFound(ctx, missing));
}

function requireGroup(ctx: HandlerContext, groupId: string | undefined, groupName?: string): SecurityGroupRecord {
  if (groupId) return requireSecurityGroups(ctx, [groupId])[0]!;
  if (groupName) {
    throw new NotImplementedInSimulation(ctx.service, `${ctx.operation}(GroupName) — pass GroupId`);
  }
  throw ctx.error('MissingParameter', 'The request must contain the parameter groupId');
}

type RuleFields = Omit<SecurityGroupRuleRecord, 'id' | 'createdAt' | 'tags'>;

/**
 * Rule IDs by group, per rule collection (by identity), built by one pass on first use and kept by
 * `addRule`/`deleteRule`, the only writers of rules: a group's rules without a pass over every rule of
 * the region per call (issue 11).
 */
const ruleIndexes = new WeakMap<object, Map<string, Set<string>>>();

function ruleIndex(ctx: HandlerContext): Map<string, Set<string>> {
  const rules = ruleCollection(ctx);
  let index = ruleIndexes.get(rules);
  if (!index) {
    index = new Map();
    for (const rule of Object.values(rules)) indexRule(index, rule);
    ruleIndexes.set(rules, index);
  }
  return index;
}

function indexRule(index: Map<string, Set<string>>, rule: SecurityGroupRuleRecord): void {
  let ids = index.get(rule.groupId);
  if (!ids) index.set(rule.groupId, (ids = new Set()));
  ids.add(rule.id);
}

function addRule(ctx: HandlerContext, fields: RuleFields, tags: Record<string, string>, createdAt = ctx.now): SecurityGroupRuleRecord {
  const record: SecurityGroupRuleRecord = { id: ctx.newId('sgr'), createdAt, tags, ...definedOnly(fields) };
  const index = ruleIndex(ctx);
  ruleCollection(ctx)[record.id] = record;
  indexRule(index, record);
  return record;
}

function deleteRule(ctx: HandlerContext, id: string): void {
  const rules = ruleCollection(ctx);
  const rule = rules[id];
  if (!rule) return;
  const index = ruleIndex(ctx);
  delete rules[id];
  const ids = index.get(rule.groupId);
  ids?.delete(id);
  if (ids?.size === 0) index.delete(rule.groupId);
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function groupArn(ctx: HandlerContext, id: string): string {
  return `arn:aws:ec2:${ctx.region}:${ctx.account}:security-group/${id}`;
}

/** What makes two rules the same rule: everything but the description (and ID). */
function ruleIdentity(rule: RuleFields): string {
  return [rule.isEgress, rule.ipProtocol, rule.fromPort, rule.toPort, rule.cidrIpv4 ?? '', rule.prefixListId ?? '', rule.referencedGroupId ?? ''].join('|');
}

function rulesOf(ctx: HandlerContext, groupId: string, isEgress?: boolean): SecurityGroupRuleRecord[] {
  const rules = ruleCollection(ctx);
  const found: SecurityGroupRuleRecord[] = [];
  for (const id of ruleIndex(ctx).get(groupId) ?? []) {
    const rule = rules[id]!;
    if (isEgress === undefined || rule.isEgress === isEgress) found.push(rule);
  }
  return found;
}

const PROTOCOL_NAMES: Readonly<Record<string, string>> = { '-1': '-1', all: '-1', '6': 'tcp', tcp: 'tcp', '17': 'udp', udp: 'udp', '1': 'icmp', icmp: 'icmp' };

/** IpPermissions → one rule per peer, validated as AWS validates them. */
function expandPermissions(ctx: HandlerContext, group: SecurityGroupRecord, isEgress: boolean, permissions: readonly IpPermission[]): RuleFields[] {
  const rules: RuleFields[] = [];
  for (const permission of permissions) {
    const given = String(permission.IpProtocol ?? '').toLowerCase();
    const ipProtocol = PROTOCOL_NAMES[given];
    if (ipProtocol === undefined) {
      throw ctx.error('InvalidParameterValue', `Invalid value '${String(permission.IpProtocol)}' for IP protocol. Unknown protocol.`);
    }
    let fromPort = permission.FromPort ?? -1;
    let toPort = permission.ToPort ?? -1;
    if (ipProtocol === '-1') {
      // "If you specify -1 … traffic on all ports is allowed, regardless of any ports you specify."
      fromPort = -1;
      toPort = -1;
    } else if (ipProtocol !== 'icmp') {
      if (permission.FromPort === undefined || permission.ToPort === undefined) {
        throw ctx.error('InvalidParameterValue', `Invalid value for portRange. Must specify both from and to ports with TCP/UDP.`);
      }
      if (fromPort < 0 || toPort > 65535 || fromPort > toPort) {
        throw ctx.error('InvalidParameterValue', `Invalid value for portRange. Must specify both from and to ports with TCP/UDP.`);
      }
    }
    if ((permission.Ipv6Ranges ?? []).length > 0) throw new NotImplementedInSimulation(ctx.service, `${ctx.operation}(Ipv6Ranges)`);
    const base = { groupId: group.id, isEgress, ipProtocol, fromPort, toPort };
    const peers = [
      ...(permission.IpRanges ?? []).map((range) => {
        if (!range.CidrIp || !parseCidr(range.CidrIp)) {
          throw ctx.error('InvalidParameterValue', `CIDR block ${String(range.CidrIp)} is malformed`);
        }
        return { ...base, cidrIpv4: range.CidrIp, description: range.Description };
      }),
      ...(permission.PrefixListIds ?? []).map((entry) => {
        if (!entry.PrefixListId || !isAwsPrefixList(ctx.region, entry.PrefixListId)) {
          throw ctx.error('InvalidPrefixListId.NotFound', `The prefix list ID '${String(entry.PrefixListId)}' does not exist`);
        }
        return { ...base, prefixListId: entry.PrefixListId, description: entry.Description };
      }),
      ...(permission.UserIdGroupPairs ?? []).map((pair) => {
        if (!pair.GroupId) throw new NotImplementedInSimulation(ctx.service, `${ctx.operation}(UserIdGroupPairs without GroupId)`);
        const [peer] = requireSecurityGroups(ctx, [pair.GroupId]);
        if (peer!.vpcId !== group.vpcId) {
          throw ctx.error('InvalidGroup.NotFound', `You have specified a security group '${pair.GroupId}' from a different VPC (the simulation has no peering)`);
        }
        return { ...base, referencedGroupId: pair.GroupId, description: pair.Description };
      }),
    ];
    if (peers.length === 0) {
      throw ctx.error('InvalidParameterValue', 'The request must contain at least one source or destination (IpRanges, PrefixListIds or UserIdGroupPairs)');
    }
    rules.push(...peers);
  }
  return rules;
}

function describeRule(rule: RuleFields): string {
  const peer = rule.cidrIpv4 ?? rule.prefixListId ?? rule.referencedGroupId;
  return `peer: ${peer}, ${rule.ipProtocol.toUpperCase()}, from port: ${rule.fromPort}, to port: ${rule.toPort}, ALLOW`;
}

function toRule(ctx: HandlerContext, record: SecurityGroupRuleRecord): SecurityGroupRule {
  // `motoSecurityGroupRules` (options.ts): no GroupOwnerId, no description on group and prefix-list peers.
  const moto = ctx.options.motoSecurityGroupRules === true;
  const described = !(moto && (record.referencedGroupId !== undefined || record.prefixListId !== undefined));
  return {
    SecurityGroupRuleId: record.id,
    GroupId: record.groupId,
    GroupOwnerId: moto ? undefined : ctx.account,
    IsEgress: record.isEgress,
    IpProtocol: record.ipProtocol,
    FromPort: record.fromPort,
    ToPort: record.toPort,
    CidrIpv4: record.cidrIpv4,
    PrefixListId: record.prefixListId,
    ReferencedGroupInfo: record.referencedGroupId ? { GroupId: record.referencedGroupId, UserId: ctx.account } : undefined,
    Description: described ? record.description : undefined,
    Tags: tagList(record.tags) ?? [],
    SecurityGroupRuleArn: `arn:aws:ec2:${ctx.region}:${ctx.account}:security-group-rule/${record.id}`,
  };
}

/** Rules grouped back into IpPermissions, as DescribeSecurityGroups returns them. */
function toPermissions(ctx: HandlerContext, rules: readonly SecurityGroupRuleRecord[]): IpPermission[] {
  const byKey = new Map<string, IpPermission>();
  for (const rule of [...rules].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const key = `${rule.ipProtocol}|${rule.fromPort}|${rule.toPort}`;
    let permission = byKey.get(key);
    if (!permission) {
      permission = { IpProtocol: rule.ipProtocol, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
      if (rule.ipProtocol !== '-1') Object.assign(permission, { FromPort: rule.fromPort, ToPort: rule.toPort });
      byKey.set(key, permission);
    }
    if (rule.cidrIpv4) permission.IpRanges!.push(definedOnly({ CidrIp: rule.cidrIpv4, Description: rule.description }));
    if (rule.prefixListId) permission.PrefixListIds!.push(definedOnly({ PrefixListId: rule.prefixListId, Description: rule.description }));
    if (rule.referencedGroupId) {
      permission.UserIdGroupPairs!.push(definedOnly({ GroupId: rule.referencedGroupId, UserId: ctx.account, Description: rule.description }));
    }
  }
  return [...byKey.values()];
}

function toGroup(ctx: HandlerContext, record: SecurityGroupRecord): SecurityGroup {
  return {
    GroupId: record.id,
    GroupName: record.groupName,
    Description: record.description,
    VpcId: record.vpcId,
    OwnerId: ctx.account,
    SecurityGroupArn: groupArn(ctx, record.id),
    IpPermissions: toPermissions(ctx, rulesOf(ctx, record.id, false)),
    IpPermissionsEgress: toPermissions(ctx, rulesOf(ctx, record.id, true)),
    Tags: tagList(record.tags),
  };
}

const groupFilters = (ctx: HandlerContext): FilterAttributes<SecurityGroupRecord> => ({
  'group-id': (r) => r.id,
  'group-name': (r) => r.groupName,
  description: (r) => r.description,
  'vpc-id': (r) => r.vpcId,
  'owner-id': () => ctx.account,
});

const ruleFilters: FilterAttributes<SecurityGroupRuleRecord> = {
  'group-id': (r) => r.groupId,
  'security-group-rule-id': (r) => r.id,
};

interface AuthorizeInput {
  GroupId?: string;
  GroupName?: string;
  IpPermissions?: IpPermission[];
  TagSpecifications?: TagSpecification[];
}

function authorize(ctx: HandlerContext, input: AuthorizeInput, isEgress: boolean): { Return: boolean; SecurityGroupRules: SecurityGroupRule[] } {
  const group = requireGroup(ctx, input.GroupId, input.GroupName);
  const permissions = input.IpPermissions ?? [];
  if (permissions.length === 0) throw ctx.error('MissingParameter', 'The request must contain the parameter ipPermissions');
  const requested = expandPermissions(ctx, group, isEgress, permissions);
  const tags = tagsFromSpecifications(ctx, input.TagSpecifications, 'security-group-rule');
  const existing = new Set(rulesOf(ctx, group.id, isEgress).map(ruleIdentity));
  const seen = new Set<string>();
  for (const rule of requested) {
    const identity = ruleIdentity(rule);
    if (existing.has(identity) || seen.has(identity)) {
      throw ctx.error('InvalidPermission.Duplicate', `the specified rule "${describeRule(rule)}" already exists`);
    }
    seen.add(identity);
  }
  if (existing.size + requested.length > RULES_PER_DIRECTION) {
    throw ctx.error('RulesPerSecurityGroupLimitExceeded', 'The maximum number of rules per security group has been reached.');
  }
  // Validated as a whole first: a failed call adds nothing.
  const created = requested.map((rule) => addRule(ctx, rule, { ...tags }));
  return { Return: true, SecurityGroupRules: created.map((r) => toRule(ctx, r)) };
}

interface RevokeInput {
  GroupId?: string;
  GroupName?: string;
  IpPermissions?: IpPermission[];
  SecurityGroupRuleIds?: string[];
}

function revoke(ctx: HandlerContext, input: RevokeInput, isEgress: boolean) {
  const group = requireGroup(ctx, input.GroupId, input.GroupName);
  const current = rulesOf(ctx, group.id, isEgress);
  const targets: SecurityGroupRuleRecord[] = [];
  const ruleIds = input.SecurityGroupRuleIds ?? [];
  const unknownIds = ruleIds.filter((id) => !current.some((r) => r.id === id));
  if (unknownIds.length > 0) {
    throw ctx.error('InvalidSecurityGroupRuleId.NotFound', `The security group rule IDs '${unknownIds.join(', ')}' do not exist`);
  }
  targets.push(...current.filter((r) => ruleIds.includes(r.id)));
  for (const rule of expandPermissions(ctx, group, isEgress, input.IpPermissions ?? [])) {
    const match = current.find((r) => ruleIdentity(r) === ruleIdentity(rule));
    if (!match) {
      throw ctx.error('InvalidPermission.NotFound', `The specified rule does not exist in this security group.`);
    }
    targets.push(match);
  }
  if (targets.length === 0) throw ctx.error('MissingParameter', 'The request must contain ipPermissions or securityGroupRuleIds');
  const revoked = [...new Set(targets)];
  for (const rule of revoked) deleteRule(ctx, rule.id);
  return {
    Return: true,
    RevokedSecurityGroupRules: revoked.map((r) =>
      definedOnly({
        SecurityGroupRuleId: r.id,
        GroupId: r.groupId,
        IsEgress: r.isEgress,
        IpProtocol: r.ipProtocol,
        FromPort: r.fromPort,
        ToPort: r.toPort,
        CidrIpv4: r.cidrIpv4,
        PrefixListId: r.prefixListId,
        ReferencedGroupId: r.referencedGroupId,
        Description: r.description,
      }),
    ),
  };
}

interface UpdateDescriptionsInput {
  GroupId?: string;
  GroupName?: string;
  IpPermissions?: IpPermission[];
  SecurityGroupRuleDescriptions?: SecurityGroupRuleDescription[];
}

function updateDescriptions(ctx: HandlerContext, input: UpdateDescriptionsInput, isEgress: boolean) {
  const group = requireGroup(ctx, input.GroupId, input.GroupName);
  const current = rulesOf(ctx, group.id, isEgress);
  const updates: Array<[SecurityGroupRuleRecord, string | undefined]> = [];
  for (const entry of input.SecurityGroupRuleDescriptions ?? []) {
    const rule = current.find((r) => r.id === entry.SecurityGroupRuleId);
    if (!rule) {
      throw ctx.error('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${String(entry.SecurityGroupRuleId)}' does not exist`);
    }
    updates.push([rule, entry.Description]);
  }
  for (const wanted of expandPermissions(ctx, group, isEgress, input.IpPermissions ?? [])) {
    const rule = current.find((r) => ruleIdentity(r) === ruleIdentity(wanted));
    if (!rule) throw ctx.error('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.');
    updates.push([rule, wanted.description]);
  }
  for (const [rule, description] of updates) {
    // An empty or absent description removes it.
    if (description) rule.description = description;
    else delete rule.description;
  }
  return { Return: true };
}

export const securityGroupModule: SimModule = {
  name: 'ec2/security-group',
  taggable: [
    { prefix: 'sg-', service: 'ec2', collection: 'securityGroups', notFoundCode: 'InvalidGroup.NotFound' },
    { prefix: 'sgr-', service: 'ec2', collection: 'securityGroupRules', notFoundCode: 'InvalidSecurityGroupRuleId.NotFound' },
  ],
  onCreate: {
    [VPC_KIND]: (ctx, vpcId) => createDefaultGroup(ctx, vpcId, vpcs(ctx)[vpcId]!.createdAt),
  },
  onDelete: {
    // "When you delete the VPC, it deletes the default security group" (API_DeleteVpc); any other
    // group blocks DeleteVpc (`dependents`).
    [VPC_KIND]: (ctx, vpcId) => {
      for (const group of groupsOfVpc(ctx, vpcId)) deleteGroup(ctx, group.id);
    },
  },
  dependents: {
    // Non-default groups block DeleteVpc; the default group goes with its VPC.
    [VPC_KIND]: (ctx, vpcId) =>
      groupsOfVpc(ctx, vpcId)
        .filter((g) => !g.isDefault)
        .map((g) => g.id),
  },
  handlers: {
    'EC2:CreateSecurityGroup': defineHandler<CreateSecurityGroupCommandInput, CreateSecurityGroupCommandOutput>((ctx, input) => {
      if (!input.GroupName) throw ctx.error('MissingParameter', 'The request must contain the parameter groupName');
      if (!input.Description) throw ctx.error('MissingParameter', 'The request must contain the parameter groupDescription');
      if (input.GroupName.length > MAX_NAME_LENGTH || input.Description.length > MAX_NAME_LENGTH) {
        throw ctx.error('InvalidParameterValue', `Group name and description may be at most ${MAX_NAME_LENGTH} characters`);
      }
      if (input.GroupName.toLowerCase().startsWith('sg-')) {
        throw ctx.error('InvalidParameterValue', "Invalid security group name. Group names may not be in the format sg-*.");
      }
      if (input.GroupName === 'default') {
        throw ctx.error('InvalidGroup.Reserved', "The security group 'default' is reserved");
      }
      // Without VpcId the group goes to the default VPC.
      const vpcId = input.VpcId ?? Object.values(vpcs(ctx)).find((v) => v.isDefault)?.id;
      if (!vpcId) throw ctx.error('VPCIdNotSpecified', 'No default VPC for this user');
      const vpc = requireUsableVpc(ctx, vpcId);
      if (groupsOfVpc(ctx, vpc.id).some((g) => g.groupName === input.GroupName)) {
        throw ctx.error('InvalidGroup.Duplicate', `The security group '${input.GroupName}' already exists for VPC '${vpc.id}'`);
      }
      const tags = tagsFromSpecifications(ctx, input.TagSpecifications, 'security-group');
      const group: SecurityGroupRecord = {
        id: ctx.newId('sg'),
        createdAt: ctx.now,
        tags,
        vpcId: vpc.id,
        groupName: input.GroupName,
        description: input.Description,
        isDefault: false,
      };
      storeGroup(ctx, group);
      addRule(ctx, { groupId: group.id, isEgress: true, ipProtocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' }, {});
      return { GroupId: group.id, Tags: tagList(tags), SecurityGroupArn: groupArn(ctx, group.id) };
    }),

    'EC2:DescribeSecurityGroups': defineHandler<DescribeSecurityGroupsCommandInput, DescribeSecurityGroupsCommandOutput>((ctx, input) => {
      if ((input.GroupNames ?? []).length > 0) throw new NotImplementedInSimulation(ctx.service, 'DescribeSecurityGroups(GroupNames)');
      const ids = input.GroupIds ?? [];
      const all = securityGroups(ctx);
      const candidates = ids.length > 0 ? requireSecurityGroups(ctx, ids) : Object.values(all).filter((g) => ctx.isVisible(g));
      const filtered = applyFilters(ctx, candidates, input.Filters, groupFilters(ctx));
      const { page, nextToken } = paginate(ctx, filtered, input, { minResults: 5, maxResults: 1000, idsGiven: ids.length > 0 });
      return { SecurityGroups: page.map((g) => toGroup(ctx, g)), NextToken: nextToken };
    }),

    'EC2:DescribeSecurityGroupRules': defineHandler<DescribeSecurityGroupRulesCommandInput, DescribeSecurityGroupRulesCommandOutput>(
      (ctx, input) => {
        const groups = securityGroups(ctx); // repairs default groups of an older saved state
        const ids = input.SecurityGroupRuleIds ?? [];
        const all = ruleCollection(ctx);
        // A `group-id` filter without wildcards (how callers read a group's rules) narrows the
        // candidates to those groups' rules by the index; applyFilters still checks every filter.
        const groupIds = exactFilterValues(input.Filters, 'group-id');
        const scope = groupIds ? [...new Set(groupIds)].flatMap((id) => rulesOf(ctx, id)) : Object.values(all);
        const candidates =
          ids.length > 0
            ? requireVisible(ctx, all, ids, (missing) =>
                ctx.error('InvalidSecurityGroupRuleId.NotFound', `The security group rule IDs '${missing.join(', ')}' do not exist`),
              )
            : scope.filter((r) => ctx.isVisible(r) && ctx.isVisible(groups[r.groupId]!));
        const filtered = applyFilters(ctx, candidates, input.Filters, ruleFilters);
        // Unlike most Describe calls, MaxResults may be combined with rule IDs here (the API allows it).
        const { page, nextToken } = paginate(ctx, filtered, input, { minResults: 5, maxResults: 1000, idsGiven: false });
        return { SecurityGroupRules: page.map((r) => toRule(ctx, r)), NextToken: nextToken };
      },
    ),

    'EC2:AuthorizeSecurityGroupIngress': defineHandler<AuthorizeSecurityGroupIngressCommandInput, AuthorizeSecurityGroupIngressCommandOutput>(
      (ctx, input) => {
        if (input.CidrIp || input.IpProtocol || input.SourceSecurityGroupName) {
          throw new NotImplementedInSimulation(ctx.service, 'AuthorizeSecurityGroupIngress(CidrIp/IpProtocol) — pass IpPermissions');
        }
        return authorize(ctx, input, false);
      },
    ),
    'EC2:AuthorizeSecurityGroupEgress': defineHandler<AuthorizeSecurityGroupEgressCommandInput, AuthorizeSecurityGroupEgressCommandOutput>(
      (ctx, input) => authorize(ctx, input, true),
    ),
    'EC2:RevokeSecurityGroupIngress': defineHandler<RevokeSecurityGroupIngressCommandInput, RevokeSecurityGroupIngressCommandOutput>(
      (ctx, input) => revoke(ctx, input, false),
    ),
    'EC2:RevokeSecurityGroupEgress': defineHandler<RevokeSecurityGroupEgressCommandInput, RevokeSecurityGroupEgressCommandOutput>(
      (ctx, input) => revoke(ctx, input, true),
    ),
    'EC2:UpdateSecurityGroupRuleDescriptionsIngress': defineHandler<UpdateDescriptionsInput, UpdateSecurityGroupRuleDescriptionsIngressCommandOutput>(
      (ctx, input) => updateDescriptions(ctx, input, false),
    ),
    'EC2:UpdateSecurityGroupRuleDescriptionsEgress': defineHandler<UpdateDescriptionsInput, UpdateSecurityGroupRuleDescriptionsEgressCommandOutput>(
      (ctx, input) => updateDescriptions(ctx, input, true),
    ),

    'EC2:DeleteSecurityGroup': defineHandler<DeleteSecurityGroupCommandInput, DeleteSecurityGroupCommandOutput>((ctx, input) => {
      const group = requireGroup(ctx, input.GroupId, input.GroupName);
      if (group.isDefault) throw ctx.error('CannotDelete', `the specified group: "${group.id}" name: "default" cannot be deleted by a user`);
      const referencing = Object.values(ruleCollection(ctx)).filter((r) => r.referencedGroupId === group.id && r.groupId !== group.id);
      const dependents = [...referencing.map((r) => r.groupId), ...ctx.dependentsOf(SECURITY_GROUP_KIND, group.id)];
      if (dependents.length > 0) {
        throw ctx.error('DependencyViolation', `resource ${group.id} has a dependent object`);
      }
      deleteGroup(ctx, group.id);
      return { Return: true, GroupId: group.id };
    }),
  },
};
