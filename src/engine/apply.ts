/**
 * Apply: executes a plan in dependency order, independent branches concurrently under a limiter,
 * each step with idempotent retries. A failure skips only the steps that depend on it.
 */
import { createHash } from 'node:crypto';
import { ResourceError, TerminalError } from '../core/errors.js';
import { reconcilerFor, type Created, type FieldChange, type Reconciler, type ReconcilerContext, type ScopeClients, type WaitTiming } from '../core/reconciler.js';
import type { ErrorClassifier, Operation } from '../core/classify.js';
import { containsUnknown, diffResource } from '../core/diff.js';
import type { Plan, PlannedChange } from './plan.js';
import { resolveRefs, upstreamAddresses } from './plan.js';
import { PriorityLimit } from './priority-limit.js';
import { Readiness } from './readiness.js';
import { retrying, type RetryPolicy } from './retry.js';
import type { Clock } from '../core/clock.js';
import { scopeKey, type DesiredResource, type ObservedResource, type Scope } from '../core/types.js';

/** `supersede`: the old half of a create-before-delete replacement is marked before the new one is created. */
export type StepKind = 'create' | 'update' | 'delete' | 'release' | 'supersede';

export interface ApplyEvent {
  readonly kind: 'start' | 'done' | 'failed' | 'skipped';
  readonly step: StepKind;
  readonly address: string;
  readonly error?: Error;
}

export interface StepOutcome {
  readonly address: string;
  readonly step: StepKind;
  readonly status: 'done' | 'failed' | 'skipped';
  readonly error?: Error;
  /** For skipped steps: the step that failed upstream. */
  readonly reason?: string;
}

export interface ApplyResult {
  readonly outcomes: readonly StepOutcome[];
  readonly failures: readonly ResourceError[];
}

export interface ApplyOptions {
  readonly owner: string;
  readonly clientsFor: (scope: Scope) => Promise<ScopeClients>;
  readonly classifier: ErrorClassifier;
  readonly retryPolicy: RetryPolicy;
  readonly clock: Clock;
  /** How long a resource created just now may stay invisible to Describe (observe-before-retry). */
  readonly consistencyWindowMs: number;
  /** Polling for asynchronous states (`ReconcilerContext.wait`). */
  readonly waitTiming: WaitTiming;
  readonly concurrency: number;
  readonly registry: readonly Reconciler[];
  readonly onEvent?: (event: ApplyEvent) => void;
}

export interface Step {
  readonly key: string;
  readonly kind: StepKind;
  readonly change: PlannedChange;
  readonly dependsOn: string[];
}

export async function apply(plan: Plan, options: ApplyOptions, graph: StepGraph = stepGraph(plan, options.registry)): Promise<ApplyResult> {
  const { steps, blocked } = graph;
  // reconcile() refuses such a plan before applying; this guards other callers of apply().
  if (blocked.length > 0) throw new TerminalError(blocked.join('\n'));
  const limit = new PriorityLimit(options.concurrency);
  const urgent = urgentSteps(steps, options.registry);
  const outputs = new Map<string, Readonly<Record<string, unknown>> | undefined>();
  for (const change of plan.changes) {
    if (change.observed && change.desired && change.action !== 'replace') outputs.set(change.address, change.observed.outputs);
  }
  const scopeClients = new Map<string, Promise<ScopeClients>>();
  const clientsFor = (scope: Scope) => {
    const key = scopeKey(scope);
    let clients = scopeClients.get(key);
    if (!clients) {
      clients = options.clientsFor(scope);
      scopeClients.set(key, clients);
    }
    return clients;
  };

  const readiness = new Readiness(options.waitTiming, options.clock);
  /** IDs of the resources created by create steps, for readiness. */
  const createdIds = new Map<string, string>();
  /** Create steps whose resource never became ready: the step is reported failed. */
  const notReady = new Map<string, StepOutcome>();
  const ready = new Map<string, Promise<StepOutcome>>();

  /**
   * A step as its dependents see it: done, and — for a create of a type AWS makes asynchronously —
   * ready. The wait polls outside the limiter (`readiness.ts`), and only dependents ask for it.
   */
  const settled = (step: Step): Promise<StepOutcome> => {
    const reconciler = reconcilerFor(step.change.type, options.registry);
    if (step.kind !== 'create' || !reconciler.readiness) return run(step);
    let outcome = ready.get(step.key);
    if (!outcome) {
      outcome = run(step).then(async (done) => {
        const id = createdIds.get(step.key);
        if (done.status !== 'done' || id === undefined) return done;
        try {
          await readiness.wait(reconciler, await contextFor(step.change.scope, step.change.type), id);
          return done;
        } catch (cause) {
          const error = new ResourceError(step.change.address, 'create', cause);
          options.onEvent?.({ kind: 'failed', step: 'create', address: step.change.address, error });
          const failed: StepOutcome = { address: step.change.address, step: 'create', status: 'failed', error };
          notReady.set(step.key, failed);
          return failed;
        }
      });
      ready.set(step.key, outcome);
    }
    return outcome;
  };

  const outcomes = new Map<string, Promise<StepOutcome>>();
  const run = (step: Step): Promise<StepOutcome> => {
    let outcome = outcomes.get(step.key);
    if (outcome) return outcome;
    outcome = (async (): Promise<StepOutcome> => {
      const upstream = await Promise.all(step.dependsOn.map((key) => settled(steps.get(key) as Step)));
      const failed = upstream.find((result) => result.status !== 'done');
      if (failed) {
        const reason = `${failed.step} ${failed.address} ${failed.status === 'failed' ? 'failed' : 'was skipped'}`;
        options.onEvent?.({ kind: 'skipped', step: step.kind, address: step.change.address });
        return { address: step.change.address, step: step.kind, status: 'skipped', reason };
      }
      return limit.run(async () => {
        options.onEvent?.({ kind: 'start', step: step.kind, address: step.change.address });
        try {
          const ctx = await contextFor(step.change.scope, step.change.type);
          await execute(step, ctx, reconcilerFor(step.change.type, options.registry));
          options.onEvent?.({ kind: 'done', step: step.kind, address: step.change.address });
          return { address: step.change.address, step: step.kind, status: 'done' };
        } catch (cause) {
          const error = new ResourceError(step.change.address, step.kind, cause);
          options.onEvent?.({ kind: 'failed', step: step.kind, address: step.change.address, error });
          return { address: step.change.address, step: step.kind, status: 'failed', error };
        }
      }, urgent.has(step.key));
    })();
    outcomes.set(step.key, outcome);
    return outcome;
  };

  const contextFor = async (scope: Scope, type: string): Promise<ReconcilerContext> => ({
    scope,
    owner: options.owner,
    clients: await clientsFor(scope),
    clientsIn: clientsFor,
    retry: (operation, call) => stepRetry('update', type, operation, call),
    wait: options.waitTiming,
    clock: options.clock,
  });

  /** The step layer of retries (`retry.ts`): one budget per step, classified by the type's service. */
  const stepRetry = <T>(operation: Operation, type: string, name: string, call: () => Promise<T>, beforeAmbiguousRetry?: () => Promise<T | undefined>) =>
    retrying(call, {
      policy: options.retryPolicy,
      clock: options.clock,
      operation: name,
      classify: (error) => options.classifier.classify(error, operation, type),
      ...(beforeAmbiguousRetry ? { beforeAmbiguousRetry } : {}),
    });

  const execute = async (step: Step, ctx: ReconcilerContext, reconciler: Reconciler): Promise<void> => {
    const { change } = step;
    const { classifier } = options;
    const type = change.type;
    switch (step.kind) {
      case 'create': {
        const desired = resolveForApply(change.desired as DesiredResource, outputs);
        const clientToken = clientTokenFor(options.owner, desired, plan.runId);
        let adopted: ObservedResource | undefined;
        // Token- and name-keyed creates replay safely; the others look before they leap again.
        const reobserve =
          reconciler.idempotency === 'observe'
            ? async (): Promise<Created | undefined> => {
                adopted = await findAfterAmbiguousCreate(ctx, reconciler, desired.address, options.consistencyWindowMs);
                return adopted && { id: adopted.id, outputs: adopted.outputs };
              }
            : undefined;
        const created = await stepRetry<Created>('create', type, 'create', () => reconciler.create(ctx, desired, { clientToken }), reobserve);
        // What the create left undone — the fields set after the creating call, or everything a lost
        // create may not have done before it was adopted — is converged like any update.
        const current = adopted ?? (created.spec ? createdAsObserved(desired, created, created.spec) : undefined);
        if (current) {
          const changed = diffResource(reconciler, desired, current);
          const unseen = unobservedFields(reconciler, desired, current).filter((field) => !changed.some((other) => other.path === field.path));
          const remaining = [...changed, ...unseen].filter((field) => !field.replace);
          if (remaining.length > 0) {
            await stepRetry('update', type, 'update', () => reconciler.update(ctx, desired, current, remaining));
          }
        }
        outputs.set(change.address, created.outputs);
        createdIds.set(step.key, created.id);
        return;
      }
      case 'update': {
        const desired = resolveForApply(change.desired as DesiredResource, outputs);
        await stepRetry('update', type, 'update', () => reconciler.update(ctx, desired, change.observed!, change.diff));
        return;
      }
      case 'release':
        await stepRetry('update', type, 'release', () => reconciler.release(ctx, change.observed!));
        return;
      case 'supersede':
        if (!reconciler.supersede) throw new TerminalError(`${type} replaces create-before-delete but cannot mark a resource superseded`);
        await stepRetry('update', type, 'supersede', () => reconciler.supersede!(ctx, change.observed!, plan.runId));
        return;
      case 'delete':
        await stepRetry('delete', type, 'delete', async () => {
          try {
            await reconciler.delete(ctx, change.observed!);
          } catch (error) {
            if (!classifier.isNotFound(error, type)) throw error; // already gone counts as deleted
          }
        });
        return;
    }
  };

  const keys = [...steps.keys()];
  const results = (await Promise.all([...steps.values()].map(run))).map((result, index) => notReady.get(keys[index]!) ?? result);
  const failures = results.flatMap((result) => (result.error instanceof ResourceError ? [result.error] : []));
  return { outcomes: results, failures };
}

/** The steps of a plan and their order, built once (`stepGraph`), checked by reconcile, run by apply. */
export interface StepGraph {
  readonly steps: ReadonlyMap<string, Step>;
  /** Replacements AWS would reject halfway: the plan is refused when there are any. */
  readonly blocked: readonly string[];
}

/**
 * Steps and their order:
 * - a create or update waits for the creates of what it references (and its `dependsOn`);
 * - a delete-first replacement: the create half waits for the delete half;
 * - a create-before-delete replacement (`Reconciler.replacement`): the old resource is marked
 *   superseded, the new one created under the address, and the old one deleted after every resource
 *   that pointed at it moved; a versioned type keeps its old version instead (pruned past `keep`);
 * - a delete waits until every live resource that points at the deleted one (`references`) has been
 *   deleted or updated.
 * Linear in the plan: references are looked up through an index by ID.
 */
export function stepGraph(plan: Plan, registry: readonly Reconciler[]): StepGraph {
  const blocked: string[] = [];
  const steps = new Map<string, Step>();
  // Keyed by scope too: a manifest moved to another account creates there and deletes here; deletes
  // by ID too: the old versions of one address are several resources.
  const keyOf = (kind: StepKind, scope: Scope, address: string, id = '') => `${kind}:${scopeKey(scope)} ${address}${kind === 'delete' || kind === 'supersede' ? ` ${id}` : ''}`;
  const add = (kind: StepKind, change: PlannedChange) => {
    const step: Step = { key: keyOf(kind, change.scope, change.address, change.observed?.id), kind, change, dependsOn: [] };
    steps.set(step.key, step);
    return step;
  };
  const applicable = plan.changes.filter((change) => !change.observeOnly && !change.blockedBy);
  for (const change of applicable) {
    const reconciler = reconcilerFor(change.type, registry);
    if (change.action === 'replace' && reconciler.replacement === 'createBeforeDelete') {
      const create = add('create', change);
      if (reconciler.versioned) continue; // the old version stays, one of those kept
      const supersede = add('supersede', change);
      create.dependsOn.push(supersede.key);
      add('delete', change).dependsOn.push(create.key);
      continue;
    }
    if (change.action === 'create' || change.action === 'replace') add('create', change);
    if (change.action === 'update') add('update', change);
    if (change.action === 'replace' || (change.action === 'delete' && !change.retain)) add('delete', change);
    if (change.action === 'delete' && change.retain) add('release', change);
  }
  const desiredScope = new Map(plan.changes.flatMap((change) => (change.desired ? [[change.address, change.scope] as const] : [])));
  for (const step of steps.values()) {
    const { change } = step;
    if (step.kind === 'create' || step.kind === 'update') {
      for (const address of change.desired ? upstreamAddresses(change.desired) : []) {
        const scope = desiredScope.get(address);
        const upstream = scope && keyOf('create', scope, address);
        if (upstream && steps.has(upstream)) step.dependsOn.push(upstream);
      }
      const ownDelete = keyOf('delete', change.scope, change.address, change.observed?.id);
      if (step.kind === 'create' && change.action === 'replace' && steps.has(ownDelete) && !steps.get(ownDelete)!.dependsOn.includes(step.key)) {
        step.dependsOn.push(ownDelete);
      }
    }
    // An old version or superseded resource goes after its replacement exists.
    if (step.kind === 'delete' && change.superseded) {
      const create = keyOf('create', change.scope, change.address);
      if (steps.has(create)) step.dependsOn.push(create);
    }
  }
  const pointingAt = new Map<string, PlannedChange[]>();
  for (const change of applicable) {
    for (const id of change.observed?.references ?? []) pointingAt.set(id, [...(pointingAt.get(id) ?? []), change]);
  }
  // A delete waits for the steps that stop live resources pointing at it — unless such a step itself
  // waits (through the create half of a replacement) for this delete: then the replacement is
  // delete-first and the pointing resource is updated once the new resource exists. AWS accepts
  // that order where a dangling reference is allowed (a route becomes a blackhole for the swap).
  for (const step of steps.values()) {
    if (step.kind !== 'delete' || !step.change.observed) continue;
    for (const other of pointingAt.get(step.change.observed.id) ?? []) {
      if (other === step.change) continue;
      for (const kind of ['delete', 'update'] as const) {
        const key = keyOf(kind, other.scope, other.address, other.observed?.id);
        if (!steps.has(key)) continue;
        if (!reaches(steps, key, step.key)) {
          step.dependsOn.push(key);
        } else if (kind === 'update' && reconcilerFor(other.type, registry).holdsReferences !== false) {
          blocked.push(
            `cannot replace ${step.change.address}: ${other.address} uses it and can only move to the replacement once that exists, ` +
              `but AWS will not delete a ${step.change.type} still in use. Give it a new name in the manifest (the new one is ` +
              `created, then the old one deleted), or remove what uses it first.`,
          );
        }
      }
    }
  }
  assertAcyclic(steps);
  return { steps, blocked };
}

/**
 * The creates of types AWS provisions asynchronously (`readiness`: a NAT gateway) and every step they
 * wait for, transitively: run first, so that provisioning, the longest part of an initial apply, starts
 * as early as possible.
 */
export function urgentSteps(steps: ReadonlyMap<string, Step>, registry: readonly Reconciler[]): Set<string> {
  const urgent = new Set<string>();
  const pending = [...steps.values()].filter((step) => step.kind === 'create' && reconcilerFor(step.change.type, registry).readiness).map((step) => step.key);
  while (pending.length > 0) {
    const key = pending.pop() as string;
    if (urgent.has(key)) continue;
    urgent.add(key);
    pending.push(...(steps.get(key)?.dependsOn ?? []));
  }
  return urgent;
}

/** Whether `from` waits, directly or transitively, for `to`. */
function reaches(steps: ReadonlyMap<string, Step>, from: string, to: string): boolean {
  const seen = new Set<string>();
  const pending = [from];
  while (pending.length > 0) {
    const key = pending.pop() as string;
    if (key === to) return true;
    if (seen.has(key)) continue;
    seen.add(key);
    pending.push(...(steps.get(key)?.dependsOn ?? []));
  }
  return false;
}

function assertAcyclic(steps: ReadonlyMap<string, Step>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string, path: string[]) => {
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') throw new Error(`apply order has a cycle: ${[...path, key].join(' → ')}`);
    state.set(key, 'visiting');
    for (const next of steps.get(key)?.dependsOn ?? []) visit(next, [...path, key]);
    state.set(key, 'done');
  };
  for (const key of steps.keys()) visit(key, []);
}

/** A just-created resource as the engine knows it: its tags and the fields its creating call set. */
function createdAsObserved(desired: DesiredResource, created: Created, spec: Readonly<Record<string, unknown>>): ObservedResource {
  return {
    type: desired.type,
    scope: desired.scope,
    id: created.id,
    address: desired.address,
    tags: desired.tags,
    spec,
    outputs: created.outputs,
    references: [],
  };
}

/** Desired fields the observed resource has no value for (not readable from the listing call). */
function unobservedFields(reconciler: Reconciler, desired: DesiredResource, observed: ObservedResource): FieldChange[] {
  return Object.entries(desired.spec)
    .filter(([path]) => !(path in observed.spec) && !reconciler.replaceFields.includes(path))
    .map(([path, to]) => ({ path, from: undefined, to, replace: false }));
}

function resolveForApply(
  desired: DesiredResource,
  outputs: ReadonlyMap<string, Readonly<Record<string, unknown>> | undefined>,
): DesiredResource {
  const spec = resolveRefs(desired.spec, outputs) as Record<string, unknown>;
  // Nested too: a reference inside a list or an object (`routes[0].natGatewayId`) must not reach AWS unresolved.
  const unknown = Object.entries(spec).find(([, value]) => containsUnknown(value));
  if (unknown) throw new TerminalError(`${desired.address}: ${unknown[0]} refers to a resource that was not created`);
  return { ...desired, spec };
}

/**
 * Stable across the retries of one run, new in the next: AWS replays a token's original result even
 * after that resource was deleted, so a token reused across runs could "create" nothing.
 */
export function clientTokenFor(owner: string, desired: DesiredResource, runId: string): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([owner, desired.address, desired.spec, desired.tags, runId]));
  return hash.digest('hex').slice(0, 64); // EC2 client tokens: at most 64 ASCII characters
}

/**
 * Observe-before-retry: after a create failed ambiguously, look for the resource by address until
 * the eventual-consistency window has passed, so a create whose response was lost is adopted, not
 * repeated.
 */
async function findAfterAmbiguousCreate(
  ctx: ReconcilerContext,
  reconciler: Reconciler,
  address: string,
  windowMs: number,
): Promise<ObservedResource | undefined> {
  const deadline = ctx.clock.now() + windowMs;
  let delay = Math.max(1, Math.min(windowMs / 8, 1000));
  for (;;) {
    const found = await ctx.retry('find by address', () => reconciler.findByAddress(ctx, address));
    if (found.length > 1) throw new TerminalError(`${found.length} resources claim ${address}: ${found.map((r) => r.id).join(', ')}`);
    const [resource] = found;
    if (resource) return resource;
    const remaining = deadline - ctx.clock.now();
    if (remaining <= 0) return undefined;
    await ctx.clock.sleep(Math.min(delay, remaining));
    delay *= 2;
  }
}
