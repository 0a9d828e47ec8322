/**
 * The example Share (manifests/examples/share.json) with its Network, end to end on the simulation:
 * converge from empty (invitations accepted, the Network account's associations), a second run all
 * noop with zero mutating calls, drift shown by plan and repaired, a reformatted auth policy planning
 * nothing, a tenant removed, and the Share removed with nothing left.
 */
import { CloudTrailClient, GetTrailStatusCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { IAMClient, ListRolesCommand, paginateListRoleTags, TagRoleCommand, type Tag } from '@aws-sdk/client-iam';
import { AssociateResourceShareCommand, paginateGetResourceShareAssociations, GetResourceShareInvitationsCommand, GetResourceSharesCommand, RAMClient } from '@aws-sdk/client-ram';
import {
  GetAuthPolicyCommand,
  ListResourceConfigurationsCommand,
  ListResourceGatewaysCommand,
  ListServiceNetworkResourceAssociationsCommand,
  ListServiceNetworksCommand,
  ListServiceNetworkVpcAssociationsCommand,
  PutAuthPolicyCommand,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { policiesEqual } from '../src/core/policy.js';
import { runFailed, type ReconcileResult } from '../src/engine/index.js';
import type { Simulation } from '../src/sim/index.js';
import { engineRun, EXAMPLES, simulation } from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

const FILES = ['network.json', 'share.json', 'trellis.config.json'];
const REGION = 'us-east-1';
const OWNER = '666666666666';
const NETWORK = '111111111111';
const TENANT_A = '777777777777';
/** Receives the service network for its Lattice service (api-service.json's expose.lattice). */
const API_SERVICE = '222222222222';
const TENANT_B = '888888888888';
const at = (account: string) => ({ account, region: REGION });

/** Organization sharing off: every principal account gets an invitation (RAM user guide), which trellis accepts. */
const newSim = () => simulation({ ramOrganizationSharing: false, asyncDelayMs: 20 });

function shareChanges(result: ReconcileResult): Record<string, string> {
  return Object.fromEntries(result.plan.changes.filter((change) => change.address.startsWith('share/')).map((change) => [change.address, change.action]));
}

function notNoop(result: ReconcileResult): Record<string, string[]> {
  return Object.fromEntries(
    result.plan.changes.filter((change) => change.action !== 'noop').map((change) => [change.address, [change.action, ...change.diff.map((d) => d.path)]]),
  );
}

function expectApplied(result: ReconcileResult): void {
  expect((result.applied?.failures ?? []).map((failure) => failure.message)).toEqual([]);
  expect({ refusals: result.plan.refusals, conflicts: result.plan.conflicts, failed: runFailed(result) }).toEqual({ refusals: [], conflicts: [], failed: false });
}

async function networkArn(sim: Simulation): Promise<string> {
  const { items = [] } = await sim.client(VPCLatticeClient, at(OWNER)).send(new ListServiceNetworksCommand({}));
  return items.find((item) => item.arn?.includes(`:${OWNER}:`))!.arn!;
}

async function shareArn(sim: Simulation): Promise<string> {
  const { resourceShares = [] } = await sim.client(RAMClient, at(OWNER)).send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }));
  return resourceShares.find((share) => share.status === 'ACTIVE')!.resourceShareArn!;
}

describe('the example Share', () => {
  let dir: string;
  let sim: Simulation;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trellis-share-'));
    for (const file of FILES) await cp(new URL(file, EXAMPLES), join(dir, file));
    sim = newSim();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function editShare(change: (manifest: Doc) => void): Promise<void> {
    const file = join(dir, 'share.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as Doc;
    change(manifest);
    await writeFile(file, JSON.stringify(manifest, null, 2));
  }

  const run = () => engineRun(dir, sim);
  const plan = () => engineRun(dir, sim, { dryRun: true });

  it('converges from empty, accepting the invitations and associating the Network account, then a second run is all noop with zero mutating calls', async () => {
    const first = await run();
    expectApplied(first);
    expect(Object.values(shareChanges(first)).every((action) => action === 'create')).toBe(true);
    expect(Object.keys(shareChanges(first))).toHaveLength(9);

    for (const account of [NETWORK, TENANT_A, TENANT_B]) {
      const { resourceShareInvitations = [] } = await sim.client(RAMClient, at(account)).send(new GetResourceShareInvitationsCommand({}));
      expect(resourceShareInvitations.map((invitation) => invitation.status)).toEqual(['ACCEPTED']);
    }
    const network = sim.client(VPCLatticeClient, at(NETWORK));
    const { items: vpcAssociations = [] } = await network.send(new ListServiceNetworkVpcAssociationsCommand({}));
    expect(vpcAssociations.map((a) => [a.serviceNetworkArn, a.status])).toEqual([[await networkArn(sim), 'ACTIVE']]);
    const { items: resourceAssociations = [] } = await network.send(new ListServiceNetworkResourceAssociationsCommand({}));
    expect(resourceAssociations).toHaveLength(1);
    const { items: roles = [] } = await sim.client(IAMClient, at(TENANT_A)).send(new ListRolesCommand({ PathPrefix: '/trellis/trellis/' })).then((out) => ({ items: out.Roles }));
    expect(roles.map((role) => role.RoleName)).toEqual(['TeamA']);
    expect((await sim.client(CloudTrailClient, at(OWNER)).send(new GetTrailStatusCommand({ Name: 'shared-data-audit' }))).IsLogging).toBe(true);

    sim.calls.reset();
    const second = await run();
    expectApplied(second);
    expect(notNoop(second)).toEqual({});
    expect(sim.calls.mutatingOperations()).toEqual({});
  });

  it('shows drift in plan and repairs it: auth policy edited, a principal added, a tenant tag changed, logging stopped', async () => {
    expectApplied(await run());
    const lattice = sim.client(VPCLatticeClient, at(OWNER));
    const arn = await networkArn(sim);
    await lattice.send(new PutAuthPolicyCommand({ resourceIdentifier: arn, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }) }));
    await sim.client(RAMClient, at(OWNER)).send(new AssociateResourceShareCommand({ resourceShareArn: await shareArn(sim), principals: ['333333333333'] }));
    await sim.client(IAMClient, at(TENANT_A)).send(new TagRoleCommand({ RoleName: 'TeamA', Tags: [{ Key: 'team', Value: 'TeamB' }] }));
    await sim.client(CloudTrailClient, at(OWNER)).send(new StopLoggingCommand({ Name: 'shared-data-audit' }));

    sim.calls.reset();
    const planned = await plan();
    expect(sim.calls.mutating()).toBe(0);
    expect(notNoop(planned)).toEqual({
      'share/shared-data/service-network/main': ['update', 'authPolicy'],
      'share/shared-data/resource-share/main': ['update', 'principals'],
      'share/shared-data/role/TeamA': ['update', 'tags.team'],
      'share/shared-data/trail/audit': ['update', 'logging'],
    });

    expectApplied(await run());
    expect(notNoop(await plan())).toEqual({});
    const { policy } = await lattice.send(new GetAuthPolicyCommand({ resourceIdentifier: arn }));
    const manifest = JSON.parse(await readFile(join(dir, 'share.json'), 'utf8')) as Doc;
    expect(policiesEqual(policy, manifest.spec.authPolicy)).toBe(true);
    const Tags: Tag[] = [];
    for await (const page of paginateListRoleTags({ client: sim.client(IAMClient, at(TENANT_A)) }, { RoleName: 'TeamA' })) Tags.push(...(page.Tags ?? []));
    expect(Tags, JSON.stringify(Tags)).toContainEqual({ Key: 'team', Value: 'TeamA' });
  });

  it('plans no change when the auth policy is only reformatted (key order, single values, statement order)', async () => {
    expectApplied(await run());
    await editShare((share) => {
      const statements = share.spec.authPolicy.Statement as Doc[];
      const reorder = (statement: Doc) => ({
        Condition: statement.Condition,
        Resource: [statement.Resource],
        Action: [statement.Action],
        Principal: { AWS: [...statement.Principal.AWS].reverse() },
        Effect: statement.Effect,
        Sid: statement.Sid,
      });
      share.spec.authPolicy = { Statement: statements.map(reorder).reverse(), Version: '2012-10-17' };
    });
    sim.calls.reset();
    expect(notNoop(await plan())).toEqual({});
    expect(sim.calls.mutating()).toBe(0);
  });

  it('removing a tenant deletes its role and removes its principal in one run', async () => {
    expectApplied(await run());
    await editShare((share) => {
      share.spec.tenants = (share.spec.tenants as Doc[]).filter((tenant) => tenant.name !== 'TeamB');
      share.spec.principals = (share.spec.principals as string[]).filter((principal) => principal !== 'tenant-b');
    });
    // TeamB's account has no other desired resource: the engine wants the deletion acknowledged.
    const result = await engineRun(dir, sim, { allowDeletions: 1 });
    expectApplied(result);
    expect(notNoop(result)).toEqual({
      'share/shared-data/resource-share/main': ['update', 'principals', 'acceptInvitationsIn'],
      'share/shared-data/role/TeamB': ['delete'],
    });
    const { Roles = [] } = await sim.client(IAMClient, at(TENANT_B)).send(new ListRolesCommand({ PathPrefix: '/trellis/' }));
    expect(Roles).toEqual([]);
    // Every page: the simulation pages by 2, and three principals remain.
    const resourceShareAssociations = [];
    const pages = paginateGetResourceShareAssociations({ client: sim.client(RAMClient, at(OWNER)) }, { associationType: 'PRINCIPAL', resourceShareArns: [await shareArn(sim)] });
    for await (const page of pages) resourceShareAssociations.push(...(page.resourceShareAssociations ?? []));
    expect(resourceShareAssociations.filter((a) => a.status === 'ASSOCIATED').map((a) => a.associatedEntity).sort()).toEqual([NETWORK, API_SERVICE, TENANT_A]);
    expect(notNoop(await plan())).toEqual({});
  });

  it('removing the Share deletes the associations before the service network, with nothing left', async () => {
    expectApplied(await run());
    await rm(join(dir, 'share.json'));
    // The tenant and resource-owner accounts have no desired resources left: deletions acknowledged.
    const result = await engineRun(dir, sim, { allowDeletions: 9 });
    expectApplied(result);
    const deletes = result.plan.changes.filter((change) => change.action === 'delete').map((change) => change.address);
    expect(deletes).toHaveLength(9);
    expect(deletes.indexOf('share/shared-data/service-network-vpc-association/core')).toBeLessThan(deletes.indexOf('share/shared-data/service-network/main'));
    for (const account of [OWNER, NETWORK]) {
      const lattice = sim.client(VPCLatticeClient, at(account));
      expect((await lattice.send(new ListServiceNetworksCommand({}))).items ?? []).toEqual([]);
      expect((await lattice.send(new ListServiceNetworkVpcAssociationsCommand({}))).items ?? []).toEqual([]);
      expect((await lattice.send(new ListServiceNetworkResourceAssociationsCommand({}))).items ?? []).toEqual([]);
      expect((await lattice.send(new ListResourceConfigurationsCommand({}))).items ?? []).toEqual([]);
      expect((await lattice.send(new ListResourceGatewaysCommand({}))).items ?? []).toEqual([]);
    }
    for (const account of [TENANT_A, TENANT_B]) {
      expect((await sim.client(IAMClient, at(account)).send(new ListRolesCommand({ PathPrefix: '/trellis/' }))).Roles ?? []).toEqual([]);
    }
    expect(Object.keys(notNoop(await plan())).filter((address) => address.startsWith('share/'))).toEqual([]);
  });
});
