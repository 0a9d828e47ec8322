/**
 * Benchmarks against the simulated AWS (`npm run bench`). Performance targets live here, not in
 * unit tests: the run exits 1 when a target is missed.
 *
 * - converge N networks (VPC, 6 subnets, NAT, route tables, security groups, endpoints: 20 resources
 *   each) from empty, then a no-op pass, for N = 1, 10, 50;
 * - targets: the no-op pass grows in describe calls only by pagination (at most one more call per
 *   100 resources: 100 is the smallest page an observed API allows, DescribeRouteTables' MaxResults)
 *   and by the two DescribeVpcAttribute calls per VPC (a VPC's DNS attributes: one per network),
 *   makes zero mutating calls, and finishes 50 networks within the time budget below.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ClientFactory } from '../src/engine/clients.js';
import { reconcile } from '../src/engine/index.js';
import { errorTables, reconcilers } from '../src/reconcilers/registry.js';
import { loadInputs } from '../src/model/index.js';
import { Simulation } from '../src/sim/index.js';

const SIZES = [1, 10, 50];
/** A no-op pass over 50 networks (1,000 resources) against the in-process simulation. */
const NOOP_BUDGET_MS = 1_000;

function network(index: number) {
  const second = Math.floor(index / 250);
  const third = index % 250;
  return {
    apiVersion: 'trellis/v1alpha1',
    kind: 'Network',
    metadata: { name: `net-${index}`, account: '111111111111' },
    spec: {
      cidr: `${10 + second}.${third}.0.0/16`,
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      subnets: [
        { name: 'public', tier: 'public', cidrs: [`${10 + second}.${third}.0.0/24`, `${10 + second}.${third}.1.0/24`] },
        { name: 'private', tier: 'private', cidrs: [`${10 + second}.${third}.16.0/20`, `${10 + second}.${third}.32.0/20`] },
        { name: 'isolated', tier: 'isolated', cidrs: [`${10 + second}.${third}.64.0/24`, `${10 + second}.${third}.65.0/24`] },
      ],
      natGateways: 'single',
      securityGroups: [
        { name: 'endpoints', ingress: [{ protocol: 'tcp', ports: '443', cidr: `${10 + second}.${third}.0.0/16` }] },
        { name: 'app', egress: [{ protocol: 'tcp', ports: '443', securityGroup: 'endpoints' }] },
      ],
      endpoints: { gateway: ['s3'], interface: ['logs'], securityGroups: ['endpoints'] },
    },
  };
}

interface Row {
  networks: number;
  resources: number;
  convergeMs: number;
  convergeCalls: number;
  noopMs: number;
  noopDescribeCalls: number;
  noopMutatingCalls: number;
}

async function measure(networks: number): Promise<Row> {
  const dir = await mkdtemp(join(tmpdir(), 'trellis-bench-'));
  try {
    await writeFile(join(dir, 'trellis.config.json'), JSON.stringify({ owner: 'bench', limits: { concurrency: 16, maxDeletions: 0 } }));
    await writeFile(join(dir, 'networks.json'), JSON.stringify(Array.from({ length: networks }, (_, i) => network(i))));
    const inputs = await loadInputs([dir]);
    const sim = new Simulation({ seed: 1, pageSize: 1000 });
    const run = () =>
      reconcile({
        inputs,
        clients: new ClientFactory({ simulation: sim }),
        dryRun: false,
        consistencyWindowMs: 100,
        registry: reconcilers,
        errorTables,
      });

    let started = performance.now();
    const first = await run();
    const convergeMs = performance.now() - started;
    const convergeCalls = sim.calls.total();
    if (first.applied?.failures.length) throw new Error(`converge failed: ${first.applied.failures[0]?.message}`);

    sim.calls.reset();
    started = performance.now();
    await run();
    const noopMs = performance.now() - started;
    const describes = Object.entries(sim.calls.byOperation())
      .filter(([operation]) => operation.includes(':Describe'))
      .reduce((sum, [, count]) => sum + count, 0);
    return {
      networks,
      resources: first.desired.length,
      convergeMs: Math.round(convergeMs),
      convergeCalls,
      noopMs: Math.round(noopMs),
      noopDescribeCalls: describes,
      noopMutatingCalls: sim.calls.mutating(),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
for (const size of SIZES) rows.push(await measure(size));
console.table(rows);

const failures: string[] = [];
const SMALLEST_PAGE = 100;
const [base] = rows;
for (const row of rows) {
  const vpcAttributes = 2 * (row.networks - base!.networks);
  const bound = base!.noopDescribeCalls + Math.ceil(row.resources / SMALLEST_PAGE) + vpcAttributes;
  if (row.noopDescribeCalls > bound) {
    failures.push(
      `no-op pass over ${row.networks} networks made ${row.noopDescribeCalls} describe calls (more than pagination and DescribeVpcAttribute explain: ${bound})`,
    );
  }
}
if (rows.some((row) => row.noopMutatingCalls > 0)) failures.push('a no-op pass made mutating calls');
const largest = rows.at(-1);
if (largest && largest.noopMs > NOOP_BUDGET_MS) failures.push(`no-op pass over ${largest.networks} networks took ${largest.noopMs} ms (budget ${NOOP_BUDGET_MS} ms)`);
for (const failure of failures) console.error(`target missed: ${failure}`);
console.log(failures.length === 0 ? 'all benchmark targets met' : `${failures.length} benchmark target(s) missed`);
process.exitCode = failures.length === 0 ? 0 : 1;
