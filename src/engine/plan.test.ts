import { describe, expect, it } from 'vitest';
import { KNOWN_AFTER_APPLY } from '../core/diff.js';
import { reconcilers } from '../reconcilers/registry.js';
import { plan, type PlanOptions } from './plan.js';
import { ref, type DesiredResource, type ObservedResource } from '../core/types.js';

const scope = { account: '111111111111', region: 'us-east-1' };
const other = { account: '222222222222', region: 'us-east-1' };
const options: PlanOptions = { runId: 'run', owner: 'trellis', maxDeletions: 10, registry: reconcilers };

function vpc(overrides: Partial<DesiredResource> = {}): DesiredResource {
  const address = 'network/core/vpc/main';
  return {
    address,
    type: 'ec2:vpc',
    scope,
    spec: { cidrBlock: '10.0.0.0/16' },
    tags: { 'trellis:owner': 'trellis', 'trellis:address': address },
    source: { file: 'net.json', pointer: '/spec' },
    deletionPolicy: 'Delete',
    ignoreDrift: [],
    mode: 'enforce',
    ...overrides,
  };
}

function subnet(name: string, overrides: Partial<DesiredResource> = {}): DesiredResource {
  const address = `network/core/subnet/${name}`;
  return {
    address,
    type: 'ec2:subnet',
    scope,
    spec: { vpcId: ref('network/core/vpc/main', 'id'), cidrBlock: '10.0.0.0/24', availabilityZone: 'us-east-1a', mapPublicIpOnLaunch: false },
    tags: { 'trellis:owner': 'trellis', 'trellis:address': address },
    source: { file: 'net.json', pointer: '/spec/subnets/0' },
    deletionPolicy: 'Delete',
    ignoreDrift: [],
    mode: 'enforce',
    ...overrides,
  };
}

function live(desired: DesiredResource, id: string, spec: Record<string, unknown>, tags = desired.tags): ObservedResource {
  return { type: desired.type, scope: desired.scope, id, address: desired.address, tags, spec, outputs: { id }, references: [] };
}

const liveVpc = live(vpc(), 'vpc-1', { cidrBlock: '10.0.0.0/16', enableDnsSupport: true, enableDnsHostnames: false });
const liveSubnet = (name: string, id = `subnet-${name}`, tags?: Record<string, string>) =>
  live(subnet(name), id, { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', availabilityZone: 'us-east-1a', mapPublicIpOnLaunch: false }, tags);

describe('plan', () => {
  it('plans creates in dependency order with unknown references', () => {
    const result = plan([subnet('a'), vpc()], [], options);
    expect(result.changes.map((change) => [change.address, change.action])).toEqual([
      ['network/core/vpc/main', 'create'],
      ['network/core/subnet/a', 'create'],
    ]);
    expect(result.changes[1]!.diff).toContainEqual({ path: 'vpcId', from: undefined, to: KNOWN_AFTER_APPLY, replace: false });
  });

  it('is all noop when live matches, references resolved from observed outputs', () => {
    const result = plan([vpc(), subnet('a')], [liveVpc, liveSubnet('a')], options);
    expect(result.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, noop: 2 });
  });

  it('accepts drift on tags listed in ignoreDrift', () => {
    const drifted = liveSubnet('a', 'subnet-a', { ...subnet('a').tags, CostCenter: 'finance' });
    const strict = plan([vpc(), subnet('a')], [liveVpc, drifted], options);
    expect(strict.changes[1]!.diff).toEqual([{ path: 'tags.CostCenter', from: 'finance', to: undefined, replace: false }]);
    const tolerant = plan([vpc(), subnet('a', { ignoreDrift: ['/tags/CostCenter'] })], [liveVpc, drifted], options);
    expect(tolerant.changes[1]!.action).toBe('noop');
  });

  it('accepts drift on a field of the element listed in ignoreDrift', () => {
    const drifted = live(subnet('a'), 'subnet-a', { ...liveSubnet('a').spec, mapPublicIpOnLaunch: true });
    const result = plan([vpc(), subnet('a', { ignoreDrift: ['/subnets/0/mapPublicIpOnLaunch'] })], [liveVpc, drifted], options);
    expect(result.changes[1]!.action).toBe('noop');
  });

  it('marks changes of a manifest in observe mode as observe-only', () => {
    const result = plan([vpc({ mode: 'observe', spec: { cidrBlock: '10.1.0.0/16' } })], [liveVpc], options);
    expect(result.changes[0]).toMatchObject({ action: 'replace', observeOnly: true });
  });

  it('does not prune what a manifest in observe mode no longer declares, but reports it', () => {
    const observing = (resource: DesiredResource): DesiredResource => ({ ...resource, mode: 'observe' });
    const result = plan([observing(vpc()), observing(subnet('a'))], [liveVpc, liveSubnet('a'), liveSubnet('b')], options);
    expect(result.changes.find((change) => change.address === 'network/core/subnet/b')).toMatchObject({ action: 'delete', observeOnly: true });
    expect(result.refusals).toEqual([]);
  });

  it('blocks the dependents of an address in conflict', () => {
    const twin = { ...liveVpc, id: 'vpc-2' };
    const result = plan([vpc(), subnet('a')], [liveVpc, twin, liveSubnet('a')], options);
    expect(result.conflicts).toEqual([{ address: 'network/core/vpc/main', type: 'ec2:vpc', scope, ids: ['vpc-1', 'vpc-2'] }]);
    expect(result.changes).toEqual([expect.objectContaining({ address: 'network/core/subnet/a', action: 'noop', blockedBy: 'network/core/vpc/main' })]);
  });

  it('deletes owned resources no longer desired, subnets before their VPC, unless prune is off', () => {
    const observed = [liveVpc, liveSubnet('a'), liveSubnet('b')];
    const keepOne = plan([vpc(), subnet('a')], observed, options);
    expect(keepOne.changes.filter((change) => change.action === 'delete').map((change) => change.address)).toEqual(['network/core/subnet/b']);
    const noPrune = plan([vpc(), subnet('a')], observed, { ...options, prune: false });
    expect(noPrune.summary.delete).toBe(0);
  });

  it('refuses to empty a scope, and lets --allow-deletions N lift the refusal', () => {
    const elsewhere = { ...vpc(), scope: other, address: 'network/edge/vpc/main' };
    const observed = [liveVpc, liveSubnet('a')];
    const refused = plan([elsewhere], observed, options);
    expect(refused.summary.delete).toBe(0);
    expect(refused.refusals[0]!.message).toMatch(/111111111111\/us-east-1: no manifest desires anything there/);
    expect(refused.refusals[0]!.withheld.map((change) => change.address)).toEqual(['network/core/vpc/main', 'network/core/subnet/a']);
    const allowed = plan([elsewhere], observed, { ...options, allowDeletions: 2 });
    expect(allowed.refusals).toEqual([]);
    expect(allowed.changes.filter((change) => change.action === 'delete').map((change) => change.address)).toEqual([
      'network/core/subnet/a',
      'network/core/vpc/main',
    ]);
  });

  it('refuses all deletions past maxDeletions', () => {
    const observed = [liveVpc, ...['a', 'b', 'c'].map((name) => liveSubnet(name))];
    const result = plan([vpc()], observed, { ...options, maxDeletions: 2 });
    expect(result.summary.delete).toBe(0);
    expect(result.refusals[0]!.message).toMatch(/refusing to delete 3 resources: more than limits.maxDeletions \(2\)/);
  });

  it('turns a delete of a Retain resource into a release', () => {
    const retained = liveSubnet('b', 'subnet-b', { ...subnet('b').tags, 'trellis:deletion-policy': 'Retain' });
    const result = plan([vpc()], [liveVpc, retained], options);
    expect(result.changes.find((change) => change.address === 'network/core/subnet/b')).toMatchObject({ action: 'delete', retain: true });
  });

  it('cascades a VPC replacement to the subnets that reference it, and says why', () => {
    const result = plan([vpc({ spec: { cidrBlock: '10.0.0.0/17' } }), subnet('a')], [liveVpc, liveSubnet('a')], options);
    expect(result.changes.map((change) => [change.action, change.reason])).toEqual([
      ['replace', undefined],
      ['replace', 'replaced because network/core/vpc/main is replaced'],
    ]);
  });

  it('reports owned resources without an address tag and never deletes them', () => {
    const anonymous = { ...liveSubnet('x'), address: undefined };
    const result = plan([vpc()], [liveVpc, anonymous], options);
    expect(result.unaddressed).toEqual([anonymous]);
    expect(result.summary.delete).toBe(0);
  });
});
