/**
 * Tag plumbing shared by the ELBv2 types. Describe* never returns tags (docs/aws-behaviour.md 2c): tags come from
 * DescribeTags, at most 20 ARNs per call (API_DescribeTags.html, ResourceArns "Array Members: Maximum
 * number of 20 items"). Creates carry every tag in `Tags`, which may not be empty (min 1 item).
 */
import {
  AddTagsCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  RemoveTagsCommand,
  type LoadBalancer,
  type Tag,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { TAG_ADDRESS, TAG_DELETION_POLICY, TAG_OWNER, TAG_SUPERSEDED } from '../../core/types.js';
import { sharedListing, type FieldChange, type ReconcilerContext } from '../../core/reconciler.js';
import { allItems } from '../pages.js';

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

/** The scope's NLBs and target groups, and the tags of both. */
export interface ElbInventory {
  readonly loadBalancers: readonly LoadBalancer[];
  readonly targetGroups: readonly TargetGroup[];
  readonly tags: ReadonlyMap<string, Record<string, string>>;
}

/**
 * Every NLB and target group of the scope with their tags, once per observe pass (`sharedListing`):
 * DescribeLoadBalancers and DescribeTargetGroups (PageSize 400 each), then one DescribeTags per 20 ARNs
 * of both together — DescribeTags takes "one or more … Network Load Balancers, … target groups,
 * listeners, or rules" in one call (API_DescribeTags.html) — so a scope with an NLB and its target
 * group tags both in one call, not one per type. The load balancer, target group and listener types
 * all start from it. Outside observe (before a retry, no memo) it lists afresh.
 */
export function elbInventory(ctx: ReconcilerContext): Promise<ElbInventory> {
  return sharedListing(ctx, 'ELBv2:DescribeLoadBalancers+DescribeTargetGroups+DescribeTags', async () => {
    const client = ctx.clients.get(ElasticLoadBalancingV2Client);
    const [loadBalancers, targetGroups] = await Promise.all([
      allItems(paginateDescribeLoadBalancers({ client }, { PageSize: PAGE_SIZE }), (page) => page.LoadBalancers),
      allItems(paginateDescribeTargetGroups({ client }, { PageSize: PAGE_SIZE }), (page) => page.TargetGroups),
    ]);
    const arns = [...loadBalancers.map((lb) => lb.LoadBalancerArn), ...targetGroups.map((group) => group.TargetGroupArn)];
    return { loadBalancers, targetGroups, tags: await tagsOf(ctx, arns.filter((arn): arn is string => arn !== undefined)) };
  });
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
