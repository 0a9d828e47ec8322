import { ECSClient, ListTaskDefinitionsCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../sim/index.js';
import { desiredResource, SCOPE, simContext } from '../../ec2/test-helpers.js';
import { engineRun } from '../test-engine.js';
import { taskDefinitionReconciler as reconciler } from './index.js';

const ADDRESS = 'service/api/task-definition/main';
const spec = (image: string) => ({
  family: 'api',
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::111111111111:role/trellis/trellis/api-execution',
  taskRoleArn: 'arn:aws:iam::111111111111:role/trellis/trellis/api-task',
  container: {
    name: 'api',
    image,
    port: 8080,
    environment: { B: '2', A: '1' },
    healthCheck: { command: 'curl -f http://localhost:8080/health', intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 10 },
    logGroup: '/trellis/api',
    logRegion: 'us-east-1',
    logStreamPrefix: 'api',
  },
});
const desired = (image: string) => desiredResource('ecs:task-definition', ADDRESS, spec(image));
const registry = [reconciler];

async function activeRevisions(sim: Simulation): Promise<string[]> {
  const out = await sim.client(ECSClient, SCOPE).send(new ListTaskDefinitionsCommand({ familyPrefix: 'api', status: 'ACTIVE' }));
  return (out.taskDefinitionArns ?? []).map((arn) => arn.slice(arn.lastIndexOf('/') + 1));
}

describe('ECS task definition reconciler (simulation, through the engine)', () => {
  it('registers one revision per change, none for an identical spec, and deregisters revisions past the kept three', async () => {
    const sim = new Simulation({ seed: 1, pageSize: 100 });
    const first = await engineRun(sim, registry, [desired('api:1')], 'r1');
    expect(first.applied.failures).toEqual([]);
    expect(await activeRevisions(sim)).toEqual(['api:1']);

    sim.calls.reset();
    const same = await engineRun(sim, registry, [desired('api:1')], 'r2');
    expect(same.plan.summary).toMatchObject({ noop: 1, replace: 0 });
    expect(sim.calls.mutating()).toBe(0);
    // Observe: one GetResources and one ListTaskDefinitions for the family; no DescribeTaskDefinition.
    expect(sim.calls.byOperation()).toMatchObject({ 'ResourceGroupsTaggingAPI:GetResources': 1, 'ECS:ListTaskDefinitions': 1 });
    expect(sim.calls.count('ECS:DescribeTaskDefinition')).toBe(0);

    sim.calls.reset();
    const changed = await engineRun(sim, registry, [desired('api:2')], 'r3');
    expect(changed.applied.failures).toEqual([]);
    expect(changed.plan.summary).toMatchObject({ replace: 1 });
    expect(sim.calls.count('ECS:RegisterTaskDefinition')).toBe(1);
    expect(await activeRevisions(sim)).toEqual(['api:1', 'api:2']);

    for (const [index, image] of ['api:3', 'api:4', 'api:5'].entries()) {
      expect((await engineRun(sim, registry, [desired(image)], `r${index + 4}`)).applied.failures).toEqual([]);
    }
    // The current revision and the three before it (`keep` counts old versions); api:1 was
    // deregistered (and deleted) by the engine.
    expect(await activeRevisions(sim)).toEqual(['api:2', 'api:3', 'api:4', 'api:5']);
    expect((await engineRun(sim, registry, [desired('api:5')], 'r9')).plan.summary).toMatchObject({ noop: 1, delete: 0 });

    // Removing it removes every revision.
    const gone = await engineRun(sim, registry, [], 'r10', [SCOPE]);
    expect(gone.applied.failures).toEqual([]);
    expect(await activeRevisions(sim)).toEqual([]);
  });

  it('sends a Fargate awsvpc definition with sorted environment, CMD-SHELL health check, awslogs and every tag', async () => {
    const { sim, ctx } = await simContext({});
    const created = await reconciler.create(ctx, desired('api:1'), { clientToken: 't' });
    expect(created.outputs).toMatchObject({ family: 'api', revision: 1 });
    const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs');
    const out = await sim.client(ECSClient, SCOPE).send(new DescribeTaskDefinitionCommand({ taskDefinition: created.id, include: ['TAGS'] }));
    const definition = out.taskDefinition!;
    expect(definition).toMatchObject({ requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512' });
    const container = definition.containerDefinitions![0]!;
    expect(container.environment).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    expect(container.healthCheck!.command).toEqual(['CMD-SHELL', 'curl -f http://localhost:8080/health']);
    expect(container.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/trellis/api', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'api', 'awslogs-create-group': 'true' },
    });
    expect(Object.fromEntries(out.tags!.map((tag) => [tag.key, tag.value]))).toMatchObject({ 'trellis:owner': 'trellis', 'trellis:address': ADDRESS, 'trellis:spec-hash': expect.any(String) });
    // A retried create (lost response) returns the revision already registered for this spec.
    expect((await reconciler.create(ctx, desired('api:1'), { clientToken: 't' })).id).toBe(created.id);
    expect(await activeRevisions(sim)).toEqual(['api:1']);
  });

  it('finds a revision RGTA does not list yet through ListTaskDefinitions of an owned family, and ignores foreign revisions', async () => {
    const { sim, ctx } = await simContext({ pageSize: 100, taggingLagMs: 60_000 });
    await reconciler.create(ctx, desired('api:1'), { clientToken: 't' });
    sim.advance(60_000);
    await reconciler.create(ctx, desired('api:2'), { clientToken: 't' });
    // Registered out of band without our tags: ignored, though it is the family's latest revision.
    await sim.client(ECSClient, SCOPE).send(new RegisterTaskDefinitionCommand({ family: 'api', containerDefinitions: [{ name: 'api', image: 'x' }], tags: [{ key: 'other', value: 'x' }] }));
    sim.calls.reset();
    const observed = await reconciler.observe(ctx);
    expect(observed.map((revision) => [revision.id.split('/').pop(), revision.superseded ?? false, revision.version])).toEqual([
      ['api:1', true, 1],
      ['api:2', false, 2],
    ]);
    // One describe for each revision RGTA does not list yet (api:2 and the foreign api:3).
    expect(sim.calls.count('ECS:DescribeTaskDefinition')).toBe(2);
  });
});
