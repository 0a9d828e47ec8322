import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  paginateListTaskDefinitions,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../index.js';
import { ACCOUNT_A, REGION, rejection } from '../test-helpers.js';

const scope = { account: ACCOUNT_A, region: REGION };
const container = { name: 'app', image: 'nginx', essential: true };

async function setup(pageSize = 50) {
  const ecs = new Simulation({ seed: 2, pageSize }).client(ECSClient, scope);
  const register = async (family: string) =>
    (await ecs.send(new RegisterTaskDefinitionCommand({ family, containerDefinitions: [container], tags: [{ key: 'k', value: family }] }))).taskDefinition!;
  return { ecs, register };
}

describe('ECS task definitions', () => {
  it('counts revisions up per family, even after deregistering', async () => {
    const { ecs, register } = await setup();
    expect((await register('web')).taskDefinitionArn).toBe(`arn:aws:ecs:${REGION}:${ACCOUNT_A}:task-definition/web:1`);
    expect((await register('web')).revision).toBe(2);
    const deregistered = (await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:2' }))).taskDefinition!;
    expect(deregistered.status).toBe('INACTIVE');
    expect((await register('web')).revision).toBe(3);
    expect((await register('api')).revision).toBe(1);
  });

  it('describes the latest ACTIVE revision of a family, with tags on request', async () => {
    const { ecs, register } = await setup();
    await register('web');
    await register('web');
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:2' }));
    const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web', include: ['TAGS'] }));
    expect(out.taskDefinition).toMatchObject({ family: 'web', revision: 1, status: 'ACTIVE', containerDefinitions: [container] });
    expect(out.tags).toEqual([{ key: 'k', value: 'web' }]);
    const error = await rejection(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope:1' })));
    expect(error.name).toBe('ClientException');
  });

  it('lists by family and status, sorted either way, in pages', async () => {
    const { ecs, register } = await setup(2);
    for (const family of ['web', 'api', 'web', 'web', 'api']) await register(family);
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:1' }));
    const arns: string[] = [];
    for await (const page of paginateListTaskDefinitions({ client: ecs }, {})) arns.push(...page.taskDefinitionArns!);
    expect(arns.map((a) => a.split('/')[1])).toEqual(['api:1', 'api:2', 'web:2', 'web:3']);
    const desc: string[] = [];
    for await (const page of paginateListTaskDefinitions({ client: ecs }, { familyPrefix: 'web', sort: 'DESC' })) desc.push(...page.taskDefinitionArns!);
    expect(desc.map((a) => a.split('/')[1])).toEqual(['web:3', 'web:2']);
    const inactive = await ecs.send(new ListTaskDefinitionsCommand({ status: 'INACTIVE' }));
    expect(inactive.taskDefinitionArns!.map((a) => a.split('/')[1])).toEqual(['web:1']);
    expect((await rejection(ecs.send(new ListTaskDefinitionsCommand({ maxResults: 101 })))).name).toBe('InvalidParameterException');
  });

  it('deletes only INACTIVE revisions, reporting ACTIVE ones as failures', async () => {
    const { ecs, register } = await setup();
    await register('web');
    await register('web');
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:1' }));
    const out = await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['web:1', 'web:2'] }));
    expect(out.taskDefinitions!.map((t) => [t.revision, t.status])).toEqual([[1, 'DELETE_IN_PROGRESS']]);
    expect(out.failures).toHaveLength(1);
    expect(out.failures![0]!.arn).toContain('task-definition/web:2');
  });
});
