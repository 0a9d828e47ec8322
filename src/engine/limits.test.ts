import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock.js';
import { RateBucket, RateLimits } from './limits.js';

describe('rate buckets', () => {
  it('lets a burst through at once, then paces calls at the refill rate', async () => {
    const clock = new VirtualClock(0);
    const bucket = new RateBucket(clock, { burst: 4, perSecond: 2 });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 8 }, () => bucket.run(async () => times.push(clock.now()))));
    expect(times.slice(0, 4)).toEqual([0, 0, 0, 0]);
    // Four more at 2 per second: the last one two seconds in.
    expect(times.at(-1)).toBe(2_000);
  });

  it('bounds the calls in flight per bucket, whatever the global concurrency', async () => {
    const clock = new VirtualClock(0);
    const bucket = new RateBucket(clock, { burst: 100, perSecond: 3 });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        bucket.run(async () => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await clock.sleep(500);
          inFlight -= 1;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it('halves the rate for every call of the bucket when AWS throttles one, and recovers with successes', () => {
    const bucket = new RateBucket(new VirtualClock(0), { burst: 10, perSecond: 8 });
    bucket.throttled();
    expect(bucket.rate).toBe(4);
    bucket.throttled();
    expect(bucket.rate).toBe(2);
    for (let i = 0; i < 100; i += 1) bucket.succeeded();
    expect(bucket.rate).toBe(8);
  });

  it('keeps one bucket per account, region, service and read/write kind; IAM per account', () => {
    const limits = new RateLimits(new VirtualClock(0));
    expect(limits.bucket('1', 'us-east-1', 'EC2', 'DescribeVpcs')).toBe(limits.bucket('1', 'us-east-1', 'EC2', 'DescribeSubnets'));
    expect(limits.bucket('1', 'us-east-1', 'EC2', 'DescribeVpcs')).not.toBe(limits.bucket('1', 'us-east-1', 'EC2', 'CreateVpc'));
    expect(limits.bucket('1', 'us-east-1', 'EC2', 'CreateVpc')).not.toBe(limits.bucket('2', 'us-east-1', 'EC2', 'CreateVpc'));
    expect(limits.bucket('1', 'us-east-1', 'EC2', 'CreateNatGateway')).not.toBe(limits.bucket('1', 'us-east-1', 'EC2', 'CreateVpc'));
    expect(limits.bucket('1', 'us-east-1', 'IAM', 'CreateRole')).toBe(limits.bucket('1', 'eu-west-1', 'IAM', 'CreateRole'));
    // ELBv2's account bucket is shared by reads and writes.
    expect(limits.bucket('1', 'us-east-1', 'ElasticLoadBalancingV2', 'DescribeLoadBalancers')).toBe(
      limits.bucket('1', 'us-east-1', 'ElasticLoadBalancingV2', 'CreateLoadBalancer'),
    );
  });
});
