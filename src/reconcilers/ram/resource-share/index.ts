/**
 * AWS RAM resource shares (VPC sharing: a Network's private subnets shared with accounts and OUs).
 *
 * Idempotency: CreateResourceShare takes a `clientToken` and replays the original share for a repeated
 * request (AWS RAM API Reference, CreateResourceShare), so the engine's per-run token makes a retried
 * create safe. Principals and resources are the share's associations, reconciled as part of it.
 *
 * Observe cost: one paginated GetResourceShares (owner tag filter on the server), then, only when
 * there are shares, one paginated GetResourceShareAssociations per association type for all of them
 * at once — bounded by pagination, never one call per share — and one paginated
 * GetResourceShareInvitations per account whose invitations trellis accepts (below).
 *
 * Invitations (a sub-object in other scopes, reconciled through the share): a principal account
 * outside the organization (or with organization sharing off) gets an invitation, PENDING → ACCEPTED
 * (RAM user guide, working-with-shared-invitations.html; none inside an organization with sharing
 * enabled, nor for the owning account). For the accounts in `acceptInvitationsIn` — the principals
 * trellis can reach — the share accepts the pending invitation there, through `ctx.clientsIn`, right
 * after creating or associating them. Which accounts those are is recorded on the share as the
 * `trellis:accept-invitations` tag, so observe needs no manifest: it asks those accounts for their
 * invitations to the owned shares and reports an account as accepted unless its invitation is
 * PENDING. An account without an invitation (organization sharing) counts as accepted: nothing to do.
 * AcceptResourceShareInvitation of an invitation accepted meanwhile answers
 * ResourceShareInvitationAlreadyAcceptedException (API_AcceptResourceShareInvitation, "Errors"): done.
 * Why not a separate `ram:invitation-acceptance` type: an invitation has no tags and no address of
 * its own, exists only because of the share's principal association, and must be accepted before a
 * dependent (the tenant's VPC association) runs; as part of the share, the dependent's `dependsOn`
 * on the share orders it, and its create/update does association and acceptance in one step.
 */
import {
  AssociateResourceShareCommand,
  CreateResourceShareCommand,
  DeleteResourceShareCommand,
  AcceptResourceShareInvitationCommand,
  DisassociateResourceShareCommand,
  paginateGetResourceShareInvitations,
  paginateGetResourceShareAssociations,
  paginateGetResourceShares,
  RAMClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateResourceShareCommand,
  type ResourceShare,
  type TagFilter,
} from '@aws-sdk/client-ram';
import { errorCode } from '../../../core/classify.js';
import { TAG_ADDRESS, TAG_DELETION_POLICY, TAG_OWNER } from '../../../core/types.js';
import { SUBNET } from '../../ec2/subnet/type.js';
import type { ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler } from '../../../core/resource-type.js';
import {
  acceptTagAccounts,
  acceptTagValue,
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
  TAG_ACCEPT_INVITATIONS,
  type ResourceShareSpec,
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
  const pending = await pendingInvitations(ctx, shares);
  return shares.map((share) => observedResourceShare(share, associations, ctx.scope, pending));
}

/** Invitations per share: share ARN → accounts of its accept tag whose invitation is PENDING. */
async function pendingInvitations(ctx: ReconcilerContext, shares: readonly ResourceShare[]): Promise<Map<string, Set<string>>> {
  const sharesByAccount = new Map<string, string[]>();
  for (const share of shares) {
    const accounts = acceptTagAccounts(share.tags?.find((tag) => tag.key === TAG_ACCEPT_INVITATIONS)?.value);
    for (const account of accounts) sharesByAccount.set(account, [...(sharesByAccount.get(account) ?? []), share.resourceShareArn!]);
  }
  const pending = new Map<string, Set<string>>();
  for (const [account, arns] of [...sharesByAccount].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const invitation of await invitationsIn(ctx, account, arns)) {
      if (invitation.status !== 'PENDING' || !invitation.resourceShareArn) continue;
      pending.set(invitation.resourceShareArn, (pending.get(invitation.resourceShareArn) ?? new Set()).add(account));
    }
  }
  return pending;
}

async function invitationsIn(ctx: ReconcilerContext, account: string, resourceShareArns: string[]) {
  const client = (await ctx.clientsIn({ account, region: ctx.scope.region })).get(RAMClient);
  const invitations = [];
  for (const arns of chunks(resourceShareArns, SHARE_ARNS_PER_REQUEST)) {
    for await (const page of paginateGetResourceShareInvitations({ client, pageSize: PAGE_SIZE }, { resourceShareArns: arns })) {
      invitations.push(...(page.resourceShareInvitations ?? []));
    }
  }
  return invitations;
}

/** Accepts the pending invitations to `shareArn` in each account (none: organization sharing, or done). */
async function acceptIn(ctx: ReconcilerContext, shareArn: string, accounts: readonly string[]): Promise<void> {
  for (const account of [...new Set(accounts)].sort()) {
    const invitations = await ctx.retry('list invitations', () => invitationsIn(ctx, account, [shareArn]));
    const client = (await ctx.clientsIn({ account, region: ctx.scope.region })).get(RAMClient);
    for (const invitation of invitations) {
      if (invitation.status !== 'PENDING' || !invitation.resourceShareInvitationArn) continue;
      const resourceShareInvitationArn = invitation.resourceShareInvitationArn;
      await ctx.retry('accept invitation', async () => {
        try {
          await client.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn }));
        } catch (error) {
          if (errorCode(error) !== 'ResourceShareInvitationAlreadyAcceptedException') throw error;
        }
      });
    }
  }
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
    // A retry of this create replays the share (same token) and accepts again: accepted is done.
    await acceptIn(ctx, arn, (desired.spec as unknown as ResourceShareSpec).acceptInvitationsIn ?? []);
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
    if (changes.some((change) => change.path === 'acceptInvitationsIn')) {
      const wanted = (desired.spec as unknown as ResourceShareSpec).acceptInvitationsIn ?? [];
      const value = acceptTagValue(wanted);
      if (value) await ctx.retry('tag', () => ram.send(new TagResourceCommand({ resourceShareArn, tags: [{ key: TAG_ACCEPT_INVITATIONS, value }] })));
      else await ctx.retry('untag', () => ram.send(new UntagResourceCommand({ resourceShareArn, tagKeys: [TAG_ACCEPT_INVITATIONS] })));
      const accepted = new Set((observed.spec as unknown as ResourceShareSpec).acceptInvitationsIn ?? []);
      await acceptIn(ctx, resourceShareArn, wanted.filter((account) => !accepted.has(account)));
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
