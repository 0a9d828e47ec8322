/**
 * Test helper for the ECS and IAM reconcilers: one engine pass (observe → plan → apply) over a
 * simulation, with a given registry, as `reconcile` runs it but without manifests.
 */
import { VirtualClock } from '../../core/clock.js';
import { ErrorClassifier } from '../../core/classify.js';
import type { Reconciler } from '../../core/reconciler.js';
import type { DesiredResource, Scope } from '../../core/types.js';
import { apply, type ApplyResult } from '../../engine/apply.js';
import { ClientFactory } from '../../engine/clients.js';
import { observe, placeDesired, uniqueScopes } from '../../engine/observe.js';
import { plan, type Plan } from '../../engine/plan.js';
import type { Simulation } from '../../sim/index.js';
import { FAST_WAIT } from '../test-context.js';
import { errorTables } from '../registry.js';

export interface EngineRun {
  readonly plan: Plan;
  readonly applied: ApplyResult;
}

export async function engineRun(sim: Simulation, registry: readonly Reconciler[], desiredResources: readonly DesiredResource[], runId: string, scopes: readonly Scope[] = []): Promise<EngineRun> {
  const factory = new ClientFactory({ simulation: sim });
  const clientsFor = (scope: Parameters<ClientFactory['forScope']>[0]) => factory.forScope(scope);
  const desired = placeDesired(desiredResources, registry);
  const clock = sim.clock ?? new VirtualClock();
  const observation = await observe({ owner: 'trellis', scopes: uniqueScopes([...scopes, ...desired.map((d) => d.scope)]), registry, clientsFor, clock, waitTiming: FAST_WAIT, concurrency: 4, desired });
  const planned = plan(desired, observation.resources, { runId, owner: 'trellis', maxDeletions: 10, allowDeletions: 10, registry });
  const applied = await apply(planned, {
    owner: 'trellis',
    clientsFor,
    classifier: new ErrorClassifier(errorTables),
    retryPolicy: { attempts: 5, baseDelayMs: 1, maxDelayMs: 5 },
    clock,
    consistencyWindowMs: 20,
    waitTiming: FAST_WAIT,
    concurrency: 4,
    registry,
  });
  return { plan: planned, applied };
}
