/**
 * The moto conformance harness: trellis with `--target aws` semantics (the real ClientFactory, the
 * SDK's default credential chain from environment variables, `AWS_ENDPOINT_URL`) against the moto
 * server that ./server.ts started, through a counting proxy that logs every HTTP request, so
 * "zero mutating calls" is measured on the wire rather than by the simulation's counters.
 *
 * Accounts: moto answers requests signed with an access key it did not issue in its default account,
 * 123456789012 — the network account of the test config. An `sts:AssumeRole` into
 * `arn:aws:iam::<account>:role/…` returns a key moto registers in <account> (moto/sts/models.py
 * `STSBackend.assume_role`; the role need not exist), and every later request signed with that key
 * lands in that account (moto/core/responses.py `get_current_account` → moto/iam/models.py
 * `get_account_id_from`). So the other accounts of the config are reached exactly as on AWS: through AssumeRole.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { appendFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject } from 'vitest';
import { main } from '../../src/cli.js';
import { assumeRoleSettings, openTarget } from '../../src/commands/target.js';
import { systemClock } from '../../src/core/clock.js';
import type { WaitTiming } from '../../src/core/reconciler.js';
import { ClientFactory } from '../../src/engine/clients.js';
import { AWS_RATE_LIMITS, RateLimits } from '../../src/engine/limits.js';
import type { RetryPolicy } from '../../src/engine/retry.js';
import { DEFAULT_WAIT_TIMING, reconcile, type ReconcileOptions, type ReconcileResult } from '../../src/engine/index.js';
import { loadInputs } from '../../src/model/index.js';
import { errorTables, reconcilers } from '../../src/reconcilers/registry.js';
import { exampleWorkspace, type JsonReport, type Workspace, type WorkspaceOptions } from '../helpers.js';

/** moto's default account: the account of credentials it did not issue. */
export const MOTO_NETWORK_ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
/** Base credentials: dummy, 20 characters like an AWS access key ID, never issued by moto. */
const BASE_ACCESS_KEY_ID = 'AKIAMOTOTRELLISBASE0';

export const motoEndpoint: string = inject('motoEndpoint');
const skipReason: string = inject('motoSkipReason');

/** `describe`, skipped with the setup's reason where moto is not installed. */
export function describeMoto(name: string, body: () => void): void {
  if (motoEndpoint) describe(name, body);
  else describe.skip(`${name} — ${skipReason}`, body);
}

/** One HTTP request as it left the SDK. */
export interface WireCall {
  /** SigV4 signing name: ec2, sts, ram… */
  readonly service: string;
  /** The API operation (`CreateVpc`, `GetResourceShares`…). */
  readonly operation: string;
  readonly accessKeyId: string;
  /** The request body (query-protocol parameters for EC2 and STS, JSON for RAM). */
  readonly body: string;
  /** moto's HTTP status, once it answered. */
  status?: number;
}

/**
 * Reads, lists and credentials, not changes: everything else on the wire counts as mutating. VPC
 * Lattice (REST-JSON, its operations not in {@link REST_OPERATIONS}) is logged as `METHOD /path`:
 * a GET reads.
 */
const NON_MUTATING = /^(Describe|Get|List|Search)|^(AssumeRole|GetCallerIdentity)$|^GET /;

/** REST-JSON services (RAM) name the operation in the path: `/createresourceshare`. */
const REST_OPERATIONS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'AssociateResourceShare',
    'CreateResourceShare',
    'DeleteResourceShare',
    'DisassociateResourceShare',
    'GetResourceShareAssociations',
    'GetResourceShares',
    'TagResource',
    'UntagResource',
    'UpdateResourceShare',
  ].map((operation) => [operation.toLowerCase(), operation]),
);

function operationOf(request: IncomingMessage, body: string): string {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const action = /(?:^|&)Action=([^&]+)/.exec(body)?.[1];
  if (action) return decodeURIComponent(action);
  const segment = (request.url ?? '').split('?')[0]!.split('/').filter(Boolean)[0] ?? '';
  return REST_OPERATIONS[segment.toLowerCase()] ?? `${request.method} ${request.url}`;
}

/**
 * A loopback HTTP proxy in front of moto that records every request. `AWS_ENDPOINT_URL` points at it,
 * so every SDK client trellis builds goes through it, whatever its middleware stack.
 */
export class WireLog {
  readonly calls: WireCall[] = [];
  #server: Server | undefined;
  url = '';

  constructor(private readonly upstream: string) {}

  async start(): Promise<void> {
    const upstream = new URL(this.upstream);
    this.#server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        const credential = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(String(incoming.headers.authorization ?? ''));
        const call: WireCall = { service: credential?.[2] ?? '?', operation: operationOf(incoming, text), accessKeyId: credential?.[1] ?? '', body: text };
        this.calls.push(call);
        // TRELLIS_MOTO_WIRE_LOG=<file>: every operation the suite sent, for docs/conformance.md
        if (process.env.TRELLIS_MOTO_WIRE_LOG) appendFileSync(process.env.TRELLIS_MOTO_WIRE_LOG, `${call.service}:${call.operation}\n`);
        const forward = httpRequest(
          { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
          (answer) => {
            call.status = answer.statusCode;
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          },
        );
        forward.on('error', (error) => {
          outgoing.writeHead(502);
          outgoing.end(String(error));
        });
        forward.end(body);
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  reset(): void {
    this.calls.length = 0;
  }

  /** Mutating calls as `service:Operation`. */
  mutating(): string[] {
    return this.calls.filter((call) => !NON_MUTATING.test(call.operation)).map((call) => `${call.service}:${call.operation}`);
  }
}

/**
 * Points the SDK's default chain at moto through `log`: `AWS_ENDPOINT_URL`, static dummy keys, no
 * profile or shared files that could name another endpoint or real credentials.
 */
export function useMotoEnvironment(log: WireLog): void {
  process.env.AWS_ENDPOINT_URL = log.url;
  process.env.AWS_ACCESS_KEY_ID = BASE_ACCESS_KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = 'moto-dummy-secret';
  process.env.AWS_REGION = REGION;
  process.env.AWS_CONFIG_FILE = '/nonexistent/trellis-moto/config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/trellis-moto/credentials';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

/** Forgets every resource in every account (moto's `/moto-api/reset`). */
export async function resetMoto(): Promise<void> {
  const response = await fetch(`${motoEndpoint}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
}

/** What a moto suite's tests share: the wire log in front of moto, and the current test's workspace. */
export interface MotoSuite {
  readonly wire: WireLog;
  /** The workspace `prepare` made for the running test (only for suites given a `prepare`). */
  readonly workspace: Workspace;
}

/**
 * The lifecycle of every moto suite, registered in the calling `describe`: a {@link WireLog} in front of
 * moto for the whole suite, with the SDK pointed at it; before each test moto emptied, the log cleared
 * and, with `prepare`, a fresh workspace made (and removed after the test).
 */
export function motoSuite(prepare?: () => Promise<Workspace>): MotoSuite {
  const wire = new WireLog(motoEndpoint);
  let current: Workspace | undefined;
  beforeAll(async () => {
    await wire.start();
    useMotoEnvironment(wire);
  });
  afterAll(() => wire.stop());
  beforeEach(async () => {
    await resetMoto();
    wire.reset();
    current = await prepare?.();
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return {
    wire,
    get workspace(): Workspace {
      if (current === undefined) throw new Error('motoSuite: this suite has no workspace (no prepare given), or no test is running');
      return current;
    },
  };
}

export interface MotoWorkspaceOptions extends WorkspaceOptions {
  /**
   * The accounts the config keeps (keys of the example config's `accounts`); default
   * {@link MOTO_ACCOUNTS}. Every run observes every configured account, and after `/moto-api/reset`
   * moto builds each account's backends on first use (its IAM one loads the AWS managed policies,
   * about 0.5 s), so the suite configures only the accounts its scenarios reach.
   */
  readonly accounts?: readonly string[];
}

/**
 * The example config's accounts the conformance scenarios use: network (moto's default account) and
 * api-service (a Network reached through AssumeRole only; leftovers in a second account). The Share
 * scenarios add resource-owner and the tenants. The other four example accounts only added an
 * observe pass each to every run.
 */
export const MOTO_ACCOUNTS = ['network', 'api-service'] as const;

/** A temporary copy of manifests/examples whose network account is moto's default one, with `accounts` only. */
export async function motoWorkspace({ accounts = MOTO_ACCOUNTS, ...options }: MotoWorkspaceOptions = {}): Promise<Workspace> {
  const workspace = await exampleWorkspace(options);
  const configFile = join(workspace.dir, 'trellis.config.json');
  const config = JSON.parse(await readFile(configFile, 'utf8')) as { accounts: Record<string, string> };
  config.accounts = Object.fromEntries(Object.entries(config.accounts).filter(([name]) => accounts.includes(name)));
  config.accounts.network = MOTO_NETWORK_ACCOUNT;
  await writeFile(configFile, JSON.stringify(config, null, 2));
  return workspace;
}

/**
 * The engine's rate model for moto: AWS's published buckets (src/engine/limits.ts) without the two
 * per-action ones, CreateVpcEndpoint (burst 4, 0.3 per second) and CreateNatGateway (10, 1 per
 * second). moto enforces no rate, so those only paced the suite: the fifth endpoint of a converge
 * waited up to 3.3 s for a token. Used by {@link awsRun} only, never by {@link awsCli} (which is
 * `--target aws` exactly, AWS's rates included).
 */
export const MOTO_RATE_LIMITS = Object.fromEntries(
  Object.entries(AWS_RATE_LIMITS).map(([service, { read, write }]) => [service, { read, write }]),
);

/**
 * Polling for asynchronous states on moto: it creates NAT gateways and endpoints ready at once, so
 * the first check comes after 50 ms instead of AWS's 2 s (`DEFAULT_WAIT_TIMING`); the timeout is AWS's.
 */
export const MOTO_WAIT_TIMING: WaitTiming = { ...DEFAULT_WAIT_TIMING, firstDelayMs: 50, maxDelayMs: 500 };

/** `awsRun` options beyond the engine's. */
export interface AwsRunOptions extends Partial<ReconcileOptions> {
  /**
   * The call layer's budget under every client (default AWS's, `DEFAULT_RETRY_POLICY`). Only for a
   * scenario that asserts a moto gap answering HTTP 500 (a 5xx is retried, 8 attempts with backoff):
   * two attempts show it as well, seconds sooner.
   */
  readonly callRetry?: RetryPolicy;
  /** Exactly `openTarget('aws')`: AWS's rate buckets and wait timing instead of {@link MOTO_RATE_LIMITS}, {@link MOTO_WAIT_TIMING}. */
  readonly exactAws?: boolean;
}

/**
 * `reconcile()` as `--target aws` opens it (src/commands/target.ts): no simulation, the SDK's default
 * chain, `AWS_ENDPOINT_URL`, the config's AssumeRole, the AWS consistency window; unless `exactAws`,
 * with the moto rate model and wait timing (the only differences, both pacing, neither a behaviour).
 */
export async function awsRun(dir: string, { callRetry, exactAws = false, ...options }: AwsRunOptions = {}): Promise<ReconcileResult> {
  const inputs = await loadInputs([dir]);
  const target = await openTarget('aws', inputs.config);
  const assumeRole = assumeRoleSettings(inputs.config);
  const clients = exactAws
    ? target.clients
    : new ClientFactory({
        homeRegion: inputs.config.defaultRegion,
        limits: new RateLimits(systemClock, MOTO_RATE_LIMITS),
        ...(callRetry ? { retryPolicy: callRetry } : {}),
        ...(assumeRole ? { assumeRole } : {}),
      });
  return reconcile({
    inputs,
    clients,
    dryRun: false,
    consistencyWindowMs: target.consistencyWindowMs,
    waitTiming: exactAws ? target.waitTiming : MOTO_WAIT_TIMING,
    registry: reconcilers,
    errorTables,
    ...options,
  });
}

/** A converge from where moto stands ({@link awsRun}), expected to apply without a failure or refusal. */
export async function converge(dir: string, options: AwsRunOptions = {}): Promise<ReconcileResult> {
  const result = await awsRun(dir, options);
  expect(result.applied?.failures ?? []).toEqual([]);
  expect(result.plan.refusals).toEqual([]);
  return result;
}

/** The CLI in process with `--target aws --output json`. */
export async function awsCli(...args: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main([...args, '--target', 'aws', '--output', 'json'], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTTY: false,
  });
  if (!stdout) throw new Error(`no JSON report; exit ${code}; stderr: ${stderr}`);
  return { code, report: JSON.parse(stdout) as JsonReport, stderr };
}

/**
 * An EC2 client in `account` under another identity than trellis's: a session of the role
 * `OutOfBand` assumed with the base credentials, as an operator's console session would be.
 */
export function outOfBandEc2(account = MOTO_NETWORK_ACCOUNT): Promise<EC2Client> {
  return outOfBand(EC2Client, account);
}

/** Any SDK v3 client (ECS, ELBv2, IAM…) under the out-of-band identity of {@link outOfBandEc2}. */
export async function outOfBand<C>(
  Client: new (config: { region: string; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } }) => C,
  account = MOTO_NETWORK_ACCOUNT,
): Promise<C> {
  const sts = new STSClient({ region: REGION });
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OutOfBand`, RoleSessionName: 'operator' }),
  );
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
  return new Client({
    region: REGION,
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}) },
  });
}

/**
 * An S3 bucket in `account` (a precondition of a CloudTrail trail: CreateTrail answers
 * S3BucketDoesNotExistException without it, on AWS as on moto). trellis has no S3 client, so this is
 * one PUT Bucket straight to moto under the out-of-band identity of `account`: moto takes the account
 * from the access key in the Authorization header and does not check the signature.
 */
export async function createBucket(account: string, bucket: string): Promise<void> {
  const sts = new STSClient({ region: REGION });
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OutOfBand`, RoleSessionName: 'operator' }));
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const response = await fetch(`${motoEndpoint}/${bucket}`, {
    method: 'PUT',
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=${c?.AccessKeyId}/${day}/${REGION}/s3/aws4_request, SignedHeaders=host, Signature=0`,
      ...(c?.SessionToken ? { 'x-amz-security-token': c.SessionToken } : {}),
    },
  });
  if (!response.ok) throw new Error(`PUT Bucket ${bucket} answered ${response.status}: ${await response.text()}`);
}
