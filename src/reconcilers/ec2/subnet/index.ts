/**
 * Subnets. CreateSubnet takes no client token: observe-before-retry. Right after its VPC is created,
 * CreateSubnet can fail with `InvalidVpcID.NotFound` (eventual consistency); nothing was created then,
 * so the engine simply retries.
 */
import {
  CreateSubnetCommand,
  DeleteSubnetCommand,
  EC2Client,
  ModifySubnetAttributeCommand,
  paginateDescribeSubnets,
  type Filter,
} from '@aws-sdk/client-ec2';
import { defineReconciler } from '../../../core/resource-type.js';
import type { ReconcilerContext } from '../../../core/reconciler.js';
import { addressFilters, applyTagChanges, ownerFilters, releaseOwnership } from '../tags.js';
import { allItems } from '../../pages.js';
import { VPC_TYPE } from '../vpc/sdk.js';
import { createSubnetInput, observedSubnet } from './sdk.js';
import { SUBNET } from './type.js';

/** DescribeSubnets accepts MaxResults 5–1000 (EC2 API Reference, DescribeSubnets). */
const PAGE_SIZE = 1000;

async function describe(ctx: ReconcilerContext, filters: Filter[]) {
  const client = ctx.clients.get(EC2Client);
  const items = await allItems(paginateDescribeSubnets({ client, pageSize: PAGE_SIZE }, { Filters: filters }), (page) => page.Subnets);
  return items.map((subnet) => observedSubnet(subnet, ctx.scope));
}

async function setMapPublicIp(ctx: ReconcilerContext, subnetId: string, value: boolean): Promise<void> {
  const client = ctx.clients.get(EC2Client);
  await ctx.retry('set map-public-ip-on-launch', () =>
    client.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: value } })),
  );
}

export const subnetReconciler = defineReconciler({
  type: SUBNET,
  idempotency: 'observe',
  dependsOn: [VPC_TYPE],
  replaceFields: ['vpcId', 'cidrBlock', 'availabilityZone'],

  observe: (ctx) => describe(ctx, ownerFilters(ctx.owner)),
  findByAddress: (ctx, address) => describe(ctx, addressFilters(ctx.owner, address)),

  /** Only the creating call: the engine then turns public-IP mapping on through `update` if needed. */
  async create(ctx, desired) {
    const ec2 = ctx.clients.get(EC2Client, { retryAmbiguous: false });
    const { Subnet: subnet } = await ec2.send(new CreateSubnetCommand(createSubnetInput(desired)));
    if (!subnet?.SubnetId) throw new Error('CreateSubnet returned no subnet ID');
    // CreateSubnet has no MapPublicIpOnLaunch parameter; a new subnet starts with it off.
    const created = observedSubnet(subnet, ctx.scope);
    return { id: subnet.SubnetId, outputs: created.outputs, spec: created.spec };
  },

  async update(ctx, desired, observed, changes) {
    if (changes.some((change) => change.path === 'mapPublicIpOnLaunch')) {
      await setMapPublicIp(ctx, observed.id, desired.spec.mapPublicIpOnLaunch);
    }
    await applyTagChanges(ctx, observed.id, changes);
  },

  async delete(ctx, observed) {
    await ctx.clients.get(EC2Client).send(new DeleteSubnetCommand({ SubnetId: observed.id }));
  },

  release: (ctx, observed) => releaseOwnership(ctx, observed.id),
});
