/**
 * Elastic IP addresses (VPC domain). AllocateAddress takes no client token: observe-before-retry.
 * The resource's ID is the allocation ID (`eipalloc-…`), which is also what NAT gateways reference.
 *
 * DescribeAddresses is not paginated (no MaxResults/NextToken, EC2 API Reference): one owner-filtered
 * call returns every owned address of the region.
 *
 * ReleaseAddress fails while the address is associated: `InvalidIPAddress.InUse` (API_ReleaseAddress);
 * for a NAT gateway's address AWS has also been seen answering `AuthFailure` until the NAT gateway is
 * fully gone. `InvalidIPAddress.InUse` is a dependency-pending code in the EC2 error table (deletes retry
 * it); an `AuthFailure` is turned into a retry only when the address is still associated, so that a real
 * permission error still fails at once.
 */
import { AllocateAddressCommand, DescribeAddressesCommand, EC2Client, ReleaseAddressCommand, type Filter } from '@aws-sdk/client-ec2';
import { errorCode } from '../../../core/classify.js';
import { valueChange } from '../../../core/diff.js';
import { RetryAfterError } from '../../../core/errors.js';
import type { ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler } from '../../../core/resource-type.js';
import { addressFilters, applyTagChanges, ownerFilters, releaseOwnership } from '../tags.js';
import { allocateAddressInput, eipOutputs, observedEip } from './sdk.js';
import { EIP } from './type.js';

/** How long to wait before retrying the release of an address that is still associated. */
const IN_USE_RETRY_MS = 2_000;

async function describe(ctx: ReconcilerContext, filters: Filter[]) {
  const client = ctx.clients.get(EC2Client);
  const { Addresses: addresses = [] } = await client.send(
    new DescribeAddressesCommand({ Filters: [...filters, { Name: 'domain', Values: ['vpc'] }] }),
  );
  return addresses.map((address) => observedEip(address, ctx.scope));
}

async function isAssociated(ctx: ReconcilerContext, allocationId: string): Promise<boolean> {
  const client = ctx.clients.get(EC2Client);
  const { Addresses: addresses = [] } = await client.send(new DescribeAddressesCommand({ AllocationIds: [allocationId] }));
  return addresses.some((address) => address.AssociationId !== undefined || address.NetworkInterfaceId !== undefined);
}

export const eipReconciler = defineReconciler({
  type: EIP,
  idempotency: 'observe',
  dependsOn: [],
  replaceFields: ['domain'],

  observe: (ctx) => describe(ctx, ownerFilters(ctx.owner)),
  findByAddress: (ctx, address) => describe(ctx, addressFilters(ctx.owner, address)),

  diff(desired, observed) {
    const change = valueChange('domain', desired.spec.domain, observed.spec.domain, true);
    return change ? [change] : [];
  },

  async create(ctx, desired) {
    // Single SDK attempt: a lost response must reach the engine, which re-observes before retrying.
    const ec2 = ctx.clients.get(EC2Client, { retryAmbiguous: false });
    const out = await ec2.send(new AllocateAddressCommand(allocateAddressInput(desired)));
    if (!out.AllocationId) throw new Error('AllocateAddress returned no allocation ID');
    return { id: out.AllocationId, outputs: eipOutputs(out.AllocationId, out.PublicIp) };
  },

  async update(ctx, _desired, observed, changes) {
    await applyTagChanges(ctx, observed.id, changes);
  },

  async delete(ctx, observed) {
    const client = ctx.clients.get(EC2Client);
    try {
      await client.send(new ReleaseAddressCommand({ AllocationId: observed.id }));
    } catch (error) {
      if (errorCode(error) === 'AuthFailure' && (await isAssociated(ctx, observed.id))) {
        throw new RetryAfterError(`${observed.id} is still associated (its NAT gateway is going away)`, IN_USE_RETRY_MS);
      }
      throw error;
    }
  },

  release: (ctx, observed) => releaseOwnership(ctx, observed.id),
});
