import { CloudTrailClient, CreateTrailCommand, DescribeTrailsCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import type { DesiredResource } from '../../../core/types.js';
import { Simulation } from '../../../sim/index.js';
import { desiredResource, SCOPE, simContext } from '../../ec2/test-helpers.js';
import { trailReconciler as reconciler } from './index.js';

const desired: DesiredResource = desiredResource('cloudtrail:trail', 'share/shared-data/trail/audit', {
  name: 'shared-data-audit',
  s3BucketName: 'resource-owner-cloudtrail-logs',
  isMultiRegionTrail: true,
  enableLogFileValidation: true,
  logging: true,
});

describe('CloudTrail trail reconciler (simulation)', () => {
  it('creates, starts logging through update, is observed only in its home region, repairs stopped logging, deletes', async () => {
    const sim = new Simulation({ seed: 1, pageSize: 2 });
    const { ctx } = await simContext({}, SCOPE, sim);
    const created = await reconciler.create(ctx, desired, { clientToken: 'unused' });
    expect(created.spec).toMatchObject({ logging: false });
    let [live] = await reconciler.observe(ctx);
    expect(live).toMatchObject({ id: created.id, spec: { logging: false, isMultiRegionTrail: true } });
    await reconciler.update(ctx, desired, live!, reconciler.diff!(desired, live!));
    [live] = await reconciler.observe(ctx);
    expect(reconciler.diff!(desired, live!)).toEqual([]);

    // Another region sees the shadow trail only with includeShadowTrails; observe reports nothing there.
    const other = { ...SCOPE, region: 'eu-west-1' };
    const { ctx: elsewhere } = await simContext({}, other, sim);
    expect((await sim.client(CloudTrailClient, other).send(new DescribeTrailsCommand({}))).trailList).toHaveLength(1);
    expect(await reconciler.observe(elsewhere)).toEqual([]);

    await sim.client(CloudTrailClient, SCOPE).send(new StopLoggingCommand({ Name: created.id }));
    [live] = await reconciler.observe(ctx);
    const changes = reconciler.diff!(desired, live!);
    expect(changes).toEqual([{ path: 'logging', from: false, to: true, replace: false }]);
    await reconciler.update(ctx, desired, live!, changes);
    expect(reconciler.diff!(desired, (await reconciler.observe(ctx))[0]!)).toEqual([]);

    // A lost create response: the retry adopts our own trail.
    expect((await reconciler.create(ctx, desired, { clientToken: 'unused' })).id).toBe(created.id);
    expect(await reconciler.findByAddress(ctx, desired.address)).toHaveLength(1);

    await reconciler.delete(ctx, live!);
    expect(await reconciler.observe(ctx)).toEqual([]);
  });

  it('never adopts a trail of the same name that is not ours', async () => {
    const { sim, ctx } = await simContext();
    await sim.client(CloudTrailClient, SCOPE).send(new CreateTrailCommand({ Name: 'shared-data-audit', S3BucketName: 'someone-elses-bucket' }));
    await expect(reconciler.create(ctx, desired, { clientToken: 'unused' })).rejects.toThrow(/already exists and is not this manifest's/);
    expect(await reconciler.observe(ctx)).toEqual([]);
  });
});
