/**
 * NAT gateways. Token-keyed: CreateNatGateway takes a ClientToken (the engine's per-run token), so the
 * SDK and the engine may retry the create freely. Every spec field is a replace field: AWS cannot move
 * a NAT gateway to another subnet, address or connectivity type.
 *
 * Readiness (README.md, "How a run stays safe"): create returns once AWS accepted the gateway; the engine waits for
 * `available` (`readiness.check`) only where a dependent needs it — routes that point at it are created
 * after it works — outside the concurrency limiter. A NAT gateway that goes `failed` (no internet
 * gateway in its VPC, address already in use — EC2 API Reference, NatGateway.FailureCode) fails its
 * create step with AWS's failure message. Delete returns only when the gateway is `deleted`, so
 * its subnet, its Elastic IP and the internet gateway of its VPC can be deleted right after.
 *
 * Observe reports `pending` and `available` gateways only. `deleting` and `deleted` ones are going or
 * gone. `failed` ones are not reported either: they hold no address, block no delete, and AWS removes
 * them by itself (they stay visible in DescribeNatGateways for about an hour); reporting them would make
 * the plan "in sync" with a gateway that does not work, whereas leaving them out plans a create, whose
 * failure message tells the operator what to fix.
 */
import {
  CreateNatGatewayCommand,
  DeleteNatGatewayCommand,
  DescribeNatGatewaysCommand,
  EC2Client,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  type Filter,
  type NatGateway,
} from '@aws-sdk/client-ec2';
import { errorCode } from '../../../core/classify.js';
import { valueChange } from '../../../core/diff.js';
import type { FieldChange, ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler } from '../../../core/resource-type.js';
import { waitUntil } from '../../wait.js';
import { EIP_TYPE } from '../eip/sdk.js';
import { ownedInternetGateways } from '../internet-gateway/index.js';
import { INTERNET_GATEWAY_TYPE, attachedVpcId } from '../internet-gateway/sdk.js';
import { SUBNET_TYPE } from '../subnet/sdk.js';
import { addressFilters, applyTagChanges, ownerFilters, releaseOwnership } from '../tags.js';
import { allItems } from '../../pages.js';
import { createNatGatewayInput, observedNatGateway } from './sdk.js';
import { NAT_GATEWAY } from './type.js';

/** DescribeNatGateways and DescribeInternetGateways accept MaxResults 5–1000 (EC2 API Reference). */
const PAGE_SIZE = 1000;
/** Values per filter we send in one call. */
const FILTER_VALUES_PER_CALL = 200;
const LIVE_STATES = ['pending', 'available'];

/**
 * The internet gateway attached to each of `vpcIds`. In observe, the owned gateways the
 * internet-gateway type lists anyway answer first (`ownedInternetGateways`, one shared listing), and
 * only VPCs they do not cover (a gateway trellis does not own) are asked for by attachment.
 */
async function internetGatewaysByVpc(ctx: ReconcilerContext, vpcIds: readonly string[], useOwned: boolean): Promise<Map<string, string>> {
  const client = ctx.clients.get(EC2Client);
  const byVpc = new Map<string, string>();
  // Only where the owned listing is shared: alone it would be one more call, not one fewer.
  if (useOwned && ctx.shared) {
    const wanted = new Set(vpcIds);
    for (const gateway of await ownedInternetGateways(ctx)) {
      const vpcId = attachedVpcId(gateway);
      if (vpcId && wanted.has(vpcId) && gateway.InternetGatewayId) byVpc.set(vpcId, gateway.InternetGatewayId);
    }
  }
  const rest = vpcIds.filter((vpcId) => !byVpc.has(vpcId));
  for (let start = 0; start < rest.length; start += FILTER_VALUES_PER_CALL) {
    const Filters = [{ Name: 'attachment.vpc-id', Values: rest.slice(start, start + FILTER_VALUES_PER_CALL) }];
    for await (const page of paginateDescribeInternetGateways({ client, pageSize: PAGE_SIZE }, { Filters })) {
      for (const gateway of page.InternetGateways ?? []) {
        const vpcId = attachedVpcId(gateway);
        if (vpcId && gateway.InternetGatewayId) byVpc.set(vpcId, gateway.InternetGatewayId);
      }
    }
  }
  return byVpc;
}

/**
 * One paginated, owner-filtered DescribeNatGateways, plus one DescribeInternetGateways for the VPCs of
 * the public gateways found (for `references`): two calls per scope, whatever the number of gateways.
 */
async function describe(ctx: ReconcilerContext, filters: Filter[], inObserve = false) {
  const client = ctx.clients.get(EC2Client);
  const Filter = [...filters, { Name: 'state', Values: LIVE_STATES }];
  const gateways = await allItems(paginateDescribeNatGateways({ client, pageSize: PAGE_SIZE }, { Filter }), (page) => page.NatGateways);
  const publicVpcs = [...new Set(gateways.filter((g) => g.ConnectivityType !== 'private' && g.VpcId).map((g) => g.VpcId!))].sort();
  const internetGateways = publicVpcs.length > 0 ? await internetGatewaysByVpc(ctx, publicVpcs, inObserve) : new Map<string, string>();
  return gateways.map((gateway) =>
    observedNatGateway(gateway, ctx.scope, gateway.ConnectivityType !== 'private' && gateway.VpcId ? internetGateways.get(gateway.VpcId) : undefined),
  );
}

/** `available` is ready; `failed` never will be (FailureCode/FailureMessage say why: no internet gateway, address in use). */
function readyState(gateway: NatGateway): 'ready' | 'pending' | { failed: string } {
  if (gateway.State === 'available') return 'ready';
  if (gateway.State === 'pending') return 'pending';
  const reason = gateway.FailureCode ? `${gateway.FailureCode}: ${gateway.FailureMessage ?? ''}` : `state ${gateway.State ?? 'unknown'}`;
  return { failed: reason };
}

/** Not found: the ID is unknown (AWS answers `NatGatewayNotFound` on Describe/Delete). */
const isNotFound = (error: unknown) => ['NatGatewayNotFound', 'InvalidNatGatewayID.NotFound'].includes(errorCode(error) ?? '');

/**
 * The gateway by ID, through `ctx.retry`: a new gateway may be unknown for a moment. When
 * `missingIsGone`, an unknown ID is not retried but answered `undefined` (a deleted gateway
 * eventually leaves Describe).
 */
async function describeOne(ctx: ReconcilerContext, id: string, missingIsGone: boolean): Promise<NatGateway | undefined> {
  const client = ctx.clients.get(EC2Client);
  return ctx.retry('describe NAT gateway', async () => {
    try {
      const out = await client.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }));
      return out.NatGateways?.[0];
    } catch (error) {
      if (missingIsGone && isNotFound(error)) return undefined;
      throw error;
    }
  });
}

export const natGatewayReconciler = defineReconciler({
  type: NAT_GATEWAY,
  idempotency: 'token',
  dependsOn: [SUBNET_TYPE, EIP_TYPE, INTERNET_GATEWAY_TYPE],
  replaceFields: ['subnetId', 'allocationId', 'connectivityType'],

  observe: (ctx) => describe(ctx, ownerFilters(ctx.owner), true),
  findByAddress: (ctx, address) => describe(ctx, addressFilters(ctx.owner, address)),

  diff(desired, observed) {
    const changes: FieldChange[] = [];
    for (const field of ['subnetId', 'allocationId', 'connectivityType'] as const) {
      const change = valueChange(field, desired.spec[field], observed.spec[field], true);
      if (change) changes.push(change);
    }
    return changes;
  },

  async create(ctx, desired, { clientToken }) {
    const client = ctx.clients.get(EC2Client);
    const out = await client.send(new CreateNatGatewayCommand(createNatGatewayInput(desired, clientToken)));
    const id = out.NatGateway?.NatGatewayId;
    if (!id) throw new Error('CreateNatGateway returned no NAT gateway ID');
    return { id, outputs: { id } };
  },

  readiness: {
    /**
     * One DescribeNatGateways for every waiting gateway, by the `nat-gateway-id` filter (a filter,
     * not NatGatewayIds: an ID not visible yet must read as pending, not fail the whole call).
     */
    async check(ctx, ids) {
      const client = ctx.clients.get(EC2Client);
      const states = new Map<string, 'ready' | 'pending' | { failed: string }>();
      for (let start = 0; start < ids.length; start += FILTER_VALUES_PER_CALL) {
        const Filter = [{ Name: 'nat-gateway-id', Values: ids.slice(start, start + FILTER_VALUES_PER_CALL) }];
        for (const gateway of await allItems(paginateDescribeNatGateways({ client, pageSize: PAGE_SIZE }, { Filter }), (page) => page.NatGateways)) {
          if (!gateway.NatGatewayId) continue;
          states.set(gateway.NatGatewayId, readyState(gateway));
        }
      }
      return states;
    },
  },

  async update(ctx, _desired, observed, changes) {
    await applyTagChanges(ctx, observed.id, changes);
  },

  async delete(ctx, observed) {
    const client = ctx.clients.get(EC2Client);
    await client.send(new DeleteNatGatewayCommand({ NatGatewayId: observed.id }));
    await waitUntil(
      ctx,
      `NAT gateway ${observed.id} to be deleted`,
      () => describeOne(ctx, observed.id, true),
      (g) => g === undefined || g.State === 'deleted',
    );
  },

  release: (ctx, observed) => releaseOwnership(ctx, observed.id),
});
