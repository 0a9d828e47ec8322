/**
 * `npm run bench`: trellis at organization scale against the simulated AWS with its latency and
 * request-rate model (bench/model.ts, the simulation's `rateModel: 'aws'`), the engine's own rate
 * limits and the CLI's own page sizes. Targets are checked here, never by timed tests; the run exits 1
 * when one is missed. Writes bench/results/results.md and bench/results/chart.svg.
 *
 *   npm run bench                     # sizes 10, 100, 1000
 *   npm run bench -- --sizes 10,100   # a subset (by name)
 *   npm run bench -- --no-build       # reuse dist/ for the CPU and validate measurements
 *   npm run bench -- --single-scope 100,650   # the single-scope case's Networks (default 100,200,400; 0 skips)
 *
 * Per size (Services, their Networks and Shares over accounts × 2 regions, bench/org.ts): initial apply (virtual time vs the critical path of
 * its step graph), a no-op pass (reads vs the lower bound, writes), a one-field change. Then, in child
 * processes of the compiled modules: validate+expand+plan of 10,000 resources (CPU, memory), the CLI's
 * `plan --target sim` of the same (one scope, observe included), and `validate` of the example.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { stepGraph } from '../src/engine/apply.js';
import { GLOBAL_REGION, scopeKey } from '../src/core/types.js';
import { loadInputs, type Inputs } from '../src/model/index.js';
import { reconcilers } from '../src/reconcilers/registry.js';
import { Simulation } from '../src/sim/index.js';
import { modules } from '../src/sim/registry.js';
import { criticalPath, eventKey, LATENCY, noopBound, PROVISIONING_MS, simOptions, StepMeter } from './model.js';
import { CALLER_ACCOUNT, config, manifests, networks, organization, SIZES, type Manifest, type Organization } from './org.js';
import { chart, table, type Row } from './report.js';
import { pass } from './pass.js';
import { singleScope, type SingleScopeRow } from './single-scope.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// As the CLI does (`quietSdkNodeWarning` in src/cli.ts, which says why): before the first client is built.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const wanted = option('--sizes')?.split(',');
/** Networks in the single-scope large case (20 resources each); `--single-scope 0` skips it. */
const singleScopeSizes = (option('--single-scope') ?? '100,200,400').split(',').map(Number).filter((count) => count > 0);
const sizes = SIZES.filter((size) => !wanted || wanted.includes(size.name));

const TARGETS = { noopReadsRatio: 1.05, applyRatioAt100: 1.3, planCpuMs: 1500, planRssMb: 250, validateMs: 500 } as const;

async function writeInputs(dir: string, org: Organization, all: readonly Manifest[]): Promise<Inputs> {
  await writeFile(join(dir, 'trellis.config.json'), JSON.stringify(config(org)));
  await writeFile(join(dir, 'manifests.json'), JSON.stringify(all));
  return loadInputs([dir]);
}

async function measure(size: (typeof SIZES)[number]): Promise<Row> {
  const dir = await mkdtemp(join(tmpdir(), 'trellis-bench-'));
  try {
    const org = organization(size.accounts);
    const all = manifests(org, { services: size.services });
    const inputs = await writeInputs(dir, org, all);
    const meter = new StepMeter();
    const sim = new Simulation({ ...simOptions(1), callerAccount: CALLER_ACCOUNT }, undefined, [...modules, meter.module()]);

    let firstStart: number | undefined;
    const initial = await pass(sim, inputs, (event) => {
      if (event.kind === 'start') {
        firstStart ??= sim.clock.now();
        meter.start(eventKey(event.step, event.address));
      } else if (event.kind === 'done') meter.done();
    });
    const endOfApply = sim.clock.now();
    const graph = stepGraph(initial.result.plan, reconcilers);
    const critical = criticalPath(graph, meter.weights, reconcilers);
    const applyMs = endOfApply - (firstStart ?? endOfApply);

    const noop = await pass(sim, inputs);
    const bound = noopBound(noop.result.desired, reconcilers, { accounts: Object.values(inputs.config.accounts), defaultRegion: inputs.config.defaultRegion });

    const changed = manifests(org, { services: size.services, change: 'ruleDescription' });
    const change = await pass(sim, await writeInputs(dir, org, changed));
    const changes = change.result.plan.changes.filter((c) => c.action !== 'noop').length;

    return {
      size: size.name,
      services: size.services,
      accounts: size.accounts,
      scopes: new Set(noop.result.desired.filter((r) => r.scope.region !== GLOBAL_REGION).map((r) => scopeKey(r.scope))).size,
      resources: initial.result.desired.length,
      initialVirtualMs: initial.virtualMs,
      applyMs,
      criticalPathMs: critical,
      initialCalls: initial.reads + initial.writes + initial.sts,
      initialThrottled: initial.throttled,
      initialRealMs: Math.round(initial.realMs),
      noopReads: noop.reads,
      noopLowerBound: bound.lowerBound,
      noopFloor: bound.floor,
      noopBounded: bound.bounded,
      noopWrites: noop.writes,
      noopSts: noop.sts,
      noopVirtualMs: noop.virtualMs,
      noopByOperation: noop.byOperation,
      changeWrites: change.writes,
      changeReads: change.reads,
      changeVirtualMs: change.virtualMs,
      changeSteps: changes,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface ChildMeasure {
  readonly resources: number;
  readonly moduleLoadCpuMs: number;
  readonly stagesCpuMs: number;
  readonly stagesWallMs: number;
  readonly processCpuMs: number;
  readonly maxRssMb: number;
  readonly peakHeapMb: number;
}

/** 10,000 resources: 500 Networks of 20 in one account and region (the single-scope large case). */
async function planChild(): Promise<{ stages: ChildMeasure; cli: { processCpuMs: number; maxRssMb: number; peakHeapMb: number; wallMs: number; resources: number } }> {
  const dir = await mkdtemp(join(tmpdir(), 'trellis-bench-plan-'));
  try {
    const org = organization(1);
    const org1: Organization = { ...org, regions: [org.regions[0]!] };
    await writeInputs(dir, org1, networks(org1, 500));
    const stages = JSON.parse(execFileSync(process.execPath, [join(root, 'bench/plan-child.mjs'), dir], { encoding: 'utf8' }).trim().split('\n').at(-1)!) as ChildMeasure;
    const usageFile = join(dir, 'usage.json');
    const from = performance.now();
    const cli = spawnSync(process.execPath, ['--import', join(root, 'bench/usage-hook.mjs'), join(root, 'dist/cli.js'), 'plan', '--target', 'sim', '-o', 'json', dir], {
      encoding: 'utf8',
      env: { ...process.env, TRELLIS_BENCH_USAGE: usageFile, AWS_REGION: 'us-east-1' },
      maxBuffer: 1 << 30,
    });
    const wallMs = performance.now() - from;
    if (cli.status !== 0 && cli.status !== 2) throw new Error(`trellis plan failed (${cli.status}): ${cli.stderr.slice(0, 2000)}`);
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { processCpuMs: number; maxRssMb: number; peakHeapMb: number };
    return { stages, cli: { ...usage, wallMs: Math.round(wallMs), resources: stages.resources } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `trellis validate manifests/examples` with the compiled CLI: the best of three, wall time. */
function validateWall(): number {
  let best = Infinity;
  for (let i = 0; i < 3; i += 1) {
    const from = performance.now();
    execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'validate', join(root, 'manifests/examples')], { encoding: 'utf8' });
    best = Math.min(best, performance.now() - from);
  }
  return Math.round(best);
}

if (!flag('--no-build')) execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });

const rows: Row[] = [];
for (const size of sizes) {
  const row = await measure(size);
  rows.push(row);
  console.log(
    `size ${row.size}: ${row.resources} resources in ${row.scopes} scopes; apply ${(row.applyMs / 1000).toFixed(1)} s virtual ` +
      `(critical path ${(row.criticalPathMs / 1000).toFixed(1)} s, ${row.initialThrottled} throttled retries, ${(row.initialRealMs / 1000).toFixed(1)} s real); ` +
      `no-op ${row.noopReads} reads (bound ${row.noopLowerBound}, floor ${row.noopFloor}), ${row.noopWrites} writes; change ${row.changeWrites} writes, ${row.changeReads} reads`,
  );
}
const single: SingleScopeRow[] = [];
for (const count of singleScopeSizes) {
  const row = await singleScope(count);
  single.push(row);
  console.log(`single scope, ${row.resources} resources: apply ${row.applyRealMs} ms real (${row.applyCalls} calls), no-op ${row.noopRealMs} ms real (${row.noopReads} reads)`);
}
const planned = await planChild();
const validateMs = validateWall();

const checks: { name: string; ok: boolean; detail: string }[] = [];
for (const row of rows) {
  const ratio = row.noopReads / row.noopLowerBound;
  checks.push({ name: `no-op at ${row.size}: 0 writes`, ok: row.noopWrites === 0, detail: `${row.noopWrites} writes` });
  checks.push({ name: `no-op at ${row.size}: reads ≤ ${TARGETS.noopReadsRatio}× lower bound`, ok: ratio <= TARGETS.noopReadsRatio, detail: `${row.noopReads} / ${row.noopLowerBound} = ${ratio.toFixed(2)}×` });
  // Not an issue target: the same ratio over the floor, which adds the reads AWS has no batched form of.
  const overFloor = row.noopReads / row.noopFloor;
  checks.push({ name: `(floor) no-op at ${row.size}: reads ≤ ${TARGETS.noopReadsRatio}× floor (lower bound + unbatchable per-resource reads)`, ok: overFloor <= TARGETS.noopReadsRatio, detail: `${row.noopReads} / ${row.noopFloor} = ${overFloor.toFixed(2)}×` });
}
const at100 = rows.find((row) => row.size === '100');
if (at100) {
  const ratio = at100.applyMs / at100.criticalPathMs;
  checks.push({ name: `initial apply at 100 ≤ ${TARGETS.applyRatioAt100}× critical path`, ok: ratio <= TARGETS.applyRatioAt100, detail: `${(at100.applyMs / 1000).toFixed(1)} s / ${(at100.criticalPathMs / 1000).toFixed(1)} s = ${ratio.toFixed(2)}×` });
}
checks.push({ name: `validate+expand+plan of ${planned.stages.resources} resources < ${TARGETS.planCpuMs} ms CPU (process, compiled)`, ok: planned.stages.processCpuMs < TARGETS.planCpuMs, detail: `${planned.stages.processCpuMs} ms (module loading ${planned.stages.moduleLoadCpuMs} ms, stages ${planned.stages.stagesCpuMs} ms)` });
checks.push({ name: `validate+expand+plan of ${planned.stages.resources} resources < ${TARGETS.planRssMb} MB`, ok: planned.stages.maxRssMb < TARGETS.planRssMb, detail: `peak RSS ${planned.stages.maxRssMb} MB, peak heap ${planned.stages.peakHeapMb} MB` });
checks.push({ name: `validate of the example < ${TARGETS.validateMs} ms wall (compiled CLI)`, ok: validateMs < TARGETS.validateMs, detail: `${validateMs} ms` });

mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/results.md'), table(rows, planned, validateMs, checks, { latency: LATENCY, provisioning: PROVISIONING_MS }, single));
writeFileSync(join(root, 'bench/results/chart.svg'), chart(rows));

for (const check of checks) console.log(`${check.ok ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}`);
console.log(`trellis plan --target sim of ${planned.cli.resources} resources (compiled CLI, observe included): ${planned.cli.processCpuMs} ms CPU, ${planned.cli.maxRssMb} MB RSS, ${planned.cli.wallMs} ms wall`);
const missed = checks.filter((check) => !check.ok).length;
console.log(missed === 0 ? 'all benchmark targets met' : `${missed} benchmark target(s) missed`);
process.exitCode = missed === 0 ? 0 : 1;
