import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
  InvalidParameterException,
  ListClustersCommand,
  ListServicesCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RetryAfterError } from '../../../core/errors.js';
import { desiredResource } from '../../ec2/test-helpers.js';
import { mockContext } from '../../test-context.js';
import { ecsServiceReconciler as reconciler } from './index.js';

const ecsMock = mockClient(ECSClient);
const rgtaMock = mockClient(ResourceGroupsTaggingAPIClient);
const ctx = mockContext(ECSClient).ctx;
const ADDRESS = 'service/api/ecs-service/main';
const CLUSTER = 'arn:aws:ecs:us-east-1:111111111111:cluster/api';
const TG = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/api/0123456789abcdef';
const TD = 'arn:aws:ecs:us-east-1:111111111111:task-definition/api:1';
const spec = {
  serviceName: 'api',
  clusterArn: CLUSTER,
  taskDefinitionArn: TD,
  desiredCount: 2,
  subnetIds: ['subnet-b', 'subnet-a'],
  securityGroupIds: ['sg-1'],
  loadBalancers: [{ targetGroupArn: TG, containerName: 'api', containerPort: 8080 }],
};
const desired = desiredResource('ecs:service', ADDRESS, spec);
const serviceArn = (name: string, cluster = 'api') => `arn:aws:ecs:us-east-1:111111111111:service/${cluster}/${name}`;
const ourTags = [
  { key: 'trellis:owner', value: 'trellis' },
  { key: 'trellis:address', value: ADDRESS },
];
const liveService = (name: string, overrides: Record<string, unknown> = {}) => ({
  serviceArn: serviceArn(name),
  serviceName: name,
  clusterArn: CLUSTER,
  status: 'ACTIVE',
  desiredCount: 2,
  taskDefinition: TD,
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' as const } },
  loadBalancers: [{ targetGroupArn: TG, containerName: 'api', containerPort: 8080 }],
  tags: ourTags,
  ...overrides,
});

describe('ECS service reconciler', () => {
  beforeEach(() => {
    ecsMock.reset();
    rgtaMock.reset();
  });

  it('observes the owned clusters’ services: ListServices 100 per page, DescribeServices 10 per call with TAGS; failures and DRAINING ones are not live', async () => {
    ecsMock.on(ListClustersCommand).resolves({ clusterArns: [CLUSTER] });
    ecsMock.on(DescribeClustersCommand).resolves({ clusters: [{ clusterArn: CLUSTER, clusterName: 'api', status: 'ACTIVE', tags: [{ key: 'trellis:owner', value: 'trellis' }] }] });
    const names = Array.from({ length: 25 }, (_, index) => `s${String(index).padStart(2, '0')}`);
    ecsMock.on(ListServicesCommand).resolves({ serviceArns: names.map((name) => serviceArn(name)) });
    rgtaMock.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [], PaginationToken: '' });
    ecsMock.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({
      services: input.services
        .filter((arn) => !arn.endsWith('s24'))
        .map((arn) => liveService(arn.split('/').pop()!, arn.endsWith('s00') ? {} : arn.endsWith('s01') ? { status: 'DRAINING' } : { tags: [{ key: 'trellis:owner', value: 'other' }] })),
      failures: input.services.filter((arn) => arn.endsWith('s24')).map((arn) => ({ arn, reason: 'MISSING' })),
    }));
    const observed = await reconciler.observe(ctx);
    expect(ecsMock.commandCalls(ListServicesCommand)[0]!.args[0].input).toEqual({ cluster: CLUSTER, maxResults: 100 });
    expect(ecsMock.commandCalls(DescribeServicesCommand).map((call) => [call.args[0].input.services!.length, call.args[0].input.include])).toEqual([
      [10, ['TAGS']],
      [10, ['TAGS']],
      [5, ['TAGS']],
    ]);
    expect(observed.map((service) => service.id)).toEqual([serviceArn('s00')]);
    expect(observed[0]!.references).toEqual([CLUSTER, TD, TG, 'sg-1', 'subnet-a', 'subnet-b']);
    expect(reconciler.diff!({ ...desired, spec: { ...spec, serviceName: 's00' } }, observed[0]!)).toEqual([]);
  });

  it('also describes owned services RGTA finds in a cluster this owner does not own', async () => {
    ecsMock.on(ListClustersCommand).resolves({ clusterArns: [] });
    rgtaMock.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: serviceArn('api', 'shared'), Tags: [{ Key: 'trellis:owner', Value: 'trellis' }] }], PaginationToken: '' });
    ecsMock.on(DescribeServicesCommand).resolves({ services: [liveService('api', { serviceArn: serviceArn('api', 'shared') })] });
    const observed = await reconciler.observe(ctx);
    expect(ecsMock.commandCalls(ListServicesCommand)).toHaveLength(0);
    expect(ecsMock.commandCalls(DescribeServicesCommand)[0]!.args[0].input.cluster).toBe('arn:aws:ecs:us-east-1:111111111111:cluster/shared');
    expect(observed).toHaveLength(1);
  });

  it('creates on Fargate with a 36-character token, awsvpc without public IP, target groups, tags propagated from the service', async () => {
    ecsMock.on(CreateServiceCommand).resolves({ service: { serviceArn: serviceArn('api'), serviceName: 'api' } });
    const token = 'f'.repeat(64);
    expect(await reconciler.create(ctx, desired, { clientToken: token })).toEqual({ id: serviceArn('api'), outputs: { arn: serviceArn('api'), name: 'api' } });
    expect(ecsMock.commandCalls(CreateServiceCommand)[0]!.args[0].input).toEqual({
      cluster: CLUSTER,
      serviceName: 'api',
      taskDefinition: TD,
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' } },
      loadBalancers: [{ targetGroupArn: TG, containerName: 'api', containerPort: 8080 }],
      tags: [{ key: 'Name', value: 'main' }, ...[...ourTags].reverse()],
      propagateTags: 'SERVICE',
      clientToken: 'f'.repeat(36),
    });
  });

  it('retries "unable to assume the role" (IAM propagation) and no other InvalidParameterException', async () => {
    const invalid = (message: string) => new InvalidParameterException({ message, $metadata: {} });
    ecsMock.on(CreateServiceCommand).rejectsOnce(invalid('ECS was unable to assume the role arn:aws:iam::111111111111:role/x that was provided for this task.'));
    await expect(reconciler.create(ctx, desired, { clientToken: 't' })).rejects.toBeInstanceOf(RetryAfterError);
    ecsMock.reset();
    ecsMock.on(CreateServiceCommand).rejects(invalid('subnets can have at most 16 items.'));
    await expect(reconciler.create(ctx, desired, { clientToken: 't' })).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('updates with exactly the changed fields', async () => {
    ecsMock.on(UpdateServiceCommand).resolves({});
    const live = { type: 'ecs:service', scope: ctx.scope, id: serviceArn('api'), address: ADDRESS, tags: desired.tags, spec: { ...spec, desiredCount: 1 }, outputs: {}, references: [] };
    const changes = reconciler.diff!(desired, live);
    expect(changes.map((change) => change.path)).toEqual(['desiredCount']);
    await reconciler.update(ctx, desired, live, changes);
    expect(ecsMock.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({ cluster: CLUSTER, service: serviceArn('api'), desiredCount: 2 });
  });

  it('deletes: scale to 0, DeleteService with force, then waits for INACTIVE', async () => {
    ecsMock.on(UpdateServiceCommand).resolves({});
    ecsMock.on(DeleteServiceCommand).resolves({});
    ecsMock.on(DescribeServicesCommand).resolvesOnce({ services: [liveService('api', { status: 'DRAINING' })] }).resolves({ services: [liveService('api', { status: 'INACTIVE' })] });
    await reconciler.delete(ctx, { type: 'ecs:service', scope: ctx.scope, id: serviceArn('api'), address: ADDRESS, tags: {}, spec, outputs: {}, references: [] });
    expect(ecsMock.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({ cluster: CLUSTER, service: serviceArn('api'), desiredCount: 0 });
    expect(ecsMock.commandCalls(DeleteServiceCommand)[0]!.args[0].input).toEqual({ cluster: CLUSTER, service: serviceArn('api'), force: true });
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(2);
  });
});
