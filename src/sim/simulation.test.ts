import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateVpnGatewayCommand,
  CreateVpcCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { isTransientError } from '@smithy/core/retry';
import type { SdkError } from '@smithy/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isMutating, NotImplementedInSimulation, Simulation } from './index.js';
import { ACCOUNT_A, ACCOUNT_B, fastRetries, REGION, rejection } from './test-helpers.js';

const scopeA = { account: ACCOUNT_A, region: REGION };
const scopeB = { account: ACCOUNT_B, region: REGION };

async function vpcIds(client: EC2Client): Promise<string[]> {
  const out = await client.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['false'] }] }));
  return (out.Vpcs ?? []).map((v) => v.VpcId!);
}

describe('the middleware under the real SDK client', () => {
  it('answers a plugged client built from the base credentials in the caller account', async () => {
    const sim = new Simulation({ callerAccount: ACCOUNT_B });
    const ec2 = sim.plug(new EC2Client({ region: REGION, credentials: sim.baseCredentials() }));
    const out = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    expect(out.Vpc?.OwnerId).toBe(ACCOUNT_B);
    expect(out.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 });
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('counts one call per attempt even when a client is plugged twice', async () => {
    const sim = new Simulation();
    const ec2 = sim.plug(sim.client(EC2Client, scopeA));
    await ec2.send(new DescribeVpcsCommand({}));
    expect(sim.calls.count('EC2:DescribeVpcs')).toBe(1);
  });

  it('rejects credentials the simulation did not issue with AuthFailure', async () => {
    const sim = new Simulation();
    const ec2 = sim.plug(new EC2Client({ region: REGION, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' } }));
    const error = await rejection(ec2.send(new DescribeVpcsCommand({})));
    expect(error).toBeInstanceOf(EC2ServiceException);
    expect(error.name).toBe('AuthFailure');
  });

  it('names the service and operation of an operation it does not implement', async () => {
    const sim = new Simulation();
    const ec2 = sim.client(EC2Client, scopeA, fastRetries(3));
    const error = await rejection(ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1' })));
    expect(error).toBeInstanceOf(NotImplementedInSimulation);
    expect(error.message).toBe('the simulation does not implement EC2:CreateVpnGateway');
    expect(sim.calls.count('EC2:CreateVpnGateway')).toBe(1);
  });

  it('adds the configured latency to every call, on its virtual clock', async () => {
    const sim = new Simulation({ latencyMs: 40 });
    const ec2 = sim.client(EC2Client, scopeA);
    const started = sim.clock.now();
    await ec2.send(new DescribeVpcsCommand({}));
    await ec2.send(new DescribeVpcsCommand({}));
    expect(sim.clock.now() - started).toBe(80);
  });
});

describe('fault injection meets the SDK retry strategy', () => {
  it('throttles with RequestLimitExceeded until the SDK gives up after maxAttempts', async () => {
    const sim = new Simulation({ throttleRate: 1 });
    const ec2 = sim.client(EC2Client, scopeA, fastRetries(3));
    const error = await rejection(ec2.send(new DescribeVpcsCommand({})));
    expect(error).toBeInstanceOf(EC2ServiceException);
    expect(error.name).toBe('RequestLimitExceeded');
    expect(error.$metadata?.httpStatusCode).toBe(503);
    expect(error.$metadata?.attempts).toBe(3);
    expect(sim.calls.count('EC2:DescribeVpcs')).toBe(3);
  });

  it('throttles STS with Throttling, which the SDK also retries', async () => {
    const sim = new Simulation({ throttleRate: 1 });
    const sts = sim.client(STSClient, scopeA, fastRetries(3));
    const error = await rejection(sts.send(new GetCallerIdentityCommand({})));
    expect(error).toBeInstanceOf(STSServiceException);
    expect(error.name).toBe('Throttling');
    expect(sim.calls.count('STS:GetCallerIdentity')).toBe(3);
  });

  it('fails with EC2 InternalError (500) or Unavailable (503)', async () => {
    const sim = new Simulation({ serverErrorRate: 1, seed: 7 });
    const ec2 = sim.client(EC2Client, scopeA, { maxAttempts: 1 });
    const statusByName = new Map<string, number | undefined>();
    for (let i = 0; i < 10; i++) {
      const error = await rejection(ec2.send(new DescribeVpcsCommand({})));
      expect(error).toBeInstanceOf(EC2ServiceException);
      statusByName.set(error.name, error.$metadata?.httpStatusCode);
    }
    expect(Object.fromEntries(statusByName)).toEqual({ InternalError: 500, Unavailable: 503 });
  });

  it('has its 5xx errors retried by the SDK as transient', async () => {
    const sim = new Simulation({ serverErrorRate: 1, seed: 7 });
    const ec2 = sim.client(EC2Client, scopeA, fastRetries(3));
    const error = await rejection(ec2.send(new DescribeVpcsCommand({})));
    expect(error.$metadata?.attempts).toBe(3);
    expect(sim.calls.count('EC2:DescribeVpcs')).toBe(3);
  });

  it('lets a call through once a throttled attempt is retried, and the SDK reports the attempts', async () => {
    const sim = new Simulation({ throttleRate: 0.5, seed: 3 });
    const ec2 = sim.client(EC2Client, scopeA, fastRetries(20));
    let sawRetry = false;
    for (let i = 0; i < 5; i++) {
      sim.calls.reset();
      const out = await ec2.send(new DescribeVpcsCommand({}));
      expect(out.$metadata.attempts).toBe(sim.calls.count('EC2:DescribeVpcs'));
      if ((out.$metadata.attempts ?? 1) > 1) sawRetry = true;
    }
    expect(sawRetry).toBe(true);
  });

  it('creates the resource but loses the response once, with an error the SDK classifies as transient', async () => {
    const sim = new Simulation({ loseCreateResponses: true });
    const ec2 = sim.client(EC2Client, scopeA, { maxAttempts: 1 });
    const error = await rejection(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' })));
    expect(error.name).toBe('TimeoutError');
    expect(isTransientError(error as SdkError)).toBe(true);
    expect(await vpcIds(ec2)).toHaveLength(1);

    // The same request again is performed and answered: AWS has no idempotency for CreateVpc.
    const again = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    expect(again.Vpc?.VpcId).toBeDefined();
    expect(await vpcIds(ec2)).toHaveLength(2);
    // A different request loses its response too.
    expect((await rejection(ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' })))).name).toBe('TimeoutError');
  });

  it('duplicates a VPC when the SDK itself retries a lost create response', async () => {
    const sim = new Simulation({ loseCreateResponses: true });
    const ec2 = sim.client(EC2Client, scopeA, fastRetries(3));
    const out = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    expect(out.$metadata.attempts).toBe(2);
    expect(await vpcIds(ec2)).toHaveLength(2);
  });

  it('does not lose the response of a create that failed', async () => {
    const sim = new Simulation({ loseCreateResponses: true });
    const ec2 = sim.client(EC2Client, scopeA, { maxAttempts: 1 });
    expect((await rejection(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8' })))).name).toBe('InvalidVpc.Range');
  });
});

describe('call counters', () => {
  it('counts every call by operation, separating mutating ones, failures included', async () => {
    const sim = new Simulation();
    const ec2 = sim.client(EC2Client, scopeA);
    const sts = sim.client(STSClient, scopeA);
    await ec2.send(new DescribeVpcsCommand({}));
    await ec2.send(new DescribeVpcsCommand({}));
    await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    await rejection(ec2.send(new CreateVpcCommand({ CidrBlock: 'nope' })));
    await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_B}:role/deployer`, RoleSessionName: 'trellis' }));

    expect(sim.calls.total()).toBe(5);
    expect(sim.calls.mutating()).toBe(2);
    expect(sim.calls.byOperation()).toEqual({ 'EC2:CreateVpc': 2, 'EC2:DescribeVpcs': 2, 'STS:AssumeRole': 1 });
    expect(sim.calls.mutatingOperations()).toEqual({ 'EC2:CreateVpc': 2 });
    expect(sim.calls.count('EC2:DescribeVpcs')).toBe(2);
    sim.calls.reset();
    expect(sim.calls.total()).toBe(0);
  });

  it('classifies operations as mutating by their verb', () => {
    expect(isMutating('CreateTags')).toBe(true);
    expect(isMutating('AuthorizeSecurityGroupIngress')).toBe(true);
    expect(isMutating('AddTags')).toBe(true); // ELBv2 and CloudTrail tagging
    expect(isMutating('RemoveTags')).toBe(true);
    expect(isMutating('Put')).toBe(true);
    expect(isMutating('AssumeRole')).toBe(false);
    expect(isMutating('DescribeVpcs')).toBe(false);
    expect(isMutating('GetResources')).toBe(false);
    expect(isMutating('Settle')).toBe(false);
  });
});

describe('identity and accounts', () => {
  it('keeps resources made with assumed-role credentials in the role account only', async () => {
    const sim = new Simulation({ callerAccount: ACCOUNT_A });
    const sts = sim.client(STSClient, scopeA);
    const assumed = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_B}:role/trellis`, RoleSessionName: 'reconcile' }),
    );
    const credentials = assumed.Credentials!;
    const inB = sim.plug(
      new EC2Client({
        region: REGION,
        credentials: {
          accessKeyId: credentials.AccessKeyId!,
          secretAccessKey: credentials.SecretAccessKey!,
          sessionToken: credentials.SessionToken!,
        },
      }),
    );
    const created = await inB.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    expect(created.Vpc?.OwnerId).toBe(ACCOUNT_B);

    expect(await vpcIds(sim.client(EC2Client, scopeA))).toEqual([]);
    expect(await vpcIds(sim.client(EC2Client, scopeB))).toEqual([created.Vpc!.VpcId]);
    const otherRegion = sim.client(EC2Client, { account: ACCOUNT_B, region: 'us-east-1' });
    expect(await vpcIds(otherRegion)).toEqual([]);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('rejects expired session credentials: EC2 with RequestExpired, STS with ExpiredTokenException', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const sim = new Simulation();
    const assumed = await sim
      .client(STSClient, scopeA)
      .send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_B}:role/trellis`, RoleSessionName: 'short', DurationSeconds: 900 }));
    const c = assumed.Credentials!;
    const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const ec2 = sim.plug(new EC2Client({ region: REGION, credentials }));
    const sts = sim.plug(new STSClient({ region: REGION, credentials }));
    await ec2.send(new DescribeVpcsCommand({}));

    vi.setSystemTime(Date.now() + 901_000);
    const ec2Error = await rejection(ec2.send(new DescribeVpcsCommand({})));
    expect(ec2Error).toBeInstanceOf(EC2ServiceException);
    expect(ec2Error.name).toBe('RequestExpired');
    const stsError = await rejection(sts.send(new GetCallerIdentityCommand({})));
    expect(stsError).toBeInstanceOf(STSServiceException);
    expect(stsError.name).toBe('ExpiredTokenException');
  });
});

describe('determinism and persistence', () => {
  it('generates the same IDs from the same seed', async () => {
    const first = await new Simulation({ seed: 42 }).client(EC2Client, scopeA).send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const second = await new Simulation({ seed: 42 }).client(EC2Client, scopeA).send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    expect(first.Vpc?.VpcId).toBe(second.Vpc?.VpcId);
    expect(first.Vpc?.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
  });

  it('round-trips the state through a file and continues the ID sequence instead of repeating it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trellis-sim-'));
    try {
      const file = join(dir, 'nested', 'sim.json');
      const original = new Simulation({ seed: 5 });
      const ec2 = original.client(EC2Client, scopeA);
      const a = await ec2.send(
        new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'core' }] }] }),
      );
      await original.save(file);

      const loaded = await Simulation.load(file);
      // The clock resumes where it stopped, or at real time if that is later: never backwards.
      const { clockMs: savedAt, ...saved } = original.snapshot();
      const { clockMs: resumedAt, ...resumed } = loaded.snapshot();
      expect(resumed).toEqual(saved);
      expect(resumedAt).toBeGreaterThanOrEqual(savedAt!);
      const loadedEc2 = loaded.client(EC2Client, scopeA);
      const described = await loadedEc2.send(new DescribeVpcsCommand({ VpcIds: [a.Vpc!.VpcId!] }));
      expect(described.Vpcs?.[0]?.Tags).toEqual([{ Key: 'Name', Value: 'core' }]);

      const nextInOriginal = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
      const nextInLoaded = await loadedEc2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
      expect(nextInLoaded.Vpc?.VpcId).toBe(nextInOriginal.Vpc?.VpcId);
      expect(nextInLoaded.Vpc?.VpcId).not.toBe(a.Vpc?.VpcId);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts empty from a missing file, with only the default VPC', async () => {
    const sim = await Simulation.load(join(tmpdir(), 'trellis-sim-does-not-exist.json'));
    const out = await sim.client(EC2Client, scopeA).send(new DescribeVpcsCommand({}));
    expect(out.Vpcs?.map((v) => v.IsDefault)).toEqual([true]);
  });
});
