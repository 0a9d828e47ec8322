/** The VPC endpoint reconciler against the simulation, through the real SDK and engine retries. */
import {
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
  DescribeRouteTablesCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { simContext } from '../../test-context.js';
import { diffResource } from '../../../core/diff.js';
import type { DesiredResource } from '../../../core/types.js';
import { vpcEndpointReconciler as reconciler } from './index.js';

const scope = { account: '111111111111', region: 'eu-west-1' };

async function setup() {
  const { sim, ctx } = await simContext({ asyncDelayMs: 30 }, scope);
  const ec2 = ctx.clients.get(EC2Client);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const subnet = async (cidr: string, zone: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: `${scope.region}${zone}` }))).Subnet!.SubnetId!;
  const routeTable = async () => (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  const groupId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'endpoints', Description: 'endpoints' }))).GroupId!;
  return { sim, ctx, ec2, vpcId, subnet, routeTable, groupId };
}

function endpoint(service: string, spec: Record<string, unknown>): DesiredResource {
  const address = `network/core/vpc-endpoint/${service}`;
  return {
    address,
    type: 'ec2:vpc-endpoint',
    scope,
    spec: { serviceName: `com.amazonaws.${scope.region}.${service}`, ...spec },
    tags: { Name: `core-${service}`, 'trellis:owner': 'trellis', 'trellis:address': address },
    source: { file: 'net.json', pointer: '/spec/endpoints' },
    deletionPolicy: 'Delete',
    ignoreDrift: [],
    mode: 'enforce',
  };
}

describe('VPC endpoints against the simulation', () => {
  it('creates an interface endpoint, which becomes ready, updates its subnets and deletes it before its subnet', async () => {
    const { sim, ctx, ec2, vpcId, subnet, groupId } = await setup();
    const [a, b] = [await subnet('10.0.0.0/24', 'a'), await subnet('10.0.1.0/24', 'b')];
    const desired = endpoint('logs', { vpcId, vpcEndpointType: 'Interface', subnetIds: [a], securityGroupIds: [groupId], privateDnsEnabled: true });
    const created = await reconciler.create(ctx, desired, { clientToken: 'run-1' });
    // A retried create with the same token (lost response) gives the same endpoint.
    expect((await reconciler.create(ctx, desired, { clientToken: 'run-1' })).id).toBe(created.id);
    sim.advance(60_000);
    expect((await reconciler.readiness!.check(ctx, [created.id])).get(created.id)).toBe('ready');

    const [observed] = await reconciler.observe(ctx);
    expect(observed).toMatchObject({ id: created.id, address: desired.address, outputs: { state: 'available' } });
    expect(observed!.references).toEqual([vpcId, a, groupId]);
    expect(diffResource(reconciler, desired, observed!)).toEqual([]);

    const wider = endpoint('logs', { ...desired.spec, subnetIds: [b, a] });
    const changes = diffResource(reconciler, wider, observed!);
    sim.calls.reset();
    await reconciler.update(ctx, wider, observed!, changes);
    expect(sim.calls.mutatingOperations()).toEqual({ 'EC2:ModifyVpcEndpoint': 1 });
    const [updated] = await reconciler.findByAddress(ctx, desired.address);
    expect(diffResource(reconciler, wider, updated!)).toEqual([]);

    await reconciler.delete(ctx, updated!);
    expect(await reconciler.observe(ctx)).toEqual([]);
    // Deleted, not just deleting: the subnet can go right away.
    await ec2.send(new DeleteSubnetCommand({ SubnetId: a }));
  });

  it('creates a gateway endpoint that routes its route tables to the service prefix list', async () => {
    const { ctx, ec2, vpcId, routeTable } = await setup();
    const tables = [await routeTable(), await routeTable()];
    const desired = endpoint('s3', { vpcId, vpcEndpointType: 'Gateway', routeTableIds: tables });
    const created = await reconciler.create(ctx, desired, { clientToken: 'run-1' });
    const described = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: tables }));
    for (const table of described.RouteTables!) {
      expect(table.Routes!.filter((route) => route.GatewayId === created.id)).toEqual([
        expect.objectContaining({ DestinationPrefixListId: expect.stringMatching(/^pl-/), State: 'active' }),
      ]);
    }
    const [observed] = await reconciler.observe(ctx);
    expect(diffResource(reconciler, desired, observed!)).toEqual([]);
    await reconciler.delete(ctx, observed!);
    const after = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: tables }));
    expect(after.RouteTables!.flatMap((table) => table.Routes!.filter((route) => route.GatewayId === created.id))).toEqual([]);
  });
});
