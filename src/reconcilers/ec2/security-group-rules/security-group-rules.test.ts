import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  EC2ServiceException,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockContext } from '../../test-context.js';
import { diffResource, KNOWN_AFTER_APPLY } from '../../../core/diff.js';
import { erasedObserved } from '../../../core/resource-type.js';
import type { DesiredResource, ObservedResource } from '../../../core/types.js';
import { securityGroupRulesReconciler as reconciler } from './index.js';
import { liveRule, observedRules, ruleIdentity, withGroupDescriptions, type Rule } from './sdk.js';

const ec2Mock = mockClient(EC2Client);
const scope = { account: '111111111111', region: 'us-east-1' };
const groupAddress = 'network/core/security-group/app';
const address = 'network/core/security-group-rules/app';
const { ctx } = mockContext(EC2Client, scope);

const https: Rule = { protocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '10.0.0.0/16', description: 'HTTPS from the VPC' };
const postgres: Rule = { protocol: 'tcp', fromPort: 5432, toPort: 5432, securityGroupId: 'sg-db' };
const allEgress: Rule = { protocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' };

const desired = (ingress: Rule[], egress: Rule[] = [], groupId: unknown = 'sg-app'): DesiredResource => ({
  address,
  type: 'ec2:security-group-rules',
  scope,
  spec: { groupId, ingress, egress },
  tags: { Name: 'core-app', 'trellis:owner': 'trellis', 'trellis:address': address },
  source: { file: 'net.json', pointer: '/spec/securityGroups/0' },
  deletionPolicy: 'Delete',
  ignoreDrift: [],
  mode: 'enforce',
});

let nextRule = 0;
function sdkRule(rule: Rule, isEgress = false, groupId = 'sg-app'): SecurityGroupRule {
  nextRule += 1;
  return {
    SecurityGroupRuleId: `sgr-${nextRule}`,
    GroupId: groupId,
    IsEgress: isEgress,
    IpProtocol: rule.protocol,
    FromPort: rule.fromPort,
    ToPort: rule.toPort,
    ...(rule.cidrIpv4 ? { CidrIpv4: rule.cidrIpv4 } : {}),
    ...(rule.securityGroupId ? { ReferencedGroupInfo: { GroupId: String(rule.securityGroupId) } } : {}),
    ...(rule.description ? { Description: rule.description } : {}),
  };
}

function observed(rules: SecurityGroupRule[]): ObservedResource {
  const group = { id: 'sg-app', tags: { 'trellis:owner': 'trellis', 'trellis:address': groupAddress } };
  return erasedObserved(observedRules(group, address, rules.map((rule) => liveRule(rule, scope.account)), scope));
}

describe('security group rules reconciler: diff', () => {
  it('sees nothing to do when the rules only come in another order, or tags differ', () => {
    const live = observed([sdkRule(postgres), sdkRule(https), sdkRule(allEgress, true)]);
    const reordered = { ...desired([https, postgres], [allEgress]), tags: { Name: 'anything' } };
    expect(diffResource(reconciler, reordered, live)).toEqual([]);
  });

  it('reports an added rule as an in-place set change, and AWS default egress as a rule to remove', () => {
    const live = observed([sdkRule(https), sdkRule(allEgress, true)]);
    const changes = diffResource(reconciler, desired([https, postgres]), live);
    expect(changes.map((c) => [c.path, c.replace])).toEqual([
      ['ingress', false],
      ['egress', false],
    ]);
  });

  it('replaces the rules when a peer group they point at is being replaced', () => {
    const live = observed([sdkRule(postgres)]);
    const changes = diffResource(reconciler, desired([{ ...postgres, securityGroupId: KNOWN_AFTER_APPLY }]), live);
    expect(changes).toEqual([expect.objectContaining({ path: 'ingress', replace: true })]);
  });

  it('updates in place when a new peer group is added next to the existing ones', () => {
    const live = observed([sdkRule(postgres)]);
    const changes = diffResource(reconciler, desired([postgres, { ...postgres, fromPort: 6379, toPort: 6379, securityGroupId: KNOWN_AFTER_APPLY }]), live);
    expect(changes).toEqual([expect.objectContaining({ path: 'ingress', replace: false })]);
  });

  it('keeps IPv6 and cross-account peer rules distinct, so each is revoked by its own ID', () => {
    // No GroupOwnerId, as moto answers: the peer's account is compared with the scope's, not with it.
    const base = { IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, GroupId: 'sg-app' };
    const ipv6 = liveRule({ ...base, SecurityGroupRuleId: 'sgr-6', CidrIpv6: '::/0' }, scope.account);
    const peer = liveRule({ ...base, SecurityGroupRuleId: 'sgr-p', ReferencedGroupInfo: { GroupId: 'sg-far', UserId: '999999999999' } }, scope.account);
    const local = liveRule({ ...base, SecurityGroupRuleId: 'sgr-l', ReferencedGroupInfo: { GroupId: 'sg-near', UserId: '111111111111' } }, scope.account);
    expect(ipv6.rule).toMatchObject({ cidrIpv6: '::/0' });
    expect(peer.rule).toMatchObject({ securityGroupId: 'sg-far', peerAccount: '999999999999' });
    expect(local.rule).not.toHaveProperty('peerAccount'); // the scope's own account: as a manifest declares it
    expect(ruleIdentity('ingress', local.rule)).toBe(ruleIdentity('ingress', { protocol: 'tcp', fromPort: 22, toPort: 22, securityGroupId: 'sg-near', description: 'x' }));
  });

  it('takes a description DescribeSecurityGroupRules left out from the group\'s IpPermissions', () => {
    const bare = liveRule({ ...sdkRule(postgres), Description: undefined }, scope.account);
    const group = {
      GroupId: 'sg-app',
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-db', UserId: scope.account, Description: 'from the app' }] }],
    };
    expect(withGroupDescriptions([bare], group, scope.account).map((live) => live.rule.description)).toEqual(['from the app']);
    expect(withGroupDescriptions([bare], undefined, scope.account)).toEqual([bare]);
  });

  it('references the group and every peer group, under an ID of its own', () => {
    const live = observed([sdkRule(postgres), sdkRule(https)]);
    expect(live.id).toBe('sg-app/rules');
    expect(live.references).toEqual(['sg-app', 'sg-db']);
    expect(live.outputs.id).toBe('sg-app');
  });
});

describe('security group rules reconciler: calls', () => {
  beforeEach(() => ec2Mock.reset());

  it('creates by authorizing the desired rules and revoking AWS default egress rule', async () => {
    const defaultEgress = sdkRule(allEgress, true);
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-app' }] });
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [defaultEgress] });
    ec2Mock.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    ec2Mock.on(RevokeSecurityGroupEgressCommand).resolves({ Return: true });
    const created = await reconciler.create(ctx, desired([https, postgres]), { clientToken: 'unused' });
    expect(created).toEqual({ id: 'sg-app/rules', outputs: { id: 'sg-app' } });
    expect(ec2Mock.commandCalls(DescribeSecurityGroupsCommand)[0]!.args[0].input).toEqual({ GroupIds: ['sg-app'] });
    expect(ec2Mock.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]!.args[0].input).toEqual({
      GroupId: 'sg-app',
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16', Description: 'HTTPS from the VPC' }] },
        { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-db' }] },
      ],
    });
    expect(ec2Mock.commandCalls(RevokeSecurityGroupEgressCommand)[0]!.args[0].input).toEqual({
      GroupId: 'sg-app',
      SecurityGroupRuleIds: [defaultEgress.SecurityGroupRuleId],
    });
    expect(ec2Mock.commandCalls(AuthorizeSecurityGroupEgressCommand)).toHaveLength(0);
  });

  it('keeps AWS default egress rule when the manifest declares it', async () => {
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-app' }] });
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [sdkRule(allEgress, true)] });
    await reconciler.create(ctx, desired([], [allEgress]), { clientToken: 'unused' });
    expect(ec2Mock.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribeSecurityGroupsCommand', 'DescribeSecurityGroupRulesCommand']);
  });

  it('treats an already existing rule as authorized, retrying the others one by one, then re-reads the rules', async () => {
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-app' }] });
    // Before: none (the earlier authorize's response was lost); after: both.
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolvesOnce({ SecurityGroupRules: [] }).resolves({ SecurityGroupRules: [sdkRule(https), sdkRule(postgres)] });
    const duplicate = new EC2ServiceException({ name: 'InvalidPermission.Duplicate', $fault: 'client', message: 'exists', $metadata: {} });
    ec2Mock
      .on(AuthorizeSecurityGroupIngressCommand)
      .rejectsOnce(duplicate)
      .rejectsOnce(duplicate)
      .resolves({ Return: true });
    await reconciler.create(ctx, desired([https, postgres]), { clientToken: 'unused' });
    const calls = ec2Mock.commandCalls(AuthorizeSecurityGroupIngressCommand).map((call) => call.args[0].input.IpPermissions!.length);
    expect(calls).toEqual([2, 1, 1]);
    expect(ec2Mock.commandCalls(DescribeSecurityGroupRulesCommand)).toHaveLength(2);
  });

  it('updates narrowly: authorizes the added rule, re-describes in place, revokes the removed one by ID', async () => {
    const keep = sdkRule({ ...https, description: 'old text' });
    const gone = sdkRule({ protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '10.0.0.0/8' });
    const egress = sdkRule(allEgress, true);
    const live = observed([keep, gone, egress]);
    const target = desired([https, postgres], [allEgress]);
    ec2Mock.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    ec2Mock.on(UpdateSecurityGroupRuleDescriptionsIngressCommand).resolves({ Return: true });
    ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    await reconciler.update(ctx, target, live, diffResource(reconciler, target, live));
    expect(ec2Mock.calls().map((call) => call.args[0].constructor.name)).toEqual([
      'AuthorizeSecurityGroupIngressCommand',
      'UpdateSecurityGroupRuleDescriptionsIngressCommand',
      'RevokeSecurityGroupIngressCommand',
    ]);
    expect(ec2Mock.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]!.args[0].input.IpPermissions).toEqual([
      { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: 'sg-db' }] },
    ]);
    expect(ec2Mock.commandCalls(UpdateSecurityGroupRuleDescriptionsIngressCommand)[0]!.args[0].input).toEqual({
      GroupId: 'sg-app',
      SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: keep.SecurityGroupRuleId, Description: 'HTTPS from the VPC' }],
    });
    expect(ec2Mock.commandCalls(RevokeSecurityGroupIngressCommand)[0]!.args[0].input).toEqual({
      GroupId: 'sg-app',
      SecurityGroupRuleIds: [gone.SecurityGroupRuleId],
    });
  });

  it('never revokes a live rule AWS calls a duplicate of a wanted one, and fails the step when the rules still differ', async () => {
    // trellis reads the live rule as another account's (UserId), AWS says it is the wanted one.
    const peer = sdkRule(postgres);
    const live = { ...peer, ReferencedGroupInfo: { GroupId: 'sg-db', UserId: '999999999999' } };
    const observedLive = observed([live]);
    const target = desired([postgres]);
    const duplicate = new EC2ServiceException({ name: 'InvalidPermission.Duplicate', $fault: 'client', message: 'exists', $metadata: {} });
    ec2Mock.on(AuthorizeSecurityGroupIngressCommand).rejects(duplicate);
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-app' }] });
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [live] });
    const diff = diffResource(reconciler, target, observedLive);
    expect(diff.map((change) => change.path)).toEqual(['ingress']);
    await expect(reconciler.update(ctx, target, observedLive, diff)).rejects.toThrow(
      /AWS answered InvalidPermission.Duplicate .* but its rules still differ from the desired ones .*kept, not revoked/,
    );
    expect(ec2Mock.commandCalls(RevokeSecurityGroupIngressCommand)).toHaveLength(0);
    expect(ec2Mock.commandCalls(DescribeSecurityGroupRulesCommand)).toHaveLength(1); // the re-read
  });

  it('after a duplicate from a replayed authorize, re-reads the rules and succeeds when they match', async () => {
    const duplicate = new EC2ServiceException({ name: 'InvalidPermission.Duplicate', $fault: 'client', message: 'exists', $metadata: {} });
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-app' }] });
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolvesOnce({ SecurityGroupRules: [] }).resolves({ SecurityGroupRules: [sdkRule(https)] });
    ec2Mock.on(AuthorizeSecurityGroupIngressCommand).rejects(duplicate);
    await reconciler.create(ctx, desired([https]), { clientToken: 'unused' });
    expect(ec2Mock.commandCalls(DescribeSecurityGroupRulesCommand)).toHaveLength(2);
    expect(ec2Mock.commandCalls(RevokeSecurityGroupIngressCommand)).toHaveLength(0);
  });

  it('makes no call when the diff names no rule direction', async () => {
    const live = observed([sdkRule(https)]);
    await reconciler.update(ctx, desired([https, postgres]), live, []);
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('deletes by revoking every rule by ID, in each direction', async () => {
    const rules = [sdkRule(https), sdkRule(postgres), sdkRule(allEgress, true)];
    ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    ec2Mock.on(RevokeSecurityGroupEgressCommand).resolves({ Return: true });
    await reconciler.delete(ctx, observed(rules));
    expect(ec2Mock.commandCalls(RevokeSecurityGroupIngressCommand)[0]!.args[0].input.SecurityGroupRuleIds!.sort()).toEqual(
      [rules[0]!.SecurityGroupRuleId, rules[1]!.SecurityGroupRuleId].sort(),
    );
    expect(ec2Mock.commandCalls(RevokeSecurityGroupEgressCommand)[0]!.args[0].input.SecurityGroupRuleIds).toEqual([rules[2]!.SecurityGroupRuleId]);
  });

  it('observes with one group listing and one rule listing per 200 groups', async () => {
    const groups = Array.from({ length: 201 }, (_, i) => ({
      GroupId: `sg-${i}`,
      VpcId: 'vpc-1',
      Tags: [
        { Key: 'trellis:owner', Value: 'trellis' },
        { Key: 'trellis:address', Value: `network/core/security-group/g${i}` },
      ],
    }));
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: groups });
    const rule = sdkRule(https, false, 'sg-7');
    ec2Mock
      .on(DescribeSecurityGroupRulesCommand)
      .callsFake((input: { Filters: Array<{ Values: string[] }> }) => ({ SecurityGroupRules: input.Filters[0]!.Values.includes('sg-7') ? [rule] : [] }));
    const found = await reconciler.observe(ctx);
    expect(ec2Mock.commandCalls(DescribeSecurityGroupsCommand)).toHaveLength(1);
    const ruleCalls = ec2Mock.commandCalls(DescribeSecurityGroupRulesCommand).map((call) => call.args[0].input.Filters![0]!.Values!.length);
    expect(ruleCalls).toEqual([200, 1]);
    expect(found).toHaveLength(201);
    expect(found.find((r) => r.outputs.id === 'sg-7')).toMatchObject({
      address: 'network/core/security-group-rules/g7',
      spec: { ingress: [https], egress: [] },
    });
  });
});
