/**
 * Observe: for every (account, region) and every resource type, one batched, tag-filtered,
 * paginated listing of what this owner has there. Never one Describe per resource.
 */
import pLimit from 'p-limit';
import type { Reconciler, ReconcilerContext, ScopeClients, WaitTiming } from '../reconcilers/types.js';
import type { ErrorClassifier } from './classify.js';
import { withRetries, type RetryPolicy } from './retry.js';
import { scopeKey, type ObservedResource, type Scope } from './types.js';

export interface ObserveOptions {
  readonly owner: string;
  readonly scopes: readonly Scope[];
  readonly registry: readonly Reconciler[];
  readonly clientsFor: (scope: Scope) => Promise<ScopeClients>;
  readonly classifier: ErrorClassifier;
  readonly retryPolicy: RetryPolicy;
  /** Polling for asynchronous states (`ReconcilerContext.wait`). */
  readonly waitTiming: WaitTiming;
  readonly concurrency: number;
}

/** Fails as a whole if any listing fails: planning on a partial view could duplicate or delete. */
export async function observe(options: ObserveOptions): Promise<ObservedResource[]> {
  const limit = pLimit(options.concurrency);
  const listings = options.scopes.flatMap((scope) =>
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
          throw new Error(`observe ${reconciler.type} in ${scopeKey(scope)} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
        }
      }),
    ),
  );
  return (await Promise.all(listings)).flat();
}

/** Distinct scopes, in a stable order. */
export function uniqueScopes(scopes: Iterable<Scope>): Scope[] {
  const byKey = new Map<string, Scope>();
  for (const scope of scopes) byKey.set(scopeKey(scope), { account: scope.account, region: scope.region });
  return [...byKey.values()].sort((a, b) => scopeKey(a).localeCompare(scopeKey(b)));
}
