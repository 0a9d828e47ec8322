/**
 * Observe: for every (account, region) and every resource type, one batched, tag-filtered,
 * paginated listing of what this owner has there. Never one Describe per resource.
 */
import pLimit from 'p-limit';
import { ObserveError } from '../errors.js';
import type { Reconciler, ReconcilerContext, ScopeClients, WaitTiming } from '../reconcilers/types.js';
import type { ErrorClassifier } from './classify.js';
import { withRetries, type RetryPolicy } from './retry.js';
import { scopeKey, type ObservedResource, type Scope } from './types.js';

export interface ObserveOptions {
  readonly owner: string;
  /** Scopes some desired resource lives in: a failed listing there fails the run. */
  readonly scopes: readonly Scope[];
  /**
   * Scopes observed only to find leftovers (a configured account no manifest uses): a failed listing
   * there (no role to assume yet, say) skips the scope with a warning, since nothing is desired there
   * and nothing is deleted from a scope that was not seen whole.
   */
  readonly optionalScopes?: readonly Scope[];
  readonly registry: readonly Reconciler[];
  readonly clientsFor: (scope: Scope) => Promise<ScopeClients>;
  readonly classifier: ErrorClassifier;
  readonly retryPolicy: RetryPolicy;
  /** Polling for asynchronous states (`ReconcilerContext.wait`). */
  readonly waitTiming: WaitTiming;
  readonly concurrency: number;
}

export interface Observation {
  readonly resources: readonly ObservedResource[];
  /** Optional scopes that could not be listed, and why. */
  readonly skipped: readonly { readonly scope: Scope; readonly reason: string }[];
}

/**
 * Fails as a whole if a listing in a desired scope fails: planning on a partial view could duplicate
 * or delete. An optional scope is kept only if every one of its listings succeeded.
 */
export async function observe(options: ObserveOptions): Promise<Observation> {
  const limit = pLimit(options.concurrency);
  const list = (scope: Scope) =>
    Promise.all(
      options.registry.map((reconciler) =>
        limit(async () => {
          const retry = <T>(call: () => Promise<T>) => withRetries(options.classifier, options.retryPolicy, 'read', call);
          try {
            // Resolving the scope's clients asks STS who we are (once per run): retried like any read.
            const clients = await retry(() => options.clientsFor(scope));
            const ctx: ReconcilerContext = {
              scope,
              owner: options.owner,
              clients,
              retry: (_operation, call) => retry(call),
              wait: options.waitTiming,
            };
            return await retry(() => reconciler.observe(ctx));
          } catch (cause) {
            throw new ObserveError(`observe ${reconciler.type} in ${scopeKey(scope)} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
          }
        }),
      ),
    ).then((listings) => listings.flat());

  const optional = options.optionalScopes ?? [];
  const [required, maybe] = await Promise.all([
    Promise.all(options.scopes.map(list)),
    Promise.all(optional.map((scope) => list(scope).then((resources) => ({ resources }), (error: Error) => ({ error })))),
  ]);
  const skipped = maybe.flatMap((result, index) => ('error' in result ? [{ scope: optional[index]!, reason: result.error.message }] : []));
  const seen = maybe.flatMap((result) => ('resources' in result ? result.resources : []));
  return { resources: [...required.flat(), ...seen], skipped };
}

/** Distinct scopes, in a stable order. */
export function uniqueScopes(scopes: Iterable<Scope>): Scope[] {
  const byKey = new Map<string, Scope>();
  for (const scope of scopes) byKey.set(scopeKey(scope), { account: scope.account, region: scope.region });
  return [...byKey.values()].sort((a, b) => scopeKey(a).localeCompare(scopeKey(b)));
}
