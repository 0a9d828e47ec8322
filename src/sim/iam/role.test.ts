import {
  AttachRolePolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  IAMServiceException,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  paginateListRoles,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../index.js';
import { ACCOUNT_A, ACCOUNT_B, REGION, rejection } from '../test-helpers.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const inline = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

async function expectIamError(promise: Promise<unknown>, name: string, status: number): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(IAMServiceException);
  expect(error.name).toBe(name);
  expect(error.$metadata?.httpStatusCode).toBe(status);
}

function setup(options: ConstructorParameters<typeof Simulation>[0] = {}) {
  const sim = new Simulation({ seed: 9, ...options });
  const iam = sim.client(IAMClient, { account: ACCOUNT_A, region: REGION });
  const create = (RoleName: string, extra: Record<string, unknown> = {}) => iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust, ...extra }));
  return { sim, iam, create };
}

describe('IAM roles', () => {
  it('creates a role with path, tags and an ARN and role ID of the real shapes, returning policy documents URL-encoded', async () => {
    const { iam, create } = setup();
    const role = (await create('task-role', { Path: '/trellis/', Tags: [{ Key: 'owner', Value: 'trellis' }] })).Role!;
    expect(role).toMatchObject({ Path: '/trellis/', RoleName: 'task-role', Arn: `arn:aws:iam::${ACCOUNT_A}:role/trellis/task-role`, MaxSessionDuration: 3600 });
    expect(role.RoleId).toMatch(/^AROA[0-9A-F]{17}$/);
    const got = (await iam.send(new GetRoleCommand({ RoleName: 'task-role' }))).Role!;
    expect(got.AssumeRolePolicyDocument).toBe(encodeURIComponent(trust));
    expect(JSON.parse(decodeURIComponent(got.AssumeRolePolicyDocument!))).toEqual(JSON.parse(trust));
    expect(got.Tags).toEqual([{ Key: 'owner', Value: 'trellis' }]);
  });

  it('keeps role names unique case-insensitively (EntityAlreadyExists 409) and validates the path', async () => {
    const { create } = setup();
    await create('Web');
    await expectIamError(create('web'), 'EntityAlreadyExistsException', 409);
    await expectIamError(create('x', { Path: 'no-slash' }), 'ValidationError', 400);
    await expectIamError(create('y', { Path: '/no-trailing' }), 'ValidationError', 400);
    await expectIamError(create('z', { AssumeRolePolicyDocument: '{not json' }), 'MalformedPolicyDocumentException', 400);
  });

  it('lists roles by path prefix in pages without tags, with encoded documents', async () => {
    const { iam, create } = setup({ pageSize: 2 });
    for (const name of ['a', 'b', 'c']) await create(name, { Path: '/svc/', Tags: [{ Key: 'k', Value: 'v' }] });
    await create('other');
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListRoles({ client: iam }, { PathPrefix: '/svc/' })) {
      pages++;
      for (const role of page.Roles!) {
        expect(role.Tags).toBeUndefined();
        expect(role.AssumeRolePolicyDocument).toBe(encodeURIComponent(trust));
        seen.push(role.RoleName!);
      }
    }
    expect(pages).toBe(2);
    expect(seen).toEqual(['a', 'b', 'c']);
    const first = await iam.send(new ListRolesCommand({ MaxItems: 1 }));
    expect(first).toMatchObject({ IsTruncated: true });
    expect(first.Marker).toBeDefined();
  });

  it('is global: a role created through one region is seen from another, but not from another account', async () => {
    const { sim, create } = setup();
    await create('global');
    const otherRegion = sim.client(IAMClient, { account: ACCOUNT_A, region: 'us-west-2' });
    expect((await otherRegion.send(new GetRoleCommand({ RoleName: 'global' }))).Role!.RoleName).toBe('global');
    const otherAccount = sim.client(IAMClient, { account: ACCOUNT_B, region: REGION });
    await expectIamError(otherAccount.send(new GetRoleCommand({ RoleName: 'global' })), 'NoSuchEntityException', 404);
  });

  it('tags, untags and updates the trust policy', async () => {
    const { iam, create } = setup();
    await create('r');
    await iam.send(new TagRoleCommand({ RoleName: 'r', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await iam.send(new UntagRoleCommand({ RoleName: 'r', TagKeys: ['a'] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'r' }))).Tags).toEqual([{ Key: 'b', Value: '2' }]);
    const updated = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'r', PolicyDocument: updated }));
    expect(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'r' }))).Role!.AssumeRolePolicyDocument!)).toBe(updated);
    await expectIamError(iam.send(new TagRoleCommand({ RoleName: 'nope', Tags: [{ Key: 'a', Value: '1' }] })), 'NoSuchEntityException', 404);
  });

  it('refuses DeleteRole with DeleteConflict while inline or attached policies remain', async () => {
    const { iam, create } = setup();
    await create('r');
    const policyArn = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
    await iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'read', PolicyDocument: inline }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'read', PolicyDocument: inline }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: policyArn }));
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'r' }))).PolicyNames).toEqual(['read']);
    expect((await iam.send(new GetRolePolicyCommand({ RoleName: 'r', PolicyName: 'read' }))).PolicyDocument).toBe(encodeURIComponent(inline));
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'r' }))).AttachedPolicies).toEqual([
      { PolicyArn: policyArn, PolicyName: 'AmazonECSTaskExecutionRolePolicy' },
    ]);
    await expectIamError(iam.send(new DeleteRoleCommand({ RoleName: 'r' })), 'DeleteConflictException', 409);
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'r', PolicyName: 'read' }));
    await expectIamError(iam.send(new DeleteRoleCommand({ RoleName: 'r' })), 'DeleteConflictException', 409);
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'r', PolicyArn: policyArn }));
    await expectIamError(iam.send(new DetachRolePolicyCommand({ RoleName: 'r', PolicyArn: policyArn })), 'NoSuchEntityException', 404);
    await expectIamError(iam.send(new GetRolePolicyCommand({ RoleName: 'r', PolicyName: 'read' })), 'NoSuchEntityException', 404);
    await iam.send(new DeleteRoleCommand({ RoleName: 'r' }));
    await expectIamError(iam.send(new GetRoleCommand({ RoleName: 'r' })), 'NoSuchEntityException', 404);
  });
});

describe('GetAccountAuthorizationDetails', () => {
  it('lists every role with its tags, inline and attached policies (documents URL-encoded), paged by Marker', async () => {
    const { iam, create } = setup({ pageSize: 1 });
    await create('a-role', { Path: '/trellis/x/', Tags: [{ Key: 'team', Value: 'a' }] });
    await create('b-role');
    await iam.send(new PutRolePolicyCommand({ RoleName: 'a-role', PolicyName: 'read', PolicyDocument: inline }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'a-role', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const first = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], Marker: first.Marker! }));
    expect(second.IsTruncated).toBe(false);
    const details = [...first.RoleDetailList!, ...second.RoleDetailList!];
    expect(details.map((role) => role.RoleName).sort()).toEqual(['a-role', 'b-role']);
    const a = details.find((role) => role.RoleName === 'a-role')!;
    expect(a).toMatchObject({
      Path: '/trellis/x/',
      Tags: [{ Key: 'team', Value: 'a' }],
      RolePolicyList: [{ PolicyName: 'read', PolicyDocument: encodeURIComponent(inline) }],
      AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', PolicyName: 'ReadOnlyAccess' }],
      AssumeRolePolicyDocument: encodeURIComponent(trust),
    });
    // Users and groups are asked for separately: a role-only filter brings none.
    expect((await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'] }))).RoleDetailList).toEqual([]);
  });
});
