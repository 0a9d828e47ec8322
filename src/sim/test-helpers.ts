/** Shared by the simulation's tests. */
import { ConfiguredRetryStrategy } from '@smithy/core/retry';

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';
export const REGION = 'eu-west-1';

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The SDK's standard retry strategy with a 1 ms backoff, so retry tests are fast. */
export function fastRetries(maxAttempts: number): { maxAttempts: number; retryStrategy: ConfiguredRetryStrategy } {
  return { maxAttempts, retryStrategy: new ConfiguredRetryStrategy(maxAttempts, () => 1) };
}
