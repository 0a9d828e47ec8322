/**
 * Synthetic organizations for the benchmark: accounts, regions and the manifests that live there.
 *
 * The unit is a *group* of 10 Services in one region: one Network (in the group's first account,
 * its private subnets shared with the group's other accounts), 5 providers exposed through
 * PrivateLink and 5 consumers, each consuming one provider, and one Share (a service network, the
 * Network's VPC association, a RAM share to two tenant accounts, the tenants' roles and a trail).
 * Service `i` is in account `i mod accounts`; group `g` in the region `⌊10g / accounts⌋ mod 2`: at
 * 10 / 5 the 10 Services share 5 scopes (one region), at 100 / 50 each of the 100 scopes holds one,
 * at 1,000 / 200 each of the 400 scopes holds 2-3.
 */

export interface Organization {
  /** 12-digit IDs; the first is the caller's (the simulation's base credentials). */
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
}

export interface Size {
  /** The label in the results: the number of Services. */
  readonly name: string;
  readonly services: number;
  readonly accounts: number;
}

/** The sizes: 10, 100, 1,000 Services across 5, 50, 200 accounts and 2 regions. */
export const SIZES: readonly Size[] = [
  { name: '10', services: 10, accounts: 5 },
  { name: '100', services: 100, accounts: 50 },
  { name: '1000', services: 1000, accounts: 200 },
];

export const REGIONS = ['us-east-1', 'us-west-2'] as const;
export const CALLER_ACCOUNT = '100000000000';
export const GROUP = 10;

export function organization(accounts: number): Organization {
  return {
    accounts: Array.from({ length: accounts }, (_, i) => String(100000000000 + i)),
    regions: REGIONS,
  };
}

export type Manifest = Record<string, unknown>;

const alias = (org: Organization, index: number) => `acct-${index % org.accounts.length}`;
const accountOf = (org: Organization, index: number) => org.accounts[index % org.accounts.length]!;
/** A group's region: the next region each time the groups have gone round the accounts once, so every account gets both. */
const regionOf = (org: Organization, group: number) => org.regions[Math.floor((group * GROUP) / org.accounts.length) % org.regions.length]!;

export interface NetworkPlacement {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  /** Account aliases the private subnets are shared with (RAM). */
  readonly shareWith?: readonly string[];
}

/** 20 resources (21 with `shareWith`): VPC, 6 subnets, internet gateway, one NAT gateway and its EIP, 4 route tables, 2 groups and their rules, 2 endpoints. */
export function network(placement: NetworkPlacement, index: number, change?: 'ruleDescription'): Manifest {
  const { name, account, region } = placement;
  const second = Math.floor(index / 250);
  const third = index % 250;
  const net = `${10 + second}.${third}`;
  return {
    apiVersion: 'trellis/v1alpha1',
    kind: 'Network',
    metadata: { name, account, region },
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
      ...(placement.shareWith && placement.shareWith.length > 0 ? { shareWith: [...placement.shareWith] } : {}),
    },
  };
}

/** Networks alone, `count` of them round-robin over accounts, then regions (the single-scope case uses one account and region). */
export function networks(org: Organization, count: number): Manifest[] {
  return Array.from({ length: count }, (_, i) =>
    network({ name: `net-${i}`, account: accountOf(org, i), region: org.regions[Math.floor(i / org.accounts.length) % org.regions.length]! }, i),
  );
}

/** The group's Network: in the account of its first Service, shared with the accounts of the others. */
function groupNetwork(org: Organization, group: number, services: number, change?: 'ruleDescription'): Manifest {
  const first = group * GROUP;
  const own = alias(org, first);
  const others = new Set<string>();
  for (let i = first; i < Math.min(first + GROUP, services); i += 1) if (alias(org, i) !== own) others.add(alias(org, i));
  return network({ name: `net-${group}`, account: own, region: regionOf(org, group), shareWith: [...others].sort() }, group, change);
}

/**
 * Service `i`: even positions in a group are providers (PrivateLink), odd ones consume the provider before
 * them. The group's first provider is also exposed through VPC Lattice in the group's Share (its account
 * is the Share's), and its consumer calls it both ways.
 */
export function service(org: Organization, i: number): Manifest {
  const group = Math.floor(i / GROUP);
  const provider = i % 2 === 0;
  const lattice = i % GROUP < 2;
  // `app-`: Lattice reserves the `svc-` prefix for service names (docs/aws-behaviour.md §5, Names).
  return {
    apiVersion: 'trellis/v1alpha1',
    kind: 'Service',
    metadata: { name: `app-${i}`, account: alias(org, i), region: regionOf(org, group) },
    spec: {
      network: `net-${group}`,
      subnets: 'private',
      image: `public.ecr.aws/example/app-${i}:1.0.0`,
      port: 8080,
      cpu: 256,
      memory: 512,
      desiredCount: 2,
      healthCheck: { path: '/healthz' },
      ...(provider
        ? { expose: { privateLink: { port: 443, acceptanceRequired: true }, ...(lattice ? { lattice: { share: `share-${group}` } } : {}) } }
        : {
            consume: [
              { service: `app-${i - 1}`, via: 'privateLink', envVar: 'UPSTREAM_HOST' },
              ...(lattice ? [{ service: `app-${i - 1}`, via: 'lattice', envVar: 'UPSTREAM_LATTICE_HOST' }] : []),
            ],
          }),
    },
  };
}

/** The group's Share, in the Network's account: its VPC associated, shared with two consumers' accounts, their roles, a trail. */
export function share(org: Organization, group: number): Manifest {
  const first = group * GROUP;
  const tenants = [alias(org, first + 1), alias(org, first + 3)];
  return {
    apiVersion: 'trellis/v1alpha1',
    kind: 'Share',
    metadata: { name: `share-${group}`, account: alias(org, first), region: regionOf(org, group) },
    spec: {
      serviceNetwork: { name: `share-${group}`, authType: 'AWS_IAM' },
      authPolicy: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'Tenants', Effect: 'Allow', Principal: { AWS: tenants.map((t) => org.accounts[Number(t.slice(5))]!) }, Action: 'vpc-lattice-svcs:Invoke', Resource: '*' }],
      },
      vpcAssociations: [{ network: `net-${group}`, securityGroups: ['app'] }],
      principals: [...new Set(tenants)].filter((tenant) => tenant !== alias(org, first)),
      tenants: tenants.map((account, t) => ({
        name: `share-${group}-t${t}`,
        account,
        tags: { team: `t${t}` },
        externalId: `share-${group}-t${t}`,
        trustedPrincipals: [account],
        managedPolicies: ['arn:aws:iam::aws:policy/VPCLatticeServicesInvokeAccess'],
      })),
      // Not multi-region: CloudTrail allows 5 trails per account and Region, and a multi-region
      // trail counts in every Region (at 1,000 / 200 one account holds 5 Shares).
      audit: { trail: { name: `share-${group}-audit`, bucket: `bench-trail-logs-${group}`, multiRegion: false } },
    },
  };
}

/** What a benchmark organization holds. */
export interface Contents {
  readonly services: number;
  /** One group's Network gets a changed rule description (the one-field change). */
  readonly change?: 'ruleDescription';
}

const groups = (contents: Contents) => Math.ceil(contents.services / GROUP);

/** One generator per kind. */
export const GENERATORS: readonly ((org: Organization, contents: Contents) => Manifest[])[] = [
  (org, contents) => Array.from({ length: groups(contents) }, (_, g) => groupNetwork(org, g, contents.services, g === 0 ? contents.change : undefined)),
  (org, contents) => Array.from({ length: contents.services }, (_, i) => service(org, i)),
  (org, contents) => Array.from({ length: groups(contents) }, (_, g) => share(org, g)),
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
