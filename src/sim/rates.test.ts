import { CreateNatGatewayCommand, DescribeVpcsCommand, EC2Client, EC2ServiceException } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client, DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock.js';
import { Simulation } from './index.js';
import { asyncDelayFor } from './options.js';
import { RateBuckets } from './rates.js';
import { ACCOUNT_A, ACCOUNT_B, REGION, rejection } from './test-helpers.js';

const scopeA = { account: ACCOUNT_A, region: REGION };

describe('the request-rate model', () => {
  it('throttles a burst past the EC2 describe bucket with RequestLimitExceeded, and refills on the clock', async () => {
    const sim = new Simulation({ seed: 1, rateModel: 'aws' });
    const ec2 = sim.client(EC2Client, scopeA, { maxAttempts: 1 });
    for (let i = 0; i < 100; i += 1) await ec2.send(new DescribeVpcsCommand({}));
    const error = await rejection(ec2.send(new DescribeVpcsCommand({})));
    expect(error).toBeInstanceOf(EC2ServiceException);
    expect(error.name).toBe('RequestLimitExceeded');
    expect(error.$metadata?.httpStatusCode).toBe(503);
    // 20 tokens per second: 50 ms gives one back.
    sim.advance(50);
    await ec2.send(new DescribeVpcsCommand({}));
    await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toThrow(/Request limit exceeded/);
    sim.advance(1000);
    for (let i = 0; i < 20; i += 1) await ec2.send(new DescribeVpcsCommand({}));
    await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toThrow(/Request limit exceeded/);
  });

  it('keeps one bucket per account, region and action: reads, mutations and CreateNatGateway apart', async () => {
    const sim = new Simulation({ seed: 1, rateModel: 'aws' });
    const ec2 = sim.client(EC2Client, scopeA, { maxAttempts: 1 });
    for (let i = 0; i < 10; i += 1) {
      // Each fails on its input (no such subnet), but only after taking its token.
      await expect(ec2.send(new CreateNatGatewayCommand({ SubnetId: 'subnet-0123456789abcdef0' }))).rejects.toThrow(/subnet/i);
    }
    const error = await rejection(ec2.send(new CreateNatGatewayCommand({ SubnetId: 'subnet-0123456789abcdef0' })));
    expect(error.name).toBe('RequestLimitExceeded');
    // Other buckets are untouched.
    await ec2.send(new DescribeVpcsCommand({}));
    await sim.client(EC2Client, { account: ACCOUNT_B, region: REGION }, { maxAttempts: 1 }).send(new CreateNatGatewayCommand({ SubnetId: 'subnet-0123456789abcdef0' })).catch((e: Error) => {
      expect(e.name).not.toBe('RequestLimitExceeded');
    });
    await sim.client(EC2Client, { account: ACCOUNT_A, region: 'us-west-2' }, { maxAttempts: 1 }).send(new CreateNatGatewayCommand({ SubnetId: 'subnet-0123456789abcdef0' })).catch((e: Error) => {
      expect(e.name).not.toBe('RequestLimitExceeded');
    });
  });

  it('answers ELBv2 throttling with its own error', async () => {
    const sim = new Simulation({ seed: 1, rateModel: { ElasticLoadBalancingV2: { read: { burst: 1, perSecond: 1 }, write: { burst: 1, perSecond: 1 }, shared: true } } });
    const elb = sim.client(ElasticLoadBalancingV2Client, scopeA, { maxAttempts: 1 });
    await elb.send(new DescribeLoadBalancersCommand({}));
    const error = await rejection(elb.send(new DescribeLoadBalancersCommand({})));
    expect(error.name).toBe('Throttling');
  });

  it('is off by default', async () => {
    const sim = new Simulation({ seed: 1 });
    const ec2 = sim.client(EC2Client, scopeA, { maxAttempts: 1 });
    for (let i = 0; i < 150; i += 1) await ec2.send(new DescribeVpcsCommand({}));
    expect(sim.calls.count('EC2:DescribeVpcs')).toBe(150);
  });

  it('refills fractional rates (CreateVpcEndpoint 4 / 0.3 per second)', () => {
    const clock = new VirtualClock(0);
    const buckets = new RateBuckets(clock, { EC2: { read: { burst: 100, perSecond: 20 }, write: { burst: 50, perSecond: 5 }, actions: { CreateVpcEndpoint: { burst: 4, perSecond: 0.3 } } } });
    const take = () => buckets.take(ACCOUNT_A, REGION, 'EC2', 'CreateVpcEndpoint');
    expect([take(), take(), take(), take(), take()]).toEqual([true, true, true, true, false]);
    clock.advance(3000);
    expect(take()).toBe(false); // 0.9 tokens
    clock.advance(400);
    expect([take(), take()]).toEqual([true, false]);
  });
});

describe('latency and provisioning times', () => {
  it('charges reads latencyMs and mutations mutatingLatencyMs on the virtual clock', async () => {
    const sim = new Simulation({ seed: 1, latencyMs: 20, mutatingLatencyMs: 150 });
    const ec2 = sim.client(EC2Client, scopeA, { maxAttempts: 1 });
    const start = sim.clock.now();
    await ec2.send(new DescribeVpcsCommand({}));
    expect(sim.clock.now() - start).toBe(20);
    await expect(ec2.send(new CreateNatGatewayCommand({ SubnetId: 'subnet-0123456789abcdef0' }))).rejects.toThrow();
    expect(sim.clock.now() - start).toBe(170);
  });

  it('times each asynchronous kind with asyncDelaysMs, defaulting to asyncDelayMs', () => {
    expect(asyncDelayFor({ asyncDelayMs: 5, asyncDelaysMs: { 'ec2:nat-gateway': 90_000 } }, 'ec2:nat-gateway')).toBe(90_000);
    expect(asyncDelayFor({ asyncDelayMs: 5, asyncDelaysMs: { 'ec2:nat-gateway': 90_000 } }, 'ec2:vpc-endpoint')).toBe(5);
    expect(asyncDelayFor({}, 'elbv2:load-balancer')).toBe(0);
  });
});
