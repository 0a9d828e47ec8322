import { CreateSubnetCommand, CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  AcceptResourceShareInvitationCommand,
  CreateResourceShareCommand,
  GetResourceShareAssociationsCommand,
  GetResourceShareInvitationsCommand,
  GetResourceSharesCommand,
  IdempotentParameterMismatchException,
  ListResourcesCommand,
  RAMClient,
  RejectResourceShareInvitationCommand,
  ResourceShareInvitationAlreadyAcceptedException,
  ResourceShareInvitationAlreadyRejectedException,
  ResourceShareInvitationArnNotFoundException,
  ResourceShareInvitationExpiredException,
} from '@aws-sdk/client-ram';
import {
  CreateResourceConfigurationCommand,
  CreateResourceGatewayCommand,
  CreateServiceNetworkCommand,
  CreateServiceNetworkVpcAssociationCommand, ListServiceNetworksCommand, VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../core/clock.js';
import { Simulation } from '../index.js';
import type { SimOptions } from '../options.js';
import { ACCOUNT_A, ACCOUNT_B, REGION, rejection } from '../test-helpers.js';
import { INVITATION_TTL_MS } from './resource-share.js';

const OUTSIDER = '999999999999';
const owner = { account: ACCOUNT_A, region: REGION };

afterEach(() => {
  vi.useRealTimers();
});

async function setup(options: SimOptions = {}) {
  const sim = new Simulation({ seed: 5, ...options }, undefined, undefined, new VirtualClock(Date.parse('2026-01-01T00:00:00Z')));
  // Account B has made a call: with the default organization model it is a member.
  await sim.client(EC2Client, { account: ACCOUNT_B, region: REGION }).send(new DescribeVpcsCommand({}));
  const lattice = sim.client(VPCLatticeClient, owner);
  const network = await lattice.send(new CreateServiceNetworkCommand({ name: 'shared-net' }));
  const ram = sim.client(RAMClient, owner);
  const share = async (principal: string) =>
    (await ram.send(new CreateResourceShareCommand({ name: 'net', resourceArns: [network.arn!], principals: [principal] }))).resourceShare!;
  return { sim, ram, network, share, ramOf: (account: string) => sim.client(RAMClient, { account, region: REGION }) };
}

describe('RAM invitations', () => {
  it('inside an organization with sharing enabled, associates the account directly and creates no invitation', async () => {
    const { ram, share, ramOf } = await setup();
    const created = await share(ACCOUNT_B);
    const associations = await ram.send(new GetResourceShareAssociationsCommand({ associationType: 'PRINCIPAL', resourceShareArns: [created.resourceShareArn!] }));
    expect(associations.resourceShareAssociations).toMatchObject([{ associatedEntity: ACCOUNT_B, status: 'ASSOCIATED', external: false }]);
    expect((await ramOf(ACCOUNT_B).send(new GetResourceShareInvitationsCommand({}))).resourceShareInvitations).toEqual([]);
    const shared = await ramOf(ACCOUNT_B).send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }));
    expect(shared.resourceShares!.map((s) => s.resourceShareArn)).toEqual([created.resourceShareArn]);
  });

  it('invites an account outside the organization: PENDING, ASSOCIATING, invisible to it until it accepts', async () => {
    const { sim, ram, network, share, ramOf } = await setup();
    const created = await share(OUTSIDER);
    const outsider = ramOf(OUTSIDER);
    const { resourceShareInvitations } = await outsider.send(new GetResourceShareInvitationsCommand({}));
    expect(resourceShareInvitations).toMatchObject([
      { resourceShareArn: created.resourceShareArn, resourceShareName: 'net', senderAccountId: ACCOUNT_A, receiverAccountId: OUTSIDER, status: 'PENDING' },
    ]);
    const invitationArn = resourceShareInvitations![0]!.resourceShareInvitationArn!;
    expect(invitationArn).toMatch(new RegExp(`^arn:aws:ram:${REGION}:${ACCOUNT_A}:resource-share-invitation/[0-9a-f-]{36}$`));
    const principals = () => ram.send(new GetResourceShareAssociationsCommand({ associationType: 'PRINCIPAL', resourceShareArns: [created.resourceShareArn!] }));
    expect((await principals()).resourceShareAssociations![0]).toMatchObject({ status: 'ASSOCIATING', external: true });
    expect((await outsider.send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }))).resourceShares).toEqual([]);
    const outsiderLattice = sim.client(VPCLatticeClient, { account: OUTSIDER, region: REGION });
    expect((await outsiderLattice.send(new ListServiceNetworksCommand({}))).items).toEqual([]);

    const accepted = await outsider.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: invitationArn, clientToken: 'acc-1' }));
    expect(accepted.resourceShareInvitation).toMatchObject({ status: 'ACCEPTED', resourceShareArn: created.resourceShareArn });
    expect((await principals()).resourceShareAssociations![0]).toMatchObject({ status: 'ASSOCIATED' });
    const shared = await outsider.send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }));
    expect(shared.resourceShares).toMatchObject([{ resourceShareArn: created.resourceShareArn, status: 'ACTIVE', owningAccountId: ACCOUNT_A }]);
    expect((await outsiderLattice.send(new ListServiceNetworksCommand({}))).items!.map((n) => n.arn)).toEqual([network.arn]);
    const resources = await outsider.send(new ListResourcesCommand({ resourceOwner: 'OTHER-ACCOUNTS', resourceType: 'vpc-lattice:ServiceNetwork' }));
    expect(resources.resources).toMatchObject([{ arn: network.arn, type: 'vpc-lattice:ServiceNetwork', resourceShareArn: created.resourceShareArn }]);
  });

  it('lets the invited account associate its VPC with the shared network only after accepting', async () => {
    const { sim, network, share, ramOf } = await setup();
    await share(OUTSIDER);
    const vpcId = (await sim.client(EC2Client, { account: OUTSIDER, region: REGION }).send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc!.VpcId!;
    const lattice = sim.client(VPCLatticeClient, { account: OUTSIDER, region: REGION });
    const associate = () => lattice.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: network.arn, vpcIdentifier: vpcId }));
    expect((await rejection(associate())).name).toBe('ResourceNotFoundException');
    const outsider = ramOf(OUTSIDER);
    const arn = (await outsider.send(new GetResourceShareInvitationsCommand({}))).resourceShareInvitations![0]!.resourceShareInvitationArn!;
    await outsider.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: arn }));
    expect((await associate()).status).toBe('ACTIVE');
  });

  it('answers the documented errors for an accepted, rejected, expired or unknown invitation, and a reused client token', async () => {
    const { sim, share, ramOf } = await setup();
    await share(OUTSIDER);
    const outsider = ramOf(OUTSIDER);
    const arn = (await outsider.send(new GetResourceShareInvitationsCommand({}))).resourceShareInvitations![0]!.resourceShareInvitationArn!;
    await outsider.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: arn, clientToken: 't' }));
    // Same token, same request: the original answer.
    expect((await outsider.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: arn, clientToken: 't' }))).resourceShareInvitation!.status).toBe('ACCEPTED');
    expect(await rejection(outsider.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: arn })))).toBeInstanceOf(
      ResourceShareInvitationAlreadyAcceptedException,
    );
    const unknown = arn.replace(/[0-9a-f]{12}$/, '000000000000');
    expect(await rejection(outsider.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: unknown })))).toBeInstanceOf(
      ResourceShareInvitationArnNotFoundException,
    );
    expect(await rejection(outsider.send(new RejectResourceShareInvitationCommand({ resourceShareInvitationArn: unknown, clientToken: 't' })))).toBeInstanceOf(
      ResourceShareInvitationArnNotFoundException,
    );

    await share('888888888888');
    const other = ramOf('888888888888');
    const second = (await other.send(new GetResourceShareInvitationsCommand({}))).resourceShareInvitations![0]!.resourceShareInvitationArn!;
    expect((await other.send(new RejectResourceShareInvitationCommand({ resourceShareInvitationArn: second, clientToken: 'r' }))).resourceShareInvitation!.status).toBe('REJECTED');
    const elsewhere = second.replace(/[0-9a-f]{12}$/, '111111111111');
    expect(await rejection(other.send(new RejectResourceShareInvitationCommand({ resourceShareInvitationArn: elsewhere, clientToken: 'r' })))).toBeInstanceOf(
      IdempotentParameterMismatchException,
    );
    expect(await rejection(other.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: second })))).toBeInstanceOf(
      ResourceShareInvitationAlreadyRejectedException,
    );

    await share('777777777777');
    const late = ramOf('777777777777');
    const third = (await late.send(new GetResourceShareInvitationsCommand({}))).resourceShareInvitations![0]!.resourceShareInvitationArn!;
    sim.advance(INVITATION_TTL_MS);
    expect((await late.send(new GetResourceShareInvitationsCommand({ resourceShareInvitationArns: [third] }))).resourceShareInvitations![0]!.status).toBe('EXPIRED');
    expect(await rejection(late.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: third })))).toBeInstanceOf(
      ResourceShareInvitationExpiredException,
    );
  });

  it('invites even a member account when organization sharing is disabled, and pages the invitations', async () => {
    const { ram, network, ramOf } = await setup({ ramOrganizationSharing: false, pageSize: 1 });
    for (const name of ['a', 'b', 'c']) {
      await ram.send(new CreateResourceShareCommand({ name, resourceArns: [network.arn!], principals: [ACCOUNT_B] }));
    }
    const member = ramOf(ACCOUNT_B);
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await member.send(new GetResourceShareInvitationsCommand({ nextToken, maxResults: 10 }));
      expect(page.resourceShareInvitations!.length).toBeLessThanOrEqual(1);
      seen.push(...page.resourceShareInvitations!.map((i) => i.resourceShareName!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen.sort()).toEqual(['a', 'b', 'c']);
  });

  it('shares a resource configuration: listed with its RAM type and as a RESOURCE association', async () => {
    const { sim, ram, ramOf } = await setup();
    const ec2 = sim.client(EC2Client, owner);
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.5.0.0/16' }))).Vpc!.VpcId!;
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.5.1.0/24' }))).Subnet!.SubnetId!;
    const lattice = sim.client(VPCLatticeClient, owner);
    const gateway = await lattice.send(new CreateResourceGatewayCommand({ name: 'db-gw', vpcIdentifier: vpcId, subnetIds: [subnetId] }));
    const configuration = await lattice.send(
      new CreateResourceConfigurationCommand({
        name: 'orders-db',
        type: 'SINGLE',
        resourceGatewayIdentifier: gateway.id,
        resourceConfigurationDefinition: { ipResource: { ipAddress: '10.5.1.20' } },
        portRanges: ['5432'],
      }),
    );
    const created = await ram.send(new CreateResourceShareCommand({ name: 'db', resourceArns: [configuration.arn!], principals: [ACCOUNT_B] }));
    const associations = await ram.send(new GetResourceShareAssociationsCommand({ associationType: 'RESOURCE', resourceArn: configuration.arn }));
    expect(associations.resourceShareAssociations).toMatchObject([{ associatedEntity: configuration.arn, resourceShareArn: created.resourceShare!.resourceShareArn, status: 'ASSOCIATED' }]);
    const own = await ram.send(new ListResourcesCommand({ resourceOwner: 'SELF', resourceType: 'vpc-lattice:ResourceConfiguration' }));
    expect(own.resources).toMatchObject([{ arn: configuration.arn, type: 'vpc-lattice:ResourceConfiguration' }]);
    const theirs = await ramOf(ACCOUNT_B).send(new ListResourcesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }));
    expect(theirs.resources!.map((r) => r.arn)).toEqual([configuration.arn]);
  });

  it('treats exactly the listed accounts as the organization when organizationAccounts is set', async () => {
    const { ramOf, share } = await setup({ organizationAccounts: [ACCOUNT_A, OUTSIDER] });
    await share(OUTSIDER);
    await share(ACCOUNT_B);
    expect((await ramOf(OUTSIDER).send(new GetResourceShareInvitationsCommand({}))).resourceShareInvitations).toEqual([]);
    expect((await ramOf(ACCOUNT_B).send(new GetResourceShareInvitationsCommand({}))).resourceShareInvitations).toHaveLength(1);
  });
});
