import { CreateSubnetCommand, CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type {
  RAMServiceException} from '@aws-sdk/client-ram';
import {
  AssociateResourceShareCommand,
  CreateResourceShareCommand,
  DeleteResourceShareCommand,
  DisassociateResourceShareCommand,
  GetResourceShareAssociationsCommand,
  GetResourceSharesCommand,
  IdempotentParameterMismatchException,
  InvalidNextTokenException,
  MalformedArnException,
  RAMClient,
  TagResourceCommand,
  ThrottlingException,
  UnknownResourceException,
  UntagResourceCommand,
  UpdateResourceShareCommand,
  paginateGetResourceShares,
  type ResourceShare,
} from '@aws-sdk/client-ram';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../index.js';
import { ACCOUNT_A, ACCOUNT_B, REGION, fastRetries, rejection } from '../test-helpers.js';

const scope = { account: ACCOUNT_A, region: REGION };
/** Never touched by any test: outside the simulated organization. */
const OUTSIDER = '999999999999';
const OU = 'arn:aws:organizations::111111111111:ou/o-abc123/ou-abcd-12345678';

async function setup(options: ConstructorParameters<typeof Simulation>[0] = {}) {
  const sim = new Simulation({ seed: 3, ...options });
  const ec2 = sim.client(EC2Client, scope);
  const ram = sim.client(RAMClient, scope);
  // Account B makes a call, so the simulation knows it: it is in the organization.
  await sim.client(EC2Client, { account: ACCOUNT_B, region: REGION }).send(new DescribeVpcsCommand({}));
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const subnetArns: string[] = [];
  for (const cidr of ['10.0.1.0/24', '10.0.2.0/24']) {
    subnetArns.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr }))).Subnet!.SubnetArn!);
  }
  return { sim, ec2, ram, subnetArns };
}

async function expectRamError(promise: Promise<unknown>, errorClass: new (...args: never[]) => RAMServiceException): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(errorClass);
  expect(error.name).toBe(errorClass.name);
}

const owned = (owner: string) => ({ resourceOwner: 'SELF' as const, tagFilters: [{ tagKey: 'trellis:owner', tagValues: [owner] }] });

describe('CreateResourceShare', () => {
  it('creates an ACTIVE share with an ARN of the real shape, tags, and external principals allowed by default', async () => {
    const { ram } = await setup();
    const { resourceShare } = await ram.send(new CreateResourceShareCommand({ name: 'core', tags: [{ key: 'team', value: 'net' }] }));
    expect(resourceShare!.resourceShareArn).toMatch(
      new RegExp(`^arn:aws:ram:${REGION}:${ACCOUNT_A}:resource-share/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`),
    );
    expect(resourceShare).toMatchObject({
      name: 'core',
      owningAccountId: ACCOUNT_A,
      allowExternalPrincipals: true,
      status: 'ACTIVE',
      tags: [{ key: 'team', value: 'net' }],
    });
  });

  it('replays the original share for a repeated client token, and rejects the token with other parameters', async () => {
    const { ram } = await setup();
    const first = await ram.send(new CreateResourceShareCommand({ name: 'core', clientToken: 't-1' }));
    const again = await ram.send(new CreateResourceShareCommand({ name: 'core', clientToken: 't-1' }));
    expect(again.resourceShare!.resourceShareArn).toBe(first.resourceShare!.resourceShareArn);
    expect((await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }))).resourceShares).toHaveLength(1);
    await expectRamError(ram.send(new CreateResourceShareCommand({ name: 'other', clientToken: 't-1' })), IdempotentParameterMismatchException);
  });

  it('creates nothing once when the response is lost: the SDK retry with the same token gets the same share', async () => {
    const { sim, ram } = await setup();
    sim.options = { ...sim.options, loseCreateResponses: true };
    const retrying = sim.client(RAMClient, scope, fastRetries(3));
    const { resourceShare } = await retrying.send(new CreateResourceShareCommand({ name: 'core', clientToken: 'lost-once' }));
    const { resourceShares } = await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }));
    expect(resourceShares!.map((s) => s.resourceShareArn)).toEqual([resourceShare!.resourceShareArn]);
  });

  it('rejects a subnet that does not exist, a subnet of another account, and a string that is not an ARN', async () => {
    const { ram, subnetArns } = await setup();
    const missing = `arn:aws:ec2:${REGION}:${ACCOUNT_A}:subnet/subnet-0123456789abcdef0`;
    const foreign = subnetArns[0]!.replace(ACCOUNT_A, ACCOUNT_B);
    await expectRamError(ram.send(new CreateResourceShareCommand({ name: 'x', resourceArns: [missing] })), UnknownResourceException);
    await expectRamError(ram.send(new CreateResourceShareCommand({ name: 'x', resourceArns: [foreign] })), UnknownResourceException);
    await expectRamError(ram.send(new CreateResourceShareCommand({ name: 'x', resourceArns: ['subnet-1'] })), MalformedArnException);
    expect((await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }))).resourceShares).toEqual([]);
  });
});

describe('GetResourceShares', () => {
  it('filters by tag on the server and pages through every match', async () => {
    const { ram } = await setup({ pageSize: 2 });
    for (const [i, owner] of ['trellis', 'trellis', 'other', 'trellis', 'trellis', 'trellis'].entries()) {
      await ram.send(new CreateResourceShareCommand({ name: `s${i}`, tags: [{ key: 'trellis:owner', value: owner }] }));
    }
    const shares: ResourceShare[] = [];
    let pages = 0;
    for await (const page of paginateGetResourceShares({ client: ram }, owned('trellis'))) {
      pages += 1;
      shares.push(...(page.resourceShares ?? []));
    }
    expect(shares.map((s) => s.name).sort()).toEqual(['s0', 's1', 's3', 's4', 's5']);
    expect(pages).toBe(3);
    const byKey = await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', tagFilters: [{ tagKey: 'trellis:owner' }], maxResults: 500 }));
    expect(byKey.nextToken).toBeDefined(); // page size 2 still applies
  });

  it('rejects a nextToken it did not issue and maxResults above 500', async () => {
    const { ram } = await setup();
    await expectRamError(ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', nextToken: 'bogus' })), InvalidNextTokenException);
    const error = await rejection(ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', maxResults: 501 })));
    expect(error.name).toBe('InvalidParameterException');
  });

  it('lists shares other accounts share with the caller under OTHER-ACCOUNTS', async () => {
    const { sim, ram } = await setup();
    const { resourceShare } = await ram.send(new CreateResourceShareCommand({ name: 'core', principals: [ACCOUNT_B] }));
    const ramB = sim.client(RAMClient, { account: ACCOUNT_B, region: REGION });
    const { resourceShares } = await ramB.send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }));
    expect(resourceShares!.map((s) => s.resourceShareArn)).toEqual([resourceShare!.resourceShareArn]);
    expect((await ramB.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }))).resourceShares).toEqual([]);
  });
});

describe('UpdateResourceShare and tags', () => {
  it('renames and changes allowExternalPrincipals in place; tags are added and removed by key', async () => {
    const { ram } = await setup();
    const arn = (await ram.send(new CreateResourceShareCommand({ name: 'a', tags: [{ key: 'k', value: 'v' }] }))).resourceShare!.resourceShareArn!;
    const { resourceShare } = await ram.send(new UpdateResourceShareCommand({ resourceShareArn: arn, name: 'b', allowExternalPrincipals: false }));
    expect(resourceShare).toMatchObject({ resourceShareArn: arn, name: 'b', allowExternalPrincipals: false });
    await ram.send(new TagResourceCommand({ resourceShareArn: arn, tags: [{ key: 'x', value: '1' }] }));
    await ram.send(new UntagResourceCommand({ resourceShareArn: arn, tagKeys: ['k'] }));
    const [share] = (await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', resourceShareArns: [arn] }))).resourceShares!;
    expect(share!.tags).toEqual([{ key: 'x', value: '1' }]);
  });

  it('answers UnknownResourceException for a share that does not exist', async () => {
    const { ram } = await setup();
    const arn = `arn:aws:ram:${REGION}:${ACCOUNT_A}:resource-share/00000000-0000-4000-8000-000000000000`;
    await expectRamError(ram.send(new UpdateResourceShareCommand({ resourceShareArn: arn, name: 'b' })), UnknownResourceException);
    await expectRamError(ram.send(new DeleteResourceShareCommand({ resourceShareArn: arn })), UnknownResourceException);
    await expectRamError(ram.send(new TagResourceCommand({ resourceShareArn: arn, tags: [{ key: 'k', value: 'v' }] })), UnknownResourceException);
  });
});

describe('associations', () => {
  async function associations(ram: RAMClient, arn: string, type: 'PRINCIPAL' | 'RESOURCE') {
    const out = await ram.send(new GetResourceShareAssociationsCommand({ associationType: type, resourceShareArns: [arn] }));
    return Object.fromEntries(out.resourceShareAssociations!.map((a) => [a.associatedEntity, a.status]));
  }

  it('associates ASSOCIATING then ASSOCIATED, and disassociates DISASSOCIATING then DISASSOCIATED, after asyncDelayMs', async () => {
    const { sim, ram, subnetArns } = await setup({ asyncDelayMs: 60_000 });
    const { resourceShare } = await ram.send(new CreateResourceShareCommand({ name: 'core', resourceArns: [subnetArns[0]!], principals: [ACCOUNT_B] }));
    const arn = resourceShare!.resourceShareArn!;
    expect(await associations(ram, arn, 'RESOURCE')).toEqual({ [subnetArns[0]!]: 'ASSOCIATING' });
    sim.options = { ...sim.options, asyncDelayMs: 0 };
    expect(await associations(ram, arn, 'RESOURCE')).toEqual({ [subnetArns[0]!]: 'ASSOCIATED' });
    expect(await associations(ram, arn, 'PRINCIPAL')).toEqual({ [ACCOUNT_B]: 'ASSOCIATED' });

    sim.options = { ...sim.options, asyncDelayMs: 60_000 };
    const out = await ram.send(new DisassociateResourceShareCommand({ resourceShareArn: arn, principals: [ACCOUNT_B] }));
    expect(out.resourceShareAssociations!.map((a) => a.status)).toEqual(['DISASSOCIATING']);
    const added = await ram.send(new AssociateResourceShareCommand({ resourceShareArn: arn, resourceArns: [subnetArns[1]!] }));
    expect(added.resourceShareAssociations!.map((a) => a.status)).toEqual(['ASSOCIATING']);
    sim.options = { ...sim.options, asyncDelayMs: 0 };
    expect(await associations(ram, arn, 'PRINCIPAL')).toEqual({ [ACCOUNT_B]: 'DISASSOCIATED' });
    expect(await associations(ram, arn, 'RESOURCE')).toEqual({ [subnetArns[0]!]: 'ASSOCIATED', [subnetArns[1]!]: 'ASSOCIATED' });
  });

  it('fails the association of an account outside the organization when external principals are not allowed', async () => {
    const { ram } = await setup();
    const { resourceShare } = await ram.send(
      new CreateResourceShareCommand({ name: 'core', allowExternalPrincipals: false, principals: [ACCOUNT_B, OUTSIDER, OU] }),
    );
    const out = await ram.send(
      new GetResourceShareAssociationsCommand({ associationType: 'PRINCIPAL', resourceShareArns: [resourceShare!.resourceShareArn!] }),
    );
    const byEntity = Object.fromEntries(out.resourceShareAssociations!.map((a) => [a.associatedEntity, a]));
    expect(byEntity[ACCOUNT_B]).toMatchObject({ status: 'ASSOCIATED', external: false });
    expect(byEntity[OU]).toMatchObject({ status: 'ASSOCIATED', external: false });
    expect(byEntity[OUTSIDER]).toMatchObject({ status: 'FAILED', external: true });
    expect(byEntity[OUTSIDER]!.statusMessage).toMatch(/outside your organization/);
  });

  it('associates an outside account when external principals are allowed, marking it external, pending its invitation', async () => {
    const { ram } = await setup();
    const { resourceShare } = await ram.send(new CreateResourceShareCommand({ name: 'core', principals: [OUTSIDER] }));
    const out = await ram.send(
      new GetResourceShareAssociationsCommand({ associationType: 'PRINCIPAL', resourceShareArns: [resourceShare!.resourceShareArn!] }),
    );
    expect(out.resourceShareAssociations).toMatchObject([{ associatedEntity: OUTSIDER, status: 'ASSOCIATING', external: true }]);
  });

  it('lists the associations of many shares in one paginated call', async () => {
    const { ram, subnetArns } = await setup({ pageSize: 2 });
    const arns: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { resourceShare } = await ram.send(new CreateResourceShareCommand({ name: `s${i}`, resourceArns: subnetArns }));
      arns.push(resourceShare!.resourceShareArn!);
    }
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ram.send(new GetResourceShareAssociationsCommand({ associationType: 'RESOURCE', resourceShareArns: arns, nextToken }));
      expect(page.resourceShareAssociations!.length).toBeLessThanOrEqual(2);
      seen.push(...page.resourceShareAssociations!.map((a) => `${a.resourceShareArn} ${a.associatedEntity}`));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it('rejects disassociating an entity that is not associated, without changing the others', async () => {
    const { ram, subnetArns } = await setup();
    const arn = (await ram.send(new CreateResourceShareCommand({ name: 'core', principals: [ACCOUNT_B] }))).resourceShare!.resourceShareArn!;
    await expectRamError(
      ram.send(new DisassociateResourceShareCommand({ resourceShareArn: arn, principals: [ACCOUNT_B], resourceArns: [subnetArns[0]!] })),
      UnknownResourceException,
    );
    expect(await associations(ram, arn, 'PRINCIPAL')).toEqual({ [ACCOUNT_B]: 'ASSOCIATED' });
  });
});

describe('DeleteResourceShare', () => {
  it('goes DELETING then DELETED, stays listed as DELETED, and disassociates everything', async () => {
    const { sim, ram, subnetArns } = await setup({ asyncDelayMs: 60_000 });
    const arn = (await ram.send(new CreateResourceShareCommand({ name: 'core', resourceArns: [subnetArns[0]!] }))).resourceShare!.resourceShareArn!;
    expect((await ram.send(new DeleteResourceShareCommand({ resourceShareArn: arn }))).returnValue).toBe(true);
    const status = async () => (await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }))).resourceShares!.map((s) => s.status);
    expect(await status()).toEqual(['DELETING']);
    const again = await rejection(ram.send(new DeleteResourceShareCommand({ resourceShareArn: arn })));
    expect(again.name).toBe('InvalidStateTransitionException');
    sim.options = { ...sim.options, asyncDelayMs: 0 };
    expect(await status()).toEqual(['DELETED']);
    const deleted = await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', resourceShareStatus: 'ACTIVE' }));
    expect(deleted.resourceShares).toEqual([]);
    const out = await ram.send(new GetResourceShareAssociationsCommand({ associationType: 'RESOURCE', resourceShareArns: [arn] }));
    expect(out.resourceShareAssociations!.map((a) => a.status)).toEqual(['DISASSOCIATED']);
    await expectRamError(ram.send(new DeleteResourceShareCommand({ resourceShareArn: arn })), UnknownResourceException);
  });
});

describe('faults', () => {
  it('throttles with the modeled ThrottlingException (HTTP 429) that the SDK retries', async () => {
    const { sim } = await setup();
    sim.options = { ...sim.options, throttleRate: 1 };
    const ram = sim.client(RAMClient, scope, fastRetries(3));
    const error = await rejection(ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' })));
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(error.$metadata?.httpStatusCode).toBe(429);
    expect(sim.calls.count('RAM:GetResourceShares')).toBe(3);
  });
});

describe('subnets are shared only inside the organization', () => {
  it('refuses a share of subnets with an account outside it, at create and at associate; nothing is created', async () => {
    const { ram, subnetArns } = await setup();
    const outside = await rejection(ram.send(new CreateResourceShareCommand({ name: 'subnets', resourceArns: subnetArns, principals: [OUTSIDER] })));
    expect([outside.name, outside.message]).toEqual(['OperationNotPermittedException', expect.stringMatching(/can only be shared within your AWS Organization/)]);
    expect((await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }))).resourceShares).toEqual([]);

    // Inside the organization: accepted; adding the outsider afterwards is refused the same way.
    const { resourceShare } = await ram.send(new CreateResourceShareCommand({ name: 'subnets', resourceArns: subnetArns, principals: [ACCOUNT_B] }));
    const added = await rejection(ram.send(new AssociateResourceShareCommand({ resourceShareArn: resourceShare!.resourceShareArn!, principals: [OUTSIDER] })));
    expect(added.name).toBe('OperationNotPermittedException');
    const associations = await ram.send(new GetResourceShareAssociationsCommand({ associationType: 'PRINCIPAL', resourceShareArns: [resourceShare!.resourceShareArn!] }));
    expect(associations.resourceShareAssociations!.map((a) => a.associatedEntity)).toEqual([ACCOUNT_B]);
  });
});
