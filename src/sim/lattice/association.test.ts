import { DeleteVpcCommand } from '@aws-sdk/client-ec2';
import {
  CreateServiceCommand,
  CreateServiceNetworkCommand,
  CreateServiceNetworkServiceAssociationCommand,
  CreateServiceNetworkVpcAssociationCommand,
  DeleteServiceCommand,
  DeleteServiceNetworkVpcAssociationCommand,
  GetServiceNetworkVpcAssociationCommand,
  ListServiceNetworkServiceAssociationsCommand,
  ListServiceNetworkVpcAssociationsCommand,
  UpdateServiceNetworkVpcAssociationCommand,
} from '@aws-sdk/client-vpc-lattice';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_A, REGION, rejection } from '../test-helpers.js';
import { expectLatticeError, latticeSetup } from './test-setup.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('service network VPC associations', () => {
  it('goes CREATE_IN_PROGRESS → ACTIVE after asyncDelayMs, with security groups and an snva- ARN', async () => {
    const { lattice, vpc, advance } = await latticeSetup({ asyncDelayMs: 1000 });
    const network = await lattice.send(new CreateServiceNetworkCommand({ name: 'core-net' }));
    const { vpcId, groupId } = await vpc();
    const created = await lattice.send(
      new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: network.arn, vpcIdentifier: vpcId, securityGroupIds: [groupId] }),
    );
    expect(created.id).toMatch(/^snva-[0-9a-f]{17}$/);
    expect(created.arn).toBe(`arn:aws:vpc-lattice:${REGION}:${ACCOUNT_A}:servicenetworkvpcassociation/${created.id}`);
    expect(created).toMatchObject({ status: 'CREATE_IN_PROGRESS', securityGroupIds: [groupId], createdBy: ACCOUNT_A });
    advance(1000);
    const got = await lattice.send(new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: created.id }));
    expect(got).toMatchObject({ status: 'ACTIVE', vpcId, serviceNetworkId: network.id, serviceNetworkName: 'core-net' });
    expect(got).not.toHaveProperty('tags');
  });

  it('refuses a VPC already associated with another service network (ConflictException) and unknown VPCs', async () => {
    const { lattice, vpc } = await latticeSetup();
    const one = await lattice.send(new CreateServiceNetworkCommand({ name: 'one-net' }));
    const two = await lattice.send(new CreateServiceNetworkCommand({ name: 'two-net' }));
    const { vpcId } = await vpc();
    await lattice.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: one.id, vpcIdentifier: vpcId }));
    const error = await expectLatticeError(
      lattice.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: two.id, vpcIdentifier: vpcId })),
      'ConflictException',
      409,
    );
    expect(error).toHaveProperty('resourceType', 'SERVICE_NETWORK_VPC_ASSOCIATION');
    await expectLatticeError(
      lattice.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: two.id, vpcIdentifier: 'vpc-0123456789abcdef0' })),
      'ResourceNotFoundException',
    );
  });

  it('updates security groups but never to none, lists by network and VPC, and blocks DeleteVpc until deleted', async () => {
    const { ec2, lattice, vpc, advance } = await latticeSetup({ asyncDelayMs: 10, pageSize: 1 });
    const network = await lattice.send(new CreateServiceNetworkCommand({ name: 'core-net' }));
    const a = await vpc('10.0.0.0/16');
    const b = await vpc('10.1.0.0/16');
    const first = await lattice.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: network.id, vpcIdentifier: a.vpcId, securityGroupIds: [a.groupId] }));
    await lattice.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: network.id, vpcIdentifier: b.vpcId }));
    await expectLatticeError(
      lattice.send(new UpdateServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: first.id, securityGroupIds: [] })),
      'ValidationException',
    );
    const page1 = await lattice.send(new ListServiceNetworkVpcAssociationsCommand({ serviceNetworkIdentifier: network.id }));
    expect(page1.items).toHaveLength(1);
    const page2 = await lattice.send(new ListServiceNetworkVpcAssociationsCommand({ serviceNetworkIdentifier: network.id, nextToken: page1.nextToken }));
    expect([...page1.items!, ...page2.items!].map((i) => i.vpcId).sort()).toEqual([a.vpcId, b.vpcId].sort());
    expect((await lattice.send(new ListServiceNetworkVpcAssociationsCommand({ vpcIdentifier: b.vpcId }))).items).toHaveLength(1);
    expect((await rejection(ec2.send(new DeleteVpcCommand({ VpcId: a.vpcId })))).name).toBe('DependencyViolation');
    const deleting = await lattice.send(new DeleteServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: first.id }));
    expect(deleting.status).toBe('DELETE_IN_PROGRESS');
    advance(10);
    await expectLatticeError(lattice.send(new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: first.id })), 'ResourceNotFoundException');
  });
});

describe('service network service associations', () => {
  it('associates a service once (a second time is ConflictException) and keeps the service from being deleted', async () => {
    const { lattice } = await latticeSetup();
    const network = await lattice.send(new CreateServiceNetworkCommand({ name: 'core-net' }));
    const service = await lattice.send(new CreateServiceCommand({ name: 'orders' }));
    const created = await lattice.send(new CreateServiceNetworkServiceAssociationCommand({ serviceNetworkIdentifier: network.id, serviceIdentifier: service.arn }));
    expect(created.id).toMatch(/^snsa-[0-9a-f]{17}$/);
    expect(created.dnsEntry?.domainName).toBe(service.dnsEntry?.domainName);
    await expectLatticeError(
      lattice.send(new CreateServiceNetworkServiceAssociationCommand({ serviceNetworkIdentifier: network.id, serviceIdentifier: service.id })),
      'ConflictException',
    );
    expect((await lattice.send(new ListServiceNetworkServiceAssociationsCommand({ serviceIdentifier: service.id }))).items).toMatchObject([
      { serviceId: service.id, serviceNetworkId: network.id, status: 'ACTIVE' },
    ]);
    await expectLatticeError(lattice.send(new DeleteServiceCommand({ serviceIdentifier: service.id })), 'ConflictException');
  });
});
