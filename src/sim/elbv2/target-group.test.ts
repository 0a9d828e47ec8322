import {
  CreateListenerCommand,
  DeleteListenerCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2ServiceException,
  ModifyTargetGroupCommand,
  paginateDescribeTargetGroups,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { rejection } from '../test-helpers.js';
import { elbFixture } from './fixtures.js';

async function expectElbError(promise: Promise<unknown>, name: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ElasticLoadBalancingV2ServiceException);
  expect(error.name).toBe(name);
}

describe('ELBv2 target groups', () => {
  it('creates a TCP ip target group with NLB health check defaults, idempotently by name', async () => {
    const { vpc, createTargetGroup } = await elbFixture();
    const tg = await createTargetGroup('web');
    expect(tg.TargetGroupArn).toMatch(/^arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup\/web\/[0-9a-f]{16}$/);
    expect(tg).toMatchObject({ Protocol: 'TCP', Port: 80, VpcId: vpc, TargetType: 'ip', HealthCheckProtocol: 'TCP', HealthCheckPort: 'traffic-port', HealthyThresholdCount: 5, LoadBalancerArns: [] });
    expect((await createTargetGroup('web')).TargetGroupArn).toBe(tg.TargetGroupArn);
    await expectElbError(createTargetGroup('web', { Port: 81 }), 'DuplicateTargetGroupNameException');
    await expectElbError(createTargetGroup('web2', { Tags: [] }), 'ValidationError');
  });

  it('modifies health checks only, and pages DescribeTargetGroups', async () => {
    const { elb, createTargetGroup } = await elbFixture({ pageSize: 2 });
    const tg = await createTargetGroup('web');
    for (const name of ['b', 'c']) await createTargetGroup(name);
    const modified = (await elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn, HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 3 }))).TargetGroups![0]!;
    expect(modified).toMatchObject({ HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 3, Port: 80 });
    const names: string[] = [];
    for await (const page of paginateDescribeTargetGroups({ client: elb }, {})) names.push(...page.TargetGroups!.map((t) => t.TargetGroupName!));
    expect(names.sort()).toEqual(['b', 'c', 'web']);
    await expectElbError(elb.send(new DescribeTargetGroupsCommand({ Names: ['nope'] })), 'TargetGroupNotFoundException');
  });

  it('refuses DeleteTargetGroup with ResourceInUse while a listener forwards to it, and filters by load balancer', async () => {
    const { elb, createNlb, createTargetGroup } = await elbFixture();
    const lb = (await createNlb('nlb')).LoadBalancerArn!;
    const tg = (await createTargetGroup('web')).TargetGroupArn!;
    await createTargetGroup('other');
    const listener = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb, Protocol: 'TCP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] })))
      .Listeners![0]!.ListenerArn!;
    const byLb = await elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: lb }));
    expect(byLb.TargetGroups!.map((t) => [t.TargetGroupName, t.LoadBalancerArns])).toEqual([['web', [lb]]]);
    await expectElbError(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg })), 'ResourceInUseException');
    await elb.send(new DeleteListenerCommand({ ListenerArn: listener }));
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg }));
    await expectElbError(elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tg] })), 'TargetGroupNotFoundException');
  });

  it('reports target health: unused without a listener, initial then healthy after asyncDelayMs', async () => {
    const { sim, elb, createNlb, createTargetGroup } = await elbFixture({ asyncDelayMs: 60_000 });
    const tg = (await createTargetGroup('web')).TargetGroupArn!;
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: '10.0.1.10' }] }));
    const health = async () => (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }))).TargetHealthDescriptions!.map((d) => d.TargetHealth!.State);
    expect(await health()).toEqual(['unused']);
    const lb = (await createNlb('nlb')).LoadBalancerArn!;
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb, Protocol: 'TCP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }));
    expect(await health()).toEqual(['initial']);
    sim.options.asyncDelayMs = 0;
    expect(await health()).toEqual(['healthy']);
    await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: '10.0.1.10' }] }));
    expect(await health()).toEqual([]);
  });
});
