import { DeleteTaskDefinitionsCommand, DeregisterTaskDefinitionCommand, DescribeTaskDefinitionCommand, ECSClient, ListTaskDefinitionsCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { KNOWN_AFTER_APPLY } from '../../../core/diff.js';
import { desiredResource } from '../../ec2/test-helpers.js';
import { mockContext } from '../../test-context.js';
import { taskDefinitionReconciler as reconciler } from './index.js';
import { specHash } from './sdk.js';

const ecsMock = mockClient(ECSClient);
const rgtaMock = mockClient(ResourceGroupsTaggingAPIClient);
const ctx = mockContext(ECSClient).ctx;
// Clients of every class asked for (ECS and the Resource Groups Tagging API), mocked above.
const ADDRESS = 'service/api/task-definition/main';
const spec = {
  family: 'api',
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::111111111111:role/x',
  taskRoleArn: 'arn:aws:iam::111111111111:role/y',
  container: { name: 'api', image: 'api:1', port: 8080, environment: { Z: 'z', A: 'a' }, logGroup: '/g', logRegion: 'us-east-1', logStreamPrefix: 'api' },
};
const desired = desiredResource('ecs:task-definition', ADDRESS, spec);
const arn = (revision: number) => `arn:aws:ecs:us-east-1:111111111111:task-definition/api:${revision}`;
const tags = (hash: string) => [
  { Key: 'trellis:owner', Value: 'trellis' },
  { Key: 'trellis:address', Value: ADDRESS },
  { Key: 'trellis:spec-hash', Value: hash },
];

describe('ECS task definition reconciler', () => {
  beforeEach(() => {
    ecsMock.reset();
    rgtaMock.reset();
  });

  it('observes with GetResources (100 per page, owner tag) and one ListTaskDefinitions per owned family: the latest is current', async () => {
    rgtaMock.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [1, 2, 3].map((revision) => ({ ResourceARN: arn(revision), Tags: tags(`h${revision}`) })),
      PaginationToken: '',
    });
    // Revision 1 was deregistered: RGTA still lists it, ListTaskDefinitions ACTIVE does not.
    ecsMock.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [arn(2), arn(3)] });
    const observed = await reconciler.observe(ctx);
    expect(rgtaMock.commandCalls(GetResourcesCommand)[0]!.args[0].input).toEqual({
      ResourceTypeFilters: ['vpc-lattice', 'ecs:service', 'ecs:task-definition'],
      TagFilters: [{ Key: 'trellis:owner', Values: ['trellis'] }],
      ResourcesPerPage: 100,
    });
    expect(ecsMock.commandCalls(ListTaskDefinitionsCommand)[0]!.args[0].input).toEqual({ familyPrefix: 'api', status: 'ACTIVE', maxResults: 100 });
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(0);
    expect(observed.map((revision) => [revision.id, revision.version, revision.superseded ?? false, revision.tags['trellis:spec-hash']])).toEqual([
      [arn(2), 2, true, undefined],
      [arn(3), 3, false, undefined],
    ]);
  });

  it('with several families, reads the region’s ACTIVE revisions in one page when they fit, else one listing per family after it', async () => {
    const web = (revision: number) => `arn:aws:ecs:us-east-1:111111111111:task-definition/web:${revision}`;
    const foreign = 'arn:aws:ecs:us-east-1:111111111111:task-definition/other:7';
    rgtaMock.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [
        { ResourceARN: arn(1), Tags: tags('h1') },
        { ResourceARN: web(4), Tags: [...tags('h4').filter((tag) => tag.Key !== 'trellis:address'), { Key: 'trellis:address', Value: 'service/web/task-definition/main' }] },
      ],
    });
    ecsMock.on(ListTaskDefinitionsCommand, { status: 'ACTIVE', maxResults: 100 }).resolves({ taskDefinitionArns: [arn(1), foreign, web(4)] });
    const one = await reconciler.observe(ctx);
    expect(ecsMock.commandCalls(ListTaskDefinitionsCommand).map((call) => call.args[0].input)).toEqual([{ status: 'ACTIVE', maxResults: 100 }]);
    expect(one.map((revision) => revision.id).sort()).toEqual([arn(1), web(4)]);

    // Past one page: the first page tells nothing for sure, each family is listed (ARNs without tags are never kept).
    ecsMock.reset();
    ecsMock.on(ListTaskDefinitionsCommand, { status: 'ACTIVE', maxResults: 100 }).resolves({ taskDefinitionArns: [foreign], nextToken: 'more' });
    ecsMock.on(ListTaskDefinitionsCommand, { familyPrefix: 'api' }).resolves({ taskDefinitionArns: [arn(1)] });
    ecsMock.on(ListTaskDefinitionsCommand, { familyPrefix: 'web' }).resolves({ taskDefinitionArns: [] });
    const paged = await reconciler.observe(ctx);
    expect(ecsMock.commandCalls(ListTaskDefinitionsCommand).map((call) => call.args[0].input.familyPrefix ?? '(region)')).toEqual(['(region)', 'api', 'web']);
    expect(paged.map((revision) => revision.id)).toEqual([arn(1)]);
  });

  it('diffs on the spec hash: identical is empty, changed or not yet known is a new revision', () => {
    const live = { type: 'ecs:task-definition', scope: ctx.scope, id: arn(1), address: ADDRESS, tags: desired.tags, spec: { family: 'api', specHash: specHash(spec as never) }, outputs: {}, references: [] };
    expect(reconciler.diff!(desired, live)).toEqual([]);
    expect(reconciler.diff!({ ...desired, spec: { ...spec, container: { ...spec.container, environment: { A: 'a', Z: 'z' } } } }, live)).toEqual([]);
    expect(reconciler.diff!({ ...desired, spec: { ...spec, container: { ...spec.container, image: 'api:2' } } }, live)).toMatchObject([{ path: 'spec', replace: true }]);
    expect(reconciler.diff!({ ...desired, spec: { ...spec, taskRoleArn: KNOWN_AFTER_APPLY } }, live)).toMatchObject([{ replace: true }]);
  });

  it('registers with every tag and the spec hash, after checking the family’s latest revision, without SDK retries of ambiguous failures', async () => {
    const { ctx: local, sdkRetries } = mockContext(ECSClient);
    ecsMock.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [arn(4)] });
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: arn(4) }, tags: [{ key: 'trellis:owner', value: 'trellis' }] });
    ecsMock.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: arn(5), family: 'api', revision: 5 } });
    const created = await reconciler.create(local, desired, { clientToken: 't' });
    expect(created).toEqual({ id: arn(5), outputs: { arn: arn(5), family: 'api', revision: 5 } });
    expect(ecsMock.commandCalls(ListTaskDefinitionsCommand)[0]!.args[0].input).toEqual({ familyPrefix: 'api', status: 'ACTIVE', sort: 'DESC', maxResults: 1 });
    const input = ecsMock.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ family: 'api', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512' });
    expect(input.containerDefinitions![0]!.environment).toEqual([{ name: 'A', value: 'a' }, { name: 'Z', value: 'z' }]);
    expect(input.tags).toContainEqual({ key: 'trellis:spec-hash', value: specHash(spec as never) });
    expect(input.tags).toContainEqual({ key: 'trellis:address', value: ADDRESS });
    expect(sdkRetries.at(-1)).toBe(false);
  });

  const oldRevision = { type: 'ecs:task-definition', scope: ctx.scope, id: arn(1), address: ADDRESS, tags: {}, spec: {}, outputs: {}, references: [], superseded: true, version: 1 };

  it('deletes an old revision alone: its tags read now, deregister, then DeleteTaskDefinitions', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: arn(1) }, tags: tags('h1').map(({ Key, Value }) => ({ key: Key, value: Value })) });
    ecsMock.on(DeregisterTaskDefinitionCommand).resolves({});
    ecsMock.on(DeleteTaskDefinitionsCommand).resolves({ taskDefinitions: [], failures: [] });
    await reconciler.delete(ctx, oldRevision);
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)[0]!.args[0].input).toEqual({ taskDefinition: arn(1), include: ['TAGS'] });
    expect(ecsMock.commandCalls(DeregisterTaskDefinitionCommand)[0]!.args[0].input).toEqual({ taskDefinition: arn(1) });
    expect(ecsMock.commandCalls(DeleteTaskDefinitionsCommand)[0]!.args[0].input).toEqual({ taskDefinitions: [arn(1)] });
    expect(rgtaMock.commandCalls(GetResourcesCommand)).toHaveLength(0);
  });

  it('leaves a revision whose live tags no longer name this owner (released a moment ago; the tagging API still showed it as ours)', async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: arn(1) }, tags: [{ key: 'team', value: 'a' }] });
    await reconciler.delete(ctx, oldRevision);
    expect(ecsMock.commandCalls(DeregisterTaskDefinitionCommand)).toHaveLength(0);
    expect(ecsMock.commandCalls(DeleteTaskDefinitionsCommand)).toHaveLength(0);
  });
});
