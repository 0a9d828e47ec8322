import { CreateClusterCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateVpcEndpointServiceConfigurationCommand } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetResourcesCommand, paginateGetResources, ResourceGroupsTaggingAPIClient, type GetResourcesCommandInput } from '@aws-sdk/client-resource-groups-tagging-api';
import { describe, expect, it } from 'vitest';
import { elbFixture } from './elbv2/fixtures.js';
import { ACCOUNT_A, REGION, rejection } from './test-helpers.js';

const scope = { account: ACCOUNT_A, region: REGION };

async function setup(options = {}) {
  const fixture = await elbFixture({ pageSize: 2, ...options }, scope);
  const rgta = fixture.sim.client(ResourceGroupsTaggingAPIClient, scope);
  const ecs = fixture.sim.client(ECSClient, scope);
  const nlb = (await fixture.createNlb('nlb', { Tags: [{ Key: 'owner', Value: 'trellis' }, { Key: 'env', Value: 'prod' }] })).LoadBalancerArn!;
  const tg = (await fixture.createTargetGroup('tg', { Tags: [{ Key: 'owner', Value: 'trellis' }, { Key: 'env', Value: 'dev' }] })).TargetGroupArn!;
  await fixture.createTargetGroup('untagged');
  const cluster = (await ecs.send(new CreateClusterCommand({ clusterName: 'c', tags: [{ key: 'owner', value: 'other' }] }))).cluster!.clusterArn!;
  const taskDefinition = (
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'f', containerDefinitions: [{ name: 'a', image: 'i' }], tags: [{ key: 'owner', value: 'trellis' }] }))
  ).taskDefinition!.taskDefinitionArn!;
  const service = (
    await fixture.ec2.send(
      new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: [nlb], TagSpecifications: [{ ResourceType: 'vpc-endpoint-service', Tags: [{ Key: 'owner', Value: 'trellis' }] }] }),
    )
  ).ServiceConfiguration!.ServiceId!;
  await fixture.sim.client(IAMClient, scope).send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: '{"Statement":[]}', Tags: [{ Key: 'owner', Value: 'trellis' }] }));
  const all = async (input: GetResourcesCommandInput) => {
    const arns: string[] = [];
    for await (const page of paginateGetResources({ client: rgta }, input)) arns.push(...page.ResourceTagMappingList!.map((m) => m.ResourceARN!));
    return arns.sort();
  };
  return { ...fixture, rgta, nlb, tg, cluster, taskDefinition, service, all };
}

describe('Resource Groups Tagging API GetResources', () => {
  it('lists tagged resources of every module, ANDing tag filters across keys and ORing values, without IAM roles', async () => {
    const { all, nlb, tg, taskDefinition, service, cluster } = await setup();
    const endpointServiceArn = `arn:aws:ec2:${REGION}:${ACCOUNT_A}:vpc-endpoint-service/${service}`;
    expect(await all({ TagFilters: [{ Key: 'owner', Values: ['trellis'] }] })).toEqual([endpointServiceArn, taskDefinition, nlb, tg].sort());
    expect(await all({ TagFilters: [{ Key: 'owner', Values: ['trellis'] }, { Key: 'env', Values: ['prod', 'staging'] }] })).toEqual([nlb]);
    expect(await all({ TagFilters: [{ Key: 'env' }] })).toEqual([nlb, tg].sort());
    expect(await all({})).toEqual([cluster, endpointServiceArn, taskDefinition, nlb, tg].sort());
  });

  it('filters by service or service:type and pages with ResourcesPerPage and an empty final PaginationToken', async () => {
    const { rgta, all, nlb, tg, taskDefinition, cluster, service } = await setup();
    expect(await all({ ResourceTypeFilters: ['elasticloadbalancing:loadbalancer'] })).toEqual([nlb]);
    expect(await all({ ResourceTypeFilters: ['elasticloadbalancing'] })).toEqual([nlb, tg].sort());
    expect(await all({ ResourceTypeFilters: ['ecs:task-definition', 'ecs:cluster'] })).toEqual([cluster, taskDefinition].sort());
    expect(await all({ ResourceTypeFilters: ['ec2:vpc-endpoint-service'] })).toEqual([`arn:aws:ec2:${REGION}:${ACCOUNT_A}:vpc-endpoint-service/${service}`]);
    const first = await rgta.send(new GetResourcesCommand({ ResourcesPerPage: 1 }));
    expect(first.ResourceTagMappingList).toHaveLength(1);
    expect(first.PaginationToken).not.toBe('');
    const last = await rgta.send(new GetResourcesCommand({ ResourceTypeFilters: ['elasticloadbalancing:loadbalancer'] }));
    expect(last.PaginationToken).toBe('');
    expect((await rejection(rgta.send(new GetResourcesCommand({ ResourcesPerPage: 101 })))).name).toBe('InvalidParameterException');
  });

  it('hides resources younger than taggingLagMs', async () => {
    const { sim, all, nlb } = await setup();
    sim.options.taggingLagMs = 60_000;
    expect(await all({ ResourceTypeFilters: ['elasticloadbalancing:loadbalancer'] })).toEqual([]);
    sim.options.taggingLagMs = 0;
    expect(await all({ ResourceTypeFilters: ['elasticloadbalancing:loadbalancer'] })).toEqual([nlb]);
  });
});
