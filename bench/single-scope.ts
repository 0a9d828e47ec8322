/**
 * The single-scope large case: `n` Networks (20 resources each) in one account and region, applied to
 * the simulation with no latency, no provisioning time and no rate model, then one no-op pass. Real
 * (CPU-bound) times per resource show whether the simulation and the engine stay linear in the size
 * of one scope (issue 11: indexed lookups, a 13,000-resource scope not super-linear).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ClientFactory } from '../src/engine/clients.js';
import { reconcile } from '../src/engine/index.js';
import { loadInputs, type Inputs } from '../src/model/index.js';
import { errorTables, reconcilers } from '../src/reconcilers/registry.js';
import { isMutating, Simulation } from '../src/sim/index.js';
import { CALLER_ACCOUNT, config, networks, organization, type Organization } from './org.js';

export interface SingleScopeRow {
  readonly networks: number;
  readonly resources: number;
  readonly applyRealMs: number;
  readonly applyCalls: number;
  readonly noopRealMs: number;
  readonly noopReads: number;
}

async function run(sim: Simulation, inputs: Inputs): Promise<{ realMs: number; calls: number; reads: number }> {
  sim.calls.reset();
  const clients = new ClientFactory({ simulation: sim, ...(inputs.config.assumeRole ? { assumeRole: inputs.config.assumeRole } : {}), homeRegion: inputs.config.defaultRegion });
  const from = performance.now();
  const result = await reconcile({ inputs, clients, dryRun: false, registry: reconcilers, errorTables });
  const failure = result.applied?.failures[0];
  if (failure) throw new Error(`reconcile failed: ${failure.message}`);
  const realMs = performance.now() - from;
  let calls = 0;
  let reads = 0;
  for (const [key, count] of Object.entries(sim.calls.byOperation())) {
    const [service, operation] = key.split(':') as [string, string];
    calls += count;
    if (service !== 'STS' && !isMutating(operation)) reads += count;
  }
  return { realMs, calls, reads };
}

export async function singleScope(count: number): Promise<SingleScopeRow> {
  const dir = await mkdtemp(join(tmpdir(), 'trellis-bench-single-'));
  try {
    const base = organization(1);
    const org: Organization = { ...base, regions: [base.regions[0]!] };
    await writeFile(join(dir, 'trellis.config.json'), JSON.stringify(config(org)));
    await writeFile(join(dir, 'manifests.json'), JSON.stringify(networks(org, count)));
    const inputs = await loadInputs([dir]);
    const sim = new Simulation({ seed: 1, pageSize: 1000, asyncDelayMs: 0, callerAccount: CALLER_ACCOUNT });
    const apply = await run(sim, inputs);
    const noop = await run(sim, inputs);
    return { networks: count, resources: count * 20, applyRealMs: Math.round(apply.realMs), applyCalls: apply.calls, noopRealMs: Math.round(noop.realMs), noopReads: noop.reads };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const count of process.argv.slice(2).map(Number)) console.log(JSON.stringify(await singleScope(count)));
}
