/**
 * Validation of the Share kind against the example manifests (manifests/examples/share.json): each bad
 * input is one issue naming the file and the JSON pointer to fix, with no AWS call.
 */
import { describe, expect, it } from 'vitest';
import { file, linesAfter, type Document } from './examples.fixture.js';

const share = (files: Map<string, Document>): Document => file(files, 'share.json');
const ORGANIZATION = 'arn:aws:organizations::111111111111:organization/o-abc123';

describe('Share validation: the example', () => {
  it('accepts the example Share', () => {
    expect(linesAfter()).toEqual([]);
  });
});

describe('Share validation: the auth policy', () => {
  it.each([
    ['"*"', '*'],
    ['{"AWS": "*"}', { AWS: '*' }],
    ['{"AWS": [..., "*"]}', { AWS: ['777777777777', '*'] }],
  ])('rejects an Allow for Principal %s without a Condition', (_, principal) => {
    const lines = linesAfter((files) => {
      const statement = share(files).spec.authPolicy.Statement[1];
      statement.Principal = principal;
      delete statement.Condition;
    });
    expect(lines).toEqual([
      'share.json#/spec/authPolicy/Statement/1/Principal: allows every principal ("*") without a Condition, which makes the service network public; add a Condition (e.g. aws:PrincipalOrgID or aws:PrincipalTag/…), name the principals, or set allowPublic: true',
    ]);
  });

  it('accepts "*" with a Condition, "*" in a Deny, and a public Allow with allowPublic: true', () => {
    expect(linesAfter((files) => (share(files).spec.authPolicy.Statement[1].Principal = '*'))).toEqual([]);
    const deny = linesAfter((files) => share(files).spec.authPolicy.Statement.push({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }));
    expect(deny).toEqual([]);
    const publicAllow = linesAfter((files) => {
      share(files).spec.authPolicy.Statement.push({ Effect: 'Allow', Principal: '*', Action: 'vpc-lattice-svcs:Invoke', Resource: '*' });
      share(files).spec.allowPublic = true;
    });
    expect(publicAllow).toEqual([]);
  });

  it('rejects an empty Condition, which conditions nothing', () => {
    const lines = linesAfter((files) => {
      share(files).spec.authPolicy.Statement[0].Principal = '*';
      share(files).spec.authPolicy.Statement[0].Condition = {};
    });
    expect(lines).toEqual(['share.json#/spec/authPolicy/Statement/0/Condition: must have at least 1 property']);
  });

  it.each([
    [(p: Document) => (p.Version = '2012-10-18'), '/spec/authPolicy/Version: must be one of: 2012-10-17, 2008-10-17'],
    [(p: Document) => delete p.Statement, '/spec/authPolicy: missing required property "Statement"'],
    [(p: Document) => (p.Statement = 'allow all'), '/spec/authPolicy/Statement: must be an object or an array'],
    [(p: Document) => (p.Statement = []), '/spec/authPolicy/Statement: must have at least 1 item'],
    [(p: Document) => (p.Statement[0].Effect = 'allow'), '/spec/authPolicy/Statement/0/Effect: must be one of: Allow, Deny'],
    [(p: Document) => delete p.Statement[0].Effect, '/spec/authPolicy/Statement/0: missing required property "Effect"'],
    [(p: Document) => (p.Statement[0].Action = 5), '/spec/authPolicy/Statement/0/Action: must be a string or an array'],
    [(p: Document) => (p.Statement[0].Resource = []), '/spec/authPolicy/Statement/0/Resource: must have at least 1 item'],
    [(p: Document) => (p.Statement[0].Principal = { AWZ: '777777777777' }), '/spec/authPolicy/Statement/0/Principal/AWZ: unknown property "AWZ"; did you mean "AWS"?'],
    [(p: Document) => (p.Statement[0].Principal = 'everyone'), '/spec/authPolicy/Statement/0/Principal: must be "*" or an object'],
    [(p: Document) => (p.Statement[0].Condition = { StringEquals: 'TeamA' }), '/spec/authPolicy/Statement/0/Condition/StringEquals: must be an object'],
    [(p: Document) => (p.Statement[0].Effects = 'Allow'), '/spec/authPolicy/Statement/0/Effects: unknown property "Effects"; did you mean "Effect"?'],
    [(p: Document) => (p.Statement[0].Sid = 'team-a'), '/spec/authPolicy/Statement/0/Sid: a statement ID (Sid) may contain only letters and digits'],
  ])('rejects a malformed policy document (%#)', (change, line) => {
    expect(linesAfter((files) => change(share(files).spec.authPolicy))).toEqual([`share.json#${line}`]);
  });

  it('rejects statements without Action, Resource or Principal, with both an element and its Not, and repeated Sids', () => {
    const lines = linesAfter((files) => {
      const statements = share(files).spec.authPolicy.Statement;
      delete statements[0].Action;
      delete statements[0].Resource;
      delete statements[1].Principal;
      statements[1].NotResource = 'arn:aws:vpc-lattice:us-east-1:666666666666:service/svc-0123456789abcdef0';
      statements[1].Sid = 'TeamAFromCoreVpc';
    });
    expect(lines).toEqual([
      'share.json#/spec/authPolicy/Statement/0: a statement needs Action (or NotAction)',
      'share.json#/spec/authPolicy/Statement/0: a statement of a resource-based policy needs Resource (or NotResource)',
      'share.json#/spec/authPolicy/Statement/1/NotResource: a statement has Resource or NotResource, not both',
      'share.json#/spec/authPolicy/Statement/1: a statement of a resource-based policy needs Principal (or NotPrincipal): whom it applies to',
      'share.json#/spec/authPolicy/Statement/1/Sid: duplicate statement ID "TeamAFromCoreVpc" (first at /spec/authPolicy/Statement/0/Sid); Sids are unique within a policy',
    ]);
  });

  it('rejects an auth policy with authType NONE, and AWS_IAM without one', () => {
    expect(linesAfter((files) => (share(files).spec.serviceNetwork.authType = 'NONE'))).toEqual([
      'share.json#/spec/authPolicy: an auth policy applies only with serviceNetwork.authType AWS_IAM; with NONE VPC Lattice ignores it',
    ]);
    expect(linesAfter((files) => delete share(files).spec.authPolicy)).toEqual([
      'share.json#/spec/serviceNetwork/authType: authType AWS_IAM needs an authPolicy: without one VPC Lattice denies every request',
    ]);
  });

  it('rejects an auth policy over 10 KB', () => {
    const lines = linesAfter((files) => {
      const statements = share(files).spec.authPolicy.Statement;
      for (let index = 0; index < 60; index++) statements.push({ ...statements[0], Sid: `Team${index}` });
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^share\.json#\/spec\/authPolicy: the auth policy is \d+ bytes; VPC Lattice allows at most 10240$/);
  });
});

describe('Share validation: principals', () => {
  it('rejects allowExternalPrincipals: true with an organization principal', () => {
    const lines = linesAfter((files) => {
      share(files).spec.principals.push(ORGANIZATION);
      share(files).spec.allowExternalPrincipals = true;
    });
    expect(lines).toEqual([
      'share.json#/spec/allowExternalPrincipals: allowExternalPrincipals: true lets the share reach accounts outside the organization, but /spec/principals/4 shares with the organization itself; remove one of them',
    ]);
  });

  it('accepts the organization principal without external principals, and external principals with accounts only', () => {
    expect(linesAfter((files) => share(files).spec.principals.push(ORGANIZATION))).toEqual([]);
    expect(linesAfter((files) => (share(files).spec.allowExternalPrincipals = true))).toEqual([]);
  });

  it('rejects the Share\'s own account and an undeclared alias', () => {
    expect(linesAfter((files) => share(files).spec.principals.push('resource-owner', 'tenant-c'))).toEqual([
      'share.json#/spec/principals/4: "resource-owner" (666666666666) is the Share\'s own account; RAM cannot share a resource with its owner',
      'share.json#/spec/principals/5: unknown account alias "tenant-c": not a 12-digit account ID, and not in the config\'s accounts (known: api-consumer, api-service, network, resource-owner, tenant-a, tenant-b, user-consumer, user-service)',
    ]);
  });
});

describe('Share validation: VPC associations and resources', () => {
  it('points at an unknown Network in vpcAssociations', () => {
    expect(linesAfter((files) => (share(files).spec.vpcAssociations[0].network = 'edge'))).toEqual([
      // The consumer via Lattice in Network "core" loses its way to the provider's service network.
      'api-consumer.json#/spec/consume/1/service: Service "api-service" is in the service network of Share "shared-data", which has no VPC association for this Service\'s Network "core": add it to that Share\'s spec.vpcAssociations (share.json#/spec/vpcAssociations)',
      'share.json#/spec/vpcAssociations/0/network: unknown Network "edge": no Network manifest has that name',
    ]);
  });

  it('points at a security group the Network does not have', () => {
    expect(linesAfter((files) => share(files).spec.vpcAssociations[0].securityGroups.push('db'))).toEqual([
      'share.json#/spec/vpcAssociations/0/securityGroups/1: unknown security group "db" (known: endpoints, app) in Network "core"',
    ]);
  });

  it('rejects a VPC associated by an account that does not receive the service network', () => {
    expect(linesAfter((files) => (share(files).spec.principals = ['tenant-a', 'tenant-b', 'api-service']))).toEqual([
      'share.json#/spec/vpcAssociations/0/network: the association is made by account "network" (111111111111) (Network "core"\'s), which does not receive the service network: add it to spec.principals',
    ]);
  });

  it('rejects a Network associated twice', () => {
    expect(linesAfter((files) => share(files).spec.vpcAssociations.push({ network: 'core' }))).toEqual([
      'share.json#/spec/vpcAssociations/1/network: Network "core" is already associated at /spec/vpcAssociations/0',
    ]);
  });

  it('rejects a resource configuration with both an IP address and a DNS name, or neither', () => {
    expect(linesAfter((files) => (share(files).spec.resources.configurations[0].ipAddress = '10.0.16.10'))).toEqual([
      'share.json#/spec/resources/configurations/0: must have exactly one of dnsName, ipAddress or arn',
    ]);
    expect(linesAfter((files) => delete share(files).spec.resources.configurations[0].dnsName)).toEqual([
      'share.json#/spec/resources/configurations/0: must have exactly one of dnsName, ipAddress or arn',
    ]);
  });

  it('accepts a resource by IP address, and by ARN without ports', () => {
    const byIp = linesAfter((files) => {
      const configuration = share(files).spec.resources.configurations[0];
      delete configuration.dnsName;
      configuration.ipAddress = '10.0.16.10';
    });
    expect(byIp).toEqual([]);
    const byArn = linesAfter((files) => {
      const configuration = share(files).spec.resources.configurations[0];
      delete configuration.dnsName;
      delete configuration.ports;
      configuration.arn = 'arn:aws:rds:us-east-1:666666666666:cluster:orders';
    });
    expect(byArn).toEqual([]);
  });

  it('rejects ports with an ARN resource, no ports with a DNS name, and ports outside 1-65535', () => {
    const withArn = linesAfter((files) => {
      const configuration = share(files).spec.resources.configurations[0];
      delete configuration.dnsName;
      configuration.arn = 'arn:aws:rds:us-east-1:666666666666:cluster:orders';
    });
    expect(withArn).toEqual([
      'share.json#/spec/resources/configurations/0/ports: a resource given by arn brings its own ports; remove ports (they are for dnsName and ipAddress resources)',
    ]);
    expect(linesAfter((files) => delete share(files).spec.resources.configurations[0].ports)).toEqual([
      'share.json#/spec/resources/configurations/0: a resource given by dnsName or ipAddress needs ports, e.g. ["5432"]',
    ]);
    expect(linesAfter((files) => (share(files).spec.resources.configurations[0].ports = ['0', '70000', '6000-5000', '1-65535']))).toEqual([
      'share.json#/spec/resources/configurations/0/ports/0: port 0 is outside 1-65535',
      'share.json#/spec/resources/configurations/0/ports/1: port 70000 is outside 1-65535',
      'share.json#/spec/resources/configurations/0/ports/2: port range 6000-5000 starts after it ends; write 5000-6000',
    ]);
  });

  it('points at an unknown gateway, an unknown subnet group, and a Network that does not share with the Share\'s account', () => {
    expect(linesAfter((files) => (share(files).spec.resources.configurations[0].gateway = 'core'))).toEqual([
      'share.json#/spec/resources/configurations/0/gateway: unknown resource gateway "core" (known: core-data)',
    ]);
    expect(linesAfter((files) => (share(files).spec.resources.gateways[0].subnets = 'data'))).toEqual([
      'share.json#/spec/resources/gateways/0/subnets: unknown subnet group "data" in Network "core" (known: public, private, isolated)',
    ]);
    const notShared = linesAfter((files) => {
      const network = file(files, 'network.json');
      network.spec.shareWith = network.spec.shareWith.filter((principal: string) => principal !== 'resource-owner');
    });
    expect(notShared).toEqual([
      'share.json#/spec/resources/gateways/0/subnets: Network "core" is in account 111111111111 and does not share its subnets with this Share\'s account 666666666666: add it to that Network\'s spec.shareWith (network.json#/spec/shareWith)',
    ]);
  });
});

describe('Share validation: names AWS would reject', () => {
  it.each([
    ['sd', 'service network name "sd" is 2 characters; VPC Lattice allows 3-63'],
    ['x'.repeat(64), `service network name "${'x'.repeat(64)}" is 64 characters; VPC Lattice allows 3-63`],
    ['Shared_Data', 'service network name "Shared_Data" may contain only lowercase letters, digits and \'-\' (a VPC Lattice rule)'],
    ['-shared', 'service network name "-shared" must not start or end with \'-\' (a VPC Lattice rule)'],
    ['shared--data', 'service network name "shared--data" must not contain \'--\' (a VPC Lattice rule)'],
    ['servicenetwork-data', 'service network name "servicenetwork-data" must not start with "servicenetwork-", which VPC Lattice reserves'],
  ])('rejects the service network name %s', (name, message) => {
    expect(linesAfter((files) => (share(files).spec.serviceNetwork.name = name))).toEqual([`share.json#/spec/serviceNetwork/name: ${message}`]);
  });

  it('rejects a service network name another Share of the account has', () => {
    const lines = linesAfter((files) => {
      const second = JSON.parse(JSON.stringify(share(files))) as Document;
      second.metadata.name = 'more-data';
      second.spec.resources.gateways[0].name = 'core-data-2';
      second.spec.resources.configurations[0].gateway = 'core-data-2';
      files.set('share-2.json', second);
    });
    expect(lines).toEqual([
      'share-2.json#/spec/serviceNetwork/name: service network name "shared-data" is also Share "shared-data"\'s (share.json#), in the same account; VPC Lattice names are unique per account',
    ]);
  });

  it('rejects resource gateway and configuration names with their reserved prefixes or lengths', () => {
    const lines = linesAfter((files) => {
      share(files).spec.resources.gateways[0].name = 'rgw-core';
      share(files).spec.resources.configurations[0].gateway = 'rgw-core';
      share(files).spec.resources.configurations[0].name = `orders-${'d'.repeat(40)}`;
    });
    expect(lines).toEqual([
      'share.json#/spec/resources/gateways/0/name: resource gateway name "rgw-core" must not start with "rgw-", which VPC Lattice reserves',
      `share.json#/spec/resources/configurations/0/name: resource configuration name "orders-${'d'.repeat(40)}" is 47 characters; VPC Lattice allows 3-40`,
    ]);
  });

  it.each([
    ['ab', 'trail name "ab" is 2 characters; CloudTrail allows 3-128'],
    ['audit trail', 'trail name "audit trail" may contain only ASCII letters, digits, \'.\', \'_\' and \'-\' (a CloudTrail rule)'],
    ['_audit', 'trail name "_audit" must start and end with a letter or digit (a CloudTrail rule)'],
    ['my-_trail', 'trail name "my-_trail" must not have two of \'.\', \'_\', \'-\' in a row (a CloudTrail rule)'],
    ['192.168.5.4', 'trail name "192.168.5.4" must not look like an IP address (a CloudTrail rule)'],
  ])('rejects the trail name %s', (name, message) => {
    expect(linesAfter((files) => (share(files).spec.audit.trail.name = name))).toEqual([`share.json#/spec/audit/trail/name: ${message}`]);
  });

  it('rejects tenant role names IAM would reject, and two roles whose names differ only in case', () => {
    expect(linesAfter((files) => (share(files).spec.tenants[0].name = 'Team A'))).toEqual([
      'share.json#/spec/tenants/0/name: IAM role name "Team A" may contain only letters, digits and +=,.@_- (an IAM rule)',
    ]);
    expect(linesAfter((files) => (share(files).spec.tenants[0].name = 'T'.repeat(65)))).toEqual([
      `share.json#/spec/tenants/0/name: IAM role name "${'T'.repeat(65)}" is 65 characters; IAM allows 1-64`,
    ]);
    const sameAccount = linesAfter((files) => {
      share(files).spec.tenants[1].account = 'tenant-a';
      share(files).spec.tenants[1].name = 'teama';
    });
    expect(sameAccount).toEqual([
      'share.json#/spec/tenants/1/name: role "teama" is already declared for that account at /spec/tenants/0/name (IAM role names ignore case)',
    ]);
  });

  it('rejects tenants in undeclared accounts, trusting undeclared aliases, and bad external IDs and policy ARNs', () => {
    const lines = linesAfter((files) => {
      const tenant = share(files).spec.tenants[0];
      tenant.account = 'tenant-c';
      tenant.trustedPrincipals = ['tenant-d'];
      tenant.externalId = 'x';
      tenant.managedPolicies = ['VPCLatticeServicesInvokeAccess'];
    });
    expect(lines).toEqual([
      'share.json#/spec/tenants/0/externalId: must be an external ID: 2-1224 letters, digits and +=,.@:/_-',
      'share.json#/spec/tenants/0/managedPolicies/0: must be an IAM managed policy ARN like arn:aws:iam::aws:policy/VPCLatticeServicesInvokeAccess',
    ]);
    const aliases = linesAfter((files) => {
      const tenant = share(files).spec.tenants[0];
      tenant.account = 'tenant-c';
      tenant.trustedPrincipals = ['tenant-d'];
    });
    expect(aliases.map((line) => line.replace(/ \(known: .*\)$/, ''))).toEqual([
      'share.json#/spec/tenants/0/account: unknown account alias "tenant-c": not a 12-digit account ID, and not in the config\'s accounts',
      'share.json#/spec/tenants/0/trustedPrincipals/0: unknown account alias "tenant-d": not a 12-digit account ID, and not in the config\'s accounts',
    ]);
  });

  it('rejects a bucket name S3 would reject', () => {
    expect(linesAfter((files) => (share(files).spec.audit.trail.bucket = 'Logs_Bucket'))).toEqual([
      "share.json#/spec/audit/trail/bucket: must be an S3 bucket name: 3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit",
    ]);
  });
});

describe('Share validation: all problems at once', () => {
  it('reports every problem of one Share in one run', () => {
    const lines = linesAfter((files) => {
      share(files).spec.serviceNetwork.name = 'Shared';
      share(files).spec.vpcAssociations[0].network = 'edge';
      share(files).spec.authPolicy.Statement[0].Principal = '*';
      delete share(files).spec.authPolicy.Statement[0].Condition;
      share(files).spec.audit.trail.name = 'a--b';
    });
    expect(lines.map((line) => line.split(':')[0])).toEqual([
      // The edge association leaves the consumer via Lattice in Network "core" without its VPC association.
      'api-consumer.json#/spec/consume/1/service',
      'share.json#/spec/serviceNetwork/name',
      'share.json#/spec/audit/trail/name',
      'share.json#/spec/authPolicy/Statement/0/Principal',
      'share.json#/spec/vpcAssociations/0/network',
    ]);
  });
});
