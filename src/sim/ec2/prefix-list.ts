/**
 * AWS-managed prefix lists of the gateway endpoint services (`com.amazonaws.<region>.s3` and
 * `.dynamodb`): DescribePrefixLists and DescribeManagedPrefixLists. Gateway endpoints route to them
 * (`DestinationPrefixListId`), and security group rules may name them (`PrefixListId`).
 *
 * References:
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribePrefixLists.html ("Describes
 *   available Amazon Web Services services in a prefix list format")
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeManagedPrefixLists.html
 * - https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html
 *
 * AWS-managed list IDs are `pl-` + 8 hex digits and differ per region; the simulation uses AWS's own
 * for us-east-1 and derives the others from a hash of the region and service, so they are stable and
 * never consume the seeded ID generator.
 */
import { createHash } from 'node:crypto';
import type {
  DescribeManagedPrefixListsCommandInput,
  DescribeManagedPrefixListsCommandOutput,
  DescribePrefixListsCommandInput,
  DescribePrefixListsCommandOutput,
} from '@aws-sdk/client-ec2';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import type { ResourceRecord } from '../state.js';
import { applyFilters, paginate, type FilterAttributes } from './filters.js';

/** Services with a gateway endpoint, hence an AWS-managed prefix list. */
export const GATEWAY_SERVICES = ['s3', 'dynamodb'] as const;

export interface AwsPrefixList extends ResourceRecord {
  readonly prefixListName: string;
  readonly cidrs: readonly string[];
}

/**
 * AWS's real IDs where manifests are likely to name them (`prefixList: "pl-63a5400a"` for S3 in
 * us-east-1); elsewhere a stable stand-in.
 */
const KNOWN_IDS: Readonly<Record<string, string>> = {
  'us-east-1/s3': 'pl-63a5400a',
  'us-east-1/dynamodb': 'pl-02cd2c6b',
};

function prefixListId(region: string, service: string): string {
  return KNOWN_IDS[`${region}/${service}`] ?? `pl-${createHash('sha256').update(`${region}/${service}`).digest('hex').slice(0, 8)}`;
}

/** The AWS-managed prefix lists of `region`, one per gateway service. */
export function awsPrefixLists(region: string): AwsPrefixList[] {
  return GATEWAY_SERVICES.map((service, index) => ({
    id: prefixListId(region, service),
    createdAt: 0,
    tags: {},
    prefixListName: `com.amazonaws.${region}.${service}`,
    // Documentation ranges stand in for the service's real public ranges.
    cidrs: [`198.51.${100 + index}.0/24`, `203.0.${113 + index}.0/24`],
  }));
}

/** The prefix list of `com.amazonaws.<region>.<service>`, if the service has one. */
export function prefixListFor(region: string, serviceName: string): AwsPrefixList | undefined {
  return awsPrefixLists(region).find((list) => list.prefixListName === serviceName);
}

export function isAwsPrefixList(region: string, id: string): boolean {
  return awsPrefixLists(region).some((list) => list.id === id);
}

function requireKnown(ctx: HandlerContext, ids: readonly string[] | undefined, code: string): AwsPrefixList[] {
  const all = awsPrefixLists(ctx.region);
  const missing = (ids ?? []).filter((id) => !all.some((list) => list.id === id));
  if (missing.length > 0) throw ctx.error(code, `The prefix list ID '${missing.join(', ')}' does not exist`);
  return ids && ids.length > 0 ? all.filter((list) => ids.includes(list.id)) : all;
}

const prefixListFilters: FilterAttributes<AwsPrefixList> = {
  'prefix-list-id': (r) => r.id,
  'prefix-list-name': (r) => r.prefixListName,
};

export const prefixListModule: SimModule = {
  name: 'ec2/prefix-list',
  handlers: {
    'EC2:DescribePrefixLists': defineHandler<DescribePrefixListsCommandInput, DescribePrefixListsCommandOutput>((ctx, input) => {
      const ids = input.PrefixListIds ?? [];
      const candidates = requireKnown(ctx, ids, 'InvalidPrefixListID.NotFound');
      const filtered = applyFilters(ctx, candidates, input.Filters, prefixListFilters);
      const { page, nextToken } = paginate(ctx, filtered, input, { minResults: 5, maxResults: 1000, idsGiven: ids.length > 0 });
      return {
        PrefixLists: page.map((r) => ({ PrefixListId: r.id, PrefixListName: r.prefixListName, Cidrs: [...r.cidrs] })),
        NextToken: nextToken,
      };
    }),
    'EC2:DescribeManagedPrefixLists': defineHandler<DescribeManagedPrefixListsCommandInput, DescribeManagedPrefixListsCommandOutput>(
      (ctx, input) => {
        const ids = input.PrefixListIds ?? [];
        const candidates = requireKnown(ctx, ids, 'InvalidPrefixListID.NotFound');
        const filtered = applyFilters(ctx, candidates, input.Filters, { ...prefixListFilters, 'owner-id': () => 'AWS' });
        const { page, nextToken } = paginate(ctx, filtered, input, { minResults: 1, maxResults: 100, idsGiven: ids.length > 0 });
        return {
          PrefixLists: page.map((r) => ({
            PrefixListId: r.id,
            PrefixListName: r.prefixListName,
            AddressFamily: 'IPv4',
            State: 'create-complete',
            PrefixListArn: `arn:aws:ec2:${ctx.region}:aws:prefix-list/${r.id}`,
            Version: 1,
            OwnerId: 'AWS',
          })),
          NextToken: nextToken,
        };
      },
    ),
  },
};
