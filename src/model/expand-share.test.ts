/** Expansion of the Share kind (docs/resources.md, "Share"), on the example share and its Network. */
import { describe, expect, it } from 'vitest';
import { ref, type DesiredResource } from '../core/types.js';
import { EXAMPLE_CONFIG, exampleFiles, type Document } from './examples.fixture.js';
import { expand } from './expand.js';
import { resolveConfig } from './load.js';
import { validateInputs } from './validate.js';

function expandShare(change: (share: Document) => void = () => undefined): Map<string, DesiredResource> {
  const files = exampleFiles();
  const network = files.get('network.json')!;
  const share = files.get('share.json')!;
  change(share);
  const inputs = {
    manifests: [
      { file: 'network.json', pointer: '', manifest: network },
      { file: 'share.json', pointer: '', manifest: share },
    ],
    config: resolveConfig(EXAMPLE_CONFIG),
    configFile: 'trellis.config.json',
    configDocument: EXAMPLE_CONFIG,
  };
  expect(validateInputs(inputs)).toEqual([]);
  return new Map(expand(inputs).filter((r) => r.address.startsWith('share/')).map((r) => [r.address, r]));
}

const OWNER = '666666666666';
const NETWORK = '111111111111';

describe('expand Share: the example', () => {
  const resources = expandShare();

  it('has the service network, associations, resources, RAM share, tenant roles and trail', () => {
    expect([...resources.keys()]).toEqual([
      'share/shared-data/service-network/main',
      'share/shared-data/service-network-vpc-association/core',
      'share/shared-data/resource-gateway/core-data',
      'share/shared-data/resource-configuration/orders-db',
      'share/shared-data/service-network-resource-association/orders-db',
      'share/shared-data/resource-share/main',
      'share/shared-data/role/TeamA',
      'share/shared-data/role/TeamB',
      'share/shared-data/trail/audit',
    ]);
  });

  it('puts the service network with its auth policy in the Share account', () => {
    const network = resources.get('share/shared-data/service-network/main')!;
    expect(network).toMatchObject({ type: 'vpc-lattice:service-network', scope: { account: OWNER, region: 'us-east-1' }, source: { file: 'share.json', pointer: '/spec/serviceNetwork' } });
    expect(network.spec).toMatchObject({ name: 'shared-data', authType: 'AWS_IAM', authPolicy: { Version: '2012-10-17' } });
    expect(network.tags).toMatchObject({ 'trellis:owner': 'trellis', 'trellis:address': 'share/shared-data/service-network/main', team: 'data', 'managed-by': 'trellis' });
  });

  it('associates the Network VPC from the Network account, after the RAM share (which accepts the invitation there)', () => {
    const association = resources.get('share/shared-data/service-network-vpc-association/core')!;
    expect(association.scope).toEqual({ account: NETWORK, region: 'us-east-1' });
    expect(association.spec).toEqual({
      serviceNetworkIdentifier: ref('share/shared-data/service-network/main', 'arn'),
      vpcIdentifier: ref('network/core/vpc/main', 'id'),
      securityGroupIds: [ref('network/core/security-group/app', 'id')],
    });
    expect(association.dependsOn).toEqual(['share/shared-data/resource-share/main']);
  });

  it('builds the gateway in the shared subnets, the configuration behind it, and its association', () => {
    expect(resources.get('share/shared-data/resource-gateway/core-data')!.spec).toEqual({
      name: 'core-data',
      vpcIdentifier: ref('network/core/vpc/main', 'id'),
      subnetIds: [ref('network/core/subnet/private-a', 'id'), ref('network/core/subnet/private-b', 'id')],
      securityGroupIds: [ref('network/core/security-group/app', 'id')],
    });
    expect(resources.get('share/shared-data/resource-configuration/orders-db')!.spec).toEqual({
      name: 'orders-db',
      resourceGatewayIdentifier: ref('share/shared-data/resource-gateway/core-data', 'id'),
      definition: { dnsName: 'orders.cluster-c1a2b3c4d5e6.us-east-1.rds.amazonaws.com' },
      portRanges: ['5432'],
      protocol: 'TCP',
    });
    expect(resources.get('share/shared-data/service-network-resource-association/orders-db')!.spec).toEqual({
      serviceNetworkIdentifier: ref('share/shared-data/service-network/main', 'arn'),
      resourceConfigurationIdentifier: ref('share/shared-data/resource-configuration/orders-db', 'arn'),
    });
  });

  it('shares the network (and only configurations of its own account) with principal IDs, accepting invitations in reachable accounts', () => {
    // The configuration lives in the gateway Network's account: RAM shares only what the Share's account owns.
    expect(resources.get('share/shared-data/resource-configuration/orders-db')!.scope.account).toBe(NETWORK);
    expect(resources.get('share/shared-data/service-network-resource-association/orders-db')!.dependsOn).toEqual(['share/shared-data/resource-share/main']);
    expect(resources.get('share/shared-data/resource-share/main')!.spec).toEqual({
      name: 'shared-data',
      allowExternalPrincipals: false,
      resourceArns: [ref('share/shared-data/service-network/main', 'arn')],
      // 222222222222: api-service, whose Lattice service joins the service network.
      principals: ['111111111111', '222222222222', '777777777777', '888888888888'],
      acceptInvitationsIn: ['111111111111', '222222222222', '777777777777', '888888888888'],
    });
  });

  it('creates tenant roles in their accounts under /trellis/<owner>/ with ABAC tags and an external-ID trust policy', () => {
    const role = resources.get('share/shared-data/role/TeamA')!;
    expect(role.scope.account).toBe('777777777777');
    expect(role.tags).toMatchObject({ team: 'TeamA', Name: 'TeamA' });
    expect(role.spec).toMatchObject({
      roleName: 'TeamA',
      path: '/trellis/trellis/',
      managedPolicyArns: ['arn:aws:iam::aws:policy/VPCLatticeServicesInvokeAccess'],
      assumeRolePolicy: {
        Statement: [
          { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::777777777777:root'] }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'shared-data-team-a' } } },
        ],
      },
    });
  });

  it('creates the logging, multi-region, validated audit trail', () => {
    expect(resources.get('share/shared-data/trail/audit')!.spec).toEqual({
      name: 'shared-data-audit',
      s3BucketName: 'resource-owner-cloudtrail-logs',
      isMultiRegionTrail: true,
      enableLogFileValidation: true,
      logging: true,
    });
  });

  it('has no RAM share without principals, and no cross-account dependency for a VPC in the Share account', () => {
    const without = expandShare((share) => {
      delete share.spec.principals;
      share.spec.vpcAssociations[0].account = 'resource-owner';
    });
    expect(without.has('share/shared-data/resource-share/main')).toBe(false);
    expect(without.get('share/shared-data/service-network-vpc-association/core')!.dependsOn).toBeUndefined();
  });
});
