/**
 * Step retries: p-retry with exponential backoff and full jitter, consulting the shared classifier.
 */
import pRetry, { AbortError } from 'p-retry';
import type { ErrorClassifier, Operation } from './classify.js';
import { RetryAfterError } from '../errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt. Default 8. */
  readonly retries: number;
  /** Base of the exponential backoff. Default 250 ms. */
  readonly baseDelayMs: number;
  /** Cap of one backoff delay. Default 20 s. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 8, baseDelayMs: 250, maxDelayMs: 20_000 };

/** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, min(cap, base·2^n)]. */
export function fullJitter(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryHooks {
  /**
   * Called before retrying after an ambiguous failure (the request may have been performed).
   * Returning a value ends the loop with it (the resource was found); `undefined` retries the call.
   */
  readonly beforeAmbiguousRetry?: () => Promise<unknown>;
}

/**
 * Runs `call` under the policy; errors that are not retryable for `operation` fail at once with the
 * AWS error itself (p-retry unwraps its AbortError).
 */
export async function withRetries<T>(
  classifier: ErrorClassifier,
  policy: RetryPolicy,
  operation: Operation,
  call: () => Promise<T>,
  hooks: RetryHooks = {},
): Promise<T> {
  let recovered: { value: T } | undefined;
  return pRetry(
    async () => {
      if (recovered) return recovered.value;
      try {
        return await call();
      } catch (error) {
        const kind = classifier.classify(error, operation);
        if (kind === 'terminal') {
          throw new AbortError(error instanceof Error ? error : new Error(String(error)));
        }
        throw error;
      }
    },
    {
      retries: policy.retries,
      minTimeout: 0,
      maxTimeout: 0,
      randomize: false,
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft === 0) return;
        const hinted = error instanceof RetryAfterError ? error.afterMs : 0;
        await sleep(Math.max(hinted, fullJitter(policy, attemptNumber)));
        if (hooks.beforeAmbiguousRetry && classifier.classify(error, operation) === 'ambiguous') {
          const found = await hooks.beforeAmbiguousRetry();
          if (found !== undefined) recovered = { value: found as T };
        }
      },
    },
  );
}
