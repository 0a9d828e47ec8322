/**
 * The retry loop trellis uses wherever it retries: exponential backoff with full jitter, on an
 * injected {@link Clock}, with one budget per call.
 *
 * Why not p-retry: its waits run on the real timer, so a simulated run with minutes of backoff would
 * take minutes, and the tests would sleep; and its hooks (`onFailedAttempt`) are where the previous
 * version kept side-channel state (a value recovered by re-observing). This loop is twenty lines, takes
 * the clock, and returns what a re-observe recovered directly.
 *
 * Who retries what (each call is retried by exactly one layer, with one budget):
 * - the call layer (`call-retry.ts`, a middleware under every SDK client): throttling, 5xx and network
 *   errors of every call, `policy.attempts` attempts; the SDK's own retry strategy makes one attempt;
 * - the step layer (`apply.ts`, and `ctx.retry` for a reconciler's follow-up calls): eventual-
 *   consistency codes, dependencies still going away on deletes, `RetryAfterError`, and the ambiguous
 *   failure of a create keyed by neither token nor name (re-observed first). An error the call layer
 *   gave up on is marked and never retried again here.
 */
import type { Clock } from '../core/clock.js';
import { markRetriesExhausted, type Retryability } from '../core/classify.js';
import { RetryAfterError } from '../core/errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. Default 8. */
  readonly attempts: number;
  /** Base of the exponential backoff. Default 250 ms. */
  readonly baseDelayMs: number;
  /** Cap of one backoff delay. Default 20 s. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 8, baseDelayMs: 250, maxDelayMs: 20_000 };

/** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, min(cap, base·2^(n-1))]. */
export function fullJitter(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
}

export interface RetryEvent {
  readonly operation: string;
  /** The attempt that failed (1-based). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

export interface RetryOptions<T> {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  /** Named in the error when the budget runs out, and in retry events. */
  readonly operation: string;
  readonly classify: (error: unknown) => Retryability;
  /**
   * Before retrying after an `ambiguous` failure (the request may have been performed): a value ends
   * the loop with it (the resource was found); `undefined` retries the call.
   */
  readonly beforeAmbiguousRetry?: () => Promise<T | undefined>;
  readonly onRetry?: (event: RetryEvent) => void;
}

export async function retrying<T>(call: () => Promise<T>, options: RetryOptions<T>): Promise<T> {
  const { policy, clock } = options;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const kind = options.classify(error);
      if (kind === 'terminal') throw error;
      if (attempt >= policy.attempts) throw exhausted(error, options.operation, attempt);
      const hinted = error instanceof RetryAfterError ? error.afterMs : 0;
      const delayMs = Math.max(hinted, fullJitter(policy, attempt));
      options.onRetry?.({ operation: options.operation, attempt, delayMs, error });
      await clock.sleep(delayMs);
      if (kind === 'ambiguous' && options.beforeAmbiguousRetry) {
        const found = await options.beforeAmbiguousRetry();
        if (found !== undefined) return found;
      }
    }
  }
}

/** The error, marked so no outer layer retries it again, its message naming the operation and the attempts. */
export function exhausted(error: unknown, operation: string, attempts: number): unknown {
  if (error instanceof Error && !error.message.startsWith(`${operation}: `)) {
    error.message = `${operation}: ${error.message} (${attempts} attempt${attempts === 1 ? '' : 's'})`;
  }
  return markRetriesExhausted(error);
}
