import { describe, expect, it } from 'vitest';
import { desiredResource, simContext } from '../test-helpers.js';
import { eipReconciler as reconciler } from './index.js';

describe('Elastic IP reconciler (simulation)', () => {
  it('allocates, observes across more addresses than a page, updates tags and releases', async () => {
    const { sim, ctx } = await simContext();
    const ids: string[] = [];
    for (const az of ['a', 'b', 'c']) {
      ids.push((await reconciler.create(ctx, desiredResource('ec2:eip', `network/core/eip/nat-${az}`, { domain: 'vpc' }), { clientToken: 'x' })).id);
    }
    const observed = await reconciler.observe(ctx);
    expect(observed.map((o) => o.id).sort()).toEqual([...ids].sort());
    expect(sim.calls.count('EC2:DescribeAddresses')).toBe(1);
    const [one] = await reconciler.findByAddress(ctx, 'network/core/eip/nat-b');
    expect(one).toMatchObject({ id: ids[1], spec: { domain: 'vpc' }, outputs: { allocationId: ids[1] } });
    expect(one!.outputs.publicIp).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\./);
    const desired = desiredResource('ec2:eip', 'network/core/eip/nat-b', { domain: 'vpc' }, { team: 'net' });
    await reconciler.update(ctx, desired, one!, [{ path: 'tags.team', from: undefined, to: 'net', replace: false }]);
    expect((await reconciler.findByAddress(ctx, 'network/core/eip/nat-b'))[0]!.tags.team).toBe('net');
    await reconciler.delete(ctx, one!);
    expect((await reconciler.observe(ctx)).map((o) => o.id).sort()).toEqual([ids[0], ids[2]].sort());
  });
});
