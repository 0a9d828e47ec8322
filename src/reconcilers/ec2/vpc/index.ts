/**
 * VPCs. Idempotency: CreateVpc takes no client token, so a create retried after an ambiguous failure
 * is preceded by a re-observe by `trellis:address` (observe-before-retry).
 *
 * DNS support and hostnames are set at creation (and again when a VPC is adopted after a lost create
 * response): DescribeVpcs does not return them and reading them costs one DescribeVpcAttribute per VPC
 * and attribute, which would make observe grow with the number of VPCs. Their drift is therefore not
 * detected.
 */
import {
  CreateVpcCommand,
  DeleteVpcCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import type { ObservedResource } from '../../../engine/types.js';
import type { Reconciler, ReconcilerContext } from '../../types.js';
import { addressFilters, applyTagChanges, ownerFilters, releaseOwnership } from '../tags.js';
import { createVpcInput, observedVpc, VPC_TYPE, type VpcSpec } from './sdk.js';

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
  const found: ObservedResource[] = [];
  for await (const page of paginateDescribeVpcs({ client, pageSize: PAGE_SIZE }, { Filters: filters })) {
    for (const vpc of page.Vpcs ?? []) found.push(observedVpc(vpc, ctx.scope));
  }
  return found;
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
    const changes = [];
    if (spec.cidrBlock !== observed.spec.cidrBlock) {
      changes.push({ path: 'cidrBlock', from: observed.spec.cidrBlock, to: spec.cidrBlock, replace: true });
    }
    return changes;
  },

  /** Only the creating call: the engine then sets the DNS attributes through `update`. */
  async create(ctx, desired) {
    // Single SDK attempt: a lost response must reach the engine, which re-observes before retrying.
    const ec2 = ctx.clients.get(EC2Client, { sdkRetries: false });
    const { Vpc: vpc } = await ec2.send(new CreateVpcCommand(createVpcInput(desired)));
    if (!vpc?.VpcId) throw new Error('CreateVpc returned no VPC ID');
    return { id: vpc.VpcId, outputs: { id: vpc.VpcId, cidrBlock: vpc.CidrBlock, ownerId: vpc.OwnerId }, spec: { cidrBlock: vpc.CidrBlock } };
  },

  /**
   * Tags, and the DNS attributes when the engine asks for them: right after the create, and after
   * adopting a VPC whose create response was lost (the observation cannot show whether they were set).
   */
  async update(ctx, desired, observed, changes) {
    const spec = desired.spec as unknown as VpcSpec;
    const asked = new Set(changes.map((change) => change.path));
    await setDnsAttributes(ctx, observed.id, {
      ...(asked.has('enableDnsSupport') ? { enableDnsSupport: spec.enableDnsSupport ?? true } : {}),
      ...(asked.has('enableDnsHostnames') ? { enableDnsHostnames: spec.enableDnsHostnames ?? false } : {}),
    });
    await applyTagChanges(ctx, observed.id, changes);
  },

  async delete(ctx, observed) {
    const client = ctx.clients.get(EC2Client);
    await client.send(new DeleteVpcCommand({ VpcId: observed.id }));
  },

  release: (ctx, observed) => releaseOwnership(ctx, observed.id),
};
