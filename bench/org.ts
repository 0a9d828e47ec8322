/**
 * Synthetic organizations for the benchmark: accounts, regions and the manifests that live there.
 * One generator per kind (today Networks; Services and Shares add a function each and a line in
 * `GENERATORS`), each placing its manifests round-robin over the organization's scopes.
 */

export interface Organization {
  /** 12-digit IDs; the first is the caller's (the simulation's base credentials). */
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
}

export interface Size {
  /** The label in the results (the sizes: Networks stand in for Services today). */
  readonly name: string;
  readonly networks: number;
  readonly accounts: number;
}

/** The sizes: 10, 100, 1,000 across 5, 50, 200 accounts and 2 regions. */
export const SIZES: readonly Size[] = [
  { name: '10', networks: 10, accounts: 5 },
  { name: '100', networks: 100, accounts: 50 },
  { name: '1000', networks: 1000, accounts: 200 },
];

export const REGIONS = ['us-east-1', 'us-west-2'] as const;
export const CALLER_ACCOUNT = '100000000000';

export function organization(accounts: number): Organization {
  return {
    accounts: Array.from({ length: accounts }, (_, i) => String(100000000000 + i)),
    regions: REGIONS,
  };
}

export type Manifest = Record<string, unknown>;

/** The i-th scope of a round-robin over accounts, then regions: every account gets both regions once there are enough. */
function placement(org: Organization, index: number): { account: string; region: string } {
  const account = org.accounts[index % org.accounts.length]!;
  const region = org.regions[Math.floor(index / org.accounts.length) % org.regions.length]!;
  return { account, region };
}

/** 20 resources: VPC, 6 subnets, internet gateway, one NAT gateway and its EIP, 4 route tables, 2 groups and their rules, 2 endpoints. */
export function network(org: Organization, index: number, change?: 'ruleDescription'): Manifest {
  const { account, region } = placement(org, index);
  const second = Math.floor(index / 250);
  const third = index % 250;
  const net = `${10 + second}.${third}`;
  return {
    apiVersion: 'trellis/v1alpha1',
    kind: 'Network',
    metadata: { name: `net-${index}`, account, region },
    spec: {
      cidr: `${net}.0.0/16`,
      availabilityZones: [`${region}a`, `${region}b`],
      subnets: [
        { name: 'public', tier: 'public', cidrs: [`${net}.0.0/24`, `${net}.1.0/24`] },
        { name: 'private', tier: 'private', cidrs: [`${net}.16.0/20`, `${net}.32.0/20`] },
        { name: 'isolated', tier: 'isolated', cidrs: [`${net}.64.0/24`, `${net}.65.0/24`] },
      ],
      natGateways: 'single',
      securityGroups: [
        { name: 'endpoints', ingress: [{ protocol: 'tcp', ports: '443', cidr: `${net}.0.0/16`, ...(change === 'ruleDescription' ? { description: 'HTTPS from the VPC' } : {}) }] },
        { name: 'app', egress: [{ protocol: 'tcp', ports: '443', securityGroup: 'endpoints' }] },
      ],
      endpoints: { gateway: ['s3'], interface: ['logs'], securityGroups: ['endpoints'] },
    },
  };
}

export function networks(org: Organization, count: number): Manifest[] {
  return Array.from({ length: count }, (_, i) => network(org, i));
}

/** What a benchmark organization holds, kind by kind. Services and Shares join here. */
export interface Contents {
  readonly networks: number;
}

export const GENERATORS: readonly ((org: Organization, contents: Contents) => Manifest[])[] = [
  (org, contents) => networks(org, contents.networks),
];

export function manifests(org: Organization, contents: Contents): Manifest[] {
  return GENERATORS.flatMap((generate) => generate(org, contents));
}

export function config(org: Organization, concurrency?: number): Record<string, unknown> {
  return {
    owner: 'bench',
    defaultRegion: org.regions[0],
    accounts: Object.fromEntries(org.accounts.map((id, i) => [`acct-${i}`, id])),
    assumeRole: { roleName: 'TrellisDeployRole' },
    limits: { maxDeletions: 0, ...(concurrency !== undefined ? { concurrency } : {}) },
  };
}
