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
import { RetryAfterError, TerminalError } from './errors.js';

export interface ErrorCodeTable {
  /**
   * The service whose codes these are: the prefix of its resource types (`ec2` for `ec2:subnet`). The
   * same code means different things per service (`ConflictException`, `ResourceInUse`), so a code is
   * read only in its own service's table.
   */
  readonly service: string;
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

const EXHAUSTED = Symbol.for('trellis.retriesExhausted');

/**
 * Marks an error that a retry layer has already retried for its whole budget, so that no layer
 * around it retries the same call again (the attempts would multiply). {@link ErrorClassifier.classify}
 * answers `terminal` for it.
 */
export function markRetriesExhausted<E>(error: E): E {
  if (typeof error === 'object' && error !== null) (error as Record<symbol, unknown>)[EXHAUSTED] = true;
  return error;
}

export function retriesExhausted(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[EXHAUSTED] === true;
}

interface CodeSets {
  readonly consistency: ReadonlySet<string>;
  readonly notFound: ReadonlySet<string>;
  readonly dependency: ReadonlySet<string>;
}

const NO_CODES: CodeSets = { consistency: new Set(), notFound: new Set(), dependency: new Set() };

export class ErrorClassifier {
  readonly #byService = new Map<string, CodeSets>();

  constructor(tables: readonly ErrorCodeTable[]) {
    for (const table of tables) {
      if (this.#byService.has(table.service)) throw new Error(`two error tables for service ${table.service}`);
      this.#byService.set(table.service, {
        consistency: new Set(table.eventualConsistency),
        notFound: new Set(table.notFound),
        dependency: new Set(table.dependencyPending),
      });
    }
  }

  /** The codes of the service of `type` (`ec2:subnet` → `ec2`). */
  #codes(type: string): CodeSets {
    return this.#byService.get(type.split(':')[0] ?? type) ?? NO_CODES;
  }

  /**
   * How the step and follow-up-call layer treats `error` of a call made for a resource of `type`.
   * Throttling and 5xx normally never get here: the call layer (`src/engine/call-retry.ts`) retried
   * them and marked them exhausted.
   */
  classify(error: unknown, operation: Operation, type: string): Retryability {
    if (retriesExhausted(error)) return 'terminal';
    if (error instanceof TerminalError) return 'terminal';
    if (error instanceof RetryAfterError) return 'retry';
    const name = errorCode(error);
    const codes = this.#codes(type);
    if (name && codes.consistency.has(name)) return 'retry';
    if (name && operation === 'delete' && codes.dependency.has(name)) return 'retry';
    const sdkError = error as SdkError;
    // A throttled request was rejected before AWS acted on it.
    if (isThrottlingError(sdkError)) return 'retry';
    if (isTransientError(sdkError) || isServerError(sdkError)) return 'ambiguous';
    return 'terminal';
  }

  /** Whether `error` says the target of a call for a resource of `type` does not exist. */
  isNotFound(error: unknown, type: string): boolean {
    const name = errorCode(error);
    return name !== undefined && this.#codes(type).notFound.has(name);
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
