/**
 * Target groups and listeners against the simulation: create, observe in sync, update, delete, and a
 * create-before-delete target group replacement with the listener moving across.
 */
import { describe, expect, it } from 'vitest';
import { ErrorClassifier } from '../../../core/classify.js';
import { diffResource } from '../../../core/diff.js';
import { TAG_SUPERSEDED } from '../../../core/types.js';
import { errorTables } from '../../registry.js';
import { loadBalancerReconciler } from '../load-balancer/index.js';
import { targetGroupReconciler } from '../target-group/index.js';
import { desired, network } from '../test-helpers.js';
import { listenerReconciler } from './index.js';

const HEALTH = { protocol: 'TCP', intervalSeconds: 10, healthyThreshold: 3, unhealthyThreshold: 3 };

function targetGroup(vpcId: string, name: string, port = 8080, healthCheck: Record<string, unknown> = HEALTH) {
  return desired('elbv2:target-group', 'service/api/target-group/tg', { name, protocol: 'TCP', port, vpcId, targetType: 'ip', healthCheck });
}

function listener(loadBalancerArn: string, targetGroupArn: string, port = 80) {
  return desired('elbv2:listener', 'service/api/listener/tcp', { loadBalancerArn, protocol: 'TCP', port, targetGroupArn });
}

async function setup() {
  const fixture = await network();
  const nlbDesired = desired('elbv2:load-balancer', 'service/api/load-balancer/nlb', {
    name: 'api-nlb',
    scheme: 'internal',
    type: 'network',
    subnetIds: fixture.subnets,
    securityGroupIds: [],
  });
  const nlb = await loadBalancerReconciler.create(fixture.ctx, nlbDesired, { clientToken: 'unused' });
  return { ...fixture, nlbArn: nlb.id };
}

describe('target group and listener reconcilers (simulation)', () => {
  it('creates a target group and a listener, observes both in sync, updates the health check and port, deletes them', async () => {
    const { sim, ctx, vpcId, nlbArn } = await setup();
    const tgWant = targetGroup(vpcId, 'api-tg-1');
    const tg = await targetGroupReconciler.create(ctx, tgWant, { clientToken: 'unused' });
    expect((await targetGroupReconciler.create(ctx, tgWant, { clientToken: 'unused' })).id).toBe(tg.id);
    const [tgLive] = await targetGroupReconciler.observe(ctx);
    expect(tgLive).toMatchObject({ id: tg.id, references: [vpcId] });
    expect(diffResource(targetGroupReconciler, tgWant, tgLive!)).toEqual([]);

    const listenerWant = listener(nlbArn, tg.id);
    const created = await listenerReconciler.create(ctx, listenerWant, { clientToken: 'unused' });
    expect((await listenerReconciler.create(ctx, listenerWant, { clientToken: 'unused' })).id).toBe(created.id);
    sim.calls.reset();
    const [listenerLive] = await listenerReconciler.observe(ctx);
    // The ELBv2 inventory (1 page of NLBs, 1 of target groups, 1 DescribeTags for both), 1 DescribeListeners for the one owned NLB, 1 DescribeTags.
    expect(sim.calls.total()).toBe(5);
    expect(listenerLive).toMatchObject({ id: created.id, references: [nlbArn, tg.id] });
    expect(diffResource(listenerReconciler, listenerWant, listenerLive!)).toEqual([]);

    const healthier = targetGroup(vpcId, 'api-tg-1', 8080, { ...HEALTH, intervalSeconds: 30 });
    const healthChanges = diffResource(targetGroupReconciler, healthier, tgLive!);
    expect(healthChanges).toEqual([expect.objectContaining({ path: 'healthCheck', replace: false })]);
    sim.calls.reset();
    await targetGroupReconciler.update(ctx, healthier, tgLive!, healthChanges);
    expect(sim.calls.byOperation()).toEqual({ 'ElasticLoadBalancingV2:ModifyTargetGroup': 1 });
    expect(diffResource(targetGroupReconciler, healthier, (await targetGroupReconciler.observe(ctx))[0]!)).toEqual([]);

    const moved = listener(nlbArn, tg.id, 8443);
    const portChanges = diffResource(listenerReconciler, moved, listenerLive!);
    expect(portChanges).toEqual([{ path: 'port', from: 80, to: 8443, replace: false }]);
    sim.calls.reset();
    await listenerReconciler.update(ctx, moved, listenerLive!, portChanges);
    expect(sim.calls.byOperation()).toEqual({ 'ElasticLoadBalancingV2:ModifyListener': 1 });
    expect(diffResource(listenerReconciler, moved, (await listenerReconciler.observe(ctx))[0]!)).toEqual([]);

    await listenerReconciler.delete(ctx, listenerLive!);
    await listenerReconciler.delete(ctx, listenerLive!); // ListenerNotFound is success
    await targetGroupReconciler.delete(ctx, tgLive!);
    expect(await listenerReconciler.observe(ctx)).toEqual([]);
    expect(await targetGroupReconciler.observe(ctx)).toEqual([]);
  });

  it('replaces a target group create-before-delete: old one superseded, listener moved, then the old one deleted', async () => {
    const { ctx, vpcId, nlbArn } = await setup();
    const classifier = new ErrorClassifier(errorTables);
    const old = await targetGroupReconciler.create(ctx, targetGroup(vpcId, 'api-tg-1'), { clientToken: 'unused' });
    await listenerReconciler.create(ctx, listener(nlbArn, old.id), { clientToken: 'unused' });
    const [oldLive] = await targetGroupReconciler.observe(ctx);
    const next = targetGroup(vpcId, 'api-tg-2', 9090);
    expect(diffResource(targetGroupReconciler, next, oldLive!).filter((change) => change.replace).map((change) => change.path)).toEqual(['name', 'port']);

    await targetGroupReconciler.supersede!(ctx, oldLive!, 'run-7');
    const replacement = await targetGroupReconciler.create(ctx, next, { clientToken: 'unused' });
    const groups = await targetGroupReconciler.observe(ctx);
    expect(groups.find((group) => group.id === oldLive!.id)?.tags[TAG_SUPERSEDED]).toBe('run-7');
    expect(groups.find((group) => group.id === replacement.id)?.tags[TAG_SUPERSEDED]).toBeUndefined();

    // Still in use by the listener: ResourceInUse, which a delete retries.
    const inUse = await targetGroupReconciler.delete(ctx, oldLive!).catch((error: unknown) => error);
    expect((inUse as Error).name).toBe('ResourceInUseException');
    expect(classifier.classify(inUse, 'delete', 'elbv2:target-group')).toBe('retry');

    const [listenerLive] = await listenerReconciler.observe(ctx);
    const moved = listener(nlbArn, replacement.id);
    await listenerReconciler.update(ctx, moved, listenerLive!, diffResource(listenerReconciler, moved, listenerLive!));
    await targetGroupReconciler.delete(ctx, oldLive!);
    expect((await targetGroupReconciler.observe(ctx)).map((group) => group.id)).toEqual([replacement.id]);
    expect((await listenerReconciler.observe(ctx))[0]!.references).toEqual([nlbArn, replacement.id]);
  });
});
