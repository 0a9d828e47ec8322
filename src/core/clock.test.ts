import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.js';

describe('VirtualClock', () => {
  it('jumps to the earliest sleeper once everything waits, so concurrent sleeps overlap in virtual time', async () => {
    const clock = new VirtualClock(0);
    const woke: [string, number][] = [];
    const nap = async (name: string, ms: number) => {
      await clock.sleep(ms);
      woke.push([name, clock.now()]);
    };
    await Promise.all([nap('long', 180_000), nap('short', 2_000), nap('medium', 15_000)]);
    expect(woke).toEqual([
      ['short', 2_000],
      ['medium', 15_000],
      ['long', 180_000],
    ]);
    // The three waited together: the run took as long as the longest sleep, not the sum.
    expect(clock.now()).toBe(180_000);
  });

  it('does not move while work that is not sleeping is still running', async () => {
    const clock = new VirtualClock(0);
    let busyTurns = 0;
    const busy = (async () => {
      // Promise-chained work (like an SDK call answered by the simulation) between two sleeps.
      for (let i = 0; i < 50; i += 1) {
        await Promise.resolve();
        busyTurns += 1;
      }
      return clock.now();
    })();
    const sleeper = clock.sleep(1_000).then(() => clock.now());
    expect(await busy).toBe(0);
    expect(busyTurns).toBe(50);
    expect(await sleeper).toBe(1_000);
  });

  it('advances by hand and never runs backwards', () => {
    const clock = new VirtualClock(100);
    clock.advance(50);
    clock.advance(-10);
    expect(clock.now()).toBe(150);
  });
});
