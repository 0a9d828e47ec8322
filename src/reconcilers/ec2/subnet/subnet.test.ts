import { CreateSubnetCommand, DeleteSubnetCommand, EC2Client, ModifySubnetAttributeCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockContext } from '../../test-context.js';
import type { DesiredResource, ObservedResource } from '../../../core/types.js';
import { subnetReconciler } from './index.js';

const ec2Mock = mockClient(EC2Client);
const scope = { account: '111111111111', region: 'us-east-1' };
const { ctx, sdkRetries: requested } = mockContext(EC2Client, scope);
const desired = (mapPublicIpOnLaunch: boolean): DesiredResource => ({
  address: 'network/core/subnet/public-a',
  type: 'ec2:subnet',
  scope,
  spec: { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', availabilityZone: 'us-east-1a', mapPublicIpOnLaunch },
  tags: { 'trellis:owner': 'trellis', 'trellis:address': 'network/core/subnet/public-a' },
  source: { file: 'net.json', pointer: '/spec/subnets/0' },
  deletionPolicy: 'Delete',
  ignoreDrift: [],
  mode: 'enforce',
});
const observed: ObservedResource = {
  type: 'ec2:subnet',
  scope,
  id: 'subnet-1',
  address: 'network/core/subnet/public-a',
  tags: {},
  spec: { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', availabilityZone: 'us-east-1a', mapPublicIpOnLaunch: false },
  outputs: {},
  references: ['vpc-1'],
};

describe('subnet reconciler', () => {
  beforeEach(() => {
    ec2Mock.reset();
    requested.length = 0;
  });

  it('creates through a client without SDK retries, so a lost response reaches the engine', async () => {
    ec2Mock.on(CreateSubnetCommand).resolves({ Subnet: { SubnetId: 'subnet-9', VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', AvailabilityZone: 'us-east-1a', MapPublicIpOnLaunch: false } });
    const created = await subnetReconciler.create(ctx, desired(true), { clientToken: 'unused' });
    expect(requested[0]).toBe(false);
    expect(ec2Mock.commandCalls(CreateSubnetCommand)[0]!.args[0].input).toMatchObject({
      VpcId: 'vpc-1',
      CidrBlock: '10.0.0.0/24',
      AvailabilityZone: 'us-east-1a',
      TagSpecifications: [{ ResourceType: 'subnet' }],
    });
    // Public-IP mapping is the engine's follow-up update: the creating call is all create does.
    expect(created.spec).toMatchObject({ mapPublicIpOnLaunch: false });
    expect(ec2Mock.commandCalls(ModifySubnetAttributeCommand)).toHaveLength(0);
  });

  it('updates map-public-ip only when the diff says it changed', async () => {
    ec2Mock.on(ModifySubnetAttributeCommand).resolves({});
    await subnetReconciler.update(ctx, desired(true), observed, []);
    expect(ec2Mock.commandCalls(ModifySubnetAttributeCommand)).toHaveLength(0);
    await subnetReconciler.update(ctx, desired(true), observed, [{ path: 'mapPublicIpOnLaunch', from: false, to: true, replace: false }]);
    expect(ec2Mock.commandCalls(ModifySubnetAttributeCommand)).toHaveLength(1);
  });

  it('deletes by subnet ID', async () => {
    ec2Mock.on(DeleteSubnetCommand).resolves({});
    await subnetReconciler.delete(ctx, observed);
    expect(ec2Mock.commandCalls(DeleteSubnetCommand)[0]!.args[0].input).toEqual({ SubnetId: 'subnet-1' });
  });
});
