/**
 * Expansion of the complete Network kind (docs/resources.md, "Network"): addresses, specs, references,
 * tags and sources of gateways, route tables, security groups, endpoints and the subnet share.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isRef, ref, type DesiredResource } from '../core/types.js';
import { expand } from './expand.js';
import { resolveConfig } from './load.js';
import type { Inputs } from './types.js';
import { validateInputs } from './validate.js';

/** The example config's accounts (network, the four Service accounts, resource-owner, two tenants) and tags. */
const CONFIG = {
  accounts: (JSON.parse(readFileSync(join(import.meta.dirname, '../../manifests/examples/trellis.config.json'), 'utf8')) as { accounts: Record<string, string> }).accounts,
  tags: { 'managed-by': 'trellis' },
};
const EXAMPLE_FILE = join(import.meta.dirname, '../../manifests/examples/network.json');
const EXAMPLE = readFileSync(EXAMPLE_FILE, 'utf8');

// Deliberately loose: tests edit the document freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type NetworkDocument = Record<string, any>;

function example(change: (manifest: NetworkDocument) => void = () => undefined): NetworkDocument {
  const manifest = JSON.parse(EXAMPLE) as NetworkDocument;
  change(manifest);
  return manifest;
}

/** The expansion of `manifest`, failing the test if it does not validate. */
function expandValid(manifest: NetworkDocument): DesiredResource[] {
  const inputs: Inputs = {
    manifests: [{ file: 'net.json', pointer: '', manifest }],
    config: resolveConfig(CONFIG),
    configFile: 'trellis.config.json',
    configDocument: CONFIG,
  };
  expect(validateInputs(inputs)).toEqual([]);
  return expand(inputs);
}

function byAddress(resources: readonly DesiredResource[]): Map<string, DesiredResource> {
  return new Map(resources.map((resource) => [resource.address, resource]));
}

function specOf(resources: readonly DesiredResource[], address: string): Readonly<Record<string, unknown>> {
  const resource = byAddress(resources).get(address);
  if (!resource) throw new Error(`no resource ${address}`);
  return resource.spec;
}

const vpcId = ref('network/core/vpc/main', 'id');
const subnet = (name: string, field = 'id') => ref(`network/core/subnet/${name}`, field);

describe('expand Network: the example', () => {
  let resources: DesiredResource[] = [];
  beforeAll(() => {
    resources = expandValid(example());
  });

  it('produces exactly these resources, in this order', () => {
    expect(resources.map((resource) => `${resource.type} ${resource.address}`)).toEqual([
      'ec2:vpc network/core/vpc/main',
      'ec2:subnet network/core/subnet/public-a',
      'ec2:subnet network/core/subnet/public-b',
      'ec2:subnet network/core/subnet/private-a',
      'ec2:subnet network/core/subnet/private-b',
      'ec2:subnet network/core/subnet/isolated-a',
      'ec2:subnet network/core/subnet/isolated-b',
      'ec2:internet-gateway network/core/internet-gateway/main',
      'ec2:eip network/core/eip/nat-a',
      'ec2:nat-gateway network/core/nat-gateway/a',
      'ec2:eip network/core/eip/nat-b',
      'ec2:nat-gateway network/core/nat-gateway/b',
      'ec2:route-table network/core/route-table/public',
      'ec2:route-table network/core/route-table/private-a',
      'ec2:route-table network/core/route-table/private-b',
      'ec2:route-table network/core/route-table/isolated',
      'ec2:security-group network/core/security-group/endpoints',
      'ec2:security-group network/core/security-group/app',
      'ec2:security-group-rules network/core/security-group-rules/endpoints',
      'ec2:security-group-rules network/core/security-group-rules/app',
      'ec2:vpc-endpoint network/core/vpc-endpoint/s3',
      'ec2:vpc-endpoint network/core/vpc-endpoint/dynamodb',
      'ec2:vpc-endpoint network/core/vpc-endpoint/ecr.api',
      'ec2:vpc-endpoint network/core/vpc-endpoint/ecr.dkr',
      'ec2:vpc-endpoint network/core/vpc-endpoint/logs',
      'ram:resource-share network/core/resource-share/subnets',
    ]);
  });

  it('gives every resource a Name, the manifest element that declared it, and the standard tags', () => {
    expect(resources.map((resource) => `${resource.address} ${resource.tags.Name ?? ''} ${resource.source.pointer}`).slice(7)).toEqual([
      'network/core/internet-gateway/main core-igw /spec/subnets/0',
      'network/core/eip/nat-a core-nat-a /spec/natGateways',
      'network/core/nat-gateway/a core-nat-a /spec/natGateways',
      'network/core/eip/nat-b core-nat-b /spec/natGateways',
      'network/core/nat-gateway/b core-nat-b /spec/natGateways',
      'network/core/route-table/public core-public /spec/subnets/0',
      'network/core/route-table/private-a core-private-a /spec/subnets/1',
      'network/core/route-table/private-b core-private-b /spec/subnets/1',
      'network/core/route-table/isolated core-isolated /spec/subnets/2',
      'network/core/security-group/endpoints core-endpoints /spec/securityGroups/0',
      'network/core/security-group/app core-app /spec/securityGroups/1',
      'network/core/security-group-rules/endpoints core-endpoints /spec/securityGroups/0',
      'network/core/security-group-rules/app core-app /spec/securityGroups/1',
      'network/core/vpc-endpoint/s3 core-s3 /spec/endpoints/gateway/0',
      'network/core/vpc-endpoint/dynamodb core-dynamodb /spec/endpoints/gateway/1',
      'network/core/vpc-endpoint/ecr.api core-ecr.api /spec/endpoints/interface/0',
      'network/core/vpc-endpoint/ecr.dkr core-ecr.dkr /spec/endpoints/interface/1',
      'network/core/vpc-endpoint/logs core-logs /spec/endpoints/interface/2',
      'network/core/resource-share/subnets core-subnets /spec/shareWith',
    ]);
    for (const resource of resources) {
      expect(resource.tags, resource.address).toEqual({
        'managed-by': 'trellis',
        ...(resource.type === 'ec2:subnet' ? { 'trellis:tier': resource.tags['trellis:tier'] } : {}),
        Name: resource.tags.Name,
        'trellis:owner': 'trellis',
        'trellis:address': resource.address,
      });
      expect(resource.source.file).toBe('net.json');
      expect([resource.scope, resource.deletionPolicy, resource.mode, resource.ignoreDrift]).toEqual([
        { account: '111111111111', region: 'us-east-1' },
        'Delete',
        'enforce',
        [],
      ]);
    }
  });

  it('attaches the internet gateway to the VPC', () => {
    expect(specOf(resources, 'network/core/internet-gateway/main')).toEqual({ vpcId });
  });

  it('puts each NAT gateway, with its own Elastic IP, in the public subnet of its zone', () => {
    expect(specOf(resources, 'network/core/eip/nat-b')).toEqual({ domain: 'vpc' });
    expect(specOf(resources, 'network/core/nat-gateway/b')).toEqual({
      subnetId: subnet('public-b'),
      allocationId: ref('network/core/eip/nat-b', 'allocationId'),
      connectivityType: 'public',
    });
  });

  it('routes the public table to the internet gateway and associates every public subnet', () => {
    expect(specOf(resources, 'network/core/route-table/public')).toEqual({
      vpcId,
      routes: [{ destinationCidrBlock: '0.0.0.0/0', gatewayId: ref('network/core/internet-gateway/main', 'id') }],
      subnetIds: [subnet('public-a'), subnet('public-b')],
    });
  });

  it('routes each zone\'s private table to that zone\'s NAT gateway (perAz)', () => {
    expect(specOf(resources, 'network/core/route-table/private-b')).toEqual({
      vpcId,
      routes: [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: ref('network/core/nat-gateway/b', 'id') }],
      subnetIds: [subnet('private-b')],
    });
    expect(specOf(resources, 'network/core/route-table/private-a').routes).toEqual([
      { destinationCidrBlock: '0.0.0.0/0', natGatewayId: ref('network/core/nat-gateway/a', 'id') },
    ]);
  });

  it('creates each NAT gateway after the internet gateway, which AWS needs attached first', () => {
    const nat = resources.find((resource) => resource.address === 'network/core/nat-gateway/a');
    expect(nat?.dependsOn).toEqual(['network/core/internet-gateway/main']);
  });

  it('gives the isolated table no route but the local one', () => {
    expect(specOf(resources, 'network/core/route-table/isolated')).toEqual({
      vpcId,
      routes: [],
      subnetIds: [subnet('isolated-a'), subnet('isolated-b')],
    });
  });

  it('names security groups after the Network, with their description', () => {
    expect(specOf(resources, 'network/core/security-group/endpoints')).toEqual({
      vpcId,
      groupName: 'core-endpoints',
      description: 'Interface VPC endpoints',
    });
  });

  it('turns rules into EC2 rules whose peer is a CIDR, a prefix list or a reference to another group', () => {
    expect(specOf(resources, 'network/core/security-group-rules/endpoints')).toEqual({
      groupId: ref('network/core/security-group/endpoints', 'id'),
      ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '10.0.0.0/16', description: 'HTTPS from the VPC' }],
      egress: [],
    });
    expect(specOf(resources, 'network/core/security-group-rules/app')).toEqual({
      groupId: ref('network/core/security-group/app', 'id'),
      ingress: [{ protocol: 'tcp', fromPort: 8080, toPort: 8080, cidrIpv4: '10.0.0.0/16', description: 'App traffic from the VPC' }],
      egress: [
        {
          protocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          securityGroupId: ref('network/core/security-group/endpoints', 'id'),
          description: 'AWS APIs through the interface endpoints',
        },
        {
          protocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          prefixListId: 'pl-63a5400a',
          description: 'S3 (ECR image layers) through the gateway endpoint',
        },
      ],
    });
  });

  it('routes gateway endpoints from every private and isolated route table', () => {
    expect(specOf(resources, 'network/core/vpc-endpoint/s3')).toEqual({
      vpcId,
      serviceName: 'com.amazonaws.us-east-1.s3',
      vpcEndpointType: 'Gateway',
      routeTableIds: [
        ref('network/core/route-table/private-a', 'id'),
        ref('network/core/route-table/private-b', 'id'),
        ref('network/core/route-table/isolated', 'id'),
      ],
    });
  });

  it('places interface endpoints in one subnet per zone of the endpoint group, with its security groups and private DNS', () => {
    expect(specOf(resources, 'network/core/vpc-endpoint/ecr.dkr')).toEqual({
      vpcId,
      serviceName: 'com.amazonaws.us-east-1.ecr.dkr',
      vpcEndpointType: 'Interface',
      subnetIds: [subnet('private-a'), subnet('private-b')],
      securityGroupIds: [ref('network/core/security-group/endpoints', 'id')],
      privateDnsEnabled: true,
    });
  });

  it('shares every private subnet with the resolved accounts', () => {
    expect(specOf(resources, 'network/core/resource-share/subnets')).toEqual({
      name: 'core-subnets',
      allowExternalPrincipals: false,
      resourceArns: [subnet('private-a', 'arn'), subnet('private-b', 'arn')],
      principals: ['222222222222', '333333333333', '444444444444', '555555555555', '666666666666'],
    });
  });

  it('references only resources it expands, and only outputs they have (docs/resources.md)', () => {
    const outputs: Record<string, string[]> = {
      'ec2:vpc': ['id', 'cidrBlock', 'ownerId'],
      'ec2:subnet': ['id', 'arn', 'vpcId', 'availabilityZone'],
      'ec2:internet-gateway': ['id'],
      'ec2:eip': ['id', 'allocationId', 'publicIp'],
      'ec2:nat-gateway': ['id'],
      'ec2:route-table': ['id'],
      'ec2:security-group': ['id'],
      'ec2:security-group-rules': ['id'],
      'ec2:vpc-endpoint': ['id'],
      'ram:resource-share': ['id', 'arn'],
    };
    const types = new Map(resources.map((resource) => [resource.address, resource.type]));
    const references = resources.flatMap((resource) => refsIn(resource.spec));
    expect(references.length).toBeGreaterThan(0);
    for (const { $ref } of references) {
      const type = types.get($ref.address);
      expect(type, $ref.address).toBeDefined();
      expect(outputs[type ?? '']).toContain($ref.field);
    }
  });
});

describe('expand Network: NAT modes', () => {
  const natResources = (mode: string) => expandValid(example((m) => (m.spec.natGateways = mode)));
  const natOf = (resources: DesiredResource[], zone: string) => specOf(resources, `network/core/route-table/private-${zone}`).routes;

  it('single: one NAT gateway and Elastic IP in the first zone, used by every private table', () => {
    const resources = natResources('single');
    const addresses = resources.map((resource) => resource.address);
    expect(addresses.filter((address) => /\/(eip|nat-gateway)\//.test(address))).toEqual(['network/core/eip/nat-a', 'network/core/nat-gateway/a']);
    expect(addresses).not.toContain('network/core/nat-gateway/b');
    expect(addresses).not.toContain('network/core/eip/nat-b');
    const toNatA = [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: ref('network/core/nat-gateway/a', 'id') }];
    expect(natOf(resources, 'a')).toEqual(toNatA);
    expect(natOf(resources, 'b')).toEqual(toNatA);
    expect(specOf(resources, 'network/core/nat-gateway/a').subnetId).toEqual(subnet('public-a'));
  });

  it.each(['none', undefined])('%s: no NAT gateway, no Elastic IP, private tables per zone without routes', (mode) => {
    const resources = expandValid(example((m) => (mode === undefined ? delete m.spec.natGateways : (m.spec.natGateways = mode))));
    expect(resources.filter((resource) => resource.type === 'ec2:eip' || resource.type === 'ec2:nat-gateway')).toEqual([]);
    expect(natOf(resources, 'a')).toEqual([]);
    expect(specOf(resources, 'network/core/route-table/private-b')).toEqual({ vpcId, routes: [], subnetIds: [subnet('private-b')] });
  });

  it('perAz: private-b routes to nat-gateway/b', () => {
    expect(natOf(natResources('perAz'), 'b')).toEqual([{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: ref('network/core/nat-gateway/b', 'id') }]);
  });

  it('places NAT gateways in the first public group when there are several', () => {
    const resources = expandValid(
      example((m) => {
        m.spec.subnets.unshift({ name: 'edge', tier: 'public', cidrs: ['10.0.2.0/24', '10.0.3.0/24'] });
      }),
    );
    expect(specOf(resources, 'network/core/nat-gateway/b').subnetId).toEqual(subnet('edge-b'));
    expect(specOf(resources, 'network/core/route-table/public').subnetIds).toEqual([
      subnet('edge-a'),
      subnet('edge-b'),
      subnet('public-a'),
      subnet('public-b'),
    ]);
    expect(byAddress(resources).get('network/core/internet-gateway/main')?.source.pointer).toBe('/spec/subnets/0');
  });
});

describe('expand Network: tiers that are absent', () => {
  it('makes no internet gateway and no public route table without a public tier', () => {
    const resources = expandValid(
      example((m) => {
        m.spec.subnets.shift();
        m.spec.natGateways = 'none';
      }),
    );
    const addresses = resources.map((resource) => resource.address);
    expect(addresses).not.toContain('network/core/internet-gateway/main');
    expect(addresses).not.toContain('network/core/route-table/public');
  });

  it('routes gateway endpoints from the private tables only when there is no isolated tier', () => {
    const resources = expandValid(example((m) => m.spec.subnets.pop()));
    expect(resources.map((resource) => resource.address)).not.toContain('network/core/route-table/isolated');
    expect(specOf(resources, 'network/core/vpc-endpoint/dynamodb').routeTableIds).toEqual([
      ref('network/core/route-table/private-a', 'id'),
      ref('network/core/route-table/private-b', 'id'),
    ]);
  });

  it('associates private subnets of several private groups with their zone\'s table, and shares them all', () => {
    const resources = expandValid(
      example((m) => m.spec.subnets.push({ name: 'data', tier: 'private', cidrs: ['10.0.80.0/24', '10.0.81.0/24'] })),
    );
    expect(specOf(resources, 'network/core/route-table/private-a').subnetIds).toEqual([subnet('private-a'), subnet('data-a')]);
    expect(specOf(resources, 'network/core/resource-share/subnets').resourceArns).toEqual([
      subnet('private-a', 'arn'),
      subnet('private-b', 'arn'),
      subnet('data-a', 'arn'),
      subnet('data-b', 'arn'),
    ]);
  });

  it('makes nothing for security groups, endpoints or sharing the manifest does not declare', () => {
    const resources = expandValid(
      example((m) => {
        delete m.spec.securityGroups;
        delete m.spec.endpoints;
        delete m.spec.shareWith;
      }),
    );
    expect(new Set(resources.map((resource) => resource.type))).toEqual(
      new Set(['ec2:vpc', 'ec2:subnet', 'ec2:internet-gateway', 'ec2:eip', 'ec2:nat-gateway', 'ec2:route-table']),
    );
  });
});

describe('expand Network: security group rules', () => {
  const rulesOf = (rules: unknown[], direction = 'ingress') =>
    specOf(
      expandValid(example((m) => (m.spec.securityGroups[0][direction] = rules))),
      'network/core/security-group-rules/endpoints',
    )[direction];

  it('maps ports: all protocols → -1/-1; tcp and udp all → 0-65535; icmp all → -1/-1, an icmp type → type/any code', () => {
    expect(
      rulesOf([
        { protocol: 'all', ports: 'all', cidr: '0.0.0.0/0' },
        { protocol: 'tcp', ports: 'all', cidr: '10.0.0.0/16' },
        { protocol: 'udp', ports: '1024-65535', cidr: '10.0.0.0/16' },
        { protocol: 'icmp', ports: 'all', cidr: '10.0.0.0/16' },
        { protocol: 'icmp', ports: '8', cidr: '10.1.0.0/16' },
      ]),
    ).toEqual([
      { protocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' },
      { protocol: 'tcp', fromPort: 0, toPort: 65535, cidrIpv4: '10.0.0.0/16' },
      { protocol: 'udp', fromPort: 1024, toPort: 65535, cidrIpv4: '10.0.0.0/16' },
      { protocol: 'icmp', fromPort: -1, toPort: -1, cidrIpv4: '10.0.0.0/16' },
      { protocol: 'icmp', fromPort: 8, toPort: -1, cidrIpv4: '10.1.0.0/16' },
    ]);
  });

  it('lets a group allow itself and groups allow each other without a reference cycle', () => {
    const resources = expandValid(
      example((m) => {
        m.spec.securityGroups[0].ingress.push({ protocol: 'tcp', ports: '443', securityGroup: 'app' });
        m.spec.securityGroups[1].ingress.push({ protocol: 'all', ports: 'all', securityGroup: 'app' });
      }),
    );
    expect(specOf(resources, 'network/core/security-group-rules/app').ingress).toContainEqual({
      protocol: '-1',
      fromPort: -1,
      toPort: -1,
      securityGroupId: ref('network/core/security-group/app', 'id'),
    });
    expect(cycleIn(resources)).toBeUndefined();
  });

  it('gives a group without a description a stable default (EC2 requires one and cannot change it)', () => {
    const resources = expandValid(example((m) => delete m.spec.securityGroups[1].description));
    expect(specOf(resources, 'network/core/security-group/app').description).toBe('Security group app of Network core');
  });
});

describe('expand Network: endpoints and sharing', () => {
  it('names endpoint services in the manifest region, in the subnet group it names', () => {
    const resources = expandValid(
      example((m) => {
        m.metadata.region = 'eu-west-1';
        m.spec.availabilityZones = ['eu-west-1a', 'eu-west-1b'];
        m.spec.endpoints.subnetGroup = 'isolated';
        delete m.spec.endpoints.securityGroups;
      }),
    );
    expect(specOf(resources, 'network/core/vpc-endpoint/logs')).toEqual({
      vpcId,
      serviceName: 'com.amazonaws.eu-west-1.logs',
      vpcEndpointType: 'Interface',
      subnetIds: [subnet('isolated-a'), subnet('isolated-b')],
      securityGroupIds: [],
      privateDnsEnabled: true,
    });
    expect(specOf(resources, 'network/core/vpc-endpoint/s3').serviceName).toBe('com.amazonaws.eu-west-1.s3');
  });

  it('defaults the interface endpoint subnet group to the first private group', () => {
    const resources = expandValid(example((m) => delete m.spec.endpoints.subnetGroup));
    expect(specOf(resources, 'network/core/vpc-endpoint/ecr.api').subnetIds).toEqual([subnet('private-a'), subnet('private-b')]);
  });

  it('resolves aliases, sorts principals and keeps one of an alias and its ID', () => {
    const ou = 'arn:aws:organizations::111111111111:ou/o-abc123/ou-abcd-12345678';
    const resources = expandValid(
      example((m) => {
        m.spec.shareWith = ['user-service', ou, '222222222222', 'api-service'];
        m.spec.allowExternalPrincipals = true;
      }),
    );
    expect(specOf(resources, 'network/core/resource-share/subnets')).toMatchObject({
      allowExternalPrincipals: true,
      principals: ['222222222222', '333333333333', ou],
    });
  });

  it('makes no share for an empty shareWith', () => {
    const resources = expandValid(example((m) => (m.spec.shareWith = [])));
    expect(resources.filter((resource) => resource.type === 'ram:resource-share')).toEqual([]);
  });
});

describe('expand Network: order in the manifest', () => {
  /** Resources keyed by address, with set-valued fields sorted and sources left out: what reconcilers compare. */
  function asSets(resources: readonly DesiredResource[]): Record<string, unknown> {
    const setFields = ['routes', 'subnetIds', 'routeTableIds', 'securityGroupIds', 'resourceArns', 'principals', 'ingress', 'egress'];
    return Object.fromEntries(
      resources.map((resource) => {
        const spec = Object.fromEntries(
          Object.entries(resource.spec).map(([key, value]) => [
            key,
            setFields.includes(key) && Array.isArray(value) ? value.map((item) => JSON.stringify(item)).sort() : value,
          ]),
        );
        return [resource.address, { type: resource.type, spec, tags: resource.tags }];
      }),
    );
  }

  it('yields the same resources, compared as sets, when lists are reordered', () => {
    const reordered = example((m) => {
      m.spec.securityGroups.reverse();
      m.spec.securityGroups[0].egress.reverse();
      m.spec.endpoints.gateway.reverse();
      m.spec.endpoints.interface.reverse();
      m.spec.shareWith.reverse();
    });
    expect(asSets(expandValid(reordered))).toEqual(asSets(expandValid(example())));
  });

  it('keeps manifest order in rule lists, and sorts principals whatever the order', () => {
    const reordered = expandValid(example((m) => m.spec.securityGroups[1].egress.reverse()));
    const egress = specOf(reordered, 'network/core/security-group-rules/app').egress as Array<Record<string, unknown>>;
    expect(egress.map((rule) => rule.prefixListId ?? 'group')).toEqual(['pl-63a5400a', 'group']);
    const share = expandValid(example((m) => m.spec.shareWith.reverse()));
    expect(specOf(share, 'network/core/resource-share/subnets').principals).toEqual(['222222222222', '333333333333', '444444444444', '555555555555', '666666666666']);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(expandValid(example()))).toBe(JSON.stringify(expandValid(example())));
  });
});

/** Every Ref anywhere in a spec value. */
function refsIn(value: unknown): Array<{ $ref: { address: string; field: string } }> {
  if (isRef(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(refsIn);
  return [];
}

/** An address on a reference cycle, or undefined when the references form a DAG. */
function cycleIn(resources: readonly DesiredResource[]): string | undefined {
  const edges = new Map(resources.map((resource) => [resource.address, refsIn(resource.spec).map(({ $ref }) => $ref.address)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (address: string): string | undefined => {
    if (state.get(address) === 'done') return undefined;
    if (state.get(address) === 'visiting') return address;
    state.set(address, 'visiting');
    for (const next of edges.get(address) ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    state.set(address, 'done');
    return undefined;
  };
  for (const address of edges.keys()) {
    const found = visit(address);
    if (found) return found;
  }
  return undefined;
}
