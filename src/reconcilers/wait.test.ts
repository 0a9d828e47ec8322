import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock.js';
import { TerminalError } from '../core/errors.js';
import type { WaitTiming } from '../core/reconciler.js';
import { waitUntil } from './wait.js';

/** A virtual clock that records every delay waitUntil sleeps; no real time passes. */
function timed(wait: WaitTiming) {
  const clock = new VirtualClock(0);
  const sleeps: number[] = [];
  const sleep = clock.sleep.bind(clock);
  clock.sleep = (ms: number) => {
    sleeps.push(ms);
    return sleep(ms);
  };
  return { ctx: { wait, clock }, sleeps, clock };
}

/** A probe returning 1, 2, 3… */
function counter() {
  let calls = 0;
  return { probe: async () => ++calls, calls: () => calls };
}

describe('waitUntil', () => {
  it('returns the first value done accepts, without sleeping when that is the first probe', async () => {
    const { probe, calls } = counter();
    const { ctx, sleeps } = timed({ firstDelayMs: 1, maxDelayMs: 5, timeoutMs: 5_000 });
    await expect(waitUntil(ctx, 'one', probe, () => true)).resolves.toBe(1);
    expect(calls()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('doubles the delay from firstDelayMs up to maxDelayMs', async () => {
    const { probe } = counter();
    const { ctx, sleeps } = timed({ firstDelayMs: 1, maxDelayMs: 8, timeoutMs: 5_000 });
    await expect(waitUntil(ctx, 'the seventh probe', probe, (n) => n === 7)).resolves.toBe(7);
    expect(sleeps).toEqual([1, 2, 4, 8, 8, 8]);
  });

  it('gives up with a TerminalError naming what it waited for after timeoutMs', async () => {
    const { probe, calls } = counter();
    const { ctx, clock } = timed({ firstDelayMs: 2, maxDelayMs: 5, timeoutMs: 30 });
    const error = await waitUntil(ctx, 'thing-1 to be ready', probe, () => false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TerminalError);
    expect((error as Error).message).toBe('gave up waiting for thing-1 to be ready after 30 ms');
    expect(clock.now()).toBe(30);
    expect(calls()).toBeGreaterThan(2);
  });

  it('lets done fail the wait at once', async () => {
    const { probe, calls } = counter();
    const failed = () => {
      throw new TerminalError('failed');
    };
    const { ctx } = timed({ firstDelayMs: 1, maxDelayMs: 5, timeoutMs: 5_000 });
    await expect(waitUntil(ctx, 'x', probe, failed)).rejects.toThrow('failed');
    expect(calls()).toBe(1);
  });
});
