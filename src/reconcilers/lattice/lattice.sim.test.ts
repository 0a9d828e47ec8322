import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DeleteServiceNetworkCommand, VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { describe, expect, it } from 'vitest';
import type { DesiredResource } from '../../core/types.js';
import { desiredResource, SCOPE, simContext } from '../ec2/test-helpers.js';
import { resourceAssociationReconciler } from './resource-association/index.js';
import { resourceConfigurationReconciler } from './resource-configuration/index.js';
import { resourceGatewayReconciler } from './resource-gateway/index.js';
import { serviceNetworkReconciler } from './service-network/index.js';
import { vpcAssociationReconciler } from './vpc-association/index.js';

async function setup() {
  const simulated = await simContext({ asyncDelayMs: 30 });
  const { sim } = simulated;
  const ctx = { ...simulated.ctx, wait: { firstDelayMs: 5, maxDelayMs: 20, timeoutMs: 5_000 } };
  const ec2 = sim.client(EC2Client, SCOPE);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.0.0.0/24' }))).Subnet!.SubnetId!;
  const group = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'app', Description: 'app' }))).GroupId!;
  const group2 = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'db', Description: 'db' }))).GroupId!;
  return { sim, ctx, vpc, subnet, group, group2 };
}

const d = (type: string, local: string, spec: Record<string, unknown>): DesiredResource => desiredResource(`vpc-lattice:${type}`, `share/s/${type}/${local}`, spec);

describe('VPC Lattice reconcilers (simulation)', () => {
  it('build a share chain with client tokens, wait for ACTIVE, observe in sync, and delete associations before the network', async () => {
    const { sim, ctx, vpc, subnet, group, group2 } = await setup();
    const network = await serviceNetworkReconciler.create(ctx, d('service-network', 'main', { name: 'shared', authType: 'AWS_IAM', authPolicy: null }), { clientToken: 't1' });

    const vpcAssoc = d('service-network-vpc-association', 'core', { serviceNetworkIdentifier: network.id, vpcIdentifier: vpc, securityGroupIds: [group] });
    const association = await vpcAssociationReconciler.create(ctx, vpcAssoc, { clientToken: 't2' });
    expect((await vpcAssociationReconciler.create(ctx, vpcAssoc, { clientToken: 't2' })).id).toBe(association.id);
    expect((await vpcAssociationReconciler.readiness!.check(ctx, [association.id])).get(association.id)).toBe('pending');

    const gatewayDesired = d('resource-gateway', 'data', { name: 'core-data', vpcIdentifier: vpc, subnetIds: [subnet], securityGroupIds: [group] });
    const gateway = await resourceGatewayReconciler.create(ctx, gatewayDesired, { clientToken: 't3' });
    const configDesired = d('resource-configuration', 'db', {
      name: 'orders-db',
      resourceGatewayIdentifier: gateway.outputs.id,
      definition: { dnsName: 'orders.example.internal' },
      portRanges: ['5432'],
      protocol: 'TCP',
    });
    const configuration = await resourceConfigurationReconciler.create(ctx, configDesired, { clientToken: 't4' });
    const raDesired = d('service-network-resource-association', 'db', { serviceNetworkIdentifier: network.id, resourceConfigurationIdentifier: configuration.id });
    const ra = await resourceAssociationReconciler.create(ctx, raDesired, { clientToken: 't5' });

    sim.advance(30);
    expect((await vpcAssociationReconciler.readiness!.check(ctx, [association.id])).get(association.id)).toBe('ready');
    expect((await resourceGatewayReconciler.readiness!.check(ctx, [gateway.id])).get(gateway.id)).toBe('ready');
    expect((await resourceAssociationReconciler.readiness!.check(ctx, [ra.id])).get(ra.id)).toBe('ready');

    const pairs = [
      [vpcAssociationReconciler, vpcAssoc],
      [resourceGatewayReconciler, gatewayDesired],
      [resourceConfigurationReconciler, configDesired],
      [resourceAssociationReconciler, raDesired],
    ] as const;
    for (const [reconciler, desired] of pairs) {
      const live = await reconciler.observe(ctx);
      expect(live).toHaveLength(1);
      expect(live[0]!.address).toBe(desired.address);
      expect(reconciler.diff!(desired, live[0]!)).toEqual([]);
      expect(await reconciler.findByAddress(ctx, desired.address)).toHaveLength(1);
    }
    const [liveVpcAssoc] = await vpcAssociationReconciler.observe(ctx);
    expect(liveVpcAssoc!.references).toEqual(expect.arrayContaining([network.id, vpc, group]));
    const [liveConfig] = await resourceConfigurationReconciler.observe(ctx);
    expect(liveConfig!.references).toEqual([gateway.id]);

    // Security groups change in place.
    const moved = { ...vpcAssoc, spec: { ...vpcAssoc.spec, securityGroupIds: [group2, group] } };
    const changes = vpcAssociationReconciler.diff!(moved, liveVpcAssoc!);
    expect(changes.map((c) => c.path)).toEqual(['securityGroupIds']);
    await vpcAssociationReconciler.update(ctx, moved, liveVpcAssoc!, changes);
    expect(vpcAssociationReconciler.diff!(moved, (await vpcAssociationReconciler.observe(ctx))[0]!)).toEqual([]);

    // A network with associations cannot be deleted.
    const lattice = sim.client(VPCLatticeClient, SCOPE);
    await expect(lattice.send(new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: network.id }))).rejects.toMatchObject({ name: 'ConflictException' });

    for (const reconciler of [vpcAssociationReconciler, resourceAssociationReconciler, resourceConfigurationReconciler, resourceGatewayReconciler, serviceNetworkReconciler]) {
      for (const live of await reconciler.observe(ctx)) await reconciler.delete(ctx, live);
      expect(await reconciler.observe(ctx)).toEqual([]);
    }
  });
});
