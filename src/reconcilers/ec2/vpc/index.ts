/**
 * VPCs. Idempotency: CreateVpc takes no client token, so a create retried after an ambiguous failure
 * is preceded by a re-observe by `trellis:address` (observe-before-retry).
 *
 * DNS support and hostnames: DescribeVpcs does not return them, so the values trellis last set live in
 * the `trellis:dns` tag (see sdk.ts). Manifest changes are applied; changes made by hand are not seen.
 */
import {
  CreateVpcCommand,
  DeleteVpcCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import type { ObservedResource } from '../../../core/types.js';
import type { FieldChange, Reconciler, ReconcilerContext } from '../../../core/reconciler.js';
import { addressFilters, applyTagChanges, ownerFilters, releaseOwnership } from '../tags.js';
import { allItems } from '../../pages.js';
import { valueChange } from '../../../core/diff.js';
import { createVpcInput, dnsTagValue, NEW_VPC_DNS, observedVpc, TAG_DNS, VPC_TYPE, type VpcSpec } from './sdk.js';

/** DescribeVpcs accepts MaxResults 5–1000 (EC2 API Reference, DescribeVpcs). */
const PAGE_SIZE = 1000;

/**
 * ModifyVpcAttribute takes one attribute per call (EC2 API Reference). DNS support goes first when
 * turning on, hostnames first when turning off: hostnames require support.
 */
async function setDnsAttributes(
  ctx: ReconcilerContext,
  vpcId: string,
  wanted: { readonly enableDnsSupport?: boolean; readonly enableDnsHostnames?: boolean },
): Promise<void> {
  const client = ctx.clients.get(EC2Client);
  const support = wanted.enableDnsSupport;
  const hostnames = wanted.enableDnsHostnames;
  const calls: ModifyVpcAttributeCommand[] = [];
  if (support === true) calls.push(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
  if (hostnames !== undefined) calls.push(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: hostnames } }));
  if (support === false) calls.push(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: false } }));
  for (const command of calls) await ctx.retry('set DNS attribute', () => client.send(command));
}

async function describe(ctx: ReconcilerContext, filters: ReturnType<typeof ownerFilters>): Promise<ObservedResource[]> {
  const client = ctx.clients.get(EC2Client);
  const items = await allItems(paginateDescribeVpcs({ client, pageSize: PAGE_SIZE }, { Filters: filters }), (page) => page.Vpcs);
  return items.map((vpc) => observedVpc(vpc, ctx.scope));
}

export const vpcReconciler: Reconciler = {
  type: VPC_TYPE,
  idempotency: 'observe',
  dependsOn: [],
  replaceFields: ['cidrBlock'],

  observe: (ctx) => describe(ctx, ownerFilters(ctx.owner)),
  findByAddress: (ctx, address) => describe(ctx, addressFilters(ctx.owner, address)),

  diff(desired, observed) {
    const spec = desired.spec as unknown as VpcSpec;
    return [
      valueChange('cidrBlock', spec.cidrBlock, observed.spec.cidrBlock, true),
      // Without the DNS tag (a VPC from before it existed) the values are unknown: set them once.
      valueChange('enableDnsSupport', spec.enableDnsSupport ?? true, observed.spec.enableDnsSupport),
      valueChange('enableDnsHostnames', spec.enableDnsHostnames ?? false, observed.spec.enableDnsHostnames),
    ].filter((change): change is FieldChange => change !== undefined);
  },

  /** Only the creating call: the engine then sets the DNS attributes through `update`. */
  async create(ctx, desired) {
    // Single SDK attempt: a lost response must reach the engine, which re-observes before retrying.
    const ec2 = ctx.clients.get(EC2Client, { retryAmbiguous: false });
    const { Vpc: vpc } = await ec2.send(new CreateVpcCommand(createVpcInput(desired)));
    if (!vpc?.VpcId) throw new Error('CreateVpc returned no VPC ID');
    return {
      id: vpc.VpcId,
      outputs: { id: vpc.VpcId, cidrBlock: vpc.CidrBlock, ownerId: vpc.OwnerId },
      spec: { cidrBlock: vpc.CidrBlock, ...NEW_VPC_DNS },
    };
  },

  /**
   * Tags, and the DNS attributes when the engine asks for them: right after the create, and after
   * adopting a VPC whose create response was lost (the observation cannot show whether they were set).
   */
  async update(ctx, desired, observed, changes) {
    const spec = desired.spec as unknown as VpcSpec;
    const asked = new Set(changes.map((change) => change.path));
    if (asked.has('enableDnsSupport') || asked.has('enableDnsHostnames')) {
      const dns = { enableDnsSupport: spec.enableDnsSupport ?? true, enableDnsHostnames: spec.enableDnsHostnames ?? false };
      await setDnsAttributes(ctx, observed.id, {
        ...(asked.has('enableDnsSupport') ? { enableDnsSupport: dns.enableDnsSupport } : {}),
        ...(asked.has('enableDnsHostnames') ? { enableDnsHostnames: dns.enableDnsHostnames } : {}),
      });
      // Recorded only once AWS has both: a failure above leaves the old record, so the next run retries.
      await applyTagChanges(ctx, observed.id, [{ path: `tags.${TAG_DNS}`, from: undefined, to: dnsTagValue(dns), replace: false }]);
    }
    await applyTagChanges(ctx, observed.id, changes);
  },

  async delete(ctx, observed) {
    const client = ctx.clients.get(EC2Client);
    await client.send(new DeleteVpcCommand({ VpcId: observed.id }));
  },

  release: (ctx, observed) => releaseOwnership(ctx, observed.id, [TAG_DNS]),
};
