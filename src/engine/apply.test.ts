import { describe, expect, it } from 'vitest';
import type { Reconciler } from '../core/reconciler.js';
import { apply, clientTokenFor, stepGraph, urgentSteps, type ApplyOptions } from './apply.js';
import { VirtualClock } from '../core/clock.js';
import { ErrorClassifier } from '../core/classify.js';
import { plan } from './plan.js';
import { ref, type DesiredResource, type ObservedResource } from '../core/types.js';

const scope = { account: '111111111111', region: 'us-east-1' };

interface FakeLog {
  calls: string[];
}

/** An in-memory resource type: parents and children, with scripted failures. */
function fakeType(
  type: string,
  log: FakeLog,
  behaviour: { failCreate?: Set<string>; loseCreate?: Set<string>; replaceFields?: string[] } = {},
): Reconciler & { store: Map<string, ObservedResource> } {
  const store = new Map<string, ObservedResource>();
  let next = 1;
  return {
    store,
    type,
    idempotency: 'observe',
    dependsOn: [],
    replaceFields: behaviour.replaceFields ?? ['parent'],
    observe: async () => [...store.values()],
    findByAddress: async (_ctx, address) => [...store.values()].filter((resource) => resource.address === address),
    async create(_ctx, desired) {
      log.calls.push(`create ${desired.address}`);
      if (behaviour.failCreate?.has(desired.address)) throw Object.assign(new Error('InvalidParameterValue'), { name: 'InvalidParameterValue' });
      const id = `${type}-${next++}`;
      const references = typeof desired.spec.parent === 'string' ? [desired.spec.parent] : [];
      store.set(id, { type, scope, id, address: desired.address, tags: desired.tags, spec: desired.spec, outputs: { id }, references });
      if (behaviour.loseCreate?.delete(desired.address)) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      return { id, outputs: { id } };
    },
    async update(_ctx, desired, observed) {
      log.calls.push(`update ${desired.address}`);
      const references = typeof desired.spec.parent === 'string' ? [desired.spec.parent] : [];
      store.set(observed.id, { ...observed, spec: desired.spec, references });
    },
    async delete(_ctx, observed) {
      log.calls.push(`delete ${observed.address}`);
      store.delete(observed.id);
    },
    async release(_ctx, observed) {
      log.calls.push(`release ${observed.address}`);
    },
  };
}

function resource(type: string, address: string, spec: Record<string, unknown> = {}): DesiredResource {
  return {
    address,
    type,
    scope,
    spec,
    tags: { 'trellis:address': address },
    source: { file: 'f.json', pointer: '' },
    deletionPolicy: 'Delete',
    ignoreDrift: [],
    mode: 'enforce',
  };
}

function applyOptions(registry: Reconciler[]): ApplyOptions {
  return {
    owner: 'trellis',
    clientsFor: async () => ({ get: () => ({}) as never }),
    classifier: new ErrorClassifier([]),
    retryPolicy: { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
    clock: new VirtualClock(),
    consistencyWindowMs: 20,
    waitTiming: { firstDelayMs: 1, maxDelayMs: 5, timeoutMs: 5_000 },
    concurrency: 4,
    registry,
  };
}

const planOptions = (registry: Reconciler[]) => ({ runId: 'r', owner: 'trellis', maxDeletions: 10, registry });

describe('apply', () => {
  it('runs first what an asynchronously provisioned resource waits for, then the resource, then the rest', async () => {
    const log: FakeLog = { calls: [] };
    const others = fakeType('fake:other', log);
    const parents = fakeType('fake:parent', log);
    const slow = { ...fakeType('fake:slow', log), readiness: { check: async (_ctx: unknown, ids: readonly string[]) => new Map(ids.map((id) => [id, 'ready' as const])) } };
    const registry = [others, parents, slow];
    const desired = [
      resource('fake:other', 'o1'),
      resource('fake:other', 'o2'),
      resource('fake:other', 'o3'),
      resource('fake:parent', 'p'),
      resource('fake:slow', 's', { parent: ref('p', 'id') }),
    ];
    const planned = plan(desired, [], planOptions(registry));
    expect([...urgentSteps(stepGraph(planned, registry).steps, registry)].sort()).toEqual(['create:111111111111/us-east-1 p', 'create:111111111111/us-east-1 s']);
    const result = await apply(planned, { ...applyOptions(registry), concurrency: 1 });
    expect(result.failures).toEqual([]);
    // o1 took the idle slot at once; p then went ahead of the queued o2 and o3, and s (queued once p
    // was done, when o2 had just taken the slot) ahead of o3.
    expect(log.calls).toEqual(['create o1', 'create p', 'create o2', 'create s', 'create o3']);
  });

  it('creates parents before children and hands the parent ID to the child', async () => {
    const log: FakeLog = { calls: [] };
    const parents = fakeType('fake:parent', log);
    const children = fakeType('fake:child', log);
    const registry = [parents, children];
    const desired = [resource('fake:child', 'c', { parent: ref('p', 'id') }), resource('fake:parent', 'p')];
    const result = await apply(plan(desired, [], planOptions(registry)), applyOptions(registry));
    expect(result.failures).toEqual([]);
    expect(log.calls).toEqual(['create p', 'create c']);
    expect([...children.store.values()][0]!.spec.parent).toBe('fake:parent-1');
  });

  it('skips only the dependents of a failed create and finishes independent work', async () => {
    const log: FakeLog = { calls: [] };
    const parents = fakeType('fake:parent', log, { failCreate: new Set(['p1']) });
    const children = fakeType('fake:child', log);
    const registry = [parents, children];
    const desired = [
      resource('fake:parent', 'p1'),
      resource('fake:parent', 'p2'),
      resource('fake:child', 'c1', { parent: ref('p1', 'id') }),
      resource('fake:child', 'c2', { parent: ref('p2', 'id') }),
    ];
    const result = await apply(plan(desired, [], planOptions(registry)), applyOptions(registry));
    expect(result.outcomes.map((outcome) => [outcome.address, outcome.status])).toEqual(
      expect.arrayContaining([
        ['p1', 'failed'],
        ['p2', 'done'],
        ['c1', 'skipped'],
        ['c2', 'done'],
      ]),
    );
    expect(result.failures.map((failure) => failure.message)).toEqual(['p1: create failed: InvalidParameterValue']);
  });

  it('re-observes after a lost create response and adopts what it finds instead of creating again', async () => {
    const log: FakeLog = { calls: [] };
    const parents = fakeType('fake:parent', log, { loseCreate: new Set(['p']) });
    const registry = [parents];
    const result = await apply(plan([resource('fake:parent', 'p')], [], planOptions(registry)), applyOptions(registry));
    expect(result.failures).toEqual([]);
    expect(log.calls).toEqual(['create p']);
    expect(parents.store.size).toBe(1);
  });

  it('deletes a child before the parent it references', async () => {
    const log: FakeLog = { calls: [] };
    const parents = fakeType('fake:parent', log);
    const children = fakeType('fake:child', log);
    const registry = [parents, children];
    const desired = [resource('fake:parent', 'p'), resource('fake:child', 'c', { parent: ref('p', 'id') })];
    await apply(plan(desired, [], planOptions(registry)), applyOptions(registry));
    log.calls.length = 0;
    const observed = [...parents.store.values(), ...children.store.values()];
    const removal = plan([resource('fake:parent', 'keep')], observed, { ...planOptions(registry), allowDeletions: 2 });
    await apply(removal, applyOptions(registry));
    expect(log.calls.filter((call) => call.startsWith('delete'))).toEqual(['delete c', 'delete p']);
  });

  it('replaces a parent delete-first and then repoints a child that is updated in place, without a cycle', async () => {
    const log: FakeLog = { calls: [] };
    const parents = fakeType('fake:parent', log, { replaceFields: ['size'] });
    // Like a route table pointing at a NAT gateway: AWS lets the parent go while the child points at it.
    const children = { ...fakeType('fake:child', log, { replaceFields: [] }), holdsReferences: false };
    const registry = [parents, children];
    const before = [resource('fake:parent', 'p', { size: 1 }), resource('fake:child', 'c', { parent: ref('p', 'id') })];
    await apply(plan(before, [], planOptions(registry)), applyOptions(registry));
    log.calls.length = 0;

    const after = [resource('fake:parent', 'p', { size: 2 }), resource('fake:child', 'c', { parent: ref('p', 'id') })];
    const observed = [...parents.store.values(), ...children.store.values()];
    const replacement = plan(after, observed, planOptions(registry));
    expect(replacement.changes.map((change) => [change.address, change.action])).toEqual([
      ['p', 'replace'],
      ['c', 'update'],
    ]);
    const result = await apply(replacement, applyOptions(registry));
    expect(result.failures).toEqual([]);
    expect(log.calls).toEqual(['delete p', 'create p', 'update c']);
    expect([...children.store.values()][0]!.spec.parent).toBe([...parents.store.values()][0]!.id);
  });

  it('refuses a delete-first replacement whose old resource a kept child still holds', async () => {
    const log: FakeLog = { calls: [] };
    const parents = fakeType('fake:parent', log, { replaceFields: ['size'] });
    const children = fakeType('fake:child', log, { replaceFields: [] }); // holds its references (default)
    const registry = [parents, children];
    const before = [resource('fake:parent', 'p', { size: 1 }), resource('fake:child', 'c', { parent: ref('p', 'id') })];
    await apply(plan(before, [], planOptions(registry)), applyOptions(registry));
    const after = [resource('fake:parent', 'p', { size: 2 }), resource('fake:child', 'c', { parent: ref('p', 'id') })];
    const replacement = plan(after, [...parents.store.values(), ...children.store.values()], planOptions(registry));
    expect(stepGraph(replacement, registry).blocked).toEqual([expect.stringMatching(/^cannot replace p: c uses it/)]);
    log.calls.length = 0;
    await expect(apply(replacement, applyOptions(registry))).rejects.toThrow(/cannot replace p/);
    expect(log.calls).toEqual([]);
  });

  it('creates a resource after the addresses it depends on without referring to them', async () => {
    const log: FakeLog = { calls: [] };
    const parents = fakeType('fake:parent', log);
    const registry = [parents];
    const desired = [{ ...resource('fake:parent', 'nat'), dependsOn: ['igw'] }, resource('fake:parent', 'igw')];
    await apply(plan(desired, [], planOptions(registry)), applyOptions(registry));
    expect(log.calls).toEqual(['create igw', 'create nat']);
  });

  it('re-applies fields the observation cannot show after adopting a lost create', async () => {
    const log: FakeLog = { calls: [] };
    const updates: string[][] = [];
    const parents = fakeType('fake:parent', log, { loseCreate: new Set(['p']) });
    const hiding: Reconciler = {
      ...parents,
      // the listing shows no `dns` field, like DescribeVpcs and a VPC's DNS attributes
      observe: async () => [...parents.store.values()].map((r) => ({ ...r, spec: {} })),
      findByAddress: async (_ctx, address) => [...parents.store.values()].filter((r) => r.address === address).map((r) => ({ ...r, spec: {} })),
      update: async (_ctx, _desired, _observed, changes) => {
        updates.push(changes.map((change) => change.path));
      },
    };
    const registry = [hiding];
    const result = await apply(plan([resource('fake:parent', 'p', { dns: true })], [], planOptions(registry)), applyOptions(registry));
    expect(result.failures).toEqual([]);
    expect(updates).toEqual([['dns']]);
  });

  it('never repeats the creating call when what follows it fails, even with retryable errors', async () => {
    const log: FakeLog = { calls: [] };
    const parents = fakeType('fake:parent', log);
    let attempts = 0;
    const twoStep: Reconciler = {
      ...parents,
      async create(ctx, desired, options) {
        const created = await parents.create(ctx, desired, options);
        return { ...created, spec: {} }; // the creating call set nothing of the spec
      },
      async update() {
        attempts += 1;
        // what AWS answers right after a create, until the retries run out
        throw Object.assign(new Error('InvalidVpcID.NotFound'), { name: 'InvalidVpcID.NotFound' });
      },
    };
    const registry = [twoStep];
    const options = { ...applyOptions(registry), classifier: new ErrorClassifier([{ service: 'fake', eventualConsistency: ['InvalidVpcID.NotFound'], notFound: [], dependencyPending: [] }]) };
    const result = await apply(plan([resource('fake:parent', 'p', { dns: true })], [], planOptions(registry)), options);
    expect(result.failures.map((failure) => failure.message)).toEqual(['p: create failed: update: InvalidVpcID.NotFound (4 attempts)']);
    expect(attempts).toBe(4); // the follow-up update was retried…
    expect(log.calls).toEqual(['create p']); // …the create was not
  });

  it('derives client tokens that are stable within a run and new across runs', () => {
    const desired = resource('fake:parent', 'p');
    expect(clientTokenFor('trellis', desired, 'run-1')).toBe(clientTokenFor('trellis', desired, 'run-1'));
    expect(clientTokenFor('trellis', desired, 'run-1')).not.toBe(clientTokenFor('trellis', desired, 'run-2'));
    expect(clientTokenFor('trellis', desired, 'run-1')).toHaveLength(64);
  });
});

describe('apply with references that never resolved', () => {
  it('refuses a create whose nested reference (inside a list) points at a resource that was not created', async () => {
    const log: FakeLog = { calls: [] };
    const parents = fakeType('fake:parent', log, { failCreate: new Set(['p']) });
    const children = fakeType('fake:child', log);
    const registry = [parents, children];
    // The reference sits inside a list, not at the top of the spec.
    const desired = [resource('fake:parent', 'p'), resource('fake:child', 'c', { routes: [{ target: ref('p', 'id') }] })];
    const planned = plan(desired, [], planOptions(registry));
    // Apply the child alone, as if its parent had been planned but produced no output.
    const childOnly = { ...planned, changes: planned.changes.filter((change) => change.address === 'c') };
    const result = await apply(childOnly, applyOptions(registry));
    expect(result.failures.map((failure) => failure.message)).toEqual(['c: create failed: c: routes refers to a resource that was not created']);
    expect(log.calls).toEqual([]);
  });
});
