/**
 * VPCs. Idempotency: CreateVpc takes no client token, so a create retried after an ambiguous failure
 * is preceded by a re-observe by `trellis:address` (observe-before-retry).
 *
 * DNS support and hostnames: DescribeVpcs does not return them, so observe reads them with
 * DescribeVpcAttribute, one attribute per call: two calls per owned VPC. That is the one part of
 * observe that grows with the number of networks rather than by pagination (a network has one VPC),
 * and it is what makes a change by hand visible: hostnames switched off break the private DNS of the
 * interface endpoints. (EC2 API Reference, DescribeVpcAttribute, ModifyVpcAttribute.)
 */
import {
  CreateVpcCommand,
  DeleteVpcCommand,
  DescribeVpcAttributeCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import pLimit from 'p-limit';
import { errorCode } from '../../../core/classify.js';
import { defineReconciler } from '../../../core/resource-type.js';
import type { FieldChange, ReconcilerContext } from '../../../core/reconciler.js';
import { addressFilters, applyTagChanges, ownerFilters, releaseOwnership } from '../tags.js';
import { allItems } from '../../pages.js';
import { valueChange } from '../../../core/diff.js';
import { createVpcInput, DNS_ATTRIBUTES, LEGACY_TAG_DNS, NEW_VPC_DNS, observedVpc, vpcOutputs, type VpcDns } from './sdk.js';
import { VPC } from './type.js';

/** DescribeVpcs accepts MaxResults 5–1000 (EC2 API Reference, DescribeVpcs). */
const PAGE_SIZE = 1000;
/** VPCs whose DNS attributes are read at the same time (two DescribeVpcAttribute calls each). */
const DNS_READ_CONCURRENCY = 5;

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

/**
 * Both DNS attributes of one VPC (two calls). `InvalidVpcID.NotFound` for a VPC DescribeVpcs just listed
 * (created moments ago, or deleted meanwhile) leaves them unknown rather than hiding the VPC: a hidden
 * VPC would be created again, an unknown attribute is only set once more.
 */
async function describeDns(ctx: ReconcilerContext, vpcId: string): Promise<VpcDns> {
  const client = ctx.clients.get(EC2Client);
  try {
    const [support, hostnames] = await Promise.all(
      DNS_ATTRIBUTES.map((Attribute) => client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute }))),
    );
    return {
      ...(support?.EnableDnsSupport?.Value !== undefined ? { enableDnsSupport: support.EnableDnsSupport.Value } : {}),
      ...(hostnames?.EnableDnsHostnames?.Value !== undefined ? { enableDnsHostnames: hostnames.EnableDnsHostnames.Value } : {}),
    };
  } catch (error) {
    if (errorCode(error) === 'InvalidVpcID.NotFound') return {};
    throw error;
  }
}

async function describe(ctx: ReconcilerContext, filters: ReturnType<typeof ownerFilters>) {
  const client = ctx.clients.get(EC2Client);
  const items = await allItems(paginateDescribeVpcs({ client, pageSize: PAGE_SIZE }, { Filters: filters }), (page) => page.Vpcs);
  // A few VPCs at a time, each with its two attributes together: one VPC after another, a no-op pass
  // over 50 networks took 765 ms instead of 215 ms (bench/run.ts); all at once would burst into EC2's
  // request rate limits.
  const limit = pLimit(DNS_READ_CONCURRENCY);
  return Promise.all(items.map((vpc) => limit(async () => observedVpc(vpc, await describeDns(ctx, vpc.VpcId ?? ''), ctx.scope))));
}

export const vpcReconciler = defineReconciler({
  type: VPC,
  idempotency: 'observe',
  dependsOn: [],
  replaceFields: ['cidrBlock'],

  observe: (ctx) => describe(ctx, ownerFilters(ctx.owner)),
  findByAddress: (ctx, address) => describe(ctx, addressFilters(ctx.owner, address)),

  diff({ spec }, observed) {
    return [
      valueChange('cidrBlock', spec.cidrBlock, observed.spec.cidrBlock, true),
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
      outputs: vpcOutputs(vpc),
      spec: { cidrBlock: vpc.CidrBlock, ...NEW_VPC_DNS },
    };
  },

  /**
   * Tags, and the DNS attributes the diff names: right after the create (the engine's follow-up), and
   * whenever the live attributes differ from the manifest's, by a manifest change or by hand.
   */
  async update(ctx, desired, observed, changes) {
    const { spec } = desired;
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

  release: (ctx, observed) => releaseOwnership(ctx, observed.id, [LEGACY_TAG_DNS]),
});
