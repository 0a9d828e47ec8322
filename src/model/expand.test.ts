import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ref } from '../core/types.js';
import { expand } from './expand.js';
import { loadInputs } from './load.js';
import type { Inputs } from './types.js';
import { validateInputs } from './validate.js';

const examples = join(import.meta.dirname, '../../manifests/examples');

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'trellis-expand-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Loads and validates `manifests` (one file holding the array) with `config`, failing the test on any issue. */
async function validInputs(manifests: unknown[], config: unknown = { accounts: { network: '111111111111' } }): Promise<Inputs> {
  await writeFile(join(directory, 'trellis.config.json'), JSON.stringify(config));
  await writeFile(join(directory, 'all.json'), JSON.stringify(manifests));
  const inputs = await loadInputs([directory]);
  expect(validateInputs(inputs)).toEqual([]);
  return inputs;
}

function networkManifest(metadata: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: 'trellis/v1alpha1',
    kind: 'Network',
    metadata: { name: 'core', account: 'network', ...metadata },
    spec: {
      cidr: '10.0.0.0/16',
      availabilityZones: ['us-east-1a'],
      subnets: [{ name: 'app', tier: 'private', cidrs: ['10.0.0.0/24'], tags: { team: 'payments' } }],
      ...spec,
    },
  };
}

describe('expand: the example Network', () => {
  it('produces the VPC then each subnet group across the zones', async () => {
    const resources = expand(await loadInputs([examples])).filter((resource) => resource.address.startsWith('network/'));
    expect(resources.slice(0, 7).map((resource) => `${resource.type} ${resource.address}`)).toEqual([
      'ec2:vpc network/core/vpc/main',
      'ec2:subnet network/core/subnet/public-a',
      'ec2:subnet network/core/subnet/public-b',
      'ec2:subnet network/core/subnet/private-a',
      'ec2:subnet network/core/subnet/private-b',
      'ec2:subnet network/core/subnet/isolated-a',
      'ec2:subnet network/core/subnet/isolated-b',
    ]);
  });

  it('describes the VPC with its spec, scope, tags and source', async () => {
    const vpc = expand(await loadInputs([examples])).find((resource) => resource.address.startsWith('network/'));
    expect(vpc).toEqual({
      address: 'network/core/vpc/main',
      type: 'ec2:vpc',
      scope: { account: '111111111111', region: 'us-east-1' },
      spec: { cidrBlock: '10.0.0.0/16', enableDnsSupport: true, enableDnsHostnames: true },
      tags: {
        'managed-by': 'trellis',
        Name: 'core',
        'trellis:owner': 'trellis',
        'trellis:address': 'network/core/vpc/main',
      },
      source: { file: join(examples, 'network.json'), pointer: '/spec' },
      deletionPolicy: 'Delete',
      ignoreDrift: [],
      mode: 'enforce',
    });
  });

  it('describes a subnet with a reference to the VPC id, its zone and tier', async () => {
    const resources = expand(await loadInputs([examples]));
    expect(resources.find((resource) => resource.address === 'network/core/subnet/private-b')).toEqual({
      address: 'network/core/subnet/private-b',
      type: 'ec2:subnet',
      scope: { account: '111111111111', region: 'us-east-1' },
      spec: {
        vpcId: ref('network/core/vpc/main', 'id'),
        cidrBlock: '10.0.32.0/20',
        availabilityZone: 'us-east-1b',
        mapPublicIpOnLaunch: false,
      },
      tags: {
        'managed-by': 'trellis',
        Name: 'core-private-b',
        'trellis:tier': 'private',
        'trellis:owner': 'trellis',
        'trellis:address': 'network/core/subnet/private-b',
      },
      source: { file: join(examples, 'network.json'), pointer: '/spec/subnets/1' },
      deletionPolicy: 'Delete',
      ignoreDrift: [],
      mode: 'enforce',
    });
  });

  it('maps public IPs on launch in public subnets only', async () => {
    const resources = expand(await loadInputs([examples])).filter((resource) => resource.type === 'ec2:subnet');
    expect(Object.fromEntries(resources.map((resource) => [resource.address, resource.spec.mapPublicIpOnLaunch]))).toEqual({
      'network/core/subnet/public-a': true,
      'network/core/subnet/public-b': true,
      'network/core/subnet/private-a': false,
      'network/core/subnet/private-b': false,
      'network/core/subnet/isolated-a': false,
      'network/core/subnet/isolated-b': false,
    });
  });

  it('is deterministic: the same inputs expand to the same resources in the same order', async () => {
    const first = expand(await loadInputs([examples]));
    const second = expand(await loadInputs([examples]));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});

describe('expand: metadata', () => {
  it('tags every resource of a Retain manifest with the deletion policy', async () => {
    const resources = expand(await validInputs([networkManifest({ deletionPolicy: 'Retain' })]));
    expect(resources.map((resource) => [resource.deletionPolicy, resource.tags['trellis:deletion-policy']])).toEqual([
      ['Retain', 'Retain'],
      ['Retain', 'Retain'],
      ['Retain', 'Retain'],
    ]);
  });

  it('does not tag a Delete manifest with a deletion policy', async () => {
    const resources = expand(await validInputs([networkManifest({ deletionPolicy: 'Delete' })]));
    expect(resources.map((resource) => 'trellis:deletion-policy' in resource.tags)).toEqual([false, false, false]);
  });

  it('layers config, manifest and subnet group tags, with Name and ownership tags last', async () => {
    const inputs = await validInputs([networkManifest({ tags: { env: 'prod', team: 'platform', Name: 'ignored' } })], {
      owner: 'acme',
      accounts: { network: '111111111111' },
      tags: { env: 'dev', 'cost-center': '42' },
    });
    const subnet = expand(inputs)[1];
    expect(subnet?.tags).toEqual({
      env: 'prod',
      'cost-center': '42',
      team: 'payments',
      Name: 'core-app-a',
      'trellis:tier': 'private',
      'trellis:owner': 'acme',
      'trellis:address': 'network/core/subnet/app-a',
    });
  });

  it('uses the manifest region and account ID, and passes ignoreDrift and mode through', async () => {
    const manifest = networkManifest(
      { account: '444444444444', region: 'us-west-2', ignoreDrift: ['/subnets/0/tags'], mode: 'observe' },
      { availabilityZones: ['us-west-2-lax-1a'] },
    );
    const [vpc, subnet] = expand(await validInputs([manifest]));
    expect(vpc?.scope).toEqual({ account: '444444444444', region: 'us-west-2' });
    expect(subnet?.address).toBe('network/core/subnet/app-lax-1a');
    expect(subnet?.ignoreDrift).toEqual(['/subnets/0/tags']);
    expect(subnet?.mode).toBe('observe');
  });

  it('points sources at the manifest element within an array file', async () => {
    const inputs = await validInputs([
      networkManifest({ name: 'first' }),
      networkManifest({ name: 'second' }, { cidr: '10.1.0.0/16', subnets: [{ name: 'app', tier: 'isolated', cidrs: ['10.1.0.0/24'] }] }),
    ]);
    const resources = expand(inputs);
    expect(resources.map((resource) => `${resource.address} ${resource.source.pointer}`)).toEqual([
      'network/first/vpc/main /0/spec',
      'network/first/subnet/app-a /0/spec/subnets/0',
      'network/first/route-table/private-a /0/spec/subnets/0',
      'network/second/vpc/main /1/spec',
      'network/second/subnet/app-a /1/spec/subnets/0',
      'network/second/route-table/isolated /1/spec/subnets/0',
    ]);
    expect(new Set(resources.map((resource) => resource.source.file))).toEqual(new Set([join(directory, 'all.json')]));
  });

  it('expands the examples\' Network, Services and Share', async () => {
    const inputs = await loadInputs([examples]);
    expect(validateInputs(inputs)).toEqual([]);
    expect(new Set(inputs.manifests.map((loaded) => (loaded.manifest as { kind: string }).kind))).toEqual(new Set(['Network', 'Service', 'Share']));
    const kinds = new Set(expand(inputs).map((resource) => resource.address.split('/')[0]));
    expect(kinds).toEqual(new Set(['network', 'service', 'share']));
  });
});
