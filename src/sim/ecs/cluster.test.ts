import { CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand, ECSClient, ECSServiceException, paginateListClusters } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../index.js';
import { ACCOUNT_A, REGION, rejection } from '../test-helpers.js';

const scope = { account: ACCOUNT_A, region: REGION };

describe('ECS clusters', () => {
  it('returns the existing ACTIVE cluster for a second CreateCluster with its name', async () => {
    const ecs = new Simulation({ seed: 1 }).client(ECSClient, scope);
    const first = (await ecs.send(new CreateClusterCommand({ clusterName: 'web', tags: [{ key: 'team', value: 'a' }] }))).cluster!;
    expect(first.clusterArn).toBe(`arn:aws:ecs:${REGION}:${ACCOUNT_A}:cluster/web`);
    expect(first.status).toBe('ACTIVE');
    const again = (await ecs.send(new CreateClusterCommand({ clusterName: 'web' }))).cluster!;
    expect(again.clusterArn).toBe(first.clusterArn);
  });

  it('describes clusters with tags on request, and reports unknown ones as MISSING failures', async () => {
    const ecs = new Simulation({ seed: 1 }).client(ECSClient, scope);
    await ecs.send(new CreateClusterCommand({ clusterName: 'web', tags: [{ key: 'team', value: 'a' }] }));
    const out = await ecs.send(new DescribeClustersCommand({ clusters: ['web', 'nope'], include: ['TAGS'] }));
    expect(out.clusters!.map((c) => [c.clusterName, c.tags])).toEqual([['web', [{ key: 'team', value: 'a' }]]]);
    expect(out.failures).toEqual([{ arn: `arn:aws:ecs:${REGION}:${ACCOUNT_A}:cluster/nope`, reason: 'MISSING' }]);
    const untagged = await ecs.send(new DescribeClustersCommand({ clusters: ['web'] }));
    expect(untagged.clusters![0]!.tags).toBeUndefined();
    const tooMany = await rejection(ecs.send(new DescribeClustersCommand({ clusters: Array.from({ length: 101 }, (_, i) => `c${i}`) })));
    expect(tooMany.name).toBe('InvalidParameterException');
  });

  it('pages ListClusters with maxResults and nextToken, and omits deleted clusters', async () => {
    const ecs = new Simulation({ seed: 1, pageSize: 2 }).client(ECSClient, scope);
    for (const name of ['a', 'b', 'c', 'd', 'e']) await ecs.send(new CreateClusterCommand({ clusterName: name }));
    await ecs.send(new DeleteClusterCommand({ cluster: 'c' }));
    const arns: string[] = [];
    let pages = 0;
    for await (const page of paginateListClusters({ client: ecs }, {})) {
      pages++;
      arns.push(...page.clusterArns!);
    }
    expect(pages).toBe(2);
    expect(arns.map((a) => a.split('/')[1])).toEqual(['a', 'b', 'd', 'e']);
    const described = await ecs.send(new DescribeClustersCommand({ clusters: ['c'] }));
    expect(described.clusters![0]!.status).toBe('INACTIVE');
  });

  it('answers ClusterNotFoundException for deleting an unknown cluster', async () => {
    const ecs = new Simulation({ seed: 1 }).client(ECSClient, scope);
    const error = await rejection(ecs.send(new DeleteClusterCommand({ cluster: 'nope' })));
    expect(error).toBeInstanceOf(ECSServiceException);
    expect(error.name).toBe('ClusterNotFoundException');
  });
});
