/** The target group reconciler's SDK calls (aws-sdk-client-mock). */
import {
  AddTagsCommand,
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DuplicateTargetGroupNameException,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupCommand,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { diffResource } from '../../../core/diff.js';
import { TerminalError } from '../../../core/errors.js';
import { mockContext } from '../../test-context.js';
import { desired, SCOPE } from '../test-helpers.js';
import { targetGroupReconciler as reconciler } from './index.js';

const ADDRESS = 'service/api/target-group/tg';
const arnOf = (i: number) => `arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/tg-${i}/${String(i).padStart(16, '0')}`;
const ARN = arnOf(0);
const OWNED = [
  { Key: 'trellis:owner', Value: 'trellis' },
  { Key: 'trellis:address', Value: ADDRESS },
];
const HEALTH = { protocol: 'HTTP', path: '/health', intervalSeconds: 10, healthyThreshold: 3, unhealthyThreshold: 2 };

function tg(spec: Record<string, unknown> = {}) {
  return desired('elbv2:target-group', ADDRESS, { name: 'api-tg-1a2b', protocol: 'TCP', port: 8080, vpcId: 'vpc-1', targetType: 'ip', healthCheck: HEALTH, ...spec });
}

function described(arn: string): TargetGroup {
  return {
    TargetGroupArn: arn,
    TargetGroupName: 'api-tg-1a2b',
    Protocol: 'TCP',
    Port: 8080,
    VpcId: 'vpc-1',
    TargetType: 'ip',
    HealthCheckProtocol: 'HTTP',
    HealthCheckPath: '/health',
    HealthCheckIntervalSeconds: 10,
    HealthCheckTimeoutSeconds: 6,
    HealthyThresholdCount: 3,
    UnhealthyThresholdCount: 2,
  };
}

describe('target group reconciler (SDK calls)', () => {
  const elb = mockClient(ElasticLoadBalancingV2Client);
  const { ctx } = mockContext(ElasticLoadBalancingV2Client, SCOPE);
  beforeEach(() => elb.reset());
  afterAll(() => elb.restore());

  it('creates with protocol, port, VPC, ip targets, the health check and every tag in one call', async () => {
    elb.on(CreateTargetGroupCommand).resolves({ TargetGroups: [described(ARN)] });
    elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ ResourceArn: ARN, Tags: OWNED }] });
    expect(await reconciler.create(ctx, tg(), { clientToken: 'unused' })).toEqual({ id: ARN, outputs: { arn: ARN, name: 'api-tg-1a2b' } });
    expect(elb.commandCalls(CreateTargetGroupCommand)[0]!.args[0].input).toEqual({
      Name: 'api-tg-1a2b',
      Protocol: 'TCP',
      Port: 8080,
      VpcId: 'vpc-1',
      TargetType: 'ip',
      HealthCheckProtocol: 'HTTP',
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 10,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 2,
      Tags: [{ Key: 'Name', Value: 'tg' }, ...OWNED],
    });
  });

  it('turns DuplicateTargetGroupName into a terminal error', async () => {
    elb.on(CreateTargetGroupCommand).rejects(new DuplicateTargetGroupNameException({ message: 'exists', $metadata: {} }));
    await expect(reconciler.create(ctx, tg(), { clientToken: 'unused' })).rejects.toBeInstanceOf(TerminalError);
  });

  it('observes with PageSize 400 and DescribeTags per 20, in sync with a spec that leaves the timeout to AWS', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [] });
    elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: Array.from({ length: 21 }, (_, i) => described(arnOf(i))) });
    elb.on(DescribeTagsCommand).callsFake((input: { ResourceArns: string[] }) => ({
      TagDescriptions: input.ResourceArns.map((arn) => ({ ResourceArn: arn, Tags: arn === ARN ? OWNED : [] })),
    }));
    const live = await reconciler.observe(ctx);
    expect(live.map((group) => group.id)).toEqual([ARN]);
    expect(live[0]!.references).toEqual(['vpc-1']);
    expect(elb.commandCalls(DescribeTargetGroupsCommand)[0]!.args[0].input).toEqual({ PageSize: 400 });
    expect(elb.commandCalls(DescribeTagsCommand).map((call) => call.args[0].input.ResourceArns!.length)).toEqual([20, 1]);
    expect(diffResource(reconciler, tg({ name: 'api-tg-1a2b' }), { ...live[0]!, tags: tg().tags })).toEqual([]);
  });

  it('plans replace for port and VPC, updates the health check with ModifyTargetGroup and supersedes with a tag', async () => {
    elb.on(ModifyTargetGroupCommand).resolves({});
    elb.on(AddTagsCommand).resolves({});
    const live = { ...tg(), id: ARN, outputs: { arn: ARN, name: 'api-tg-1a2b' }, references: [] };
    expect(diffResource(reconciler, tg({ port: 9090, vpcId: 'vpc-2' }), live).map((change) => [change.path, change.replace])).toEqual([
      ['port', true],
      ['vpcId', true],
    ]);
    const want = tg({ healthCheck: { ...HEALTH, intervalSeconds: 30 } });
    await reconciler.update(ctx, want, live, diffResource(reconciler, want, live));
    expect(elb.commandCalls(ModifyTargetGroupCommand)[0]!.args[0].input).toEqual({
      TargetGroupArn: ARN,
      HealthCheckProtocol: 'HTTP',
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 30,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 2,
    });
    await reconciler.supersede!(ctx, live, 'run-9');
    expect(elb.commandCalls(AddTagsCommand)[0]!.args[0].input).toEqual({ ResourceArns: [ARN], Tags: [{ Key: 'trellis:superseded', Value: 'run-9' }] });
  });
});
