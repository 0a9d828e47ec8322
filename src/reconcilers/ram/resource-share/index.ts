/**
 * AWS RAM resource shares (VPC sharing: a Network's private subnets shared with accounts and OUs).
 *
 * Idempotency: CreateResourceShare takes a `clientToken` and replays the original share for a repeated
 * request (AWS RAM API Reference, CreateResourceShare), so the engine's per-run token makes a retried
 * create safe. Principals and resources are the share's associations, reconciled as part of it.
 *
 * Observe cost: one paginated GetResourceShares (owner tag filter on the server), then, only when
 * there are shares, one paginated GetResourceShareAssociations per association type for all of them
 * at once — bounded by pagination, never one call per share.
 */
import {
  AssociateResourceShareCommand,
  CreateResourceShareCommand,
  DeleteResourceShareCommand,
  DisassociateResourceShareCommand,
  paginateGetResourceShareAssociations,
  paginateGetResourceShares,
  RAMClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateResourceShareCommand,
  type ResourceShare,
  type TagFilter,
} from '@aws-sdk/client-ram';
import { TAG_ADDRESS, TAG_DELETION_POLICY, TAG_OWNER } from '../../../core/types.js';
import { SUBNET } from '../../ec2/subnet/type.js';
import type { ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler } from '../../../core/resource-type.js';
import {
  addAssociation,
  addressTagFilters,
  chunks,
  createResourceShareInput,
  diffResourceShare,
  emptyAssociations,
  isLiveShare,
  observedResourceShare,
  ownerTagFilters,
  shareUpdateCalls,
} from './sdk.js';
import { RESOURCE_SHARE } from './type.js';

/** GetResourceShares and GetResourceShareAssociations accept `maxResults` 1–500 (API Reference). */
const PAGE_SIZE = 500;
/**
 * Share ARNs per GetResourceShareAssociations request. The API Reference documents no maximum for
 * `resourceShareArns`; chunks keep one request's size bounded (100 shares is far beyond a normal scope).
 */
const SHARE_ARNS_PER_REQUEST = 100;

async function list(ctx: ReconcilerContext, tagFilters: TagFilter[]) {
  const client = ctx.clients.get(RAMClient);
  const shares: ResourceShare[] = [];
  for await (const page of paginateGetResourceShares({ client, pageSize: PAGE_SIZE }, { resourceOwner: 'SELF', tagFilters })) {
    // Deleted shares stay listed (status DELETING, then DELETED) for a while.
    for (const share of page.resourceShares ?? []) if (isLiveShare(share)) shares.push(share);
  }
  if (shares.length === 0) return [];
  const arns = shares.map((share) => share.resourceShareArn!);
  const associations = emptyAssociations();
  for (const associationType of ['PRINCIPAL', 'RESOURCE'] as const) {
    for (const resourceShareArns of chunks(arns, SHARE_ARNS_PER_REQUEST)) {
      const pages = paginateGetResourceShareAssociations({ client, pageSize: PAGE_SIZE }, { associationType, resourceShareArns });
      for await (const page of pages) for (const association of page.resourceShareAssociations ?? []) addAssociation(associations, association);
    }
  }
  return shares.map((share) => observedResourceShare(share, associations, ctx.scope));
}

export const resourceShareReconciler = defineReconciler({
  type: RESOURCE_SHARE,
  idempotency: 'token',
  holdsReferences: false,
  // A share references subnets (its resource ARNs): subnets are deleted after the share lets go of them.
  dependsOn: [SUBNET.name],
  replaceFields: [],

  observe: (ctx) => list(ctx, ownerTagFilters(ctx.owner)),
  findByAddress: (ctx, address) => list(ctx, addressTagFilters(ctx.owner, address)),
  diff: diffResourceShare,

  async create(ctx, desired, { clientToken }) {
    // SDK retries are safe here: a repeated request with the same client token replays the share.
    const ram = ctx.clients.get(RAMClient);
    const { resourceShare } = await ram.send(new CreateResourceShareCommand(createResourceShareInput(desired, clientToken)));
    const arn = resourceShare?.resourceShareArn;
    if (!arn) throw new Error('CreateResourceShare returned no resource share ARN');
    return { id: arn, outputs: { id: arn, arn } };
  },

  readiness: {
    /**
     * Associations are asynchronous (`ASSOCIATING` → `ASSOCIATED`; AWS RAM API Reference,
     * ResourceShareAssociation `status`), and a participant can use a shared subnet only once both its
     * resource and principal associations are `ASSOCIATED` (a Service's security group, NLB or ECS tasks
     * in another account's shared subnets). A share is ready when none is `ASSOCIATING`; a `FAILED` one
     * never will be. One paginated GetResourceShareAssociations per association type for every waiting share.
     */
    async check(ctx, ids) {
      const client = ctx.clients.get(RAMClient);
      const states = new Map<string, 'ready' | 'pending' | { failed: string }>(ids.map((id) => [id, 'ready']));
      for (const associationType of ['PRINCIPAL', 'RESOURCE'] as const) {
        for (const resourceShareArns of chunks([...ids], SHARE_ARNS_PER_REQUEST)) {
          const pages = paginateGetResourceShareAssociations({ client, pageSize: PAGE_SIZE }, { associationType, resourceShareArns });
          for await (const page of pages) {
            for (const association of page.resourceShareAssociations ?? []) {
              const arn = association.resourceShareArn;
              if (arn === undefined || typeof states.get(arn) === 'object') continue;
              if (association.status === 'FAILED') states.set(arn, { failed: `${association.associatedEntity ?? 'an association'}: ${association.statusMessage ?? 'FAILED'}` });
              else if (association.status === 'ASSOCIATING') states.set(arn, 'pending');
            }
          }
        }
      }
      return states;
    },
  },

  /**
   * Disassociations first and associations last, with UpdateResourceShare between them: turning
   * `allowExternalPrincipals` off after removing external principals, and on before adding them.
   */
  async update(ctx, desired, observed, changes) {
    const calls = shareUpdateCalls(desired, observed, changes);
    const ram = ctx.clients.get(RAMClient);
    const resourceShareArn = observed.id;
    if (calls.disassociate) {
      const input = calls.disassociate;
      await ctx.retry('disassociate', () => ram.send(new DisassociateResourceShareCommand(input)));
    }
    if (calls.update) {
      const input = calls.update;
      await ctx.retry('update', () => ram.send(new UpdateResourceShareCommand(input)));
    }
    if (calls.associate) {
      const input = calls.associate;
      await ctx.retry('associate', () => ram.send(new AssociateResourceShareCommand(input)));
    }
    if (calls.tag) {
      const tags = calls.tag;
      await ctx.retry('tag', () => ram.send(new TagResourceCommand({ resourceShareArn, tags })));
    }
    if (calls.untag) {
      const tagKeys = calls.untag;
      await ctx.retry('untag', () => ram.send(new UntagResourceCommand({ resourceShareArn, tagKeys })));
    }
  },

  async delete(ctx, observed) {
    // DELETING → DELETED (and every association → DISASSOCIATED) finishes on its own; nothing
    // downstream needs to wait for it.
    await ctx.clients.get(RAMClient).send(new DeleteResourceShareCommand({ resourceShareArn: observed.id }));
  },

  async release(ctx, observed) {
    const ram = ctx.clients.get(RAMClient);
    const tagKeys = [TAG_OWNER, TAG_ADDRESS, TAG_DELETION_POLICY];
    await ctx.retry('release', () => ram.send(new UntagResourceCommand({ resourceShareArn: observed.id, tagKeys })));
  },
});
