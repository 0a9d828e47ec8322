import {
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DeleteVpcEndpointsCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
  ModifyVpcAttributeCommand,
  ModifyVpcEndpointCommand,
  paginateDescribeVpcEndpoints,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { CreateResourceShareCommand, RAMClient } from '@aws-sdk/client-ram';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../index.js';
import { ACCOUNT_A, ACCOUNT_B, REGION, rejection } from '../test-helpers.js';

const scope = { account: ACCOUNT_A, region: REGION };
const s3 = `com.amazonaws.${REGION}.s3`;
const logs = `com.amazonaws.${REGION}.logs`;

async function setup(options: ConstructorParameters<typeof Simulation>[0] = {}, dnsHostnames = true) {
  const sim = new Simulation({ seed: 4, pageSize: 2, ...options });
  const ec2 = sim.client(EC2Client, scope);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  if (dnsHostnames) await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpc, EnableDnsHostnames: { Value: true } }));
  const subnet = async (cidr: string, zone: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: `${REGION}${zone}` }))).Subnet!.SubnetId!;
  const routeTable = async () => (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  const group = async (name: string) =>
    (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpc }))).GroupId!;
  const endpoint = async (id: string): Promise<VpcEndpoint> =>
    (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints![0]!;
  return { sim, ec2, vpc, subnet, routeTable, group, endpoint };
}

async function expectEc2Error(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(EC2ServiceException);
  expect(error.name).toBe(code);
}


async function s3PrefixList(ec2: EC2Client): Promise<string> {
  const out = await ec2.send(new DescribePrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: [s3] }] }));
  return out.PrefixLists![0]!.PrefixListId!;
}

describe('gateway endpoints', () => {
  it('adds a route to the service prefix list in each route table, and removes it on delete', async () => {
    const { ec2, vpc, routeTable } = await setup();
    const tables = [await routeTable(), await routeTable()];
    const out = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpc,
        ServiceName: s3,
        VpcEndpointType: 'Gateway',
        RouteTableIds: tables,
        TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'Name', Value: 's3' }] }],
      }),
    );
    const endpoint = out.VpcEndpoint!;
    expect(endpoint.VpcEndpointId).toMatch(/^vpce-[0-9a-f]{17}$/);
    expect(endpoint).toMatchObject({ State: 'available', VpcEndpointType: 'Gateway', RouteTableIds: tables, Tags: [{ Key: 'Name', Value: 's3' }] });
    const prefixList = await s3PrefixList(ec2);
    expect(prefixList).toMatch(/^pl-[0-9a-f]{8}$/);
    const routesTo = async () => {
      const described = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: tables }));
      return described.RouteTables!.map((t) => t.Routes!.filter((r) => r.DestinationPrefixListId === prefixList).map((r) => r.GatewayId));
    };
    expect(await routesTo()).toEqual([[endpoint.VpcEndpointId], [endpoint.VpcEndpointId]]);
    await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [endpoint.VpcEndpointId!] }));
    expect(await routesTo()).toEqual([[], []]);
  });

  it('refuses a second endpoint of the service on the same route table with RouteAlreadyExists', async () => {
    const { ec2, vpc, routeTable } = await setup();
    const table = await routeTable();
    await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: s3, RouteTableIds: [table] }));
    await expectEc2Error(ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: s3, RouteTableIds: [table] })), 'RouteAlreadyExists');
  });

  it('adds and removes route tables with ModifyVpcEndpoint', async () => {
    const { ec2, vpc, routeTable, endpoint } = await setup();
    const [a, b] = [await routeTable(), await routeTable()];
    const id = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: s3, RouteTableIds: [a] }))).VpcEndpoint!.VpcEndpointId!;
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddRouteTableIds: [b], RemoveRouteTableIds: [a] }));
    expect((await endpoint(id)).RouteTableIds).toEqual([b]);
    await expectEc2Error(ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddRouteTableIds: ['rtb-0123456789abcdef0'] })), 'InvalidRouteTableID.NotFound');
  });

  it.each([
    [`com.amazonaws.${REGION}.nosuchservice`, 'InvalidServiceName'],
    [`com.amazonaws.us-east-1.s3`, 'InvalidServiceName'],
    [`com.amazonaws.${REGION}.logs`, 'InvalidParameter'],
  ])('refuses gateway service %s with %s', async (serviceName, code) => {
    const { ec2, vpc } = await setup();
    await expectEc2Error(ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: serviceName, VpcEndpointType: 'Gateway' })), code);
  });
});

describe('interface endpoints', () => {
  it('is pending until asyncDelayMs has passed, then available', async () => {
    const { sim, ec2, vpc, subnet, group, endpoint } = await setup({ asyncDelayMs: 40 });
    const created = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpc,
        ServiceName: logs,
        VpcEndpointType: 'Interface',
        SubnetIds: [await subnet('10.0.0.0/24', 'a'), await subnet('10.0.1.0/24', 'b')],
        SecurityGroupIds: [await group('endpoints')],
        PrivateDnsEnabled: true,
      }),
    );
    const id = created.VpcEndpoint!.VpcEndpointId!;
    expect(created.VpcEndpoint!.State).toBe('pending');
    expect((await endpoint(id)).State).toBe('pending');
    sim.advance(50);
    expect((await endpoint(id)).State).toBe('available');
  });

  it('refuses two subnets in one zone with DuplicateSubnetsInSameZone', async () => {
    const { ec2, vpc, subnet } = await setup();
    const subnets = [await subnet('10.0.0.0/24', 'a'), await subnet('10.0.1.0/24', 'a')];
    await expectEc2Error(
      ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: logs, VpcEndpointType: 'Interface', SubnetIds: subnets })),
      'DuplicateSubnetsInSameZone',
    );
  });

  it('refuses private DNS in a VPC without DNS hostnames, and allows it off', async () => {
    const { ec2, vpc, subnet } = await setup({}, false);
    const subnetId = await subnet('10.0.0.0/24', 'a');
    await expectEc2Error(
      ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: logs, VpcEndpointType: 'Interface', SubnetIds: [subnetId] })),
      'InvalidParameter',
    );
    const out = await ec2.send(
      new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: logs, VpcEndpointType: 'Interface', SubnetIds: [subnetId], PrivateDnsEnabled: false }),
    );
    // Without SecurityGroupIds the VPC's default group is used.
    expect(out.VpcEndpoint!.Groups).toHaveLength(1);
  });

  it('blocks deleting its subnet, its security group and its VPC until the delete has finished', async () => {
    const { sim, ec2, vpc, subnet, group, endpoint } = await setup({ asyncDelayMs: 40 });
    const subnetId = await subnet('10.0.0.0/24', 'a');
    const groupId = await group('endpoints');
    const id = (
      await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: logs, VpcEndpointType: 'Interface', SubnetIds: [subnetId], SecurityGroupIds: [groupId] }))
    ).VpcEndpoint!.VpcEndpointId!;
    await expectEc2Error(ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId })), 'DependencyViolation');
    await expectEc2Error(ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId })), 'DependencyViolation');
    await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [id] }));
    expect((await endpoint(id)).State).toBe('deleting');
    await expectEc2Error(ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId })), 'DependencyViolation');
    sim.advance(50);
    expect((await endpoint(id)).State).toBe('deleted');
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
    await ec2.send(new DeleteVpcCommand({ VpcId: vpc }));
  });

  it('changes subnets, groups and private DNS with ModifyVpcEndpoint', async () => {
    const { ec2, vpc, subnet, group, endpoint } = await setup();
    const [a, b] = [await subnet('10.0.0.0/24', 'a'), await subnet('10.0.1.0/24', 'b')];
    const [g1, g2] = [await group('one'), await group('two')];
    const id = (
      await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: logs, VpcEndpointType: 'Interface', SubnetIds: [a], SecurityGroupIds: [g1] }))
    ).VpcEndpoint!.VpcEndpointId!;
    await ec2.send(
      new ModifyVpcEndpointCommand({ VpcEndpointId: id, AddSubnetIds: [b], AddSecurityGroupIds: [g2], RemoveSecurityGroupIds: [g1], PrivateDnsEnabled: false }),
    );
    const after = await endpoint(id);
    expect(after.SubnetIds).toEqual([a, b]);
    expect(after.Groups).toEqual([{ GroupId: g2 }]);
    expect(after.PrivateDnsEnabled).toBe(false);
  });
});

describe('interface endpoints in a shared VPC', () => {
  it('makes a participant name its own security groups: the VPC\'s default group is the owner\'s', async () => {
    const { sim, vpc, subnet } = await setup();
    const participantScope = { account: ACCOUNT_B, region: REGION };
    const participant = sim.client(EC2Client, participantScope);
    await participant.send(new DescribeVpcsCommand({})); // account B joins the simulated organization
    const subnetId = await subnet('10.0.0.0/24', 'a');
    const subnetArn = `arn:aws:ec2:${REGION}:${ACCOUNT_A}:subnet/${subnetId}`;
    await sim.client(RAMClient, scope).send(new CreateResourceShareCommand({ name: 'net', resourceArns: [subnetArn], principals: [ACCOUNT_B] }));
    sim.advance(60_000);

    await expectEc2Error(
      participant.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: logs, VpcEndpointType: 'Interface', SubnetIds: [subnetId] })),
      'InvalidParameter',
    );
    const own = (await participant.send(new CreateSecurityGroupCommand({ GroupName: 'mine', Description: 'mine', VpcId: vpc }))).GroupId!;
    const created = await participant.send(
      new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: logs, VpcEndpointType: 'Interface', SubnetIds: [subnetId], SecurityGroupIds: [own] }),
    );
    expect(created.VpcEndpoint?.Groups?.map((g) => g.GroupId)).toEqual([own]);
  });
});

describe('CreateVpcEndpoint client token', () => {
  it('replays the original endpoint for a repeated token, and refuses the token with other parameters', async () => {
    const { ec2, vpc, routeTable } = await setup();
    const table = await routeTable();
    const input = { VpcId: vpc, ServiceName: s3, RouteTableIds: [table], ClientToken: 'token-1' };
    const first = await ec2.send(new CreateVpcEndpointCommand(input));
    const again = await ec2.send(new CreateVpcEndpointCommand(input));
    expect(again.VpcEndpoint!.VpcEndpointId).toBe(first.VpcEndpoint!.VpcEndpointId);
    const all = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }));
    expect(all.VpcEndpoints).toHaveLength(1);
    await expectEc2Error(ec2.send(new CreateVpcEndpointCommand({ ...input, RouteTableIds: [] })), 'IdempotentParameterMismatch');
  });
});

describe('DescribeVpcEndpoints and DeleteVpcEndpoints', () => {
  it('filters by tag and state across pages', async () => {
    const { ec2, vpc, routeTable } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const service = i === 1 ? `com.amazonaws.${REGION}.dynamodb` : s3;
      const out = await ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpc,
          ServiceName: service,
          RouteTableIds: [await routeTable()],
          TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'trellis:owner', Value: 'me' }] }],
        }),
      );
      ids.push(out.VpcEndpoint!.VpcEndpointId!);
    }
    await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [ids[0]!] }));
    const found: VpcEndpoint[] = [];
    const filters = [
      { Name: 'tag:trellis:owner', Values: ['me'] },
      { Name: 'vpc-endpoint-state', Values: ['available', 'pending'] },
    ];
    for await (const page of paginateDescribeVpcEndpoints({ client: ec2 }, { Filters: filters })) {
      found.push(...page.VpcEndpoints!);
    }
    expect(found.map((e) => e.VpcEndpointId).sort()).toEqual([ids[1], ids[2]].sort());
    const byService = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'service-name', Values: [`com.amazonaws.${REGION}.dynamodb`] }] }));
    expect(byService.VpcEndpoints!.map((e) => e.VpcEndpointId)).toEqual([ids[1]]);
  });

  it('reports unknown IDs as Unsuccessful instead of failing, and deletes the others', async () => {
    const { ec2, vpc, routeTable, endpoint } = await setup();
    const id = (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: s3, RouteTableIds: [await routeTable()] }))).VpcEndpoint!.VpcEndpointId!;
    const out = await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [id, 'vpce-0123456789abcdef0'] }));
    expect(out.Unsuccessful).toEqual([
      { ResourceId: 'vpce-0123456789abcdef0', Error: { Code: 'InvalidVpcEndpoint.NotFound', Message: expect.any(String) } },
    ]);
    expect((await endpoint(id)).State).toBe('deleted');
    await expectEc2Error(ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: ['vpce-0123456789abcdef0'] })), 'InvalidVpcEndpointId.NotFound');
  });
});
