import { PutAuthPolicyCommand, VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { describe, expect, it } from 'vitest';
import type { Resolved } from '../../../core/resource-type.js';
import { desiredResource, SCOPE, simContext } from '../../ec2/test-helpers.js';
import { serviceNetworkReconciler as reconciler } from './index.js';
import type { ServiceNetworkSpec } from './type.js';

const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: ['777777777777'] }, Action: 'vpc-lattice-svcs:Invoke', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'TeamA' } } }],
};

function desired(spec: Partial<ServiceNetworkSpec> = {}) {
  return desiredResource('vpc-lattice:service-network', 'share/shared-data/service-network/main', {
    name: 'shared-data',
    authType: 'AWS_IAM',
    authPolicy: POLICY,
    ...spec,
  }) as unknown as Resolved<ServiceNetworkSpec>;
}

describe('service network reconciler (simulation)', () => {
  it('creates once per token, puts the auth policy through update, observes it in sync and finds it by address', async () => {
    const { ctx } = await simContext();
    const want = desired();
    const created = await reconciler.create(ctx, want as never, { clientToken: 'run-1' });
    const replayed = await reconciler.create(ctx, want as never, { clientToken: 'run-1' });
    expect(replayed.id).toBe(created.id);
    let [live] = await reconciler.observe(ctx);
    expect(live).toMatchObject({ id: created.id, address: 'share/shared-data/service-network/main', spec: { authPolicy: null } });
    const changes = reconciler.diff!(want as never, live!);
    expect(changes.map((c) => c.path)).toEqual(['authPolicy']);
    await reconciler.update(ctx, want as never, live!, changes);
    [live] = await reconciler.observe(ctx);
    expect(reconciler.diff!(want as never, live!)).toEqual([]);
    expect(await reconciler.findByAddress(ctx, want.address)).toHaveLength(1);
    expect(await reconciler.findByAddress(ctx, 'share/other/service-network/main')).toEqual([]);
  });

  it('sees an auth policy edited out of band, but not a reformatted one', async () => {
    const { sim, ctx } = await simContext();
    const want = desired();
    const created = await reconciler.create(ctx, want as never, { clientToken: 'run-1' });
    const lattice = sim.client(VPCLatticeClient, SCOPE);
    const put = (policy: unknown) => lattice.send(new PutAuthPolicyCommand({ resourceIdentifier: created.id, policy: JSON.stringify(policy) }));
    // Key order, a one-element list as a single value, a single statement as an object.
    const statement = POLICY.Statement[0]!;
    await put({ Statement: { Resource: ['*'], Action: ['vpc-lattice-svcs:Invoke'], Condition: statement.Condition, Principal: { AWS: '777777777777' }, Effect: 'Allow' }, Version: '2012-10-17' });
    let [live] = await reconciler.observe(ctx);
    expect(reconciler.diff!(want as never, live!)).toEqual([]);
    await put({ ...POLICY, Statement: [{ ...statement, Principal: '*' }] });
    [live] = await reconciler.observe(ctx);
    expect(reconciler.diff!(want as never, live!).map((c) => c.path)).toEqual(['authPolicy']);
  });

  it('updates the auth type and deletes the policy when the manifest drops it, then deletes the network', async () => {
    const { ctx } = await simContext();
    const created = await reconciler.create(ctx, desired() as never, { clientToken: 'run-1' });
    let [live] = await reconciler.observe(ctx);
    await reconciler.update(ctx, desired() as never, live!, reconciler.diff!(desired() as never, live!));
    const open = desired({ authType: 'NONE', authPolicy: null });
    [live] = await reconciler.observe(ctx);
    const changes = reconciler.diff!(open as never, live!);
    expect(changes.map((c) => c.path).sort()).toEqual(['authPolicy', 'authType']);
    await reconciler.update(ctx, open as never, live!, changes);
    [live] = await reconciler.observe(ctx);
    expect(live).toMatchObject({ id: created.id, spec: { authType: 'NONE', authPolicy: null } });
    await reconciler.delete(ctx, live!);
    expect(await reconciler.observe(ctx)).toEqual([]);
  });
});
