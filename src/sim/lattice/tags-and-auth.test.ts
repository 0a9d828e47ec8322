import {
  CreateServiceCommand,
  CreateServiceNetworkCommand,
  DeleteAuthPolicyCommand,
  GetAuthPolicyCommand,
  ListTagsForResourceCommand,
  PutAuthPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceNetworkCommand,
} from '@aws-sdk/client-vpc-lattice';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serviceNetworkModule } from './service-network.js';
import { serviceModule } from './service.js';
import { expectLatticeError, latticeSetup } from './test-setup.js';

afterEach(() => {
  vi.useRealTimers();
});

const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'vpc-lattice-svcs:Invoke', Resource: '*' }] });

describe('Lattice tags', () => {
  it('returns tags only from ListTagsForResource, and tags/untags by ARN', async () => {
    const { lattice } = await latticeSetup();
    const network = await lattice.send(new CreateServiceNetworkCommand({ name: 'core-net', tags: { 'trellis:owner': 'x' } }));
    expect((await lattice.send(new ListTagsForResourceCommand({ resourceArn: network.arn }))).tags).toEqual({ 'trellis:owner': 'x' });
    await lattice.send(new TagResourceCommand({ resourceArn: network.arn, tags: { env: 'prod' } }));
    await lattice.send(new UntagResourceCommand({ resourceArn: network.arn, tagKeys: ['trellis:owner'] }));
    expect((await lattice.send(new ListTagsForResourceCommand({ resourceArn: network.arn }))).tags).toEqual({ env: 'prod' });
    await expectLatticeError(
      lattice.send(new ListTagsForResourceCommand({ resourceArn: network.arn!.replace(/sn-[0-9a-f]+$/, 'sn-0123456789abcdef0') })),
      'ResourceNotFoundException',
    );
  });

  it('lists tagged networks and services for the tagging API with their RGTA types', async () => {
    const { sim, lattice } = await latticeSetup();
    const network = await lattice.send(new CreateServiceNetworkCommand({ name: 'core-net', tags: { a: '1' } }));
    await lattice.send(new CreateServiceNetworkCommand({ name: 'untagged' }));
    const service = await lattice.send(new CreateServiceCommand({ name: 'orders', tags: { b: '2' } }));
    const state = sim.snapshot();
    expect(state.accounts['111111111111']).toBeDefined();
    // The hook reads through a handler context; reach it the way the tagging module will.
    const ctx = (sim as unknown as { context: (...args: unknown[]) => Parameters<NonNullable<typeof serviceNetworkModule.taggedResources>>[0] }).context(
      'ResourceGroupsTaggingAPI',
      'GetResources',
      { kind: 'base', account: '111111111111' },
      'eu-west-1',
      Date.now(),
    );
    expect([...serviceNetworkModule.taggedResources!(ctx)]).toEqual([{ arn: network.arn, resourceType: 'vpc-lattice:servicenetwork', tags: { a: '1' } }]);
    expect([...serviceModule.taggedResources!(ctx)]).toEqual([{ arn: service.arn, resourceType: 'vpc-lattice:service', tags: { b: '2' } }]);
  });
});

describe('Lattice auth policies', () => {
  it('is Inactive while the network authType is NONE and Active once it is AWS_IAM; Delete removes it', async () => {
    const { lattice } = await latticeSetup();
    const network = await lattice.send(new CreateServiceNetworkCommand({ name: 'core-net' }));
    expect((await lattice.send(new PutAuthPolicyCommand({ resourceIdentifier: network.id, policy }))).state).toBe('Inactive');
    await lattice.send(new UpdateServiceNetworkCommand({ serviceNetworkIdentifier: network.id, authType: 'AWS_IAM' }));
    expect(await lattice.send(new GetAuthPolicyCommand({ resourceIdentifier: network.arn }))).toMatchObject({ policy, state: 'Active' });
    await lattice.send(new DeleteAuthPolicyCommand({ resourceIdentifier: network.id }));
    await expectLatticeError(lattice.send(new GetAuthPolicyCommand({ resourceIdentifier: network.id })), 'ResourceNotFoundException');
  });

  it('attaches to services too, and rejects a policy over 10 KB or not JSON', async () => {
    const { lattice } = await latticeSetup();
    const service = await lattice.send(new CreateServiceCommand({ name: 'orders', authType: 'AWS_IAM' }));
    expect((await lattice.send(new PutAuthPolicyCommand({ resourceIdentifier: service.arn, policy }))).state).toBe('Active');
    await expectLatticeError(lattice.send(new PutAuthPolicyCommand({ resourceIdentifier: service.id, policy: 'not json' })), 'ValidationException');
    await expectLatticeError(
      lattice.send(new PutAuthPolicyCommand({ resourceIdentifier: service.id, policy: JSON.stringify({ pad: 'x'.repeat(10 * 1024) }) })),
      'ValidationException',
    );
  });
});
