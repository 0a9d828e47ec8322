/**
 * The benchmark's model of AWS: call latencies, provisioning times, request rates (the simulation's
 * `rateModel: 'aws'`), and the two yardsticks measured runs are held against: the lower bound of a
 * no-op's reads and the critical path of an apply.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Reconciler } from '../src/core/reconciler.js';
import { reconcilerFor } from '../src/core/reconciler.js';
import { GLOBAL_REGION, scopeKey, type DesiredResource } from '../src/core/types.js';
import type { StepGraph } from '../src/engine/apply.js';
import { isMutating, type SimModule, type SimOptions } from '../src/sim/index.js';

/** Labelled guesses, of the order AWS answers in from inside a region. */
export const LATENCY = { readMs: 20, mutatingMs: 50 } as const;

/**
 * Provisioning times on the virtual clock, scaled down from AWS's minutes (NAT gateway and interface
 * endpoint: 1-5 min; NLB: ~3 min) so the polling granularity still matters but nothing takes hours.
 */
export const PROVISIONING_MS = {
  'ec2:nat-gateway': 60_000,
  'ec2:vpc-endpoint': 45_000,
  'ec2:vpc-endpoint-service': 30_000,
  'elbv2:load-balancer': 90_000,
  'elbv2:target': 15_000,
  'ecs:service': 30_000,
  lattice: 10_000,
  'ram:resource-share': 5_000,
} as const;

/**
 * Reconciler types whose readiness a dependent waits for, and how long the simulation takes to make
 * them ready (its `asyncDelaysMs` kind: every Lattice type is `lattice`).
 */
const READINESS_DELAY: Readonly<Record<string, number>> = {
  'ec2:nat-gateway': PROVISIONING_MS['ec2:nat-gateway'],
  'ec2:vpc-endpoint': PROVISIONING_MS['ec2:vpc-endpoint'],
  'ec2:vpc-endpoint-service': PROVISIONING_MS['ec2:vpc-endpoint-service'],
  'elbv2:load-balancer': PROVISIONING_MS['elbv2:load-balancer'],
  'ram:resource-share': PROVISIONING_MS['ram:resource-share'],
  'vpc-lattice:service-network-vpc-association': PROVISIONING_MS.lattice,
  'vpc-lattice:resource-gateway': PROVISIONING_MS.lattice,
  'vpc-lattice:service-network-resource-association': PROVISIONING_MS.lattice,
};

export function simOptions(seed: number): SimOptions {
  return {
    seed,
    // The largest page every observed API allows: the reconcilers' own MaxResults decide.
    pageSize: 1000,
    latencyMs: LATENCY.readMs,
    mutatingLatencyMs: LATENCY.mutatingMs,
    asyncDelaysMs: { ...PROVISIONING_MS },
    rateModel: 'aws',
  };
}

/**
 * Each type's listing call and the most items one page of it returns (the API references' MaxResults /
 * PageSize / maxResults: EC2 Describe* 1000 (DescribeRouteTables 100), DescribeAddresses unpaginated; RAM
 * GetResourceShares 500; ELBv2 Describe* PageSize 400; ECS ListClusters 100; Resource Groups Tagging
 * API GetResources ResourcesPerPage 100; IAM GetAccountAuthorizationDetails MaxItems 1000; CloudTrail
 * DescribeTrails unpaginated). A type not listed counts 100 per page.
 */
export const LISTING_PAGE: Readonly<Record<string, { readonly api: string; readonly page: number }>> = {
  'ec2:vpc': { api: 'DescribeVpcs', page: 1000 },
  'ec2:subnet': { api: 'DescribeSubnets', page: 1000 },
  'ec2:internet-gateway': { api: 'DescribeInternetGateways', page: 1000 },
  'ec2:eip': { api: 'DescribeAddresses', page: Infinity },
  'ec2:nat-gateway': { api: 'DescribeNatGateways', page: 1000 },
  'ec2:route-table': { api: 'DescribeRouteTables', page: 100 },
  'ec2:security-group': { api: 'DescribeSecurityGroups', page: 1000 },
  'ec2:security-group-rules': { api: 'DescribeSecurityGroupRules', page: 1000 },
  'ec2:vpc-endpoint': { api: 'DescribeVpcEndpoints', page: 1000 },
  'ec2:vpc-endpoint-service': { api: 'DescribeVpcEndpointServiceConfigurations', page: 1000 },
  'ram:resource-share': { api: 'GetResourceShares', page: 500 },
  'elbv2:load-balancer': { api: 'DescribeLoadBalancers', page: 400 },
  'elbv2:target-group': { api: 'DescribeTargetGroups', page: 400 },
  'elbv2:listener': { api: 'DescribeListeners', page: 400 },
  'iam:role': { api: 'GetAccountAuthorizationDetails', page: 1000 },
  'ecs:cluster': { api: 'ListClusters', page: 100 },
  'ecs:task-definition': { api: 'GetResources', page: 100 },
  'ecs:service': { api: 'GetResources', page: 100 },
  'cloudtrail:trail': { api: 'DescribeTrails', page: Infinity },
};

/** Items a type's listing returns for one desired resource (a rules resource: one per rule). */
function listedItems(resource: DesiredResource): number {
  if (resource.type === 'ec2:security-group-rules') {
    const spec = resource.spec as { ingress?: unknown[]; egress?: unknown[] };
    return (spec.ingress?.length ?? 0) + (spec.egress?.length ?? 0);
  }
  return 1;
}

const pages = (items: number, page: number) => Math.ceil(items / page);

/**
 * Reads AWS gives no batched form of, per (scope, type), for the `n` resources of that type desired
 * there (`perScope`: other resources in the scope, by type): the documented per-resource and per-batch
 * reads a listing cannot replace, each with the API reference that makes it necessary. The floor of a
 * no-op is the lower bound plus these.
 */
export const BOUNDED_READS: Readonly<Record<string, { readonly api: string; readonly why: string; readonly calls: (n: number, perScope: ReadonlyMap<string, number>) => number }[]>> = {
  'ec2:vpc': [{ api: 'EC2:DescribeVpcAttribute', why: 'one attribute per call (API_DescribeVpcAttribute), DescribeVpcs does not return the DNS attributes (API_Vpc): 2 per VPC', calls: (n) => 2 * n }],
  'ec2:vpc-endpoint-service': [
    { api: 'EC2:DescribeVpcEndpointServicePermissions', why: 'a single ServiceId per call (API_DescribeVpcEndpointServicePermissions): 1 per endpoint service', calls: (n) => n },
    { api: 'EC2:DescribeVpcEndpointConnections', why: 'connections are not in the service configuration: 1 per 200 services (service-id filter values)', calls: (n) => pages(n, 200) },
  ],
  'ram:resource-share': [
    { api: 'RAM:GetResourceShareAssociations', why: 'associations are not in GetResourceShares; one per association type (PRINCIPAL, RESOURCE)', calls: (n) => (n > 0 ? 2 : 0) },
  ],
  'elbv2:load-balancer': [
    {
      api: 'ElasticLoadBalancingV2:DescribeTags',
      why: 'Describe* returns no tags; DescribeTags takes ≤20 ARNs of any ELBv2 kind (API_DescribeTags): the NLBs and target groups of a scope together',
      calls: (n, perScope) => pages(n + (perScope.get('elbv2:target-group') ?? 0), 20),
    },
  ],
  'elbv2:target-group': [
    {
      api: 'ElasticLoadBalancingV2:DescribeTags',
      why: 'tagged with the NLBs (counted there); a scope with groups and no NLB tags them itself',
      calls: (n, perScope) => ((perScope.get('elbv2:load-balancer') ?? 0) === 0 ? pages(n, 20) : 0),
    },
  ],
  'elbv2:listener': [
    { api: 'ElasticLoadBalancingV2:DescribeListeners', why: 'one LoadBalancerArn per call (API_DescribeListeners): 1 per NLB, none without one: this replaces the one listing the lower bound counts (so -1 in a scope without NLBs)', calls: (_n, perScope) => (perScope.get('elbv2:load-balancer') ?? 0) - 1 },
    { api: 'ElasticLoadBalancingV2:DescribeTags', why: '≤20 ARNs per call', calls: (n) => pages(n, 20) },
  ],
  'ecs:cluster': [{ api: 'ECS:DescribeClusters', why: 'ListClusters returns ARNs only; DescribeClusters (include TAGS) takes ≤100 (API_DescribeClusters)', calls: (n) => pages(n, 100) }],
  'ecs:service': [
    // No ListServices (one cluster per call, API_ListServices) in a no-op: a cluster with desired services is described by their names.
    { api: 'ECS:DescribeServices', why: 'one cluster and ≤10 services per call (API_DescribeServices): here one Service per cluster', calls: (n) => n },
  ],
  'ecs:task-definition': [
    {
      api: 'ECS:ListTaskDefinitions',
      why: 'which tagged revisions are still ACTIVE (RGTA lags): one page of the region’s ACTIVE revisions while they are ≤100 (here), else one familyPrefix per call (API_ListTaskDefinitions)',
      calls: (n) => (n > 0 ? 1 : 0),
    },
  ],
  'vpc-lattice:service-network': [
    { api: 'VPCLattice:GetServiceNetwork', why: 'RGTA keeps deleted ARNs (docs/aws-behaviour.md §8): one Get per owned resource', calls: (n) => n },
    { api: 'VPCLattice:GetAuthPolicy', why: 'the auth policy is a separate read per service network (API_GetAuthPolicy)', calls: (n) => n },
  ],
  'vpc-lattice:service-network-vpc-association': [{ api: 'VPCLattice:GetServiceNetworkVpcAssociation', why: 'one Get per owned resource (RGTA lags)', calls: (n) => n }],
  'vpc-lattice:resource-gateway': [{ api: 'VPCLattice:GetResourceGateway', why: 'one Get per owned resource', calls: (n) => n }],
  'vpc-lattice:service': [{ api: 'VPCLattice:GetService', why: 'one Get per owned resource (RGTA keeps deleted ARNs)', calls: (n) => n }],
  'vpc-lattice:target-group': [{ api: 'VPCLattice:GetTargetGroup', why: 'one Get per owned resource (RGTA keeps deleted ARNs)', calls: (n) => n }],
  'vpc-lattice:service-network-service-association': [{ api: 'VPCLattice:GetServiceNetworkServiceAssociation', why: 'one Get per owned resource', calls: (n) => n }],
  'vpc-lattice:listener': [
    {
      api: 'VPCLattice:ListListeners',
      why: 'one serviceIdentifier per call (API_ListListeners), listeners have no tagging API type: 1 per owned Lattice service, none without one: this replaces the one listing the lower bound counts (so -1 in a scope without Lattice services)',
      calls: (_n, perScope) => (perScope.get('vpc-lattice:service') ?? 0) - 1,
    },
    { api: 'VPCLattice:ListTagsForResource', why: 'ListListeners returns no tags (docs/aws-behaviour.md §5c): one per listener', calls: (n) => n },
    { api: 'VPCLattice:GetListener', why: 'the listener summary has no default action: one per owned listener', calls: (n) => n },
  ],
  'vpc-lattice:resource-configuration': [{ api: 'VPCLattice:GetResourceConfiguration', why: 'one Get per owned resource', calls: (n) => n }],
  'vpc-lattice:service-network-resource-association': [{ api: 'VPCLattice:GetServiceNetworkResourceAssociation', why: 'one Get per owned resource', calls: (n) => n }],
  'cloudtrail:trail': [
    { api: 'CloudTrail:ListTags', why: 'DescribeTrails returns no tags; ListTags takes ≤20 trails (API_ListTags)', calls: (n) => pages(n, 20) },
    { api: 'CloudTrail:GetTrailStatus', why: 'IsLogging is not in DescribeTrails: one trail per call (API_GetTrailStatus)', calls: (n) => n },
  ],
};

/**
 * Listings one call serves for several types in a scope, where the lower bound counts one per type:
 * the Resource Groups Tagging API's GetResources with `ResourceTypeFilters: ['vpc-lattice',
 * 'ecs:service', 'ecs:task-definition']` (a bare service selects every type of it, API_GetResources),
 * which every VPC Lattice type but the listeners (listed per Lattice service) and the ECS services and
 * task definitions read (src/reconcilers/tagging.ts).
 * The floor counts it once per scope, over the types' items together: ⌈Σ items / 100⌉, at least one,
 * instead of the lower bound's Σ max(1, ⌈items / 100⌉) — a negative bounded read (what the sharing saves).
 * A true floor still: the call lists at least the desired resources of those types.
 */
export const SHARED_LISTINGS: readonly { readonly api: string; readonly why: string; readonly page: number; readonly serves: (type: string) => boolean }[] = [
  {
    api: 'ResourceGroupsTaggingAPI:GetResources',
    why: 'one GetResources per scope serves every Lattice type and the ECS services and task definitions (src/reconcilers/tagging.ts): the lower bound counts one per type',
    page: 100,
    // Not the Lattice listeners: they are listed per Lattice service (their own bounded reads).
    serves: (type) => (type.startsWith('vpc-lattice:') && type !== 'vpc-lattice:listener') || type === 'ecs:service' || type === 'ecs:task-definition',
  },
];

export interface NoopBound {
  /** The lower bound: one paginated listing per (account, region) and regional type, per account and global type. */
  readonly lowerBound: number;
  /** The lower bound plus {@link BOUNDED_READS}, less what {@link SHARED_LISTINGS} save. */
  readonly floor: number;
  /** The bounded reads by API (negative for a shared listing: the calls it saves against the lower bound). */
  readonly bounded: Readonly<Record<string, number>>;
}

/**
 * The reads of a no-op pass if every (scope, type) were one paginated listing of what is there: the
 * issue's lower bound, over the scopes observe lists (every regional type in every configured or
 * desired account and every region in use or the default, every global type once per account), even where none of the type is desired
 * (one call). STS (one GetCallerIdentity, one AssumeRole per other account) is not counted. Then the
 * floor: that plus each type's bounded per-resource reads, less the per-type listings one shared call
 * replaces ({@link SHARED_LISTINGS}). RAM invitations (one listing per accepting
 * account) are counted with the share's bounded reads.
 */
export function noopBound(desired: readonly DesiredResource[], registry: readonly Reconciler[], configured: { readonly accounts: readonly string[]; readonly defaultRegion: string }): NoopBound {
  const items = new Map<string, number>();
  const counts = new Map<string, Map<string, number>>();
  const regionScopes = new Set<string>();
  const accounts = new Set<string>(configured.accounts);
  const invitations = new Map<string, Set<string>>();
  for (const resource of desired) {
    const scope = scopeKey(resource.scope);
    accounts.add(resource.scope.account);
    if (resource.scope.region !== GLOBAL_REGION) regionScopes.add(scope);
    const key = `${scope} ${resource.type}`;
    items.set(key, (items.get(key) ?? 0) + listedItems(resource));
    const perScope = counts.get(scope) ?? new Map<string, number>();
    perScope.set(resource.type, (perScope.get(resource.type) ?? 0) + 1);
    counts.set(scope, perScope);
    const accept = (resource.spec as { acceptInvitationsIn?: readonly string[] }).acceptInvitationsIn;
    if (resource.type === 'ram:resource-share' && accept) {
      const set = invitations.get(scope) ?? new Set<string>();
      for (const account of accept) set.add(account);
      invitations.set(scope, set);
    }
  }
  let lowerBound = 0;
  const bounded: Record<string, number> = {};
  const listings = (scope: string, types: readonly Reconciler[]) => {
    for (const reconciler of types) {
      const page = LISTING_PAGE[reconciler.type]?.page ?? 100;
      lowerBound += Math.max(1, pages(items.get(`${scope} ${reconciler.type}`) ?? 0, page));
      const perScope = counts.get(scope) ?? new Map<string, number>();
      for (const read of BOUNDED_READS[reconciler.type] ?? []) {
        const calls = read.calls(perScope.get(reconciler.type) ?? 0, perScope);
        if (calls !== 0) bounded[read.api] = (bounded[read.api] ?? 0) + calls;
      }
    }
    for (const listing of SHARED_LISTINGS) {
      const served = types.filter((reconciler) => listing.serves(reconciler.type));
      if (served.length === 0) continue;
      const each = served.map((reconciler) => items.get(`${scope} ${reconciler.type}`) ?? 0);
      // what the lower bound counted for these types, as above
      const separate = served.reduce((sum, reconciler, index) => sum + Math.max(1, pages(each[index]!, LISTING_PAGE[reconciler.type]?.page ?? 100)), 0);
      const shared = Math.max(1, pages(each.reduce((sum, n) => sum + n, 0), listing.page));
      if (shared !== separate) bounded[listing.api] = (bounded[listing.api] ?? 0) + shared - separate;
    }
  };
  const regional = registry.filter((reconciler) => reconciler.scoping !== 'global');
  const global = registry.filter((reconciler) => reconciler.scoping === 'global');
  // Observe lists every account it knows (configured or desired) in every region in use: leftovers can be anywhere there.
  const regions = new Set([configured.defaultRegion, ...[...regionScopes].map((scope) => scope.slice(scope.indexOf('/') + 1))]);
  for (const account of accounts) for (const region of regions) listings(scopeKey({ account, region }), regional);
  for (const account of accounts) listings(scopeKey({ account, region: GLOBAL_REGION }), global);
  const invitationReads = [...invitations.values()].reduce((sum, set) => sum + set.size, 0);
  if (invitationReads > 0) bounded['RAM:GetResourceShareInvitations'] = invitationReads;
  const floor = lowerBound + Object.values(bounded).reduce((sum, calls) => sum + calls, 0);
  return { lowerBound, floor, bounded };
}

/**
 * Attributes every successful simulated call to the apply step that made it, by async context: the
 * bench enters a step's context at its `start` event and closes it at `done`, so a readiness poll
 * that runs on after its step is not charged to it. A step's weight is the model latency of its
 * calls: what the step takes when nothing waits on a limiter, a bucket or a retry.
 */
export class StepMeter {
  readonly #context = new AsyncLocalStorage<{ key: string; open: boolean }>();
  readonly weights = new Map<string, number>();

  module(): SimModule {
    return {
      name: 'bench/step-meter',
      afterCall: (ctx) => {
        const store = this.#context.getStore();
        if (!store?.open) return;
        const latency = isMutating(ctx.operation) ? LATENCY.mutatingMs : LATENCY.readMs;
        this.weights.set(store.key, (this.weights.get(store.key) ?? 0) + latency);
      },
    };
  }

  start(key: string): void {
    this.#context.enterWith({ key, open: true });
  }

  done(): void {
    const store = this.#context.getStore();
    if (store) store.open = false;
  }
}

/** `step.kind address`, as apply events name a step. */
export function eventKey(kind: string, address: string): string {
  return `${kind} ${address}`;
}

/**
 * The longest path through the step graph: a step's weight is its calls' latency, and a dependent
 * of a type AWS provisions asynchronously (NAT gateway) waits its provisioning time after it.
 */
export function criticalPath(graph: StepGraph, weights: ReadonlyMap<string, number>, registry: readonly Reconciler[]): number {
  const finish = new Map<string, number>();
  const visit = (key: string): number => {
    const known = finish.get(key);
    if (known !== undefined) return known;
    const step = graph.steps.get(key)!;
    let start = 0;
    for (const upstream of step.dependsOn) {
      const before = graph.steps.get(upstream)!;
      const ready = before.kind === 'create' && reconcilerFor(before.change.type, registry).readiness ? (READINESS_DELAY[before.change.type] ?? 0) : 0;
      start = Math.max(start, visit(upstream) + ready);
    }
    const end = start + (weights.get(eventKey(step.kind, step.change.address)) ?? 0);
    finish.set(key, end);
    return end;
  };
  let longest = 0;
  for (const key of graph.steps.keys()) longest = Math.max(longest, visit(key));
  return longest;
}
