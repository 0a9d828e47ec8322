import { CreateSubnetCommand, CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  AssociateResourceShareCommand,
  CreateResourceShareCommand,
  DeleteResourceShareCommand,
  DisassociateResourceShareCommand,
  GetResourceShareAssociationsCommand,
  GetResourceSharesCommand,
  RAMClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateResourceShareCommand,
  type ResourceShareAssociation,
} from '@aws-sdk/client-ram';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mockContext, simContext } from '../../test-context.js';
import { diffResource, KNOWN_AFTER_APPLY } from '../../../core/diff.js';
import type { DesiredResource, ObservedResource } from '../../../core/types.js';
import { Simulation } from '../../../sim/index.js';
import { resourceShareReconciler as reconciler } from './index.js';

const scope = { account: '111111111111', region: 'eu-west-1' };
const ADDRESS = 'network/core/resource-share/subnets';
const SUBNET_A = 'arn:aws:ec2:eu-west-1:111111111111:subnet/subnet-0aaaaaaaaaaaaaaaa';
const SUBNET_B = 'arn:aws:ec2:eu-west-1:111111111111:subnet/subnet-0bbbbbbbbbbbbbbbb';
const OU = 'arn:aws:organizations::111111111111:ou/o-abc123/ou-abcd-12345678';
const SHARE_ARN = 'arn:aws:ram:eu-west-1:111111111111:resource-share/3f2a9c6e-1d4b-4c1a-9e7f-0a1b2c3d4e5f';

function desired(spec: Partial<Record<string, unknown>> = {}): DesiredResource {
  return {
    address: ADDRESS,
    type: 'ram:resource-share',
    scope,
    spec: { name: 'core-subnets', allowExternalPrincipals: false, resourceArns: [SUBNET_A, SUBNET_B], principals: ['222222222222', OU], ...spec },
    tags: { Name: 'core-subnets', 'trellis:owner': 'trellis', 'trellis:address': ADDRESS },
    source: { file: 'net.json', pointer: '/spec/shareWith' },
    deletionPolicy: 'Delete',
    ignoreDrift: [],
    mode: 'enforce',
  };
}

function observed(spec: Partial<Record<string, unknown>> = {}): ObservedResource {
  return {
    type: 'ram:resource-share',
    scope,
    id: SHARE_ARN,
    address: ADDRESS,
    tags: { Name: 'core-subnets', 'trellis:owner': 'trellis', 'trellis:address': ADDRESS },
    spec: { name: 'core-subnets', allowExternalPrincipals: false, resourceArns: [SUBNET_A, SUBNET_B], principals: ['222222222222', OU], ...spec },
    outputs: { id: SHARE_ARN, arn: SHARE_ARN },
    references: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
  };
}

describe('resource share reconciler (SDK calls)', () => {
  const ramMock = mockClient(RAMClient);
  const { ctx } = mockContext(RAMClient, scope);

  beforeEach(() => {
    ramMock.reset();
  });
  // The mock replaces `send` on every RAMClient; the simulation-backed tests below need the real one.
  afterAll(() => {
    ramMock.restore();
  });

  it('creates with name, allowExternalPrincipals false, resources, principals, every tag and the client token in one call', async () => {
    ramMock.on(CreateResourceShareCommand).resolves({ resourceShare: { resourceShareArn: SHARE_ARN, status: 'ACTIVE' } });
    const created = await reconciler.create(ctx, desired(), { clientToken: 'token-1' });
    expect(created).toEqual({ id: SHARE_ARN, outputs: { id: SHARE_ARN, arn: SHARE_ARN } });
    expect(ramMock.calls()).toHaveLength(1);
    expect(ramMock.commandCalls(CreateResourceShareCommand)[0]!.args[0].input).toEqual({
      name: 'core-subnets',
      allowExternalPrincipals: false,
      resourceArns: [SUBNET_A, SUBNET_B],
      principals: ['222222222222', OU],
      tags: [
        { key: 'Name', value: 'core-subnets' },
        { key: 'trellis:owner', value: 'trellis' },
        { key: 'trellis:address', value: ADDRESS },
      ],
      clientToken: 'token-1',
    });
  });

  it('reports no change, and makes no call, when principals and resources are only reordered', async () => {
    const reordered = desired({ principals: [OU, '222222222222'], resourceArns: [SUBNET_B, SUBNET_A] });
    const changes = diffResource(reconciler, reordered, observed());
    expect(changes).toEqual([]);
    await reconciler.update(ctx, reordered, observed(), changes);
    expect(ramMock.calls()).toHaveLength(0);
  });

  it('adds and removes principals and resources with one Associate and one Disassociate call', async () => {
    ramMock.on(AssociateResourceShareCommand).resolves({});
    ramMock.on(DisassociateResourceShareCommand).resolves({});
    const want = desired({ principals: ['333333333333', '444444444444', OU], resourceArns: [SUBNET_A] });
    const live = observed({ principals: ['222222222222', OU], resourceArns: [SUBNET_B] });
    const changes = diffResource(reconciler, want, live);
    expect(changes.map((change) => change.path).sort()).toEqual(['principals', 'resourceArns']);
    await reconciler.update(ctx, want, live, changes);
    expect(ramMock.commandCalls(AssociateResourceShareCommand).map((call) => call.args[0].input)).toEqual([
      { resourceShareArn: SHARE_ARN, principals: ['333333333333', '444444444444'], resourceArns: [SUBNET_A] },
    ]);
    expect(ramMock.commandCalls(DisassociateResourceShareCommand).map((call) => call.args[0].input)).toEqual([
      { resourceShareArn: SHARE_ARN, principals: ['222222222222'], resourceArns: [SUBNET_B] },
    ]);
    expect(ramMock.commandCalls(UpdateResourceShareCommand)).toHaveLength(0);
  });

  it('renames and turns off external principals in place with one UpdateResourceShare, after removing principals', async () => {
    ramMock.on(UpdateResourceShareCommand).resolves({});
    ramMock.on(DisassociateResourceShareCommand).resolves({});
    const want = desired({ name: 'renamed', principals: [OU] });
    const live = observed({ allowExternalPrincipals: true });
    const changes = diffResource(reconciler, want, live);
    expect(changes.every((change) => !change.replace)).toBe(true);
    await reconciler.update(ctx, want, live, changes);
    expect(ramMock.commandCalls(UpdateResourceShareCommand)[0]!.args[0].input).toEqual({
      resourceShareArn: SHARE_ARN,
      name: 'renamed',
      allowExternalPrincipals: false,
    });
    const order = ramMock.calls().map((call) => call.args[0].constructor.name);
    expect(order).toEqual(['DisassociateResourceShareCommand', 'UpdateResourceShareCommand']);
  });

  it('applies tag changes with TagResource and UntagResource on the share', async () => {
    ramMock.on(TagResourceCommand).resolves({});
    ramMock.on(UntagResourceCommand).resolves({});
    const want = { ...desired(), tags: { ...desired().tags, team: 'net', Name: 'x' } };
    const live = { ...observed(), tags: { ...observed().tags, stale: '1' } };
    await reconciler.update(ctx, want, live, diffResource(reconciler, want, live));
    expect(ramMock.commandCalls(TagResourceCommand)[0]!.args[0].input).toEqual({
      resourceShareArn: SHARE_ARN,
      tags: [{ key: 'Name', value: 'x' }, { key: 'team', value: 'net' }],
    });
    expect(ramMock.commandCalls(UntagResourceCommand)[0]!.args[0].input).toEqual({ resourceShareArn: SHARE_ARN, tagKeys: ['stale'] });
  });

  it('plans a change while a resource ARN is not known before apply', () => {
    const changes = diffResource(reconciler, desired({ resourceArns: [SUBNET_A, KNOWN_AFTER_APPLY] }), observed({ resourceArns: [SUBNET_A] }));
    expect(changes.map((change) => change.path)).toEqual(['resourceArns']);
  });

  it('deletes by share ARN and releases by removing only the trellis tags', async () => {
    ramMock.on(DeleteResourceShareCommand).resolves({ returnValue: true });
    ramMock.on(UntagResourceCommand).resolves({});
    await reconciler.delete(ctx, observed());
    expect(ramMock.commandCalls(DeleteResourceShareCommand)[0]!.args[0].input).toEqual({ resourceShareArn: SHARE_ARN });
    await reconciler.release(ctx, observed());
    expect(ramMock.commandCalls(UntagResourceCommand)[0]!.args[0].input).toEqual({
      resourceShareArn: SHARE_ARN,
      tagKeys: ['trellis:owner', 'trellis:address', 'trellis:deletion-policy'],
    });
  });

  describe('observe', () => {
    const arnOf = (i: number) => `arn:aws:ram:eu-west-1:111111111111:resource-share/00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

    function mockShares(count: number) {
      const shares = Array.from({ length: count }, (_, i) => ({
        resourceShareArn: arnOf(i),
        name: `share-${i}`,
        allowExternalPrincipals: false,
        status: 'ACTIVE' as const,
        tags: [
          { key: 'trellis:owner', value: 'trellis' },
          { key: 'trellis:address', value: `network/n${i}/resource-share/subnets` },
        ],
      }));
      // Deleted shares stay listed for a while.
      shares.push({ ...shares[0]!, resourceShareArn: arnOf(9999), status: 'DELETED' as never });
      ramMock.on(GetResourceSharesCommand).resolves({ resourceShares: shares });
      ramMock.on(GetResourceShareAssociationsCommand).callsFake((input: { associationType: string; resourceShareArns: string[] }) => ({
        resourceShareAssociations: input.resourceShareArns.flatMap((arn): ResourceShareAssociation[] =>
          input.associationType === 'PRINCIPAL'
            ? [
                { resourceShareArn: arn, associatedEntity: '333333333333', associationType: 'PRINCIPAL', status: 'ASSOCIATING' },
                { resourceShareArn: arn, associatedEntity: '222222222222', associationType: 'PRINCIPAL', status: 'ASSOCIATED' },
                { resourceShareArn: arn, associatedEntity: '999999999999', associationType: 'PRINCIPAL', status: 'FAILED' },
                { resourceShareArn: arn, associatedEntity: '555555555555', associationType: 'PRINCIPAL', status: 'DISASSOCIATED' },
              ]
            : [{ resourceShareArn: arn, associatedEntity: SUBNET_A, associationType: 'RESOURCE', status: 'ASSOCIATED' }],
        ),
      }));
    }

    it('lists owned shares by tag on the server, skips deleted ones, and counts only live associations', async () => {
      mockShares(1);
      const [share, ...rest] = await reconciler.observe(ctx);
      expect(rest).toEqual([]);
      expect(ramMock.commandCalls(GetResourceSharesCommand)[0]!.args[0].input).toMatchObject({
        resourceOwner: 'SELF',
        tagFilters: [{ tagKey: 'trellis:owner', tagValues: ['trellis'] }],
        maxResults: 500,
      });
      expect(share).toMatchObject({
        id: arnOf(0),
        address: 'network/n0/resource-share/subnets',
        spec: { name: 'share-0', allowExternalPrincipals: false, principals: ['222222222222', '333333333333'], resourceArns: [SUBNET_A] },
        outputs: { id: arnOf(0), arn: arnOf(0) },
        references: ['subnet-0aaaaaaaaaaaaaaaa'],
      });
    });

    it('makes one association listing per type for all shares, not one per share', async () => {
      mockShares(250);
      const found = await reconciler.observe(ctx);
      expect(found).toHaveLength(250);
      expect(ramMock.commandCalls(GetResourceSharesCommand)).toHaveLength(1);
      const listings = ramMock.commandCalls(GetResourceShareAssociationsCommand).map((call) => call.args[0].input);
      // 250 shares in chunks of 100 ARNs: 3 requests per association type.
      expect(listings).toHaveLength(6);
      for (const type of ['PRINCIPAL', 'RESOURCE']) {
        const arns = listings.filter((input) => input.associationType === type).flatMap((input) => input.resourceShareArns ?? []);
        expect(new Set(arns).size).toBe(250);
      }
    });

    it('makes a single call when the owner has no shares', async () => {
      ramMock.on(GetResourceSharesCommand).resolves({ resourceShares: [] });
      expect(await reconciler.observe(ctx)).toEqual([]);
      expect(ramMock.calls()).toHaveLength(1);
    });
  });
});

describe('resource share reconciler against the simulation', () => {
  const owner = { account: '111111111111', region: 'eu-west-1' };
  const consumer = '222222222222';
  const other = '333333333333';

  async function setup() {
    const sim = new Simulation({ seed: 1, pageSize: 2 });
    // Consumer accounts make a call, so the simulation counts them in the organization.
    for (const account of [consumer, other]) await sim.client(EC2Client, { account, region: owner.region }).send(new DescribeVpcsCommand({}));
    const { ctx } = await simContext({}, owner, sim);
    const ec2 = sim.client(EC2Client, owner);
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const subnets: { id: string; arn: string }[] = [];
    for (const [i, cidr] of ['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24'].entries()) {
      const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: `eu-west-1${'abc'[i]}` }));
      subnets.push({ id: Subnet!.SubnetId!, arn: Subnet!.SubnetArn! });
    }
    return { sim, ctx, subnets, ram: sim.client(RAMClient, owner) };
  }

  const want = (subnetArns: string[], principals: string[]): DesiredResource => ({
    ...desired({ resourceArns: subnetArns, principals }),
    scope: owner,
  });

  it('creates, observes, repairs a principal removed out of band, and deletes a subnet share', async () => {
    const { sim, ctx, subnets, ram } = await setup();
    const spec = want(subnets.map((s) => s.arn), [consumer, other]);

    const created = await reconciler.create(ctx, spec, { clientToken: 'run-1' });
    const [live, ...more] = await reconciler.observe(ctx);
    expect(more).toEqual([]);
    expect(live).toMatchObject({ id: created.id, address: ADDRESS, outputs: created.outputs });
    expect(live!.references).toEqual(expect.arrayContaining(subnets.map((s) => s.id)));
    expect(diffResource(reconciler, spec, live!)).toEqual([]);
    expect(await reconciler.findByAddress(ctx, ADDRESS)).toHaveLength(1);

    // Someone removes a principal outside trellis.
    await ram.send(new DisassociateResourceShareCommand({ resourceShareArn: created.id, principals: [other] }));
    const [drifted] = await reconciler.observe(ctx);
    const changes = diffResource(reconciler, spec, drifted!);
    expect(changes).toEqual([{ path: 'principals', from: [consumer], to: [consumer, other], replace: false }]);

    sim.calls.reset();
    await reconciler.update(ctx, spec, drifted!, changes);
    expect(sim.calls.mutatingOperations()).toEqual({ 'RAM:AssociateResourceShare': 1 });
    const [repaired] = await reconciler.observe(ctx);
    expect(diffResource(reconciler, spec, repaired!)).toEqual([]);

    // Drop one subnet from the share: a single disassociation.
    const fewer = want([subnets[0]!.arn, subnets[1]!.arn], [consumer, other]);
    const shrink = diffResource(reconciler, fewer, repaired!);
    sim.calls.reset();
    await reconciler.update(ctx, fewer, repaired!, shrink);
    expect(sim.calls.mutatingOperations()).toEqual({ 'RAM:DisassociateResourceShare': 1 });
    const [shrunk] = await reconciler.observe(ctx);
    expect(shrunk!.references).not.toContain(subnets[2]!.id);

    await reconciler.delete(ctx, shrunk!);
    expect(await reconciler.observe(ctx)).toEqual([]);
    // The deleted share is still listed by AWS, as DELETED.
    const listed = await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }));
    expect(listed.resourceShares!.map((s) => s.status)).toEqual(['DELETED']);
  });

  it('replays the created share when the create is repeated with the run token', async () => {
    const { ctx, subnets } = await setup();
    const spec = want([subnets[0]!.arn], [consumer]);
    const first = await reconciler.create(ctx, spec, { clientToken: 'run-1' });
    const again = await reconciler.create(ctx, spec, { clientToken: 'run-1' });
    expect(again.id).toBe(first.id);
    expect(await reconciler.observe(ctx)).toHaveLength(1);
  });

  it('shows an account outside the organization as drift when external principals are not allowed', async () => {
    const { ctx } = await setup();
    // No subnet in it: a subnet share with an outside account is refused outright (docs/aws-behaviour.md §6).
    const spec = want([], [consumer, '999999999999']);
    await reconciler.create(ctx, spec, { clientToken: 'run-1' });
    const [live] = await reconciler.observe(ctx);
    expect(live!.spec.principals).toEqual([consumer]);
    expect(diffResource(reconciler, spec, live!).map((change) => change.path)).toEqual(['principals']);
  });

  it('observes many shares with a number of calls that grows only by pagination', async () => {
    const { sim, ctx, subnets } = await setup();
    for (let i = 0; i < 5; i++) {
      await reconciler.create(ctx, { ...want([subnets[i % 3]!.arn], [consumer]), address: `network/n${i}/resource-share/subnets` }, { clientToken: `t-${i}` });
    }
    sim.calls.reset();
    const found = await reconciler.observe(ctx);
    expect(found).toHaveLength(5);
    // Page size 2: 5 shares → 3 pages; 5 associations of each type → 3 pages each.
    expect(sim.calls.byOperation()).toEqual({ 'RAM:GetResourceShares': 3, 'RAM:GetResourceShareAssociations': 6 });
  });
});

describe('resource share readiness (SDK calls)', () => {
  const ramMock = mockClient(RAMClient);
  const { ctx } = mockContext(RAMClient, scope);
  const OTHER = SHARE_ARN.replace('3f2a', '4f2a');
  const THIRD = SHARE_ARN.replace('3f2a', '5f2a');
  beforeEach(() => ramMock.reset());
  afterAll(() => ramMock.restore());

  it('is ready once no association is ASSOCIATING, failed on FAILED; one call per association type for every share', async () => {
    const row = (resourceShareArn: string, status: ResourceShareAssociation['status'], associatedEntity: string): ResourceShareAssociation => ({ resourceShareArn, status, associatedEntity });
    ramMock.on(GetResourceShareAssociationsCommand, { associationType: 'PRINCIPAL' }).resolves({
      resourceShareAssociations: [row(SHARE_ARN, 'ASSOCIATED', '222222222222'), row(OTHER, 'ASSOCIATING', '333333333333'), row(THIRD, 'ASSOCIATING', '333333333333')],
    });
    ramMock.on(GetResourceShareAssociationsCommand, { associationType: 'RESOURCE' }).resolves({
      resourceShareAssociations: [row(SHARE_ARN, 'ASSOCIATED', SUBNET_A), row(OTHER, 'FAILED', SUBNET_B)],
    });
    const states = await reconciler.readiness!.check(ctx, [SHARE_ARN, OTHER, THIRD]);
    expect(states.get(SHARE_ARN)).toBe('ready');
    expect(states.get(OTHER)).toEqual({ failed: expect.stringContaining(SUBNET_B) });
    expect(states.get(THIRD)).toBe('pending');
    expect(ramMock.commandCalls(GetResourceShareAssociationsCommand).map((call) => call.args[0].input)).toEqual([
      expect.objectContaining({ associationType: 'PRINCIPAL', resourceShareArns: [SHARE_ARN, OTHER, THIRD] }),
      expect.objectContaining({ associationType: 'RESOURCE', resourceShareArns: [SHARE_ARN, OTHER, THIRD] }),
    ]);
  });
});
