/**
 * One reconcile pass of the benchmark against the simulation, measured: virtual and real time, and the
 * calls it made by kind (reads, writes, STS) and by operation. Every bench case runs its passes here.
 */
import { performance } from 'node:perf_hooks';
import type { ApplyEvent } from '../src/engine/apply.js';
import { ClientFactory } from '../src/engine/clients.js';
import { reconcile, type ReconcileResult } from '../src/engine/index.js';
import type { Inputs } from '../src/model/index.js';
import { errorTables, reconcilers } from '../src/reconcilers/registry.js';
import { isMutating, type Simulation } from '../src/sim/index.js';

export interface PassMeasure {
  readonly virtualMs: number;
  readonly realMs: number;
  readonly reads: number;
  readonly writes: number;
  readonly sts: number;
  readonly throttled: number;
  readonly byOperation: Readonly<Record<string, number>>;
  readonly result: ReconcileResult;
}

/** Reconciles `inputs` on `sim` once; a failed step fails the benchmark. */
export async function pass(sim: Simulation, inputs: Inputs, onEvent?: (event: ApplyEvent) => void): Promise<PassMeasure> {
  sim.calls.reset();
  let throttled = 0;
  const clients = new ClientFactory({
    simulation: sim,
    ...(inputs.config.assumeRole ? { assumeRole: inputs.config.assumeRole } : {}),
    homeRegion: inputs.config.defaultRegion,
    onRetry: (event) => {
      if (/throttl|limit exceeded|rate exceeded/i.test(String((event as { error?: Error }).error?.message ?? ''))) throttled += 1;
    },
  });
  const virtualFrom = sim.clock.now();
  const realFrom = performance.now();
  const result = await reconcile({ inputs, clients, dryRun: false, registry: reconcilers, errorTables, ...(onEvent ? { onEvent } : {}) });
  const failure = result.applied?.failures[0];
  if (failure) throw new Error(`reconcile failed: ${failure.message}`);
  let reads = 0;
  let writes = 0;
  let sts = 0;
  const byOperation = sim.calls.byOperation();
  for (const [key, count] of Object.entries(byOperation)) {
    const [service, operation] = key.split(':') as [string, string];
    if (service === 'STS') sts += count;
    else if (isMutating(operation)) writes += count;
    else reads += count;
  }
  return { virtualMs: sim.clock.now() - virtualFrom, realMs: performance.now() - realFrom, reads, writes, sts, throttled, byOperation, result };
}
