/**
 * ELBv2 target groups (ip targets behind an NLB), name-keyed, replaced create-before-delete.
 *
 * - Create: CreateTargetGroup is idempotent like CreateLoadBalancer ("If you attempt to create multiple
 *   target groups with the same settings, each call succeeds", API_CreateTargetGroup.html); the same
 *   name with other settings is `DuplicateTargetGroupName`, terminal. Every tag in `Tags`.
 * - Replacement: protocol, port, VPC, target type and name cannot change. The expander puts a hash of
 *   them in the name, so the replacement has a name of its own and both exist at once: the old one is
 *   tagged `trellis:superseded` (`supersede`), the new one created, the listener moved
 *   (ModifyListener), and only then the old one deleted (the listener's `references` hold its ARN).
 * - Update: the health check (ModifyTargetGroup) and tags.
 * - Observe: the scope's ELBv2 inventory (`elbInventory` in `../tags.ts`, shared with the load
 *   balancers and listeners): DescribeTargetGroups (PageSize 400) is one of its listings, and the groups'
 *   tags come in the same DescribeTags batches (20 ARNs) as the NLBs'. Same reasoning as load balancers
 *   (`../load-balancer/index.ts`); alone (before a retry) 3 calls for a group.
 * - Delete: DeleteTargetGroup; `ResourceInUse` while a listener still forwards to it is a
 *   dependencyPending code (`../errors.ts`), retried until the listener moved or went.
 */
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { errorCode } from '../../../core/classify.js';
import { TerminalError } from '../../../core/errors.js';
import { defineReconciler } from '../../../core/resource-type.js';
import type { ReconcilerContext } from '../../../core/reconciler.js';
import { TAG_ADDRESS, TAG_OWNER } from '../../../core/types.js';
import { VPC_TYPE } from '../../ec2/vpc/sdk.js';
import { applyTagChanges, elbInventory, owned, releaseOwnership, supersede, tagsOf } from '../tags.js';
import { createTargetGroupInput, diffTargetGroup, modifyTargetGroupInput, observedTargetGroup } from './sdk.js';
import { TARGET_GROUP } from './type.js';

async function list(ctx: ReconcilerContext, address?: string) {
  // The scope's one ELBv2 inventory per observe pass, shared with the load balancers and listeners.
  const { targetGroups, tags } = await elbInventory(ctx);
  return targetGroups
    .filter((group) => owned(tags.get(group.TargetGroupArn ?? ''), ctx.owner, address))
    .map((group) => observedTargetGroup(group, tags.get(group.TargetGroupArn!)!, ctx.scope));
}

export const targetGroupReconciler = defineReconciler({
  type: TARGET_GROUP,
  idempotency: 'name',
  replacement: 'createBeforeDelete',
  dependsOn: [VPC_TYPE],
  replaceFields: ['name', 'protocol', 'port', 'vpcId', 'targetType'],

  observe: (ctx) => list(ctx),
  findByAddress: (ctx, address) => list(ctx, address),
  diff: diffTargetGroup,

  async create(ctx, desired) {
    const client = ctx.clients.get(ElasticLoadBalancingV2Client);
    let group;
    try {
      group = (await client.send(new CreateTargetGroupCommand(createTargetGroupInput(desired)))).TargetGroups?.[0];
    } catch (error) {
      if (errorCode(error) === 'DuplicateTargetGroupNameException') {
        throw new TerminalError(
          `a target group named ${desired.spec.name} already exists in ${ctx.scope.account}/${ctx.scope.region} with other settings: delete it or choose another name`,
          { cause: error },
        );
      }
      throw error;
    }
    const arn = group?.TargetGroupArn;
    if (!group || !arn) throw new Error('CreateTargetGroup returned no target group');
    // Identical settings return an existing group, whoever made it: adopt only our own.
    const tags = (await ctx.retry('describe tags', () => tagsOf(ctx, [arn]))).get(arn) ?? {};
    if (tags[TAG_OWNER] !== ctx.owner || tags[TAG_ADDRESS] !== desired.address) {
      throw new TerminalError(`a target group named ${desired.spec.name} already exists (${arn}) and is not ${desired.address} of ${ctx.owner}: choose another name`);
    }
    return { id: arn, outputs: observedTargetGroup(group, tags, ctx.scope).outputs };
  },

  async update(ctx, desired, live, changes) {
    if (changes.some((change) => change.path === 'healthCheck')) {
      const client = ctx.clients.get(ElasticLoadBalancingV2Client);
      const input = modifyTargetGroupInput(live.id, desired.spec);
      await ctx.retry('modify target group', () => client.send(new ModifyTargetGroupCommand(input)));
    }
    await applyTagChanges(ctx, live.id, changes);
  },

  supersede: (ctx, live, runId) => supersede(ctx, live.id, runId),

  async delete(ctx, live) {
    // Unknown ARNs succeed (ResourceInUse is its only documented error, API_DeleteTargetGroup.html).
    await ctx.clients.get(ElasticLoadBalancingV2Client).send(new DeleteTargetGroupCommand({ TargetGroupArn: live.id }));
  },

  release: (ctx, live) => releaseOwnership(ctx, live.id),
});
