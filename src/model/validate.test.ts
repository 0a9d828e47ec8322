import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError, type InputIssue } from '../core/errors.js';
import { loadInputs } from './load.js';
import { assertValid, validateInputs } from './validate.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'trellis-validate-'));
  await writeFile(join(directory, 'trellis.config.json'), JSON.stringify({ accounts: { network: '111111111111' } }));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** A valid Network manifest; `change` edits a copy. */
function network(change: (manifest: NetworkDocument) => void = () => undefined): NetworkDocument {
  const manifest: NetworkDocument = {
    $schema: '../../schemas/manifest.schema.json',
    apiVersion: 'trellis/v1alpha1',
    kind: 'Network',
    metadata: { name: 'core', account: 'network' },
    spec: {
      cidr: '10.0.0.0/16',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      subnets: [
        { name: 'public', tier: 'public', cidrs: ['10.0.0.0/24', '10.0.1.0/24'] },
        { name: 'private', tier: 'private', cidrs: ['10.0.16.0/20', '10.0.32.0/20'] },
      ],
    },
  };
  change(manifest);
  return manifest;
}

// Deliberately loose: tests write invalid documents.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type NetworkDocument = Record<string, any>;

/** Writes `files` (name → JSON) into the temp directory and returns the issues of loading and validating it. */
async function issuesOf(files: Record<string, unknown>): Promise<InputIssue[]> {
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(directory, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return validateInputs(await loadInputs([directory]));
}

function file(name: string): string {
  return join(directory, name);
}

describe('validateInputs: schema', () => {
  it('accepts a valid Network, with $schema in the instance', async () => {
    expect(await issuesOf({ 'net.json': network() })).toEqual([]);
  });

  it('accepts the committed example manifests', async () => {
    expect(validateInputs(await loadInputs([join(import.meta.dirname, '../../manifests/examples')]))).toEqual([]);
  });

  it('reports an unknown kind once, at /kind', async () => {
    const issues = await issuesOf({ 'net.json': network((m) => (m.kind = 'Netwerk')) });
    expect(issues).toEqual([
      { file: file('net.json'), pointer: '/kind', message: 'unknown kind "Netwerk"; expected one of: Network, Service, Share' },
    ]);
  });

  it('reports a missing kind once', async () => {
    const issues = await issuesOf({ 'net.json': network((m) => delete m.kind) });
    expect(issues).toEqual([{ file: file('net.json'), pointer: '', message: 'missing required property "kind"' }]);
  });

  it('points at a subnet tier that is not one of the tiers', async () => {
    const issues = await issuesOf({ 'net.json': network((m) => (m.spec.subnets[1].tier = 'secret')) });
    expect(issues).toEqual([
      { file: file('net.json'), pointer: '/spec/subnets/1/tier', message: 'must be one of: public, private, isolated' },
    ]);
  });

  it('points at an unknown property and suggests the one meant', async () => {
    const issues = await issuesOf({
      'net.json': network((m) => {
        m.spec.cidrr = m.spec.cidr;
        delete m.spec.cidr;
      }),
    });
    expect(issues).toEqual([
      { file: file('net.json'), pointer: '/spec', message: 'missing required property "cidr"' },
      { file: file('net.json'), pointer: '/spec/cidrr', message: 'unknown property "cidrr"; did you mean "cidr"?' },
    ]);
  });

  it('prefixes pointers with the array index in a file of several manifests', async () => {
    const second = network((m) => {
      m.metadata.name = 'edge';
      m.spec.subnets[0].cidrs[1] = 'not-a-cidr';
    });
    const issues = await issuesOf({ 'all.json': [network(), second] });
    expect(issues).toEqual([
      { file: file('all.json'), pointer: '/1/spec/subnets/0/cidrs/1', message: 'must be an IPv4 CIDR block like 10.0.0.0/16' },
    ]);
  });

  it('explains a bad name with the pattern message rather than the regular expression', async () => {
    const issues = await issuesOf({ 'net.json': network((m) => (m.metadata.name = 'Core_Net')) });
    expect(issues).toEqual([
      {
        file: file('net.json'),
        pointer: '/metadata/name',
        message: "must be lowercase letters, digits and '-', 1-63 characters, starting and ending with a letter or digit",
      },
    ]);
  });

  it('points at a reserved tag key', async () => {
    const issues = await issuesOf({ 'net.json': network((m) => (m.metadata.tags = { 'trellis:owner': 'someone-else' })) });
    expect(issues).toEqual([
      {
        file: file('net.json'),
        pointer: '/metadata/tags/trellis:owner',
        message: 'invalid key "trellis:owner": tag keys are 1-128 characters and must not start with "aws:" or "trellis:"',
      },
    ]);
  });

  it('points at a repeated availability zone', async () => {
    const issues = await issuesOf({ 'net.json': network((m) => (m.spec.availabilityZones = ['us-east-1a', 'us-east-1a'])) });
    expect(issues).toEqual([{ file: file('net.json'), pointer: '/spec/availabilityZones/1', message: 'duplicate of item 0' }]);
  });

  it('points at config problems in the config file', async () => {
    const issues = await issuesOf({
      'trellis.config.json': { accounts: { network: '1111' }, limits: { concurrency: 0 }, assumeRole: {} },
      'net.json': network((m) => (m.metadata.account = '111111111111')),
    });
    const config = file('trellis.config.json');
    expect(issues).toEqual([
      { file: config, pointer: '/accounts/network', message: 'must be a 12-digit AWS account ID' },
      { file: config, pointer: '/assumeRole', message: 'missing required property "roleName"' },
      { file: config, pointer: '/limits/concurrency', message: 'must be at least 1' },
    ]);
  });

  it('skips cross checks on a manifest that failed the schema', async () => {
    const issues = await issuesOf({
      'net.json': network((m) => {
        m.metadata.account = 'nowhere';
        m.spec.enableDnsSupport = 'yes';
      }),
    });
    expect(issues).toEqual([{ file: file('net.json'), pointer: '/spec/enableDnsSupport', message: 'must be true or false' }]);
  });
});

describe('validateInputs: cross checks', () => {
  it('points at the second of two manifests with the same kind and name, citing the first', async () => {
    const issues = await issuesOf({ 'a.json': network(), 'b.json': [network()] });
    expect(issues).toEqual([
      { file: file('b.json'), pointer: '/0/metadata/name', message: `duplicate Network "core" (first declared at ${file('a.json')}#)` },
    ]);
  });

  it('points at an account alias the config does not declare', async () => {
    const issues = await issuesOf({ 'net.json': network((m) => (m.metadata.account = 'netwrok')) });
    expect(issues).toEqual([
      {
        file: file('net.json'),
        pointer: '/metadata/account',
        message: 'unknown account alias "netwrok": not a 12-digit account ID, and not in the config\'s accounts (known: network)',
      },
    ]);
  });

  it('accepts a 12-digit account ID without an alias', async () => {
    expect(await issuesOf({ 'net.json': network((m) => (m.metadata.account = '999999999999')) })).toEqual([]);
  });

  it('points at a CIDR with host bits set and suggests the network address', async () => {
    const issues = await issuesOf({ 'net.json': network((m) => (m.spec.cidr = '10.0.0.1/16')) });
    expect(issues).toEqual([{ file: file('net.json'), pointer: '/spec/cidr', message: 'host bits set; did you mean 10.0.0.0/16' }]);
  });

  it('points at an octet out of range', async () => {
    const issues = await issuesOf({ 'net.json': network((m) => (m.spec.subnets[0].cidrs[0] = '10.0.300.0/24')) });
    expect(issues).toEqual([
      { file: file('net.json'), pointer: '/spec/subnets/0/cidrs/0', message: '"10.0.300.0/24": octet 300 is greater than 255' },
    ]);
  });

  it('rejects a VPC CIDR larger than /16', async () => {
    const issues = await issuesOf({ 'net.json': network((m) => (m.spec.cidr = '10.0.0.0/8')) });
    expect(issues).toEqual([{ file: file('net.json'), pointer: '/spec/cidr', message: 'VPC CIDR prefix must be /16 to /28 (AWS limit), not /8' }]);
  });

  it('points at a subnet group with fewer CIDRs than availability zones', async () => {
    const issues = await issuesOf({ 'net.json': network((m) => (m.spec.subnets[1].cidrs = ['10.0.16.0/20'])) });
    expect(issues).toEqual([
      {
        file: file('net.json'),
        pointer: '/spec/subnets/1/cidrs',
        message: 'has 1 CIDR but the Network has 2 availability zones; give one CIDR per zone, in the order of availabilityZones',
      },
    ]);
  });

  it('points at a subnet CIDR outside the VPC CIDR', async () => {
    const issues = await issuesOf({ 'net.json': network((m) => (m.spec.subnets[0].cidrs[1] = '10.1.1.0/24')) });
    expect(issues).toEqual([
      { file: file('net.json'), pointer: '/spec/subnets/0/cidrs/1', message: '10.1.1.0/24 is outside the VPC CIDR 10.0.0.0/16' },
    ]);
  });

  it('points at the overlapping subnet CIDR, citing the one it overlaps', async () => {
    const issues = await issuesOf({ 'all.json': [network((m) => (m.spec.subnets[1].cidrs[1] = '10.0.1.0/26'))] });
    expect(issues).toEqual([
      { file: file('all.json'), pointer: '/0/spec/subnets/1/cidrs/1', message: '10.0.1.0/26 overlaps 10.0.1.0/24 at /0/spec/subnets/0/cidrs/1' },
    ]);
  });

  it('points at a repeated subnet group name', async () => {
    const issues = await issuesOf({ 'net.json': network((m) => (m.spec.subnets[1].name = 'public')) });
    expect(issues).toEqual([
      { file: file('net.json'), pointer: '/spec/subnets/1/name', message: 'duplicate subnet group name "public" (first at /spec/subnets/0/name)' },
    ]);
  });

  it('points at an availability zone outside the manifest region', async () => {
    const issues = await issuesOf({ 'net.json': network((m) => (m.metadata.region = 'eu-west-1')) });
    expect(issues.map((issue) => [issue.pointer, issue.message])).toEqual([
      ['/spec/availabilityZones/0', 'availability zone us-east-1a is not in region eu-west-1'],
      ['/spec/availabilityZones/1', 'availability zone us-east-1b is not in region eu-west-1'],
    ]);
  });

  it('reports problems of several manifests and files together', async () => {
    const issues = await issuesOf({
      'a.json': network((m) => (m.spec.cidr = '10.0.0.0/33')),
      'b.json': network((m) => {
        m.metadata.name = 'edge';
        m.spec.subnets[0].tier = 'dmz';
      }),
    });
    expect(issues.map((issue) => `${issue.file.slice(directory.length + 1)}#${issue.pointer ?? ''}`)).toEqual([
      'b.json#/spec/subnets/0/tier',
      'a.json#/spec/cidr',
    ]);
  });
});

describe('assertValid', () => {
  it('throws a ValidationError carrying every issue', async () => {
    await writeFile(join(directory, 'net.json'), JSON.stringify(network((m) => (m.spec.cidr = '10.0.0.1/16'))));
    const inputs = await loadInputs([directory]);
    expect(() => assertValid(inputs)).toThrow(ValidationError);
    expect(() => assertValid(inputs)).toThrow(`${file('net.json')}#/spec/cidr: host bits set; did you mean 10.0.0.0/16`);
  });

  it('returns quietly for valid inputs', async () => {
    await writeFile(join(directory, 'net.json'), JSON.stringify(network()));
    const inputs = await loadInputs([directory]);
    expect(() => assertValid(inputs)).not.toThrow();
  });
});
