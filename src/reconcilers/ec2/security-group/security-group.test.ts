import {
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockContext } from '../../test-context.js';
import type { DesiredResource, ObservedResource } from '../../../core/types.js';
import { RetryAfterError, TerminalError } from '../../../core/errors.js';
import { securityGroupReconciler } from './index.js';

const ec2Mock = mockClient(EC2Client);
const scope = { account: '111111111111', region: 'us-east-1' };
const address = 'network/core/security-group/endpoints';
const { ctx } = mockContext(EC2Client, scope);
const tags = { Name: 'core-endpoints', 'trellis:owner': 'trellis', 'trellis:address': address };
const desired: DesiredResource = {
  address,
  type: 'ec2:security-group',
  scope,
  spec: { vpcId: 'vpc-1', groupName: 'core-endpoints', description: 'Interface endpoints' },
  tags,
  source: { file: 'net.json', pointer: '/spec/securityGroups/0' },
  deletionPolicy: 'Delete',
  ignoreDrift: [],
  mode: 'enforce',
};
const duplicate = () => new EC2ServiceException({ name: 'InvalidGroup.Duplicate', $fault: 'client', message: 'exists', $metadata: {} });
const liveGroup = (groupTags: Record<string, string>) => ({
  GroupId: 'sg-1',
  GroupName: 'core-endpoints',
  Description: 'Interface endpoints',
  VpcId: 'vpc-1',
  Tags: Object.entries(groupTags).map(([Key, Value]) => ({ Key, Value })),
});

describe('security group reconciler', () => {
  beforeEach(() => ec2Mock.reset());

  it('creates the group with every tag in the creating call', async () => {
    ec2Mock.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-9', SecurityGroupArn: 'arn:sg-9' });
    const created = await securityGroupReconciler.create(ctx, desired, { clientToken: 'unused' });
    expect(created).toEqual({ id: 'sg-9', outputs: { id: 'sg-9', arn: 'arn:sg-9', vpcId: 'vpc-1' } });
    expect(ec2Mock.commandCalls(CreateSecurityGroupCommand)[0]!.args[0].input).toEqual({
      VpcId: 'vpc-1',
      GroupName: 'core-endpoints',
      Description: 'Interface endpoints',
      TagSpecifications: [{ ResourceType: 'security-group', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }],
    });
  });

  it('adopts its own group when a replayed create finds the name taken', async () => {
    ec2Mock.on(CreateSecurityGroupCommand).rejects(duplicate());
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [liveGroup(tags)] });
    const created = await securityGroupReconciler.create(ctx, desired, { clientToken: 'unused' });
    expect(created.id).toBe('sg-1');
    expect(ec2Mock.commandCalls(DescribeSecurityGroupsCommand)[0]!.args[0].input.Filters).toEqual([
      { Name: 'vpc-id', Values: ['vpc-1'] },
      { Name: 'group-name', Values: ['core-endpoints'] },
    ]);
  });

  it('asks for a retry when the name is taken but the group is not visible yet (eventual consistency)', async () => {
    ec2Mock.on(CreateSecurityGroupCommand).rejects(duplicate());
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    const error = await securityGroupReconciler.create(ctx, desired, { clientToken: 'unused' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryAfterError);
  });

  it('fails terminally when the name is taken by a group that is not this address', async () => {
    ec2Mock.on(CreateSecurityGroupCommand).rejects(duplicate());
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [liveGroup({ 'trellis:owner': 'trellis', 'trellis:address': 'network/other/security-group/x' })] });
    const error = await securityGroupReconciler.create(ctx, desired, { clientToken: 'unused' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TerminalError);
    expect((error as Error).message).toMatch(/already exists in vpc-1 as sg-1/);
  });

  it('observes with one owner-filtered, paginated call', async () => {
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [liveGroup(tags)] });
    const [observed] = await securityGroupReconciler.observe(ctx);
    expect(ec2Mock.commandCalls(DescribeSecurityGroupsCommand)).toHaveLength(1);
    expect(ec2Mock.commandCalls(DescribeSecurityGroupsCommand)[0]!.args[0].input).toMatchObject({
      Filters: [{ Name: 'tag:trellis:owner', Values: ['trellis'] }],
      MaxResults: 1000,
    });
    expect(observed).toMatchObject({ id: 'sg-1', address, spec: desired.spec, references: ['vpc-1'] });
  });

  it('deletes by group ID', async () => {
    ec2Mock.on(DeleteSecurityGroupCommand).resolves({});
    await securityGroupReconciler.delete(ctx, { id: 'sg-1' } as ObservedResource);
    expect(ec2Mock.commandCalls(DeleteSecurityGroupCommand)[0]!.args[0].input).toEqual({ GroupId: 'sg-1' });
  });
});
