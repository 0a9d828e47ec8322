/**
 * Internet gateways. CreateInternetGateway takes no client token: observe-before-retry. The spec's
 * `vpcId` is the attachment, made by a second call (AttachInternetGateway) after the create, through
 * `ctx.retry` (the new gateway and a new VPC may still be propagating). If that attach fails for good,
 * the next run observes a detached gateway and `update` attaches it.
 *
 * Attachment rules (EC2 API Reference, AttachInternetGateway / DetachInternetGateway /
 * DeleteInternetGateway): one gateway per VPC and one VPC per gateway; a gateway must be detached before
 * it is deleted; a detach fails with `DependencyViolation` while the VPC maps public addresses (NAT
 * gateways), which the engine retries on deletes — NAT gateways list the gateway of their VPC in their
 * `references`, so they are normally gone first.
 */
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  DeleteInternetGatewayCommand,
  DetachInternetGatewayCommand,
  EC2Client,
  paginateDescribeInternetGateways,
  type Filter,
  type InternetGateway,
} from '@aws-sdk/client-ec2';
import { errorCode } from '../../../core/classify.js';
import { valueChange } from '../../../core/diff.js';
import { defineReconciler } from '../../../core/resource-type.js';
import { sharedListing, type FieldChange, type ReconcilerContext } from '../../../core/reconciler.js';
import { addressFilters, applyTagChanges, ownerFilters, releaseOwnership } from '../tags.js';
import { allItems } from '../../pages.js';
import { VPC_TYPE } from '../vpc/sdk.js';
import { createInternetGatewayInput, observedInternetGateway } from './sdk.js';
import { INTERNET_GATEWAY } from './type.js';

/** DescribeInternetGateways accepts MaxResults 5–1000 (EC2 API Reference, DescribeInternetGateways). */
const PAGE_SIZE = 1000;

function listInternetGateways(ctx: ReconcilerContext, filters: Filter[]): Promise<InternetGateway[]> {
  const client = ctx.clients.get(EC2Client);
  return allItems(paginateDescribeInternetGateways({ client, pageSize: PAGE_SIZE }, { Filters: filters }), (page) => page.InternetGateways);
}

/**
 * The scope's owned gateways, listed once per observe pass (`sharedListing`): NAT gateways look up
 * the gateway attached to their VPC here first.
 */
export function ownedInternetGateways(ctx: ReconcilerContext): Promise<InternetGateway[]> {
  return sharedListing(ctx, 'EC2:DescribeInternetGateways owner', () => listInternetGateways(ctx, ownerFilters(ctx.owner)));
}

async function describe(ctx: ReconcilerContext, filters: Filter[]) {
  return (await listInternetGateways(ctx, filters)).map((gateway) => observedInternetGateway(gateway, ctx.scope));
}

async function attach(ctx: ReconcilerContext, gatewayId: string, vpcId: string): Promise<void> {
  const client = ctx.clients.get(EC2Client);
  await ctx.retry('attach internet gateway', () => client.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId })));
}

/** Detaches; a gateway already detached from that VPC (`Gateway.NotAttached`) counts as done. */
async function detach(ctx: ReconcilerContext, gatewayId: string, vpcId: string): Promise<void> {
  const client = ctx.clients.get(EC2Client);
  try {
    await client.send(new DetachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
  } catch (error) {
    if (errorCode(error) !== 'Gateway.NotAttached') throw error;
  }
}

export const internetGatewayReconciler = defineReconciler({
  type: INTERNET_GATEWAY,
  idempotency: 'observe',
  dependsOn: [VPC_TYPE],
  // `vpcId` is a replace field only when the gateway is attached elsewhere; see `diff`.
  replaceFields: [],

  observe: async (ctx) => (await ownedInternetGateways(ctx)).map((gateway) => observedInternetGateway(gateway, ctx.scope)),
  findByAddress: (ctx, address) => describe(ctx, addressFilters(ctx.owner, address)),

  /**
   * Attaching a detached gateway is an in-place update. Moving an attached gateway to another VPC is
   * planned as a replacement: a Network's VPC changes only when that VPC is replaced, and an in-place
   * move would then be unorderable for the engine (update:igw waits for create:vpc, which waits for
   * delete:vpc, which waits for update:igw — "apply order has a cycle"). `update` still moves a
   * gateway in place (detach, attach) should the engine learn to order that.
   */
  diff(desired, observed) {
    const change = valueChange('vpcId', desired.spec.vpcId, observed.spec.vpcId, observed.spec.vpcId !== undefined);
    return change ? [change] : [];
  },

  /** Only the creating call: the engine then attaches the gateway through `update`. */
  async create(ctx, desired) {
    // Single SDK attempt: a lost response must reach the engine, which re-observes before retrying.
    const ec2 = ctx.clients.get(EC2Client, { retryAmbiguous: false });
    const { InternetGateway: gateway } = await ec2.send(new CreateInternetGatewayCommand(createInternetGatewayInput(desired)));
    const id = gateway?.InternetGatewayId;
    if (!id) throw new Error('CreateInternetGateway returned no internet gateway ID');
    return { id, outputs: { id }, spec: { vpcId: undefined } };
  },

  async update(ctx, desired, observed, changes: readonly FieldChange[]) {
    if (changes.some((change) => change.path === 'vpcId')) {
      const from = observed.spec.vpcId;
      const to = desired.spec.vpcId;
      if (from) await ctx.retry('detach internet gateway', () => detach(ctx, observed.id, from));
      if (to) await attach(ctx, observed.id, to);
    }
    await applyTagChanges(ctx, observed.id, changes);
  },

  async delete(ctx, observed) {
    const { vpcId } = observed.spec;
    if (vpcId) await detach(ctx, observed.id, vpcId);
    await ctx.clients.get(EC2Client).send(new DeleteInternetGatewayCommand({ InternetGatewayId: observed.id }));
  },

  release: (ctx, observed) => releaseOwnership(ctx, observed.id),
});
