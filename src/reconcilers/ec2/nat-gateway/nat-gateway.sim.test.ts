import {
  AllocateAddressCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { desiredResource, SCOPE, simContext } from '../test-helpers.js';
import { natGatewayReconciler as reconciler } from './index.js';

async function network(withInternetGateway: boolean) {
  const simulated = await simContext({ asyncDelayMs: 30 });
  const { sim } = simulated;
  const ctx = { ...simulated.ctx, wait: { firstDelayMs: 5, maxDelayMs: 20, timeoutMs: 5_000 } };
  const ec2 = sim.client(EC2Client, SCOPE);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  if (withInternetGateway) await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.0.0/24' }))).Subnet!.SubnetId!;
  const allocationId = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
  const desired = desiredResource('ec2:nat-gateway', 'network/core/nat-gateway/a', { subnetId: subnet, allocationId, connectivityType: 'public' });
  return { sim, ctx, ec2, igw, subnet, allocationId, desired };
}

describe('NAT gateway reconciler (simulation)', () => {
  it('creates once per token, is pending then ready, observes it in sync, and deletes it so its subnet can go', async () => {
    const { sim, ctx, ec2, igw, subnet, allocationId, desired } = await network(true);
    const created = await reconciler.create(ctx, desired, { clientToken: 'run-1' });
    const replayed = await reconciler.create(ctx, desired, { clientToken: 'run-1' });
    expect(replayed.id).toBe(created.id);
    expect((await reconciler.readiness!.check(ctx, [created.id])).get(created.id)).toBe('pending');
    sim.advance(30);
    expect((await reconciler.readiness!.check(ctx, [created.id])).get(created.id)).toBe('ready');
    const observed = await reconciler.observe(ctx);
    expect(observed).toHaveLength(1);
    expect(observed[0]).toMatchObject({ id: created.id, references: [subnet, allocationId, igw] });
    expect(reconciler.diff!(desired, observed[0]!)).toEqual([]);
    await reconciler.delete(ctx, observed[0]!);
    expect(await reconciler.observe(ctx)).toEqual([]);
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnet }));
  });

  it('fails with the AWS failure message in a VPC without an internet gateway, and does not observe the failed gateway', async () => {
    const { sim, ctx, desired } = await network(false);
    const { id } = await reconciler.create(ctx, desired, { clientToken: 'run-1' });
    sim.advance(30);
    const state = (await reconciler.readiness!.check(ctx, [id])).get(id);
    expect(state).toEqual({ failed: expect.stringMatching(/^Gateway\.NotAttached: Network vpc-[0-9a-f]{17} has no Internet gateway attached/) });
    expect(await reconciler.observe(ctx)).toEqual([]);
  });
});
