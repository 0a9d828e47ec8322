import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, ListTagsCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mockContext } from '../../test-context.js';
import { trailReconciler as reconciler } from './index.js';

const cloudtrail = mockClient(CloudTrailClient);
afterAll(() => cloudtrail.restore());
beforeEach(() => cloudtrail.reset());

const arn = (name: string, region = 'us-east-1') => `arn:aws:cloudtrail:${region}:111111111111:trail/${name}`;
const owned = [{ Key: 'trellis:owner', Value: 'trellis' }, { Key: 'trellis:address', Value: 'share/s/trail/audit' }];

describe('CloudTrail trail reconciler (mocked SDK)', () => {
  it('observes without shadow trails, only home-region trails, tags in batches of 20, one GetTrailStatus per owned trail', async () => {
    const { ctx } = mockContext(CloudTrailClient);
    const trails = Array.from({ length: 22 }, (_, i) => ({ Name: `t${i}`, TrailARN: arn(`t${i}`), HomeRegion: 'us-east-1', S3BucketName: 'b', IsMultiRegionTrail: true, LogFileValidationEnabled: true }));
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [...trails, { Name: 'elsewhere', TrailARN: arn('elsewhere', 'eu-west-1'), HomeRegion: 'eu-west-1' }] });
    cloudtrail.on(ListTagsCommand).callsFake((input: { ResourceIdList: string[] }) => ({
      ResourceTagList: input.ResourceIdList.map((id) => ({ ResourceId: id, TagsList: id === arn('t3') ? owned : [] })),
    }));
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    const live = await reconciler.observe(ctx);
    expect(live.map((trail) => trail.id)).toEqual([arn('t3')]);
    expect(live[0]!.spec).toMatchObject({ logging: false, isMultiRegionTrail: true });
    expect(cloudtrail.commandCalls(DescribeTrailsCommand)[0]!.args[0].input).toEqual({ includeShadowTrails: false });
    expect(cloudtrail.commandCalls(ListTagsCommand).map((call) => call.args[0].input.ResourceIdList!.length)).toEqual([20, 2]);
    expect(cloudtrail.commandCalls(GetTrailStatusCommand)).toHaveLength(1);
  });
});
