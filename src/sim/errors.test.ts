import { ECSClient, ECSServiceException, ListClustersCommand } from '@aws-sdk/client-ecs';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client, ElasticLoadBalancingV2ServiceException } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient, IAMServiceException, ListRolesCommand, ServiceFailureException } from '@aws-sdk/client-iam';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, ResourceGroupsTaggingAPIServiceException } from '@aws-sdk/client-resource-groups-tagging-api';
import { describe, expect, it } from 'vitest';
import { Simulation } from './index.js';
import { ACCOUNT_A, fastRetries, REGION, rejection } from './test-helpers.js';

const scope = { account: ACCOUNT_A, region: REGION };

describe('throttling and 5xx of the Service-kind services meet the SDK retry strategy', () => {
  const cases = [
    { client: ECSClient, command: () => new ListClustersCommand({}), key: 'ECS:ListClusters', base: ECSServiceException, throttle: 'ThrottlingException' },
    {
      client: ElasticLoadBalancingV2Client,
      command: () => new DescribeLoadBalancersCommand({}),
      key: 'ElasticLoadBalancingV2:DescribeLoadBalancers',
      base: ElasticLoadBalancingV2ServiceException,
      throttle: 'Throttling',
    },
    { client: IAMClient, command: () => new ListRolesCommand({}), key: 'IAM:ListRoles', base: IAMServiceException, throttle: 'Throttling' },
    {
      client: ResourceGroupsTaggingAPIClient,
      command: () => new GetResourcesCommand({}),
      key: 'ResourceGroupsTaggingAPI:GetResources',
      base: ResourceGroupsTaggingAPIServiceException,
      throttle: 'ThrottledException',
    },
  ] as const;

  for (const c of cases) {
    it(`retries ${c.key} on ${c.throttle} until maxAttempts, with the service's exception class`, async () => {
      const sim = new Simulation({ throttleRate: 1 });
      const client = sim.client(c.client as new (config: object) => { send(command: unknown): Promise<unknown> }, scope, fastRetries(3));
      const error = await rejection(client.send(c.command()));
      expect(error).toBeInstanceOf(c.base);
      expect(error.name).toBe(c.throttle);
      expect(sim.calls.count(c.key)).toBe(3);
    });
  }

  it('answers IAM 5xx with the modeled ServiceFailureException (500), which the SDK retries', async () => {
    const sim = new Simulation({ serverErrorRate: 1 });
    const iam = sim.client(IAMClient, scope, fastRetries(2));
    const error = await rejection(iam.send(new ListRolesCommand({})));
    expect(error).toBeInstanceOf(ServiceFailureException);
    expect(error.$metadata?.httpStatusCode).toBe(500);
    expect(sim.calls.count('IAM:ListRoles')).toBe(2);
  });
});
