/**
 * Scoping per type: a global type (IAM-like) is observed once per account and never pruned because
 * another region does not list it; a home-region type (CloudTrail-like) is owned only where it lives.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock.js';
import type { Reconciler, ReconcilerContext } from '../core/reconciler.js';
import { GLOBAL_REGION, type DesiredResource, type ObservedResource, type Scope } from '../core/types.js';
import { observe, placeDesired } from './observe.js';
import { plan } from './plan.js';

const ACCOUNT = '111111111111';
const east: Scope = { account: ACCOUNT, region: 'us-east-1' };
const west: Scope = { account: ACCOUNT, region: 'us-west-2' };
const tags = (address: string) => ({ 'trellis:owner': 'trellis', 'trellis:address': address });

function desired(type: string, address: string, scope: Scope): DesiredResource {
  return { address, type, scope, spec: {}, tags: tags(address), source: { file: 'f.json', pointer: '' }, deletionPolicy: 'Delete', ignoreDrift: [], mode: 'enforce' };
}

function fake(type: string, scoping: Reconciler['scoping'], list: (ctx: ReconcilerContext) => ObservedResource[], calls: Scope[]): Reconciler {
  return {
    type,
    scoping,
    idempotency: 'name',
    dependsOn: [],
    replaceFields: [],
    observe: async (ctx) => {
      calls.push(ctx.scope);
      return list(ctx);
    },
    findByAddress: async () => [],
    create: async () => ({ id: 'x', outputs: {} }),
    update: async () => {},
    delete: async () => {},
    release: async () => {},
  };
}

const observeWith = (registry: Reconciler[], scopes: Scope[]) =>
  observe({
    owner: 'trellis',
    scopes,
    registry,
    clientsFor: async () => ({ get: () => ({}) as never }),
    clock: new VirtualClock(),
    waitTiming: { firstDelayMs: 1, maxDelayMs: 1, timeoutMs: 1 },
    concurrency: 4,
  });

describe('scoping', () => {
  it('observes a global type once per account, and does not prune it from a region whose manifests do not declare it', async () => {
    const calls: Scope[] = [];
    const role = 'service/api/role/task';
    const roles = fake('iam:role', 'global', (ctx) => [{ type: 'iam:role', scope: ctx.scope, id: 'AROA1', address: role, tags: tags(role), spec: {}, outputs: {}, references: [] }], calls);
    const things = fake('ec2:thing', 'regional', () => [], []);
    const registry = [roles, things];
    // The role's manifest is in us-east-1; another manifest of the account is in us-west-2.
    const wanted = placeDesired([desired('iam:role', role, east), desired('ec2:thing', 'network/west/thing/a', west)], registry);
    const { resources } = await observeWith(registry, [east, west]);

    expect(calls).toEqual([{ account: ACCOUNT, region: GLOBAL_REGION }]);
    expect(wanted[0]!.scope).toEqual({ account: ACCOUNT, region: GLOBAL_REGION });
    const planned = plan(wanted, resources, { runId: 'r', owner: 'trellis', maxDeletions: 10, registry });
    expect(planned.changes.map((change) => [change.address, change.action])).toEqual([
      [role, 'noop'],
      ['network/west/thing/a', 'create'],
    ]);
  });

  it('deletes a global resource no manifest declares while the account still has others, without the empty-scope refusal', async () => {
    const role = 'service/gone/role/task';
    const roles = fake('iam:role', 'global', (ctx) => [{ type: 'iam:role', scope: ctx.scope, id: 'AROA1', address: role, tags: tags(role), spec: {}, outputs: {}, references: [] }], []);
    const registry = [roles, fake('ec2:thing', 'regional', () => [], [])];
    const wanted = placeDesired([desired('ec2:thing', 'network/east/thing/a', east)], registry);
    const { resources } = await observeWith(registry, [east]);
    const planned = plan(wanted, resources, { runId: 'r', owner: 'trellis', maxDeletions: 10, registry });
    expect(planned.refusals).toEqual([]);
    expect(planned.changes.find((change) => change.address === role)?.action).toBe('delete');
  });

  it('owns a home-region type only in its home region, ignoring the copies other regions list', async () => {
    const trail = 'share/audit/trail/main';
    // A multi-region trail: every region lists it, with its home region.
    const trails = fake('cloudtrail:trail', 'homeRegion', () => [{ type: 'cloudtrail:trail', scope: east, id: 'arn:trail', address: trail, tags: tags(trail), spec: {}, outputs: {}, references: [] }], []);
    const { resources } = await observeWith([trails], [east, west]);
    expect(resources.map((resource) => resource.scope.region)).toEqual(['us-east-1']);
  });
});
