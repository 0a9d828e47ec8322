/**
 * The rules of one security group, as one resource (docs/resources.md, "Security group rules"). It
 * has no tags of its own (`taggable: false`: the engine does not diff its tags): it is observed from
 * the owned groups, its address being the group's with `security-group` replaced by
 * `security-group-rules`, its tags the group's.
 *
 * - observe: one DescribeSecurityGroups (owner tag filter) and one paginated DescribeSecurityGroupRules
 *   per 200 owned groups (`group-id` filter; EC2 takes at most 200 values per filter) — never one call
 *   per group. A rule's description missing from DescribeSecurityGroupRules is taken from the group's
 *   IpPermissions (`withGroupDescriptions`), so the rules need the raw groups, not only their observation;
 * - create: converge the group's live rules to the desired ones (AWS's default allow-all egress rule is
 *   an ordinary live rule and goes unless declared). It re-reads the live rules first, so a replayed
 *   create is harmless: idempotency `token` in effect, without needing a token;
 * - update: authorize the added rules, change descriptions in place
 *   (UpdateSecurityGroupRuleDescriptionsIngress/Egress keep the rule and its ID, so no moment without
 *   the rule), then revoke the removed ones by rule ID — in that order, so traffic both versions allow
 *   never drops. Rules are matched by what AWS treats as the same rule (`ruleIdentity`: protocol,
 *   ports, peer; a peer group's account only when it is not the scope's). A live rule that matches a
 *   rule AWS just answered `InvalidPermission.Duplicate` for is never revoked, and after a duplicate the
 *   group's rules are read again: if they still differ from the desired ones the step fails
 *   (TerminalError) instead of reporting success;
 * - delete: revoke every rule, so that a group another group's rules referenced can be deleted next;
 * - release: nothing (the group's release removes the ownership tags this resource is observed by).
 *
 * References: EC2 API Reference, AuthorizeSecurityGroupIngress/Egress (`InvalidPermission.Duplicate`
 * for an existing rule), RevokeSecurityGroupIngress/Egress (`InvalidSecurityGroupRuleId.NotFound`),
 * DescribeSecurityGroupRules, UpdateSecurityGroupRuleDescriptionsIngress/Egress.
 */
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  paginateDescribeSecurityGroupRules,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  UpdateSecurityGroupRuleDescriptionsEgressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
} from '@aws-sdk/client-ec2';
import type { SecurityGroup } from '@aws-sdk/client-ec2';
import { errorCode } from '../../../core/classify.js';
import { canonicalJson, setChange, valueChange } from '../../../core/diff.js';
import { RetryAfterError, TerminalError } from '../../../core/errors.js';
import type { FieldChange, ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler } from '../../../core/resource-type.js';
import { listSecurityGroups, ownedSecurityGroups } from '../security-group/index.js';
import { observedSecurityGroup, SECURITY_GROUP_TYPE } from '../security-group/sdk.js';
import { addressFilters } from '../tags.js';
import {
  DIRECTIONS,
  groupAddressOf,
  liveRule,
  liveRulesOf,
  normalizeRules,
  observedRules,
  peerGroupReplaced,
  peerKey,
  ruleIdentity,
  rulesAddressOf,
  rulesResourceId,
  toIpPermission,
  type Direction,
  type LiveRule,
  type Rule,
  type RulesSpec,
  withGroupDescriptions,
} from './sdk.js';
import { SECURITY_GROUP_RULES } from './type.js';

/** DescribeSecurityGroupRules accepts MaxResults 5–1000 (EC2 API Reference). */
const PAGE_SIZE = 1000;
/** EC2 accepts at most 200 values in one filter. */
const FILTER_VALUES = 200;

/** Live rules of `groupIds`: one paginated call per 200 groups. */
async function describeRules(ctx: ReconcilerContext, groupIds: readonly string[]): Promise<Map<string, LiveRule[]>> {
  const client = ctx.clients.get(EC2Client);
  const byGroup = new Map<string, LiveRule[]>(groupIds.map((id) => [id, []]));
  for (let start = 0; start < groupIds.length; start += FILTER_VALUES) {
    const Filters = [{ Name: 'group-id', Values: groupIds.slice(start, start + FILTER_VALUES) }];
    for await (const page of paginateDescribeSecurityGroupRules({ client, pageSize: PAGE_SIZE }, { Filters })) {
      for (const rule of page.SecurityGroupRules ?? []) byGroup.get(rule.GroupId ?? '')?.push(liveRule(rule, ctx.scope.account));
    }
  }
  return byGroup;
}

/** Rules resources of the owned groups (those with an address) among `groups`. */
async function rulesOfGroups(ctx: ReconcilerContext, groups: readonly SecurityGroup[]) {
  const addressed = groups.flatMap((sdkGroup) => {
    const group = observedSecurityGroup(sdkGroup, ctx.scope);
    const address = group.address && rulesAddressOf(group.address);
    return address ? [{ group, sdkGroup, address }] : [];
  });
  if (addressed.length === 0) return [];
  const rules = await describeRules(ctx, addressed.map(({ group }) => group.id));
  return addressed.map(({ group, sdkGroup, address }) =>
    observedRules(group, address, withGroupDescriptions(rules.get(group.id) ?? [], sdkGroup, ctx.scope.account), ctx.scope),
  );
}

/**
 * The live rules of one group, for a create. The group was typically created just now: a Describe by
 * ID first (retried on `InvalidGroup.NotFound`) makes sure it is visible, since a filter on an
 * invisible group would answer "no rules" and hide AWS's default egress rule.
 */
async function readLiveRules(ctx: ReconcilerContext, groupId: string): Promise<LiveRule[]> {
  const client = ctx.clients.get(EC2Client);
  const { SecurityGroups } = await ctx.retry('wait for the group', () => client.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] })));
  const rules = (await ctx.retry('read rules', () => describeRules(ctx, [groupId]))).get(groupId) ?? [];
  return withGroupDescriptions(rules, SecurityGroups?.[0], ctx.scope.account);
}

/**
 * Authorizes `rules` in one call. `InvalidPermission.Duplicate` (the rule exists: a replayed call, or
 * a rule added meanwhile) is success for that rule; since it fails the whole call, the rules are then
 * authorized one by one. Returns the rules AWS called duplicates.
 */
async function authorize(ctx: ReconcilerContext, groupId: string, direction: Direction, rules: readonly Rule[]): Promise<Rule[]> {
  if (rules.length === 0) return [];
  const client = ctx.clients.get(EC2Client);
  const send = (batch: readonly Rule[]) => {
    const input = { GroupId: groupId, IpPermissions: batch.map(toIpPermission) };
    return ctx.retry(`authorize ${direction}`, () =>
      direction === 'ingress'
        ? client.send(new AuthorizeSecurityGroupIngressCommand(input))
        : client.send(new AuthorizeSecurityGroupEgressCommand(input)),
    );
  };
  try {
    await send(rules);
    return [];
  } catch (error) {
    if (errorCode(error) !== 'InvalidPermission.Duplicate') throw error;
    const duplicates: Rule[] = [];
    for (const rule of rules) {
      try {
        await send([rule]);
      } catch (single) {
        if (errorCode(single) !== 'InvalidPermission.Duplicate') throw single;
        duplicates.push(rule);
      }
    }
    return duplicates;
  }
}

/**
 * Revokes rules by ID. If one of them is gone already (`InvalidSecurityGroupRuleId.NotFound` fails the
 * whole call), the group's rules are re-read and the ones still there are revoked.
 */
async function revoke(ctx: ReconcilerContext, groupId: string, direction: Direction, ruleIds: readonly string[]): Promise<void> {
  if (ruleIds.length === 0) return;
  const client = ctx.clients.get(EC2Client);
  const send = (ids: readonly string[]) => {
    const input = { GroupId: groupId, SecurityGroupRuleIds: [...ids] };
    return ctx.retry(`revoke ${direction}`, () =>
      direction === 'ingress' ? client.send(new RevokeSecurityGroupIngressCommand(input)) : client.send(new RevokeSecurityGroupEgressCommand(input)),
    );
  };
  try {
    await send(ruleIds);
  } catch (error) {
    if (errorCode(error) !== 'InvalidSecurityGroupRuleId.NotFound') throw error;
    const live = (await describeRules(ctx, [groupId])).get(groupId) ?? [];
    const remaining = ruleIds.filter((id) => live.some((rule) => rule.ruleId === id));
    if (remaining.length > 0) await send(remaining);
  }
}

async function updateDescriptions(ctx: ReconcilerContext, groupId: string, direction: Direction, changed: ReadonlyArray<{ ruleId: string; description: string }>) {
  if (changed.length === 0) return;
  const client = ctx.clients.get(EC2Client);
  const input = {
    GroupId: groupId,
    SecurityGroupRuleDescriptions: changed.map(({ ruleId, description }) => ({ SecurityGroupRuleId: ruleId, Description: description })),
  };
  await ctx.retry(`update ${direction} rule descriptions`, () =>
    direction === 'ingress'
      ? client.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand(input))
      : client.send(new UpdateSecurityGroupRuleDescriptionsEgressCommand(input)),
  );
}

/**
 * Makes the `directions` of the group's live rules equal to the desired ones. A live rule that shares
 * its {@link peerKey} with a rule AWS called a duplicate is the same EC2 rule whatever trellis read
 * differently: it is kept, and the group's rules are re-read to check the outcome.
 */
async function converge(ctx: ReconcilerContext, spec: RulesSpec, live: readonly LiveRule[], directions: readonly Direction[]): Promise<void> {
  const duplicated: Rule[] = [];
  for (const direction of directions) {
    const wanted = new Map(normalizeRules(spec[direction]).map((rule) => [ruleIdentity(direction, rule), rule]));
    const have = new Map(live.filter((r) => r.direction === direction).map((r) => [ruleIdentity(direction, r.rule), r]));
    const added = [...wanted].filter(([key]) => !have.has(key)).map(([, rule]) => rule);
    const redescribed = [...wanted].flatMap(([key, rule]) => {
      const current = have.get(key);
      return current && (current.rule.description ?? '') !== (rule.description ?? '') ? [{ ruleId: current.ruleId, description: rule.description ?? '' }] : [];
    });
    const duplicates = await authorize(ctx, spec.groupId, direction, added);
    duplicated.push(...duplicates);
    const kept = new Set(duplicates.map((rule) => peerKey(direction, rule)));
    const removed = [...have].filter(([key, r]) => !wanted.has(key) && !kept.has(peerKey(direction, r.rule))).map(([, r]) => r.ruleId);
    await updateDescriptions(ctx, spec.groupId, direction, redescribed);
    await revoke(ctx, spec.groupId, direction, removed);
  }
  if (duplicated.length > 0) await verifyConverged(ctx, spec, directions, duplicated);
}

/** How the live rules of `directions` differ from the desired ones, one text per direction; empty when equal. */
function differences(spec: RulesSpec, live: readonly LiveRule[], directions: readonly Direction[]): string[] {
  return directions.flatMap((direction) => {
    const want = normalizeRules(spec[direction]).map((rule) => canonicalJson(rule));
    const have = normalizeRules(live.filter((r) => r.direction === direction).map((r) => r.rule)).map((rule) => canonicalJson(rule));
    const missing = want.filter((rule) => !have.includes(rule));
    const unexpected = have.filter((rule) => !want.includes(rule));
    return missing.length + unexpected.length > 0 ? [`${direction}: wanted ${missing.join(', ') || 'nothing more'}, live ${unexpected.join(', ') || 'nothing else'}`] : [];
  });
}

/**
 * After a duplicate: the live rules must now be the desired ones. Read under the step retries, since
 * rules just authorized or revoked may take a moment to show (eventual consistency); a difference that
 * outlasts them fails the step, saying how the rules differ.
 */
async function verifyConverged(ctx: ReconcilerContext, spec: RulesSpec, directions: readonly Direction[], duplicated: readonly Rule[]): Promise<void> {
  try {
    await ctx.retry('re-read rules after a duplicate', async () => {
      const found = differences(spec, await readLiveRules(ctx, spec.groupId), directions);
      if (found.length > 0) throw new RetryAfterError(found.join('; '), 0);
    });
  } catch (error) {
    if (!(error instanceof RetryAfterError)) throw error;
    throw new TerminalError(
      `security group ${spec.groupId}: AWS answered InvalidPermission.Duplicate for ${duplicated.map((rule) => canonicalJson(rule)).join(', ')}, ` +
        `but its rules still differ from the desired ones (${error.message}); the live rule it matched was kept, not revoked`,
    );
  }
}

export const securityGroupRulesReconciler = defineReconciler({
  type: SECURITY_GROUP_RULES,
  idempotency: 'token',
  dependsOn: [SECURITY_GROUP_TYPE],
  replaceFields: ['groupId'],
  taggable: false,

  async observe(ctx) {
    return rulesOfGroups(ctx, await ownedSecurityGroups(ctx));
  },

  async findByAddress(ctx, address) {
    const groups = await listSecurityGroups(ctx, addressFilters(ctx.owner, groupAddressOf(address)));
    return (await rulesOfGroups(ctx, groups)).filter((rules) => rules.address === address);
  },

  diff(desired, observed) {
    const want = desired.spec;
    const have = observed.spec;
    const replacePeers = peerGroupReplaced(want, have);
    const changes = [
      valueChange('groupId', want.groupId, have.groupId, true),
      ...DIRECTIONS.map((direction) => setChange(direction, normalizeRules(want[direction]), normalizeRules(have[direction]), replacePeers)),
    ];
    return changes.filter((change): change is FieldChange => change !== undefined);
  },

  async create(ctx, desired) {
    const { spec } = desired;
    const live = await readLiveRules(ctx, spec.groupId);
    await converge(ctx, spec, live, DIRECTIONS);
    return { id: rulesResourceId(spec.groupId), outputs: { id: spec.groupId } };
  },

  async update(ctx, desired, observed, changes) {
    const directions = DIRECTIONS.filter((direction) => changes.some((change) => change.path === direction));
    if (directions.length === 0) return;
    const groupId = observed.outputs.id;
    const known = liveRulesOf(observed);
    // Rule IDs travel in the observed outputs; a plan that lost them re-reads the group's rules.
    const live = known.some((rule) => rule.ruleId === '') ? await readLiveRules(ctx, groupId) : known;
    await converge(ctx, { ...desired.spec, groupId }, live, directions);
  },

  async delete(ctx, observed) {
    // `InvalidGroup.NotFound` (the group is gone, and its rules with it) is success for the engine.
    const groupId = observed.outputs.id;
    const known = liveRulesOf(observed);
    const live = known.some((rule) => rule.ruleId === '') ? await readLiveRules(ctx, groupId) : known;
    for (const direction of DIRECTIONS) {
      await revoke(ctx, groupId, direction, live.filter((rule) => rule.direction === direction).map((rule) => rule.ruleId));
    }
  },

  async release() {
    // Nothing of its own to untag: see the module comment.
  },
});

