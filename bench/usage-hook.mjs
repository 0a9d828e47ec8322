// `node --import ./bench/usage-hook.mjs dist/cli.js …`: at exit, writes the process's CPU time and
// peak memory as one JSON line to the file named by TRELLIS_BENCH_USAGE.
import { writeFileSync } from 'node:fs';

let peakHeap = 0;
const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 5);
sampler.unref();
process.on('exit', () => {
  const usage = process.cpuUsage();
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const file = process.env.TRELLIS_BENCH_USAGE;
  if (!file) return;
  writeFileSync(
    file,
    JSON.stringify({
      processCpuMs: Math.round((usage.user + usage.system) / 1000),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      peakHeapMb: Math.round(peakHeap / 1024 / 1024),
    }),
  );
});
