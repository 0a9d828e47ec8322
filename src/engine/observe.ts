/**
 * Observe: for every (account, region) and every resource type, one batched, tag-filtered,
 * paginated listing of what this owner has there. Never one Describe per resource.
 */
import pLimit from 'p-limit';
import { ObserveError } from '../core/errors.js';
import type { Reconciler, ReconcilerContext, ScopeClients, WaitTiming } from '../core/reconciler.js';
import type { Clock } from '../core/clock.js';
import { scopeKey, TAG_OWNER, type ObservedResource, type Scope } from '../core/types.js';

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
  readonly clock: Clock;
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
          try {
            // Every call is retried (throttling, 5xx) by the call layer under the clients; a listing
            // has no eventual-consistency codes to retry, so observe adds no layer of its own.
            const clients = await options.clientsFor(scope);
            const ctx: ReconcilerContext = {
              scope,
              owner: options.owner,
              clients,
              retry: (_operation, call) => call(),
              wait: options.waitTiming,
              clock: options.clock,
            };
            // Owned is decided here too, not by the API's tag filter alone: a filter an API ignores
            // must never make a foreign or untagged resource look owned (and so deletable).
            return (await reconciler.observe(ctx)).filter((resource) => resource.tags[TAG_OWNER] === options.owner);
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
