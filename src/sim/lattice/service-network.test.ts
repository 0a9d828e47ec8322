import {
  CreateServiceNetworkCommand,
  CreateServiceNetworkVpcAssociationCommand,
  DeleteServiceNetworkCommand,
  DeleteServiceNetworkVpcAssociationCommand,
  GetServiceNetworkCommand,
  ListServiceNetworksCommand,
  UpdateServiceNetworkCommand,
  paginateListServiceNetworks,
} from '@aws-sdk/client-vpc-lattice';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_A, REGION, fastRetries } from '../test-helpers.js';
import { VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { expectLatticeError, latticeSetup, scope } from './test-setup.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('service networks', () => {
  it('creates a network with an ID and ARN of the real shape, authType NONE by default, and no tags in any output', async () => {
    const { lattice } = await latticeSetup();
    const created = await lattice.send(new CreateServiceNetworkCommand({ name: 'core-net', tags: { team: 'net' } }));
    expect(created.id).toMatch(/^sn-[0-9a-f]{17}$/);
    expect(created.arn).toBe(`arn:aws:vpc-lattice:${REGION}:${ACCOUNT_A}:servicenetwork/${created.id}`);
    expect(created).toMatchObject({ name: 'core-net', authType: 'NONE' });
    const got = await lattice.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: created.arn }));
    expect(got).toMatchObject({ id: created.id, numberOfAssociatedVPCs: 0, numberOfAssociatedServices: 0 });
    for (const output of [created, got, (await lattice.send(new ListServiceNetworksCommand({}))).items![0]]) expect(output).not.toHaveProperty('tags');
  });

  it('rejects invalid names, and a second network of the same name with ConflictException', async () => {
    const { lattice } = await latticeSetup();
    for (const name of ['ab', 'Upper', '-lead', 'trail-', 'dou--ble', 'x'.repeat(64)]) {
      await expectLatticeError(lattice.send(new CreateServiceNetworkCommand({ name })), 'ValidationException', 400);
    }
    await lattice.send(new CreateServiceNetworkCommand({ name: 'core-net' }));
    const error = await expectLatticeError(lattice.send(new CreateServiceNetworkCommand({ name: 'core-net' })), 'ConflictException', 409);
    expect(error).toHaveProperty('resourceType', 'SERVICE_NETWORK');
  });

  it('replays the first response for the same client token, and fails the token with other parameters', async () => {
    const { lattice } = await latticeSetup();
    const first = await lattice.send(new CreateServiceNetworkCommand({ name: 'core-net', clientToken: 'tok' }));
    const again = await lattice.send(new CreateServiceNetworkCommand({ name: 'core-net', clientToken: 'tok' }));
    expect(again.id).toBe(first.id);
    await expectLatticeError(lattice.send(new CreateServiceNetworkCommand({ name: 'other-net', clientToken: 'tok' })), 'ConflictException', 409);
    await expectLatticeError(lattice.send(new CreateServiceNetworkCommand({ name: 'long-net', clientToken: 'x'.repeat(65) })), 'ValidationException');
    expect((await lattice.send(new ListServiceNetworksCommand({}))).items).toHaveLength(1);
  });

  it('creates one network when a response is lost and the SDK retries with its token', async () => {
    const { sim, lattice } = await latticeSetup({ loseCreateResponses: true });
    const retrying = sim.client(VPCLatticeClient, scope, fastRetries(3));
    const created = await retrying.send(new CreateServiceNetworkCommand({ name: 'core-net', clientToken: 'stable' }));
    expect((await lattice.send(new ListServiceNetworksCommand({}))).items!.map((n) => n.id)).toEqual([created.id]);
  });

  it('pages with maxResults and nextToken, and validates maxResults', async () => {
    const { lattice } = await latticeSetup({ pageSize: 2 });
    for (const i of [1, 2, 3, 4, 5]) await lattice.send(new CreateServiceNetworkCommand({ name: `net-${i}` }));
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListServiceNetworks({ client: lattice }, {})) {
      pages += 1;
      names.push(...page.items!.map((n) => n.name!));
    }
    expect(names.sort()).toEqual(['net-1', 'net-2', 'net-3', 'net-4', 'net-5']);
    expect(pages).toBe(3);
    await expectLatticeError(lattice.send(new ListServiceNetworksCommand({ maxResults: 101 })), 'ValidationException');
    await expectLatticeError(lattice.send(new ListServiceNetworksCommand({ nextToken: 'bogus' })), 'ValidationException');
  });

  it('updates authType, answers ResourceNotFoundException for unknown networks, and refuses to delete one with a VPC associated', async () => {
    const { lattice, vpc, advance } = await latticeSetup({ asyncDelayMs: 1000 });
    const network = await lattice.send(new CreateServiceNetworkCommand({ name: 'core-net' }));
    expect((await lattice.send(new UpdateServiceNetworkCommand({ serviceNetworkIdentifier: network.id, authType: 'AWS_IAM' }))).authType).toBe('AWS_IAM');
    await expectLatticeError(lattice.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: 'sn-0123456789abcdef0' })), 'ResourceNotFoundException', 404);
    const { vpcId } = await vpc();
    const association = await lattice.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: network.id, vpcIdentifier: vpcId }));
    expect((await lattice.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: network.id }))).numberOfAssociatedVPCs).toBe(1);
    const error = await expectLatticeError(lattice.send(new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: network.id })), 'ConflictException', 409);
    expect(error.message).toMatch(/VPC\(s\) associated/);
    await lattice.send(new DeleteServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: association.id }));
    // Still DELETE_IN_PROGRESS: still blocks.
    await expectLatticeError(lattice.send(new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: network.id })), 'ConflictException');
    advance(1000);
    await lattice.send(new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: network.id }));
    await expectLatticeError(lattice.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: network.id })), 'ResourceNotFoundException');
  });

  it('hides a new network from List and Get inside the consistency window', async () => {
    const { lattice, advance } = await latticeSetup({ consistencyDelayMs: 500 });
    const network = await lattice.send(new CreateServiceNetworkCommand({ name: 'core-net' }));
    expect((await lattice.send(new ListServiceNetworksCommand({}))).items).toEqual([]);
    await expectLatticeError(lattice.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: network.id })), 'ResourceNotFoundException');
    advance(500);
    expect((await lattice.send(new ListServiceNetworksCommand({}))).items).toHaveLength(1);
  });
});

describe('service networks and SDK-generated client tokens', () => {
  it('creates one network when a response is lost even without a caller token: the SDK retry resends its generated token', async () => {
    const { sim, lattice } = await latticeSetup({ loseCreateResponses: true });
    const retrying = sim.client(VPCLatticeClient, scope, fastRetries(3));
    const created = await retrying.send(new CreateServiceNetworkCommand({ name: 'core-net' }));
    expect((await lattice.send(new ListServiceNetworksCommand({}))).items!.map((n) => n.id)).toEqual([created.id]);
    // A new send() is a new token: an application-level retry is a second create (here: a name conflict).
    await expectLatticeError(retrying.send(new CreateServiceNetworkCommand({ name: 'core-net' })), 'ConflictException');
  });
});

describe('Lattice faults', () => {
  it('throttles with ThrottlingException 429 and fails with InternalServerException 500, both retried by the SDK', async () => {
    const { sim } = await latticeSetup({ throttleRate: 1 });
    const client = sim.client(VPCLatticeClient, scope, fastRetries(2));
    const throttled = await expectLatticeError(client.send(new ListServiceNetworksCommand({})), 'ThrottlingException', 429);
    expect(throttled.$metadata.attempts).toBe(2);
    sim.options = { ...sim.options, throttleRate: 0, serverErrorRate: 1 };
    const failed = await expectLatticeError(client.send(new ListServiceNetworksCommand({})), 'InternalServerException', 500);
    expect(failed.$metadata.attempts).toBe(2);
  });
});
