import {
  CreateResourceConfigurationCommand,
  CreateResourceGatewayCommand,
  CreateServiceNetworkCommand,
  CreateServiceNetworkResourceAssociationCommand,
  DeleteResourceConfigurationCommand,
  DeleteResourceGatewayCommand,
  DeleteServiceNetworkResourceAssociationCommand,
  GetResourceConfigurationCommand,
  GetResourceGatewayCommand,
  ListResourceConfigurationsCommand,
  ListServiceNetworkResourceAssociationsCommand,
} from '@aws-sdk/client-vpc-lattice';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeleteSecurityGroupCommand, DeleteSubnetCommand, DeleteVpcCommand } from '@aws-sdk/client-ec2';
import { ACCOUNT_A, REGION, rejection } from '../test-helpers.js';
import { expectLatticeError, latticeSetup } from './test-setup.js';

afterEach(() => {
  vi.useRealTimers();
});

async function withGateway(options: Parameters<typeof latticeSetup>[0] = {}) {
  const setup = await latticeSetup(options);
  const { vpcId, subnetId, groupId } = await setup.vpc();
  const gateway = await setup.lattice.send(
    new CreateResourceGatewayCommand({ name: 'db-gw', vpcIdentifier: vpcId, subnetIds: [subnetId], securityGroupIds: [groupId] }),
  );
  const configuration = (name = 'orders-db') =>
    setup.lattice.send(
      new CreateResourceConfigurationCommand({
        name,
        type: 'SINGLE',
        resourceGatewayIdentifier: gateway.id,
        resourceConfigurationDefinition: { dnsResource: { domainName: 'db.internal.example.com' } },
        portRanges: ['5432'],
        protocol: 'TCP',
      }),
    );
  return { ...setup, vpcId, subnetId, groupId, gateway, configuration };
}

describe('resource gateways and configurations', () => {
  it('creates a gateway (rgw-) CREATE_IN_PROGRESS → ACTIVE in the given VPC, subnets and security groups', async () => {
    const { lattice, gateway, vpcId, subnetId, groupId, advance } = await withGateway({ asyncDelayMs: 100 });
    expect(gateway.id).toMatch(/^rgw-[0-9a-f]{17}$/);
    expect(gateway.arn).toBe(`arn:aws:vpc-lattice:${REGION}:${ACCOUNT_A}:resourcegateway/${gateway.id}`);
    expect(gateway).toMatchObject({ status: 'CREATE_IN_PROGRESS', vpcIdentifier: vpcId, subnetIds: [subnetId], securityGroupIds: [groupId] });
    advance(100);
    expect(await lattice.send(new GetResourceGatewayCommand({ resourceGatewayIdentifier: gateway.arn }))).toMatchObject({ status: 'ACTIVE', vpcId });
  });

  it('blocks DeleteSubnet, DeleteSecurityGroup and DeleteVpc while the gateway exists', async () => {
    const { ec2, lattice, gateway, vpcId, subnetId, groupId, advance } = await withGateway({ asyncDelayMs: 10 });
    const name = async (p: Promise<unknown>) => (await rejection(p)).name;
    expect(await name(ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId })))).toBe('DependencyViolation');
    expect(await name(ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId })))).toBe('DependencyViolation');
    expect(await name(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).toBe('DependencyViolation');
    advance(10);
    await lattice.send(new DeleteResourceGatewayCommand({ resourceGatewayIdentifier: gateway.id }));
    advance(10);
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
  });

  it('refuses a gateway in an unknown VPC or subnet', async () => {
    const { lattice, vpcId } = await withGateway();
    await expectLatticeError(
      lattice.send(new CreateResourceGatewayCommand({ name: 'gw-two', vpcIdentifier: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0'] })),
      'ResourceNotFoundException',
    );
    await expectLatticeError(
      lattice.send(new CreateResourceGatewayCommand({ name: 'gw-two', vpcIdentifier: vpcId, subnetIds: ['subnet-0123456789abcdef0'] })),
      'ResourceNotFoundException',
    );
  });

  it('creates a SINGLE DNS configuration (rcfg-) and validates the definition, ports and protocol', async () => {
    const { lattice, gateway, configuration } = await withGateway();
    const created = await configuration();
    expect(created.id).toMatch(/^rcfg-[0-9a-f]{17}$/);
    expect(created).toMatchObject({
      type: 'SINGLE',
      resourceGatewayId: gateway.id,
      portRanges: ['5432'],
      protocol: 'TCP',
      resourceConfigurationDefinition: { dnsResource: { domainName: 'db.internal.example.com', ipAddressType: 'IPV4' } },
    });
    expect(await lattice.send(new GetResourceConfigurationCommand({ resourceConfigurationIdentifier: created.arn }))).toMatchObject({ id: created.id, status: 'ACTIVE' });
    const bad = (overrides: object) =>
      lattice.send(
        new CreateResourceConfigurationCommand({
          name: 'bad-one',
          type: 'SINGLE',
          resourceGatewayIdentifier: gateway.id,
          resourceConfigurationDefinition: { ipResource: { ipAddress: '10.0.1.5' } },
          portRanges: ['5432'],
          ...overrides,
        }),
      );
    await expectLatticeError(bad({ portRanges: ['70000'] }), 'ValidationException');
    await expectLatticeError(bad({ protocol: 'TCP_UDP' }), 'ValidationException');
    await expectLatticeError(bad({ resourceConfigurationDefinition: undefined }), 'ValidationException');
    await expectLatticeError(bad({ resourceGatewayIdentifier: 'rgw-0123456789abcdef0' }), 'ResourceNotFoundException');
    expect((await lattice.send(new ListResourceConfigurationsCommand({ resourceGatewayIdentifier: gateway.id }))).items!.map((c) => c.id)).toEqual([created.id]);
  });

  it('associates a configuration with a service network (snra-); deletes wait for their dependents', async () => {
    const { lattice, gateway, configuration, advance } = await withGateway({ asyncDelayMs: 10 });
    advance(10);
    const created = await configuration();
    const network = await lattice.send(new CreateServiceNetworkCommand({ name: 'core-net' }));
    const association = await lattice.send(
      new CreateServiceNetworkResourceAssociationCommand({ serviceNetworkIdentifier: network.id, resourceConfigurationIdentifier: created.id }),
    );
    expect(association.id).toMatch(/^snra-[0-9a-f]{17}$/);
    expect(association.status).toBe('CREATE_IN_PROGRESS');
    advance(10);
    expect((await lattice.send(new ListServiceNetworkResourceAssociationsCommand({ serviceNetworkIdentifier: network.id }))).items).toMatchObject([
      { id: association.id, status: 'ACTIVE', resourceConfigurationId: created.id, serviceNetworkName: 'core-net' },
    ]);
    await expectLatticeError(lattice.send(new DeleteResourceConfigurationCommand({ resourceConfigurationIdentifier: created.id })), 'ConflictException');
    await expectLatticeError(lattice.send(new DeleteResourceGatewayCommand({ resourceGatewayIdentifier: gateway.id })), 'ConflictException');
    await lattice.send(new DeleteServiceNetworkResourceAssociationCommand({ serviceNetworkResourceAssociationIdentifier: association.id }));
    advance(10);
    await lattice.send(new DeleteResourceConfigurationCommand({ resourceConfigurationIdentifier: created.id }));
    advance(10);
    expect((await lattice.send(new DeleteResourceGatewayCommand({ resourceGatewayIdentifier: gateway.id }))).status).toBe('DELETE_IN_PROGRESS');
  });
});
