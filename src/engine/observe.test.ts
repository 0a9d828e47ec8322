import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock.js';
import type { Reconciler } from '../core/reconciler.js';
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
});
