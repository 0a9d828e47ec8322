/**
 * Correct under failure: throttling, lost create responses and eventual consistency together must
 * still converge with no duplicate resource, and the next run must change nothing.
 */
import { paginateDescribeSubnets, paginateDescribeVpcs } from '@aws-sdk/client-ec2';
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ec2, engineRun, exampleWorkspace, simulation, type Workspace } from './helpers.js';
import type { Simulation } from '../src/sim/index.js';

async function ownedCounts(sim: Simulation) {
  const filters = [{ Name: 'tag:trellis:owner', Values: ['trellis'] }];
  let vpcs = 0;
  const subnetAddresses: string[] = [];
  for await (const page of paginateDescribeVpcs({ client: ec2(sim) }, { Filters: filters })) vpcs += page.Vpcs?.length ?? 0;
  for await (const page of paginateDescribeSubnets({ client: ec2(sim) }, { Filters: filters })) {
    for (const subnet of page.Subnets ?? []) subnetAddresses.push(subnet.Tags?.find((t) => t.Key === 'trellis:address')?.Value ?? '');
  }
  return { vpcs, subnetAddresses };
}

describe('reconcile under injected faults', () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await exampleWorkspace({ vpcAndSubnetsOnly: true });
  });
  afterEach(() => workspace.cleanup());

  it.each([1, 2, 3, 42])('converges with no duplicate VPC or subnet despite throttling, lost create responses and eventual consistency (seed %i)', async (seed) => {
    const sim = simulation({ seed, throttleRate: 0.3, loseCreateResponses: true, consistencyDelayMs: 30 });
    const first = await engineRun(workspace.dir, sim);
    expect(first.applied?.failures).toEqual([]);
    // Throttled attempts count as calls too; what matters is what exists afterwards.
    expect(sim.calls.count('EC2:CreateVpc')).toBeGreaterThanOrEqual(1);

    sim.advance(40); // let the last creates become visible
    Object.assign(sim.options, { throttleRate: 0, loseCreateResponses: false }); // for the test's own reads
    const counts = await ownedCounts(sim);
    expect(counts.vpcs).toBe(1);
    expect(counts.subnetAddresses).toHaveLength(6);
    expect(new Set(counts.subnetAddresses).size).toBe(6);

    Object.assign(sim.options, { throttleRate: 0.3 });
    sim.calls.reset();
    const second = await engineRun(workspace.dir, sim);
    expect(second.plan.changes.map((change) => change.action)).toEqual(Array(12).fill('noop'));
    expect(sim.calls.mutating()).toBe(0);
  });

  it.each([1, 2, 3])(
    'converges the complete networking account under the same faults, with every kind of idempotent create (seed %i)',
    async (seed) => {
      const full = await exampleWorkspace();
      try {
        const sim = simulation({ seed, throttleRate: 0.3, loseCreateResponses: true, consistencyDelayMs: 30, asyncDelayMs: 10 });
        const first = await engineRun(full.dir, sim);
        expect(first.applied?.failures).toEqual([]);
        sim.advance(40);
        sim.calls.reset();
        const second = await engineRun(full.dir, sim);
        expect(second.plan.conflicts).toEqual([]);
        expect(second.plan.changes.filter((change) => change.action !== 'noop')).toEqual([]);
        expect(sim.calls.mutating()).toBe(0);
      } finally {
        await full.cleanup();
      }
    },
  );

  it.each([1, 2, 3])(
    'swaps NAT modes, replaces the VPC and removes the complete networking account under throttling, 5xx, lost responses and eventual consistency (seed %i)',
    async (seed) => {
      const full = await exampleWorkspace();
      try {
        const sim = simulation({ seed, asyncDelayMs: 10 });
        await engineRun(full.dir, sim);
        // Older than the consistency window switched on below (the simulation applies it at read time).
        sim.advance(50);
        Object.assign(sim.options, { throttleRate: 0.3, serverErrorRate: 0.1, consistencyDelayMs: 30, loseCreateResponses: true });

        await full.editNetwork((network) => {
          network.spec.natGateways = 'single';
        });
        expect((await engineRun(full.dir, sim)).applied?.failures).toEqual([]);
        sim.advance(50);

        await full.editNetwork((network) => {
          network.spec.natGateways = 'perAz';
          network.spec.cidr = '10.0.0.0/17';
        });
        // the VPC replacement cascades to most of the network: more than limits.maxDeletions
        expect((await engineRun(full.dir, sim, { allowDeletions: 100 })).applied?.failures).toEqual([]);
        sim.advance(50);
        const settled = await engineRun(full.dir, sim, { dryRun: true });
        expect(settled.plan.changes.filter((change) => change.action !== 'noop')).toEqual([]);

        await rm(full.networkFile);
        expect((await engineRun(full.dir, sim, { allowDeletions: 100 })).applied?.failures).toEqual([]);
        sim.advance(50);
        Object.assign(sim.options, { throttleRate: 0, serverErrorRate: 0 });
        expect((await engineRun(full.dir, sim, { dryRun: true })).observed).toEqual([]);
      } finally {
        await full.cleanup();
      }
    },
  );

  it('adopts the resource a lost create response made instead of creating it again', async () => {
    const sim = simulation({ loseCreateResponses: true });
    const result = await engineRun(workspace.dir, sim);
    expect(result.applied?.failures).toEqual([]);
    expect(sim.calls.count('EC2:CreateVpc')).toBe(1);
    expect(sim.calls.count('EC2:CreateSubnet')).toBe(6);
    expect((await ownedCounts(sim)).vpcs).toBe(1);
  });

  it('fails only the resource whose create is rejected, skips its dependents, and keeps going elsewhere', async () => {
    const sim = simulation();
    // A subnet outside the VPC is rejected by validation, so simulate a terminal AWS error instead:
    // the AZ us-east-1z does not exist in the simulation's us-east-1.
    await workspace.editNetwork((network) => {
      network.spec.availabilityZones = ['us-east-1a', 'us-east-1z'];
    });
    const result = await engineRun(workspace.dir, sim);
    const failed = result.applied!.outcomes.filter((outcome) => outcome.status === 'failed').map((outcome) => outcome.address).sort();
    expect(failed).toEqual(['network/core/subnet/isolated-z', 'network/core/subnet/private-z', 'network/core/subnet/public-z']);
    expect(result.applied!.failures[0]!.message).toMatch(/network\/core\/subnet\/\w+-z: create failed: .*us-east-1z/);
    expect((await ownedCounts(sim)).subnetAddresses.sort()).toEqual([
      'network/core/subnet/isolated-a',
      'network/core/subnet/private-a',
      'network/core/subnet/public-a',
    ]);
  });
});
