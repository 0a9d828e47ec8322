/** The scope's one tagging API listing shared by the Lattice and ECS types (mocked SDK). */
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReconcilerContext } from '../core/reconciler.js';
import { ownedOfType, taggingTypeOf } from './tagging.js';
import { mockContext, observePass } from './test-context.js';

const rgta = mockClient(ResourceGroupsTaggingAPIClient);
afterAll(() => rgta.restore());
beforeEach(() => rgta.reset());

const lattice = (resource: string, account = '111111111111', region = 'us-east-1') => `arn:aws:vpc-lattice:${region}:${account}:${resource}`;
const mine = [{ Key: 'trellis:owner', Value: 'trellis' }];

/** A context whose observe-pass memo is a plain map, as the engine's is. */
const observeContext = (): ReconcilerContext => observePass(mockContext(ResourceGroupsTaggingAPIClient).ctx);

describe('the shared tagging API listing', () => {
  it('makes one paginated call for every type of the scope and splits it by the type in each ARN', async () => {
    rgta
      .on(GetResourcesCommand)
      .resolvesOnce({
        ResourceTagMappingList: [
          { ResourceARN: lattice('servicenetwork/sn-1'), Tags: mine },
          { ResourceARN: lattice('service/svc-1'), Tags: mine },
          { ResourceARN: lattice('service/svc-1/listener/listener-1'), Tags: mine },
        ],
        PaginationToken: 'p2',
      })
      .resolvesOnce({
        ResourceTagMappingList: [
          { ResourceARN: 'arn:aws:ecs:us-east-1:111111111111:service/cluster-a/api', Tags: mine },
          { ResourceARN: 'arn:aws:ecs:us-east-1:111111111111:task-definition/api:3', Tags: mine },
          // another owner's (the server filter is not trusted), previously tagged, another account, another region
          { ResourceARN: lattice('targetgroup/tg-other'), Tags: [{ Key: 'trellis:owner', Value: 'other' }] },
          { ResourceARN: lattice('targetgroup/tg-untagged'), Tags: [] },
          { ResourceARN: lattice('targetgroup/tg-far', '222222222222'), Tags: mine },
          { ResourceARN: lattice('targetgroup/tg-west', '111111111111', 'us-west-2'), Tags: mine },
        ],
        PaginationToken: '',
      });
    const ctx = observeContext();
    const [networks, services, groups, ecsServices, revisions] = await Promise.all([
      ownedOfType(ctx, 'vpc-lattice:servicenetwork'),
      ownedOfType(ctx, 'vpc-lattice:service'),
      ownedOfType(ctx, 'vpc-lattice:targetgroup'),
      ownedOfType(ctx, 'ecs:service'),
      ownedOfType(ctx, 'ecs:task-definition'),
    ]);
    expect([...networks.keys()]).toEqual([lattice('servicenetwork/sn-1')]);
    // the listener is not a service
    expect([...services.keys()]).toEqual([lattice('service/svc-1')]);
    expect([...groups.keys()]).toEqual([]);
    expect([...ecsServices.keys()]).toEqual(['arn:aws:ecs:us-east-1:111111111111:service/cluster-a/api']);
    expect([...revisions.keys()]).toEqual(['arn:aws:ecs:us-east-1:111111111111:task-definition/api:3']);
    const calls = rgta.commandCalls(GetResourcesCommand).map((call) => call.args[0].input);
    expect(calls).toEqual([
      { ResourceTypeFilters: ['vpc-lattice', 'ecs:service', 'ecs:task-definition'], TagFilters: [{ Key: 'trellis:owner', Values: ['trellis'] }], ResourcesPerPage: 100 },
      { ResourceTypeFilters: ['vpc-lattice', 'ecs:service', 'ecs:task-definition'], TagFilters: [{ Key: 'trellis:owner', Values: ['trellis'] }], ResourcesPerPage: 100, PaginationToken: 'p2' },
    ]);
  });

  it('names each type as ResourceTypeFilters does, a sub-resource apart', () => {
    expect(taggingTypeOf(lattice('servicenetworkserviceassociation/snsa-1'))).toBe('vpc-lattice:servicenetworkserviceassociation');
    expect(taggingTypeOf(lattice('service/svc-1/listener/listener-1'))).toBe('vpc-lattice:service/listener');
    expect(taggingTypeOf('arn:aws:ecs:us-east-1:1:service/c/s')).toBe('ecs:service');
  });
});
