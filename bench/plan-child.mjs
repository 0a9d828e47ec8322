// Child process of the benchmark: validate + expand + plan of the manifests in a directory, through
// the compiled modules (dist/), as the Docker image runs them; observe is not run (nothing is live:
// the initial plan). Prints one JSON line: CPU and memory of the whole process (module loading
// included) and of the three stages alone.
import { performance } from 'node:perf_hooks';

const started = process.cpuUsage();
const [dir] = process.argv.slice(2);
let peakHeap = 0;
const sample = () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed));
const sampler = setInterval(sample, 5);
const { loadInputs, assertValid, expand } = await import('../dist/model/index.js');
const { plan } = await import('../dist/engine/plan.js');
const { placeDesired } = await import('../dist/engine/observe.js');
const { reconcilers } = await import('../dist/reconcilers/registry.js');
const loaded = process.cpuUsage(started);
const inputs = await loadInputs([dir]);
const stagesFrom = process.cpuUsage();
const wallFrom = performance.now();
assertValid(inputs);
const desired = placeDesired(expand(inputs), reconcilers);
const planned = plan(desired, [], { runId: 'bench', owner: inputs.config.owner, maxDeletions: 0, registry: reconcilers });
const stages = process.cpuUsage(stagesFrom);
const wallMs = performance.now() - wallFrom;
sample();
clearInterval(sampler);
const total = process.cpuUsage(started);
const ms = (usage) => Math.round((usage.user + usage.system) / 1000);
console.log(
  JSON.stringify({
    resources: desired.length,
    changes: planned.changes.length,
    moduleLoadCpuMs: ms(loaded),
    stagesCpuMs: ms(stages),
    stagesWallMs: Math.round(wallMs),
    processCpuMs: ms(total),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    peakHeapMb: Math.round(peakHeap / 1024 / 1024),
  }),
);
