import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock.js';
import { TerminalError } from '../core/errors.js';
import type { Reconciler, ReconcilerContext } from '../core/reconciler.js';
import { Readiness } from './readiness.js';

const timing = { firstDelayMs: 2_000, maxDelayMs: 15_000, timeoutMs: 60_000 };

function gateways(readyAt: Record<string, number | 'failed'>, clock: VirtualClock) {
  const calls: string[][] = [];
  const reconciler = {
    type: 'fake:gateway',
    readiness: {
      async check(_ctx: ReconcilerContext, ids: readonly string[]) {
        calls.push([...ids]);
        return new Map(
          ids.map((id) => {
            const at = readyAt[id];
            return [id, at === 'failed' ? { failed: 'Gateway.NotAttached: no internet gateway' } : at !== undefined && clock.now() >= at ? 'ready' : 'pending'] as const;
          }),
        );
      },
    },
  } as unknown as Reconciler;
  return { reconciler, calls };
}

const ctx = { scope: { account: '111111111111', region: 'us-east-1' } } as ReconcilerContext;

describe('readiness', () => {
  it('polls every waiting resource of a scope and type in one call per round', async () => {
    const clock = new VirtualClock(0);
    const { reconciler, calls } = gateways({ a: 10_000, b: 30_000 }, clock);
    const readiness = new Readiness(timing, clock);
    await Promise.all([readiness.wait(reconciler, ctx, 'a'), readiness.wait(reconciler, ctx, 'b')]);
    expect(calls[0]).toEqual(['a', 'b']);
    expect(calls.every((ids) => ids.length <= 2)).toBe(true);
    // Rounds at 0, 2, 6, 14, 29, 44 s: b (ready at 30 s) is seen at 44 s.
    expect(clock.now()).toBe(44_000);
  });

  it('fails a resource AWS says will never be ready, with its reason, and one that times out', async () => {
    const clock = new VirtualClock(0);
    const { reconciler } = gateways({ broken: 'failed' }, clock);
    const readiness = new Readiness(timing, clock);
    await expect(readiness.wait(reconciler, ctx, 'broken')).rejects.toThrow('fake:gateway broken failed: Gateway.NotAttached: no internet gateway');
    const stuck = await readiness.wait(reconciler, ctx, 'stuck').catch((error: unknown) => error);
    expect(stuck).toBeInstanceOf(TerminalError);
    expect((stuck as Error).message).toBe('gave up waiting for fake:gateway stuck to be ready after 60000 ms');
  });
});
