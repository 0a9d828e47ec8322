import { CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockContext } from '../../test-context.js';
import { desiredResource } from '../../ec2/test-helpers.js';
import { clusterReconciler as reconciler } from './index.js';

const ecsMock = mockClient(ECSClient);
const { ctx } = mockContext(ECSClient);
const ADDRESS = 'service/api/ecs-cluster/main';
const desired = desiredResource('ecs:cluster', ADDRESS, { clusterName: 'api' });
const arnOf = (name: string) => `arn:aws:ecs:us-east-1:111111111111:cluster/${name}`;

describe('ECS cluster reconciler', () => {
  beforeEach(() => ecsMock.reset());

  it('observes with ListClusters (100 per page) and DescribeClusters in batches of 100 with TAGS, keeping owned ACTIVE clusters', async () => {
    const names = Array.from({ length: 150 }, (_, index) => `c${index}`);
    ecsMock
      .on(ListClustersCommand)
      .resolvesOnce({ clusterArns: names.slice(0, 100).map(arnOf), nextToken: 'n' })
      .resolvesOnce({ clusterArns: names.slice(100).map(arnOf) });
    ecsMock.on(DescribeClustersCommand).callsFake((input: { clusters: string[] }) => ({
      clusters: input.clusters.map((arn, index) => ({
        clusterArn: arn,
        clusterName: arn.split('/').pop(),
        status: 'ACTIVE',
        tags: index === 0 ? [{ key: 'trellis:owner', value: 'trellis' }, { key: 'trellis:address', value: ADDRESS }] : [{ key: 'trellis:owner', value: 'someone-else' }],
      })),
      failures: [],
    }));
    const observed = await reconciler.observe(ctx);
    expect(ecsMock.commandCalls(ListClustersCommand).map((call) => call.args[0].input.maxResults)).toEqual([100, 100]);
    const describes = ecsMock.commandCalls(DescribeClustersCommand).map((call) => call.args[0].input);
    expect(describes.map((input) => [input.clusters!.length, input.include])).toEqual([
      [100, ['TAGS']],
      [50, ['TAGS']],
    ]);
    expect(observed.map((cluster) => [cluster.id, cluster.address, cluster.spec])).toEqual([
      [arnOf('c0'), ADDRESS, { clusterName: 'c0' }],
      [arnOf('c100'), ADDRESS, { clusterName: 'c100' }],
    ]);
  });

  it('creates with every tag, and refuses a same-named cluster someone else owns', async () => {
    ecsMock.on(CreateClusterCommand).resolves({ cluster: { clusterArn: arnOf('api'), clusterName: 'api' } });
    ecsMock.on(DescribeClustersCommand).resolvesOnce({
      clusters: [{ clusterArn: arnOf('api'), clusterName: 'api', status: 'ACTIVE', tags: [{ key: 'trellis:owner', value: 'trellis' }, { key: 'trellis:address', value: ADDRESS }] }],
    });
    expect(await reconciler.create(ctx, desired, { clientToken: 't' })).toEqual({ id: arnOf('api'), outputs: { arn: arnOf('api'), name: 'api' } });
    expect(ecsMock.commandCalls(CreateClusterCommand)[0]!.args[0].input).toEqual({
      clusterName: 'api',
      tags: [
        { key: 'Name', value: 'main' },
        { key: 'trellis:address', value: ADDRESS },
        { key: 'trellis:owner', value: 'trellis' },
      ],
    });
    ecsMock.on(DescribeClustersCommand).resolves({ clusters: [{ clusterArn: arnOf('api'), clusterName: 'api', status: 'ACTIVE', tags: [] }] });
    await expect(reconciler.create(ctx, desired, { clientToken: 't' })).rejects.toThrow(/already exists and is not this resource/);
  });

  it('deletes by ARN', async () => {
    ecsMock.on(DeleteClusterCommand).resolves({});
    const [observed] = [{ type: 'ecs:cluster', scope: ctx.scope, id: arnOf('api'), address: ADDRESS, tags: {}, spec: {}, outputs: {}, references: [] }];
    await reconciler.delete(ctx, observed!);
    expect(ecsMock.commandCalls(DeleteClusterCommand)[0]!.args[0].input).toEqual({ cluster: arnOf('api') });
  });
});
