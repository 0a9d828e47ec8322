/**
 * Observe: for every (account, region) and every resource type, one batched, tag-filtered,
 * paginated listing of what this owner has there. Never one Describe per resource.
 */
import pLimit from 'p-limit';
import { ObserveError } from '../core/errors.js';
import { listingMemo, type Reconciler, type ReconcilerContext, type ScopeClients, type WaitTiming } from '../core/reconciler.js';
import type { Clock } from '../core/clock.js';
import { GLOBAL_REGION, scopeKey, TAG_OWNER, type DesiredResource, type ObservedResource, type Scope } from '../core/types.js';

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
  /** The desired resources, placed (`placeDesired`): each type's observe gets its scope's as hints (`ReconcilerContext.desired`). */
  readonly desired?: readonly DesiredResource[];
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
  const hints = new Map<string, DesiredResource[]>();
  for (const resource of options.desired ?? []) {
    const key = `${scopeKey(resource.scope)} ${resource.type}`;
    const same = hints.get(key);
    if (same) same.push(resource);
    else hints.set(key, [resource]);
  }
  const list = (scope: Scope, reconcilers: readonly Reconciler[]) => {
    // One memo per scope and pass: listings one type shares with another (`sharedListing`).
    const shared = listingMemo();
    return Promise.all(
      reconcilers.map((reconciler) =>
        limit(async () => {
          try {
            // Every call is retried (throttling, 5xx) by the call layer under the clients; a listing
            // has no eventual-consistency codes to retry, so observe adds no layer of its own.
            const clients = await options.clientsFor(scope);
            const ctx: ReconcilerContext = {
              scope,
              owner: options.owner,
              clients,
              clientsIn: options.clientsFor,
              retry: (_operation, call) => call(),
              wait: options.waitTiming,
              clock: options.clock,
              shared,
              desired: hints.get(`${scopeKey(scope)} ${reconciler.type}`) ?? [],
            };
            // Owned is decided here too, not by the API's tag filter alone: a filter an API ignores
            // must never make a foreign or untagged resource look owned (and so deletable).
            const owned = (await reconciler.observe(ctx)).filter((resource) => resource.tags[TAG_OWNER] === options.owner);
            // A home-region type is owned where it lives: its copies elsewhere (shadow trails) are not.
            return reconciler.scoping === 'homeRegion' ? owned.filter((resource) => resource.scope.region === scope.region) : owned;
          } catch (cause) {
            throw new ObserveError(`observe ${reconciler.type} in ${scopeKey(scope)} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
          }
        }),
      ),
    ).then((listings) => listings.flat());
  };

  const regional = options.registry.filter((reconciler) => reconciler.scoping !== 'global');
  const global = options.registry.filter((reconciler) => reconciler.scoping === 'global');
  /** The listings of some scopes: regional types per region, global types once per account. */
  const listings = (scopes: readonly Scope[], exceptAccounts: ReadonlySet<string> = new Set()) => [
    ...scopes.filter((scope) => scope.region !== GLOBAL_REGION).map((scope) => ({ scope, run: () => list(scope, regional) })),
    ...(global.length === 0 ? [] : accountScopes(scopes).filter((scope) => !exceptAccounts.has(scope.account)).map((scope) => ({ scope, run: () => list(scope, global) }))),
  ];
  const required = listings(options.scopes);
  const optional = listings(options.optionalScopes ?? [], new Set(options.scopes.map((scope) => scope.account)));
  const [found, maybe] = await Promise.all([
    Promise.all(required.map((listing) => listing.run())),
    Promise.all(optional.map((listing) => listing.run().then((resources) => ({ resources }), (error: Error) => ({ error })))),
  ]);
  const skipped = maybe.flatMap((result, index) => ('error' in result ? [{ scope: optional[index]!.scope, reason: result.error.message }] : []));
  const seen = maybe.flatMap((result) => ('resources' in result ? result.resources : []));
  return { resources: [...found.flat(), ...seen], skipped };
}

/** One global scope per account of `scopes`. */
function accountScopes(scopes: readonly Scope[]): Scope[] {
  return uniqueScopes(scopes.map((scope) => ({ account: scope.account, region: GLOBAL_REGION })));
}

/**
 * Where the engine matches a desired resource: its manifest's scope, or `{ account, GLOBAL_REGION }`
 * for a global type (an IAM role declared by a manifest in us-east-1 is the account's role).
 */
export function placeDesired(resources: readonly DesiredResource[], registry: readonly Reconciler[]): DesiredResource[] {
  const global = new Set(registry.filter((reconciler) => reconciler.scoping === 'global').map((reconciler) => reconciler.type));
  return resources.map((resource) =>
    global.has(resource.type) && resource.scope.region !== GLOBAL_REGION ? { ...resource, scope: { account: resource.scope.account, region: GLOBAL_REGION } } : resource,
  );
}

/** Distinct scopes, in a stable order. */
export function uniqueScopes(scopes: Iterable<Scope>): Scope[] {
  const byKey = new Map<string, Scope>();
  for (const scope of scopes) byKey.set(scopeKey(scope), { account: scope.account, region: scope.region });
  return [...byKey.values()].sort((a, b) => scopeKey(a).localeCompare(scopeKey(b)));
}
