import { CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { desiredResource, SCOPE, simContext } from '../test-helpers.js';
import { internetGatewayReconciler as reconciler } from './index.js';

const ADDRESS = 'network/core/internet-gateway/main';
const desired = (vpcId: string) => desiredResource('ec2:internet-gateway', ADDRESS, { vpcId });

describe('internet gateway reconciler (simulation)', () => {
  it('creates, attaches, observes, moves to another VPC, and deletes', async () => {
    const { sim, ctx: simCtx } = await simContext();
    const ec2 = sim.client(EC2Client, SCOPE);
    const vpc1 = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const vpc2 = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
    const created = await reconciler.create(simCtx, desired(vpc1), { clientToken: 'unused' });
    const [detached] = await reconciler.observe(simCtx);
    await reconciler.update(simCtx, desired(vpc1), detached!, reconciler.diff!(desired(vpc1), detached!));
    const [live] = await reconciler.observe(simCtx);
    expect(live).toMatchObject({ id: created.id, address: ADDRESS, spec: { vpcId: vpc1 }, references: [vpc1] });
    expect(await reconciler.findByAddress(simCtx, ADDRESS)).toHaveLength(1);
    expect(reconciler.diff!(desired(vpc2), live!)).toEqual([{ path: 'vpcId', from: vpc1, to: vpc2, replace: true }]);
    await reconciler.update(simCtx, desired(vpc2), live!, [{ path: 'vpcId', from: vpc1, to: vpc2, replace: false }]);
    const [moved] = await reconciler.observe(simCtx);
    expect(moved!.spec.vpcId).toBe(vpc2);
    await reconciler.delete(simCtx, moved!);
    expect(await reconciler.observe(simCtx)).toEqual([]);
  });
});
