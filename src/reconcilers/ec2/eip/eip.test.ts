import { AllocateAddressCommand, DescribeAddressesCommand, EC2Client, EC2ServiceException, ReleaseAddressCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockContext } from '../../test-context.js';
import type { ObservedResource } from '../../../core/types.js';
import { RetryAfterError } from '../../../core/errors.js';
import { desiredResource, SCOPE } from '../test-helpers.js';
import { eipReconciler as reconciler } from './index.js';

const ec2Mock = mockClient(EC2Client);
const { ctx, sdkRetries: requested } = mockContext(EC2Client);
const ADDRESS = 'network/core/eip/nat-a';
const desired = desiredResource('ec2:eip', ADDRESS, { domain: 'vpc' });
const observed: ObservedResource = {
  type: 'ec2:eip',
  scope: SCOPE,
  id: 'eipalloc-1',
  address: ADDRESS,
  tags: desired.tags,
  spec: { domain: 'vpc' },
  outputs: { id: 'eipalloc-1', allocationId: 'eipalloc-1', publicIp: '192.0.2.1' },
  references: [],
};
const authFailure = () => new EC2ServiceException({ name: 'AuthFailure', $fault: 'client', $metadata: {}, message: 'You do not have permission' });

describe('Elastic IP reconciler', () => {
  beforeEach(() => {
    ec2Mock.reset();
    requested.length = 0;
  });

  it('observes with one DescribeAddresses filtered by owner and domain (the call has no pagination)', async () => {
    ec2Mock.on(DescribeAddressesCommand).resolves({
      Addresses: [{ AllocationId: 'eipalloc-1', PublicIp: '192.0.2.1', Domain: 'vpc', Tags: [{ Key: 'trellis:address', Value: ADDRESS }] }],
    });
    const found = await reconciler.observe(ctx);
    expect(found).toEqual([{ ...observed, tags: { 'trellis:address': ADDRESS } }]);
    expect(ec2Mock.commandCalls(DescribeAddressesCommand).map((call) => call.args[0].input)).toEqual([
      { Filters: [{ Name: 'tag:trellis:owner', Values: ['trellis'] }, { Name: 'domain', Values: ['vpc'] }] },
    ]);
  });

  it('allocates a VPC address with its tags, without SDK retries, and outputs the allocation ID and IP', async () => {
    ec2Mock.on(AllocateAddressCommand).resolves({ AllocationId: 'eipalloc-9', PublicIp: '198.51.100.7', Domain: 'vpc' });
    const created = await reconciler.create(ctx, desired, { clientToken: 'unused' });
    expect(created).toEqual({ id: 'eipalloc-9', outputs: { id: 'eipalloc-9', allocationId: 'eipalloc-9', publicIp: '198.51.100.7' } });
    expect(requested).toEqual([false]);
    expect(ec2Mock.commandCalls(AllocateAddressCommand)[0]!.args[0].input).toEqual({
      Domain: 'vpc',
      TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: expect.arrayContaining([{ Key: 'trellis:owner', Value: 'trellis' }]) }],
    });
  });

  it('releases by allocation ID', async () => {
    ec2Mock.on(ReleaseAddressCommand).resolves({});
    await reconciler.delete(ctx, observed);
    expect(ec2Mock.commandCalls(ReleaseAddressCommand)[0]!.args[0].input).toEqual({ AllocationId: 'eipalloc-1' });
  });

  it('asks for a retry when AWS answers AuthFailure for an address a NAT gateway still holds', async () => {
    ec2Mock.on(ReleaseAddressCommand).rejects(authFailure());
    ec2Mock.on(DescribeAddressesCommand).resolves({ Addresses: [{ AllocationId: 'eipalloc-1', AssociationId: 'eipassoc-1', NetworkInterfaceId: 'eni-1' }] });
    await expect(reconciler.delete(ctx, observed)).rejects.toBeInstanceOf(RetryAfterError);
  });

  it('lets a real AuthFailure through when the address is not associated', async () => {
    ec2Mock.on(ReleaseAddressCommand).rejects(authFailure());
    ec2Mock.on(DescribeAddressesCommand).resolves({ Addresses: [{ AllocationId: 'eipalloc-1' }] });
    await expect(reconciler.delete(ctx, observed)).rejects.toMatchObject({ name: 'AuthFailure' });
  });

  it('plans replacement only when the domain differs', () => {
    expect(reconciler.diff!(desired, observed)).toEqual([]);
    expect(reconciler.diff!(desired, { ...observed, spec: { domain: 'standard' } })).toEqual([
      { path: 'domain', from: 'standard', to: 'vpc', replace: true },
    ]);
  });
});
