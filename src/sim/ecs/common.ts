/**
 * What the ECS modules share: tags (`[{ key, value }]`, lower case), ARNs and the resource lookup
 * TagResource/UntagResource/ListTagsForResource use.
 *
 * ARN shapes (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html#ecs-resource-ids,
 * the "new" long format every account has had since 2021):
 * - cluster `arn:aws:ecs:<region>:<account>:cluster/<name>`
 * - service `arn:aws:ecs:<region>:<account>:service/<cluster>/<name>`
 * - task definition `arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>`
 *
 * Tag rules (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html and TagResource):
 * at most 50 per resource, keys 1–128 and values 0–256 characters, and the `aws:` prefix reserved; a
 * violation is `InvalidParameterException`.
 */
import type { Tag } from '@aws-sdk/client-ecs';
import type { HandlerContext } from '../module.js';
import { DEFAULT_PAGE_SIZE } from '../options.js';

export function ecsArn(ctx: HandlerContext, resource: string): string {
  return `arn:aws:ecs:${ctx.region}:${ctx.account}:${resource}`;
}

export function ecsTagList(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

export function mergeEcsTags(ctx: HandlerContext, existing: Readonly<Record<string, string>>, tags: readonly Tag[] | undefined): Record<string, string> {
  const merged = { ...existing };
  for (const tag of tags ?? []) {
    const key = tag.key ?? '';
    if (key.length < 1 || key.length > 128) throw ctx.error('InvalidParameterException', 'Tag keys must be between 1 and 128 characters.');
    if ((tag.value ?? '').length > 256) throw ctx.error('InvalidParameterException', 'Tag values must be at most 256 characters.');
    if (key.toLowerCase().startsWith('aws:')) throw ctx.error('InvalidParameterException', 'Tag keys starting with aws: are reserved.');
    merged[key] = tag.value ?? '';
  }
  if (Object.keys(merged).length > 50) throw ctx.error('InvalidParameterException', 'The maximum number of tags for a resource is 50.');
  return merged;
}

/** `maxResults` within 1..`max`; the page is min(maxResults or `defaultSize`, options.pageSize). */
export function ecsPageSize(ctx: HandlerContext, maxResults: number | undefined, defaultSize: number, max = 100): number {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > max)) {
    throw ctx.error('InvalidParameterException', `maxResults must be between 1 and ${max}.`);
  }
  return Math.min(maxResults ?? defaultSize, ctx.options.pageSize ?? DEFAULT_PAGE_SIZE);
}

export function invalidToken(ctx: HandlerContext): () => Error {
  return () => ctx.error('InvalidParameterException', 'Invalid nextToken.');
}

/** The name in a name-or-ARN parameter (`cluster`, `service`): the last path segment of an ARN. */
export function nameOf(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
}
