import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as retry from '../engine/retry.js';
import { TerminalError } from '../errors.js';
import { waitUntil } from './wait.js';

/** Every delay waitUntil sleeps (the real sleep still runs). */
const sleeps = vi.hoisted((): number[] => []);
vi.mock('../engine/retry.js', async (importOriginal) => {
  const original = await importOriginal<typeof retry>();
  return {
    ...original,
    sleep: (ms: number) => {
      sleeps.push(ms);
      return original.sleep(ms);
    },
  };
});

afterEach(() => {
  sleeps.length = 0;
});

/** A probe returning 1, 2, 3… */
function counter() {
  let calls = 0;
  return { probe: async () => ++calls, calls: () => calls };
}

describe('waitUntil', () => {
  it('returns the first value done accepts, without sleeping when that is the first probe', async () => {
    const { probe, calls } = counter();
    await expect(waitUntil({ firstDelayMs: 1, maxDelayMs: 5, timeoutMs: 5_000 }, 'one', probe, () => true)).resolves.toBe(1);
    expect(calls()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('doubles the delay from firstDelayMs up to maxDelayMs', async () => {
    const { probe } = counter();
    await expect(waitUntil({ firstDelayMs: 1, maxDelayMs: 8, timeoutMs: 5_000 }, 'the seventh probe', probe, (n) => n === 7)).resolves.toBe(7);
    expect(sleeps).toEqual([1, 2, 4, 8, 8, 8]);
  });

  it('gives up with a TerminalError naming what it waited for after timeoutMs', async () => {
    const { probe, calls } = counter();
    const started = Date.now();
    const error = await waitUntil({ firstDelayMs: 2, maxDelayMs: 5, timeoutMs: 30 }, 'thing-1 to be ready', probe, () => false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TerminalError);
    expect((error as Error).message).toMatch(/^gave up waiting for thing-1 to be ready after \d+ ms$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(29);
    expect(calls()).toBeGreaterThan(2);
  });

  it('lets done fail the wait at once', async () => {
    const { probe, calls } = counter();
    const failed = () => {
      throw new TerminalError('failed');
    };
    await expect(waitUntil({ firstDelayMs: 1, maxDelayMs: 5, timeoutMs: 5_000 }, 'x', probe, failed)).rejects.toThrow('failed');
    expect(calls()).toBe(1);
  });
});
