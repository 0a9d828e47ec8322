/**
 * How every VPC Lattice reconciler finds its resources. Lattice's Create, Get and List outputs carry no
 * tags (docs/aws-behaviour.md §5c: only ListTagsForResource does), so:
 *
 * - `observe`: the Resource Groups Tagging API's GetResources, one listing per scope that every Lattice
 *   and ECS type shares (`../tagging.ts`: filtered on the server by `trellis:owner`, split by type from
 *   the ARN, 100 ARNs per page), gives the owned ARNs with their tags; each is then confirmed with one Get
 *   (RGTA keeps deleted ARNs for hours, docs/aws-behaviour.md §8: a Get answering ResourceNotFoundException, or a
 *   resource DELETE_IN_PROGRESS, is not reported). Budget per scope: ⌈owned/100⌉ GetResources for all
 *   the types together, then per type one Get per owned resource (the service network adds one GetAuthPolicy per owned network) —
 *   bounded by what trellis owns, never by what else the account holds.
 * - `findByAddress` (observe-before-retry) must not trust RGTA, which lags behind a create: the
 *   type's List (100 per page) and one ListTagsForResource per listed resource of this account — used
 *   only before a retry, never in a plan.
 * - `delete`: the owner came from RGTA, whose tags lag too: `stillOwned` reads the tags (one
 *   ListTagsForResource) right before the delete, and a resource no longer ours is left alone.
 */
import { ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand, VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { errorCode } from '../../core/classify.js';
import type { FieldChange, ReconcilerContext } from '../../core/reconciler.js';
import { TAG_ADDRESS, TAG_DELETION_POLICY, TAG_OWNER } from '../../core/types.js';
import { inScope, ownedOfType } from '../tagging.js';
import { waitUntil } from '../wait.js';

/** List* accept maxResults 1–100 (API_ListServiceNetworks and the other List* pages). */
export const LIST_PAGE_SIZE = 100;

export const isLatticeNotFound = (error: unknown) => errorCode(error) === 'ResourceNotFoundException';

/** Statuses of a resource that is going or gone, and of a create that failed (it will never work). */
export const GONE_STATUSES = new Set(['DELETE_IN_PROGRESS', 'DELETE_FAILED', 'CREATE_FAILED']);

/** The live tags of one Lattice resource. */
export async function tagsOf(ctx: ReconcilerContext, arn: string): Promise<Record<string, string>> {
  const out = await ctx.clients.get(VPCLatticeClient).send(new ListTagsForResourceCommand({ resourceArn: arn }));
  return { ...(out.tags ?? {}) };
}

/**
 * Whether `arn` still carries this owner's tag, read now (ListTagsForResource), asked by every Lattice
 * delete before it deletes. Observe took the owner from the tagging API, which lags behind tag changes
 * too (docs/aws-behaviour.md §8): a resource released (`deletionPolicy: Retain`) or taken over a moment
 * ago would look owned, and must not be deleted on that stale view. A resource already gone is not
 * owned (nothing to delete).
 */
export async function stillOwned(ctx: ReconcilerContext, arn: string): Promise<boolean> {
  const tags = await getOrGone(() => tagsOf(ctx, arn));
  return tags?.[TAG_OWNER] === ctx.owner;
}

/** Every page of a Lattice List* call. */
export async function listAll<Item>(call: (nextToken: string | undefined) => Promise<{ items?: Item[] | undefined; nextToken?: string | undefined }>): Promise<Item[]> {
  const all: Item[] = [];
  let token: string | undefined;
  do {
    const page = await call(token);
    all.push(...(page.items ?? []));
    token = page.nextToken || undefined;
  } while (token);
  return all;
}

/**
 * The shared observe: owned ARNs from RGTA, each confirmed by `get` (which answers `undefined` for a
 * resource that is gone or going).
 */
export async function observeOwned<T>(
  ctx: ReconcilerContext,
  rgtaType: string,
  get: (arn: string, tags: Record<string, string>) => Promise<T | undefined>,
): Promise<T[]> {
  const owned = await ownedOfType(ctx, rgtaType);
  const result: T[] = [];
  for (const [arn, tags] of [...owned].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const found = await getOrGone(() => get(arn, tags));
    if (found !== undefined) result.push(found);
  }
  return result;
}

/** findByAddress: listed ARNs of this scope, tags read one by one, the address's kept, each confirmed. */
export async function findOwnedByAddress<T>(
  ctx: ReconcilerContext,
  address: string,
  listArns: () => Promise<string[]>,
  get: (arn: string, tags: Record<string, string>) => Promise<T | undefined>,
): Promise<T[]> {
  const result: T[] = [];
  for (const arn of (await listArns()).filter((candidate) => inScope(ctx, candidate))) {
    const tags = await getOrGone(() => tagsOf(ctx, arn));
    if (!tags || tags[TAG_OWNER] !== ctx.owner || tags[TAG_ADDRESS] !== address) continue;
    const found = await getOrGone(() => get(arn, tags));
    if (found !== undefined) result.push(found);
  }
  return result;
}

async function getOrGone<T>(call: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isLatticeNotFound(error)) return undefined;
    throw error;
  }
}

/** Tag and untag calls for the `tags.*` changes of a diff. */
export function tagChanges(changes: readonly { path: string; to: unknown }[]): { tags: Record<string, string>; untag: string[] } {
  const tags: Record<string, string> = {};
  const untag: string[] = [];
  for (const change of changes) {
    if (!change.path.startsWith('tags.')) continue;
    const key = change.path.slice('tags.'.length);
    if (change.to === undefined) untag.push(key);
    else tags[key] = String(change.to);
  }
  return { tags, untag };
}

/** Applies the `tags.*` changes of a diff: one TagResource and one UntagResource at most. */
export async function applyTagChanges(ctx: ReconcilerContext, arn: string, changes: readonly FieldChange[]): Promise<void> {
  const { tags, untag } = tagChanges(changes);
  const client = ctx.clients.get(VPCLatticeClient);
  if (Object.keys(tags).length > 0) await ctx.retry('tag', () => client.send(new TagResourceCommand({ resourceArn: arn, tags })));
  if (untag.length > 0) await ctx.retry('untag', () => client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: untag })));
}

/** `deletionPolicy: Retain`: removes the trellis ownership tags. */
export async function releaseOwnership(ctx: ReconcilerContext, arn: string): Promise<void> {
  const client = ctx.clients.get(VPCLatticeClient);
  await ctx.retry('release', () => client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: [TAG_OWNER, TAG_ADDRESS, TAG_DELETION_POLICY] })));
}

/**
 * Waits until `get` answers ResourceNotFoundException: Lattice deletes are asynchronous
 * (DELETE_IN_PROGRESS), and what the deleted resource held (a configuration its gateway, an association
 * its service network) refuses its own delete until then.
 */
export async function waitGone(ctx: ReconcilerContext, what: string, get: () => Promise<unknown>): Promise<void> {
  await waitUntil(
    ctx,
    `${what} to be deleted`,
    async () => {
      try {
        await get();
        return false;
      } catch (error) {
        if (isLatticeNotFound(error)) return true;
        throw error;
      }
    },
    (gone) => gone,
  );
}

/**
 * `readiness.check` over one listing of this owner's resources: the state of each waiting ARN from its
 * status (`stateOf`, default {@link readinessOf}); an ARN the listing lacks yet is pending.
 */
export function readinessByArn<T extends { readonly arn?: string | undefined; readonly status?: string | undefined }>(
  listed: readonly T[],
  ids: readonly string[],
  stateOf: (item: T) => 'ready' | 'pending' | { failed: string } = (item) => readinessOf(item.status),
): Map<string, 'ready' | 'pending' | { failed: string }> {
  const wanted = new Set(ids);
  return new Map(listed.flatMap((item) => (item.arn && wanted.has(item.arn) ? [[item.arn, stateOf(item)] as const] : [])));
}

/** Readiness from a List call's statuses: ACTIVE ready, *_IN_PROGRESS pending, *_FAILED failed. */
export function readinessOf(status: string | undefined): 'ready' | 'pending' | { failed: string } {
  if (status === 'ACTIVE') return 'ready';
  if (status === undefined || status.endsWith('_IN_PROGRESS')) return 'pending';
  return { failed: `status ${status}` };
}
