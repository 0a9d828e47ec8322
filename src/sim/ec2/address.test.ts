import {
  AllocateAddressCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteNatGatewayCommand,
  DescribeAddressesCommand,
  EC2Client,
  EC2ServiceException,
  ReleaseAddressCommand,
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

function setup(options: ConstructorParameters<typeof Simulation>[0] = {}) {
  const sim = new Simulation({ seed: 4, ...options });
  const ec2 = sim.client(EC2Client, scope);
  const allocate = async (name: string) =>
    ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: [{ Key: 'Name', Value: name }] }] }));
  return { sim, ec2, allocate };
}

describe('Elastic IP addresses', () => {
  it('allocates VPC addresses with distinct public IPs from the documentation ranges', async () => {
    const { allocate } = setup();
    const ips = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const out = await allocate(`a${i}`);
      expect(out.AllocationId).toMatch(/^eipalloc-[0-9a-f]{17}$/);
      expect(out.Domain).toBe('vpc');
      expect(out.PublicIp).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/);
      ips.add(out.PublicIp!);
    }
    expect(ips.size).toBe(20);
  });

  it('has distinct addresses for 1,000 NAT gateways in one scope: past the documentation ranges, the benchmarking range', async () => {
    const { allocate } = setup();
    const ips = new Set<string>();
    for (let i = 0; i < 1000; i++) ips.add((await allocate(`n${i}`)).PublicIp!);
    expect(ips.size).toBe(1000);
    expect([...ips].every((ip) => /^(192\.0\.2|198\.51\.100|203\.0\.113|198\.1[89])\.\d+(\.\d+)?$/.test(ip))).toBe(true);
    expect([...ips].some((ip) => ip.startsWith('198.18.'))).toBe(true);
  });

  it('describes every match in one response, with no NextToken even for a small page size', async () => {
    const { ec2, allocate } = setup({ pageSize: 2 });
    for (let i = 0; i < 5; i++) await allocate('many');
    const other = await allocate('other');
    const out = await ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'tag:Name', Values: ['many'] }] }));
    expect(out.Addresses).toHaveLength(5);
    expect(out).not.toHaveProperty('NextToken');
    const one = await ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'allocation-id', Values: [other.AllocationId!] }] }));
    expect(one.Addresses!.map((a) => [a.AllocationId, a.Tags])).toEqual([[other.AllocationId, [{ Key: 'Name', Value: 'other' }]]]);
  });

  it('answers InvalidAllocationID.NotFound for an unknown or released allocation', async () => {
    const { ec2, allocate } = setup();
    const { AllocationId } = await allocate('x');
    await ec2.send(new ReleaseAddressCommand({ AllocationId }));
    await expectEc2Error(ec2.send(new ReleaseAddressCommand({ AllocationId })), 'InvalidAllocationID.NotFound');
    await expectEc2Error(ec2.send(new DescribeAddressesCommand({ AllocationIds: [AllocationId!] })), 'InvalidAllocationID.NotFound');
  });

  it('refuses to release an address a NAT gateway holds until the NAT gateway is deleted', async () => {
    const { ec2, allocate } = setup();
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.0.0/24' }))).Subnet!.SubnetId!;
    const { AllocationId } = await allocate('nat');
    const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet, AllocationId }))).NatGateway!.NatGatewayId!;
    const held = (await ec2.send(new DescribeAddressesCommand({ AllocationIds: [AllocationId!] }))).Addresses![0]!;
    expect(held.AssociationId).toMatch(/^eipassoc-[0-9a-f]{17}$/);
    expect(held.NetworkInterfaceId).toMatch(/^eni-/);
    await expectEc2Error(ec2.send(new ReleaseAddressCommand({ AllocationId })), 'InvalidIPAddress.InUse');
    await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: nat }));
    const freed = (await ec2.send(new DescribeAddressesCommand({ AllocationIds: [AllocationId!] }))).Addresses![0]!;
    expect(freed.AssociationId).toBeUndefined();
    await ec2.send(new ReleaseAddressCommand({ AllocationId }));
  });
});
