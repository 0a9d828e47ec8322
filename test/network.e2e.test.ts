/**
 * The complete networking account (manifests/examples): gateways, NAT, routing, security groups,
 * VPC endpoints and VPC sharing — convergence, drift repair, NAT mode swaps, removal, and bad input.
 */
import { rm } from 'node:fs/promises';
import {
  AuthorizeSecurityGroupIngressCommand,
  DeleteRouteCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  DisassociateRouteTableCommand,
  ReplaceRouteCommand,
  ReplaceRouteTableAssociationCommand,
  RevokeSecurityGroupIngressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { DisassociateResourceShareCommand, RAMClient } from '@aws-sdk/client-ram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../src/engine/index.js';
import type { Simulation } from '../src/sim/index.js';
import { cli, cliJson, ec2, engineRun, exampleWorkspace, NETWORK_ACCOUNT, REGION, simulation, type Workspace } from './helpers.js';

const RESOURCES = 26;

/** Live IDs by address, from a dry run. */
async function liveIds(workspace: Workspace, sim: Simulation): Promise<Record<string, string>> {
  const { observed } = await engineRun(workspace.dir, sim, { dryRun: true });
  return Object.fromEntries(observed.flatMap((resource) => (resource.address ? [[resource.address, resource.id]] : [])));
}

describe('the example networking account', () => {
  let workspace: Workspace;
  let sim: Simulation;

  beforeEach(async () => {
    workspace = await exampleWorkspace();
    sim = simulation({ asyncDelayMs: 5 });
  });
  afterEach(() => workspace.cleanup());

  it('reconciles from empty, then a second run is all noop with zero mutating calls', async () => {
    const first = await cliJson(sim, 'reconcile', workspace.dir);
    expect(first.report.apply).toMatchObject({ done: RESOURCES, failed: 0, skipped: 0 });
    expect(first.code).toBe(0);
    sim.calls.reset();
    const second = await cliJson(sim, 'reconcile', workspace.dir);
    expect(second.code).toBe(0);
    expect(second.report.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, noop: RESOURCES });
    expect(sim.calls.mutating()).toBe(0);
  });

  describe('drift, shown by plan as a field-level diff and repaired by reconcile', () => {
    type Case = {
      name: string;
      /** The drifted resource, or every one (a subnet moved between two route tables drifts both). */
      address: string | string[];
      path: string;
      breakIt: (ids: Record<string, string>) => Promise<unknown>;
    };
    const cases: Case[] = [
      {
        name: 'a security group rule added out of band is removed',
        address: 'network/core/security-group-rules/app',
        path: 'ingress',
        breakIt: (ids) =>
          ec2(sim).send(
            new AuthorizeSecurityGroupIngressCommand({
              GroupId: ids['network/core/security-group/app'],
              IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
            }),
          ),
      },
      {
        name: 'a deleted security group rule is restored',
        address: 'network/core/security-group-rules/endpoints',
        path: 'ingress',
        breakIt: async (ids) => {
          const GroupId = ids['network/core/security-group/endpoints'];
          const { SecurityGroupRules = [] } = await ec2(sim).send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [GroupId!] }] }));
          const ingress = SecurityGroupRules.filter((rule) => !rule.IsEgress).map((rule) => rule.SecurityGroupRuleId!);
          expect(ingress).toHaveLength(1);
          return ec2(sim).send(new RevokeSecurityGroupIngressCommand({ GroupId, SecurityGroupRuleIds: ingress }));
        },
      },
      {
        name: 'a rule description changed by hand is set back',
        address: 'network/core/security-group-rules/endpoints',
        path: 'ingress',
        breakIt: (ids) =>
          ec2(sim).send(
            new UpdateSecurityGroupRuleDescriptionsIngressCommand({
              GroupId: ids['network/core/security-group/endpoints'],
              IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16', Description: 'edited by hand' }] }],
            }),
          ),
      },
      {
        name: 'a deleted route is restored',
        address: 'network/core/route-table/private-a',
        path: 'routes',
        breakIt: (ids) =>
          ec2(sim).send(new DeleteRouteCommand({ RouteTableId: ids['network/core/route-table/private-a'], DestinationCidrBlock: '0.0.0.0/0' })),
      },
      {
        name: 'a route pointed at the other NAT gateway is pointed back',
        address: 'network/core/route-table/private-b',
        path: 'routes',
        breakIt: (ids) =>
          ec2(sim).send(
            new ReplaceRouteCommand({
              RouteTableId: ids['network/core/route-table/private-b'],
              DestinationCidrBlock: '0.0.0.0/0',
              NatGatewayId: ids['network/core/nat-gateway/a'],
            }),
          ),
      },
      {
        name: 'a subnet disassociated from its route table is associated again',
        address: 'network/core/route-table/isolated',
        path: 'subnetIds',
        breakIt: async (ids) => {
          const { RouteTables = [] } = await ec2(sim).send(new DescribeRouteTablesCommand({ RouteTableIds: [ids['network/core/route-table/isolated']!] }));
          const association = RouteTables[0]?.Associations?.find((a) => a.SubnetId === ids['network/core/subnet/isolated-a']);
          return ec2(sim).send(new DisassociateRouteTableCommand({ AssociationId: association!.RouteTableAssociationId }));
        },
      },
      {
        name: 'a subnet moved to another route table is moved back',
        address: ['network/core/route-table/isolated', 'network/core/route-table/public'],
        path: 'subnetIds',
        breakIt: async (ids) => {
          const { RouteTables = [] } = await ec2(sim).send(new DescribeRouteTablesCommand({ RouteTableIds: [ids['network/core/route-table/isolated']!] }));
          const association = RouteTables[0]?.Associations?.find((a) => a.SubnetId === ids['network/core/subnet/isolated-b']);
          return ec2(sim).send(new ReplaceRouteTableAssociationCommand({ AssociationId: association!.RouteTableAssociationId, RouteTableId: ids['network/core/route-table/public'] }));
        },
      },
      {
        name: 'a principal removed from the RAM share is shared with again',
        address: 'network/core/resource-share/subnets',
        path: 'principals',
        breakIt: (ids) =>
          sim
            .client(RAMClient, { account: NETWORK_ACCOUNT, region: REGION })
            .send(new DisassociateResourceShareCommand({ resourceShareArn: ids['network/core/resource-share/subnets'], principals: ['333333333333'] })),
      },
    ];

    it.each(cases)('$name', async ({ address, path, breakIt }) => {
      await cliJson(sim, 'reconcile', workspace.dir);
      await breakIt(await liveIds(workspace, sim));

      const plan = await cliJson(sim, 'plan', workspace.dir, '--detailed-exitcode');
      expect(plan.code).toBe(2);
      const drifted = plan.report.changes.filter((change) => change.action !== 'noop');
      const addresses = typeof address === 'string' ? [address] : address;
      expect(drifted.map((change) => [change.address, change.action]).sort()).toEqual(addresses.map((a) => [a, 'update']).sort());
      for (const change of drifted) expect(change.diff.map((field) => field.path)).toEqual([path]);

      const repair = await cliJson(sim, 'reconcile', workspace.dir);
      expect(repair.report.apply?.failures).toEqual([]);
      expect(repair.report.apply).toMatchObject({ done: addresses.length, failed: 0 });
      const after = await cliJson(sim, 'plan', workspace.dir, '--detailed-exitcode');
      expect(after.code).toBe(0);
    });
  });

  it('swaps perAz NAT gateways for a single one and back, moving routes only to an available NAT gateway', async () => {
    await engineRun(workspace.dir, sim);
    const order = (events: ApplyEvent[], kind: ApplyEvent['kind'], step: ApplyEvent['step'], address: string) =>
      events.findIndex((event) => event.kind === kind && event.step === step && event.address === address);

    await workspace.editNetwork((network) => {
      network.spec.natGateways = 'single';
    });
    const toSingle: ApplyEvent[] = [];
    const single = await engineRun(workspace.dir, sim, { onEvent: (event) => toSingle.push(event) });
    expect(single.applied?.failures).toEqual([]);
    expect(single.plan.changes.filter((change) => change.action !== 'noop').map((change) => [change.address, change.action])).toEqual([
      ['network/core/route-table/private-b', 'update'],
      ['network/core/nat-gateway/b', 'delete'],
      ['network/core/eip/nat-b', 'delete'],
    ]);
    // The route moves to the NAT gateway that stays before the other one goes, and its address is
    // released only once that gateway is deleted.
    expect(order(toSingle, 'done', 'update', 'network/core/route-table/private-b')).toBeLessThan(order(toSingle, 'start', 'delete', 'network/core/nat-gateway/b'));
    expect(order(toSingle, 'done', 'delete', 'network/core/nat-gateway/b')).toBeLessThan(order(toSingle, 'start', 'delete', 'network/core/eip/nat-b'));
    expect((await engineRun(workspace.dir, sim, { dryRun: true })).plan.summary.noop).toBe(RESOURCES - 2);

    await workspace.editNetwork((network) => {
      network.spec.natGateways = 'perAz';
    });
    const toPerAz: ApplyEvent[] = [];
    const perAz = await engineRun(workspace.dir, sim, { onEvent: (event) => toPerAz.push(event) });
    expect(perAz.applied?.failures).toEqual([]);
    // create waits for `available`, so the route moves only once the new gateway can carry traffic
    expect(order(toPerAz, 'done', 'create', 'network/core/nat-gateway/b')).toBeLessThan(order(toPerAz, 'start', 'update', 'network/core/route-table/private-b'));
    const ids = await liveIds(workspace, sim);
    const { RouteTables = [] } = await ec2(sim).send(new DescribeRouteTablesCommand({ RouteTableIds: [ids['network/core/route-table/private-b']!] }));
    expect(RouteTables[0]!.Routes?.find((route) => route.DestinationCidrBlock === '0.0.0.0/0')).toMatchObject({
      NatGatewayId: ids['network/core/nat-gateway/b'],
      State: 'active',
    });
    expect((await engineRun(workspace.dir, sim, { dryRun: true })).plan.summary.noop).toBe(RESOURCES);
  });

  it('refuses, before touching anything, to replace a security group an endpoint still uses', async () => {
    await engineRun(workspace.dir, sim);
    await workspace.editNetwork((network) => {
      (network.spec.securityGroups as { description: string }[])[0]!.description = 'Interface endpoints, reworded';
    });
    sim.calls.reset();
    const result = await engineRun(workspace.dir, sim);
    expect(result.plan.refusals.map((refusal) => refusal.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^cannot replace network\/core\/security-group\/endpoints: network\/core\/vpc-endpoint\/\S+ uses it/)]),
    );
    expect(result.applied?.outcomes).toEqual([]);
    expect(sim.calls.mutating()).toBe(0);
    const cli = await cliJson(sim, 'plan', workspace.dir);
    expect(cli.code).toBe(1);
  });

  it('deletes the whole Network, in an order the simulation accepts, when its manifest is removed with --allow-deletions', async () => {
    await engineRun(workspace.dir, sim);
    const manifest = await import('node:fs/promises').then((fs) => fs.readFile(workspace.networkFile, 'utf8'));
    await rm(workspace.networkFile);

    const refused = await engineRun(workspace.dir, sim);
    expect(refused.plan.refusals).toHaveLength(1);
    expect(refused.applied?.outcomes).toEqual([]);

    const removal = await engineRun(workspace.dir, sim, { allowDeletions: RESOURCES });
    expect(removal.applied?.failures).toEqual([]);
    expect(removal.plan.summary.delete).toBe(RESOURCES);

    // Nothing owned is left: the manifest put back plans every resource as a create.
    const { writeFile } = await import('node:fs/promises');
    await writeFile(workspace.networkFile, manifest);
    const again = await engineRun(workspace.dir, sim, { dryRun: true });
    expect(again.observed).toEqual([]);
    expect(again.plan.summary.create).toBe(RESOURCES);
  });

  it('with deletionPolicy Retain, removing the manifest only removes the ownership tags', async () => {
    await workspace.editNetwork((network) => {
      network.metadata.deletionPolicy = 'Retain';
    });
    await engineRun(workspace.dir, sim);
    await rm(workspace.networkFile);
    sim.calls.reset();
    const removal = await engineRun(workspace.dir, sim, { allowDeletions: RESOURCES });
    expect(removal.applied?.failures).toEqual([]);
    expect(removal.applied?.outcomes.every((outcome) => outcome.step === 'release' && outcome.status === 'done')).toBe(true);
    const deletes = Object.entries(sim.calls.mutatingOperations()).filter(([operation]) => /:(Delete|Release|Revoke|Disassociate)/.test(operation));
    // Untagging is DeleteTags / UntagResource; nothing else that removes or detaches anything.
    expect(deletes.map(([operation]) => operation).filter((operation) => operation !== 'EC2:DeleteTags')).toEqual([]);
    const { Vpcs = [] } = await ec2(sim).send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['core'] }] }));
    expect(Vpcs).toHaveLength(1);
    expect(Vpcs[0]!.Tags?.some((tag) => tag.Key?.startsWith('trellis:'))).toBe(false);
    expect((await engineRun(workspace.dir, sim, { dryRun: true })).observed).toEqual([]);
  });
});

describe('security group rules against an emulator that omits fields (moto)', () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await exampleWorkspace();
  });
  afterEach(() => workspace.cleanup());

  /** The example's `app` group rules, from DescribeSecurityGroups (which keeps every field). */
  async function appRules(sim: Simulation) {
    const { SecurityGroups = [] } = await ec2(sim).send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:trellis:address', Values: ['network/core/security-group/app'] }] }),
    );
    const [group] = SecurityGroups;
    const flat = (permissions: IpPermission[] = []) =>
      permissions.flatMap((p) => [
        ...(p.IpRanges ?? []).map((r) => `${p.IpProtocol}/${p.FromPort} ${r.CidrIp} ${r.Description}`),
        ...(p.PrefixListIds ?? []).map((r) => `${p.IpProtocol}/${p.FromPort} ${r.PrefixListId} ${r.Description}`),
        ...(p.UserIdGroupPairs ?? []).map((r) => `${p.IpProtocol}/${p.FromPort} ${r.GroupId === undefined ? '?' : 'group'} ${r.Description}`),
      ]);
    return { ingress: flat(group?.IpPermissions).sort(), egress: flat(group?.IpPermissionsEgress).sort() };
  }
  const WANTED = {
    ingress: ['tcp/8080 10.0.0.0/16 App traffic from the VPC'],
    egress: ['tcp/443 group AWS APIs through the interface endpoints', 'tcp/443 pl-63a5400a S3 (ECR image layers) through the gateway endpoint'],
  };

  it('plans no rule change on the second run, and no run revokes a rule it wants', async () => {
    // No GroupOwnerId on rules, no descriptions on group and prefix-list peers in DescribeSecurityGroupRules.
    const sim = simulation({ asyncDelayMs: 5, motoSecurityGroupRules: true });
    const first = await cliJson(sim, 'reconcile', workspace.dir);
    expect(first.code).toBe(0);
    expect(await appRules(sim)).toEqual(WANTED);

    const plan = await cliJson(sim, 'plan', workspace.dir, '--detailed-exitcode');
    expect(plan.report.changes.filter((change) => change.action !== 'noop')).toEqual([]);
    expect(plan.code).toBe(0);

    for (let run = 0; run < 2; run += 1) {
      sim.calls.reset();
      const again = await cliJson(sim, 'reconcile', workspace.dir);
      expect(again.code).toBe(0);
      expect(sim.calls.mutating()).toBe(0);
      expect(await appRules(sim)).toEqual(WANTED);
    }
  });
});

describe('bad input in a Network', () => {
  let workspace: Workspace;
  let sim: Simulation;
  beforeEach(async () => {
    workspace = await exampleWorkspace();
    sim = simulation();
  });
  afterEach(() => workspace.cleanup());

  const cases: { name: string; edit: (network: Parameters<Parameters<Workspace['editNetwork']>[0]>[0]) => void; error: RegExp }[] = [
    {
      name: 'a security group rule that names an unknown group',
      edit: (network) => {
        (network.spec.securityGroups as { egress: { securityGroup?: string }[] }[])[1]!.egress[0]!.securityGroup = 'endpoint';
      },
      error: /network\.json#\/spec\/securityGroups\/1\/egress\/0\/securityGroup: .*endpoint/,
    },
    {
      name: 'a port range like 80-70',
      edit: (network) => {
        (network.spec.securityGroups as { ingress: { ports: string }[] }[])[0]!.ingress[0]!.ports = '80-70';
      },
      error: /network\.json#\/spec\/securityGroups\/0\/ingress\/0\/ports: /,
    },
    {
      name: 'a protocol typo',
      edit: (network) => {
        (network.spec.securityGroups as { ingress: { protocol: string }[] }[])[0]!.ingress[0]!.protocol = 'tpc';
      },
      error: /network\.json#\/spec\/securityGroups\/0\/ingress\/0\/protocol: .*tcp/,
    },
    {
      name: 'a NAT mode on a network with no public tier',
      edit: (network) => {
        network.spec.subnets = network.spec.subnets.filter((group) => group.tier !== 'public');
      },
      error: /network\.json#\/spec\/natGateways: /,
    },
    {
      name: 'an AZ count that does not match a subnet group',
      edit: (network) => {
        network.spec.subnets[2]!.cidrs = ['10.0.64.0/24'];
      },
      error: /network\.json#\/spec\/subnets\/2\/cidrs: /,
    },
  ];

  it.each(cases)('rejects $name with file and pointer, and makes no AWS call', async ({ edit, error }) => {
    await workspace.editNetwork(edit);
    const result = await cli(sim, 'reconcile', workspace.dir, '--target', 'sim');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(error);
    expect(sim.calls.total()).toBe(0);
  });
});
