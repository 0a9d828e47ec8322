import {
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
  DescribeSubnetsCommand,
  EC2Client,
  EC2ServiceException,
  ModifySubnetAttributeCommand,
  paginateDescribeSubnets,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../index.js';
import type { SimModule } from '../module.js';
import { modules } from '../registry.js';
import { ACCOUNT_A, REGION, rejection } from '../test-helpers.js';

const scope = { account: ACCOUNT_A, region: REGION };

async function setup(options: ConstructorParameters<typeof Simulation>[0] = {}, extra: SimModule[] = []) {
  const sim = new Simulation({ seed: 2, ...options }, undefined, [...modules, ...extra]);
  const ec2 = sim.client(EC2Client, scope);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  return { sim, ec2, vpc };
}

async function expectEc2Error(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(EC2ServiceException);
  expect(error.name).toBe(code);
}

describe('CreateSubnet', () => {
  it('returns an available subnet with its ARN, zone and usable address count', async () => {
    const { ec2, vpc } = await setup();
    const out = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpc,
        CidrBlock: '10.0.1.0/24',
        AvailabilityZone: `${REGION}b`,
        TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'private-b' }] }],
      }),
    );
    const subnet = out.Subnet!;
    expect(subnet.SubnetId).toMatch(/^subnet-[0-9a-f]{17}$/);
    expect(subnet).toMatchObject({
      SubnetArn: `arn:aws:ec2:${REGION}:${ACCOUNT_A}:subnet/${subnet.SubnetId}`,
      VpcId: vpc,
      OwnerId: ACCOUNT_A,
      CidrBlock: '10.0.1.0/24',
      AvailabilityZone: `${REGION}b`,
      AvailableIpAddressCount: 251,
      MapPublicIpOnLaunch: false,
      DefaultForAz: false,
      State: 'available',
      Tags: [{ Key: 'Name', Value: 'private-b' }],
    });
  });

  it('fails with InvalidVpcID.NotFound for an unknown VPC', async () => {
    const { ec2 } = await setup();
    await expectEc2Error(ec2.send(new CreateSubnetCommand({ VpcId: 'vpc-0123456789abcdef0', CidrBlock: '10.0.1.0/24' })), 'InvalidVpcID.NotFound');
  });

  it.each([
    ['10.1.0.0/24', 'InvalidSubnet.Range'],
    ['10.0.0.0/29', 'InvalidSubnet.Range'],
    ['10.0.0.0/15', 'InvalidSubnet.Range'],
    ['not-a-cidr', 'InvalidParameterValue'],
  ])('rejects CIDR %s with %s', async (cidr, code) => {
    const { ec2, vpc } = await setup();
    await expectEc2Error(ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr })), code);
  });

  it('rejects a CIDR overlapping another subnet of the VPC, but not one of another VPC', async () => {
    const { ec2, vpc } = await setup();
    await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.0.0/22' }));
    await expectEc2Error(ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.2.0/24' })), 'InvalidSubnet.Conflict');
    const other = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    await ec2.send(new CreateSubnetCommand({ VpcId: other, CidrBlock: '10.0.2.0/24' }));
  });

  it.each([`${REGION}z`, 'us-east-1a'])('rejects the availability zone %s', async (zone) => {
    const { ec2, vpc } = await setup();
    await expectEc2Error(
      ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.1.0/24', AvailabilityZone: zone })),
      'InvalidParameterValue',
    );
  });
});

describe('DescribeSubnets', () => {
  it('filters by VPC, zone, CIDR and tag', async () => {
    const { ec2, vpc } = await setup();
    const make = async (cidr: string, zone: string, tier: string) =>
      (
        await ec2.send(
          new CreateSubnetCommand({
            VpcId: vpc,
            CidrBlock: cidr,
            AvailabilityZone: zone,
            TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'tier', Value: tier }] }],
          }),
        )
      ).Subnet!.SubnetId!;
    const a = await make('10.0.1.0/24', `${REGION}a`, 'private');
    const b = await make('10.0.2.0/24', `${REGION}b`, 'private');
    const c = await make('10.0.3.0/24', `${REGION}a`, 'public');
    const ids = async (Filters: { Name: string; Values: string[] }[]) =>
      ((await ec2.send(new DescribeSubnetsCommand({ Filters }))).Subnets ?? []).map((s) => s.SubnetId).sort();

    expect(await ids([{ Name: 'vpc-id', Values: [vpc] }])).toEqual([a, b, c].sort());
    expect(await ids([{ Name: 'vpc-id', Values: [vpc] }, { Name: 'availability-zone', Values: [`${REGION}a`] }])).toEqual([a, c].sort());
    expect(await ids([{ Name: 'tag:tier', Values: ['private'] }])).toEqual([a, b].sort());
    expect(await ids([{ Name: 'cidr-block', Values: ['10.0.3.0/24'] }])).toEqual([c]);
    expect(await ids([{ Name: 'subnet-id', Values: [b] }])).toEqual([b]);
  });

  it('fails with InvalidSubnetID.NotFound for an unknown ID', async () => {
    const { ec2 } = await setup();
    await expectEc2Error(ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0123456789abcdef0'] })), 'InvalidSubnetID.NotFound');
  });

  it('pages through subnets with the SDK paginator', async () => {
    const { ec2, vpc } = await setup({ pageSize: 2 });
    for (let i = 1; i <= 3; i++) await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.0.${i}.0/24` }));
    const pageSizes = [];
    const seen: string[] = [];
    for await (const page of paginateDescribeSubnets({ client: ec2 }, { Filters: [{ Name: 'vpc-id', Values: [vpc] }] })) {
      pageSizes.push(page.Subnets!.length);
      seen.push(...page.Subnets!.map((s) => s.SubnetId!));
    }
    expect(pageSizes).toEqual([2, 1]);
    expect(new Set(seen).size).toBe(3);
  });
});

describe('DeleteSubnet', () => {
  it('deletes the subnet, then answers InvalidSubnetID.NotFound', async () => {
    const { ec2, vpc } = await setup();
    const id = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.1.0/24' }))).Subnet!.SubnetId!;
    await ec2.send(new DeleteSubnetCommand({ SubnetId: id }));
    await expectEc2Error(ec2.send(new DeleteSubnetCommand({ SubnetId: id })), 'InvalidSubnetID.NotFound');
  });

  it('fails with DependencyViolation while a module reports something in the subnet', async () => {
    const occupied = new Set<string>();
    const natGateways: SimModule = { name: 'test/nat', dependents: { 'ec2:subnet': (_ctx, id) => (occupied.has(id) ? ['nat-1'] : []) } };
    const { ec2, vpc } = await setup({}, [natGateways]);
    const id = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.1.0/24' }))).Subnet!.SubnetId!;
    occupied.add(id);
    await expectEc2Error(ec2.send(new DeleteSubnetCommand({ SubnetId: id })), 'DependencyViolation');
    occupied.clear();
    await ec2.send(new DeleteSubnetCommand({ SubnetId: id }));
  });
});

describe('ModifySubnetAttribute', () => {
  it('turns public IPs on launch on', async () => {
    const { ec2, vpc } = await setup();
    const id = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.1.0/24' }))).Subnet!.SubnetId!;
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, MapPublicIpOnLaunch: { Value: true } }));
    const described = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [id] }));
    expect(described.Subnets?.[0]?.MapPublicIpOnLaunch).toBe(true);
  });
});
