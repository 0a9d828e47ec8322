import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteNatGatewayCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeRouteTablesCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  EC2Client,
  EC2ServiceException,
  paginateDescribeRouteTables,
  ReplaceRouteCommand,
  ReplaceRouteTableAssociationCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../index.js';
import { ACCOUNT_A, REGION, rejection } from '../test-helpers.js';
import type { RouteTableRecord } from './route-table.js';

const scope = { account: ACCOUNT_A, region: REGION };

async function expectEc2Error(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(EC2ServiceException);
  expect(error.name).toBe(code);
}

async function setup(options: ConstructorParameters<typeof Simulation>[0] = {}) {
  const sim = new Simulation({ seed: 6, ...options });
  const ec2 = sim.client(EC2Client, scope);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.0.0/24' }))).Subnet!.SubnetId!;
  const createTable = async (name = 'rt', ClientToken?: string) =>
    (
      await ec2.send(
        new CreateRouteTableCommand({
          VpcId: vpc,
          ClientToken,
          TagSpecifications: [{ ResourceType: 'route-table', Tags: [{ Key: 'Name', Value: name }] }],
        }),
      )
    ).RouteTable!.RouteTableId!;
  const describeOne = async (id: string) => (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [id] }))).RouteTables![0]!;
  const createNat = async () => {
    const AllocationId = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    return (await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet, AllocationId }))).NatGateway!.NatGatewayId!;
  };
  return { sim, ec2, vpc, igw, subnet, createTable, describeOne, createNat };
}

describe('route tables', () => {
  it('gives every VPC a main route table with the local route, which cannot be deleted', async () => {
    const { ec2, vpc } = await setup();
    const out = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }, { Name: 'association.main', Values: ['true'] }] }),
    );
    expect(out.RouteTables).toHaveLength(1);
    const main = out.RouteTables![0]!;
    expect(main.RouteTableId).toMatch(/^rtb-[0-9a-f]{17}$/);
    expect(main.Routes).toEqual([{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }]);
    expect(main.Associations).toEqual([
      expect.objectContaining({ Main: true, RouteTableId: main.RouteTableId, AssociationState: { State: 'associated' } }),
    ]);
    await expectEc2Error(ec2.send(new DeleteRouteTableCommand({ RouteTableId: main.RouteTableId })), 'DependencyViolation');
  });

  it('creates a tagged table with only the local route, and replays its client token', async () => {
    const { ec2, vpc, createTable, describeOne } = await setup();
    const id = await createTable('private-a', 'token-1');
    expect(await createTable('private-a', 'token-1')).toBe(id);
    const table = await describeOne(id);
    expect(table).toMatchObject({ VpcId: vpc, Associations: [], Tags: [{ Key: 'Name', Value: 'private-a' }] });
    expect(table.Routes!.map((r) => r.GatewayId)).toEqual(['local']);
    const tagged = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'tag:Name', Values: ['private-a'] }] }));
    expect(tagged.RouteTables).toHaveLength(1);
  });

  it('creates, replaces and deletes routes with the AWS error codes', async () => {
    const { ec2, igw, createTable, describeOne, createNat } = await setup();
    const rtb = await createTable();
    const nat = await createNat();
    await ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
    await expectEc2Error(
      ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat })),
      'RouteAlreadyExists',
    );
    await expectEc2Error(
      ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '10.9.0.0/16', GatewayId: 'igw-0123456789abcdef0' })),
      'InvalidGatewayID.NotFound',
    );
    await expectEc2Error(
      ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '10.9.0.0/16', NatGatewayId: 'nat-0123456789abcdef0' })),
      'InvalidNatGatewayID.NotFound',
    );
    await expectEc2Error(
      ec2.send(new CreateRouteCommand({ RouteTableId: 'rtb-0123456789abcdef0', DestinationCidrBlock: '10.9.0.0/16', GatewayId: igw })),
      'InvalidRouteTableID.NotFound',
    );
    await ec2.send(new ReplaceRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat }));
    expect((await describeOne(rtb)).Routes![1]).toEqual({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat, Origin: 'CreateRoute', State: 'active' });
    // AWS answers InvalidParameterValue, not InvalidRoute.NotFound, for ReplaceRoute without a route.
    await expectEc2Error(ec2.send(new ReplaceRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '10.9.0.0/16', GatewayId: igw })), 'InvalidParameterValue');
    await ec2.send(new DeleteRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0' }));
    await expectEc2Error(ec2.send(new DeleteRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0' })), 'InvalidRoute.NotFound');
    await expectEc2Error(ec2.send(new DeleteRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '10.0.0.0/16' })), 'InvalidParameterValue');
  });

  it('keeps routes to a deleted NAT gateway or internet gateway as blackholes', async () => {
    const { ec2, vpc, igw, createTable, describeOne, createNat } = await setup();
    const rtb = await createTable();
    const nat = await createNat();
    await ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat }));
    await ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '192.168.0.0/16', GatewayId: igw }));
    await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: nat }));
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw }));
    const states = (await describeOne(rtb)).Routes!.map((r) => [r.DestinationCidrBlock, r.State]);
    expect(states).toEqual([
      ['10.0.0.0/16', 'active'],
      ['0.0.0.0/0', 'blackhole'],
      ['192.168.0.0/16', 'blackhole'],
    ]);
    const blackholes = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'route.state', Values: ['blackhole'] }] }));
    expect(blackholes.RouteTables!.map((t) => t.RouteTableId)).toEqual([rtb]);
  });

  it('associates a subnet once, moves it with ReplaceRouteTableAssociation, and blocks DeleteRouteTable while associated', async () => {
    const { ec2, subnet, createTable, describeOne } = await setup();
    const first = await createTable('first');
    const second = await createTable('second');
    const { AssociationId } = await ec2.send(new AssociateRouteTableCommand({ RouteTableId: first, SubnetId: subnet }));
    expect(AssociationId).toMatch(/^rtbassoc-[0-9a-f]{17}$/);
    await expectEc2Error(ec2.send(new AssociateRouteTableCommand({ RouteTableId: second, SubnetId: subnet })), 'Resource.AlreadyAssociated');
    await expectEc2Error(ec2.send(new DeleteRouteTableCommand({ RouteTableId: first })), 'DependencyViolation');
    const bySubnet = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnet] }] }));
    expect(bySubnet.RouteTables!.map((t) => t.RouteTableId)).toEqual([first]);
    const { NewAssociationId } = await ec2.send(new ReplaceRouteTableAssociationCommand({ AssociationId, RouteTableId: second }));
    expect((await describeOne(first)).Associations).toEqual([]);
    expect((await describeOne(second)).Associations).toEqual([expect.objectContaining({ RouteTableAssociationId: NewAssociationId, SubnetId: subnet, Main: false })]);
    await expectEc2Error(ec2.send(new DisassociateRouteTableCommand({ AssociationId })), 'InvalidAssociationID.NotFound');
    await ec2.send(new DisassociateRouteTableCommand({ AssociationId: NewAssociationId }));
    await ec2.send(new DeleteRouteTableCommand({ RouteTableId: second }));
    await expectEc2Error(ec2.send(new DeleteRouteTableCommand({ RouteTableId: second })), 'InvalidRouteTableID.NotFound');
  });

  it('lets DeleteSubnet remove the explicit association, while a non-main table blocks DeleteVpc', async () => {
    const { ec2, vpc, igw, subnet, createTable, describeOne } = await setup();
    const rtb = await createTable();
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: subnet }));
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnet }));
    expect((await describeOne(rtb)).Associations).toEqual([]);
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    await expectEc2Error(ec2.send(new DeleteVpcCommand({ VpcId: vpc })), 'DependencyViolation');
    await ec2.send(new DeleteRouteTableCommand({ RouteTableId: rtb }));
    await ec2.send(new DeleteVpcCommand({ VpcId: vpc }));
    const left = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }));
    expect(left.RouteTables).toEqual([]); // the main route table went with its VPC
  });

  it('stores the main route table with CreateVpc and removes it with DeleteVpc, not on a later read', async () => {
    const { sim, ec2, vpc, igw, subnet } = await setup();
    const stored = () => Object.values(sim.snapshot().accounts[ACCOUNT_A]![REGION]!.services['ec2']!['routeTables']!) as RouteTableRecord[];
    const mains = stored().filter((t) => t.vpcId === vpc);
    expect(mains).toEqual([expect.objectContaining({ vpcId: vpc, associations: [expect.objectContaining({ main: true })] })]);
    const described = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }, { Name: 'association.main', Values: ['true'] }] }),
    );
    expect(described.RouteTables!.map((t) => t.RouteTableId)).toEqual([mains[0]!.id]);
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnet }));
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    await ec2.send(new DeleteVpcCommand({ VpcId: vpc }));
    expect(stored().filter((t) => t.vpcId === vpc)).toEqual([]);
  });

  it('drops a deleted subnet\'s association in DeleteSubnet itself', async () => {
    const { sim, ec2, subnet, createTable } = await setup();
    const rtb = await createTable();
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: subnet }));
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnet }));
    const table = sim.snapshot().accounts[ACCOUNT_A]![REGION]!.services['ec2']!['routeTables']![rtb] as RouteTableRecord;
    expect(table.associations).toEqual([]);
  });

  it('repairs a saved state without main route tables or with stale ones, once loaded', async () => {
    const { sim, ec2, vpc, subnet, createTable } = await setup();
    const rtb = await createTable();
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: subnet }));
    const state = sim.snapshot();
    const ec2State = state.accounts[ACCOUNT_A]![REGION]!.services['ec2']!;
    const tables = ec2State['routeTables'] as Record<string, RouteTableRecord>;
    // As an older simulation saved it: no main route tables (they were made on read), a deleted subnet's
    // association still on its table, and the main table of a deleted VPC.
    for (const table of Object.values(tables)) if (table.associations.some((a) => a.main)) delete tables[table.id];
    delete ec2State['subnets']![subnet];
    tables['rtb-0000000000000dead'] = { ...tables[rtb]!, id: 'rtb-0000000000000dead', vpcId: 'vpc-0000000000000dead', associations: [{ id: 'rtbassoc-0000000000000dead', main: true }] };
    const loaded = new Simulation({}, state).client(EC2Client, scope);

    const mains = await loaded.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.main', Values: ['true'] }] }));
    const byVpc = new Map(mains.RouteTables!.map((t) => [t.VpcId, t]));
    expect(mains.RouteTables).toHaveLength(2); // the default VPC's and `vpc`'s
    expect(byVpc.get(vpc)!.Routes!.map((r) => r.GatewayId)).toEqual(['local']);
    const defaultVpc = [...byVpc.keys()].find((id) => id !== vpc)!;
    expect(byVpc.get(defaultVpc)!.Routes!.map((r) => [r.DestinationCidrBlock, r.GatewayId?.slice(0, 4)])).toEqual([
      ['172.31.0.0/16', 'loca'],
      ['0.0.0.0/0', 'igw-'],
    ]);
    const table = (await loaded.send(new DescribeRouteTablesCommand({ RouteTableIds: [rtb] }))).RouteTables![0]!;
    expect(table.Associations).toEqual([]);
    await expectEc2Error(loaded.send(new DescribeRouteTablesCommand({ RouteTableIds: ['rtb-0000000000000dead'] })), 'InvalidRouteTableID.NotFound');
  });

  it('paginates DescribeRouteTables', async () => {
    const { ec2, createTable } = await setup({ pageSize: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await createTable('paged'));
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeRouteTables({ client: ec2, pageSize: 100 }, { Filters: [{ Name: 'tag:Name', Values: ['paged'] }] })) {
      pages++;
      seen.push(...page.RouteTables!.map((t) => t.RouteTableId!));
    }
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(ids.sort());
  });
});
