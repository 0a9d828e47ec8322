import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteNatGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DetachInternetGatewayCommand,
  DeleteInternetGatewayCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { desiredResource, SCOPE, simContext } from '../test-helpers.js';
import { routeTableReconciler as reconciler } from './index.js';

const ADDRESS = 'network/core/route-table/private-a';

describe('route table reconciler (simulation)', () => {
  it('creates, converges routes and associations, detects a blackhole, and deletes before its VPC', async () => {
    const { sim, ctx } = await simContext();
    const ec2 = sim.client(EC2Client, SCOPE);
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    const subnets: string[] = [];
    for (const cidr of ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']) {
      subnets.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr }))).Subnet!.SubnetId!);
    }
    const [a, b, c] = subnets as [string, string, string];
    const allocationId = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: a, AllocationId: allocationId }))).NatGateway!.NatGatewayId!;
    // Subnet c is explicitly associated with a table trellis does not own: the reconciler moves it.
    const foreign = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: foreign, SubnetId: c }));

    const first = desiredResource('ec2:route-table', ADDRESS, { vpcId: vpc, routes: [{ destinationCidrBlock: '0.0.0.0/0', gatewayId: igw }], subnetIds: [b, a] });
    const created = await reconciler.create(ctx, first, { clientToken: 'run-1' });
    const replay = await reconciler.create(ctx, first, { clientToken: 'run-1' });
    expect(replay.id).toBe(created.id);
    let [live] = await reconciler.observe(ctx);
    expect(live).toMatchObject({ id: created.id, spec: { vpcId: vpc, routes: [{ destinationCidrBlock: '0.0.0.0/0', gatewayId: igw }] }, references: [vpc, igw] });
    expect(reconciler.diff!(first, live!)).toEqual([]);

    const second = desiredResource('ec2:route-table', ADDRESS, { vpcId: vpc, routes: [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat }], subnetIds: [c, b] });
    await reconciler.update(ctx, second, live!, reconciler.diff!(second, live!));
    [live] = await reconciler.observe(ctx);
    expect(live!.spec).toEqual({ vpcId: vpc, routes: [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat }], subnetIds: [b, c].sort() });
    expect(reconciler.diff!(second, live!)).toEqual([]);

    await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: nat }));
    [live] = await reconciler.observe(ctx);
    expect(reconciler.diff!(second, live!).map((change) => change.path)).toEqual(['routes']);

    await reconciler.delete(ctx, live!);
    expect(await reconciler.observe(ctx)).toEqual([]);
    for (const subnet of subnets) await ec2.send(new DeleteSubnetCommand({ SubnetId: subnet }));
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw }));
    await ec2.send(new DeleteRouteTableCommand({ RouteTableId: foreign }));
    await ec2.send(new DeleteVpcCommand({ VpcId: vpc }));
  });
});
