import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  MalformedPolicyDocumentException,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { Simulation } from './index.js';
import { ACCOUNT_A, ACCOUNT_B, REGION, rejection } from './test-helpers.js';

const roleArn = `arn:aws:iam::${ACCOUNT_B}:role/trellis/deployer`;

function sts(options: ConstructorParameters<typeof Simulation>[0] = {}) {
  const sim = new Simulation({ callerAccount: ACCOUNT_A, ...options });
  return { sim, client: sim.plug(new STSClient({ region: REGION, credentials: sim.baseCredentials() })) };
}

describe('GetCallerIdentity', () => {
  it('names the caller account for the base credentials', async () => {
    const { client } = sts();
    const out = await client.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(ACCOUNT_A);
    expect(out.Arn).toBe(`arn:aws:iam::${ACCOUNT_A}:user/trellis-sim`);
    expect(out.UserId).toBeTruthy();
  });

  it('names the role account and session for assumed-role credentials', async () => {
    const { sim, client } = sts();
    const assumed = await client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'run-42' }));
    const c = assumed.Credentials!;
    const asRole = sim.plug(
      new STSClient({ region: REGION, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } }),
    );
    const out = await asRole.send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({
      Account: ACCOUNT_B,
      Arn: `arn:aws:sts::${ACCOUNT_B}:assumed-role/deployer/run-42`,
      UserId: expect.stringMatching(/:run-42$/),
    });
  });
});

describe('AssumeRole', () => {
  it('returns temporary credentials for the role account, expiring after the requested duration', async () => {
    const { client } = sts();
    const before = Date.now();
    const out = await client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'trellis', DurationSeconds: 1800 }));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.Credentials?.Expiration).toBeInstanceOf(Date);
    const lifetime = out.Credentials!.Expiration!.getTime() - before;
    expect(lifetime).toBeGreaterThan(1799_000 - 1000);
    expect(lifetime).toBeLessThanOrEqual(1800_000);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT_B}:assumed-role/deployer/trellis`);
  });

  it.each([
    ['a malformed role ARN', { RoleArn: 'arn:aws:iam::12345:role/x', RoleSessionName: 'ok-name' }],
    ['a user ARN', { RoleArn: `arn:aws:iam::${ACCOUNT_B}:user/x`, RoleSessionName: 'ok-name' }],
    ['a one-character session name', { RoleArn: roleArn, RoleSessionName: 'x' }],
    ['a duration under 15 minutes', { RoleArn: roleArn, RoleSessionName: 'ok-name', DurationSeconds: 899 }],
  ])('rejects %s with ValidationError', async (_label, input) => {
    const { client } = sts();
    const error = await rejection(client.send(new AssumeRoleCommand(input)));
    expect(error).toBeInstanceOf(STSServiceException);
    expect(error.name).toBe('ValidationError');
  });

  it('rejects a session policy that is not JSON with MalformedPolicyDocumentException', async () => {
    const { client } = sts();
    const error = await rejection(client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'trellis', Policy: '{nope' })));
    expect(error).toBeInstanceOf(MalformedPolicyDocumentException);
  });

  it('denies a role that requires an external ID unless the caller passes it', async () => {
    const { client } = sts({ roleExternalIds: { [roleArn]: 'shared-secret' } });
    const denied = await rejection(client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'trellis' })));
    expect(denied).toBeInstanceOf(STSServiceException);
    expect(denied.name).toBe('AccessDenied');
    expect(denied.$metadata?.httpStatusCode).toBe(403);
    const wrong = await rejection(
      client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'trellis', ExternalId: 'guess' })),
    );
    expect(wrong.name).toBe('AccessDenied');
    const ok = await client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'trellis', ExternalId: 'shared-secret' }));
    expect(ok.Credentials).toBeDefined();
  });

  it('is not counted as a mutating call', async () => {
    const { sim, client } = sts();
    await client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'trellis' }));
    expect(sim.calls.count('STS:AssumeRole')).toBe(1);
    expect(sim.calls.mutating()).toBe(0);
  });

  it('issues credentials an EC2 client can sign with', async () => {
    const { sim, client } = sts();
    const c = (await client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'trellis' }))).Credentials!;
    const ec2 = sim.plug(
      new EC2Client({ region: REGION, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } }),
    );
    const out = await ec2.send(new DescribeVpcsCommand({}));
    expect(out.Vpcs?.[0]?.OwnerId).toBe(ACCOUNT_B);
  });
});
