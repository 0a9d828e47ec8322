import {
  CreateNatGatewayCommand,
  DeleteNatGatewayCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  EC2Client,
  type AttachmentStatus,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockContext } from '../../test-context.js';
import type { ObservedResource } from '../../../core/types.js';
import { desiredResource, SCOPE } from '../test-helpers.js';
import { natGatewayReconciler as reconciler } from './index.js';

const ec2Mock = mockClient(EC2Client);
const { ctx } = mockContext(EC2Client);
const ADDRESS = 'network/core/nat-gateway/a';
const spec = { subnetId: 'subnet-1', allocationId: 'eipalloc-1', connectivityType: 'public' };
const desired = desiredResource('ec2:nat-gateway', ADDRESS, spec);
const observed: ObservedResource = {
  type: 'ec2:nat-gateway',
  scope: SCOPE,
  id: 'nat-1',
  address: ADDRESS,
  tags: desired.tags,
  spec,
  outputs: { id: 'nat-1' },
  references: ['subnet-1', 'eipalloc-1'],
};

describe('NAT gateway reconciler', () => {
  beforeEach(() => ec2Mock.reset());

  it('observes live gateways with one owner- and state-filtered call, and the internet gateways of their VPCs with one more', async () => {
    ec2Mock.on(DescribeNatGatewaysCommand).resolves({
      NatGateways: [
        {
          NatGatewayId: 'nat-1',
          SubnetId: 'subnet-1',
          VpcId: 'vpc-1',
          State: 'available',
          ConnectivityType: 'public',
          NatGatewayAddresses: [{ AllocationId: 'eipalloc-1', IsPrimary: true }],
          Tags: [{ Key: 'trellis:address', Value: ADDRESS }],
        },
      ],
    });
    ec2Mock
      .on(DescribeInternetGatewaysCommand)
      .resolves({ InternetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [{ VpcId: 'vpc-1', State: 'available' as AttachmentStatus }] }] });
    const [found] = await reconciler.observe(ctx);
    expect(found).toMatchObject({ id: 'nat-1', address: ADDRESS, spec, references: ['subnet-1', 'eipalloc-1', 'igw-1'] });
    expect(ec2Mock.commandCalls(DescribeNatGatewaysCommand)[0]!.args[0].input).toMatchObject({
      Filter: [
        { Name: 'tag:trellis:owner', Values: ['trellis'] },
        { Name: 'state', Values: ['pending', 'available'] },
      ],
      MaxResults: 1000,
    });
    expect(ec2Mock.commandCalls(DescribeInternetGatewaysCommand)[0]!.args[0].input).toMatchObject({
      Filters: [{ Name: 'attachment.vpc-id', Values: ['vpc-1'] }],
    });
  });

  it('creates with the client token and its tags, and returns without waiting (readiness is the engine’s step)', async () => {
    ec2Mock.on(CreateNatGatewayCommand).resolves({ NatGateway: { NatGatewayId: 'nat-9', State: 'pending' } });
    const created = await reconciler.create(ctx, desired, { clientToken: 'token-1' });
    expect(created).toEqual({ id: 'nat-9', outputs: { id: 'nat-9' } });
    expect(ec2Mock.commandCalls(CreateNatGatewayCommand)[0]!.args[0].input).toEqual({
      SubnetId: 'subnet-1',
      AllocationId: 'eipalloc-1',
      ConnectivityType: 'public',
      ClientToken: 'token-1',
      TagSpecifications: [{ ResourceType: 'natgateway', Tags: expect.arrayContaining([{ Key: 'trellis:address', Value: ADDRESS }]) }],
    });
    expect(ec2Mock.commandCalls(DescribeNatGatewaysCommand)).toHaveLength(0);
  });

  it('checks the readiness of every waiting gateway in one filtered call: available, pending, failed with AWS’s message', async () => {
    ec2Mock.on(DescribeNatGatewaysCommand).resolves({
      NatGateways: [
        { NatGatewayId: 'nat-1', State: 'available' },
        { NatGatewayId: 'nat-2', State: 'pending' },
        { NatGatewayId: 'nat-3', State: 'failed', FailureCode: 'Gateway.NotAttached', FailureMessage: 'Network vpc-1 has no Internet gateway attached' },
      ],
    });
    const states = await reconciler.readiness!.check(ctx, ['nat-1', 'nat-2', 'nat-3', 'nat-4']);
    expect(Object.fromEntries(states)).toEqual({
      'nat-1': 'ready',
      'nat-2': 'pending',
      'nat-3': { failed: 'Gateway.NotAttached: Network vpc-1 has no Internet gateway attached' },
    });
    expect(ec2Mock.commandCalls(DescribeNatGatewaysCommand).map((call) => call.args[0].input)).toEqual([
      { Filter: [{ Name: 'nat-gateway-id', Values: ['nat-1', 'nat-2', 'nat-3', 'nat-4'] }], MaxResults: 1000 },
    ]);
  });

  it('deletes and waits until the gateway is deleted', async () => {
    ec2Mock.on(DeleteNatGatewayCommand).resolves({ NatGatewayId: 'nat-1' });
    ec2Mock
      .on(DescribeNatGatewaysCommand)
      .resolvesOnce({ NatGateways: [{ NatGatewayId: 'nat-1', State: 'deleting' }] })
      .resolvesOnce({ NatGateways: [{ NatGatewayId: 'nat-1', State: 'deleted' }] });
    await reconciler.delete(ctx, observed);
    expect(ec2Mock.commandCalls(DeleteNatGatewayCommand)[0]!.args[0].input).toEqual({ NatGatewayId: 'nat-1' });
    expect(ec2Mock.commandCalls(DescribeNatGatewaysCommand)).toHaveLength(2);
  });

  it('plans replacement for a subnet, address or connectivity change, and nothing when equal', () => {
    expect(reconciler.diff!(desired, observed)).toEqual([]);
    const moved = desiredResource('ec2:nat-gateway', ADDRESS, { ...spec, subnetId: 'subnet-2' });
    expect(reconciler.diff!(moved, observed)).toEqual([{ path: 'subnetId', from: 'subnet-1', to: 'subnet-2', replace: true }]);
  });
});
