/**
 * Observe cost does not grow with the number of resources beyond pagination: one batched,
 * tag-filtered listing per (account, region, type), never one Describe per resource. The one
 * exception grows with networks, not resources: a VPC's DNS attributes are read with
 * DescribeVpcAttribute, one attribute per call, so two calls per owned VPC.
 */
import { mkdtemp, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, engineRun, simulation } from './helpers.js';

function network(index: number) {
  return {
    apiVersion: 'trellis/v1alpha1',
    kind: 'Network',
    metadata: { name: `net-${index}`, account: 'network' },
    spec: {
      cidr: `10.${index}.0.0/16`,
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      subnets: [
        { name: 'public', tier: 'public', cidrs: [`10.${index}.0.0/24`, `10.${index}.1.0/24`] },
        { name: 'private', tier: 'private', cidrs: [`10.${index}.16.0/20`, `10.${index}.32.0/20`] },
      ],
    },
  };
}

async function describeCallsOfNoopRun(networks: number, pageSize: number) {
  const dir = await mkdtemp(join(tmpdir(), 'trellis-cost-'));
  try {
    await cp(new URL('trellis.config.json', EXAMPLES), join(dir, 'trellis.config.json'));
    await writeFile(join(dir, 'networks.json'), JSON.stringify(Array.from({ length: networks }, (_, i) => network(i + 1))));
    const sim = simulation({ pageSize });
    await engineRun(dir, sim);
    sim.calls.reset();
    const result = await engineRun(dir, sim);
    // VPC, 4 subnets, internet gateway, route tables public / private-a / private-b
    expect(result.plan.summary.noop).toBe(networks * 9);
    expect(sim.calls.mutating()).toBe(0);
    const calls = sim.calls.byOperation();
    const vpcAttributes = calls['EC2:DescribeVpcAttribute'] ?? 0;
    const describes = Object.entries(calls).filter(([operation]) => operation.startsWith('EC2:Describe')).reduce((sum, [, n]) => sum + n, 0);
    return { listings: describes - vpcAttributes, vpcAttributes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('observe cost', () => {
  it('makes the same number of listings for 1 network as for 30 when pages hold them all, plus two DescribeVpcAttribute per VPC', async () => {
    const one = await describeCallsOfNoopRun(1, 1000);
    const thirty = await describeCallsOfNoopRun(30, 1000);
    expect(thirty.listings).toBe(one.listings);
    expect([one.vpcAttributes, thirty.vpcAttributes]).toEqual([2, 60]);
  });

  it('grows only by pagination when pages are small', async () => {
    const one = await describeCallsOfNoopRun(1, 50);
    const thirty = await describeCallsOfNoopRun(30, 50);
    // 30 networks: 120 subnets → 3 pages instead of 1, 90 route tables → 2 pages instead of 1;
    // every other type fits in one page.
    expect(thirty.listings).toBe(one.listings + 3);
    expect(thirty.vpcAttributes).toBe(2 * 30);
  });
});

describe('shared listings', () => {
  it('lists the owned security groups and internet gateways once per scope, though two types each need them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trellis-shared-'));
    try {
      await cp(new URL('trellis.config.json', EXAMPLES), join(dir, 'trellis.config.json'));
      const doc = network(1);
      const spec = {
        ...doc.spec,
        natGateways: 'single',
        securityGroups: [
          { name: 'endpoints', ingress: [{ protocol: 'tcp', ports: '443', cidr: '10.1.0.0/16' }] },
          { name: 'app', egress: [{ protocol: 'tcp', ports: '443', securityGroup: 'endpoints' }] },
        ],
      };
      await writeFile(join(dir, 'networks.json'), JSON.stringify([{ ...doc, spec }]));
      const sim = simulation({ pageSize: 1000 });
      await engineRun(dir, sim);
      sim.calls.reset();
      const result = await engineRun(dir, sim);
      expect(result.plan.changes.every((change) => change.action === 'noop')).toBe(true);
      // Security groups and their rules; internet gateways and the NAT gateway's reference to one.
      // One per observed scope (the example config's other accounts are observed for leftovers), as DescribeVpcs.
      const scopes = sim.calls.count('EC2:DescribeVpcs');
      expect(scopes).toBeGreaterThan(0);
      expect(sim.calls.count('EC2:DescribeSecurityGroups')).toBe(scopes);
      expect(sim.calls.count('EC2:DescribeInternetGateways')).toBe(scopes);
      expect(result.observed.find((resource) => resource.type === 'ec2:nat-gateway')?.references).toContain(
        result.observed.find((resource) => resource.type === 'ec2:internet-gateway')?.id,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
