/**
 * AWS's request rates, as the simulated service enforces them (`SimOptions.rateModel`): one token
 * bucket per (account, region, service, bucket) on the simulation's clock. A call that finds its
 * bucket empty fails with the service's throttling error before doing anything, as AWS answers.
 *
 * Published rates (burst capacity / refill per second):
 * - EC2 (API Reference, "Request throttling for the Amazon EC2 API"): non-mutating (Describe*) 100/20,
 *   mutating 50/5, and buckets of their own for CreateVpcEndpoint 4/0.3 and CreateNatGateway 10/1;
 * - ECS (API Reference, "Request throttling"): reads 100/20, writes 50/5;
 * - CloudTrail LookupEvents: 2 per second per account and region (API_LookupEvents.html).
 * Labelled guesses (no published bucket): ELBv2 40/10 shared by every action of an account and region,
 * IAM 20/10 per account (global), RAM 20/5, VPC Lattice 20/10, the Resource Groups Tagging API 20/5,
 * STS 100/50, and 20/10 for any other service.
 *
 * The engine keeps its own copy of these numbers (`src/engine/limits.ts`): that is what trellis
 * believes; this is what the simulated AWS enforces. They agree today, and a test may make them differ.
 */
import type { Clock } from '../core/clock.js';

export interface Bucket {
  /** Tokens when full. */
  readonly burst: number;
  /** Tokens added per second. */
  readonly perSecond: number;
}

export interface ServiceRates {
  readonly read: Bucket;
  readonly write: Bucket;
  /** One bucket for every action of the service (ELBv2's guess). */
  readonly shared?: boolean;
  /** Actions with a bucket of their own. */
  readonly actions?: Readonly<Record<string, Bucket>>;
}

/** Keyed by the SDK client name without `Client` (`EC2`, `ECS`, `ElasticLoadBalancingV2`…). */
export type RequestRates = Readonly<Record<string, ServiceRates>>;

export const AWS_REQUEST_RATES: RequestRates = {
  EC2: {
    read: { burst: 100, perSecond: 20 },
    write: { burst: 50, perSecond: 5 },
    actions: { CreateVpcEndpoint: { burst: 4, perSecond: 0.3 }, CreateNatGateway: { burst: 10, perSecond: 1 } },
  },
  ECS: { read: { burst: 100, perSecond: 20 }, write: { burst: 50, perSecond: 5 } },
  ElasticLoadBalancingV2: { read: { burst: 40, perSecond: 10 }, write: { burst: 40, perSecond: 10 }, shared: true },
  CloudTrail: { read: { burst: 10, perSecond: 5 }, write: { burst: 10, perSecond: 5 }, actions: { LookupEvents: { burst: 2, perSecond: 2 } } },
  IAM: { read: { burst: 20, perSecond: 10 }, write: { burst: 20, perSecond: 10 } },
  RAM: { read: { burst: 20, perSecond: 5 }, write: { burst: 20, perSecond: 5 } },
  VPCLattice: { read: { burst: 20, perSecond: 10 }, write: { burst: 20, perSecond: 10 } },
  ResourceGroupsTaggingAPI: { read: { burst: 20, perSecond: 5 }, write: { burst: 20, perSecond: 5 } },
  STS: { read: { burst: 100, perSecond: 50 }, write: { burst: 100, perSecond: 50 } },
};

const OTHER_SERVICE: ServiceRates = { read: { burst: 20, perSecond: 10 }, write: { burst: 20, perSecond: 10 } };

/** Reads by verb; everything else counts against the mutating bucket. */
export function isReadAction(operation: string): boolean {
  return /^(Describe|List|Get|Lookup|Search)/.test(operation);
}

interface BucketState {
  tokens: number;
  updatedAt: number;
}

/** The buckets of one simulation, created full on first use. Not saved with the state. */
export class RateBuckets {
  readonly #buckets = new Map<string, BucketState>();

  constructor(
    private readonly clock: Clock,
    private readonly rates: RequestRates,
  ) {}

  /** Takes a token for one call; false when the bucket is empty (the call is throttled). */
  take(account: string, region: string, service: string, operation: string): boolean {
    const rates = this.rates[service] ?? OTHER_SERVICE;
    const own = rates.actions?.[operation];
    const name = own ? operation : rates.shared ? 'all' : isReadAction(operation) ? 'read' : 'write';
    const bucket = own ?? (name === 'write' ? rates.write : rates.read);
    // IAM and STS are global services: one bucket per account.
    const where = service === 'IAM' || service === 'STS' ? account : `${account}/${region}`;
    const key = `${where}/${service}/${name}`;
    const now = this.clock.now();
    let state = this.#buckets.get(key);
    if (!state) {
      state = { tokens: bucket.burst, updatedAt: now };
      this.#buckets.set(key, state);
    }
    state.tokens = Math.min(bucket.burst, state.tokens + (Math.max(0, now - state.updatedAt) / 1000) * bucket.perSecond);
    state.updatedAt = now;
    if (state.tokens < 1) return false;
    state.tokens -= 1;
    return true;
  }
}
