/** Shared fixtures for end-to-end tests: a copy of the example manifests and a CLI/engine runner. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { main } from '../src/cli.js';
import { ClientFactory } from '../src/engine/clients.js';
import { reconcile, type ReconcileOptions } from '../src/engine/index.js';
import { loadInputs } from '../src/model/index.js';
import { errorTables, reconcilers } from '../src/reconcilers/registry.js';
import { Simulation, type SimOptions } from '../src/sim/index.js';

export const NETWORK_ACCOUNT = '111111111111';
export const REGION = 'us-east-1';
export const EXAMPLES = new URL('../manifests/examples/', import.meta.url);
/** The files of the example networking account within manifests/examples. */
export const NETWORK_EXAMPLE_FILES = ['network.json', 'trellis.config.json'] as const;
/** The example networking account and its four Services (two providers, two consumers); the Share stays out. */
export const SERVICE_EXAMPLE_FILES = [...NETWORK_EXAMPLE_FILES, 'api-service.json', 'user-service.json', 'api-consumer.json', 'user-consumer.json'] as const;

export interface Workspace {
  readonly dir: string;
  readonly networkFile: string;
  /** Reads, edits and writes back `network.json`. */
  editNetwork(edit: (manifest: NetworkDoc) => void): Promise<void>;
  /** Reads, edits and writes back one manifest file of the workspace (`api-service.json`). */
  edit(file: string, edit: (manifest: Doc) => void): Promise<void>;
  /** Removes one file of the workspace. */
  remove(file: string): Promise<void>;
  cleanup(): Promise<void>;
}

export interface NetworkDoc {
  metadata: { name: string; tags?: Record<string, string>; deletionPolicy?: string; [key: string]: unknown };
  spec: { cidr: string; subnets: { name: string; tier: string; cidrs: string[] }[]; [key: string]: unknown };
  [key: string]: unknown;
}

// Deliberately loose: tests edit manifests freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = Record<string, any>;

export interface WorkspaceOptions {
  /**
   * Which example files: `network` (default) the networking account only; `services` also its four
   * Services ({@link SERVICE_EXAMPLE_FILES}) as PrivateLink alone links them (without the Share, their
   * `expose.lattice` and `consume` via lattice go too); `all` the whole of manifests/examples, the Share included.
   */
  readonly set?: 'network' | 'services' | 'all';
  /**
   * Strip the example Network down to its VPC and subnets (no NAT, security groups, endpoints or
   * sharing): small, fast plans for tests about the engine's behaviour rather than a resource type.
   */
  readonly vpcAndSubnetsOnly?: boolean;
}

/**
 * A temporary copy of example files: by default the networking account (network.json and
 * trellis.config.json), for tests about the Network and the engine; `set` adds the Services or everything.
 */
export async function exampleWorkspace(options: WorkspaceOptions = {}): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'trellis-test-'));
  if (options.set === 'all') await cp(EXAMPLES, dir, { recursive: true });
  else for (const file of options.set === 'services' ? SERVICE_EXAMPLE_FILES : NETWORK_EXAMPLE_FILES) await cp(new URL(file, EXAMPLES), join(dir, file));
  if (options.set === 'services') for (const file of SERVICE_EXAMPLE_FILES.slice(NETWORK_EXAMPLE_FILES.length)) await withoutLattice(join(dir, file));
  const networkFile = join(dir, 'network.json');
  if (options.vpcAndSubnetsOnly) {
    const manifest = JSON.parse(await readFile(networkFile, 'utf8')) as NetworkDoc;
    for (const key of ['natGateways', 'securityGroups', 'endpoints', 'shareWith', 'allowExternalPrincipals']) delete manifest.spec[key];
    await writeFile(networkFile, JSON.stringify(manifest, null, 2));
  }
  return {
    dir,
    networkFile,
    async editNetwork(edit) {
      const manifest = JSON.parse(await readFile(networkFile, 'utf8')) as NetworkDoc;
      edit(manifest);
      await writeFile(networkFile, JSON.stringify(manifest, null, 2));
    },
    async edit(file, edit) {
      const path = join(dir, file);
      const manifest = JSON.parse(await readFile(path, 'utf8')) as Doc;
      edit(manifest);
      await writeFile(path, JSON.stringify(manifest, null, 2));
    },
    remove: (file) => rm(join(dir, file)),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A Service manifest without `expose.lattice` and `consume` via lattice (which need the Share). */
async function withoutLattice(path: string): Promise<void> {
  const manifest = JSON.parse(await readFile(path, 'utf8')) as Doc;
  if (manifest.spec.expose) delete manifest.spec.expose.lattice;
  if (manifest.spec.consume) manifest.spec.consume = (manifest.spec.consume as Doc[]).filter((consumption) => consumption.via !== 'lattice');
  await writeFile(path, JSON.stringify(manifest, null, 2));
}

/** A seeded simulation with small pages, so pagination is exercised on every run. */
export function simulation(options: SimOptions = {}): Simulation {
  return new Simulation({ seed: 7, pageSize: 2, ...options });
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in process against `sim` (as `--target sim`). */
export async function cli(sim: Simulation, ...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTTY: false,
    simulation: sim,
  });
  return { code, stdout, stderr };
}

export interface JsonReport {
  changes: { address: string; type: string; account: string; region: string; action: string; observeOnly?: boolean; diff: { path: string; from?: unknown; to?: unknown; replace: boolean }[]; reason?: string }[];
  summary: Record<'create' | 'update' | 'replace' | 'delete' | 'noop', number>;
  conflicts: { address: string; ids: string[] }[];
  refusals: { message: string; withheld: string[] }[];
  apply?: { done: number; failed: number; skipped: number; failures: { message: string }[] };
}

export async function cliJson(sim: Simulation, ...args: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const result = await cli(sim, ...args, '--target', 'sim', '--output', 'json');
  if (!result.stdout) throw new Error(`no JSON report; exit ${result.code}; stderr: ${result.stderr}`);
  return { code: result.code, report: JSON.parse(result.stdout) as JsonReport, stderr: result.stderr };
}

/** Runs the engine's public entry point with fast retries, for fault-injection tests. */
export async function engineRun(dir: string, sim: Simulation, options: Partial<ReconcileOptions> = {}) {
  const inputs = await loadInputs([dir]);
  // generous: the fault tests throttle 30% and fail 10% of calls, far past what AWS does
  const retryPolicy = { attempts: 16, baseDelayMs: 2, maxDelayMs: 20 };
  return reconcile({
    inputs,
    clients: new ClientFactory({
      simulation: sim,
      retryPolicy,
      ...(inputs.config.assumeRole ? { assumeRole: inputs.config.assumeRole } : {}),
    }),
    dryRun: false,
    retryPolicy,
    consistencyWindowMs: Math.max(50, 3 * (sim.options.consistencyDelayMs ?? 0)),
    waitTiming: { firstDelayMs: 1, maxDelayMs: 20, timeoutMs: 10_000 },
    registry: reconcilers,
    errorTables,
    ...options,
  });
}

export function ec2(sim: Simulation, account = NETWORK_ACCOUNT, region = REGION): EC2Client {
  return sim.client(EC2Client, { account, region });
}

export const actionsOf = (report: JsonReport) =>
  Object.fromEntries(report.changes.map((change) => [change.address, change.action]));
