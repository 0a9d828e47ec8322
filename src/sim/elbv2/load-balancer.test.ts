import { DeleteSubnetCommand } from '@aws-sdk/client-ec2';
import {
  AddTagsCommand,
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  paginateDescribeLoadBalancers,
  RemoveTagsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { fastRetries, rejection } from '../test-helpers.js';
import { Simulation } from '../simulation.js';
import { elbFixture } from './fixtures.js';

async function expectElbError(promise: Promise<unknown>, name: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ElasticLoadBalancingV2ServiceException);
  expect(error.name).toBe(name);
}

describe('ELBv2 network load balancers', () => {
  it('creates an internal NLB that goes provisioning → active after asyncDelayMs', async () => {
    const { sim, elb, vpc, subnets, createNlb } = await elbFixture({ asyncDelayMs: 60_000 });
    const lb = await createNlb('svc-nlb', { Tags: [{ Key: 'owner', Value: 'trellis' }] });
    expect(lb.LoadBalancerArn).toMatch(/^arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer\/net\/svc-nlb\/[0-9a-f]{16}$/);
    expect(lb).toMatchObject({ Type: 'network', Scheme: 'internal', VpcId: vpc, State: { Code: 'provisioning' } });
    expect(lb.DNSName).toMatch(/^svc-nlb-[0-9a-f]{16}\.elb\.eu-west-1\.amazonaws\.com$/);
    expect(lb.AvailabilityZones!.map((z) => z.SubnetId)).toEqual(subnets);
    sim.options.asyncDelayMs = 0;
    const described = (await elb.send(new DescribeLoadBalancersCommand({ Names: ['svc-nlb'] }))).LoadBalancers![0]!;
    expect(described.State!.Code).toBe('active');
    expect((described as Record<string, unknown>).Tags).toBeUndefined();
    const tags = await elb.send(new DescribeTagsCommand({ ResourceArns: [lb.LoadBalancerArn!] }));
    expect(tags.TagDescriptions).toEqual([{ ResourceArn: lb.LoadBalancerArn, Tags: [{ Key: 'owner', Value: 'trellis' }] }]);
  });

  it('returns the existing NLB for the same name and settings, DuplicateLoadBalancerName for other settings', async () => {
    const { createNlb, subnets } = await elbFixture();
    const first = await createNlb('svc-nlb');
    expect((await createNlb('svc-nlb')).LoadBalancerArn).toBe(first.LoadBalancerArn);
    await expectElbError(createNlb('svc-nlb', { Subnets: [subnets[0]] }), 'DuplicateLoadBalancerNameException');
    await expectElbError(createNlb('svc-nlb', { Scheme: 'internet-facing' }), 'DuplicateLoadBalancerNameException');
  });

  it('validates names and refuses an empty tag list', async () => {
    const { createNlb } = await elbFixture();
    for (const name of ['x'.repeat(33), 'internal-x', 'under_score', '-lead']) await expectElbError(createNlb(name), 'ValidationError');
    await expectElbError(createNlb('ok', { Tags: [] }), 'ValidationError');
    await expectElbError(createNlb('ok', { Subnets: ['subnet-0123456789abcdef0'] }), 'SubnetNotFoundException');
  });

  it('pages DescribeLoadBalancers with PageSize and Marker, and answers LoadBalancerNotFound for unknown names', async () => {
    const { elb, createNlb } = await elbFixture({ pageSize: 2 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) await createNlb(name);
    let pages = 0;
    const names: string[] = [];
    for await (const page of paginateDescribeLoadBalancers({ client: elb, pageSize: 400 }, {})) {
      pages++;
      names.push(...page.LoadBalancers!.map((l) => l.LoadBalancerName!));
    }
    expect(pages).toBe(3);
    expect(names.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    await expectElbError(elb.send(new DescribeLoadBalancersCommand({ PageSize: 401 })), 'ValidationError');
    await expectElbError(elb.send(new DescribeLoadBalancersCommand({ Names: ['nope'] })), 'LoadBalancerNotFoundException');
  });

  it('deletes: a missing NLB succeeds, and a deleted NLB no longer holds its subnets', async () => {
    const { ec2, elb, subnets, createNlb } = await elbFixture();
    const lb = await createNlb('svc');
    const error = await rejection(ec2.send(new DeleteSubnetCommand({ SubnetId: subnets[0] })));
    expect(error.name).toBe('DependencyViolation');
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
    await expectElbError(elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [lb.LoadBalancerArn!] })), 'LoadBalancerNotFoundException');
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnets[0] }));
  });

  it('adds and removes tags on several resources, with the ELBv2 tag errors', async () => {
    const { elb, createNlb, createTargetGroup } = await elbFixture();
    const arns = [(await createNlb('a')).LoadBalancerArn!, (await createTargetGroup('tg')).TargetGroupArn!];
    await elb.send(new AddTagsCommand({ ResourceArns: arns, Tags: [{ Key: 'k', Value: 'v' }, { Key: 'x', Value: 'y' }] }));
    await elb.send(new RemoveTagsCommand({ ResourceArns: arns, TagKeys: ['x'] }));
    const out = await elb.send(new DescribeTagsCommand({ ResourceArns: arns }));
    expect(out.TagDescriptions!.map((d) => d.Tags)).toEqual([[{ Key: 'k', Value: 'v' }], [{ Key: 'k', Value: 'v' }]]);
    await expectElbError(elb.send(new AddTagsCommand({ ResourceArns: arns, Tags: [{ Key: 'd', Value: '1' }, { Key: 'd', Value: '2' }] })), 'DuplicateTagKeysException');
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `t${i}`, Value: '' }));
    await expectElbError(elb.send(new AddTagsCommand({ ResourceArns: [arns[0]!], Tags: many })), 'TooManyTagsException');
    await expectElbError(elb.send(new DescribeTagsCommand({ ResourceArns: Array.from({ length: 21 }, () => arns[0]!) })), 'ValidationError');
    await expectElbError(elb.send(new DescribeTagsCommand({ ResourceArns: [arns[0]!.replace(/[0-9a-f]{16}$/, '0'.repeat(16))] })), 'LoadBalancerNotFoundException');
    expect((await rejection(elb.send(new CreateLoadBalancerCommand({ Name: 'alb', Subnets: [] })))).name).toBe('NotImplementedInSimulation');
  });

  it('answers a retried create whose first response was lost with the same NLB (idempotent by name and settings)', async () => {
    const { sim, subnets } = await elbFixture();
    sim.options.loseCreateResponses = true;
    const elb = sim.client(ElasticLoadBalancingV2Client, { account: '111111111111', region: 'eu-west-1' }, fastRetries(3));
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'lost', Type: 'network', Scheme: 'internal', Subnets: subnets }))).LoadBalancers![0]!;
    expect(sim.calls.count('ElasticLoadBalancingV2:CreateLoadBalancer')).toBe(2);
    const all = await elb.send(new DescribeLoadBalancersCommand({}));
    expect(all.LoadBalancers!.map((l) => l.LoadBalancerArn)).toEqual([lb.LoadBalancerArn]);
  });

  it('keeps load balancers, target groups and listeners across save and load', async () => {
    const { sim, createNlb, createTargetGroup } = await elbFixture();
    const lb = (await createNlb('kept', { Tags: [{ Key: 'k', Value: 'v' }] })).LoadBalancerArn!;
    await createTargetGroup('kept-tg');
    const restored = new Simulation({}, JSON.parse(JSON.stringify(sim.snapshot())) as ReturnType<Simulation['snapshot']>);
    const elb = restored.client(ElasticLoadBalancingV2Client, { account: '111111111111', region: 'eu-west-1' });
    expect((await elb.send(new DescribeTagsCommand({ ResourceArns: [lb] }))).TagDescriptions![0]!.Tags).toEqual([{ Key: 'k', Value: 'v' }]);
  });
});
