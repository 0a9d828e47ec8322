/**
 * One classifier for every AWS error, read by the step retry loop. What each service's codes mean is
 * data, in one table per service (`src/reconcilers/<service>/errors.ts`), listed in the registry.
 *
 * Division of labour with the SDK: the SDK's standard retry strategy makes a few quick retries of
 * throttling (every client) and of 5xx / network errors (clients for idempotent calls). What reaches
 * trellis has outlasted those — or found the SDK's retry quota drained, which sustained throttling
 * does by design — and is retried here with longer, fully jittered backoff: throttling, 5xx and
 * network errors (after a re-observe, for creates keyed by neither token nor name), eventual-
 * consistency codes, and dependency errors while an asynchronous delete finishes.
 */
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import type { SdkError } from '@smithy/types';
import { RetryAfterError, TerminalError } from '../errors.js';

export interface ErrorCodeTable {
  /** Codes AWS returns while a just-created resource propagates (`InvalidVpcID.NotFound`). Retried. */
  readonly eventualConsistency: readonly string[];
  /** Codes that mean the target does not exist; a delete treats them as success. */
  readonly notFound: readonly string[];
  /** Codes a delete gets while a dependent is still going away (`DependencyViolation`). Retried on deletes. */
  readonly dependencyPending: readonly string[];
}

export type Retryability =
  /** Retry after backoff. */
  | 'retry'
  /**
   * The request may or may not have been performed (timeout, 5xx). Retried; a create keyed by
   * neither token nor name re-observes first.
   */
  | 'ambiguous'
  /** Retrying cannot help. */
  | 'terminal';

export type Operation = 'create' | 'update' | 'delete' | 'read';

export class ErrorClassifier {
  readonly #consistency = new Set<string>();
  readonly #notFound = new Set<string>();
  readonly #dependency = new Set<string>();

  constructor(tables: readonly ErrorCodeTable[]) {
    for (const table of tables) {
      for (const code of table.eventualConsistency) this.#consistency.add(code);
      for (const code of table.notFound) this.#notFound.add(code);
      for (const code of table.dependencyPending) this.#dependency.add(code);
    }
  }

  classify(error: unknown, operation: Operation): Retryability {
    if (error instanceof TerminalError) return 'terminal';
    if (error instanceof RetryAfterError) return 'retry';
    const name = errorCode(error);
    if (name && this.#consistency.has(name)) return 'retry';
    if (name && operation === 'delete' && this.#dependency.has(name)) return 'retry';
    const sdkError = error as SdkError;
    // A throttled request was rejected before AWS acted on it.
    if (isThrottlingError(sdkError)) return 'retry';
    if (isTransientError(sdkError) || isServerError(sdkError)) return 'ambiguous';
    return 'terminal';
  }

  isNotFound(error: unknown): boolean {
    const name = errorCode(error);
    return name !== undefined && this.#notFound.has(name);
  }
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, Code, code } = error as { name?: unknown; Code?: unknown; code?: unknown };
  for (const candidate of [Code, name, code]) {
    if (typeof candidate === 'string' && candidate !== 'Error') return candidate;
  }
  return undefined;
}
