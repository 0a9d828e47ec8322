/**
 * Internal network load balancers (ELBv2), name-keyed.
 *
 * - Create: CreateLoadBalancer "is idempotent… If you attempt to create multiple load balancers with the
 *   same settings, each call succeeds" (API_CreateLoadBalancer.html), so a retried create returns the
 *   NLB the lost response made. The same name with other settings is `DuplicateLoadBalancerName`: terminal,
 *   someone else's NLB (or ours, changed out of band) holds the name. Every tag is in the creating call
 *   (`Tags`, never empty). Since an identical NLB of another owner would be returned too, the create
 *   reads its tags once and refuses one it does not own.
 * - Readiness: `provisioning` → `active` (API_LoadBalancerState.html); `failed` never will be.
 * - Observe: the scope's ELBv2 inventory (`elbInventory` in `../tags.ts`), once per observe pass and
 *   shared with the target groups and listeners: DescribeLoadBalancers and DescribeTargetGroups
 *   (PageSize 400 each), then DescribeTags per 20 ARNs of both together, keeping this owner's.
 *   Measured on the simulation (`load-balancer.sim.test.ts`): 1 NLB → 3 calls, 50 NLBs → 5 calls
 *   (2 pages + 3 DescribeTags), target groups included. The Resource Groups Tagging API route
 *   (GetResources with `elasticloadbalancing:loadbalancer` and the owner tag, 100 per page, then
 *   DescribeLoadBalancers by ARN, 20 per call, since GetResources carries no scheme, subnets or DNS
 *   name) costs 2 and 4 for the NLBs alone, then as much again for the groups; it lags behind creates
 *   and keeps ARNs of deleted resources for a while (docs/aws-behaviour.md 8), so every ARN would need
 *   confirming anyway: we list. Its cost grows with the account's NLBs and groups, not only ours (the
 *   listings cannot filter by tag); at 400 of each that is 2 + 40 calls, still bounded.
 * - Update: tags (AddTags/RemoveTags), added subnets (SetSubnets with the whole list), a changed set of
 *   security groups when there were some and still are (SetSecurityGroups).
 * - Delete: DeleteLoadBalancer ("If the load balancer does not exist or has already been deleted, the
 *   call succeeds", API_DeleteLoadBalancer.html), then wait until DescribeLoadBalancers no longer knows
 *   it (the `LoadBalancersDeleted` waiter's acceptor), so that deletes of its subnets can follow: those
 *   also retry `DependencyViolation` while its network interfaces go away (`references`).
 */
import {
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeLoadBalancers,
  SetSecurityGroupsCommand,
  SetSubnetsCommand,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { errorCode } from '../../../core/classify.js';
import { TerminalError } from '../../../core/errors.js';
import { defineReconciler } from '../../../core/resource-type.js';
import type { ReconcilerContext } from '../../../core/reconciler.js';
import { TAG_ADDRESS, TAG_OWNER } from '../../../core/types.js';
import { SECURITY_GROUP_TYPE } from '../../ec2/security-group/sdk.js';
import { SUBNET_TYPE } from '../../ec2/subnet/sdk.js';
import { allItems } from '../../pages.js';
import { waitUntil } from '../../wait.js';
import { applyTagChanges, ARNS_PER_CALL, chunks, elbInventory, owned, PAGE_SIZE, releaseOwnership, tagsOf } from '../tags.js';
import { createLoadBalancerInput, diffLoadBalancer, observedLoadBalancer } from './sdk.js';
import { LOAD_BALANCER } from './type.js';

/** This owner's NLBs in the scope (with `address`, only that one); also what the listener observe starts from. */
export async function listLoadBalancers(ctx: ReconcilerContext, address?: string) {
  // The scope's one ELBv2 inventory per observe pass, shared with the target groups and listeners.
  const { loadBalancers, tags } = await elbInventory(ctx);
  return loadBalancers
    .filter((lb) => owned(tags.get(lb.LoadBalancerArn ?? ''), ctx.owner, address))
    .map((lb) => observedLoadBalancer(lb, tags.get(lb.LoadBalancerArn!)!, ctx.scope));
}

/** The NLBs by ARN, 20 per call; `undefined` when one of a batch is unknown (not visible yet, or deleted). */
async function describeArns(ctx: ReconcilerContext, arns: readonly string[]): Promise<LoadBalancer[] | undefined> {
  const client = ctx.clients.get(ElasticLoadBalancingV2Client);
  const found: LoadBalancer[] = [];
  try {
    for (const LoadBalancerArns of chunks(arns, ARNS_PER_CALL)) {
      found.push(...((await client.send(new DescribeLoadBalancersCommand({ LoadBalancerArns }))).LoadBalancers ?? []));
    }
  } catch (error) {
    if (errorCode(error) === 'LoadBalancerNotFoundException') return undefined;
    throw error;
  }
  return found;
}

export const loadBalancerReconciler = defineReconciler({
  type: LOAD_BALANCER,
  idempotency: 'name',
  dependsOn: [SUBNET_TYPE, SECURITY_GROUP_TYPE],
  replaceFields: ['name', 'scheme', 'type'],

  observe: (ctx) => listLoadBalancers(ctx),
  findByAddress: (ctx, address) => listLoadBalancers(ctx, address),
  diff: diffLoadBalancer,

  async create(ctx, desired) {
    const client = ctx.clients.get(ElasticLoadBalancingV2Client);
    let lb: LoadBalancer | undefined;
    try {
      lb = (await client.send(new CreateLoadBalancerCommand(createLoadBalancerInput(desired)))).LoadBalancers?.[0];
    } catch (error) {
      if (errorCode(error) === 'DuplicateLoadBalancerNameException') {
        throw new TerminalError(
          `a load balancer named ${desired.spec.name} already exists in ${ctx.scope.account}/${ctx.scope.region} with other settings ` +
            `(scheme, subnets or security groups): delete it or choose another name`,
          { cause: error },
        );
      }
      throw error;
    }
    const arn = lb?.LoadBalancerArn;
    if (!lb || !arn) throw new Error('CreateLoadBalancer returned no load balancer');
    // Identical settings return an existing NLB, whoever made it: adopt only our own.
    const tags = (await ctx.retry('describe tags', () => tagsOf(ctx, [arn]))).get(arn) ?? {};
    if (tags[TAG_OWNER] !== ctx.owner || tags[TAG_ADDRESS] !== desired.address) {
      throw new TerminalError(`a load balancer named ${desired.spec.name} already exists (${arn}) and is not ${desired.address} of ${ctx.owner}: choose another name`);
    }
    const created = observedLoadBalancer(lb, tags, ctx.scope);
    return { id: arn, outputs: created.outputs };
  },

  readiness: {
    /** One DescribeLoadBalancers per 20 ARNs; if one is not visible yet, one paginated listing instead. */
    async check(ctx, ids) {
      let lbs = await describeArns(ctx, ids);
      if (!lbs) {
        const client = ctx.clients.get(ElasticLoadBalancingV2Client);
        lbs = await allItems(paginateDescribeLoadBalancers({ client }, { PageSize: PAGE_SIZE }), (page) => page.LoadBalancers);
      }
      const states = new Map<string, 'ready' | 'pending' | { failed: string }>();
      for (const lb of lbs) {
        if (!lb.LoadBalancerArn || !ids.includes(lb.LoadBalancerArn)) continue;
        const code = lb.State?.Code;
        if (code === 'active' || code === 'active_impaired') states.set(lb.LoadBalancerArn, 'ready');
        else if (code === 'failed') states.set(lb.LoadBalancerArn, { failed: lb.State?.Reason ?? 'failed' });
        else states.set(lb.LoadBalancerArn, 'pending');
      }
      return states;
    },
  },

  async update(ctx, desired, live, changes) {
    const client = ctx.clients.get(ElasticLoadBalancingV2Client);
    if (changes.some((change) => change.path === 'subnetIds')) {
      const Subnets = [...desired.spec.subnetIds];
      await ctx.retry('set subnets', () => client.send(new SetSubnetsCommand({ LoadBalancerArn: live.id, Subnets })));
    }
    if (changes.some((change) => change.path === 'securityGroupIds')) {
      const SecurityGroups = [...desired.spec.securityGroupIds];
      await ctx.retry('set security groups', () => client.send(new SetSecurityGroupsCommand({ LoadBalancerArn: live.id, SecurityGroups })));
    }
    await applyTagChanges(ctx, live.id, changes);
  },

  async delete(ctx, live) {
    const client = ctx.clients.get(ElasticLoadBalancingV2Client);
    await client.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: live.id }));
    await waitUntil(
      ctx,
      `load balancer ${live.id} to be deleted`,
      () => describeArns(ctx, [live.id]),
      (found) => found === undefined || found.length === 0,
    );
  },

  release: (ctx, live) => releaseOwnership(ctx, live.id),
});
