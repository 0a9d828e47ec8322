/**
 * Create-before-delete replacement and versioned types, on in-memory types that behave like AWS where
 * it matters: a target group cannot be deleted while a listener forwards to it (ResourceInUse), and a
 * listener can be moved to another target group in place.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock.js';
import { ErrorClassifier } from '../core/classify.js';
import { TerminalError } from '../core/errors.js';
import type { Reconciler } from '../core/reconciler.js';
import { ref, TAG_SUPERSEDED, type DesiredResource, type ObservedResource } from '../core/types.js';
import { apply, type ApplyOptions } from './apply.js';
import { plan } from './plan.js';

const scope = { account: '111111111111', region: 'us-east-1' };

function resource(type: string, address: string, spec: Record<string, unknown>): DesiredResource {
  return { address, type, scope, spec, tags: { 'trellis:owner': 'trellis', 'trellis:address': address }, source: { file: 'f.json', pointer: '' }, deletionPolicy: 'Delete', ignoreDrift: [], mode: 'enforce' };
}

/** Target groups and a listener forwarding to one; `broken()` is true whenever the listener points at nothing. */
function world(options: { crashDeletingOnce?: boolean } = {}) {
  const groups = new Map<string, ObservedResource>();
  const listeners = new Map<string, ObservedResource>();
  let next = 1;
  let crash = options.crashDeletingOnce ?? false;
  const moments: boolean[] = [];
  const check = () => moments.push([...listeners.values()].every((listener) => groups.has(String(listener.spec.targetGroupId))));
  const targetGroups: Reconciler = {
    type: 'fake:target-group',
    idempotency: 'name',
    replacement: 'createBeforeDelete',
    dependsOn: [],
    replaceFields: ['port'],
    observe: async () => [...groups.values()],
    findByAddress: async () => [],
    async create(_ctx, desired) {
      const id = `tg-${next++}`;
      groups.set(id, { type: 'fake:target-group', scope, id, address: desired.address, tags: desired.tags, spec: desired.spec, outputs: { id }, references: [] });
      check();
      return { id, outputs: { id } };
    },
    update: async () => {},
    async supersede(_ctx, observed, runId) {
      groups.set(observed.id, { ...observed, tags: { ...observed.tags, [TAG_SUPERSEDED]: runId } });
    },
    async delete(_ctx, observed) {
      if ([...listeners.values()].some((listener) => listener.spec.targetGroupId === observed.id)) {
        throw Object.assign(new Error(`${observed.id} is in use by a listener`), { name: 'ResourceInUse' });
      }
      if (crash) {
        crash = false;
        throw new TerminalError('killed between create and delete');
      }
      groups.delete(observed.id);
      check();
    },
    release: async () => {},
  };
  const listenerType: Reconciler = {
    type: 'fake:listener',
    idempotency: 'name',
    dependsOn: ['fake:target-group'],
    replaceFields: [],
    observe: async () => [...listeners.values()],
    findByAddress: async () => [],
    async create(_ctx, desired) {
      const id = `listener-${next++}`;
      listeners.set(id, { type: 'fake:listener', scope, id, address: desired.address, tags: desired.tags, spec: desired.spec, outputs: { id }, references: [String(desired.spec.targetGroupId)] });
      check();
      return { id, outputs: { id } };
    },
    async update(_ctx, desired, observed) {
      listeners.set(observed.id, { ...observed, spec: desired.spec, references: [String(desired.spec.targetGroupId)] });
      check();
    },
    delete: async () => {},
    release: async () => {},
  };
  const registry = [targetGroups, listenerType];
  const observed = async () => [...groups.values(), ...listeners.values()];
  return { registry, groups, moments, observed };
}

const applyOptions = (registry: Reconciler[]): ApplyOptions => ({
  owner: 'trellis',
  clientsFor: async () => ({ get: () => ({}) as never }),
  classifier: new ErrorClassifier([]),
  retryPolicy: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
  clock: new VirtualClock(),
  consistencyWindowMs: 20,
  waitTiming: { firstDelayMs: 1, maxDelayMs: 5, timeoutMs: 5_000 },
  concurrency: 4,
  registry,
});

const desiredAt = (port: number) => [
  resource('fake:target-group', 'service/api/target-group/main', { port }),
  resource('fake:listener', 'service/api/listener/main', { targetGroupId: ref('service/api/target-group/main', 'id') }),
];

describe('create-before-delete replacement', () => {
  it('creates the new target group, moves the listener, then deletes the old one: a working target at every moment', async () => {
    const { registry, groups, moments, observed } = world();
    const options = { runId: 'run-1', owner: 'trellis', maxDeletions: 10, registry };
    await apply(plan(desiredAt(80), [], options), applyOptions(registry));

    const replaced = plan(desiredAt(8080), await observed(), { ...options, runId: 'run-2' });
    expect(replaced.changes.map((change) => [change.address, change.action])).toEqual([
      ['service/api/target-group/main', 'replace'],
      ['service/api/listener/main', 'update'],
    ]);
    const result = await apply(replaced, applyOptions(registry));
    expect(result.failures).toEqual([]);
    expect(moments.every(Boolean)).toBe(true);
    expect([...groups.values()].map((group) => group.spec.port)).toEqual([8080]);
    expect(plan(desiredAt(8080), await observed(), { ...options, runId: 'run-3' }).summary).toMatchObject({ noop: 2, delete: 0 });
  });

  it('finishes a replacement killed between the create and the delete on the next run, with no conflict', async () => {
    const { registry, groups, moments, observed } = world({ crashDeletingOnce: true });
    const options = { runId: 'run-1', owner: 'trellis', maxDeletions: 10, registry };
    await apply(plan(desiredAt(80), [], options), applyOptions(registry));
    const killed = await apply(plan(desiredAt(8080), await observed(), { ...options, runId: 'run-2' }), applyOptions(registry));
    expect(killed.failures.map((failure) => failure.message)).toEqual([expect.stringContaining('killed between create and delete')]);
    expect(groups.size).toBe(2); // the new one and the superseded old one

    const resumed = plan(desiredAt(8080), await observed(), { ...options, runId: 'run-3' });
    expect(resumed.conflicts).toEqual([]);
    expect(resumed.changes.map((change) => [change.address, change.action, change.reason])).toEqual([
      ['service/api/target-group/main', 'noop', undefined],
      ['service/api/listener/main', 'noop', undefined],
      ['service/api/target-group/main', 'delete', 'superseded by its replacement'],
    ]);
    expect((await apply(resumed, applyOptions(registry))).failures).toEqual([]);
    expect([...groups.values()].map((group) => group.spec.port)).toEqual([8080]);
    expect(moments.every(Boolean)).toBe(true);
  });
});

describe('versioned resources', () => {
  /** Task-definition-like: every create is a new revision; observe marks all but the newest superseded. */
  function revisions(keep: number) {
    const store: { revision: number; spec: Record<string, unknown> }[] = [];
    const type: Reconciler = {
      type: 'fake:task-definition',
      idempotency: 'name',
      versioned: { keep },
      replacement: 'createBeforeDelete',
      dependsOn: [],
      replaceFields: ['image'],
      observe: async () =>
        store.map((entry, index) => ({
          type: 'fake:task-definition',
          scope,
          id: `td:${entry.revision}`,
          address: 'service/api/task-definition/main',
          tags: { 'trellis:owner': 'trellis', 'trellis:address': 'service/api/task-definition/main' },
          spec: entry.spec,
          outputs: { arn: `td:${entry.revision}` },
          references: [],
          version: entry.revision,
          ...(index < store.length - 1 ? { superseded: true } : {}),
        })),
      findByAddress: async () => [],
      async create(_ctx, desired) {
        const revision = (store.at(-1)?.revision ?? 0) + 1;
        store.push({ revision, spec: desired.spec });
        return { id: `td:${revision}`, outputs: { arn: `td:${revision}` } };
      },
      update: async () => {},
      async delete(_ctx, observed) {
        store.splice(store.findIndex((entry) => `td:${entry.revision}` === observed.id), 1);
      },
      release: async () => {},
    };
    return { type, store };
  }

  it('registers one version per change, none for an identical spec, and removes versions past the kept count', async () => {
    const { type, store } = revisions(2);
    const registry = [type];
    const run = async (image: string, runId: string) => {
      const planned = plan([resource('fake:task-definition', 'service/api/task-definition/main', { image })], await type.observe({} as never), {
        runId,
        owner: 'trellis',
        maxDeletions: 10,
        registry,
      });
      await apply(planned, applyOptions(registry));
      return planned;
    };
    await run('api:1', 'r1');
    expect((await run('api:1', 'r2')).summary).toMatchObject({ noop: 1, replace: 0 });
    for (const [index, image] of ['api:2', 'api:3', 'api:4'].entries()) await run(image, `r${index + 3}`);
    // The newest plus the two before it.
    expect(store.map((entry) => entry.revision)).toEqual([2, 3, 4]);
    expect(store.at(-1)!.spec.image).toBe('api:4');
  });

  it('keeps the number of old versions the desired resource asks for (a Service\'s keepRevisions) over the type\'s default', async () => {
    const { type, store } = revisions(3);
    const registry = [type];
    for (const [index, image] of ['api:1', 'api:2', 'api:3', 'api:4'].entries()) {
      const wanted = { ...resource('fake:task-definition', 'service/api/task-definition/main', { image }), keepVersions: 1 };
      const planned = plan([wanted], await type.observe({} as never), { runId: `r${index}`, owner: 'trellis', maxDeletions: 10, registry });
      await apply(planned, applyOptions(registry));
    }
    expect(store.map((entry) => entry.revision)).toEqual([3, 4]);
  });
});
