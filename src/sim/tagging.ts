/**
 * Resource Groups Tagging API: GetResources over every module's `taggedResources` (see module.ts).
 *
 * References (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html):
 * - TagFilters (≤50): "each TagFilter … AND; values within a key are ORed"; a filter without Values
 *   matches any resource that has the key.
 * - ResourceTypeFilters (≤100): `service` (every type of the service) or `service:resourceType`,
 *   e.g. `elasticloadbalancing:loadbalancer`, `ecs:service`, `ec2:vpc-endpoint-service`.
 * - ResourceARNList (≤100) narrows the result to those ARNs; combining it with ResourceTypeFilters is an
 *   `InvalidParameterException` here (unconfirmed: the reference restricts combining it with filters).
 * - ResourcesPerPage 1–100; PaginationToken: the last page answers `PaginationToken: ""` (an empty
 *   string, not absent — the SDK paginator stops on it; a hand-written loop must test for "" too).
 * - IAM users and roles are not covered ("The GetResources operation does not currently support IAM
 *   users and roles", supported-services.html); untagged resources are not listed here.
 * - `taggingLagMs` (options.ts) hides resources younger than that, as RGTA lags the services.
 * Not simulated: RGTA's stale ARNs of deleted resources and "previously tagged" resources with `Tags: []`
 * (docs/aws-behaviour.md 8) — deleted resources vanish at once here.
 */
import type { GetResourcesCommandInput, GetResourcesCommandOutput, ResourceTagMapping } from '@aws-sdk/client-resource-groups-tagging-api';
import { defineHandler, type SimModule, type TaggedResource } from './module.js';
import { DEFAULT_PAGE_SIZE } from './options.js';
import { pageAfter } from './paging.js';

function matchesType(resource: TaggedResource, filters: readonly string[]): boolean {
  if (filters.length === 0) return true;
  return filters.some((filter) => (filter.includes(':') ? resource.resourceType === filter : resource.resourceType.split(':')[0] === filter));
}

export const taggingModule: SimModule = {
  name: 'tagging',
  handlers: {
    'ResourceGroupsTaggingAPI:GetResources': defineHandler<GetResourcesCommandInput, GetResourcesCommandOutput>((ctx, input) => {
      const invalid = (message: string) => ctx.error('InvalidParameterException', message);
      const tagFilters = input.TagFilters ?? [];
      const typeFilters = input.ResourceTypeFilters ?? [];
      const arns = input.ResourceARNList ?? [];
      if (tagFilters.length > 50) throw invalid('TagFilters can have at most 50 items');
      if (tagFilters.some((f) => (f.Values ?? []).length > 20)) throw invalid('A TagFilter can have at most 20 values');
      if (typeFilters.length > 100) throw invalid('ResourceTypeFilters can have at most 100 items');
      if (arns.length > 100) throw invalid('ResourceARNList can have at most 100 items');
      if (arns.length > 0 && typeFilters.length > 0) throw invalid('ResourceARNList and ResourceTypeFilters cannot be specified together');
      const perPage = input.ResourcesPerPage;
      if (perPage !== undefined && (perPage < 1 || perPage > 100)) throw invalid('ResourcesPerPage must be between 1 and 100');
      const lag = ctx.options.taggingLagMs ?? 0;
      const matching = ctx.taggedResources().filter(
        (r) =>
          Object.keys(r.tags).length > 0 &&
          (lag === 0 || (r.createdAt ?? 0) === 0 || ctx.now >= r.createdAt! + lag) &&
          matchesType(r, typeFilters) &&
          (arns.length === 0 || arns.includes(r.arn)) &&
          tagFilters.every((f) => f.Key !== undefined && f.Key in r.tags && ((f.Values ?? []).length === 0 || f.Values!.includes(r.tags[f.Key]!))),
      );
      const size = Math.min(perPage ?? 100, ctx.options.pageSize ?? DEFAULT_PAGE_SIZE);
      const { page, next } = pageAfter(matching, (r) => r.arn, input.PaginationToken, size, () =>
        ctx.error('PaginationTokenExpiredException', 'The pagination token is invalid or has expired'),
      );
      const mappings: ResourceTagMapping[] = page.map((r) => ({ ResourceARN: r.arn, Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) }));
      return { ResourceTagMappingList: mappings, PaginationToken: next ?? '' };
    }),
  },
};
