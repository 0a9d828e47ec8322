/**
 * The single-scope large case: `n` Networks (20 resources each) in one account and region, applied to
 * the simulation with no latency, no provisioning time and no rate model, then one no-op pass. Real
 * (CPU-bound) times per resource show whether the simulation and the engine stay linear in the size
 * of one scope (issue 11: indexed lookups, a 13,000-resource scope not super-linear).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInputs } from '../src/model/index.js';
import { Simulation } from '../src/sim/index.js';
import { CALLER_ACCOUNT, config, networks, organization, type Organization } from './org.js';
import { pass } from './pass.js';

export interface SingleScopeRow {
  readonly networks: number;
  readonly resources: number;
  readonly applyRealMs: number;
  readonly applyCalls: number;
  readonly noopRealMs: number;
  readonly noopReads: number;
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
    const apply = await pass(sim, inputs);
    const noop = await pass(sim, inputs);
    const applyCalls = apply.reads + apply.writes + apply.sts;
    return { networks: count, resources: count * 20, applyRealMs: Math.round(apply.realMs), applyCalls, noopRealMs: Math.round(noop.realMs), noopReads: noop.reads };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const count of process.argv.slice(2).map(Number)) console.log(JSON.stringify(await singleScope(count)));
}
