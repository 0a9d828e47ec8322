import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  ECSServiceException,
  ListServicesCommand,
  ListTagsForResourceCommand,
  paginateListServices,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../index.js';
import { ACCOUNT_A, REGION, rejection } from '../test-helpers.js';

const scope = { account: ACCOUNT_A, region: REGION };

async function expectEcsError(promise: Promise<unknown>, name: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ECSServiceException);
  expect(error.name).toBe(name);
}

async function setup(options: ConstructorParameters<typeof Simulation>[0] = {}) {
  const sim = new Simulation({ seed: 3, ...options });
  const ecs = sim.client(ECSClient, scope);
  await ecs.send(new CreateClusterCommand({ clusterName: 'main' }));
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx' }] }));
  const create = (serviceName: string, extra: Record<string, unknown> = {}) =>
    ecs.send(new CreateServiceCommand({ cluster: 'main', serviceName, taskDefinition: 'web', desiredCount: 2, ...extra }));
  const describeOne = async (service: string) => (await ecs.send(new DescribeServicesCommand({ cluster: 'main', services: [service], include: ['TAGS'] }))).services![0]!;
  return { sim, ecs, create, describeOne };
}

describe('ECS services', () => {
  it('creates a service with tags, a network configuration and a target group behind a listener, settling after asyncDelayMs', async () => {
    const { sim, ecs, create, describeOne } = await setup();
    const ec2 = sim.client(EC2Client, scope);
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.0.0/24' }))).Subnet!.SubnetId!;
    const elb = sim.client(ElasticLoadBalancingV2Client, scope);
    const nlb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'nlb', Type: 'network', Scheme: 'internal', Subnets: [subnet] }))).LoadBalancers![0]!.LoadBalancerArn!;
    const targetGroupArn = (await elb.send(new CreateTargetGroupCommand({ Name: 'tg', Protocol: 'TCP', Port: 80, VpcId: vpc, TargetType: 'ip' }))).TargetGroups![0]!.TargetGroupArn!;
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', networkMode: 'awsvpc', containerDefinitions: [{ name: 'app', image: 'nginx' }] }));
    const networkConfiguration = { awsvpcConfiguration: { subnets: [subnet], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' as const } };
    const loadBalancers = [{ targetGroupArn, containerName: 'app', containerPort: 80 }];
    const noLoadBalancer = await rejection(create('early', { networkConfiguration, loadBalancers }));
    expect(noLoadBalancer.message).toBe(`The target group with targetGroupArn ${targetGroupArn} does not have an associated load balancer.`);
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: nlb, Protocol: 'TCP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] }));
    const unknownGroup = await rejection(create('early', { networkConfiguration, loadBalancers: [{ ...loadBalancers[0], targetGroupArn: `${targetGroupArn}0` }] }));
    expect(unknownGroup.message).toMatch(/^Unable to assume role and validate the specified targetGroupArn/);
    sim.options.asyncDelayMs = 60_000;
    const created = (await create('api', { launchType: 'FARGATE', networkConfiguration, loadBalancers, tags: [{ key: 'owner', value: 'trellis' }] })).service!;
    expect(created.serviceArn).toBe(`arn:aws:ecs:${REGION}:${ACCOUNT_A}:service/main/api`);
    expect(created).toMatchObject({ status: 'ACTIVE', desiredCount: 2, runningCount: 0, pendingCount: 2, networkConfiguration, loadBalancers });
    expect(created.taskDefinition).toBe(`arn:aws:ecs:${REGION}:${ACCOUNT_A}:task-definition/web:2`);
    expect(created.deployments![0]!.rolloutState).toBe('IN_PROGRESS');
    sim.options.asyncDelayMs = 0;
    const settled = await describeOne('api');
    expect(settled).toMatchObject({ runningCount: 2, pendingCount: 0, tags: [{ key: 'owner', value: 'trellis' }] });
    expect(settled.deployments![0]!.rolloutState).toBe('COMPLETED');
    await expectEcsError(create('bad', { networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'] } } }), 'InvalidParameterException');
  });

  it('replays a clientToken per cluster, and refuses a same-named ACTIVE or DRAINING service as not idempotent', async () => {
    const { sim, ecs, create } = await setup({ asyncDelayMs: 60_000 });
    const first = (await create('api', { clientToken: 'tok-1' })).service!;
    const replay = (await create('api', { clientToken: 'tok-1' })).service!;
    expect(replay.serviceArn).toBe(first.serviceArn);
    await expectEcsError(create('api'), 'InvalidParameterException');
    const error = await rejection(create('api', { clientToken: 'tok-2' }));
    expect(error.message).toBe('Creation of service was not idempotent.');
    await expectEcsError(create('x', { clientToken: 'x'.repeat(37) }), 'InvalidParameterException');
    // The same token with other parameters (RunTask's rule; CreateService's is unconfirmed).
    await expectEcsError(create('other', { clientToken: 'tok-1' }), 'ConflictException');
    await ecs.send(new DeleteServiceCommand({ cluster: 'main', service: 'api', force: true }));
    await expectEcsError(create('api'), 'InvalidParameterException');
    sim.options.asyncDelayMs = 0;
    const recreated = (await create('api')).service!;
    expect(recreated.status).toBe('ACTIVE');
  });

  it('describes missing services as MISSING failures and limits DescribeServices to 10', async () => {
    const { ecs, create } = await setup();
    await create('api');
    const out = await ecs.send(new DescribeServicesCommand({ cluster: 'main', services: ['api', 'gone'] }));
    expect(out.services!.map((s) => s.serviceName)).toEqual(['api']);
    expect(out.failures).toEqual([{ arn: `arn:aws:ecs:${REGION}:${ACCOUNT_A}:service/main/gone`, reason: 'MISSING' }]);
    await expectEcsError(ecs.send(new DescribeServicesCommand({ cluster: 'main', services: Array.from({ length: 11 }, (_, i) => `s${i}`) })), 'InvalidParameterException');
    await expectEcsError(ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['api'] })), 'ClusterNotFoundException');
  });

  it('lists ACTIVE services in pages and omits DRAINING ones', async () => {
    const { ecs, create } = await setup({ pageSize: 2, asyncDelayMs: 60_000 });
    for (const name of ['a', 'b', 'c', 'd']) await create(name);
    await ecs.send(new DeleteServiceCommand({ cluster: 'main', service: 'b', force: true }));
    const arns: string[] = [];
    for await (const page of paginateListServices({ client: ecs }, { cluster: 'main' })) arns.push(...page.serviceArns!);
    expect(arns.map((a) => a.split('/')[2])).toEqual(['a', 'c', 'd']);
    await expectEcsError(ecs.send(new ListServicesCommand({ cluster: 'main', maxResults: 101 })), 'InvalidParameterException');
  });

  it('requires force or desiredCount 0 to delete, drains, then goes INACTIVE; updates then answer ServiceNotActiveException, deletes succeed', async () => {
    const { sim, ecs, create, describeOne } = await setup({ asyncDelayMs: 60_000 });
    await create('api');
    await expectEcsError(ecs.send(new DeleteServiceCommand({ cluster: 'main', service: 'api' })), 'InvalidParameterException');
    await ecs.send(new UpdateServiceCommand({ cluster: 'main', service: 'api', desiredCount: 0 }));
    const deleted = (await ecs.send(new DeleteServiceCommand({ cluster: 'main', service: 'api' }))).service!;
    expect(deleted.status).toBe('DRAINING');
    await expectEcsError(ecs.send(new DeleteClusterCommand({ cluster: 'main' })), 'ClusterContainsServicesException');
    await expectEcsError(ecs.send(new UpdateServiceCommand({ cluster: 'main', service: 'api', desiredCount: 1 })), 'ServiceNotActiveException');
    sim.options.asyncDelayMs = 0;
    expect((await describeOne('api')).status).toBe('INACTIVE');
    const again = (await ecs.send(new DeleteServiceCommand({ cluster: 'main', service: 'api' }))).service!;
    expect(again.status).toBe('INACTIVE');
    await expectEcsError(ecs.send(new DeleteServiceCommand({ cluster: 'main', service: 'never' })), 'ServiceNotFoundException');
    await expectEcsError(ecs.send(new UpdateServiceCommand({ cluster: 'main', service: 'api', desiredCount: 1 })), 'ServiceNotActiveException');
    await expectEcsError(ecs.send(new UpdateServiceCommand({ cluster: 'main', service: 'never', desiredCount: 1 })), 'ServiceNotFoundException');
    await ecs.send(new DeleteClusterCommand({ cluster: 'main' }));
  });

  it('updates desiredCount and taskDefinition', async () => {
    const { ecs, create } = await setup();
    await create('api');
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx:2' }] }));
    const updated = (await ecs.send(new UpdateServiceCommand({ cluster: 'main', service: 'api', desiredCount: 3, taskDefinition: 'web:2' }))).service!;
    expect(updated.desiredCount).toBe(3);
    expect(updated.taskDefinition).toMatch(/task-definition\/web:2$/);
  });

  it('tags and untags clusters, services and task definitions by ARN', async () => {
    const { ecs, create } = await setup();
    const service = (await create('api')).service!.serviceArn!;
    const cluster = `arn:aws:ecs:${REGION}:${ACCOUNT_A}:cluster/main`;
    const taskDefinition = `arn:aws:ecs:${REGION}:${ACCOUNT_A}:task-definition/web:1`;
    for (const resourceArn of [service, cluster, taskDefinition]) {
      await ecs.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] }));
      await ecs.send(new UntagResourceCommand({ resourceArn, tagKeys: ['a'] }));
      expect((await ecs.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual([{ key: 'b', value: '2' }]);
    }
    await expectEcsError(ecs.send(new ListTagsForResourceCommand({ resourceArn: `${cluster}x` })), 'ResourceNotFoundException');
    await expectEcsError(ecs.send(new TagResourceCommand({ resourceArn: cluster, tags: [{ key: 'aws:x', value: '1' }] })), 'InvalidParameterException');
  });
});
