/** Tag plumbing shared by every EC2 resource type. */
import { CreateTagsCommand, DeleteTagsCommand, EC2Client, type Filter, type ResourceType, type Tag } from '@aws-sdk/client-ec2';
import { TAG_ADDRESS, TAG_DELETION_POLICY, TAG_OWNER } from '../../core/types.js';
import type { FieldChange, ReconcilerContext } from '../../core/reconciler.js';

export function toEc2Tags(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function fromEc2Tags(tags: readonly Tag[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { Key, Value } of tags ?? []) if (Key !== undefined) result[Key] = Value ?? '';
  return result;
}

/** Tags at creation: `TagSpecifications` in the creating call, never a separate tagging call. */
export function tagSpecifications(resourceType: ResourceType, tags: Readonly<Record<string, string>>) {
  return [{ ResourceType: resourceType, Tags: toEc2Tags(tags) }];
}

/** Server-side filter for every resource of this owner. */
export function ownerFilters(owner: string): Filter[] {
  return [{ Name: `tag:${TAG_OWNER}`, Values: [owner] }];
}

/** Server-side filter for one address of this owner. */
export function addressFilters(owner: string, address: string): Filter[] {
  return [...ownerFilters(owner), { Name: `tag:${TAG_ADDRESS}`, Values: [address] }];
}

/** Applies the `tags.<key>` changes of a diff with at most one CreateTags and one DeleteTags call. */
export async function applyTagChanges(ctx: ReconcilerContext, id: string, changes: readonly FieldChange[]): Promise<void> {
  const set: Tag[] = [];
  const removed: Tag[] = [];
  for (const change of changes) {
    if (!change.path.startsWith('tags.')) continue;
    const Key = change.path.slice('tags.'.length);
    if (change.to === undefined) removed.push({ Key });
    else set.push({ Key, Value: String(change.to) });
  }
  const ec2 = ctx.clients.get(EC2Client);
  if (set.length > 0) await ctx.retry('tag', () => ec2.send(new CreateTagsCommand({ Resources: [id], Tags: set })));
  if (removed.length > 0) await ctx.retry('untag', () => ec2.send(new DeleteTagsCommand({ Resources: [id], Tags: removed })));
}

/**
 * `deletionPolicy: Retain`: removes trellis's ownership tags (and any other `trellis:` record the
 * type keeps, `extraKeys`), leaves the resource.
 */
export async function releaseOwnership(ctx: ReconcilerContext, id: string, extraKeys: readonly string[] = []): Promise<void> {
  const ec2 = ctx.clients.get(EC2Client);
  const Tags = [TAG_OWNER, TAG_ADDRESS, TAG_DELETION_POLICY, ...extraKeys].map((Key) => ({ Key }));
  await ctx.retry('release', () => ec2.send(new DeleteTagsCommand({ Resources: [id], Tags })));
}
