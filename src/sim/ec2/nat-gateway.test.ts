import {
  AllocateAddressCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteNatGatewayCommand,
  DeleteSubnetCommand,
  DescribeNatGatewaysCommand,
  DetachInternetGatewayCommand,
  EC2Client,
  EC2ServiceException,
  paginateDescribeNatGateways,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../index.js';
import { ACCOUNT_A, REGION, rejection } from '../test-helpers.js';

const scope = { account: ACCOUNT_A, region: REGION };

async function expectEc2Error(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(EC2ServiceException);
  expect(error.name).toBe(code);
}

async function setup(options: ConstructorParameters<typeof Simulation>[0] = {}, { internetGateway = true } = {}) {
  const sim = new Simulation({ seed: 5, ...options });
  const ec2 = sim.client(EC2Client, scope);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  if (internetGateway) await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.0.0/24' }))).Subnet!.SubnetId!;
  const allocate = async () => (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
  const createNat = async (AllocationId: string, extra: { ClientToken?: string; name?: string } = {}) =>
    (
      await ec2.send(
        new CreateNatGatewayCommand({
          SubnetId: subnet,
          AllocationId,
          ClientToken: extra.ClientToken,
          TagSpecifications: [{ ResourceType: 'natgateway', Tags: [{ Key: 'Name', Value: extra.name ?? 'nat' }] }],
        }),
      )
    ).NatGateway!;
  const describeOne = async (id: string) => (await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }))).NatGateways![0]!;
  return { sim, ec2, vpc, igw, subnet, allocate, createNat, describeOne };
}

describe('NAT gateways', () => {
  it('goes pending → available after asyncDelayMs, with its address, interface and tags', async () => {
    const { sim, vpc, subnet, allocate, createNat, describeOne } = await setup({ asyncDelayMs: 40 });
    const allocationId = await allocate();
    const created = await createNat(allocationId);
    expect(created.NatGatewayId).toMatch(/^nat-[0-9a-f]{17}$/);
    expect(created.State).toBe('pending');
    expect((await describeOne(created.NatGatewayId!)).State).toBe('pending');
    sim.advance(60);
    const nat = await describeOne(created.NatGatewayId!);
    expect(nat).toMatchObject({ State: 'available', SubnetId: subnet, VpcId: vpc, ConnectivityType: 'public', Tags: [{ Key: 'Name', Value: 'nat' }] });
    expect(nat.NatGatewayAddresses![0]).toMatchObject({ AllocationId: allocationId, IsPrimary: true, Status: 'succeeded' });
    expect(nat.NatGatewayAddresses![0]!.PrivateIp).toMatch(/^10\.0\.0\.\d+$/);
  });

  it('goes deleting → deleted, stays visible as deleted, and blocks DeleteSubnet until then', async () => {
    const { sim, ec2, subnet, allocate, createNat, describeOne } = await setup({ asyncDelayMs: 40 });
    const nat = (await createNat(await allocate())).NatGatewayId!;
    await expectEc2Error(ec2.send(new DeleteSubnetCommand({ SubnetId: subnet })), 'DependencyViolation');
    await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: nat }));
    expect((await describeOne(nat)).State).toBe('deleting');
    await expectEc2Error(ec2.send(new DeleteSubnetCommand({ SubnetId: subnet })), 'DependencyViolation');
    sim.advance(60);
    const deleted = await describeOne(nat);
    expect(deleted.State).toBe('deleted');
    expect(deleted.DeleteTime).toBeInstanceOf(Date);
    await expectEc2Error(ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: nat })), 'NatGatewayNotFound');
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnet }));
  });

  it('fails the call for an unknown subnet or allocation', async () => {
    const { ec2, subnet, allocate } = await setup();
    await expectEc2Error(
      ec2.send(new CreateNatGatewayCommand({ SubnetId: 'subnet-0123456789abcdef0', AllocationId: await allocate() })),
      'InvalidSubnetID.NotFound',
    );
    await expectEc2Error(
      ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet, AllocationId: 'eipalloc-0123456789abcdef0' })),
      'InvalidAllocationID.NotFound',
    );
    await expectEc2Error(ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: ['nat-0123456789abcdef0'] })), 'NatGatewayNotFound');
  });

  it('creates a NAT gateway in a VPC without an internet gateway, which then fails with Gateway.NotAttached', async () => {
    const { sim, ec2, vpc, subnet, allocate, createNat, describeOne } = await setup({ asyncDelayMs: 20 }, { internetGateway: false });
    const nat = await createNat(await allocate());
    expect(nat.State).toBe('pending');
    sim.advance(40);
    expect(await describeOne(nat.NatGatewayId!)).toMatchObject({
      State: 'failed',
      FailureCode: 'Gateway.NotAttached',
      FailureMessage: `Network ${vpc} has no Internet gateway attached`,
    });
    // A failed NAT gateway holds nothing.
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnet }));
  });

  it('lets one address serve one NAT gateway: the second fails with Resource.AlreadyAssociated', async () => {
    const { allocate, createNat, describeOne } = await setup();
    const allocationId = await allocate();
    const first = await createNat(allocationId);
    const second = await createNat(allocationId);
    expect((await describeOne(first.NatGatewayId!)).State).toBe('available');
    expect(await describeOne(second.NatGatewayId!)).toMatchObject({ State: 'failed', FailureCode: 'Resource.AlreadyAssociated' });
  });

  it('replays a client token instead of creating a second NAT gateway, and rejects it with other parameters', async () => {
    const { ec2, allocate, createNat } = await setup({ pageSize: 50 });
    const allocationId = await allocate();
    const first = await createNat(allocationId, { ClientToken: 'token-1' });
    const again = await createNat(allocationId, { ClientToken: 'token-1' });
    expect(again.NatGatewayId).toBe(first.NatGatewayId);
    const all = await ec2.send(new DescribeNatGatewaysCommand({}));
    expect(all.NatGateways).toHaveLength(1);
    await expectEc2Error(createNat(await allocate(), { ClientToken: 'token-1' }), 'IdempotentParameterMismatch');
  });

  it('blocks detaching the internet gateway while a public NAT gateway maps an address in the VPC', async () => {
    const { ec2, vpc, igw, allocate, createNat } = await setup();
    const nat = (await createNat(await allocate())).NatGatewayId!;
    await expectEc2Error(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc })), 'DependencyViolation');
    await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: nat }));
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  });

  it('filters by tag, state, subnet and VPC, and paginates with MaxResults and NextToken', async () => {
    const { ec2, vpc, subnet, allocate, createNat } = await setup({ pageSize: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createNat(await allocate(), { name: 'paged' })).NatGatewayId!);
    await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: ids[0] }));
    const filter = [
      { Name: 'tag:Name', Values: ['paged'] },
      { Name: 'state', Values: ['pending', 'available'] },
      { Name: 'subnet-id', Values: [subnet] },
      { Name: 'vpc-id', Values: [vpc] },
    ];
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeNatGateways({ client: ec2, pageSize: 1000 }, { Filter: filter })) {
      pages++;
      seen.push(...page.NatGateways!.map((n) => n.NatGatewayId!));
    }
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(ids.slice(1).sort());
    const deleted = await ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'nat-gateway-id', Values: [ids[0]!] }] }));
    expect(deleted.NatGateways!.map((n) => n.State)).toEqual(['deleted']);
  });
});
