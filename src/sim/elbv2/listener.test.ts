import {
  CreateListenerCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DescribeListenersCommand,
  ElasticLoadBalancingV2ServiceException,
  ModifyListenerCommand,
  paginateDescribeListeners,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { rejection } from '../test-helpers.js';
import { elbFixture } from './fixtures.js';

async function expectElbError(promise: Promise<unknown>, name: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ElasticLoadBalancingV2ServiceException);
  expect(error.name).toBe(name);
}

async function setup(options = {}) {
  const fixture = await elbFixture(options);
  const lb = (await fixture.createNlb('nlb')).LoadBalancerArn!;
  const tg = (await fixture.createTargetGroup('web')).TargetGroupArn!;
  const tg2 = (await fixture.createTargetGroup('web2', { Port: 81 })).TargetGroupArn!;
  const forward = (TargetGroupArn: string) => [{ Type: 'forward' as const, TargetGroupArn }];
  const create = (Port: number, TargetGroupArn = tg) =>
    fixture.elb.send(new CreateListenerCommand({ LoadBalancerArn: lb, Protocol: 'TCP', Port, DefaultActions: forward(TargetGroupArn) }));
  return { ...fixture, lb, tg, tg2, forward, create };
}

describe('ELBv2 listeners', () => {
  it('creates a listener idempotently, DuplicateListener for the same port with other settings', async () => {
    const { lb, tg2, create } = await setup();
    const listener = (await create(80)).Listeners![0]!;
    expect(listener.ListenerArn).toMatch(/^arn:aws:elasticloadbalancing:eu-west-1:111111111111:listener\/net\/nlb\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    expect(listener).toMatchObject({ LoadBalancerArn: lb, Port: 80, Protocol: 'TCP' });
    expect((await create(80)).Listeners![0]!.ListenerArn).toBe(listener.ListenerArn);
    await expectElbError(create(80, tg2), 'DuplicateListenerException');
    await expectElbError(create(81, 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/x/0000000000000000'), 'TargetGroupNotFoundException');
  });

  it('modifies the port and default action, refusing a port another listener has', async () => {
    const { elb, tg2, forward, create } = await setup();
    const first = (await create(80)).Listeners![0]!.ListenerArn!;
    await create(443);
    await expectElbError(elb.send(new ModifyListenerCommand({ ListenerArn: first, Port: 443 })), 'DuplicateListenerException');
    const modified = (await elb.send(new ModifyListenerCommand({ ListenerArn: first, Port: 8080, DefaultActions: forward(tg2) }))).Listeners![0]!;
    expect(modified).toMatchObject({ Port: 8080, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg2 }] });
  });

  it('describes by load balancer in pages, and is deleted with its load balancer', async () => {
    const { elb, lb, create } = await setup({ pageSize: 2 });
    const arns = [];
    for (const port of [80, 81, 82]) arns.push((await create(port)).Listeners![0]!.ListenerArn!);
    const seen: string[] = [];
    for await (const page of paginateDescribeListeners({ client: elb }, { LoadBalancerArn: lb })) seen.push(...page.Listeners!.map((l) => l.ListenerArn!));
    expect(seen.sort()).toEqual(arns.sort());
    await elb.send(new DeleteListenerCommand({ ListenerArn: arns[0] }));
    await expectElbError(elb.send(new DeleteListenerCommand({ ListenerArn: arns[0] })), 'ListenerNotFoundException');
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb }));
    await expectElbError(elb.send(new DescribeListenersCommand({ ListenerArns: [arns[1]!] })), 'ListenerNotFoundException');
    await expectElbError(elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb })), 'LoadBalancerNotFoundException');
  });
});
