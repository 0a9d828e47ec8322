/**
 * EC2 Describe* filtering and pagination, shared by every EC2 resource type.
 *
 * Filters (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html#query-filters and
 * each Describe* reference): values of one filter are ORed, filters are ANDed, values may use the
 * wildcards `*` (any run) and `?` (one character), and an unknown filter name is `InvalidParameterValue`.
 * Every taggable type understands `tag:<key>`, `tag-key` and `tag-value`.
 */
import type { Filter } from '@aws-sdk/client-ec2';
import type { HandlerContext } from '../module.js';
import type { ResourceRecord } from '../state.js';
import { DEFAULT_PAGE_SIZE } from '../options.js';

type AttributeValue = string | number | boolean | undefined | readonly (string | undefined)[];

/** Per-type filter names → the value(s) of a record that the filter compares. */
export type FilterAttributes<T> = Readonly<Record<string, (record: T) => AttributeValue>>;

function wildcardPattern(value: string): RegExp {
  const escaped = value.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 's');
}

function asStrings(value: AttributeValue): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.filter((v): v is string => v !== undefined);
  return [String(value)];
}

function matcher<T extends ResourceRecord>(ctx: HandlerContext, filter: Filter, attributes: FilterAttributes<T>): (r: T) => boolean {
  const name = filter.Name ?? '';
  // A filter without values matches nothing rather than everything: an empty list is never a wildcard.
  const patterns = (filter.Values ?? []).map(wildcardPattern);
  const anyMatches = (values: string[]) => values.some((v) => patterns.some((p) => p.test(v)));
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return (r) => key in r.tags && anyMatches([r.tags[key]!]);
  }
  if (name === 'tag-key') return (r) => anyMatches(Object.keys(r.tags));
  if (name === 'tag-value') return (r) => anyMatches(Object.values(r.tags));
  const attribute = attributes[name];
  if (!attribute) throw ctx.error('InvalidParameterValue', `The filter '${name}' is invalid`);
  return (r) => anyMatches(asStrings(attribute(r)));
}

export function applyFilters<T extends ResourceRecord>(
  ctx: HandlerContext,
  records: readonly T[],
  filters: readonly Filter[] | undefined,
  attributes: FilterAttributes<T>,
): T[] {
  const matchers = (filters ?? []).map((f) => matcher(ctx, f, attributes));
  return records.filter((r) => matchers.every((m) => m(r)));
}

/**
 * The values of filter `name` when every one is exact (no `*` or `?`): a handler may narrow its
 * candidates by an index with them before `applyFilters`, which still applies every filter. Several
 * filters of that name AND, so the first one's values bound the result. Undefined otherwise.
 */
export function exactFilterValues(filters: readonly Filter[] | undefined, name: string): string[] | undefined {
  const filter = filters?.find((f) => f.Name === name);
  if (!filter) return undefined;
  const values = filter.Values ?? [];
  return values.some((v) => /[*?]/.test(v)) ? undefined : values;
}

export interface PageRequest {
  MaxResults?: number;
  NextToken?: string;
}

export interface PageRules {
  /** Valid MaxResults range of this operation (DescribeVpcs/DescribeSubnets: 5–1000). */
  readonly minResults: number;
  readonly maxResults: number;
  /** The caller passed explicit IDs: MaxResults is then an `InvalidParameterCombination`, and no paging. */
  readonly idsGiven: boolean;
}

const TOKEN_PREFIX = 'sim1:';

/**
 * One page of `records` (sorted by ID, so a page boundary survives deletes between calls).
 *
 * Page size: min(MaxResults, options.pageSize) when MaxResults is given, else options.pageSize.
 * Real AWS returns everything in one response when MaxResults is absent on these Describe calls; the
 * simulation paginates anyway so that a caller that ignores NextToken fails in tests, not in production.
 */
export function paginate<T extends ResourceRecord>(
  ctx: HandlerContext,
  records: readonly T[],
  request: PageRequest,
  rules: PageRules,
): { page: T[]; nextToken: string | undefined } {
  const sorted = [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (request.MaxResults !== undefined) {
    if (rules.idsGiven) {
      throw ctx.error('InvalidParameterCombination', 'The parameter MaxResults cannot be used with the parameter of resource IDs');
    }
    if (request.MaxResults < rules.minResults || request.MaxResults > rules.maxResults) {
      throw ctx.error(
        'InvalidParameterValue',
        `Value ( ${request.MaxResults} ) for parameter maxResults is invalid. Expecting a value between ${rules.minResults} and ${rules.maxResults}.`,
      );
    }
  }
  if (rules.idsGiven && request.NextToken === undefined) return { page: sorted, nextToken: undefined };

  let start = 0;
  if (request.NextToken !== undefined) {
    const after = decodeToken(request.NextToken);
    if (after === undefined) throw ctx.error('InvalidPaginationToken', `Invalid pagination token: ${request.NextToken}`);
    start = sorted.findIndex((r) => r.id > after);
    if (start < 0) start = sorted.length;
  }
  const pageSize = Math.max(1, ctx.options.pageSize ?? DEFAULT_PAGE_SIZE);
  const size = request.MaxResults === undefined ? pageSize : Math.min(request.MaxResults, pageSize);
  const page = sorted.slice(start, start + size);
  const more = start + size < sorted.length;
  return { page, nextToken: more ? encodeToken(page[page.length - 1]!.id) : undefined };
}

function encodeToken(lastId: string): string {
  return Buffer.from(TOKEN_PREFIX + lastId).toString('base64url');
}

function decodeToken(token: string): string | undefined {
  const text = Buffer.from(token, 'base64url').toString();
  return text.startsWith(TOKEN_PREFIX) ? text.slice(TOKEN_PREFIX.length) : undefined;
}

/** Looks up requested IDs, visible ones only; any unknown ID fails the whole call, as in AWS. */
export function requireVisible<T extends ResourceRecord>(
  ctx: HandlerContext,
  collection: Readonly<Record<string, T>>,
  ids: readonly string[],
  notFound: (missing: string[]) => Error,
): T[] {
  const missing = ids.filter((id) => {
    const record = collection[id];
    return !record || !ctx.isVisible(record);
  });
  if (missing.length > 0) throw notFound(missing);
  return [...new Set(ids)].map((id) => collection[id]!);
}
