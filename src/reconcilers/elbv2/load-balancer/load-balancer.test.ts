/** The load balancer reconciler's SDK calls (aws-sdk-client-mock). */
import {
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DuplicateLoadBalancerNameException,
  ElasticLoadBalancingV2Client,
  LoadBalancerNotFoundException,
  RemoveTagsCommand,
  SetSecurityGroupsCommand,
  SetSubnetsCommand,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { diffResource } from '../../../core/diff.js';
import { TerminalError } from '../../../core/errors.js';
import { mockContext, observePass } from '../../test-context.js';
import { targetGroupReconciler } from '../target-group/index.js';
import { desired, SCOPE } from '../test-helpers.js';
import { loadBalancerReconciler as reconciler } from './index.js';

const ADDRESS = 'service/api/load-balancer/nlb';
const arnOf = (i: number) => `arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/nlb-${i}/${String(i).padStart(16, '0')}`;
const ARN = arnOf(0);
const OWNED = [
  { Key: 'trellis:owner', Value: 'trellis' },
  { Key: 'trellis:address', Value: ADDRESS },
];

function nlb(spec: Record<string, unknown> = {}) {
  return desired('elbv2:load-balancer', ADDRESS, { name: 'api-nlb', scheme: 'internal', type: 'network', subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: [], ...spec });
}

function described(arn: string, extra: Partial<LoadBalancer> = {}): LoadBalancer {
  return {
    LoadBalancerArn: arn,
    LoadBalancerName: 'api-nlb',
    DNSName: 'api-nlb-0.elb.eu-west-1.amazonaws.com',
    Scheme: 'internal',
    Type: 'network',
    State: { Code: 'provisioning' },
    AvailabilityZones: [{ SubnetId: 'subnet-b' }, { SubnetId: 'subnet-a' }],
    ...extra,
  };
}

describe('load balancer reconciler (SDK calls)', () => {
  const elb = mockClient(ElasticLoadBalancingV2Client);
  const { ctx } = mockContext(ElasticLoadBalancingV2Client, SCOPE);
  beforeEach(() => elb.reset());
  afterAll(() => elb.restore());

  it('creates an internal NLB with its subnets and every tag in the one creating call, no empty security group list', async () => {
    elb.on(CreateLoadBalancerCommand).resolves({ LoadBalancers: [described(ARN)] });
    elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ ResourceArn: ARN, Tags: OWNED }] });
    const created = await reconciler.create(ctx, nlb(), { clientToken: 'unused' });
    expect(created).toEqual({ id: ARN, outputs: { arn: ARN, dnsName: 'api-nlb-0.elb.eu-west-1.amazonaws.com', name: 'api-nlb' } });
    expect(elb.commandCalls(CreateLoadBalancerCommand)[0]!.args[0].input).toEqual({
      Name: 'api-nlb',
      Type: 'network',
      Scheme: 'internal',
      Subnets: ['subnet-a', 'subnet-b'],
      Tags: [{ Key: 'Name', Value: 'nlb' }, ...OWNED],
    });
    elb.reset();
    elb.on(CreateLoadBalancerCommand).resolves({ LoadBalancers: [described(ARN)] });
    elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ ResourceArn: ARN, Tags: OWNED }] });
    await reconciler.create(ctx, nlb({ securityGroupIds: ['sg-1'] }), { clientToken: 'unused' });
    expect(elb.commandCalls(CreateLoadBalancerCommand)[0]!.args[0].input.SecurityGroups).toEqual(['sg-1']);
  });

  it('turns DuplicateLoadBalancerName into a terminal error naming the load balancer', async () => {
    elb.on(CreateLoadBalancerCommand).rejects(new DuplicateLoadBalancerNameException({ message: 'exists, but with different settings', $metadata: {} }));
    const attempt = reconciler.create(ctx, nlb(), { clientToken: 'unused' });
    await expect(attempt).rejects.toBeInstanceOf(TerminalError);
    await expect(attempt).rejects.toThrow(/a load balancer named api-nlb already exists/);
  });

  it('observes with PageSize 400 and DescribeTags in batches of 20, keeping only this owner', async () => {
    const lbs = Array.from({ length: 45 }, (_, i) => described(arnOf(i)));
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: lbs });
    elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [] });
    elb.on(DescribeTagsCommand).callsFake((input: { ResourceArns: string[] }) => ({
      TagDescriptions: input.ResourceArns.map((arn) => ({ ResourceArn: arn, Tags: arn === arnOf(44) ? OWNED : [{ Key: 'trellis:owner', Value: 'someone-else' }] })),
    }));
    const live = await reconciler.observe(ctx);
    expect(live.map((lb) => lb.id)).toEqual([arnOf(44)]);
    expect(live[0]).toMatchObject({ spec: { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: [] }, references: ['subnet-a', 'subnet-b'] });
    expect(elb.commandCalls(DescribeLoadBalancersCommand)[0]!.args[0].input).toEqual({ PageSize: 400 });
    expect(elb.commandCalls(DescribeTagsCommand).map((call) => call.args[0].input.ResourceArns!.length)).toEqual([20, 20, 5]);
  });

  it('shares one observe pass with the target groups: one listing of each and their tags in the same DescribeTags', async () => {
    const TG = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/api-tg/0000000000000001';
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [described(ARN)] });
    elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG, TargetGroupName: 'api-tg', Protocol: 'TCP', Port: 8080, VpcId: 'vpc-1', TargetType: 'ip' }] });
    elb.on(DescribeTagsCommand).callsFake((input: { ResourceArns: string[] }) => ({
      TagDescriptions: input.ResourceArns.map((arn) => ({ ResourceArn: arn, Tags: OWNED })),
    }));
    const pass = observePass(ctx);
    const [lbs, groups] = await Promise.all([reconciler.observe(pass), targetGroupReconciler.observe(pass)]);
    expect([lbs.map((lb) => lb.id), groups.map((group) => group.id)]).toEqual([[ARN], [TG]]);
    expect(elb.commandCalls(DescribeLoadBalancersCommand)).toHaveLength(1);
    expect(elb.commandCalls(DescribeTargetGroupsCommand)).toHaveLength(1);
    expect(elb.commandCalls(DescribeTagsCommand).map((call) => call.args[0].input.ResourceArns)).toEqual([[ARN, TG]]);
  });

  it('checks readiness for every waiting NLB in one call per 20 ARNs', async () => {
    const arns = Array.from({ length: 21 }, (_, i) => arnOf(i));
    elb.on(DescribeLoadBalancersCommand).callsFake((input: { LoadBalancerArns: string[] }) => ({
      LoadBalancers: input.LoadBalancerArns.map((arn) => described(arn, { State: { Code: arn === arnOf(0) ? 'active' : arn === arnOf(1) ? 'failed' : 'provisioning', Reason: 'no capacity' } })),
    }));
    const states = await reconciler.readiness!.check(ctx, arns);
    expect(elb.commandCalls(DescribeLoadBalancersCommand).map((call) => call.args[0].input.LoadBalancerArns!.length)).toEqual([20, 1]);
    expect([states.get(arnOf(0)), states.get(arnOf(1)), states.get(arnOf(2))]).toEqual(['ready', { failed: 'no capacity' }, 'pending']);
  });

  it('adds subnets with SetSubnets and changes security groups with SetSecurityGroups, removes tags with RemoveTags', async () => {
    elb.on(SetSubnetsCommand).resolves({});
    elb.on(SetSecurityGroupsCommand).resolves({});
    elb.on(RemoveTagsCommand).resolves({});
    const live = { ...nlb(), id: ARN, outputs: {}, references: [], spec: { ...nlb().spec, securityGroupIds: ['sg-1'] }, tags: { ...nlb().tags, stale: 'x' } };
    const want = nlb({ subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'], securityGroupIds: ['sg-2'] });
    const changes = diffResource(reconciler, want, live);
    expect(changes.every((change) => !change.replace)).toBe(true);
    await reconciler.update(ctx, want, live, changes);
    expect(elb.commandCalls(SetSubnetsCommand)[0]!.args[0].input).toEqual({ LoadBalancerArn: ARN, Subnets: ['subnet-a', 'subnet-b', 'subnet-c'] });
    expect(elb.commandCalls(SetSecurityGroupsCommand)[0]!.args[0].input).toEqual({ LoadBalancerArn: ARN, SecurityGroups: ['sg-2'] });
    expect(elb.commandCalls(RemoveTagsCommand)[0]!.args[0].input).toEqual({ ResourceArns: [ARN], TagKeys: ['stale'] });
  });

  it('deletes, then waits until DescribeLoadBalancers no longer knows the NLB', async () => {
    elb.on(DeleteLoadBalancerCommand).resolves({});
    elb
      .on(DescribeLoadBalancersCommand)
      .resolvesOnce({ LoadBalancers: [described(ARN, { State: { Code: 'active' } })] })
      .rejects(new LoadBalancerNotFoundException({ message: 'not found', $metadata: {} }));
    const live = { ...nlb(), id: ARN, outputs: {}, references: [] };
    await reconciler.delete(ctx, live);
    expect(elb.commandCalls(DeleteLoadBalancerCommand)[0]!.args[0].input).toEqual({ LoadBalancerArn: ARN });
    expect(elb.commandCalls(DescribeLoadBalancersCommand)).toHaveLength(2);
  });
});
