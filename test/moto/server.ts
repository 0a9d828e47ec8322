/**
 * vitest globalSetup of the moto conformance suite (vitest.moto.config.ts): starts
 * `python3 -m moto.server` on a free loopback port, waits until it answers, hands its URL to the
 * test files (`inject('motoEndpoint')`) and stops it afterwards. Where `python3 -m moto.server` is
 * missing (a contributor's laptop), it provides no endpoint and a reason; the suites then skip with
 * that message instead of failing — unless TRELLIS_MOTO_REQUIRED=1 (.ci/run), where that is an error.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>`, or '' when moto is not installed. */
    motoEndpoint: string;
    /** Why the suite is skipped, when it is. */
    motoSkipReason: string;
  }
}

const PYTHON = process.env.TRELLIS_MOTO_PYTHON ?? 'python3';
const STARTUP_TIMEOUT_MS = 30_000;

/** A port the kernel just handed out on 127.0.0.1 (released again for moto to bind). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Why moto cannot run here, or undefined when `python3 -m moto.server` is importable. */
function motoMissing(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import moto.server, flask'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} is not available (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} -m moto.server is not installed (pip install 'moto[server]==5.2.1'): ${probe.stderr.trim().split('\n').pop() ?? ''}`;
  return undefined;
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto server exited with ${child.exitCode} before answering:\n${log()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`moto server did not answer on ${endpoint} within ${STARTUP_TIMEOUT_MS} ms:\n${log()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * moto derives the account from each request's access key; a MOTO_ACCOUNT_ID would override that.
 * AWS managed policies (the ECS task execution role's `AmazonECSTaskExecutionRolePolicy`) exist in
 * every account on AWS; moto 5 loads them only with MOTO_IAM_LOAD_MANAGED_POLICIES=true
 * (moto/settings.py `iam_load_managed_policies`), else AttachRolePolicy answers NoSuchEntity.
 */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' };
  delete env.MOTO_ACCOUNT_ID;
  return env;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing = motoMissing();
  if (missing && process.env.TRELLIS_MOTO_REQUIRED === '1') {
    throw new Error(`TRELLIS_MOTO_REQUIRED=1 (CI) but ${missing}`);
  }
  if (missing) {
    const reason = `moto conformance suite skipped: ${missing}`;
    console.warn(`\n${reason}\n`);
    project.provide('motoEndpoint', '');
    project.provide('motoSkipReason', reason);
    return async () => {};
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(PYTHON, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnv(),
  });
  // TRELLIS_MOTO_SERVER_LOG=<file>: everything the server prints (its tracebacks of a 500 included)
  const serverLog = process.env.TRELLIS_MOTO_SERVER_LOG;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
    if (serverLog) appendFileSync(serverLog, chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  try {
    await waitUntilAnswering(endpoint, child, () => output);
  } catch (error) {
    await stop(child);
    throw error;
  }
  project.provide('motoEndpoint', endpoint);
  project.provide('motoSkipReason', '');
  return () => stop(child);
}
