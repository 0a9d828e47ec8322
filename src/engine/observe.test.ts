import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock.js';
import { sharedListing, type Reconciler, type ReconcilerContext } from '../core/reconciler.js';
import type { ObservedResource } from '../core/types.js';
import { observe } from './observe.js';

const scope = { account: '111111111111', region: 'us-east-1' };

function live(id: string, tags: Record<string, string>): ObservedResource {
  return { type: 'fake:thing', scope, id, address: tags['trellis:address'], tags, spec: {}, outputs: {}, references: [] };
}

describe('observe', () => {
  it('keeps only resources with this owner’s tag, even when the API ignored the tag filter', async () => {
    // A listing that ignores its filter (seen on RAM tagFilters against an emulator): foreign and untagged resources come back too.
    const listing: Reconciler = {
      type: 'fake:thing',
      observe: async () => [
        live('mine', { 'trellis:owner': 'trellis', 'trellis:address': 'network/core/thing/a' }),
        live('theirs', { 'trellis:owner': 'someone-else', 'trellis:address': 'network/core/thing/a' }),
        live('untagged', { Name: 'x' }),
      ],
    } as unknown as Reconciler;
    const result = await observe({
      owner: 'trellis',
      scopes: [scope],
      registry: [listing],
      clientsFor: async () => ({ get: () => ({}) as never }),
      clock: new VirtualClock(),
      waitTiming: { firstDelayMs: 1, maxDelayMs: 1, timeoutMs: 1 },
      concurrency: 1,
    });
    expect(result.resources.map((resource) => resource.id)).toEqual(['mine']);
  });

  it('shares a listing two types ask for in one scope, once per scope and pass', async () => {
    const listed: string[] = [];
    const uses = (type: string): Reconciler =>
      ({
        type,
        observe: async (ctx: ReconcilerContext) => {
          const items = await sharedListing(ctx, 'fake:list owner', async () => {
            listed.push(ctx.scope.region);
            return ['x'];
          });
          return items.map((id) => live(`${type}-${id}`, { 'trellis:owner': 'trellis' }));
        },
      }) as unknown as Reconciler;
    const run = () =>
      observe({
        owner: 'trellis',
        scopes: [scope, { ...scope, region: 'eu-west-1' }],
        registry: [uses('fake:a'), uses('fake:b')],
        clientsFor: async () => ({ get: () => ({}) as never }),
        clock: new VirtualClock(),
        waitTiming: { firstDelayMs: 1, maxDelayMs: 1, timeoutMs: 1 },
        concurrency: 4,
      });
    const result = await run();
    expect(result.resources).toHaveLength(4);
    expect(listed.sort()).toEqual(['eu-west-1', 'us-east-1']);
    await run(); // a new pass lists again
    expect(listed).toHaveLength(4);
  });

  it('lists as usual outside observe (no memo on the context)', async () => {
    let calls = 0;
    const ctx = { scope } as unknown as Parameters<typeof sharedListing>[0];
    await sharedListing(ctx, 'k', async () => (calls += 1));
    await sharedListing(ctx, 'k', async () => (calls += 1));
    expect(calls).toBe(2);
  });
});
