/**
 * Polling for asynchronous states (a NAT gateway becoming `available`, an endpoint `deleted`…), with
 * the timing the engine puts in `ReconcilerContext.wait`.
 */
import type { Clock } from '../core/clock.js';
import { TerminalError } from '../core/errors.js';
import type { WaitTiming } from '../core/reconciler.js';

/**
 * Calls `probe` at once and then after delays (on `ctx.clock`) doubling from `ctx.wait.firstDelayMs`
 * up to `ctx.wait.maxDelayMs`, until `done` accepts its value, which it returns. After `ctx.wait.timeoutMs`
 * (one last probe at the deadline) it gives up with a TerminalError naming `what` ("NAT gateway nat-1
 * to be available"). `done` may throw itself for states that will never get there.
 */
export async function waitUntil<T>(
  { wait: timing, clock }: { readonly wait: WaitTiming; readonly clock: Clock },
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const started = clock.now();
  const deadline = started + timing.timeoutMs;
  let delay = timing.firstDelayMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw new TerminalError(`gave up waiting for ${what} after ${elapsed(clock.now() - started)}`);
    await clock.sleep(Math.min(delay, remaining));
    delay = Math.min(delay * 2, timing.maxDelayMs);
  }
}

function elapsed(ms: number): string {
  return ms < 10_000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
