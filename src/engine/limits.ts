/**
 * Request rates per (account, region, service, bucket): a token bucket sized from AWS's published
 * rates and a concurrency bound, shared by every call of that bucket in a run, with adaptive backoff:
 * a throttled call halves the bucket's refill rate for everyone, successes bring it back step by step
 * (additive increase, multiplicative decrease), so trellis settles just under the rate AWS grants.
 *
 * Published rates (token bucket: burst capacity / refill per second):
 * - EC2: describe 100/20, mutating 50/5, CreateVpcEndpoint 4/0.3, CreateNatGateway 10/1 (EC2 API
 *   Reference, "Request throttling for the Amazon EC2 API": the per-API default buckets);
 * - ECS: reads 100/20 (cluster reads: bucket 50), writes 50/5 (ECS API Reference, "Request throttling");
 * - CloudTrail LookupEvents 2/s per account and region (CloudTrail API Reference, LookupEvents).
 * Labelled guesses (no published bucket found): ELBv2 40/10 shared by every action of the account,
 * IAM 20/10 (global), RAM 20/5, VPC Lattice 20/10, the Resource Groups Tagging API 20/5, STS 100/50.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { Clock } from '../core/clock.js';

export interface RateLimit {
  /** Tokens the bucket holds when full. */
  readonly burst: number;
  /** Tokens added per second. */
  readonly perSecond: number;
}

interface ServiceLimits {
  readonly read: RateLimit;
  readonly write: RateLimit;
  /** Actions with a bucket of their own. */
  readonly actions?: Readonly<Record<string, RateLimit>>;
}

/** Keyed by the SDK client name without `Client` (`EC2`, `ECS`, `ElasticLoadBalancingV2`…). */
export const AWS_RATE_LIMITS: Readonly<Record<string, ServiceLimits>> = {
  EC2: {
    read: { burst: 100, perSecond: 20 },
    write: { burst: 50, perSecond: 5 },
    actions: { CreateVpcEndpoint: { burst: 4, perSecond: 0.3 }, CreateNatGateway: { burst: 10, perSecond: 1 } },
  },
  ECS: { read: { burst: 100, perSecond: 20 }, write: { burst: 50, perSecond: 5 } },
  ElasticLoadBalancingV2: { read: { burst: 40, perSecond: 10 }, write: { burst: 40, perSecond: 10 } },
  CloudTrail: { read: { burst: 10, perSecond: 5 }, write: { burst: 10, perSecond: 5 }, actions: { LookupEvents: { burst: 2, perSecond: 2 } } },
  IAM: { read: { burst: 20, perSecond: 10 }, write: { burst: 20, perSecond: 10 } },
  RAM: { read: { burst: 20, perSecond: 5 }, write: { burst: 20, perSecond: 5 } },
  VPCLattice: { read: { burst: 20, perSecond: 10 }, write: { burst: 20, perSecond: 10 } },
  ResourceGroupsTaggingAPI: { read: { burst: 20, perSecond: 5 }, write: { burst: 20, perSecond: 5 } },
  STS: { read: { burst: 100, perSecond: 50 }, write: { burst: 100, perSecond: 50 } },
};

const DEFAULT_LIMITS: ServiceLimits = { read: { burst: 20, perSecond: 10 }, write: { burst: 20, perSecond: 5 } };

/** Reads by name: everything else may change something. */
export function isReadOperation(operation: string): boolean {
  return /^(Describe|List|Get|Lookup|Search)/.test(operation);
}

/** ELBv2's guessed bucket is one per account for every action; the others split reads and writes. */
function bucketName(service: string, operation: string, limits: ServiceLimits): string {
  if (limits.actions?.[operation]) return operation;
  if (service === 'ElasticLoadBalancingV2') return 'all';
  return isReadOperation(operation) ? 'read' : 'write';
}

export class RateBucket {
  readonly #clock: Clock;
  readonly #limit: RateLimit;
  readonly #concurrency: LimitFunction;
  #tokens: number;
  #rate: number;
  #updatedAt: number;
  #queue: Promise<void> = Promise.resolve();

  constructor(clock: Clock, limit: RateLimit) {
    this.#clock = clock;
    this.#limit = limit;
    this.#tokens = limit.burst;
    this.#rate = limit.perSecond;
    this.#updatedAt = clock.now();
    // As many calls in flight as the bucket refills in a second: more would only queue at AWS.
    this.#concurrency = pLimit(Math.max(1, Math.ceil(limit.perSecond)));
  }

  /** The current refill rate (tokens per second), lowered by throttling. */
  get rate(): number {
    return this.#rate;
  }

  /** Runs `call` once a token and a concurrency slot are free. */
  run<T>(call: () => Promise<T>): Promise<T> {
    return this.#concurrency(async () => {
      await this.#take();
      return call();
    });
  }

  /** AWS throttled a call of this bucket: everyone slows down. */
  throttled(): void {
    this.#refill();
    this.#rate = Math.max(this.#limit.perSecond / 16, this.#rate / 2);
    this.#tokens = Math.min(this.#tokens, 0);
  }

  /** A call succeeded: the rate recovers by a tenth of the published one, up to it. */
  succeeded(): void {
    if (this.#rate < this.#limit.perSecond) this.#rate = Math.min(this.#limit.perSecond, this.#rate + this.#limit.perSecond / 10);
  }

  #refill(): void {
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#limit.burst, this.#tokens + ((now - this.#updatedAt) / 1000) * this.#rate);
    this.#updatedAt = now;
  }

  /** FIFO: one waiter at a time computes its wait, so tokens go out in request order. */
  #take(): Promise<void> {
    const turn = this.#queue.then(async () => {
      for (;;) {
        this.#refill();
        if (this.#tokens >= 1) {
          this.#tokens -= 1;
          return;
        }
        await this.#clock.sleep(Math.ceil(((1 - this.#tokens) / this.#rate) * 1000));
      }
    });
    this.#queue = turn.catch(() => {});
    return turn;
  }
}

/** Every bucket of a run, created on first use. */
export class RateLimits {
  readonly #clock: Clock;
  readonly #table: Readonly<Record<string, ServiceLimits>>;
  readonly #buckets = new Map<string, RateBucket>();

  constructor(clock: Clock, table: Readonly<Record<string, ServiceLimits>> = AWS_RATE_LIMITS) {
    this.#clock = clock;
    this.#table = table;
  }

  /** IAM is global: one bucket per account whatever the region. */
  bucket(account: string, region: string, service: string, operation: string): RateBucket {
    const limits = this.#table[service] ?? DEFAULT_LIMITS;
    const name = bucketName(service, operation, limits);
    const where = service === 'IAM' ? account : `${account}/${region}`;
    const key = `${where}/${service}/${name}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      const limit = limits.actions?.[operation] ?? (name === 'read' || name === 'all' ? limits.read : limits.write);
      bucket = new RateBucket(this.#clock, limit);
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }
}
