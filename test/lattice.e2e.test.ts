/**
 * A Service published through VPC Lattice and consumed across accounts, end to end on the simulation, on
 * the whole example set: api-service (account 222…) exposes `lattice` in the resource owner's (666…)
 * `shared-data` service network, which reaches it through the Share's RAM share; api-consumer (444…)
 * consumes it via lattice from the Network the Share associates. Converge from empty, a second run all
 * noop with zero mutating calls, drift repaired, a port change replacing the target group before the old
 * one goes (and a run killed halfway through it finished by the next), and removal in dependency order
 * with nothing left. Inside the organization the service network reaches api-service without an
 * invitation; the last suite has RAM's organization sharing off, so api-service's invitation is accepted
 * before its association is made.
 */
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { GetResourceShareInvitationsCommand, GetResourceSharesCommand, RAMClient } from '@aws-sdk/client-ram';
import {
  GetListenerCommand,
  GetServiceNetworkServiceAssociationCommand,
  ListListenersCommand,
  ListServiceNetworkServiceAssociationsCommand,
  ListServiceNetworksCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTargetGroupsCommand,
  UpdateListenerCommand,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import { cp } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TerminalError } from '../src/core/errors.js';
import type { Reconciler } from '../src/core/reconciler.js';
import { TAG_SUPERSEDED } from '../src/core/types.js';
import { runFailed, type ApplyEvent, type ReconcileResult } from '../src/engine/index.js';
import { reconcilers } from '../src/reconcilers/registry.js';
import { LATTICE_TARGET_GROUP } from '../src/reconcilers/lattice/target-group/type.js';
import type { Simulation } from '../src/sim/index.js';
import { cli, engineRun, EXAMPLES, exampleWorkspace, REGION, simulation, type Workspace } from './helpers.js';

const API_SERVICE = '222222222222';
const API_CONSUMER = '444444444444';
const OWNER = '666666666666';
const at = (account: string) => ({ account, region: REGION });

const LATTICE_FRONT = [
  'service/api-service/iam-role/lattice',
  'service/api-service/lattice-target-group/main',
  'service/api-service/lattice-service/main',
  'service/api-service/lattice-listener/main',
  'service/api-service/lattice-service-association/shared-data',
];

function expectApplied(result: ReconcileResult): void {
  expect((result.applied?.failures ?? []).map((failure) => `${failure.address}: ${failure.message}`)).toEqual([]);
  expect({ refusals: result.plan.refusals, conflicts: result.plan.conflicts, failed: runFailed(result) }).toEqual({ refusals: [], conflicts: [], failed: false });
}

function notNoop(result: ReconcileResult): Record<string, string[]> {
  return Object.fromEntries(
    result.plan.changes.filter((change) => change.action !== 'noop').map((change) => [change.address, [change.action, ...change.diff.map((d) => d.path)]]),
  );
}

const lattice = (sim: Simulation, account = API_SERVICE) => sim.client(VPCLatticeClient, at(account));
const ecs = (sim: Simulation, account = API_SERVICE) => sim.client(ECSClient, at(account));

async function latticeService(sim: Simulation) {
  const { items = [] } = await lattice(sim).send(new ListServicesCommand({}));
  expect(items.map((item) => item.name)).toEqual(['api-service']);
  return items[0]!;
}

async function targetGroups(sim: Simulation) {
  const { items = [] } = await lattice(sim).send(new ListTargetGroupsCommand({}));
  return items;
}

async function listener(sim: Simulation) {
  const service = await latticeService(sim);
  const { items = [] } = await lattice(sim).send(new ListListenersCommand({ serviceIdentifier: service.arn }));
  expect(items).toHaveLength(1);
  return lattice(sim).send(new GetListenerCommand({ serviceIdentifier: service.arn, listenerIdentifier: items[0]!.arn }));
}

/** The target group IDs a listener forwards to (GetListener may answer IDs or ARNs), with their weights. */
const forwards = (live: { defaultAction?: { forward?: { targetGroups?: { targetGroupIdentifier?: string; weight?: number }[] } } }) =>
  (live.defaultAction?.forward?.targetGroups ?? []).map((group) => [group.targetGroupIdentifier?.split('/').pop(), group.weight]);

/** The `trellis:superseded` tag of a Lattice resource (the run that superseded it), if any. */
async function supersededMark(sim: Simulation, arn: string): Promise<string | undefined> {
  const { tags = {} } = await lattice(sim).send(new ListTagsForResourceCommand({ resourceArn: arn }));
  return tags[TAG_SUPERSEDED];
}

async function primaryDeployment(sim: Simulation) {
  const { services = [] } = await ecs(sim).send(new DescribeServicesCommand({ cluster: 'api-service', services: ['api-service'] }));
  return services[0]!.deployments!.find((deployment) => deployment.status === 'PRIMARY')!;
}

describe('a Service exposed through VPC Lattice and consumed across accounts', () => {
  let workspace: Workspace;
  let sim: Simulation;
  beforeEach(async () => {
    workspace = await exampleWorkspace({ set: 'all' });
    // Inside the organization (VPC sharing needs it): the service network reaches the Service's account without an invitation.
    sim = simulation({ asyncDelayMs: 20 });
  });
  afterEach(() => workspace.cleanup());

  const run = (options: Parameters<typeof engineRun>[2] = {}) => engineRun(workspace.dir, sim, options);

  it('converges from empty: service, listener, IP target group with the tasks, association with the shared network; the consumer gets the DNS name; a second run changes nothing', async () => {
    const first = await run();
    expectApplied(first);
    for (const address of LATTICE_FRONT) expect(first.plan.changes.find((change) => change.address === address)?.action).toBe('create');

    const { resourceShares = [] } = await sim.client(RAMClient, at(API_SERVICE)).send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }));
    expect(resourceShares.map((share) => [share.owningAccountId, share.name, share.status])).toContainEqual([OWNER, 'shared-data', 'ACTIVE']);

    const service = await latticeService(sim);
    expect(service.status).toBe('ACTIVE');
    const [group, ...others] = await targetGroups(sim);
    expect(others).toEqual([]);
    expect(group).toMatchObject({ type: 'IP', port: 8080, protocol: 'HTTP', status: 'ACTIVE' });
    expect(forwards(await listener(sim))).toEqual([[group!.id, 100]]);

    const { items: associations = [] } = await lattice(sim).send(new ListServiceNetworkServiceAssociationsCommand({ serviceIdentifier: service.arn }));
    expect(associations.map((a) => [a.serviceNetworkArn?.split(':')[4], a.serviceNetworkName, a.status])).toEqual([[OWNER, 'shared-data', 'ACTIVE']]);

    // ECS registers the tasks through the infrastructure role, on the container's named port mapping.
    const deployment = await primaryDeployment(sim);
    expect(deployment.vpcLatticeConfigurations).toEqual([
      { roleArn: `arn:aws:iam::${API_SERVICE}:role/trellis/trellis/api-service-lattice`, targetGroupArn: group!.arn, portName: 'lattice' },
    ]);
    const { taskDefinition: provider } = await ecs(sim).send(new DescribeTaskDefinitionCommand({ taskDefinition: deployment.taskDefinition }));
    expect(provider?.containerDefinitions?.[0]?.portMappings).toEqual([expect.objectContaining({ containerPort: 8080, name: 'lattice' })]);

    // The consumer, in another account, calls the provider's Lattice DNS name.
    const { services: [consumer] = [] } = await ecs(sim, API_CONSUMER).send(new DescribeServicesCommand({ cluster: 'api-consumer', services: ['api-consumer'] }));
    const { taskDefinition: consumed } = await ecs(sim, API_CONSUMER).send(new DescribeTaskDefinitionCommand({ taskDefinition: consumer!.taskDefinition }));
    const environment = Object.fromEntries((consumed?.containerDefinitions?.[0]?.environment ?? []).map((variable) => [variable.name, variable.value]));
    expect(environment.API_LATTICE_HOST).toBe(service.dnsEntry?.domainName);
    expect(environment.API_LATTICE_HOST).toMatch(/\.on\.aws$/);

    sim.calls.reset();
    const second = await run();
    expectApplied(second);
    expect(notNoop(second)).toEqual({});
    expect(sim.calls.mutatingOperations()).toEqual({});
  });

  it('shows drift in plan and repairs it: the listener forwarding elsewhere, the ECS service dropped from the target group', async () => {
    expectApplied(await run());
    const service = await latticeService(sim);
    const live = await listener(sim);
    await lattice(sim).send(
      new UpdateListenerCommand({ serviceIdentifier: service.arn, listenerIdentifier: live.arn, defaultAction: { fixedResponse: { statusCode: 404 } } }),
    );
    await ecs(sim).send(new UpdateServiceCommand({ cluster: 'api-service', service: 'api-service', vpcLatticeConfigurations: [] }));
    expect((await primaryDeployment(sim)).vpcLatticeConfigurations ?? []).toEqual([]);

    const plan = await run({ dryRun: true });
    expect(notNoop(plan)).toEqual({
      'service/api-service/lattice-listener/main': ['update', 'targetGroupIdentifier'],
      'service/api-service/ecs-service/main': ['update', 'vpcLatticeConfigurations'],
    });

    expectApplied(await run());
    const [group] = await targetGroups(sim);
    expect(forwards(await listener(sim))).toEqual([[group!.id, 100]]);
    expect((await primaryDeployment(sim)).vpcLatticeConfigurations?.map((c) => c.targetGroupArn)).toEqual([group!.arn]);
    sim.calls.reset();
    expect(notNoop(await run())).toEqual({});
    expect(sim.calls.mutatingOperations()).toEqual({});
  });

  it('replaces the target group on a port change before deleting the old one: listener and ECS service move first', async () => {
    expectApplied(await run());
    const [old] = await targetGroups(sim);
    await workspace.edit('api-service.json', (manifest) => (manifest.spec.port = 9090));

    const events: ApplyEvent[] = [];
    const result = await run({ onEvent: (event) => events.push(event), allowDeletions: 10 });
    expectApplied(result);
    const done = (step: string, address: string) => events.findIndex((event) => event.kind === 'done' && event.step === step && event.address === address);
    const created = done('create', 'service/api-service/lattice-target-group/main');
    const oldDeleted = events.findIndex((event) => event.kind === 'done' && event.step === 'delete' && event.address === 'service/api-service/lattice-target-group/main');
    expect(created).toBeGreaterThanOrEqual(0);
    expect(oldDeleted).toBeGreaterThan(created);
    expect(done('update', 'service/api-service/lattice-listener/main')).toBeGreaterThan(created);
    expect(done('update', 'service/api-service/lattice-listener/main')).toBeLessThan(oldDeleted);
    expect(done('update', 'service/api-service/ecs-service/main')).toBeLessThan(oldDeleted);

    const groups = await targetGroups(sim);
    expect(groups.map((group) => [group.port, group.arn === old!.arn])).toEqual([[9090, false]]);
    expect(forwards(await listener(sim))).toEqual([[groups[0]!.id, 100]]);
    expect((await primaryDeployment(sim)).vpcLatticeConfigurations?.map((c) => c.targetGroupArn)).toEqual([groups[0]!.arn]);
    sim.calls.reset();
    expect(notNoop(await run())).toEqual({});
    expect(sim.calls.mutatingOperations()).toEqual({});
  });

  it('finishes a target group replacement killed after the new group is created, before the old one goes: listener and ECS service moved, the old group deleted, nothing superseded left', async () => {
    expectApplied(await run());
    const [old] = await targetGroups(sim);
    await workspace.edit('api-service.json', (manifest) => (manifest.spec.port = 9090));

    // The process dies right after CreateTargetGroup answered: the old group is already marked superseded,
    // and no later call is made (the listener and the ECS service still use the old group, which stays).
    let dead = false;
    const kill = () => {
      if (dead) throw new TerminalError('killed');
    };
    const killing: readonly Reconciler[] = reconcilers.map((reconciler) => ({
      ...reconciler,
      async create(ctx, desired, options) {
        kill();
        const created = await reconciler.create(ctx, desired, options);
        if (reconciler.type === LATTICE_TARGET_GROUP.name) dead = true;
        return created;
      },
      async update(ctx, desired, observed, changes) {
        kill();
        await reconciler.update(ctx, desired, observed, changes);
      },
      async delete(ctx, observed) {
        kill();
        await reconciler.delete(ctx, observed);
      },
    }));
    const killed = await run({ registry: killing, allowDeletions: 10 });
    expect(dead).toBe(true);
    const failedOrSkipped = (killed.applied?.outcomes ?? []).filter((outcome) => outcome.status !== 'done').map((outcome) => `${outcome.step} ${outcome.address}`);
    expect(failedOrSkipped).toEqual(
      expect.arrayContaining([
        'update service/api-service/lattice-listener/main',
        'update service/api-service/ecs-service/main',
        'delete service/api-service/lattice-target-group/main',
      ]),
    );
    const halfway = await targetGroups(sim);
    expect(halfway.map((group) => [group.port, group.arn === old!.arn]).sort()).toEqual([
      [8080, true],
      [9090, false],
    ]);
    expect(await supersededMark(sim, old!.arn!)).toBeDefined();
    expect(forwards(await listener(sim))).toEqual([[old!.id, 100]]);
    expect((await primaryDeployment(sim)).vpcLatticeConfigurations?.map((c) => c.targetGroupArn)).toEqual([old!.arn]);
    const created = halfway.find((group) => group.arn !== old!.arn)!;

    // The next run adopts the new group, moves the listener and the ECS service to it, then deletes the old one.
    const events: ApplyEvent[] = [];
    const resumed = await run({ onEvent: (event) => events.push(event) });
    expectApplied(resumed);
    const front = resumed.plan.changes.filter((change) => change.address.includes('/lattice-') || change.address.endsWith('/ecs-service/main'));
    expect(front.filter((change) => change.action !== 'noop').map((change) => [change.address, change.action, change.reason])).toEqual([
      ['service/api-service/ecs-service/main', 'update', undefined],
      ['service/api-service/lattice-listener/main', 'update', undefined],
      ['service/api-service/lattice-target-group/main', 'delete', 'superseded by its replacement'],
    ]);
    expect(resumed.plan.changes.find((change) => change.address === 'service/api-service/lattice-target-group/main' && change.action !== 'delete')?.action).toBe('noop');
    const done = (step: string, address: string) => events.findIndex((event) => event.kind === 'done' && event.step === step && event.address === address);
    const oldDeleted = done('delete', 'service/api-service/lattice-target-group/main');
    expect(done('update', 'service/api-service/lattice-listener/main')).toBeGreaterThanOrEqual(0);
    expect(done('update', 'service/api-service/lattice-listener/main')).toBeLessThan(oldDeleted);
    expect(done('update', 'service/api-service/ecs-service/main')).toBeGreaterThanOrEqual(0);
    expect(done('update', 'service/api-service/ecs-service/main')).toBeLessThan(oldDeleted);

    const groups = await targetGroups(sim);
    expect(groups.map((group) => [group.arn, group.port])).toEqual([[created.arn, 9090]]);
    expect(await supersededMark(sim, created.arn!)).toBeUndefined();
    expect(forwards(await listener(sim))).toEqual([[created.id, 100]]);
    expect((await primaryDeployment(sim)).vpcLatticeConfigurations?.map((c) => c.targetGroupArn)).toEqual([created.arn]);

    sim.calls.reset();
    const after = await run();
    expectApplied(after);
    expect(notNoop(after)).toEqual({});
    expect(sim.calls.mutatingOperations()).toEqual({});
  });

  it('removes the Lattice front when expose.lattice goes: ECS leaves the target group, the association goes before the service, nothing left', async () => {
    expectApplied(await run());
    await workspace.edit('api-service.json', (manifest) => delete manifest.spec.expose.lattice);
    await workspace.edit('api-consumer.json', (manifest) => (manifest.spec.consume = manifest.spec.consume.filter((c: { via: string }) => c.via !== 'lattice')));

    const events: ApplyEvent[] = [];
    const result = await run({ onEvent: (event) => events.push(event), allowDeletions: 10 });
    expectApplied(result);
    const deleted = (address: string) => events.findIndex((event) => event.kind === 'done' && event.step === 'delete' && event.address === address);
    for (const address of LATTICE_FRONT) expect(deleted(address)).toBeGreaterThanOrEqual(0);
    expect(deleted('service/api-service/lattice-service-association/shared-data')).toBeLessThan(deleted('service/api-service/lattice-service/main'));
    expect(deleted('service/api-service/lattice-listener/main')).toBeLessThan(deleted('service/api-service/lattice-target-group/main'));
    const ecsUpdated = events.findIndex((event) => event.kind === 'done' && event.step === 'update' && event.address === 'service/api-service/ecs-service/main');
    expect(ecsUpdated).toBeGreaterThanOrEqual(0);
    expect(ecsUpdated).toBeLessThan(deleted('service/api-service/lattice-target-group/main'));
    expect(ecsUpdated).toBeLessThan(deleted('service/api-service/iam-role/lattice'));

    const { items: services = [] } = await lattice(sim).send(new ListServicesCommand({}));
    expect(services).toEqual([]);
    expect(await targetGroups(sim)).toEqual([]);
    expect((await primaryDeployment(sim)).vpcLatticeConfigurations ?? []).toEqual([]);
    sim.calls.reset();
    expect(notNoop(await run())).toEqual({});
    expect(sim.calls.mutatingOperations()).toEqual({});
  });

  it('refuses bad input before any call: an unknown Share, and a consumer whose Network the Share does not associate', async () => {
    await workspace.edit('api-service.json', (manifest) => (manifest.spec.expose.lattice.share = 'shared-date'));
    const unknown = await cli(sim, 'plan', workspace.dir, '--target', 'sim');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('api-service.json#/spec/expose/lattice/share: unknown Share "shared-date"');
    await workspace.edit('api-service.json', (manifest) => (manifest.spec.expose.lattice.share = 'shared-data'));
    await workspace.edit('share.json', (manifest) => (manifest.spec.vpcAssociations = []));
    const unassociated = await cli(sim, 'plan', workspace.dir, '--target', 'sim');
    expect(unassociated.code).not.toBe(0);
    expect(unassociated.stderr).toContain('api-consumer.json#/spec/consume/1/service: Service "api-service" is in the service network of Share "shared-data", which has no VPC association');
    expect(sim.calls.total()).toBe(0);
  });
});

describe('a Service associated with a service network another account shares through RAM by invitation', () => {
  let workspace: Workspace;
  let sim: Simulation;
  beforeEach(async () => {
    workspace = await exampleWorkspace({ set: 'network' });
    sim = simulation({ asyncDelayMs: 20 });
  });
  afterEach(() => workspace.cleanup());

  it("accepts the invitation in the Service's account before associating, with the owner's network by ARN; the association is the Service account's; a second run changes nothing", async () => {
    // The Network's subnets are shared inside the organization (VPC sharing needs it) ...
    expectApplied(await engineRun(workspace.dir, sim));
    await cp(EXAMPLES, workspace.dir, { recursive: true, force: false }); // the other example files
    // ... then RAM sharing with the organization is off (as for a resource owner outside the organization):
    // every principal account, api-service's too, gets an invitation, and until api-service accepts it the
    // shared service network is invisible there, so the association cannot be made before (RAM user guide).
    sim.options.ramOrganizationSharing = false;

    const events: ApplyEvent[] = [];
    const first = await engineRun(workspace.dir, sim, { onEvent: (event) => events.push(event) });
    expectApplied(first);
    for (const address of LATTICE_FRONT) expect(first.plan.changes.find((change) => change.address === address)?.action).toBe('create');

    const { items: owned = [] } = await lattice(sim, OWNER).send(new ListServiceNetworksCommand({}));
    const network = owned.find((item) => item.name === 'shared-data')!;
    expect(network.arn?.split(':')[4]).toBe(OWNER);

    const { resourceShareInvitations = [] } = await sim.client(RAMClient, at(API_SERVICE)).send(new GetResourceShareInvitationsCommand({}));
    expect(resourceShareInvitations.map((invitation) => [invitation.senderAccountId, invitation.resourceShareName, invitation.status])).toEqual([[OWNER, 'shared-data', 'ACCEPTED']]);
    const { items: visible = [] } = await lattice(sim).send(new ListServiceNetworksCommand({}));
    expect(visible.map((item) => item.arn)).toEqual([network.arn]);

    // The RAM share (which accepts the invitation) is done before the association is attempted, and nothing failed on the way.
    const index = (kind: ApplyEvent['kind'], step: string, address: string) =>
      events.findIndex((event) => event.kind === kind && event.step === step && event.address === address);
    const shared = index('done', 'create', 'share/shared-data/resource-share/main');
    expect(shared).toBeGreaterThanOrEqual(0);
    expect(index('start', 'create', 'service/api-service/lattice-service-association/shared-data')).toBeGreaterThan(shared);
    expect(events.filter((event) => event.kind === 'failed')).toEqual([]);

    const service = await latticeService(sim);
    const { items: associations = [] } = await lattice(sim).send(new ListServiceNetworkServiceAssociationsCommand({ serviceIdentifier: service.arn }));
    expect(associations).toHaveLength(1);
    const live = await lattice(sim).send(new GetServiceNetworkServiceAssociationCommand({ serviceNetworkServiceAssociationIdentifier: associations[0]!.arn }));
    expect(live).toMatchObject({ status: 'ACTIVE', serviceNetworkArn: network.arn, serviceArn: service.arn, createdBy: API_SERVICE });

    sim.calls.reset();
    const second = await engineRun(workspace.dir, sim);
    expectApplied(second);
    expect(notNoop(second)).toEqual({});
    expect(sim.calls.mutatingOperations()).toEqual({});
    const observed = second.observed.find((resource) => resource.address === 'service/api-service/lattice-service-association/shared-data');
    expect(observed).toMatchObject({ id: associations[0]!.arn, scope: at(API_SERVICE), spec: { serviceNetworkIdentifier: network.arn, serviceIdentifier: service.arn } });
  });
});
