import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  DeleteInternetGatewayCommand,
  DescribeInternetGatewaysCommand,
  DetachInternetGatewayCommand,
  EC2Client,
  EC2ServiceException,
  type AttachmentStatus,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockContext } from '../../test-context.js';
import type { ObservedResource } from '../../../core/types.js';
import { desiredResource, SCOPE } from '../test-helpers.js';
import { internetGatewayReconciler as reconciler } from './index.js';

const ec2Mock = mockClient(EC2Client);
const { ctx, sdkRetries: requested } = mockContext(EC2Client);
const ADDRESS = 'network/core/internet-gateway/main';
const desired = (vpcId: unknown) => desiredResource('ec2:internet-gateway', ADDRESS, { vpcId });
const observed = (vpcId: string | undefined): ObservedResource => ({
  type: 'ec2:internet-gateway',
  scope: SCOPE,
  id: 'igw-1',
  address: ADDRESS,
  tags: desired(vpcId).tags,
  spec: { vpcId },
  outputs: { id: 'igw-1' },
  references: vpcId ? [vpcId] : [],
});

describe('internet gateway reconciler (commands)', () => {
  beforeEach(() => {
    ec2Mock.reset();
    requested.length = 0;
  });

  it('observes with one owner-filtered, paginated DescribeInternetGateways and reads the attachment', async () => {
    ec2Mock
      .on(DescribeInternetGatewaysCommand)
      .resolvesOnce({
        InternetGateways: [
          { InternetGatewayId: 'igw-1', Attachments: [{ VpcId: 'vpc-1', State: 'available' as AttachmentStatus }], Tags: [{ Key: 'trellis:address', Value: ADDRESS }] },
        ],
        NextToken: 't',
      })
      .resolvesOnce({ InternetGateways: [{ InternetGatewayId: 'igw-2', Attachments: [] }] });
    const found = await reconciler.observe(ctx);
    expect(found.map((g) => [g.id, g.address, g.spec.vpcId, g.references])).toEqual([
      ['igw-1', ADDRESS, 'vpc-1', ['vpc-1']],
      ['igw-2', undefined, undefined, []],
    ]);
    const calls = ec2Mock.commandCalls(DescribeInternetGatewaysCommand);
    expect(calls[0]!.args[0].input).toMatchObject({ Filters: [{ Name: 'tag:trellis:owner', Values: ['trellis'] }], MaxResults: 1000 });
    expect(calls[1]!.args[0].input).toMatchObject({ NextToken: 't' });
  });

  it('creates with its tags in TagSpecifications, without SDK retries, and leaves attaching to the update', async () => {
    ec2Mock.on(CreateInternetGatewayCommand).resolves({ InternetGateway: { InternetGatewayId: 'igw-9' } });
    const created = await reconciler.create(ctx, desired('vpc-1'), { clientToken: 'unused' });
    expect(created).toEqual({ id: 'igw-9', outputs: { id: 'igw-9' }, spec: { vpcId: undefined } });
    expect(requested[0]).toBe(false);
    expect(ec2Mock.commandCalls(CreateInternetGatewayCommand)[0]!.args[0].input).toEqual({
      TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: expect.arrayContaining([{ Key: 'trellis:address', Value: ADDRESS }]) }],
    });
    expect(ec2Mock.commandCalls(AttachInternetGatewayCommand)).toHaveLength(0);
  });

  it('attaches a detached gateway in place, and replaces a gateway attached to another VPC', () => {
    expect(reconciler.diff!(desired('vpc-1'), observed('vpc-1'))).toEqual([]);
    expect(reconciler.diff!(desired('vpc-1'), observed(undefined))).toEqual([{ path: 'vpcId', from: undefined, to: 'vpc-1', replace: false }]);
    expect(reconciler.diff!(desired('vpc-2'), observed('vpc-1'))).toEqual([{ path: 'vpcId', from: 'vpc-1', to: 'vpc-2', replace: true }]);
  });

  it('attaches a detached gateway with one call', async () => {
    ec2Mock.on(AttachInternetGatewayCommand).resolves({});
    await reconciler.update(ctx, desired('vpc-1'), observed(undefined), reconciler.diff!(desired('vpc-1'), observed(undefined)));
    expect(ec2Mock.calls().map((call) => call.args[0].input)).toEqual([{ InternetGatewayId: 'igw-1', VpcId: 'vpc-1' }]);
  });

  it('can move the gateway to another VPC in place: detach from the old, attach to the new, nothing else', async () => {
    ec2Mock.on(DetachInternetGatewayCommand).resolves({});
    ec2Mock.on(AttachInternetGatewayCommand).resolves({});
    await reconciler.update(ctx, desired('vpc-2'), observed('vpc-1'), [{ path: 'vpcId', from: 'vpc-1', to: 'vpc-2', replace: false }]);
    expect(ec2Mock.commandCalls(DetachInternetGatewayCommand)[0]!.args[0].input).toEqual({ InternetGatewayId: 'igw-1', VpcId: 'vpc-1' });
    expect(ec2Mock.commandCalls(AttachInternetGatewayCommand)[0]!.args[0].input).toEqual({ InternetGatewayId: 'igw-1', VpcId: 'vpc-2' });
    expect(ec2Mock.calls()).toHaveLength(2);
  });

  it('deletes after detaching, and treats an already detached gateway as detached', async () => {
    ec2Mock.on(DetachInternetGatewayCommand).rejects(new EC2ServiceException({ name: 'Gateway.NotAttached', $fault: 'client', $metadata: {} }));
    ec2Mock.on(DeleteInternetGatewayCommand).resolves({});
    await reconciler.delete(ctx, observed('vpc-1'));
    expect(ec2Mock.commandCalls(DeleteInternetGatewayCommand)[0]!.args[0].input).toEqual({ InternetGatewayId: 'igw-1' });
  });
});
