/**
 * The contract every resource type implements. The engine, not the reconciler, decides the verb:
 * it calls `observe` once per (account, region), matches observed to desired by `trellis:address`,
 * asks `diff` what changed, and then calls exactly one of `create`, `update`, `delete` or `release`.
 * Adding a resource type means a new module under `src/reconcilers/<service>/<type>/` and one line in
 * `src/reconcilers/registry.ts`; the engine never changes.
 */
import type { Client } from '@smithy/smithy-client';
import type { Clock } from './clock.js';
import type { DesiredResource, ObservedResource, Scope } from './types.js';

/** Constructor of an AWS SDK v3 client, e.g. `EC2Client`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClientClass<C> = new (config: any) => C;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyClient = Client<any, any, any, any>;

export interface ClientOptions {
  /**
   * `false` gives a client that never retries 5xx or timeouts (throttling still is: AWS rejected the
   * request before acting on it), for creates that are neither token- nor name-keyed: a lost response
   * must reach the engine, which re-observes by address before it retries, instead of being replayed
   * blindly (which would create a duplicate).
   */
  readonly retryAmbiguous?: boolean;
}

/** SDK clients for one (account, region), credentials already resolved (assumed role if needed). */
export interface ScopeClients {
  get<C extends AnyClient>(clientClass: ClientClass<C>, options?: ClientOptions): C;
}

/**
 * Polling for asynchronous states (NAT gateway `available`, endpoint `deleted`…): the first probe at
 * once, then delays exponential from `firstDelayMs`, doubling up to `maxDelayMs`; a `TerminalError`
 * after `timeoutMs`. The engine supplies it per target (see `waitUntil` in `./wait.ts`).
 */
export interface WaitTiming {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
}

export interface ReconcilerContext {
  readonly scope: Scope;
  /** The `trellis:owner` value of this run. */
  readonly owner: string;
  readonly clients: ScopeClients;
  /**
   * Clients of another scope, for sub-objects that live there without tags of their own and are
   * reconciled through their parent (a RAM invitation accepted in the principal's account, an
   * endpoint connection made from the consumer's): observed and changed as part of the parent.
   */
  clientsIn(scope: Scope): Promise<ScopeClients>;
  /**
   * Runs one AWS call retrying the eventual-consistency codes of this type's service (such as
   * `InvalidVpcID.NotFound` right after a create), with one budget. Use it for the calls a create
   * makes after the creating call, so that a propagation delay never makes the engine repeat the
   * create itself. Throttling and 5xx are not retried here: the call layer under every client
   * already did (`src/engine/call-retry.ts`).
   */
  retry<T>(operation: string, call: () => Promise<T>): Promise<T>;
  /** How to poll for asynchronous states: pass it to `waitUntil` (`src/reconcilers/wait.ts`). */
  readonly wait: WaitTiming;
  /** The run's time: real against AWS, virtual against the simulation. Every wait uses it. */
  readonly clock: Clock;
  /**
   * Set during observe only: a memo shared by every type's `observe` in this scope for this pass, so
   * that a listing two types need (the owned security groups: their own resources and their rules'
   * parents) is made once. Call it through {@link sharedListing}. Absent in apply, where every read
   * must be fresh.
   */
  readonly shared?: <T>(key: string, list: () => Promise<T>) => Promise<T>;
  /**
   * Set during observe only: this type's desired resources in this scope (references unresolved), as
   * hints. A type may read them by name where its listing costs a call per parent (ECS services:
   * DescribeServices by name in a cluster instead of ListServices per cluster). Hints only save calls:
   * observe still returns every owned resource, desired or not.
   */
  readonly desired?: readonly DesiredResource[];
}

/**
 * A fresh per-scope observe-pass memo, the `ReconcilerContext.shared` of one pass: the first caller of a
 * key lists, later and concurrent callers get the same promise.
 */
export function listingMemo(): NonNullable<ReconcilerContext['shared']> {
  const memo = new Map<string, Promise<unknown>>();
  return <T>(key: string, list: () => Promise<T>): Promise<T> => {
    let result = memo.get(key) as Promise<T> | undefined;
    if (!result) {
      result = list();
      memo.set(key, result);
    }
    return result;
  };
}

/**
 * `list()` once per (observe pass, scope, key): the first caller lists, later and concurrent callers
 * get the same promise. `key` names the call and its filters (`EC2:DescribeSecurityGroups owner`);
 * outside observe (no memo) it simply lists. What the listing returns is shared: never mutate it.
 */
export function sharedListing<T>(ctx: ReconcilerContext, key: string, list: () => Promise<T>): Promise<T> {
  return ctx.shared ? ctx.shared(key, list) : list();
}

/** One field that differs between desired and live. `path` is dotted (`tags.Name`, `cidrBlock`). */
export interface FieldChange {
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
  /** AWS cannot change this field in place: the resource must be replaced. */
  readonly replace: boolean;
}

/** A desired resource whose references are resolved to concrete values. */
export type ResolvedResource = DesiredResource;

export interface CreateOptions {
  /**
   * Stable across the retries of one run, new in the next (hash of owner, address, desired spec and
   * run ID). Token-keyed reconcilers pass it as the API's client token.
   */
  readonly clientToken: string;
}

/** What a successful create returns: enough to resolve references to this resource. */
export interface Created {
  readonly id: string;
  readonly outputs: Readonly<Record<string, unknown>>;
  /**
   * The spec fields the creating call set, in `spec` shape. When present, the engine converges every
   * other field right after, through `update` with its own retries, so that a failure there can never
   * repeat the creating call. Creates that are keyed by neither token nor name make only the creating
   * call and return this (a VPC's DNS attributes, a subnet's public-IP mapping, an internet gateway's
   * attachment are then updates).
   */
  readonly spec?: Readonly<Record<string, unknown>>;
}

/**
 * How a create survives a timeout after AWS performed it (ARCHITECTURE.md, "Idempotent creates").
 * - `token`: the API takes a client token and replays the original result;
 * - `name`: the API is idempotent on a unique name, or its already-exists error is resolved by adopting;
 * - `observe`: neither; before a retry the engine re-observes by `trellis:address` (`findByAddress`),
 *   for as long as the eventual-consistency window lasts, and only creates if nothing is there.
 */
export type Idempotency = 'token' | 'name' | 'observe';

/**
 * Where a type's resources live, for observation and matching:
 * - `regional` (default): per (account, region) — EC2, ELBv2, ECS, Lattice, RAM;
 * - `global`: per account (IAM roles): observed once per account in the scope
 *   `{ account, region: GLOBAL_REGION }`, desired resources are placed there whatever their manifest's
 *   region, so another region, which does not list them, never prunes them;
 * - `homeRegion`: observed per region, but owned and changed only in its home region (a multi-region
 *   CloudTrail trail appears in every region's DescribeTrails as a shadow trail): `observe` reports a
 *   resource only in its home region, and the engine drops any it reports elsewhere.
 */
export type Scoping = 'regional' | 'global' | 'homeRegion';

export interface Reconciler {
  /** `<service>:<type>`, e.g. `ec2:subnet`. */
  readonly type: string;
  /** Default `regional`. */
  readonly scoping?: Scoping;
  readonly idempotency: Idempotency;
  /**
   * Types this type's resources can reference. Orders the deletes of a printed plan (subnets before
   * their VPC); the apply order itself comes from each observed resource's `references`.
   */
  readonly dependsOn: readonly string[];
  /**
   * How a replacement runs. `deleteFirst` (default) where AWS cannot hold two at once (a VPC's CIDR,
   * a unique name that cannot be suffixed). `createBeforeDelete` where it can (target groups,
   * listeners, endpoint services, task definition revisions): the old resource is marked superseded
   * (`supersede`), the new one created under the address, and the old one deleted after every resource
   * that pointed at it moved, so a working resource exists at every moment; a run killed in between
   * leaves a superseded resource the next run deletes, never a conflict.
   */
  readonly replacement?: 'deleteFirst' | 'createBeforeDelete';
  /**
   * A type whose change creates a new version instead of replacing (ECS task definitions): `observe`
   * returns the latest version as the resource and the older ones with `superseded: true` and their
   * `version`; a changed spec creates a version (identical specs never do, the diff is empty); the
   * engine deletes old versions past the newest `keep`. Implies `createBeforeDelete`.
   */
  readonly versioned?: { readonly keep: number };
  /** Spec fields AWS cannot update in place; a change to one plans `replace`. */
  readonly replaceFields: readonly string[];
  /**
   * Whether a live resource of this type keeps what it `references` from being deleted (AWS answers
   * DependencyViolation: an endpoint's security group, a NAT gateway's subnet). Default true. A route
   * table does not (a route to a deleted gateway becomes a blackhole), nor does a RAM share.
   */
  readonly holdsReferences?: boolean;
  /**
   * `false` for sub-objects without tags of their own (security group rules): the engine then never
   * compares their tags (`observe` reports the parent's, whose own diff covers their drift). Default `true`.
   */
  readonly taggable?: boolean;

  /**
   * Optional, for resources AWS makes asynchronously (a NAT gateway `pending` → `available`): `create`
   * returns as soon as AWS accepted the request, and the engine waits for readiness only where a
   * dependent needs it, outside the concurrency limiter, asking for every waiting resource of this
   * type and scope in one call. `check` answers per ID: `ready`, `pending` (also: not visible yet), or
   * `{ failed: reason }` for a state that will never become ready. One batched call, never one per ID.
   */
  readonly readiness?: {
    check(ctx: ReconcilerContext, ids: readonly string[]): Promise<ReadonlyMap<string, 'ready' | 'pending' | { readonly failed: string }>>;
  };

  /**
   * Every resource of this type in `ctx.scope` that carries `trellis:owner = ctx.owner`, in a
   * bounded number of calls (batched, tag-filtered, paginated) — never one call per resource.
   * An absent resource is simply missing from the result, never an exception.
   */
  observe(ctx: ReconcilerContext): Promise<ObservedResource[]>;

  /**
   * The owned resources tagged with this address (normally zero or one), for observe-before-retry.
   * One filtered call.
   */
  findByAddress(ctx: ReconcilerContext, address: string): Promise<ObservedResource[]>;

  /**
   * Optional: field-level differences. Pure. When absent the engine compares `spec` field by field
   * and `tags` key by key, marking `replaceFields` as needing replacement.
   */
  diff?(desired: ResolvedResource, observed: ObservedResource): FieldChange[];

  /** Creates the resource with every desired tag in the creating call. */
  create(ctx: ReconcilerContext, desired: ResolvedResource, options: CreateOptions): Promise<Created>;

  /** Narrow calls for exactly the changed fields (never called with a `replace` change). */
  update(
    ctx: ReconcilerContext,
    desired: ResolvedResource,
    observed: ObservedResource,
    changes: readonly FieldChange[],
  ): Promise<void>;

  /** Deletes the resource; not-found counts as success. Waits if dependents need the delete finished. */
  delete(ctx: ReconcilerContext, observed: ObservedResource): Promise<void>;

  /** `deletionPolicy: Retain`: removes the trellis ownership tags and leaves the resource in place. */
  release(ctx: ReconcilerContext, observed: ObservedResource): Promise<void>;

  /**
   * `createBeforeDelete` types that are not versioned: tags the old resource `trellis:superseded =
   * runId` before its replacement is created, so that the two never claim one address as a conflict.
   */
  supersede?(ctx: ReconcilerContext, observed: ObservedResource, runId: string): Promise<void>;
}

/** The reconciler of `type` in `registry`; a type nobody registered is a bug in trellis, not bad input. */
export function reconcilerFor(type: string, registry: readonly Reconciler[]): Reconciler {
  const reconciler = registry.find((candidate) => candidate.type === type);
  if (!reconciler) throw new Error(`no reconciler is registered for resource type ${type}`);
  return reconciler;
}
