/**
 * Validation of the Network kind's gateways, security groups, endpoints and sharing: each bad input is
 * one issue at the exact JSON pointer of the manifest element to fix. Pure: inputs are built in memory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputIssue } from '../core/errors.js';
import { resolveConfig } from './load.js';
import { validateInputs } from './validate.js';

/** The example config's accounts: network, the four Service accounts, resource-owner and the two tenants. */
const CONFIG = {
  accounts: (JSON.parse(readFileSync(join(import.meta.dirname, '../../manifests/examples/trellis.config.json'), 'utf8')) as { accounts: Record<string, string> }).accounts,
};
const EXAMPLE = readFileSync(join(import.meta.dirname, '../../manifests/examples/network.json'), 'utf8');

// Deliberately loose: tests write invalid documents.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type NetworkDocument = Record<string, any>;

/** The example Network (public, private and isolated groups in two zones, NAT, groups, endpoints, share), edited by `change`. */
function example(change: (manifest: NetworkDocument) => void = () => undefined): NetworkDocument {
  const manifest = JSON.parse(EXAMPLE) as NetworkDocument;
  change(manifest);
  return manifest;
}

function issuesOf(manifest: NetworkDocument): InputIssue[] {
  return validateInputs({
    manifests: [{ file: 'net.json', pointer: '', manifest }],
    config: resolveConfig(CONFIG),
    configFile: 'trellis.config.json',
    configDocument: CONFIG,
  });
}

/** The issues as `pointer: message` lines, which is what a user reads. */
function linesOf(manifest: NetworkDocument): string[] {
  return issuesOf(manifest).map((issue) => `${issue.pointer ?? ''}: ${issue.message}`);
}

describe('Network validation: the example', () => {
  it('accepts the example network', () => {
    expect(issuesOf(example())).toEqual([]);
  });

  it('accepts OU and organization ARNs, an account ID and an alias naming the same account', () => {
    const manifest = example((m) => {
      m.spec.shareWith = [
        'arn:aws:organizations::111111111111:ou/o-abc123/ou-abcd-12345678',
        'arn:aws:organizations::111111111111:organization/o-abc123',
        '222222222222',
        'api-service',
      ];
      m.spec.allowExternalPrincipals = true;
    });
    expect(issuesOf(manifest)).toEqual([]);
  });
});

describe('Network validation: NAT gateways', () => {
  it('rejects a NAT mode that is not one of the modes, listing them', () => {
    expect(linesOf(example((m) => (m.spec.natGateways = 'perAZ')))).toEqual(['/spec/natGateways: must be one of: none, single, perAz']);
  });

  it.each(['single', 'perAz'])('rejects natGateways %s without a public subnet group', (mode) => {
    const manifest = example((m) => {
      m.spec.natGateways = mode;
      m.spec.subnets.shift();
    });
    expect(linesOf(manifest)).toEqual([
      `/spec/natGateways: natGateways "${mode}" needs a subnet group with tier "public" to place NAT gateways in; add one, or set natGateways to "none"`,
    ]);
  });

  it('accepts no public subnet group when natGateways is none', () => {
    const manifest = example((m) => {
      m.spec.natGateways = 'none';
      m.spec.subnets.shift();
    });
    expect(issuesOf(manifest)).toEqual([]);
  });
});

describe('Network validation: security groups', () => {
  it('points at a rule peer naming an unknown group, listing the known ones', () => {
    const manifest = example((m) => (m.spec.securityGroups[1].egress[0].securityGroup = 'endpoint'));
    expect(linesOf(manifest)).toEqual(['/spec/securityGroups/1/egress/0/securityGroup: unknown security group "endpoint" (known: endpoints, app)']);
  });

  it('points at an ingress rule naming an unknown group', () => {
    const manifest = example((m) => (m.spec.securityGroups[0].ingress[0] = { protocol: 'tcp', ports: '443', securityGroup: 'alb' }));
    expect(linesOf(manifest)).toEqual(['/spec/securityGroups/0/ingress/0/securityGroup: unknown security group "alb" (known: endpoints, app)']);
  });

  it('accepts a group that allows itself and two groups that allow each other', () => {
    const manifest = example((m) => {
      m.spec.securityGroups[0].ingress.push({ protocol: 'all', ports: 'all', securityGroup: 'endpoints' });
      m.spec.securityGroups[0].ingress.push({ protocol: 'tcp', ports: '443', securityGroup: 'app' });
    });
    expect(issuesOf(manifest)).toEqual([]);
  });

  it('points at a repeated group name, citing the first', () => {
    const manifest = example((m) => (m.spec.securityGroups[1].name = 'endpoints'));
    expect(linesOf(manifest)).toEqual([
      '/spec/securityGroups/1/name: duplicate security group name "endpoints" (first at /spec/securityGroups/0/name)',
    ]);
  });

  it('points at a port range whose start exceeds its end', () => {
    const manifest = example((m) => (m.spec.securityGroups[0].ingress[0].ports = '80-70'));
    expect(linesOf(manifest)).toEqual(['/spec/securityGroups/0/ingress/0/ports: port range 80-70 starts after it ends; write 70-80']);
  });

  it.each([
    ['70000', 'port 70000 is outside 0-65535'],
    ['1024-65536', 'port 65536 is outside 0-65535'],
  ])('points at ports %s outside 0-65535', (ports, message) => {
    const manifest = example((m) => (m.spec.securityGroups[0].ingress[0].ports = ports));
    expect(linesOf(manifest)).toEqual([`/spec/securityGroups/0/ingress/0/ports: ${message}`]);
  });

  it('rejects ports that are not a port, a range or all', () => {
    const manifest = example((m) => (m.spec.securityGroups[0].ingress[0].ports = '443,8443'));
    expect(linesOf(manifest)).toEqual([
      '/spec/securityGroups/0/ingress/0/ports: must be "all", a port like "443" or a range like "1024-65535"',
    ]);
  });

  it('requires ports "all" with protocol all, since EC2 ignores ports for all-protocol rules', () => {
    const manifest = example((m) => (m.spec.securityGroups[0].ingress[0].protocol = 'all'));
    expect(linesOf(manifest)).toEqual([
      '/spec/securityGroups/0/ingress/0/ports: protocol "all" covers every port, so ports must be "all", not "443"',
    ]);
  });

  it('accepts icmp with all or one ICMP type, and rejects a range or a type above 255', () => {
    const rules = (ports: string) =>
      example((m) => (m.spec.securityGroups[0].ingress = [{ protocol: 'icmp', ports, cidr: '10.0.0.0/16' }]));
    expect(issuesOf(rules('all'))).toEqual([]);
    expect(issuesOf(rules('8'))).toEqual([]);
    expect(linesOf(rules('0-8'))).toEqual([
      '/spec/securityGroups/0/ingress/0/ports: icmp takes "all" or one ICMP type number (0-255), not a range like "0-8"',
    ]);
    expect(linesOf(rules('256'))).toEqual(['/spec/securityGroups/0/ingress/0/ports: ICMP type 256 is outside 0-255']);
  });

  it('lists the allowed protocols when one is misspelt', () => {
    const manifest = example((m) => (m.spec.securityGroups[0].ingress[0].protocol = 'tpc'));
    expect(linesOf(manifest)).toEqual(['/spec/securityGroups/0/ingress/0/protocol: must be one of: tcp, udp, icmp, all']);
  });

  it.each([
    ['no peer', {}],
    ['two peers', { prefixList: 'pl-63a5400a' }],
  ])('requires exactly one peer per rule (%s)', (_, change) => {
    const manifest = example((m) => {
      const rule = m.spec.securityGroups[0].ingress[0];
      delete rule.cidr;
      Object.assign(rule, change, 'prefixList' in change ? { cidr: '10.0.0.0/16' } : {});
    });
    expect(linesOf(manifest)).toEqual(['/spec/securityGroups/0/ingress/0: must have exactly one peer: cidr, prefixList or securityGroup']);
  });

  it('rejects a prefix list that is not a pl- ID', () => {
    const manifest = example((m) => (m.spec.securityGroups[1].egress[1].prefixList = 'com.amazonaws.us-east-1.s3'));
    expect(linesOf(manifest)).toEqual([
      '/spec/securityGroups/1/egress/1/prefixList: must be a prefix list ID: "pl-" and 8 or 17 hexadecimal digits',
    ]);
  });

  it('points at a rule that repeats another of the same direction (all and 0-65535 are the same ports)', () => {
    const manifest = example((m) => {
      m.spec.securityGroups[0].egress = [
        { protocol: 'tcp', ports: 'all', cidr: '0.0.0.0/0' },
        { protocol: 'tcp', ports: '0-65535', cidr: '0.0.0.0/0', description: 'again' },
      ];
    });
    expect(linesOf(manifest)).toEqual([
      '/spec/securityGroups/0/egress/1: duplicate of the rule at /spec/securityGroups/0/egress/0: same protocol, ports and peer',
    ]);
  });

  it('rejects a rule with an unknown property, suggesting the one meant', () => {
    const manifest = example((m) => {
      const rule = m.spec.securityGroups[0].ingress[0];
      rule.port = rule.ports;
      delete rule.ports;
    });
    expect(linesOf(manifest)).toEqual([
      '/spec/securityGroups/0/ingress/0: missing required property "ports"',
      '/spec/securityGroups/0/ingress/0/port: unknown property "port"; did you mean "ports"?',
    ]);
  });
});

describe('Network validation: endpoints', () => {
  it('points at an endpoint subnet group that does not exist', () => {
    const manifest = example((m) => (m.spec.endpoints.subnetGroup = 'privat'));
    expect(linesOf(manifest)).toEqual(['/spec/endpoints/subnetGroup: unknown subnet group "privat" (known: public, private, isolated)']);
  });

  it('requires a subnet group for interface endpoints when there is no private group to default to', () => {
    const manifest = example((m) => {
      delete m.spec.endpoints.subnetGroup;
      delete m.spec.shareWith;
      m.spec.subnets[1].tier = 'isolated';
    });
    expect(linesOf(manifest)).toEqual([
      '/spec/endpoints: interface endpoints need a subnet group: set subnetGroup (there is no subnet group with tier "private" to default to)',
    ]);
  });

  it('defaults the endpoint subnet group to the first private group', () => {
    expect(issuesOf(example((m) => delete m.spec.endpoints.subnetGroup))).toEqual([]);
  });

  it('accepts no subnet group and no private group when there are no interface endpoints', () => {
    const manifest = example((m) => {
      m.spec.endpoints = { gateway: ['s3'] };
      delete m.spec.shareWith;
      m.spec.subnets[1].tier = 'isolated';
    });
    expect(issuesOf(manifest)).toEqual([]);
  });

  it('points at an endpoint security group that does not exist', () => {
    const manifest = example((m) => (m.spec.endpoints.securityGroups = ['endpoints', 'vpce']));
    expect(linesOf(manifest)).toEqual(['/spec/endpoints/securityGroups/1: unknown security group "vpce" (known: endpoints, app)']);
  });

  it.each(['enableDnsHostnames', 'enableDnsSupport'])('rejects interface endpoints when %s is false (private DNS needs both)', (attribute) => {
    const manifest = example((m) => (m.spec[attribute] = false));
    expect(linesOf(manifest)).toEqual([
      `/spec/${attribute}: must be true: interface endpoints use private DNS, which needs both enableDnsSupport and enableDnsHostnames`,
    ]);
  });

  it('accepts DNS attributes off without interface endpoints', () => {
    const manifest = example((m) => {
      m.spec.enableDnsHostnames = false;
      m.spec.enableDnsSupport = false;
      delete m.spec.endpoints.interface;
    });
    expect(issuesOf(manifest)).toEqual([]);
  });

  it('rejects a gateway service that is not s3 or dynamodb, listing them', () => {
    const manifest = example((m) => m.spec.endpoints.gateway.push('sqs'));
    expect(linesOf(manifest)).toEqual(['/spec/endpoints/gateway/2: must be one of: s3, dynamodb']);
  });

  it('rejects a service that is both a gateway and an interface endpoint (one address)', () => {
    const manifest = example((m) => m.spec.endpoints.interface.push('s3'));
    expect(linesOf(manifest)).toEqual([
      '/spec/endpoints/interface/3: "s3" is also a gateway endpoint, and both would be network/…/vpc-endpoint/s3; keep one of them',
    ]);
  });

  it('rejects gateway endpoints without a private or isolated route table to route from', () => {
    const manifest = example((m) => {
      m.spec.subnets = [m.spec.subnets[0]];
      m.spec.endpoints = { gateway: ['s3'] };
      delete m.spec.shareWith;
      m.spec.securityGroups = [];
    });
    expect(linesOf(manifest)).toEqual([
      '/spec/endpoints/gateway: gateway endpoints are routed from the private and isolated route tables, but the Network has no private or isolated subnet group',
    ]);
  });
});

describe('Network validation: shareWith', () => {
  it('points at an account alias the config does not declare', () => {
    const manifest = example((m) => (m.spec.shareWith = ['api-service', 'consumr']));
    expect(linesOf(manifest)).toEqual([
      '/spec/shareWith/1: unknown account alias "consumr": not a 12-digit account ID, and not in the config\'s accounts (known: api-consumer, api-service, network, resource-owner, tenant-a, tenant-b, user-consumer, user-service)',
    ]);
  });

  it('rejects sharing when there is no private subnet group', () => {
    const manifest = example((m) => {
      m.spec.subnets.splice(1, 1);
      m.spec.endpoints.subnetGroup = 'isolated';
    });
    expect(linesOf(manifest)).toEqual([
      '/spec/shareWith: there are no private subnets to share: shareWith needs a subnet group with tier "private"',
    ]);
  });

  it.each([
    ['network', '"network" (111111111111)'],
    ['111111111111', '111111111111'],
  ])('rejects the Network\'s own account (%s): RAM cannot share with the owner', (principal, named) => {
    const manifest = example((m) => m.spec.shareWith.push(principal));
    expect(linesOf(manifest)).toEqual([`/spec/shareWith/5: ${named} is the Network's own account; RAM cannot share a resource with its owner`]);
  });

  it('rejects a repeated principal and a principal that is not an account or an organizations ARN', () => {
    const manifest = example((m) => m.spec.shareWith.push('api-service', 'arn:aws:iam::222222222222:root'));
    expect(linesOf(manifest)).toEqual([
      '/spec/shareWith/6: must be an account alias, a 12-digit account ID, an OU ARN (arn:aws:organizations::111111111111:ou/o-…/ou-…) or an organization ARN (arn:aws:organizations::111111111111:organization/o-…)',
      '/spec/shareWith/5: duplicate of item 0',
    ]);
  });

  it('rejects allowExternalPrincipals that is not a boolean', () => {
    expect(linesOf(example((m) => (m.spec.allowExternalPrincipals = 'no')))).toEqual(['/spec/allowExternalPrincipals: must be true or false']);
  });
});

describe('Network validation: all at once', () => {
  it('reports every cross-check problem of one manifest together', () => {
    const manifest = example((m) => {
      m.spec.securityGroups[0].ingress[0].ports = '80-70';
      m.spec.endpoints.securityGroups = ['nope'];
      m.spec.shareWith = ['network'];
    });
    expect(issuesOf(manifest).map((issue) => issue.pointer)).toEqual([
      '/spec/securityGroups/0/ingress/0/ports',
      '/spec/endpoints/securityGroups/0',
      '/spec/shareWith/0',
    ]);
  });
});
