import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DeleteServiceCommand, DescribeClustersCommand, DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { RetryAfterError } from '../../../core/errors.js';
import { outputOf } from '../../../core/resource-type.js';
import type { VirtualClock } from '../../../core/clock.js';
import { Simulation } from '../../../sim/index.js';
import { desiredResource, SCOPE, simContext } from '../../ec2/test-helpers.js';
import { securityGroupReconciler } from '../../ec2/security-group/index.js';
import { subnetReconciler } from '../../ec2/subnet/index.js';
import { vpcReconciler } from '../../ec2/vpc/index.js';
import { roleReconciler } from '../../iam/role/index.js';
import { clusterReconciler } from '../cluster/index.js';
import { CLUSTER } from '../cluster/type.js';
import { engineRun } from '../test-engine.js';
import { taskDefinitionReconciler } from '../task-definition/index.js';
import { TASK_DEFINITION } from '../task-definition/type.js';
import { ecsServiceReconciler as reconciler } from './index.js';

const CLUSTER_ADDRESS = 'service/api/ecs-cluster/main';
const TD_ADDRESS = 'service/api/task-definition/main';
const SERVICE_ADDRESS = 'service/api/ecs-service/main';
// Every type named in a dependsOn must be registered (delete ordering reads it).
const registry = [roleReconciler, clusterReconciler, taskDefinitionReconciler, reconciler, securityGroupReconciler, subnetReconciler, vpcReconciler];

const taskDefinitionSpec = (image: string) => ({
  family: 'api',
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::111111111111:role/trellis/trellis/api-execution',
  taskRoleArn: 'arn:aws:iam::111111111111:role/trellis/trellis/api-task',
  container: { name: 'api', image, port: 8080, environment: {}, logGroup: '/trellis/api', logRegion: 'us-east-1', logStreamPrefix: 'api' },
});

async function network(sim: Simulation): Promise<string[]> {
  const ec2 = sim.client(EC2Client, SCOPE);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const a = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.0.0/24' }))).Subnet!.SubnetId!;
  const b = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.1.0/24' }))).Subnet!.SubnetId!;
  return [a, b];
}

function manifest(subnets: string[], image: string, desiredCount: number) {
  return [
    desiredResource('ecs:cluster', CLUSTER_ADDRESS, { clusterName: 'api' }),
    desiredResource('ecs:task-definition', TD_ADDRESS, taskDefinitionSpec(image)),
    desiredResource('ecs:service', SERVICE_ADDRESS, {
      serviceName: 'api',
      clusterArn: outputOf(CLUSTER, CLUSTER_ADDRESS, 'arn'),
      taskDefinitionArn: outputOf(TASK_DEFINITION, TD_ADDRESS, 'arn'),
      desiredCount,
      subnetIds: subnets,
      securityGroupIds: ['sg-0123456789abcdef0'],
      loadBalancers: [],
    }),
  ];
}

describe('ECS cluster and service reconcilers (simulation, through the engine)', () => {
  it('creates, is in sync with zero mutating calls, updates only the service, and deletes in order', async () => {
    const sim = new Simulation({ seed: 1, pageSize: 100, asyncDelayMs: 0 });
    const subnets = await network(sim);
    const first = await engineRun(sim, registry, manifest(subnets, 'api:1', 2), 'r1');
    expect(first.applied.failures).toEqual([]);
    expect(first.plan.summary).toMatchObject({ create: 3 });

    sim.calls.reset();
    const second = await engineRun(sim, registry, manifest(subnets, 'api:1', 2), 'r2');
    expect(second.plan.summary).toMatchObject({ noop: 3 });
    expect(sim.calls.mutating()).toBe(0);
    const reads = sim.calls.byOperation();
    // Cluster observe (ListClusters + DescribeClusters) once, shared by the cluster and service types;
    // GetResources once (the scope's tagging listing, shared by task definitions and services), one
    // ListTaskDefinitions, one DescribeServices by the desired name: no ListServices in a cluster with
    // a desired service.
    expect(reads).toMatchObject({
      'ECS:ListClusters': 1,
      'ECS:DescribeClusters': 1,
      'ResourceGroupsTaggingAPI:GetResources': 1,
      'ECS:ListTaskDefinitions': 1,
      'ECS:DescribeServices': 1,
    });
    expect(reads['ECS:ListServices']).toBeUndefined();

    sim.calls.reset();
    const image = await engineRun(sim, registry, manifest(subnets, 'api:2', 2), 'r3');
    expect(image.applied.failures).toEqual([]);
    expect(image.plan.changes.map((change) => [change.address, change.action])).toEqual([
      [CLUSTER_ADDRESS, 'noop'],
      [TD_ADDRESS, 'replace'],
      [SERVICE_ADDRESS, 'update'],
    ]);
    expect(sim.calls.mutatingOperations()).toEqual({ 'ECS:RegisterTaskDefinition': 1, 'ECS:UpdateService': 1 });

    sim.calls.reset();
    const count = await engineRun(sim, registry, manifest(subnets, 'api:2', 3), 'r4');
    expect(count.plan.changes.find((change) => change.address === SERVICE_ADDRESS)!.diff.map((change) => change.path)).toEqual(['desiredCount']);
    expect(sim.calls.mutatingOperations()).toEqual({ 'ECS:UpdateService': 1 });

    const gone = await engineRun(sim, registry, [], 'r5', [SCOPE]);
    expect(gone.applied.failures).toEqual([]);
    const ecs = sim.client(ECSClient, SCOPE);
    const clusters = await ecs.send(new DescribeClustersCommand({ clusters: ['api'] }));
    expect(clusters.clusters?.[0]?.status).toBe('INACTIVE');
    const { ctx } = await simContext({}, SCOPE, sim);
    expect(await reconciler.observe(ctx)).toEqual([]);
    expect(await taskDefinitionReconciler.observe(ctx)).toEqual([]);
  });

  it('while the tagging API does not show them yet, finds the desired service and revision by name (noop, zero mutating calls) and still deletes a removed Service in order', async () => {
    // The tagging API hides everything younger than an hour (its lag, docs/aws-behaviour.md §8).
    const sim = new Simulation({ seed: 1, pageSize: 100, asyncDelayMs: 0, taggingLagMs: 3_600_000 });
    const subnets = await network(sim);
    const first = await engineRun(sim, registry, manifest(subnets, 'api:1', 2), 'r1');
    expect(first.applied.failures).toEqual([]);

    sim.calls.reset();
    const second = await engineRun(sim, registry, manifest(subnets, 'api:1', 2), 'r2');
    expect(second.plan.summary).toMatchObject({ noop: 3 });
    expect(sim.calls.mutating()).toBe(0);
    // Found by the desired names, not by the (empty) tagging listing; the revision's tags by one Describe.
    expect(sim.calls.byOperation()).toMatchObject({ 'ECS:DescribeServices': 1, 'ECS:ListTaskDefinitions': 1, 'ECS:DescribeTaskDefinition': 1 });
    expect(sim.calls.byOperation()['ECS:ListServices']).toBeUndefined();

    // Nothing desired: the emptied cluster is listed (ListServices), so its service goes first. The
    // revision, in no listing yet and no longer desired, is left to a run after the lag.
    const gone = await engineRun(sim, registry, [], 'r3', [SCOPE]);
    expect(gone.plan.changes.map((change) => [change.address, change.action]).sort()).toEqual([
      [CLUSTER_ADDRESS, 'delete'],
      [SERVICE_ADDRESS, 'delete'],
    ]);
    expect(gone.applied.failures).toEqual([]);
    const { ctx } = await simContext({}, SCOPE, sim);
    expect(await reconciler.observe(ctx)).toEqual([]);
    (sim.clock as VirtualClock).advance(3_600_000);
    const later = await engineRun(sim, registry, [], 'r4', [SCOPE]);
    expect(later.plan.changes.map((change) => [change.address, change.action])).toEqual([[TD_ADDRESS, 'delete']]);
    expect(later.applied.failures).toEqual([]);
  });

  it('retries a create while a service of the same name is DRAINING, and a cluster delete waits for its services', async () => {
    const sim = new Simulation({ seed: 1, pageSize: 100, asyncDelayMs: 1_000 });
    const subnets = await network(sim);
    const { ctx } = await simContext({}, SCOPE, sim);
    const [clusterDesired, tdDesired] = manifest(subnets, 'api:1', 1);
    const cluster = await clusterReconciler.create(ctx, clusterDesired!, { clientToken: 'c' });
    const td = await taskDefinitionReconciler.create(ctx, tdDesired!, { clientToken: 't' });
    const desired = desiredResource('ecs:service', SERVICE_ADDRESS, {
      serviceName: 'api',
      clusterArn: cluster.id,
      taskDefinitionArn: td.id,
      desiredCount: 1,
      subnetIds: subnets,
      securityGroupIds: [],
      loadBalancers: [],
    });
    const created = await reconciler.create(ctx, desired, { clientToken: 'a'.repeat(64) });
    // The same token replays the service; a new token while it is ACTIVE and ours adopts it.
    expect((await reconciler.create(ctx, desired, { clientToken: 'a'.repeat(64) })).id).toBe(created.id);
    expect((await reconciler.create(ctx, desired, { clientToken: 'b'.repeat(64) })).id).toBe(created.id);

    const ecs = sim.client(ECSClient, SCOPE);
    await ecs.send(new DeleteServiceCommand({ cluster: cluster.id, service: created.id, force: true }));
    await expect(clusterReconciler.delete(ctx, (await clusterReconciler.observe(ctx))[0]!)).rejects.toMatchObject({ name: 'ClusterContainsServicesException' });
    await expect(reconciler.create(ctx, desired, { clientToken: 'c'.repeat(64) })).rejects.toBeInstanceOf(RetryAfterError);
    sim.advance(1_000);
    const again = await reconciler.create(ctx, desired, { clientToken: 'c'.repeat(64) });
    const described = await ecs.send(new DescribeServicesCommand({ cluster: cluster.id, services: [again.id], include: ['TAGS'] }));
    expect(described.services![0]).toMatchObject({ status: 'ACTIVE', launchType: 'FARGATE' });
  });
});
