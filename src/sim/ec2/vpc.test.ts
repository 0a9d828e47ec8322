import {
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
  ModifyVpcAttributeCommand,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Simulation } from '../index.js';
import type { SimModule } from '../module.js';
import { modules } from '../registry.js';
import { ACCOUNT_A, REGION, rejection } from '../test-helpers.js';

const scope = { account: ACCOUNT_A, region: REGION };

function setup(options: ConstructorParameters<typeof Simulation>[0] = {}) {
  const sim = new Simulation({ seed: 1, ...options });
  return { sim, ec2: sim.client(EC2Client, scope) };
}

async function createVpc(ec2: EC2Client, cidr: string, tags: Record<string, string> = {}): Promise<string> {
  const out = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: cidr,
      TagSpecifications: [{ ResourceType: 'vpc', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }],
    }),
  );
  return out.Vpc!.VpcId!;
}

async function expectEc2Error(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(EC2ServiceException);
  expect(error.name).toBe(code);
}

describe('default VPC', () => {
  it('exists in every account and region, untagged, with one default subnet per zone', async () => {
    const { ec2 } = setup();
    const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!;
    expect(vpcs).toHaveLength(1);
    expect(vpcs[0]).toMatchObject({ CidrBlock: '172.31.0.0/16', IsDefault: true, State: 'available', OwnerId: ACCOUNT_A });
    expect(vpcs[0]!.Tags).toBeUndefined();

    const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] })))
      .Subnets!;
    expect(subnets.map((s) => s.AvailabilityZone).sort()).toEqual([`${REGION}a`, `${REGION}b`, `${REGION}c`]);
    expect(subnets.every((s) => s.VpcId === vpcs[0]!.VpcId && s.MapPublicIpOnLaunch === true)).toBe(true);
    expect(subnets.map((s) => s.CidrBlock).sort()).toEqual(['172.31.0.0/20', '172.31.16.0/20', '172.31.32.0/20']);
  });

  it('has DNS hostnames on, unlike a new VPC', async () => {
    const { ec2 } = setup();
    const defaultVpc = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    const attribute = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: defaultVpc, Attribute: 'enableDnsHostnames' }));
    expect(attribute.EnableDnsHostnames?.Value).toBe(true);
  });
});

describe('CreateVpc', () => {
  it('answers pending with the tags, and Describe then shows it available', async () => {
    const { ec2 } = setup();
    const created = await ec2.send(
      new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'core' }] }] }),
    );
    expect(created.Vpc).toMatchObject({ CidrBlock: '10.0.0.0/16', State: 'pending', IsDefault: false, OwnerId: ACCOUNT_A });
    expect(created.Vpc?.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    const described = await ec2.send(new DescribeVpcsCommand({ VpcIds: [created.Vpc!.VpcId!] }));
    expect(described.Vpcs).toEqual([{ ...created.Vpc, State: 'available' }]);
    expect(described.Vpcs?.[0]?.Tags).toEqual([{ Key: 'Name', Value: 'core' }]);
  });

  it('turns DNS support on and DNS hostnames off', async () => {
    const { ec2 } = setup();
    const id = await createVpc(ec2, '10.0.0.0/16');
    const support = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: id, Attribute: 'enableDnsSupport' }));
    const hostnames = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: id, Attribute: 'enableDnsHostnames' }));
    expect(support.EnableDnsSupport?.Value).toBe(true);
    expect(hostnames.EnableDnsHostnames?.Value).toBe(false);
  });

  it.each([
    ['10.0.0.0/8', 'InvalidVpc.Range'],
    ['10.0.0.0/15', 'InvalidVpc.Range'],
    ['10.0.0.0/29', 'InvalidVpc.Range'],
    ['banana', 'InvalidParameterValue'],
    ['10.0.0.256/16', 'InvalidParameterValue'],
    ['10.0.0.1/16', 'InvalidParameterValue'],
  ])('rejects CIDR %s with %s', async (cidr, code) => {
    const { ec2 } = setup();
    await expectEc2Error(ec2.send(new CreateVpcCommand({ CidrBlock: cidr })), code);
  });

  it('accepts the /16 and /28 bounds', async () => {
    const { ec2 } = setup();
    await createVpc(ec2, '10.0.0.0/16');
    await createVpc(ec2, '10.1.0.0/28');
  });

  it('rejects a tag specification for another resource type', async () => {
    const { ec2 } = setup();
    await expectEc2Error(
      ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'a', Value: 'b' }] }] })),
      'InvalidParameterValue',
    );
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs).toHaveLength(1);
  });
});

describe('DescribeVpcs', () => {
  it('fails with InvalidVpcID.NotFound when any requested ID is unknown', async () => {
    const { ec2 } = setup();
    const id = await createVpc(ec2, '10.0.0.0/16');
    await expectEc2Error(ec2.send(new DescribeVpcsCommand({ VpcIds: [id, 'vpc-0123456789abcdef0'] })), 'InvalidVpcID.NotFound');
  });

  it('rejects MaxResults together with IDs, and MaxResults outside 5..1000', async () => {
    const { ec2 } = setup();
    const id = await createVpc(ec2, '10.0.0.0/16');
    await expectEc2Error(ec2.send(new DescribeVpcsCommand({ VpcIds: [id], MaxResults: 5 })), 'InvalidParameterCombination');
    await expectEc2Error(ec2.send(new DescribeVpcsCommand({ MaxResults: 4 })), 'InvalidParameterValue');
    await expectEc2Error(ec2.send(new DescribeVpcsCommand({ MaxResults: 1001 })), 'InvalidParameterValue');
  });

  it('filters by tag, tag key, tag value (with wildcards), CIDR and is-default', async () => {
    const { ec2 } = setup();
    const prod = await createVpc(ec2, '10.0.0.0/16', { Env: 'prod', Team: 'net' });
    const preprod = await createVpc(ec2, '10.1.0.0/16', { Env: 'preprod' });
    const dev = await createVpc(ec2, '10.2.0.0/16', { Env: 'dev', Owner: 'net' });
    const ids = async (Filters: { Name: string; Values: string[] }[]) =>
      ((await ec2.send(new DescribeVpcsCommand({ Filters }))).Vpcs ?? []).map((v) => v.VpcId).sort();

    expect(await ids([{ Name: 'tag:Env', Values: ['prod'] }])).toEqual([prod]);
    expect(await ids([{ Name: 'tag:Env', Values: ['prod', 'dev'] }])).toEqual([prod, dev].sort());
    expect(await ids([{ Name: 'tag:Env', Values: ['*prod'] }])).toEqual([prod, preprod].sort());
    expect(await ids([{ Name: 'tag-key', Values: ['Team'] }])).toEqual([prod]);
    expect(await ids([{ Name: 'tag-value', Values: ['net'] }])).toEqual([prod, dev].sort());
    expect(await ids([{ Name: 'tag-value', Values: ['net'] }, { Name: 'tag:Env', Values: ['dev'] }])).toEqual([dev]);
    expect(await ids([{ Name: 'cidr', Values: ['10.1.0.0/16'] }])).toEqual([preprod]);
    expect(await ids([{ Name: 'is-default', Values: ['false'] }])).toEqual([prod, preprod, dev].sort());
    expect(await ids([{ Name: 'owner-id', Values: [ACCOUNT_A] }, { Name: 'state', Values: ['available'] }])).toHaveLength(4);
  });

  it('rejects an unknown filter name', async () => {
    const { ec2 } = setup();
    await expectEc2Error(ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'colour', Values: ['blue'] }] })), 'InvalidParameterValue');
  });

  it('pages through every VPC with the SDK paginator at the simulated page size', async () => {
    const { sim, ec2 } = setup({ pageSize: 2 });
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await createVpc(ec2, `10.${i}.0.0/16`));
    const pages = [];
    for await (const page of paginateDescribeVpcs({ client: ec2 }, {})) pages.push(page.Vpcs!.map((v) => v.VpcId!));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2]);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(6);
    expect(seen).toEqual(expect.arrayContaining(created));
    expect(sim.calls.count('EC2:DescribeVpcs')).toBe(3);
  });

  it('uses the smaller of MaxResults and the page size', async () => {
    const { ec2 } = setup({ pageSize: 3 });
    for (let i = 0; i < 7; i++) await createVpc(ec2, `10.${i}.0.0/16`);
    const first = await ec2.send(new DescribeVpcsCommand({ MaxResults: 5 }));
    expect(first.Vpcs).toHaveLength(3);
    const roomy = setup({ pageSize: 50 });
    for (let i = 0; i < 7; i++) await createVpc(roomy.ec2, `10.${i}.0.0/16`);
    const page = await roomy.ec2.send(new DescribeVpcsCommand({ MaxResults: 5 }));
    expect(page.Vpcs).toHaveLength(5);
    const rest = await roomy.ec2.send(new DescribeVpcsCommand({ MaxResults: 5, NextToken: page.NextToken }));
    expect(rest.Vpcs).toHaveLength(3);
    expect(rest.NextToken).toBeUndefined();
  });

  it('rejects a pagination token it did not issue', async () => {
    const { ec2 } = setup();
    await expectEc2Error(ec2.send(new DescribeVpcsCommand({ NextToken: 'garbage' })), 'InvalidPaginationToken');
  });
});

describe('eventual consistency', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hides a new VPC from Describe and from CreateSubnet until the window passes', async () => {
    const { ec2, sim } = setup({ consistencyDelayMs: 5_000 });
    const id = await createVpc(ec2, '10.0.0.0/16');
    const listed = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['false'] }] }));
    expect(listed.Vpcs).toEqual([]);
    await expectEc2Error(ec2.send(new DescribeVpcsCommand({ VpcIds: [id] })), 'InvalidVpcID.NotFound');
    await expectEc2Error(ec2.send(new CreateSubnetCommand({ VpcId: id, CidrBlock: '10.0.1.0/24' })), 'InvalidVpcID.NotFound');

    sim.advance(5_000);
    expect((await ec2.send(new DescribeVpcsCommand({ VpcIds: [id] }))).Vpcs).toHaveLength(1);
    const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: id, CidrBlock: '10.0.1.0/24' }));
    expect(subnet.Subnet?.VpcId).toBe(id);
  });
});

describe('DeleteVpc', () => {
  it('fails with DependencyViolation while the VPC has a subnet, and deletes it once the subnet is gone', async () => {
    const { ec2 } = setup();
    const vpc = await createVpc(ec2, '10.0.0.0/16');
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.1.0/24' }))).Subnet!.SubnetId!;
    await expectEc2Error(ec2.send(new DeleteVpcCommand({ VpcId: vpc })), 'DependencyViolation');
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnet }));
    await ec2.send(new DeleteVpcCommand({ VpcId: vpc }));
    await expectEc2Error(ec2.send(new DescribeVpcsCommand({ VpcIds: [vpc] })), 'InvalidVpcID.NotFound');
    await expectEc2Error(ec2.send(new DeleteVpcCommand({ VpcId: vpc })), 'InvalidVpcID.NotFound');
  });

  it('consults the dependency checks of every registered module', async () => {
    const blocked = new Set<string>();
    const gateways: SimModule = { name: 'test/blocker', dependents: { 'ec2:vpc': (_ctx, id) => (blocked.has(id) ? ['igw-test'] : []) } };
    const sim = new Simulation({}, undefined, [...modules, gateways]);
    const ec2 = sim.client(EC2Client, scope);
    const vpc = await createVpc(ec2, '10.0.0.0/16');
    blocked.add(vpc);
    await expectEc2Error(ec2.send(new DeleteVpcCommand({ VpcId: vpc })), 'DependencyViolation');
    blocked.clear();
    await ec2.send(new DeleteVpcCommand({ VpcId: vpc }));
  });
});

describe('ModifyVpcAttribute', () => {
  it('changes one attribute per call, as AWS requires', async () => {
    const { ec2 } = setup();
    const id = await createVpc(ec2, '10.0.0.0/16');
    await expectEc2Error(
      ec2.send(new ModifyVpcAttributeCommand({ VpcId: id, EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: true } })),
      'InvalidParameterCombination',
    );
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: id, EnableDnsHostnames: { Value: true } }));
    const hostnames = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: id, Attribute: 'enableDnsHostnames' }));
    expect(hostnames.EnableDnsHostnames?.Value).toBe(true);
  });

  it('refuses DNS hostnames on a VPC without DNS support', async () => {
    const { ec2 } = setup();
    const id = await createVpc(ec2, '10.0.0.0/16');
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: id, EnableDnsSupport: { Value: false } }));
    await expectEc2Error(ec2.send(new ModifyVpcAttributeCommand({ VpcId: id, EnableDnsHostnames: { Value: true } })), 'InvalidParameterValue');
  });

  it('fails with InvalidVpcID.NotFound for an unknown VPC', async () => {
    const { ec2 } = setup();
    await expectEc2Error(
      ec2.send(new ModifyVpcAttributeCommand({ VpcId: 'vpc-0123456789abcdef0', EnableDnsSupport: { Value: true } })),
      'InvalidVpcID.NotFound',
    );
  });
});
