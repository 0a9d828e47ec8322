/** The listener reconciler's SDK calls (aws-sdk-client-mock). */
import {
  CreateListenerCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DuplicateListenerException,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { diffResource } from '../../../core/diff.js';
import { TerminalError } from '../../../core/errors.js';
import { mockContext } from '../../test-context.js';
import { desired, SCOPE } from '../test-helpers.js';
import { listenerReconciler as reconciler } from './index.js';

const ADDRESS = 'service/api/listener/tcp';
const LB = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/api-nlb/0000000000000001';
const OTHER_LB = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/other/0000000000000002';
const TG = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/api-tg/0000000000000003';
const TG2 = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/api-tg2/0000000000000004';
const ARN = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:listener/net/api-nlb/0000000000000001/0000000000000005';
const OWNED = [
  { Key: 'trellis:owner', Value: 'trellis' },
  { Key: 'trellis:address', Value: ADDRESS },
];

function listener(spec: Record<string, unknown> = {}) {
  return desired('elbv2:listener', ADDRESS, { loadBalancerArn: LB, protocol: 'TCP', port: 80, targetGroupArn: TG, ...spec });
}

describe('listener reconciler (SDK calls)', () => {
  const elb = mockClient(ElasticLoadBalancingV2Client);
  const { ctx } = mockContext(ElasticLoadBalancingV2Client, SCOPE);
  beforeEach(() => elb.reset());
  afterAll(() => elb.restore());

  it('creates a TCP listener forwarding to the target group with every tag in one call', async () => {
    elb.on(CreateListenerCommand).resolves({ Listeners: [{ ListenerArn: ARN }] });
    elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ ResourceArn: ARN, Tags: OWNED }] });
    expect(await reconciler.create(ctx, listener(), { clientToken: 'unused' })).toEqual({ id: ARN, outputs: { arn: ARN } });
    expect(elb.commandCalls(CreateListenerCommand)[0]!.args[0].input).toEqual({
      LoadBalancerArn: LB,
      Protocol: 'TCP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: TG }],
      Tags: [{ Key: 'Name', Value: 'tcp' }, ...OWNED],
    });
  });

  it('turns DuplicateListener into a terminal error', async () => {
    elb.on(CreateListenerCommand).rejects(new DuplicateListenerException({ message: 'exists', $metadata: {} }));
    await expect(reconciler.create(ctx, listener(), { clientToken: 'unused' })).rejects.toBeInstanceOf(TerminalError);
  });

  it('observes one DescribeListeners per owned NLB only, with PageSize 400, and reads listener tags in one batch', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: LB }, { LoadBalancerArn: OTHER_LB }] });
    elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [] });
    elb.on(DescribeTagsCommand).callsFake((input: { ResourceArns: string[] }) => ({
      TagDescriptions: input.ResourceArns.map((arn) => ({ ResourceArn: arn, Tags: arn === OTHER_LB ? [] : OWNED })),
    }));
    elb.on(DescribeListenersCommand).resolves({
      Listeners: [{ ListenerArn: ARN, LoadBalancerArn: LB, Port: 80, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG }] } }] }],
    });
    const live = await reconciler.observe(ctx);
    expect(elb.commandCalls(DescribeListenersCommand).map((call) => call.args[0].input)).toEqual([{ LoadBalancerArn: LB, PageSize: 400 }]);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ id: ARN, references: [LB, TG] });
    expect(reconciler.diff!(listener(), live[0]!)).toEqual([]);
  });

  it('moves the port and the target group with one ModifyListener', async () => {
    elb.on(ModifyListenerCommand).resolves({});
    const live = { ...listener(), id: ARN, outputs: { arn: ARN }, references: [LB, TG] };
    const want = listener({ port: 8080, targetGroupArn: TG2 });
    const changes = diffResource(reconciler, want, live);
    expect(changes.map((change) => [change.path, change.replace])).toEqual([
      ['port', false],
      ['targetGroupArn', false],
    ]);
    await reconciler.update(ctx, want, live, changes);
    expect(elb.commandCalls(ModifyListenerCommand)[0]!.args[0].input).toEqual({
      ListenerArn: ARN,
      Port: 8080,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: TG2 }],
    });
  });
});
