import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { GLOBAL_REGION } from '../../../core/types.js';
import { desiredResource } from '../../ec2/test-helpers.js';
import { mockContext } from '../../test-context.js';
import { roleReconciler as reconciler } from './index.js';

const iamMock = mockClient(IAMClient);
const { ctx } = mockContext(IAMClient, { account: '111111111111', region: GLOBAL_REGION });
const ADDRESS = 'service/api/iam-role/task';
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const read = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
const MANAGED = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const spec = { roleName: 'api-task', path: '/trellis/trellis/', assumeRolePolicy: trust, managedPolicyArns: [MANAGED], inlinePolicies: { read } };
const desired = desiredResource('iam:role', ADDRESS, spec);
const ARN = 'arn:aws:iam::111111111111:role/trellis/trellis/api-task';
const ours = [
  { Key: 'trellis:owner', Value: 'trellis' },
  { Key: 'trellis:address', Value: ADDRESS },
];
const encoded = (document: unknown) => encodeURIComponent(JSON.stringify(document));

describe('IAM role reconciler', () => {
  beforeEach(() => iamMock.reset());

  it('observes every role with one paginated GetAccountAuthorizationDetails, keeping owned roles under the owner path and decoding URL-encoded documents', async () => {
    iamMock
      .on(GetAccountAuthorizationDetailsCommand)
      .resolvesOnce({
        RoleDetailList: [
          {
            RoleName: 'api-task',
            Path: '/trellis/trellis/',
            Arn: ARN,
            AssumeRolePolicyDocument: encoded(trust),
            Tags: ours,
            AttachedManagedPolicies: [{ PolicyArn: MANAGED, PolicyName: 'ReadOnlyAccess' }],
            RolePolicyList: [{ PolicyName: 'read', PolicyDocument: encoded(read) }],
          },
          { RoleName: 'foreign', Path: '/trellis/trellis/', Arn: 'arn:aws:iam::111111111111:role/trellis/trellis/foreign', Tags: [{ Key: 'trellis:owner', Value: 'other' }] },
        ],
        IsTruncated: true,
        Marker: 'm1',
      })
      .resolvesOnce({ RoleDetailList: [{ RoleName: 'elsewhere', Path: '/', Arn: 'arn:aws:iam::111111111111:role/elsewhere', Tags: ours }], IsTruncated: false });
    const observed = await reconciler.observe(ctx);
    expect(iamMock.commandCalls(GetAccountAuthorizationDetailsCommand).map((call) => call.args[0].input)).toEqual([
      { Filter: ['Role'], MaxItems: 1000 },
      { Filter: ['Role'], MaxItems: 1000, Marker: 'm1' },
    ]);
    // Nothing per role: no tag or policy reads.
    expect(iamMock.commandCalls(ListRoleTagsCommand)).toHaveLength(0);
    expect(iamMock.commandCalls(GetRolePolicyCommand)).toHaveLength(0);
    // Only the owned role under the owner path (not another owner's, nor one outside the path).
    expect(observed).toHaveLength(1);
    expect(observed[0]).toMatchObject({ id: ARN, address: ADDRESS, spec: { assumeRolePolicy: trust, managedPolicyArns: [MANAGED], inlinePolicies: { read } }, outputs: { arn: ARN, name: 'api-task' } });
    expect(reconciler.diff!(desired, observed[0]!)).toEqual([]);
  });

  it('diffs policies semantically: a reformatted document is no change, another one is', () => {
    const live = {
      type: 'iam:role',
      scope: ctx.scope,
      id: ARN,
      address: ADDRESS,
      tags: desired.tags,
      spec: { ...spec, assumeRolePolicy: { Statement: { Action: ['sts:assumerole'], Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' } }, Version: '2012-10-17' } },
      outputs: { arn: ARN, name: 'api-task' },
      references: [],
    };
    expect(reconciler.diff!(desired, live)).toEqual([]);
    const changed = { ...live, spec: { ...live.spec, inlinePolicies: { read: { ...read, Statement: [{ ...read.Statement[0], Action: 's3:PutObject' }] } } } };
    expect(reconciler.diff!(desired, changed).map((change) => change.path)).toEqual(['inlinePolicies']);
  });

  it('creates with Path, plain-JSON trust policy and every tag, returning the spec for the engine to converge policies', async () => {
    iamMock.on(CreateRoleCommand).resolves({ Role: { RoleName: 'api-task', Path: '/trellis/trellis/', Arn: ARN, AssumeRolePolicyDocument: encoded(trust), RoleId: 'r', CreateDate: new Date() } });
    const created = await reconciler.create(ctx, desired, { clientToken: 't' });
    const input = iamMock.commandCalls(CreateRoleCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ RoleName: 'api-task', Path: '/trellis/trellis/', AssumeRolePolicyDocument: JSON.stringify(trust) });
    expect(input.Tags).toEqual([{ Key: 'Name', Value: 'task' }, ...[...ours].reverse()]);
    expect(created.spec).toMatchObject({ managedPolicyArns: [], inlinePolicies: {} });
    expect(iamMock.commandCalls(AttachRolePolicyCommand)).toHaveLength(0);
  });

  it('adopts on EntityAlreadyExists only with our owner and address tags', async () => {
    iamMock.on(CreateRoleCommand).rejects(new EntityAlreadyExistsException({ message: 'exists', $metadata: {} }));
    iamMock.on(GetRoleCommand).resolvesOnce({ Role: { RoleName: 'api-task', Path: '/trellis/trellis/', Arn: ARN, RoleId: 'r', CreateDate: new Date(), Tags: ours } });
    expect((await reconciler.create(ctx, desired, { clientToken: 't' })).id).toBe(ARN);
    iamMock.on(GetRoleCommand).resolves({ Role: { RoleName: 'api-task', Path: '/', Arn: ARN, RoleId: 'r', CreateDate: new Date(), Tags: [] } });
    await expect(reconciler.create(ctx, desired, { clientToken: 't' })).rejects.toThrow(/already exists and is not this resource/);
  });

  it('updates only the changed fields', async () => {
    iamMock.onAnyCommand().resolves({});
    const live = { type: 'iam:role', scope: ctx.scope, id: ARN, address: ADDRESS, tags: {}, spec: { ...spec, managedPolicyArns: ['arn:aws:iam::aws:policy/Old'], inlinePolicies: { old: read } }, outputs: { arn: ARN, name: 'api-task' }, references: [] };
    const changes = reconciler.diff!(desired, live);
    await reconciler.update(ctx, desired, live, [...changes, { path: 'tags.team', from: undefined, to: 'x', replace: false }]);
    expect(iamMock.commandCalls(UpdateAssumeRolePolicyCommand)).toHaveLength(0);
    expect(iamMock.commandCalls(AttachRolePolicyCommand).map((call) => call.args[0].input.PolicyArn)).toEqual([MANAGED]);
    expect(iamMock.commandCalls(DetachRolePolicyCommand).map((call) => call.args[0].input.PolicyArn)).toEqual(['arn:aws:iam::aws:policy/Old']);
    expect(iamMock.commandCalls(PutRolePolicyCommand).map((call) => [call.args[0].input.PolicyName, call.args[0].input.PolicyDocument])).toEqual([['read', JSON.stringify(read)]]);
    expect(iamMock.commandCalls(DeleteRolePolicyCommand).map((call) => call.args[0].input.PolicyName)).toEqual(['old']);
    expect(iamMock.commandCalls(TagRoleCommand)[0]!.args[0].input.Tags).toEqual([{ Key: 'team', Value: 'x' }]);
  });

  it('detaches and deletes policies before DeleteRole', async () => {
    iamMock.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: MANAGED }] });
    iamMock.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['read'] });
    iamMock.on(GetRolePolicyCommand).resolves({ PolicyDocument: encoded(read) });
    iamMock.on(DetachRolePolicyCommand).resolves({});
    iamMock.on(DeleteRolePolicyCommand).resolves({});
    iamMock.on(DeleteRoleCommand).resolves({});
    await reconciler.delete(ctx, { type: 'iam:role', scope: ctx.scope, id: ARN, address: ADDRESS, tags: {}, spec: {}, outputs: { arn: ARN, name: 'api-task' }, references: [] });
    const order = iamMock.calls().map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name);
    expect(order.filter((name) => /Detach|DeleteRole/.test(name))).toEqual(['DetachRolePolicyCommand', 'DeleteRolePolicyCommand', 'DeleteRoleCommand']);
  });
});
