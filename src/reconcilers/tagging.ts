/**
 * One Resource Groups Tagging API listing per scope and observe pass, shared by every type that finds
 * its owned resources there (the VPC Lattice types, ECS services and task definitions): GetResources
 * filtered on the server by `trellis:owner` and by `ResourceTypeFilters: ['vpc-lattice', 'ecs:service',
 * 'ecs:task-definition']` — a service name alone selects every resource type of that service
 * (API_GetResources `ResourceTypeFilters`: "service[:resourceType]", up to 100) — 100 ARNs per page
 * (`ResourcesPerPage` 1–100), the last page answering an empty `PaginationToken`.
 *
 * Each ARN is put under its type from the ARN itself (`arn:aws:vpc-lattice:<region>:<account>:servicenetwork/sn-…`
 * → `vpc-lattice:servicenetwork`), which also makes trellis independent of how faithfully an endpoint
 * applies type filters (moto ignores `vpc-lattice:<type>`, docs/conformance.md M12). A sub-resource
 * (`service/svc-…/listener/listener-…`) is put under `<service>:<type>/<subtype>` and asked for by
 * nobody. Only ARNs of the scope (region and account) still carrying this owner's tag are kept: the API
 * also returns "previously tagged" resources with no tags left (docs/aws-behaviour.md §8).
 *
 * The tagging API lags behind creates and tag changes, and keeps deleted ARNs for a while: every caller
 * confirms each ARN with its own read, the Lattice types' observe-before-retry (`findByAddress`) lists
 * with Lattice's own List calls instead, and the ECS types' `findByAddress` adds the address-filtered
 * GetResources (`ownedOfType` with an address) only beside a fresh listing (ListServices of the owned
 * clusters) or an idempotency check of their own (a task definition's latest revision and spec hash).
 * Before a delete the tags are read again from the owning service (docs/aws-behaviour.md §8).
 * Budget: ⌈owned resources of those types / 100⌉ calls per scope, whatever the number of types.
 */
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { sharedListing, type ReconcilerContext } from '../core/reconciler.js';
import { TAG_ADDRESS, TAG_OWNER } from '../core/types.js';

/** The resource types the shared listing selects, as ResourceTypeFilters names them. */
export const TAGGING_TYPE_FILTERS = ['vpc-lattice', 'ecs:service', 'ecs:task-definition'] as const;

/** ResourcesPerPage 1–100 (API_GetResources). */
const PAGE_SIZE = 100;

/** `arn:<partition>:<service>:<region>:<account>:<type>/<id>…` → `<service>:<type>` (`…/<subtype>/…` for a sub-resource). */
export function taggingTypeOf(arn: string): string | undefined {
  const [, , service, , , resource] = arn.split(':');
  if (!service || !resource) return undefined;
  const segments = resource.split('/');
  if (service === 'ecs') return `ecs:${segments[0]}`;
  return segments.length > 2 ? `${service}:${segments[0]}/${segments[2]}` : `${service}:${segments[0]}`;
}

/** This owner's tagged resources of the scope, by type (`vpc-lattice:service`), each ARN with its tags. */
export function ownedByTagging(ctx: ReconcilerContext): Promise<ReadonlyMap<string, ReadonlyMap<string, Record<string, string>>>> {
  return sharedListing(ctx, 'ResourceGroupsTaggingAPI:GetResources owner', () => getResources(ctx, [...TAGGING_TYPE_FILTERS], []));
}

/** Every page of one GetResources, owner-filtered (and by `extraTags`), kept by scope and owner and split by type. */
async function getResources(ctx: ReconcilerContext, typeFilters: string[], extraTags: { Key: string; Values: string[] }[]) {
  const client = ctx.clients.get(ResourceGroupsTaggingAPIClient);
  const byType = new Map<string, Map<string, Record<string, string>>>();
  let token: string | undefined;
  do {
    const page = await client.send(
      new GetResourcesCommand({
        ResourceTypeFilters: typeFilters,
        TagFilters: [{ Key: TAG_OWNER, Values: [ctx.owner] }, ...extraTags],
        ResourcesPerPage: PAGE_SIZE,
        ...(token ? { PaginationToken: token } : {}),
      }),
    );
    for (const mapping of page.ResourceTagMappingList ?? []) {
      const arn = mapping.ResourceARN;
      const type = arn && inScope(ctx, arn) ? taggingTypeOf(arn) : undefined;
      if (!arn || !type) continue;
      const tags: Record<string, string> = {};
      for (const { Key, Value } of mapping.Tags ?? []) if (Key !== undefined) tags[Key] = Value ?? '';
      if (tags[TAG_OWNER] !== ctx.owner) continue;
      const ofType = byType.get(type) ?? new Map<string, Record<string, string>>();
      ofType.set(arn, tags);
      byType.set(type, ofType);
    }
    // The last page answers an empty string, not an absent token.
    token = page.PaginationToken || undefined;
  } while (token);
  return byType;
}

/** Whether an ARN is of this scope's region and account. */
export function inScope(ctx: ReconcilerContext, arn: string): boolean {
  const [, , , region, account] = arn.split(':');
  return region === ctx.scope.region && account === ctx.scope.account;
}

/**
 * The owned ARNs of one type (`vpc-lattice:servicenetwork`, `ecs:service`) with their tags: in observe,
 * from the scope's shared listing; with `address`, from a GetResources of that type and address alone.
 */
export async function ownedOfType(ctx: ReconcilerContext, type: string, address?: string): Promise<Map<string, Record<string, string>>> {
  const byType = address === undefined ? await ownedByTagging(ctx) : await getResources(ctx, [type], [{ Key: TAG_ADDRESS, Values: [address] }]);
  return new Map(byType.get(type) ?? []);
}
