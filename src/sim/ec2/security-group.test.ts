import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteVpcCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  EC2ServiceException,
  paginateDescribeSecurityGroupRules,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../index.js';
import { ACCOUNT_A, REGION, rejection } from '../test-helpers.js';
import { awsPrefixLists } from './prefix-list.js';

const scope = { account: ACCOUNT_A, region: REGION };

async function setup(options: ConstructorParameters<typeof Simulation>[0] = {}) {
  const sim = new Simulation({ seed: 3, pageSize: 2, ...options });
  const ec2 = sim.client(EC2Client, scope);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const group = async (name: string, vpcId = vpc) =>
    (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: `${name} group`, VpcId: vpcId }))).GroupId!;
  const rules = async (groupId: string): Promise<SecurityGroupRule[]> => {
    const found: SecurityGroupRule[] = [];
    for await (const page of paginateDescribeSecurityGroupRules({ client: ec2 }, { Filters: [{ Name: 'group-id', Values: [groupId] }] })) {
      found.push(...(page.SecurityGroupRules ?? []));
    }
    return found;
  };
  return { sim, ec2, vpc, group, rules };
}

async function expectEc2Error(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(EC2ServiceException);
  expect(error.name).toBe(code);
}

const https = (cidr: string, description?: string) => ({
  IpProtocol: 'tcp',
  FromPort: 443,
  ToPort: 443,
  IpRanges: [{ CidrIp: cidr, ...(description ? { Description: description } : {}) }],
});

describe('CreateSecurityGroup', () => {
  it('creates a tagged group with only the default allow-all egress rule', async () => {
    const { ec2, vpc, rules } = await setup();
    const out = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: 'web',
        Description: 'web servers',
        VpcId: vpc,
        TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'team', Value: 'a' }] }],
      }),
    );
    expect(out.GroupId).toMatch(/^sg-[0-9a-f]{17}$/);
    expect(out.Tags).toEqual([{ Key: 'team', Value: 'a' }]);
    const live = await rules(out.GroupId!);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' });
    expect(live[0]!.SecurityGroupRuleId).toMatch(/^sgr-[0-9a-f]{17}$/);
  });

  it('refuses a second group of the same name in one VPC, but not in another VPC', async () => {
    const { ec2, group } = await setup();
    await group('web');
    await expectEc2Error(group('web'), 'InvalidGroup.Duplicate');
    const other = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
    await expect(group('web', other)).resolves.toMatch(/^sg-/);
  });

  it.each([
    ['sg-lookalike', 'InvalidParameterValue'],
    ['default', 'InvalidGroup.Reserved'],
  ])('refuses the name %s with %s', async (name, code) => {
    const { group } = await setup();
    await expectEc2Error(group(name), code);
  });

  it('fails with InvalidVpcID.NotFound for an unknown VPC', async () => {
    const { group } = await setup();
    await expectEc2Error(group('web', 'vpc-0123456789abcdef0'), 'InvalidVpcID.NotFound');
  });
});

describe('DescribeSecurityGroups', () => {
  it('shows every VPC a default group, and filters by tag and VPC across pages', async () => {
    const { ec2, vpc } = await setup();
    const tagged = (name: string) =>
      ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: name,
          Description: name,
          VpcId: vpc,
          TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'trellis:owner', Value: 'me' }] }],
        }),
      );
    for (const name of ['a', 'b', 'c']) await tagged(name);
    const inVpc = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }], MaxResults: 1000 }));
    expect(inVpc.SecurityGroups).toHaveLength(2); // pageSize 2: default + a, then the rest
    expect(inVpc.NextToken).toBeDefined();
    const owned = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:trellis:owner', Values: ['me'] }] }));
    const next = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:trellis:owner', Values: ['me'] }], NextToken: owned.NextToken }));
    expect([...owned.SecurityGroups!, ...next.SecurityGroups!].map((g) => g.GroupName).sort()).toEqual(['a', 'b', 'c']);
    const defaults = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }, { Name: 'vpc-id', Values: [vpc] }] }));
    expect(defaults.SecurityGroups).toHaveLength(1);
    expect(defaults.SecurityGroups![0]!.IpPermissions![0]!.UserIdGroupPairs![0]!.GroupId).toBe(defaults.SecurityGroups![0]!.GroupId);
  });

  it('fails with InvalidGroup.NotFound for an unknown group ID', async () => {
    const { ec2 } = await setup();
    await expectEc2Error(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0123456789abcdef0'] })), 'InvalidGroup.NotFound');
  });
});

describe('AuthorizeSecurityGroupIngress / Egress', () => {
  it('returns the new rules with IDs, one per peer, tagged from TagSpecifications', async () => {
    const { ec2, group } = await setup();
    const web = await group('web');
    const peer = await group('peer');
    const [prefixList] = awsPrefixLists(REGION);
    const out = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: web,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16', Description: 'vpc' }], UserIdGroupPairs: [{ GroupId: peer }] },
          { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, PrefixListIds: [{ PrefixListId: prefixList!.id }] },
        ],
        TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'k', Value: 'v' }] }],
      }),
    );
    expect(out.Return).toBe(true);
    expect(out.SecurityGroupRules).toHaveLength(3);
    expect(out.SecurityGroupRules!.map((r) => r.CidrIpv4 ?? r.ReferencedGroupInfo?.GroupId ?? r.PrefixListId).sort()).toEqual(
      ['10.0.0.0/16', peer, prefixList!.id].sort(),
    );
    expect(out.SecurityGroupRules!.every((r) => r.IsEgress === false && r.Tags?.[0]?.Key === 'k')).toBe(true);
  });

  it('answers InvalidPermission.Duplicate for an existing rule, even with another description, and adds nothing', async () => {
    const { ec2, group, rules } = await setup();
    const web = await group('web');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [https('10.0.0.0/16')] }));
    await expectEc2Error(
      ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [https('10.9.0.0/16'), https('10.0.0.0/16', 'other')] })),
      'InvalidPermission.Duplicate',
    );
    expect((await rules(web)).filter((r) => !r.IsEgress)).toHaveLength(1);
    // The default egress rule exists already too.
    await expectEc2Error(
      ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] })),
      'InvalidPermission.Duplicate',
    );
  });

  it('fails with InvalidGroup.NotFound for an unknown referenced group', async () => {
    const { ec2, group } = await setup();
    const web = await group('web');
    await expectEc2Error(
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: web,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 2, UserIdGroupPairs: [{ GroupId: 'sg-0123456789abcdef0' }] }],
        }),
      ),
      'InvalidGroup.NotFound',
    );
  });

  it("accepts AWS's own us-east-1 S3 prefix list ID, which manifests name, and refuses an unknown one", async () => {
    const sim = new Simulation({ seed: 3 });
    const ec2 = sim.client(EC2Client, { account: ACCOUNT_A, region: 'us-east-1' });
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const web = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web', VpcId: vpc }))).GroupId!;
    const rule = (id: string) => ({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: id }] });
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: web, IpPermissions: [rule('pl-63a5400a')] }));
    await expectEc2Error(ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: web, IpPermissions: [rule('pl-00000000')] })), 'InvalidPrefixListId.NotFound');
  });

  it('enforces 60 rules per direction', async () => {
    const { ec2, group } = await setup();
    const web = await group('web');
    const permissions = Array.from({ length: 60 }, (_, i) => https(`10.0.${i}.0/24`));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: permissions }));
    await expectEc2Error(
      ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [https('10.1.0.0/24')] })),
      'RulesPerSecurityGroupLimitExceeded',
    );
  });
});

describe('RevokeSecurityGroupIngress / Egress', () => {
  it('revokes by rule ID or by permission, and reports unknown ones without revoking anything', async () => {
    const { ec2, group, rules } = await setup();
    const web = await group('web');
    const added = await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [https('10.0.0.0/16'), https('10.1.0.0/16')] }));
    const [first] = added.SecurityGroupRules!;
    await expectEc2Error(
      ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: web, SecurityGroupRuleIds: [first!.SecurityGroupRuleId!, 'sgr-0123456789abcdef0'] })),
      'InvalidSecurityGroupRuleId.NotFound',
    );
    await expectEc2Error(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [https('10.7.0.0/16')] })), 'InvalidPermission.NotFound');
    expect((await rules(web)).filter((r) => !r.IsEgress)).toHaveLength(2);

    const revoked = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: web, SecurityGroupRuleIds: [first!.SecurityGroupRuleId!] }));
    expect(revoked.RevokedSecurityGroupRules?.[0]?.SecurityGroupRuleId).toBe(first!.SecurityGroupRuleId);
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [https('10.1.0.0/16')] }));
    const egress = (await rules(web)).find((r) => r.IsEgress)!;
    // An egress rule ID is unknown to the ingress call.
    await expectEc2Error(
      ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: web, SecurityGroupRuleIds: [egress.SecurityGroupRuleId!] })),
      'InvalidSecurityGroupRuleId.NotFound',
    );
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: web, SecurityGroupRuleIds: [egress.SecurityGroupRuleId!] }));
    expect(await rules(web)).toEqual([]);
  });

  it('updates a rule description in place, keeping its ID', async () => {
    const { ec2, group, rules } = await setup();
    const web = await group('web');
    const [rule] = (await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [https('10.0.0.0/16', 'old')] }))).SecurityGroupRules!;
    await ec2.send(
      new UpdateSecurityGroupRuleDescriptionsIngressCommand({
        GroupId: web,
        SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: rule!.SecurityGroupRuleId!, Description: 'new' }],
      }),
    );
    const live = (await rules(web)).find((r) => r.SecurityGroupRuleId === rule!.SecurityGroupRuleId);
    expect(live?.Description).toBe('new');
  });
});

describe('DescribeSecurityGroupRules', () => {
  it('filters by many group IDs and by rule ID, page by page', async () => {
    const { ec2, group } = await setup();
    const ids = [await group('a'), await group('b'), await group('c')];
    const seen: SecurityGroupRule[] = [];
    for await (const page of paginateDescribeSecurityGroupRules({ client: ec2 }, { Filters: [{ Name: 'group-id', Values: ids.slice(0, 2) }] })) {
      seen.push(...page.SecurityGroupRules!);
    }
    expect(seen.map((r) => r.GroupId).sort()).toEqual(ids.slice(0, 2).sort());
    const byId = await ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'security-group-rule-id', Values: [seen[0]!.SecurityGroupRuleId!] }] }),
    );
    expect(byId.SecurityGroupRules).toEqual([seen[0]]);
  });
});

describe('DeleteSecurityGroup', () => {
  it('answers DependencyViolation while another group references it, and deletes it after the rule is revoked', async () => {
    const { ec2, group } = await setup();
    const web = await group('web');
    const db = await group('db');
    const [rule] = (
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({ GroupId: db, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: web }] }] }),
      )
    ).SecurityGroupRules!;
    await expectEc2Error(ec2.send(new DeleteSecurityGroupCommand({ GroupId: web })), 'DependencyViolation');
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: db, SecurityGroupRuleIds: [rule!.SecurityGroupRuleId!] }));
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: web }));
    await expectEc2Error(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [web] })), 'InvalidGroup.NotFound');
  });

  it('refuses to delete the default group with CannotDelete', async () => {
    const { ec2, vpc } = await setup();
    const found = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }, { Name: 'group-name', Values: ['default'] }] }));
    await expectEc2Error(ec2.send(new DeleteSecurityGroupCommand({ GroupId: found.SecurityGroups![0]!.GroupId! })), 'CannotDelete');
  });

  it('blocks DeleteVpc while a non-default group exists, and the default group goes with the VPC', async () => {
    const { ec2, vpc, group } = await setup();
    const web = await group('web');
    await expectEc2Error(ec2.send(new DeleteVpcCommand({ VpcId: vpc })), 'DependencyViolation');
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: web }));
    await ec2.send(new DeleteVpcCommand({ VpcId: vpc }));
    const left = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }));
    expect(left.SecurityGroups).toEqual([]);
  });

  it('stores the default group and its rules with CreateVpc and removes them with DeleteVpc', async () => {
    const { sim, ec2, vpc } = await setup();
    const stored = () => sim.snapshot().accounts[ACCOUNT_A]![REGION]!.services['ec2']!;
    const groupsOf = () => Object.values(stored()['securityGroups']!).filter((g) => (g as { vpcId: string }).vpcId === vpc) as { id: string }[];
    const rulesOf = (groupId: string) => Object.values(stored()['securityGroupRules']!).filter((r) => (r as { groupId: string }).groupId === groupId);
    const [defaultGroup] = groupsOf();
    expect(defaultGroup).toMatchObject({ groupName: 'default', isDefault: true });
    expect(rulesOf(defaultGroup!.id)).toHaveLength(2);
    await ec2.send(new DeleteVpcCommand({ VpcId: vpc }));
    expect(groupsOf()).toEqual([]);
    expect(rulesOf(defaultGroup!.id)).toEqual([]);
  });

  it('repairs a saved state without default groups, or with the default group of a deleted VPC, once loaded', async () => {
    const { sim, vpc, group } = await setup();
    const web = await group('web');
    const state = sim.snapshot();
    const ec2State = state.accounts[ACCOUNT_A]![REGION]!.services['ec2']!;
    const groups = ec2State['securityGroups'] as Record<string, { id: string; vpcId: string; isDefault: boolean }>;
    const rules = ec2State['securityGroupRules'] as Record<string, { groupId: string }>;
    // As an older simulation saved it: default groups were made on first use.
    for (const g of Object.values(groups)) {
      if (!g.isDefault) continue;
      delete groups[g.id];
      for (const [id, rule] of Object.entries(rules)) if (rule.groupId === g.id) delete rules[id];
    }
    groups['sg-0000000000000dead'] = { ...groups[web]!, id: 'sg-0000000000000dead', vpcId: 'vpc-0000000000000dead', isDefault: true };
    const loaded = new Simulation({}, state).client(EC2Client, scope);
    const defaults = await loaded.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }] }));
    expect(defaults.SecurityGroups!.map((g) => g.VpcId)).toHaveLength(2); // the default VPC's and `vpc`'s
    const own = defaults.SecurityGroups!.find((g) => g.VpcId === vpc)!;
    expect(own.IpPermissions).toEqual([expect.objectContaining({ IpProtocol: '-1', UserIdGroupPairs: [expect.objectContaining({ GroupId: own.GroupId })] })]);
    expect(own.IpPermissionsEgress).toEqual([expect.objectContaining({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]);
    await expectEc2Error(loaded.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0000000000000dead'] })), 'InvalidGroup.NotFound');
  });

  it('hides a new group from Describe during the consistency window', async () => {
    const { ec2, group, sim } = await setup();
    sim.advance(60);
    sim.options.consistencyDelayMs = 50; // the VPC is older than that, the group will not be
    const web = await group('web');
    await expectEc2Error(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [web] })), 'InvalidGroup.NotFound');
    await expectEc2Error(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [https('10.0.0.0/16')] })), 'InvalidGroup.NotFound');
  });
});

describe('motoSecurityGroupRules', () => {
  it('answers rules without GroupOwnerId and without descriptions on group and prefix-list peers, as moto does', async () => {
    const { ec2, group, rules } = await setup({ motoSecurityGroupRules: true });
    const app = await group('app');
    const db = await group('db');
    const [s3] = awsPrefixLists(REGION);
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: app,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16', Description: 'cidr' }] },
          { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: db, Description: 'group' }] },
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: s3!.id, Description: 'prefix list' }] },
        ],
      }),
    );
    const ingress = (await rules(app)).filter((rule) => !rule.IsEgress);
    expect(ingress.every((rule) => rule.GroupOwnerId === undefined)).toBe(true);
    expect(ingress.map((rule) => rule.Description).sort()).toEqual(['cidr', undefined, undefined]);
    expect(ingress.find((rule) => rule.ReferencedGroupInfo)?.ReferencedGroupInfo).toEqual({ GroupId: db, UserId: ACCOUNT_A });
    // DescribeSecurityGroups keeps every description.
    const { SecurityGroups = [] } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [app] }));
    const permissions = SecurityGroups[0]!.IpPermissions ?? [];
    expect(permissions.flatMap((p) => [...(p.UserIdGroupPairs ?? []), ...(p.PrefixListIds ?? []), ...(p.IpRanges ?? [])].map((peer) => peer.Description)).sort()).toEqual([
      'cidr',
      'group',
      'prefix list',
    ]);
  });
});
