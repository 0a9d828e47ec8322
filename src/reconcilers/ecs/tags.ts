/** ECS tags (`[{ key, value }]`, lower case) and the tag calls shared by the ECS reconcilers. */
import { ECSClient, TagResourceCommand, UntagResourceCommand, type Tag } from '@aws-sdk/client-ecs';
import type { FieldChange, ReconcilerContext } from '../../core/reconciler.js';
import { TAG_ADDRESS, TAG_DELETION_POLICY, TAG_OWNER } from '../../core/types.js';

export function toEcsTags(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value }));
}

export function fromEcsTags(tags: readonly Tag[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.key !== undefined) result[tag.key] = tag.value ?? '';
  return result;
}

/** The `tags.<key>` changes as one TagResource (set) and one UntagResource (removed), each only if needed. */
export async function applyEcsTagChanges(ctx: ReconcilerContext, resourceArn: string, changes: readonly FieldChange[]): Promise<void> {
  const set: Record<string, string> = {};
  const removed: string[] = [];
  for (const change of changes) {
    if (!change.path.startsWith('tags.')) continue;
    const key = change.path.slice('tags.'.length);
    if (change.to === undefined) removed.push(key);
    else set[key] = String(change.to);
  }
  const ecs = ctx.clients.get(ECSClient);
  // UpdateService and friends take no tags: TagResource/UntagResource (docs/aws-behaviour.md §1b).
  if (Object.keys(set).length > 0) await ctx.retry('tag', () => ecs.send(new TagResourceCommand({ resourceArn, tags: toEcsTags(set) })));
  if (removed.length > 0) await ctx.retry('untag', () => ecs.send(new UntagResourceCommand({ resourceArn, tagKeys: removed })));
}

/** `deletionPolicy: Retain`: the ownership tags go, the resource stays. */
export async function releaseEcsOwnership(ctx: ReconcilerContext, resourceArn: string): Promise<void> {
  const ecs = ctx.clients.get(ECSClient);
  await ctx.retry('release', () => ecs.send(new UntagResourceCommand({ resourceArn, tagKeys: [TAG_OWNER, TAG_ADDRESS, TAG_DELETION_POLICY] })));
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
