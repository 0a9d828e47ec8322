/**
 * Tag plumbing shared by the ELBv2 types. Describe* never returns tags (docs/aws-behaviour.md 2c): tags come from
 * DescribeTags, at most 20 ARNs per call (API_DescribeTags.html, ResourceArns "Array Members: Maximum
 * number of 20 items"). Creates carry every tag in `Tags`, which may not be empty (min 1 item).
 */
import {
  AddTagsCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  RemoveTagsCommand,
  type Tag,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { TAG_ADDRESS, TAG_DELETION_POLICY, TAG_OWNER, TAG_SUPERSEDED } from '../../core/types.js';
import type { FieldChange, ReconcilerContext } from '../../core/reconciler.js';

/** DescribeTags and DescribeLoadBalancers/DescribeTargetGroups by ARN take at most 20 ARNs. */
export const ARNS_PER_CALL = 20;
/**
 * DescribeLoadBalancers, DescribeTargetGroups, DescribeListeners: PageSize 1–400. Their SDK paginators
 * ignore `pageSize` (ELBv2 marks no page-size parameter): the input itself carries `PageSize`.
 */
export const PAGE_SIZE = 400;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * `Tags` for a creating call. Never an empty list (a ValidationError); desired tags always hold the
 * ownership tags, so in practice it is never undefined.
 */
export function toElbTags(tags: Readonly<Record<string, string>>): Tag[] | undefined {
  const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  return list.length > 0 ? list : undefined;
}

export function fromElbTags(tags: readonly Tag[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { Key, Value } of tags ?? []) if (Key !== undefined) result[Key] = Value ?? '';
  return result;
}

/** Tags of every ARN, one DescribeTags per 20 ARNs. */
export async function tagsOf(ctx: ReconcilerContext, arns: readonly string[]): Promise<Map<string, Record<string, string>>> {
  const client = ctx.clients.get(ElasticLoadBalancingV2Client);
  const byArn = new Map<string, Record<string, string>>();
  const read = async (ResourceArns: string[]) => {
    const out = await client.send(new DescribeTagsCommand({ ResourceArns }));
    for (const description of out.TagDescriptions ?? []) {
      if (description.ResourceArn) byArn.set(description.ResourceArn, fromElbTags(description.Tags));
    }
  };
  for (const batch of chunks(arns, ARNS_PER_CALL)) {
    try {
      await read(batch);
    } catch (error) {
      if (!isUnknownArn(error) || batch.length === 1) {
        if (isUnknownArn(error)) continue;
        throw error;
      }
      // One of them was deleted since the listing: only in that race, read the batch ARN by ARN.
      for (const arn of batch) {
        try {
          await read([arn]);
        } catch (single) {
          if (!isUnknownArn(single)) throw single;
        }
      }
    }
  }
  return byArn;
}

/** Whether `tags` belong to this owner and (when given) to `address`. */
export function owned(tags: Readonly<Record<string, string>> | undefined, owner: string, address?: string): boolean {
  if (!tags || tags[TAG_OWNER] !== owner) return false;
  return address === undefined || tags[TAG_ADDRESS] === address;
}

/** Applies the `tags.<key>` changes of a diff with at most one AddTags and one RemoveTags. */
export async function applyTagChanges(ctx: ReconcilerContext, arn: string, changes: readonly FieldChange[]): Promise<void> {
  const set: Tag[] = [];
  const removed: string[] = [];
  for (const change of changes) {
    if (!change.path.startsWith('tags.')) continue;
    const Key = change.path.slice('tags.'.length);
    if (change.to === undefined) removed.push(Key);
    else set.push({ Key, Value: String(change.to) });
  }
  const client = ctx.clients.get(ElasticLoadBalancingV2Client);
  if (set.length > 0) await ctx.retry('tag', () => client.send(new AddTagsCommand({ ResourceArns: [arn], Tags: set })));
  if (removed.length > 0) await ctx.retry('untag', () => client.send(new RemoveTagsCommand({ ResourceArns: [arn], TagKeys: removed })));
}

/** `deletionPolicy: Retain`: removes the ownership tags, leaves the resource. */
export async function releaseOwnership(ctx: ReconcilerContext, arn: string): Promise<void> {
  const client = ctx.clients.get(ElasticLoadBalancingV2Client);
  const TagKeys = [TAG_OWNER, TAG_ADDRESS, TAG_DELETION_POLICY];
  await ctx.retry('release', () => client.send(new RemoveTagsCommand({ ResourceArns: [arn], TagKeys })));
}

/** Marks the old half of a create-before-delete replacement (`trellis:superseded = runId`). */
export async function supersede(ctx: ReconcilerContext, arn: string, runId: string): Promise<void> {
  const client = ctx.clients.get(ElasticLoadBalancingV2Client);
  await ctx.retry('supersede', () => client.send(new AddTagsCommand({ ResourceArns: [arn], Tags: [{ Key: TAG_SUPERSEDED, Value: runId }] })));
}

/**
 * Whether `error` says one of the ARNs of a batch is unknown: a resource deleted between the listing
 * and DescribeTags fails the whole batch (API_DescribeTags.html, Errors).
 */
export function isUnknownArn(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'LoadBalancerNotFoundException' || name === 'TargetGroupNotFoundException' || name === 'ListenerNotFoundException';
}
