/**
 * The call layer of retries: a middleware under every SDK client trellis builds, in the `build` step
 * (after serialization, before the SDK's own retry middleware, signing and sending, which it re-runs
 * for each attempt). It is the only layer that retries throttling, 5xx and network errors, with one
 * budget per call (`RetryPolicy.attempts`, the first attempt included), and it gates every attempt
 * through the call's rate bucket (`limits.ts`). The SDK's retry strategy is set to one attempt, so
 * attempts never multiply. Errors it gives up on are marked (`markRetriesExhausted`) and named with
 * the operation; errors that are not its to retry (AWS's answers: NotFound, DependencyViolation…) pass
 * through at once, for the step layer to judge.
 *
 * A client for creates keyed by neither token nor name (`retryAmbiguous: false`) does not retry 5xx or
 * timeouts: such a request may have been performed, and only the step layer, which re-observes by
 * address first, may repeat it.
 */
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import type { AbsoluteLocation, BuildHandlerOptions, BuildMiddleware, MetadataBearer, SdkError } from '@smithy/types';
import type { Clock } from '../core/clock.js';
import type { RateLimits } from './limits.js';
import { retrying, type RetryEvent, type RetryPolicy } from './retry.js';

export const CALL_RETRY_MIDDLEWARE = 'trellisCallRetry';

export interface CallRetrySettings {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly limits: RateLimits;
  readonly account: string;
  readonly region: string;
  /** Retry 5xx and timeouts (default); `false` for creates that are not idempotent. */
  readonly retryAmbiguous: boolean;
  readonly onRetry?: (event: RetryEvent) => void;
}

export type CallFailure = 'throttled' | 'ambiguous' | 'answer';

export function callFailure(error: unknown): CallFailure {
  const sdkError = error as SdkError;
  if (isThrottlingError(sdkError)) return 'throttled';
  if (isTransientError(sdkError) || isServerError(sdkError)) return 'ambiguous';
  return 'answer';
}

export function callRetryMiddleware(settings: CallRetrySettings): BuildMiddleware<object, MetadataBearer> {
  return (next, context) => async (args) => {
    const service = String(context.clientName ?? 'Unknown').replace(/Client$/, '');
    const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
    const bucket = settings.limits.bucket(settings.account, settings.region, service, operation);
    const name = `${service} ${operation}`;
    let ambiguous: unknown;
    try {
      return await retrying(
        async () => {
          try {
            const result = await bucket.run(() => next(args));
            bucket.succeeded();
            return result;
          } catch (error) {
            if (callFailure(error) === 'throttled') bucket.throttled();
            throw error;
          }
        },
        {
          policy: settings.policy,
          clock: settings.clock,
          operation: name,
          classify: (error) => {
            const failure = callFailure(error);
            if (failure === 'throttled') return 'retry';
            if (failure === 'ambiguous' && settings.retryAmbiguous) return 'retry';
            if (failure === 'ambiguous') ambiguous = error;
            return 'terminal';
          },
          ...(settings.onRetry ? { onRetry: settings.onRetry } : {}),
        },
      );
    } catch (error) {
      // Not this layer's to retry: an ambiguous failure of a non-idempotent create goes up unmarked.
      if (error === ambiguous && error instanceof Error && !error.message.startsWith(name)) error.message = `${name}: ${error.message}`;
      throw error;
    }
  };
}

export const CALL_RETRY_OPTIONS: BuildHandlerOptions & AbsoluteLocation & { name: string; override: boolean } = {
  step: 'build',
  priority: 'low',
  name: CALL_RETRY_MIDDLEWARE,
  override: true,
};
