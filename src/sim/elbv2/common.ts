/**
 * What the ELBv2 modules share: records, ARNs, tags, names and `Marker` paging.
 *
 * ARN shapes (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html#awselasticloadbalancingv2-resources-for-iam-policies):
 * - load balancer `arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/net/<name>/<16 hex>`
 * - target group `arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<16 hex>`
 * - listener `arn:aws:elasticloadbalancing:<region>:<account>:listener/net/<lb name>/<lb hex>/<16 hex>`
 *
 * Tags (API_AddTags.html, API_Tag.html): keys 1–128, values 0–256, ≤50 per resource (`TooManyTags`), a
 * key twice in one request is `DuplicateTagKeys`; `Tags` on a create has at least one item when given
 * ("Array Members: Minimum number of 1 item", so `[]` is a `ValidationError`). Describe* never returns
 * tags (docs/aws-behaviour.md 2c): only DescribeTags does.
 */
import type { Tag } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { HandlerContext } from '../module.js';
import { DEFAULT_PAGE_SIZE } from '../options.js';
import { pageAfter } from '../paging.js';
import { stableStringify, type ResourceRecord } from '../state.js';

/** Records are keyed by ARN (`id` is the ARN). */
export interface LoadBalancerRecord extends ResourceRecord {
  name: string;
  scheme: 'internal' | 'internet-facing';
  vpcId: string;
  subnets: { subnetId: string; zone: string; allocationId?: string; privateIPv4Address?: string }[];
  securityGroups: string[];
  ipAddressType: string;
  dnsName: string;
}

export interface TargetGroupRecord extends ResourceRecord {
  name: string;
  protocol: string;
  port: number;
  vpcId: string;
  targetType: string;
  healthCheck: {
    protocol: string;
    port: string;
    enabled: boolean;
    intervalSeconds: number;
    timeoutSeconds: number;
    healthyThresholdCount: number;
    unhealthyThresholdCount: number;
    path?: string;
    matcher?: string;
  };
  /** Registered targets: `id:port` → { id, port, registeredAt }. */
  targets: Record<string, { id: string; port: number; registeredAt: number }>;
}

export interface ListenerRecord extends ResourceRecord {
  loadBalancerArn: string;
  port: number;
  protocol: string;
  /** The DefaultActions as given (JSON-safe). */
  defaultActions: unknown;
  /** Target group ARNs the default actions forward to. */
  targetGroupArns: string[];
}

export function loadBalancers(ctx: HandlerContext): Record<string, LoadBalancerRecord> {
  return ctx.collection<LoadBalancerRecord>('elbv2', 'loadBalancers');
}

export function targetGroups(ctx: HandlerContext): Record<string, TargetGroupRecord> {
  return ctx.collection<TargetGroupRecord>('elbv2', 'targetGroups');
}

export function listeners(ctx: HandlerContext): Record<string, ListenerRecord> {
  return ctx.collection<ListenerRecord>('elbv2', 'listeners');
}

export function elbArn(ctx: HandlerContext, resource: string): string {
  return `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.account}:${resource}`;
}

export function validationError(ctx: HandlerContext, message: string): Error {
  return ctx.error('ValidationError', message);
}

/** Load balancer and target group names: 1–32 alphanumerics and hyphens, no hyphen at either end. */
export function validateName(ctx: HandlerContext, kind: 'load balancer' | 'target group', name: string | undefined): string {
  if (!name) throw validationError(ctx, `A ${kind} name is required`);
  if (name.length > 32) throw validationError(ctx, `The ${kind} name '${name}' cannot be longer than '32' characters`);
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw validationError(ctx, `The ${kind} name '${name}' can only contain characters that are alphanumeric characters and hyphens(-)`);
  if (name.startsWith('-') || name.endsWith('-')) throw validationError(ctx, `The ${kind} name '${name}' cannot begin or end with a hyphen`);
  if (kind === 'load balancer' && name.startsWith('internal-')) throw validationError(ctx, `The load balancer name '${name}' cannot begin with 'internal-'`);
  return name;
}

export function tagList(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function mergeTags(ctx: HandlerContext, existing: Readonly<Record<string, string>>, tags: readonly Tag[] | undefined): Record<string, string> {
  if (tags !== undefined && tags.length === 0) {
    throw validationError(ctx, "1 validation error detected: Value '[]' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1");
  }
  const merged = { ...existing };
  const seen = new Set<string>();
  for (const tag of tags ?? []) {
    const key = tag.Key ?? '';
    if (seen.has(key)) throw ctx.error('DuplicateTagKeys', `Tag key '${key}' is duplicated`);
    seen.add(key);
    if (key.length < 1 || key.length > 128 || (tag.Value ?? '').length > 256) throw validationError(ctx, `Tag '${key}' is not valid`);
    if (key.toLowerCase().startsWith('aws:')) throw validationError(ctx, "Tag keys starting with 'aws:' are reserved");
    merged[key] = tag.Value ?? '';
  }
  if (Object.keys(merged).length > 50) throw ctx.error('TooManyTags', 'The quota for the number of tags that can be assigned to a load balancer has been reached');
  return merged;
}

/** `PageSize` 1–400 and `Marker`/`NextMarker`; a page is min(PageSize, options.pageSize) long. */
export function markerPage<T extends ResourceRecord>(
  ctx: HandlerContext,
  records: readonly T[],
  request: { Marker?: string | undefined; PageSize?: number | undefined },
): { page: T[]; nextMarker: string | undefined } {
  if (request.PageSize !== undefined && (request.PageSize < 1 || request.PageSize > 400)) {
    throw validationError(ctx, `1 validation error detected: Value '${request.PageSize}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400`);
  }
  const size = Math.min(request.PageSize ?? 400, ctx.options.pageSize ?? DEFAULT_PAGE_SIZE);
  const { page, next } = pageAfter(records, (r) => r.id, request.Marker, size, () => validationError(ctx, 'Invalid marker'));
  return { page, nextMarker: next };
}

/** The record of a tagged ARN of any ELBv2 type, or the type's NotFound error. */
export function requireTaggable(ctx: HandlerContext, arn: string): ResourceRecord {
  const [collection, code] = arn.includes(':loadbalancer/')
    ? [loadBalancers(ctx), 'LoadBalancerNotFound']
    : arn.includes(':targetgroup/')
      ? [targetGroups(ctx), 'TargetGroupNotFound']
      : arn.includes(':listener/')
        ? [listeners(ctx), 'ListenerNotFound']
        : [undefined, 'ValidationError'];
  const record = (collection as Record<string, ResourceRecord> | undefined)?.[arn];
  if (!record || !ctx.isVisible(record)) throw ctx.error(code, `'${arn}' not found`);
  return record;
}

/** Settings compared by the idempotent creates, as stable JSON. */
export function stableSettings(settings: unknown): string {
  return stableStringify(settings);
}
