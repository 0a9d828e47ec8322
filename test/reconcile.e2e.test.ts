/**
 * End to end through the CLI against the simulated AWS: convergence, idempotence, drift repair,
 * pruning and its guards, conflicts and replacement.
 */
import {
  CreateSubnetCommand,
  CreateTagsCommand,
  DeleteSubnetCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  ModifyVpcAttributeCommand,
  paginateDescribeSubnets,
  type Subnet,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionsOf, cli, cliJson, ec2, exampleWorkspace, simulation, type Workspace } from './helpers.js';
import type { Simulation } from '../src/sim/index.js';

const OWNER_FILTER = [{ Name: 'tag:trellis:owner', Values: ['trellis'] }];

async function ownedSubnets(sim: Simulation): Promise<Subnet[]> {
  const subnets: Subnet[] = [];
  for await (const page of paginateDescribeSubnets({ client: ec2(sim) }, { Filters: OWNER_FILTER })) subnets.push(...(page.Subnets ?? []));
  return subnets;
}

function tag(resource: { Tags?: { Key?: string; Value?: string }[] }, key: string) {
  return resource.Tags?.find((t) => t.Key === key)?.Value;
}

describe('trellis reconcile on the example networking account', () => {
  let workspace: Workspace;
  let sim: Simulation;

  beforeEach(async () => {
    workspace = await exampleWorkspace({ vpcAndSubnetsOnly: true });
    sim = simulation();
  });
  afterEach(() => workspace.cleanup());

  it('creates the VPC and subnets from empty, then a second run is all noop with zero mutating calls', async () => {
    const first = await cliJson(sim, 'reconcile', workspace.dir);
    expect(first.code).toBe(0);
    // VPC, 6 subnets, internet gateway, route tables public / private-a / private-b / isolated
    expect(first.report.summary).toEqual({ create: 12, update: 0, replace: 0, delete: 0, noop: 0 });
    expect(first.report.apply).toMatchObject({ done: 12, failed: 0, skipped: 0 });
    const subnets = await ownedSubnets(sim);
    expect(subnets.map((s) => tag(s, 'trellis:address')).sort()).toEqual([
      'network/core/subnet/isolated-a',
      'network/core/subnet/isolated-b',
      'network/core/subnet/private-a',
      'network/core/subnet/private-b',
      'network/core/subnet/public-a',
      'network/core/subnet/public-b',
    ]);
    expect(subnets.find((s) => tag(s, 'trellis:address') === 'network/core/subnet/public-a')?.MapPublicIpOnLaunch).toBe(true);

    sim.calls.reset();
    const second = await cliJson(sim, 'reconcile', workspace.dir);
    expect(second.code).toBe(0);
    expect(second.report.changes.every((change) => change.action === 'noop')).toBe(true);
    expect(second.report.summary.noop).toBe(12);
    expect(sim.calls.mutating()).toBe(0);
  });

  it('tags every resource at creation, never with a separate tagging call', async () => {
    await cliJson(sim, 'reconcile', workspace.dir);
    expect(sim.calls.count('EC2:CreateTags')).toBe(0);
    const { Vpcs = [] } = await ec2(sim).send(new DescribeVpcsCommand({ Filters: OWNER_FILTER }));
    expect(Vpcs).toHaveLength(1);
    expect(tag(Vpcs[0]!, 'trellis:dns')).toBeUndefined();
    expect(tag(Vpcs[0]!, 'trellis:address')).toBe('network/core/vpc/main');
    expect(tag(Vpcs[0]!, 'managed-by')).toBe('trellis');
  });

  it('sees enableDnsHostnames switched off by hand, plans it, repairs it, with no trellis:dns tag anywhere', async () => {
    await cliJson(sim, 'reconcile', workspace.dir);
    const { Vpcs = [] } = await ec2(sim).send(new DescribeVpcsCommand({ Filters: OWNER_FILTER }));
    const vpcId = Vpcs[0]!.VpcId!;
    const hostnames = async () => (await ec2(sim).send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }))).EnableDnsHostnames?.Value;
    expect(await hostnames()).toBe(true);
    await ec2(sim).send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: false } }));

    const plan = await cliJson(sim, 'plan', workspace.dir, '--detailed-exitcode');
    expect(plan.code).toBe(2);
    const vpc = plan.report.changes.find((change) => change.address === 'network/core/vpc/main')!;
    expect(vpc.action).toBe('update');
    expect(vpc.diff).toEqual([{ path: 'enableDnsHostnames', from: false, to: true, replace: false }]);
    expect(plan.report.summary).toMatchObject({ update: 1, noop: 11 });

    sim.calls.reset();
    const repair = await cliJson(sim, 'reconcile', workspace.dir);
    expect(repair.code).toBe(0);
    expect(repair.report.apply).toMatchObject({ done: 1, failed: 0 });
    expect(sim.calls.mutatingOperations()).toEqual({ 'EC2:ModifyVpcAttribute': 1 });
    expect(await hostnames()).toBe(true);
    expect((await cliJson(sim, 'plan', workspace.dir, '--detailed-exitcode')).code).toBe(0);

    // Every resource of every account and region, as the simulation holds them.
    expect(JSON.stringify(sim.snapshot())).not.toContain('trellis:dns');
  });

  it('plans and repairs a changed tag and a subnet deleted out of band', async () => {
    await cliJson(sim, 'reconcile', workspace.dir);
    const subnets = await ownedSubnets(sim);
    const privateA = subnets.find((s) => tag(s, 'trellis:address') === 'network/core/subnet/private-a')!;
    const isolatedB = subnets.find((s) => tag(s, 'trellis:address') === 'network/core/subnet/isolated-b')!;
    await ec2(sim).send(new CreateTagsCommand({ Resources: [privateA.SubnetId!], Tags: [{ Key: 'Name', Value: 'renamed-by-hand' }] }));
    await ec2(sim).send(new DeleteSubnetCommand({ SubnetId: isolatedB.SubnetId! }));

    const plan = await cliJson(sim, 'plan', workspace.dir, '--detailed-exitcode');
    expect(plan.code).toBe(2);
    const drifted = plan.report.changes.find((change) => change.address === 'network/core/subnet/private-a')!;
    expect(drifted.action).toBe('update');
    expect(drifted.diff).toEqual([{ path: 'tags.Name', from: 'renamed-by-hand', to: 'core-private-a', replace: false }]);
    expect(actionsOf(plan.report)['network/core/subnet/isolated-b']).toBe('create');
    // The isolated route table lost its association with the deleted subnet.
    expect(actionsOf(plan.report)['network/core/route-table/isolated']).toBe('update');
    expect(plan.report.summary).toMatchObject({ create: 1, update: 2, noop: 9 });

    const repair = await cliJson(sim, 'reconcile', workspace.dir);
    expect(repair.code).toBe(0);
    expect(repair.report.apply).toMatchObject({ done: 3, failed: 0 });

    const after = await cliJson(sim, 'plan', workspace.dir, '--detailed-exitcode');
    expect(after.code).toBe(0);
    expect(after.report.summary).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0, noop: 12 });
  });

  it('deletes exactly the subnets (and route table) of a removed subnet group', async () => {
    await cliJson(sim, 'reconcile', workspace.dir);
    await workspace.editNetwork((network) => {
      network.spec.subnets = network.spec.subnets.filter((group) => group.name !== 'isolated');
    });
    const result = await cliJson(sim, 'reconcile', workspace.dir);
    expect(result.code).toBe(0);
    const deletes = result.report.changes.filter((change) => change.action === 'delete').map((change) => change.address);
    expect(deletes.sort()).toEqual(['network/core/route-table/isolated', 'network/core/subnet/isolated-a', 'network/core/subnet/isolated-b']);
    expect(sim.calls.count('EC2:DeleteSubnet')).toBe(2);
    expect((await ownedSubnets(sim)).map((s) => tag(s, 'trellis:address')).sort()).toEqual([
      'network/core/subnet/private-a',
      'network/core/subnet/private-b',
      'network/core/subnet/public-a',
      'network/core/subnet/public-b',
    ]);
  });

  it('refuses to empty an account when the manifests directory is empty, and deletes nothing', async () => {
    await cliJson(sim, 'reconcile', workspace.dir);
    const { rm } = await import('node:fs/promises');
    await rm(workspace.networkFile);
    sim.calls.reset();
    const result = await cliJson(sim, 'reconcile', workspace.dir);
    expect(result.code).toBe(1);
    expect(result.report.refusals).toHaveLength(1);
    expect(result.report.refusals[0]!.message).toMatch(/no manifest desires anything there/);
    expect(result.report.refusals[0]!.withheld).toHaveLength(12);
    expect(sim.calls.mutating()).toBe(0);
    expect(await ownedSubnets(sim)).toHaveLength(6);
  });

  it('refuses more deletions than limits.maxDeletions unless --allow-deletions covers them', async () => {
    await cliJson(sim, 'reconcile', workspace.dir);
    await workspace.editNetwork((network) => {
      network.spec.subnets = network.spec.subnets.filter((group) => group.name === 'public');
    });
    const { writeFile, readFile } = await import('node:fs/promises');
    const configFile = `${workspace.dir}/trellis.config.json`;
    const config = JSON.parse(await readFile(configFile, 'utf8'));
    await writeFile(configFile, JSON.stringify({ ...config, limits: { ...config.limits, maxDeletions: 3 } }));

    sim.calls.reset();
    const refused = await cliJson(sim, 'reconcile', workspace.dir);
    expect(refused.code).toBe(1);
    expect(refused.report.refusals[0]!.message).toMatch(/more than limits.maxDeletions \(3\)/);
    expect(sim.calls.count('EC2:DeleteSubnet')).toBe(0);

    // 4 subnets and 3 route tables (private-a, private-b, isolated)
    const allowed = await cliJson(sim, 'reconcile', workspace.dir, '--allow-deletions', '7');
    expect(allowed.report.apply?.failures).toEqual([]);
    expect(allowed.code).toBe(0);
    expect(sim.calls.count('EC2:DeleteSubnet')).toBe(4);
  });

  it('never modifies or deletes a resource of another owner, or of none, even with a matching address tag', async () => {
    await cliJson(sim, 'reconcile', workspace.dir);
    const [vpc] = (await ec2(sim).send(new DescribeVpcsCommand({ Filters: OWNER_FILTER }))).Vpcs ?? [];
    const strangers = [
      { Key: 'trellis:owner', Value: 'someone-else' },
      { Key: 'trellis:address', Value: 'network/core/subnet/retired-a' },
    ];
    const { Subnet: foreign } = await ec2(sim).send(
      new CreateSubnetCommand({ VpcId: vpc!.VpcId, CidrBlock: '10.0.200.0/24', AvailabilityZone: 'us-east-1a', TagSpecifications: [{ ResourceType: 'subnet', Tags: strangers }] }),
    );
    const { Subnet: untagged } = await ec2(sim).send(
      new CreateSubnetCommand({ VpcId: vpc!.VpcId, CidrBlock: '10.0.201.0/24', AvailabilityZone: 'us-east-1a', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'trellis:address', Value: 'network/core/subnet/private-a' }] }] }),
    );
    sim.calls.reset();
    const result = await cliJson(sim, 'reconcile', workspace.dir);
    expect(result.code).toBe(0);
    expect(result.report.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, noop: 12 });
    expect(sim.calls.mutating()).toBe(0);
    const { Subnets = [] } = await ec2(sim).send(new DescribeSubnetsCommand({ SubnetIds: [foreign!.SubnetId!, untagged!.SubnetId!] }));
    expect(Subnets).toHaveLength(2);
    expect(tag(Subnets.find((s) => s.SubnetId === foreign!.SubnetId)!, 'trellis:owner')).toBe('someone-else');
  });

  it('reports two subnets claiming one address as a conflict, touches neither, and exits 1', async () => {
    await cliJson(sim, 'reconcile', workspace.dir);
    const subnets = await ownedSubnets(sim);
    const original = subnets.find((s) => tag(s, 'trellis:address') === 'network/core/subnet/private-a')!;
    const { Subnet: copy } = await ec2(sim).send(
      new CreateSubnetCommand({ VpcId: original.VpcId, CidrBlock: '10.0.128.0/24', AvailabilityZone: 'us-east-1a', TagSpecifications: [{ ResourceType: 'subnet', Tags: original.Tags }] }),
    );
    sim.calls.reset();
    const result = await cliJson(sim, 'reconcile', workspace.dir);
    expect(result.code).toBe(1);
    expect(result.report.conflicts).toEqual([
      expect.objectContaining({ address: 'network/core/subnet/private-a', ids: expect.arrayContaining([original.SubnetId, copy!.SubnetId]) }),
    ]);
    expect(result.report.changes.some((change) => change.address === 'network/core/subnet/private-a')).toBe(false);
    expect(sim.calls.mutating()).toBe(0);
    const text = await cli(sim, 'plan', workspace.dir, '--target', 'sim');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/conflict: network\/core\/subnet\/private-a is claimed by/);
  });

  it('plans replace for the VPC when its CIDR changes, and shows the subnets replaced with it', async () => {
    await cliJson(sim, 'reconcile', workspace.dir);
    const oldVpcs = (await ec2(sim).send(new DescribeVpcsCommand({ Filters: OWNER_FILTER }))).Vpcs ?? [];
    await workspace.editNetwork((network) => {
      network.spec.cidr = '10.0.0.0/17';
    });
    const plan = await cliJson(sim, 'plan', workspace.dir);
    expect(plan.report.summary).toMatchObject({ replace: 12, create: 0, update: 0, delete: 0 });
    const vpc = plan.report.changes.find((change) => change.address === 'network/core/vpc/main')!;
    expect(vpc.diff).toContainEqual({ path: 'cidrBlock', from: '10.0.0.0/16', to: '10.0.0.0/17', replace: true });
    const subnet = plan.report.changes.find((change) => change.address === 'network/core/subnet/public-a')!;
    expect(subnet.reason).toBe('replaced because network/core/vpc/main is replaced');
    expect(subnet.diff).toContainEqual(expect.objectContaining({ path: 'vpcId', to: '(known after apply)', replace: true }));

    const text = await cli(sim, 'plan', workspace.dir, '--target', 'sim');
    expect(text.stdout).toMatch(/-\/\+ network\/core\/vpc\/main/);

    // 12 replacements delete 12 resources: more than limits.maxDeletions (10), so nothing happens unasked.
    sim.calls.reset();
    const refused = await cliJson(sim, 'reconcile', workspace.dir);
    expect(refused.code).toBe(1);
    expect(refused.report.refusals[0]!.message).toMatch(/refusing to delete 12 resources \(12 of them replaced\)/);
    expect(sim.calls.mutating()).toBe(0);

    const applied = await cliJson(sim, 'reconcile', workspace.dir, '--allow-deletions', '12');
    expect(applied.code).toBe(0);
    const vpcs = (await ec2(sim).send(new DescribeVpcsCommand({ Filters: OWNER_FILTER }))).Vpcs ?? [];
    expect(vpcs.map((v) => v.CidrBlock)).toEqual(['10.0.0.0/17']);
    expect(vpcs[0]!.VpcId).not.toBe(oldVpcs[0]!.VpcId);
    expect(new Set((await ownedSubnets(sim)).map((s) => s.VpcId))).toEqual(new Set([vpcs[0]!.VpcId]));
    const again = await cliJson(sim, 'plan', workspace.dir);
    expect(again.report.summary.noop).toBe(12);
  });

  it('applies a change of the VPC DNS attributes in the manifest', async () => {
    await cliJson(sim, 'reconcile', workspace.dir);
    await workspace.editNetwork((network) => {
      network.spec.enableDnsHostnames = false;
    });
    const plan = await cliJson(sim, 'plan', workspace.dir);
    expect(plan.report.changes.filter((change) => change.action !== 'noop')).toEqual([
      expect.objectContaining({ address: 'network/core/vpc/main', action: 'update', diff: [{ path: 'enableDnsHostnames', from: true, to: false, replace: false }] }),
    ]);
    sim.calls.reset();
    expect((await cliJson(sim, 'reconcile', workspace.dir)).code).toBe(0);
    expect(sim.calls.count('EC2:ModifyVpcAttribute')).toBe(1);
    expect((await cliJson(sim, 'plan', workspace.dir)).report.summary.noop).toBe(12);
  });

  it('in observe mode reports drift and removals but changes nothing', async () => {
    await cliJson(sim, 'reconcile', workspace.dir);
    const [subnet] = await ownedSubnets(sim);
    await ec2(sim).send(new CreateTagsCommand({ Resources: [subnet!.SubnetId!], Tags: [{ Key: 'Name', Value: 'hand-made' }] }));
    await workspace.editNetwork((network) => {
      network.metadata.mode = 'observe';
      network.spec.subnets = network.spec.subnets.filter((group) => group.name !== 'isolated');
    });
    sim.calls.reset();
    const result = await cliJson(sim, 'reconcile', workspace.dir);
    expect(result.code).toBe(0);
    expect(sim.calls.mutating()).toBe(0);
    const reported = result.report.changes.filter((change) => change.action !== 'noop');
    expect(reported.length).toBeGreaterThanOrEqual(4); // the renamed subnet, and the isolated group's 3 resources
    expect(reported.every((change) => change.observeOnly)).toBe(true);
    expect(await ownedSubnets(sim)).toHaveLength(6);
  });

  it('sees what a removed manifest left in a region other manifests still use, and guards it', async () => {
    const { readFile, writeFile, rm } = await import('node:fs/promises');
    const base = JSON.parse(await readFile(workspace.networkFile, 'utf8'));
    const westOf = (name: string, account: string, second: number) => ({
      ...base,
      metadata: { name, account, region: 'us-west-2' },
      spec: {
        cidr: `10.${second}.0.0/16`,
        availabilityZones: ['us-west-2a'],
        subnets: [{ name: 'private', tier: 'private', cidrs: [`10.${second}.0.0/24`] }],
      },
    });
    await writeFile(`${workspace.dir}/west-network.json`, JSON.stringify(westOf('west', 'network', 50)));
    await writeFile(`${workspace.dir}/west-provider.json`, JSON.stringify(westOf('west-provider', 'api-service', 51)));
    expect((await cliJson(sim, 'reconcile', workspace.dir)).code).toBe(0);

    await rm(`${workspace.dir}/west-network.json`);
    const result = await cliJson(sim, 'reconcile', workspace.dir);
    expect(result.code).toBe(1);
    expect(result.report.refusals[0]!.message).toMatch(/in 111111111111\/us-west-2: no manifest desires anything there/);
  });

  it('moves a Network to another account: creates it there, and deletes it here only when allowed', async () => {
    await cliJson(sim, 'reconcile', workspace.dir);
    await workspace.editNetwork((network) => {
      network.metadata.account = 'api-service';
    });
    const moved = await cliJson(sim, 'reconcile', workspace.dir);
    expect(moved.report.summary).toMatchObject({ create: 12, delete: 0 });
    expect(moved.report.changes.every((change) => change.account === '222222222222')).toBe(true);
    // The network account would be emptied: refused until --allow-deletions covers it.
    expect(moved.code).toBe(1);
    expect(moved.report.refusals[0]!.message).toMatch(/111111111111\/us-east-1/);
    expect(await ownedSubnets(sim)).toHaveLength(6);

    const cleaned = await cliJson(sim, 'reconcile', workspace.dir, '--allow-deletions', '12');
    expect(cleaned.code).toBe(0);
    expect(cleaned.report.summary).toMatchObject({ create: 0, delete: 12, noop: 12 });
    expect(await ownedSubnets(sim)).toHaveLength(0);
  });

  it('with deletionPolicy Retain, a removed manifest only loses its ownership tags', async () => {
    await workspace.editNetwork((network) => {
      network.metadata.deletionPolicy = 'Retain';
    });
    await cliJson(sim, 'reconcile', workspace.dir);
    await workspace.editNetwork((network) => {
      network.spec.subnets = network.spec.subnets.filter((group) => group.name !== 'isolated');
    });
    const result = await cliJson(sim, 'reconcile', workspace.dir);
    expect(result.code).toBe(0);
    expect(sim.calls.count('EC2:DeleteSubnet')).toBe(0);
    const { Subnets = [] } = await ec2(sim).send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:Name', Values: ['core-isolated-a', 'core-isolated-b'] }] }));
    expect(Subnets).toHaveLength(2);
    expect(Subnets.every((s) => tag(s, 'trellis:owner') === undefined && tag(s, 'trellis:address') === undefined)).toBe(true);
  });
});
