import {
  CreateVpcCommand,
  DeleteTagsCommand,
  DescribeVpcsCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  CreateTagsCommand,
  DescribeVpcAttributeCommand,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockContext } from '../../test-context.js';
import { diffResource } from '../../../core/diff.js';
import type { DesiredResource } from '../../../core/types.js';
import { vpcReconciler } from './index.js';

const ec2Mock = mockClient(EC2Client);
const scope = { account: '111111111111', region: 'us-east-1' };
const { ctx } = mockContext(EC2Client, scope);
const desired: DesiredResource = {
  address: 'network/core/vpc/main',
  type: 'ec2:vpc',
  scope,
  spec: { cidrBlock: '10.0.0.0/16', enableDnsSupport: true, enableDnsHostnames: true },
  tags: { Name: 'core', 'trellis:owner': 'trellis', 'trellis:address': 'network/core/vpc/main' },
  source: { file: 'net.json', pointer: '/spec' },
  deletionPolicy: 'Delete',
  ignoreDrift: [],
  mode: 'enforce',
};

describe('VPC reconciler', () => {
  beforeEach(() => ec2Mock.reset());

  it('observes with one owner-filtered, paginated DescribeVpcs, and two DescribeVpcAttribute per VPC', async () => {
    ec2Mock.on(DescribeVpcAttributeCommand).resolves({});
    ec2Mock
      .on(DescribeVpcsCommand)
      .resolvesOnce({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'trellis:address', Value: 'a' }] }], NextToken: 't' })
      .resolvesOnce({ Vpcs: [{ VpcId: 'vpc-2', CidrBlock: '10.1.0.0/16' }] });
    const observed = await vpcReconciler.observe(ctx);
    expect(observed.map((vpc) => [vpc.id, vpc.address])).toEqual([
      ['vpc-1', 'a'],
      ['vpc-2', undefined],
    ]);
    const calls = ec2Mock.commandCalls(DescribeVpcsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input).toMatchObject({ Filters: [{ Name: 'tag:trellis:owner', Values: ['trellis'] }], MaxResults: 1000 });
    expect(calls[1]!.args[0].input).toMatchObject({ NextToken: 't' });
    const attributeCalls = ec2Mock.commandCalls(DescribeVpcAttributeCommand).map((call) => call.args[0].input);
    expect(attributeCalls.sort((a, b) => `${a.VpcId}${a.Attribute}`.localeCompare(`${b.VpcId}${b.Attribute}`))).toEqual([
      { VpcId: 'vpc-1', Attribute: 'enableDnsHostnames' },
      { VpcId: 'vpc-1', Attribute: 'enableDnsSupport' },
      { VpcId: 'vpc-2', Attribute: 'enableDnsHostnames' },
      { VpcId: 'vpc-2', Attribute: 'enableDnsSupport' },
    ]);
  });

  it('creates with every tag in TagSpecifications, in one call', async () => {
    ec2Mock.on(CreateVpcCommand).resolves({ Vpc: { VpcId: 'vpc-9', CidrBlock: '10.0.0.0/16', OwnerId: scope.account } });
    const created = await vpcReconciler.create(ctx, desired, { clientToken: 'unused' });
    expect(created).toEqual({
      id: 'vpc-9',
      outputs: { id: 'vpc-9', cidrBlock: '10.0.0.0/16', ownerId: scope.account },
      spec: { cidrBlock: '10.0.0.0/16', enableDnsSupport: true, enableDnsHostnames: false },
    });
    expect(ec2Mock.commandCalls(CreateVpcCommand)[0]!.args[0].input).toEqual({
      CidrBlock: '10.0.0.0/16',
      TagSpecifications: [
        {
          ResourceType: 'vpc',
          Tags: [
            { Key: 'Name', Value: 'core' },
            { Key: 'trellis:owner', Value: 'trellis' },
            { Key: 'trellis:address', Value: 'network/core/vpc/main' },
          ],
        },
      ],
    });
    // The DNS attributes are the engine's follow-up update, so a failure there never repeats CreateVpc.
    expect(ec2Mock.commandCalls(ModifyVpcAttributeCommand)).toHaveLength(0);
    expect(ec2Mock.commandCalls(CreateTagsCommand)).toHaveLength(0);
  });

  it('reads the DNS attributes from AWS, and plans an update when they differ from the manifest', async () => {
    ec2Mock.on(DescribeVpcsCommand).resolves({
      Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', Tags: Object.entries(desired.tags).map(([Key, Value]) => ({ Key, Value })) }],
    });
    ec2Mock.on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsSupport' }).resolves({ VpcId: 'vpc-1', EnableDnsSupport: { Value: true } });
    ec2Mock.on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' }).resolves({ VpcId: 'vpc-1', EnableDnsHostnames: { Value: false } });
    const [observed] = await vpcReconciler.observe(ctx);
    expect(observed!.spec).toEqual({ cidrBlock: '10.0.0.0/16', enableDnsSupport: true, enableDnsHostnames: false });
    expect(vpcReconciler.diff!(desired, observed!)).toEqual([{ path: 'enableDnsHostnames', from: false, to: true, replace: false }]);
  });

  it('removes the trellis:dns tag earlier versions kept, as tag drift, with the attributes read from AWS', async () => {
    ec2Mock.on(DescribeVpcsCommand).resolves({
      Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', Tags: [...Object.entries(desired.tags).map(([Key, Value]) => ({ Key, Value })), { Key: 'trellis:dns', Value: 'support=true,hostnames=false' }] }],
    });
    ec2Mock.on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsSupport' }).resolves({ EnableDnsSupport: { Value: true } });
    ec2Mock.on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' }).resolves({ EnableDnsHostnames: { Value: true } });
    const [observed] = await vpcReconciler.observe(ctx);
    expect(diffResource(vpcReconciler, desired, observed!)).toEqual([{ path: 'tags.trellis:dns', from: 'support=true,hostnames=false', to: undefined, replace: false }]);
  });

  it('keeps a listed VPC whose attributes answer InvalidVpcID.NotFound, its DNS unknown (so set again, never created again)', async () => {
    ec2Mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-new', CidrBlock: '10.0.0.0/16' }] });
    ec2Mock.on(DescribeVpcAttributeCommand).rejects(new EC2ServiceException({ name: 'InvalidVpcID.NotFound', $fault: 'client', message: 'nope', $metadata: {} }));
    const observed = await vpcReconciler.observe(ctx);
    expect(observed.map((vpc) => [vpc.id, vpc.spec])).toEqual([['vpc-new', { cidrBlock: '10.0.0.0/16' }]]);
    expect(vpcReconciler.diff!(desired, observed[0]!).map((change) => change.path)).toEqual(['enableDnsSupport', 'enableDnsHostnames']);
  });

  it('sets the DNS attributes it is asked for, one attribute per call, support before hostnames, and tags nothing', async () => {
    ec2Mock.on(ModifyVpcAttributeCommand).resolves({});
    const observed = { type: 'ec2:vpc', scope, id: 'vpc-9', address: desired.address, tags: desired.tags, spec: { cidrBlock: '10.0.0.0/16' }, outputs: {}, references: [] };
    await vpcReconciler.update(ctx, desired, observed, [
      { path: 'enableDnsSupport', from: undefined, to: true, replace: false },
      { path: 'enableDnsHostnames', from: undefined, to: true, replace: false },
    ]);
    expect(ec2Mock.commandCalls(ModifyVpcAttributeCommand).map((call) => call.args[0].input)).toEqual([
      { VpcId: 'vpc-9', EnableDnsSupport: { Value: true } },
      { VpcId: 'vpc-9', EnableDnsHostnames: { Value: true } },
    ]);
    expect(ec2Mock.commandCalls(CreateTagsCommand)).toHaveLength(0);
  });

  it('updates only the changed tags, with one CreateTags and one DeleteTags', async () => {
    ec2Mock.on(CreateTagsCommand).resolves({});
    ec2Mock.on(DeleteTagsCommand).resolves({});
    const observed = (await (async () => {
      ec2Mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }] });
      ec2Mock.on(DescribeVpcAttributeCommand).resolves({});
      return vpcReconciler.observe(ctx);
    })())[0]!;
    await vpcReconciler.update(ctx, desired, observed, [
      { path: 'tags.Name', from: 'old', to: 'core', replace: false },
      { path: 'tags.extra', from: 'x', to: undefined, replace: false },
    ]);
    expect(ec2Mock.commandCalls(CreateTagsCommand)[0]!.args[0].input).toEqual({ Resources: ['vpc-1'], Tags: [{ Key: 'Name', Value: 'core' }] });
    expect(ec2Mock.commandCalls(DeleteTagsCommand)[0]!.args[0].input).toEqual({ Resources: ['vpc-1'], Tags: [{ Key: 'extra' }] });
  });

  it('plans replacement for a CIDR change', () => {
    const changes = vpcReconciler.diff!(desired, {
      type: 'ec2:vpc',
      scope,
      id: 'vpc-1',
      address: desired.address,
      tags: desired.tags,
      spec: { cidrBlock: '10.1.0.0/16', enableDnsSupport: true, enableDnsHostnames: true },
      outputs: {},
      references: [],
    });
    expect(changes).toEqual([{ path: 'cidrBlock', from: '10.1.0.0/16', to: '10.0.0.0/16', replace: true }]);
  });
});
