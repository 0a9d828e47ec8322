import {
  AssociateRouteTableCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DescribeRouteTablesCommand,
  DisassociateRouteTableCommand,
  EC2Client,
  EC2ServiceException,
  ReplaceRouteCommand,
  ReplaceRouteTableAssociationCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockContext } from '../../test-context.js';
import { KNOWN_AFTER_APPLY } from '../../../core/diff.js';
import type { ObservedResource } from '../../../core/types.js';
import { desiredResource } from '../test-helpers.js';
import { routeTableReconciler as reconciler } from './index.js';

const ec2Mock = mockClient(EC2Client);
const { ctx } = mockContext(EC2Client);
const ADDRESS = 'network/core/route-table/private-a';
const desired = (routes: unknown[], subnetIds: unknown[]) => desiredResource('ec2:route-table', ADDRESS, { vpcId: 'vpc-1', routes, subnetIds });

/** DescribeRouteTables output for a table with the local route, an endpoint route and `routes`. */
const liveTable = (routes: object[], associations: object[] = []) => ({
  RouteTableId: 'rtb-1',
  VpcId: 'vpc-1',
  Routes: [
    { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable' as const, State: 'active' as const },
    { DestinationPrefixListId: 'pl-63a5400a', GatewayId: 'vpce-1', Origin: 'CreateRoute' as const, State: 'active' as const },
    ...routes,
  ],
  Associations: [...associations],
  Tags: [{ Key: 'trellis:address', Value: ADDRESS }],
});

async function observeOne(table: ReturnType<typeof liveTable>): Promise<ObservedResource> {
  ec2Mock.on(DescribeRouteTablesCommand).resolvesOnce({ RouteTables: [table] });
  const [observed] = await reconciler.observe(ctx);
  ec2Mock.reset();
  return observed!;
}

describe('route table reconciler', () => {
  beforeEach(() => ec2Mock.reset());

  it('observes managed routes and subnet associations only, keeping association IDs in outputs', async () => {
    const observed = await observeOne(
      liveTable(
        [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', Origin: 'CreateRoute', State: 'active' }],
        [{ Main: false, SubnetId: 'subnet-1', RouteTableAssociationId: 'rtbassoc-1', AssociationState: { State: 'associated' } }],
      ),
    );
    expect(observed).toMatchObject({
      id: 'rtb-1',
      address: ADDRESS,
      spec: { vpcId: 'vpc-1', routes: [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1' }], subnetIds: ['subnet-1'] },
      outputs: { id: 'rtb-1', associations: { 'subnet-1': 'rtbassoc-1' } },
      references: ['vpc-1', 'nat-1'],
    });
  });

  it('compares routes and subnets as sets, whatever their order', async () => {
    const observed = await observeOne(
      liveTable(
        [
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', Origin: 'CreateRoute', State: 'active' },
          { DestinationCidrBlock: '192.168.0.0/16', NatGatewayId: 'nat-1', Origin: 'CreateRoute', State: 'active' },
        ],
        [
          { SubnetId: 'subnet-2', RouteTableAssociationId: 'rtbassoc-2' },
          { SubnetId: 'subnet-1', RouteTableAssociationId: 'rtbassoc-1' },
        ],
      ),
    );
    const same = desired(
      [
        { natGatewayId: 'nat-1', destinationCidrBlock: '192.168.0.0/16' },
        { destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-1' },
      ],
      ['subnet-1', 'subnet-2'],
    );
    expect(reconciler.diff!(same, observed)).toEqual([]);
    expect(observed.references).toEqual(['vpc-1', 'igw-1', 'nat-1']);
  });

  it('counts a blackhole route as drift and replaces it', async () => {
    const observed = await observeOne(liveTable([{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', Origin: 'CreateRoute', State: 'blackhole' }]));
    const wanted = desired([{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1' }], []);
    const changes = reconciler.diff!(wanted, observed);
    expect(changes).toEqual([
      {
        path: 'routes',
        from: [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1', state: 'blackhole' }],
        to: [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1' }],
        replace: false,
      },
    ]);
    ec2Mock.on(ReplaceRouteCommand).resolves({});
    await reconciler.update(ctx, wanted, observed, changes);
    expect(ec2Mock.calls().map((call) => [call.args[0].constructor.name, call.args[0].input])).toEqual([
      ['ReplaceRouteCommand', { RouteTableId: 'rtb-1', DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }],
    ]);
  });

  it('treats a target not known before apply as a change', async () => {
    const observed = await observeOne(liveTable([{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', Origin: 'CreateRoute', State: 'active' }]));
    const changes = reconciler.diff!(desired([{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: KNOWN_AFTER_APPLY }], []), observed);
    expect(changes.map((change) => change.path)).toEqual(['routes']);
  });

  it('updates routes narrowly: create the new destination, replace the changed target, delete the removed one', async () => {
    const observed = await observeOne(
      liveTable([
        { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-old', Origin: 'CreateRoute', State: 'active' },
        { DestinationCidrBlock: '172.16.0.0/12', GatewayId: 'igw-1', Origin: 'CreateRoute', State: 'active' },
        { DestinationCidrBlock: '192.168.0.0/16', GatewayId: 'igw-1', Origin: 'CreateRoute', State: 'active' },
      ]),
    );
    const wanted = desired(
      [
        { destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-new' },
        { destinationCidrBlock: '172.16.0.0/12', gatewayId: 'igw-1' },
        { destinationCidrBlock: '100.64.0.0/10', gatewayId: 'igw-1' },
      ],
      [],
    );
    ec2Mock.on(CreateRouteCommand).resolves({ Return: true });
    ec2Mock.on(ReplaceRouteCommand).resolves({});
    ec2Mock.on(DeleteRouteCommand).resolves({});
    await reconciler.update(ctx, wanted, observed, reconciler.diff!(wanted, observed));
    expect(ec2Mock.calls().map((call) => [call.args[0].constructor.name, call.args[0].input])).toEqual([
      ['ReplaceRouteCommand', { RouteTableId: 'rtb-1', DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-new' }],
      ['CreateRouteCommand', { RouteTableId: 'rtb-1', DestinationCidrBlock: '100.64.0.0/10', GatewayId: 'igw-1' }],
      ['DeleteRouteCommand', { RouteTableId: 'rtb-1', DestinationCidrBlock: '192.168.0.0/16' }],
    ]);
  });

  it('moves a subnet explicitly associated elsewhere, associates a free one, and disassociates a removed one', async () => {
    const observed = await observeOne(liveTable([], [{ SubnetId: 'subnet-old', RouteTableAssociationId: 'rtbassoc-old' }]));
    const wanted = desired([], ['subnet-free', 'subnet-taken']);
    ec2Mock.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [{ RouteTableId: 'rtb-other', Associations: [{ SubnetId: 'subnet-taken', RouteTableAssociationId: 'rtbassoc-taken' }] }],
    });
    ec2Mock.on(ReplaceRouteTableAssociationCommand).resolves({ NewAssociationId: 'rtbassoc-new' });
    ec2Mock.on(AssociateRouteTableCommand).resolves({ AssociationId: 'rtbassoc-free' });
    ec2Mock.on(DisassociateRouteTableCommand).resolves({});
    const changes = reconciler.diff!(wanted, observed);
    expect(changes.map((change) => change.path)).toEqual(['subnetIds']);
    await reconciler.update(ctx, wanted, observed, changes);
    expect(ec2Mock.commandCalls(DescribeRouteTablesCommand)[0]!.args[0].input).toMatchObject({
      Filters: [{ Name: 'association.subnet-id', Values: ['subnet-free', 'subnet-taken'] }],
    });
    expect(ec2Mock.commandCalls(ReplaceRouteTableAssociationCommand)[0]!.args[0].input).toEqual({ AssociationId: 'rtbassoc-taken', RouteTableId: 'rtb-1' });
    expect(ec2Mock.commandCalls(AssociateRouteTableCommand)[0]!.args[0].input).toEqual({ RouteTableId: 'rtb-1', SubnetId: 'subnet-free' });
    expect(ec2Mock.commandCalls(DisassociateRouteTableCommand)[0]!.args[0].input).toEqual({ AssociationId: 'rtbassoc-old' });
    expect(ec2Mock.commandCalls(CreateRouteCommand)).toHaveLength(0);
  });

  it('creates the table with its token and tags, then its routes and associations', async () => {
    ec2Mock.on(CreateRouteTableCommand).resolves({ RouteTable: { RouteTableId: 'rtb-9' } });
    ec2Mock.on(CreateRouteCommand).resolves({ Return: true });
    ec2Mock.on(DescribeRouteTablesCommand).resolves({ RouteTables: [] });
    ec2Mock.on(AssociateRouteTableCommand).resolves({ AssociationId: 'rtbassoc-9' });
    const created = await reconciler.create(ctx, desired([{ destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-1' }], ['subnet-1']), { clientToken: 'token-1' });
    expect(created).toEqual({ id: 'rtb-9', outputs: { id: 'rtb-9', associations: { 'subnet-1': 'rtbassoc-9' } } });
    expect(ec2Mock.commandCalls(CreateRouteTableCommand)[0]!.args[0].input).toEqual({
      VpcId: 'vpc-1',
      ClientToken: 'token-1',
      TagSpecifications: [{ ResourceType: 'route-table', Tags: expect.arrayContaining([{ Key: 'trellis:address', Value: ADDRESS }]) }],
    });
    expect(ec2Mock.commandCalls(CreateRouteCommand)[0]!.args[0].input).toEqual({ RouteTableId: 'rtb-9', DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' });
  });

  it('replaces the target of a route that already exists when a replayed create finds it', async () => {
    ec2Mock.on(CreateRouteTableCommand).resolves({ RouteTable: { RouteTableId: 'rtb-9' } });
    ec2Mock.on(CreateRouteCommand).rejects(new EC2ServiceException({ name: 'RouteAlreadyExists', $fault: 'client', $metadata: {} }));
    ec2Mock.on(ReplaceRouteCommand).resolves({});
    await reconciler.create(ctx, desired([{ destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-1' }], []), { clientToken: 'token-1' });
    expect(ec2Mock.commandCalls(ReplaceRouteCommand)).toHaveLength(1);
  });

  it('takes the association a replayed AssociateRouteTable made instead of failing on Resource.AlreadyAssociated', async () => {
    ec2Mock.on(CreateRouteTableCommand).resolves({ RouteTable: { RouteTableId: 'rtb-9' } });
    ec2Mock
      .on(DescribeRouteTablesCommand)
      .resolvesOnce({ RouteTables: [] })
      .resolves({ RouteTables: [{ RouteTableId: 'rtb-9', Associations: [{ SubnetId: 'subnet-1', RouteTableAssociationId: 'rtbassoc-lost' }] }] });
    ec2Mock.on(AssociateRouteTableCommand).rejects(new EC2ServiceException({ name: 'Resource.AlreadyAssociated', $fault: 'client', $metadata: {} }));
    const created = await reconciler.create(ctx, desired([], ['subnet-1']), { clientToken: 'token-1' });
    expect(created.outputs).toEqual({ id: 'rtb-9', associations: { 'subnet-1': 'rtbassoc-lost' } });
    expect(ec2Mock.commandCalls(ReplaceRouteTableAssociationCommand)).toHaveLength(0);
  });

  it('disassociates every subnet before deleting the table', async () => {
    const observed = await observeOne(liveTable([], [{ SubnetId: 'subnet-1', RouteTableAssociationId: 'rtbassoc-1' }]));
    ec2Mock.on(DisassociateRouteTableCommand).resolves({});
    ec2Mock.on(DeleteRouteTableCommand).resolves({});
    await reconciler.delete(ctx, observed);
    expect(ec2Mock.calls().map((call) => call.args[0].constructor.name)).toEqual(['DisassociateRouteTableCommand', 'DeleteRouteTableCommand']);
  });
});
