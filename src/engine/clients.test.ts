import { CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../core/errors.js';
import { Simulation } from '../sim/index.js';
import { ClientFactory } from './clients.js';

const assumeRole = { roleName: 'TrellisDeployRole', externalId: 'ext-123' };

describe('ClientFactory', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('assumes the configured role, with its external ID, in accounts other than the caller’s', async () => {
    const sim = new Simulation({
      seed: 1,
      roleExternalIds: { 'arn:aws:iam::222222222222:role/TrellisDeployRole': 'ext-123' },
    });
    const factory = new ClientFactory({ simulation: sim, assumeRole });
    const provider = (await factory.forScope({ account: '222222222222', region: 'us-east-1' })).get(EC2Client);
    await provider.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    expect(sim.calls.count('STS:AssumeRole')).toBe(1);

    const home = (await factory.forScope({ account: '111111111111', region: 'us-east-1' })).get(EC2Client);
    const homeVpcs = (await home.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    expect(homeVpcs.some((vpc) => vpc.CidrBlock === '10.9.0.0/16')).toBe(false);
    const providerVpcs = (await provider.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    expect(providerVpcs.some((vpc) => vpc.CidrBlock === '10.9.0.0/16' && vpc.OwnerId === '222222222222')).toBe(true);
    // Cached credentials: no second AssumeRole for the same account.
    expect(sim.calls.count('STS:AssumeRole')).toBe(1);
  });

  it('fails with a clear error when the external ID is wrong', async () => {
    const sim = new Simulation({ roleExternalIds: { 'arn:aws:iam::222222222222:role/TrellisDeployRole': 'right' } });
    const factory = new ClientFactory({ simulation: sim, assumeRole: { roleName: 'TrellisDeployRole', externalId: 'wrong' } });
    const ec2 = (await factory.forScope({ account: '222222222222', region: 'us-east-1' })).get(EC2Client);
    await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('refuses to reach another account without an assumeRole setting', async () => {
    const factory = new ClientFactory({ simulation: new Simulation() });
    await expect(factory.forScope({ account: '222222222222', region: 'us-east-1' })).rejects.toBeInstanceOf(UserError);
  });

  it('caches one client per account, region, client class and retry mode', async () => {
    const factory = new ClientFactory({ simulation: new Simulation() });
    const clients = await factory.forScope({ account: '111111111111', region: 'us-east-1' });
    expect(clients.get(EC2Client)).toBe(clients.get(EC2Client));
    expect(clients.get(EC2Client, { retryAmbiguous: false })).not.toBe(clients.get(EC2Client));
  });

  it('honours AWS_ENDPOINT_URL_EC2, so trellis runs against LocalStack or moto', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_EC2', 'http://localhost:4566');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    const sts = mockClient(STSClient);
    sts.on(GetCallerIdentityCommand).resolves({ Account: '000000000000' });
    try {
      const factory = new ClientFactory();
      const ec2 = (await factory.forScope({ account: '000000000000', region: 'us-east-1' })).get(EC2Client);
      let requested: { hostname?: string; port?: number } | undefined;
      ec2.middlewareStack.add(
        () => async (args) => {
          requested = args.request as { hostname?: string; port?: number };
          throw new Error('stop before sending');
        },
        { step: 'finalizeRequest', priority: 'low', name: 'captureEndpoint' },
      );
      await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toThrow('stop before sending');
      expect(requested).toMatchObject({ hostname: 'localhost', port: 4566 });
    } finally {
      sts.restore();
    }
  });
});
