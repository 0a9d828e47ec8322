import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  CreateResourceConfigurationCommand,
  CreateResourceGatewayCommand,
  CreateServiceNetworkCommand,
  CreateServiceNetworkResourceAssociationCommand,
  CreateServiceNetworkVpcAssociationCommand,
  GetAuthPolicyCommand,
  GetServiceNetworkCommand,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mockContext } from '../test-context.js';
import { desiredResource } from '../ec2/test-helpers.js';
import { resourceAssociationReconciler } from './resource-association/index.js';
import { resourceConfigurationReconciler } from './resource-configuration/index.js';
import { resourceGatewayReconciler } from './resource-gateway/index.js';
import { serviceNetworkReconciler } from './service-network/index.js';
import { vpcAssociationReconciler } from './vpc-association/index.js';

const lattice = mockClient(VPCLatticeClient);
const rgta = mockClient(ResourceGroupsTaggingAPIClient);
afterAll(() => {
  lattice.restore();
  rgta.restore();
});
beforeEach(() => {
  lattice.reset();
  rgta.reset();
});

const context = () => mockContext(VPCLatticeClient);

const ARN = (type: string, id: string, account = '111111111111') => `arn:aws:vpc-lattice:us-east-1:${account}:${type}/${id}`;

describe('VPC Lattice reconcilers (mocked SDK)', () => {
  it('pass the engine client token on every create (the SDK would generate a new one per send)', async () => {
    const { ctx } = context();
    const out = { arn: ARN('x', 'x-1'), id: 'x-1' };
    lattice.on(CreateServiceNetworkCommand).resolves(out);
    lattice.on(CreateServiceNetworkVpcAssociationCommand).resolves(out);
    lattice.on(CreateResourceGatewayCommand).resolves(out);
    lattice.on(CreateResourceConfigurationCommand).resolves(out);
    lattice.on(CreateServiceNetworkResourceAssociationCommand).resolves(out);
    const d = (type: string, spec: Record<string, unknown>) => desiredResource(type, `share/s/${type}/a`, spec);
    await serviceNetworkReconciler.create(ctx, d('vpc-lattice:service-network', { name: 'net', authType: 'AWS_IAM', authPolicy: null }), { clientToken: 'tok' });
    await vpcAssociationReconciler.create(ctx, d('vpc-lattice:service-network-vpc-association', { serviceNetworkIdentifier: 'sn', vpcIdentifier: 'vpc', securityGroupIds: ['sg'] }), { clientToken: 'tok' });
    await resourceGatewayReconciler.create(ctx, d('vpc-lattice:resource-gateway', { name: 'gw', vpcIdentifier: 'vpc', subnetIds: ['s'], securityGroupIds: ['sg'] }), { clientToken: 'tok' });
    await resourceConfigurationReconciler.create(
      ctx,
      d('vpc-lattice:resource-configuration', { name: 'db', resourceGatewayIdentifier: 'rgw', definition: { ipAddress: '10.0.0.5' }, portRanges: ['5432'], protocol: 'TCP' }),
      { clientToken: 'tok' },
    );
    await resourceAssociationReconciler.create(ctx, d('vpc-lattice:service-network-resource-association', { serviceNetworkIdentifier: 'sn', resourceConfigurationIdentifier: 'rc' }), { clientToken: 'tok' });
    const creates = lattice.calls().filter((call) => call.args[0].constructor.name.startsWith('Create'));
    expect(creates).toHaveLength(5);
    for (const call of creates) {
      const input = call.args[0].input as { clientToken?: string; tags?: Record<string, string> };
      expect(input.clientToken).toBe('tok');
      expect(input.tags).toMatchObject({ 'trellis:owner': 'trellis', 'trellis:address': expect.stringMatching(/^share\/s\//) });
    }
  });

  it('observes through RGTA (owner- and type-filtered, 100 per page) and confirms each ARN, skipping stale ones and other scopes', async () => {
    const { ctx } = context();
    const tags = [{ Key: 'trellis:owner', Value: 'trellis' }, { Key: 'trellis:address', Value: 'share/s/service-network/main' }];
    rgta
      .on(GetResourcesCommand)
      .resolvesOnce({
        ResourceTagMappingList: [
          { ResourceARN: ARN('servicenetwork', 'sn-1'), Tags: tags },
          { ResourceARN: ARN('servicenetwork', 'sn-gone'), Tags: tags },
        ],
        PaginationToken: 'next',
      })
      .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: ARN('servicenetwork', 'sn-9', '999999999999'), Tags: tags }], PaginationToken: '' });
    lattice.on(GetServiceNetworkCommand, { serviceNetworkIdentifier: ARN('servicenetwork', 'sn-1') }).resolves({ arn: ARN('servicenetwork', 'sn-1'), id: 'sn-1', name: 'main', authType: 'AWS_IAM' });
    lattice
      .on(GetServiceNetworkCommand, { serviceNetworkIdentifier: ARN('servicenetwork', 'sn-gone') })
      .rejects(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' }));
    lattice.on(GetAuthPolicyCommand).resolves({ policy: '{"Statement":[]}' });
    const live = await serviceNetworkReconciler.observe(ctx);
    expect(live.map((n) => n.id)).toEqual([ARN('servicenetwork', 'sn-1')]);
    expect(live[0]!.spec.authPolicy).toEqual({ Statement: [] });
    const pages = rgta.commandCalls(GetResourcesCommand).map((call) => call.args[0].input);
    expect(pages).toHaveLength(2);
    // One listing for every Lattice and ECS type of the scope (src/reconcilers/tagging.ts), split by ARN.
    expect(pages[0]).toMatchObject({ ResourceTypeFilters: ['vpc-lattice', 'ecs:service', 'ecs:task-definition'], TagFilters: [{ Key: 'trellis:owner', Values: ['trellis'] }], ResourcesPerPage: 100 });
    // 2 RGTA pages + 2 Get + 1 GetAuthPolicy (the stale ARN costs its Get only).
    expect(lattice.calls()).toHaveLength(3);
  });
});
