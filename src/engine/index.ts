/**
 * The engine's public entry point: one pass of validate → expand → observe → diff → plan → apply.
 * Everything it needs comes in as arguments; nothing here reads flags or prints.
 */
import { randomUUID } from 'node:crypto';
import { assertValid, expand, type Inputs } from '../model/index.js';
import type { ErrorCodeTable } from '../core/classify.js';
import type { Reconciler, WaitTiming } from '../core/reconciler.js';
import { apply, stepGraph, type ApplyEvent, type ApplyResult } from './apply.js';
import { ErrorClassifier } from '../core/classify.js';
import type { ClientFactory } from './clients.js';
import { observe, placeDesired, uniqueScopes } from './observe.js';
import { plan, type Plan } from './plan.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { scopeKey, type DesiredResource, type ObservedResource, type Scope } from '../core/types.js';

/**
 * Polling for asynchronous states on AWS, where NAT gateways and endpoints take a few minutes. At most
 * 5 s between polls: a poll is one batched Describe per (scope, type) (`readiness.ts`), so a shorter
 * gap costs a few reads a minute, while a 15 s gap made a NAT gateway ready after 60 s seen at 74 s
 * (bench/README.md).
 */
export const DEFAULT_WAIT_TIMING: WaitTiming = { firstDelayMs: 2_000, maxDelayMs: 5_000, timeoutMs: 20 * 60_000 };

export interface ReconcileOptions {
  readonly inputs: Inputs;
  readonly clients: ClientFactory;
  /** Plan only (`--dry-run`, `trellis plan`). */
  readonly dryRun: boolean;
  /** Delete owned resources no longer desired. Default true. */
  readonly prune?: boolean;
  /** `--allow-deletions N`. */
  readonly allowDeletions?: number;
  /** Identifies the run in client tokens; default a random UUID. */
  readonly runId?: string;
  readonly retryPolicy?: RetryPolicy;
  /** How long a new resource may be invisible to Describe. Default 15 s (EC2 eventual consistency). */
  readonly consistencyWindowMs?: number;
  /** Polling for asynchronous states (NAT gateway available, endpoint deleted…). Default {@link DEFAULT_WAIT_TIMING}. */
  readonly waitTiming?: WaitTiming;
  /** Every resource type the run may meet (`src/reconcilers/registry.ts`). */
  readonly registry: readonly Reconciler[];
  /** Every service's error codes (`src/reconcilers/registry.ts`). */
  readonly errorTables: readonly ErrorCodeTable[];
  readonly onEvent?: (event: ApplyEvent) => void;
}

export interface ReconcileResult {
  readonly desired: readonly DesiredResource[];
  readonly observed: readonly ObservedResource[];
  /** Configured accounts without manifests that could not be observed (a warning, not a failure). */
  readonly skippedScopes: readonly { readonly scope: Scope; readonly reason: string }[];
  readonly plan: Plan;
  /** Undefined for a dry run. */
  readonly applied: ApplyResult | undefined;
}

export async function reconcile(options: ReconcileOptions): Promise<ReconcileResult> {
  const { inputs } = options;
  assertValid(inputs); // throws ValidationError before any AWS call
  const { registry } = options;
  const desired = placeDesired(expand(inputs), registry);
  const classifier = new ErrorClassifier(options.errorTables);
  const clock = options.clients.clock;
  const retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const waitTiming = options.waitTiming ?? DEFAULT_WAIT_TIMING;
  const { config } = inputs;
  const clientsFor = (scope: Scope) => options.clients.forScope(scope);

  const { scopes, optionalScopes } = scopesToObserve(desired, inputs);
  const observation = await observe({
    owner: config.owner,
    scopes,
    optionalScopes,
    registry,
    clientsFor,
    clock,
    waitTiming,
    concurrency: config.limits.concurrency,
    desired,
  });
  const observed = observation.resources;
  const planned = plan(desired, observed, {
    runId: options.runId ?? randomUUID(),
    owner: config.owner,
    prune: options.prune ?? true,
    maxDeletions: config.limits.maxDeletions,
    ...(options.allowDeletions !== undefined ? { allowDeletions: options.allowDeletions } : {}),
    registry,
  });
  const skippedScopes = observation.skipped;
  // A replacement AWS would reject halfway (its old resource still in use) leaves an outage: such a
  // plan is refused before anything is touched.
  // The step graph is built once: checked here, run by apply.
  const graph = stepGraph(planned, registry);
  const blocked = graph.blocked.map((message) => ({ message, withheld: [], stopsApply: true }));
  const thePlan = blocked.length === 0 ? planned : { ...planned, refusals: [...planned.refusals, ...blocked] };
  if (options.dryRun) return { desired, observed, skippedScopes, plan: thePlan, applied: undefined };
  if (thePlan.refusals.some((refusal) => refusal.stopsApply)) {
    return { desired, observed, skippedScopes, plan: thePlan, applied: { outcomes: [], failures: [] } };
  }
  const applied = await apply(thePlan, {
    owner: config.owner,
    clientsFor,
    classifier,
    retryPolicy,
    clock,
    consistencyWindowMs: options.consistencyWindowMs ?? 15_000,
    waitTiming,
    concurrency: config.limits.concurrency,
    registry,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  }, graph);
  return { desired, observed, skippedScopes, plan: thePlan, applied };
}

/**
 * Every scope a desired resource lives in; and, optionally, every other (account, region) pair of the
 * configured and desired accounts with the default and desired regions, so that resources left behind
 * where all manifests were removed are still seen (and the prune guard can refuse to empty the scope).
 * A region no manifest uses any more, other than the default one, is not searched.
 */
function scopesToObserve(desired: readonly DesiredResource[], inputs: Inputs): { scopes: Scope[]; optionalScopes: Scope[] } {
  const scopes = uniqueScopes(desired.map((resource) => resource.scope));
  const wanted = new Set(scopes.map(scopeKey));
  const accounts = new Set([...Object.values(inputs.config.accounts), ...scopes.map((scope) => scope.account)]);
  const regions = new Set([inputs.config.defaultRegion, ...scopes.map((scope) => scope.region)]);
  const candidates = [...accounts].flatMap((account) => [...regions].map((region) => ({ account, region })));
  return { scopes, optionalScopes: uniqueScopes(candidates).filter((scope) => !wanted.has(scopeKey(scope))) };
}

/** A run failed when a step failed, an address is in conflict, or a deletion was refused. */
export function runFailed(result: ReconcileResult): boolean {
  return (
    (result.applied?.failures.length ?? 0) > 0 || result.plan.conflicts.length > 0 || result.plan.refusals.length > 0
  );
}

export type { ApplyEvent, ApplyResult } from './apply.js';
export type { Plan, PlannedChange, Action } from './plan.js';
export { ClientFactory } from './clients.js';
