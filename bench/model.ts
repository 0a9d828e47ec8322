/**
 * The benchmark's model of AWS: call latencies, provisioning times, request rates (the simulation's
 * `rateModel: 'aws'`), and the two yardsticks measured runs are held against: the lower bound of a
 * no-op's reads and the critical path of an apply.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Reconciler } from '../src/core/reconciler.js';
import { reconcilerFor } from '../src/core/reconciler.js';
import { scopeKey, type DesiredResource } from '../src/core/types.js';
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

/** Reconciler types whose readiness a dependent waits for, and the simulation kind that times it. */
const READINESS_DELAY: Readonly<Record<string, number>> = {
  'ec2:nat-gateway': PROVISIONING_MS['ec2:nat-gateway'],
  'ec2:vpc-endpoint': PROVISIONING_MS['ec2:vpc-endpoint'],
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
 * Each type's listing call and the most items one page of it returns (EC2 API Reference, each
 * Describe's MaxResults; RAM GetResourceShares maxResults 500). DescribeAddresses is not paginated.
 * A type not listed counts 100 per page (labelled: the smallest maximum among the listed).
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
  'ram:resource-share': { api: 'GetResourceShares', page: 500 },
};

/** Items a type's listing returns for one desired resource (a rules resource: one per rule). */
function listedItems(resource: DesiredResource): number {
  if (resource.type === 'ec2:security-group-rules') {
    const spec = resource.spec as { ingress?: unknown[]; egress?: unknown[] };
    return (spec.ingress?.length ?? 0) + (spec.egress?.length ?? 0);
  }
  return 1;
}

/**
 * The reads of a no-op pass if every (scope, type) were one paginated listing of what is there: the
 * issue's lower bound. Every registered type is listed in every observed scope, even where none is
 * desired (one call). STS (one GetCallerIdentity, one AssumeRole per other account) is not counted.
 */
export function noopLowerBound(desired: readonly DesiredResource[], registry: readonly Reconciler[]): number {
  const items = new Map<string, number>();
  const scopes = new Set<string>();
  for (const resource of desired) {
    const scope = scopeKey(resource.scope);
    scopes.add(scope);
    const key = `${scope} ${resource.type}`;
    items.set(key, (items.get(key) ?? 0) + listedItems(resource));
  }
  let calls = 0;
  for (const scope of scopes) {
    for (const reconciler of registry) {
      const page = LISTING_PAGE[reconciler.type]?.page ?? 100;
      calls += Math.max(1, Math.ceil((items.get(`${scope} ${reconciler.type}`) ?? 0) / page));
    }
  }
  return calls;
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
