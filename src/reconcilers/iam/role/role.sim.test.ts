import { GetRolePolicyCommand, IAMClient, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { GLOBAL_REGION } from '../../../core/types.js';
import { Simulation } from '../../../sim/index.js';
import { engineRun } from '../../ecs/test-engine.js';
import { desiredResource, SCOPE, simContext } from '../../ec2/test-helpers.js';
import { roleReconciler as reconciler } from './index.js';

const ADDRESS = 'service/api/iam-role/task';
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const read = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::bucket/*' }] };
const spec = (overrides: Record<string, unknown> = {}) => ({
  roleName: 'api-task',
  path: '/trellis/trellis/',
  assumeRolePolicy: trust,
  managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'],
  inlinePolicies: { read },
  ...overrides,
});
const desired = (overrides: Record<string, unknown> = {}) => desiredResource('iam:role', ADDRESS, spec(overrides));
const registry = [reconciler];
const GLOBAL = { account: SCOPE.account, region: GLOBAL_REGION };

describe('IAM role reconciler (simulation, through the engine)', () => {
  it('creates with tags and policies, is in sync, plans nothing for a reformatted policy, updates narrowly and deletes', async () => {
    const sim = new Simulation({ seed: 1, pageSize: 2 });
    const first = await engineRun(sim, registry, [desired()], 'r1');
    expect(first.applied.failures).toEqual([]);
    expect(first.plan.summary).toMatchObject({ create: 1 });
    const mutating = sim.calls.mutatingOperations();
    expect(mutating).toEqual({ 'IAM:CreateRole': 1, 'IAM:AttachRolePolicy': 1, 'IAM:PutRolePolicy': 1 });

    // IAM answers documents URL-encoded; they are decoded before comparing.
    const iam = sim.client(IAMClient, SCOPE);
    expect((await iam.send(new GetRolePolicyCommand({ RoleName: 'api-task', PolicyName: 'read' }))).PolicyDocument).toMatch(/^%7B/);
    sim.calls.reset();
    const second = await engineRun(sim, registry, [desired()], 'r2');
    expect(second.plan.summary).toMatchObject({ noop: 1 });
    expect(sim.calls.mutating()).toBe(0);
    // Observe cost: one GetAccountAuthorizationDetails (the account's roles with tags and policies), nothing per role.
    const iamCalls = Object.fromEntries(Object.entries(sim.calls.byOperation()).filter(([operation]) => operation.startsWith('IAM:')));
    expect(iamCalls).toEqual({ 'IAM:GetAccountAuthorizationDetails': 1 });

    // Reformatted but equal: one Statement object, a single-element list, other key order and spacing.
    const reformatted = { Statement: { Action: 'STS:AssumeRole', Principal: { Service: ['ecs-tasks.amazonaws.com'] }, Effect: 'Allow' }, Version: '2012-10-17' };
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'api-task', PolicyDocument: JSON.stringify(reformatted, null, 4) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'api-task', PolicyName: 'read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Resource: ['arn:aws:s3:::bucket/*'], Action: 's3:getobject', Effect: 'Allow' }] }) }));
    expect((await engineRun(sim, registry, [desired()], 'r3')).plan.summary).toMatchObject({ noop: 1 });

    sim.calls.reset();
    const write = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] };
    const changed = await engineRun(sim, registry, [desired({ managedPolicyArns: [], inlinePolicies: { write } })], 'r4');
    expect(changed.applied.failures).toEqual([]);
    expect(changed.plan.changes[0]!.diff.map((change) => change.path).sort()).toEqual(['inlinePolicies', 'managedPolicyArns']);
    expect(sim.calls.mutatingOperations()).toEqual({ 'IAM:DetachRolePolicy': 1, 'IAM:PutRolePolicy': 1, 'IAM:DeleteRolePolicy': 1 });

    const gone = await engineRun(sim, registry, [], 'r5', [GLOBAL]);
    expect(gone.applied.failures).toEqual([]);
    expect(gone.plan.summary).toMatchObject({ delete: 1 });
    const { ctx } = await simContext({}, GLOBAL, sim);
    expect(await reconciler.observe(ctx)).toEqual([]);
  });

  it('adopts its own role on EntityAlreadyExists, refuses anyone else’s', async () => {
    const { ctx } = await simContext({}, GLOBAL);
    const wanted = { ...desired(), scope: GLOBAL };
    const created = await reconciler.create(ctx, wanted, { clientToken: 't' });
    const again = await reconciler.create(ctx, wanted, { clientToken: 't' });
    expect(again.id).toBe(created.id);
    const other = { ...wanted, address: 'service/other/iam-role/task', tags: { ...wanted.tags, 'trellis:address': 'service/other/iam-role/task' } };
    await expect(reconciler.create(ctx, other, { clientToken: 't' })).rejects.toThrow(/already exists and is not this resource/);
  });
});
