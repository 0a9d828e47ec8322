import {
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteTagsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Simulation } from '../index.js';
import { ACCOUNT_A, REGION, rejection } from '../test-helpers.js';

async function setup(options: ConstructorParameters<typeof Simulation>[0] = {}) {
  const sim = new Simulation({ seed: 3, ...options });
  const ec2 = sim.client(EC2Client, { account: ACCOUNT_A, region: REGION });
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const tagsOf = async (id: string) =>
    Object.fromEntries(((await ec2.send(new DescribeVpcsCommand({ VpcIds: [id] }))).Vpcs![0]!.Tags ?? []).map((t) => [t.Key, t.Value]));
  return { sim, ec2, vpc, tagsOf };
}

async function expectEc2Error(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(EC2ServiceException);
  expect(error.name).toBe(code);
}

describe('CreateTags', () => {
  it('adds and overwrites tags on VPCs and subnets in one call', async () => {
    const { ec2, vpc, tagsOf } = await setup();
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.1.0/24' }))).Subnet!.SubnetId!;
    await ec2.send(new CreateTagsCommand({ Resources: [vpc, subnet], Tags: [{ Key: 'Name', Value: 'one' }, { Key: 'Env' }] }));
    await ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'Name', Value: 'two' }] }));
    expect(await tagsOf(vpc)).toEqual({ Name: 'two', Env: '' });
  });

  it('answers the NotFound code of the ID prefix, InvalidID for an unknown prefix, and changes nothing', async () => {
    const { ec2, vpc, tagsOf } = await setup();
    const tags = [{ Key: 'a', Value: 'b' }];
    await expectEc2Error(ec2.send(new CreateTagsCommand({ Resources: [vpc, 'vpc-0123456789abcdef0'], Tags: tags })), 'InvalidVpcID.NotFound');
    await expectEc2Error(ec2.send(new CreateTagsCommand({ Resources: ['subnet-0123456789abcdef0'], Tags: tags })), 'InvalidSubnetID.NotFound');
    await expectEc2Error(ec2.send(new CreateTagsCommand({ Resources: ['bogus-123'], Tags: tags })), 'InvalidID');
    expect(await tagsOf(vpc)).toEqual({});
  });

  it('enforces 50 tags per resource with TagLimitExceeded', async () => {
    const { ec2, vpc, tagsOf } = await setup();
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: fifty }));
    await ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'k0', Value: 'replaced' }] }));
    await expectEc2Error(ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'one-more', Value: 'v' }] })), 'TagLimitExceeded');
    expect(Object.keys(await tagsOf(vpc))).toHaveLength(50);
  });

  it.each([
    ['a key longer than 128 characters', { Key: 'k'.repeat(129), Value: 'v' }],
    ['a value longer than 256 characters', { Key: 'k', Value: 'v'.repeat(257) }],
    ['a reserved aws: key', { Key: 'aws:cloudformation:stack-name', Value: 'v' }],
  ])('rejects %s with InvalidParameterValue', async (_label, tag) => {
    const { ec2, vpc } = await setup();
    await expectEc2Error(ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [tag] })), 'InvalidParameterValue');
  });

  it('accepts keys of 128 and values of 256 characters', async () => {
    const { ec2, vpc } = await setup();
    await ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }] }));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('cannot tag a VPC still inside the consistency window', async () => {
    const { ec2, vpc, sim } = await setup({ consistencyDelayMs: 1_000 });
    await expectEc2Error(ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidVpcID.NotFound');
    sim.advance(1_000);
    await ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'a', Value: 'b' }] }));
  });
});

describe('DeleteTags', () => {
  it('deletes a tag given with a value only when the value matches, and a key without value whatever its value', async () => {
    const { ec2, vpc, tagsOf } = await setup();
    await ec2.send(
      new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }, { Key: 'c', Value: '3' }] }),
    );
    await ec2.send(new DeleteTagsCommand({ Resources: [vpc], Tags: [{ Key: 'a', Value: 'not-1' }] }));
    expect(await tagsOf(vpc)).toEqual({ a: '1', b: '2', c: '3' });
    await ec2.send(new DeleteTagsCommand({ Resources: [vpc], Tags: [{ Key: 'a', Value: '1' }, { Key: 'b' }, { Key: 'missing' }] }));
    expect(await tagsOf(vpc)).toEqual({ c: '3' });
  });

  it('answers the NotFound code for an unknown resource', async () => {
    const { ec2 } = await setup();
    await expectEc2Error(ec2.send(new DeleteTagsCommand({ Resources: ['vpc-0123456789abcdef0'], Tags: [{ Key: 'a' }] })), 'InvalidVpcID.NotFound');
  });
});
