/** The load balancer reconciler against the simulation: create, readiness, observe in sync, update, delete; observe cost. */
import { DeleteSubnetCommand } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { paginateGetResources, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { describe, expect, it } from 'vitest';
import { diffResource } from '../../../core/diff.js';
import { TerminalError } from '../../../core/errors.js';
import { chunks } from '../tags.js';
import { desired, network } from '../test-helpers.js';
import { loadBalancerReconciler as reconciler } from './index.js';

const ADDRESS = 'service/api/load-balancer/nlb';

function nlb(subnetIds: string[], securityGroupIds: string[] = [], name = 'api-nlb', address = ADDRESS) {
  return desired('elbv2:load-balancer', address, { name, scheme: 'internal', type: 'network', subnetIds, securityGroupIds });
}

describe('load balancer reconciler (simulation)', () => {
  it('creates once by name, is provisioning then active, observes it in sync, retags it and deletes it so its subnets can go', async () => {
    const { sim, ctx, ec2, subnets, groupId } = await network({ asyncDelayMs: 30 });
    const want = nlb(subnets, [groupId]);
    const created = await reconciler.create(ctx, want, { clientToken: 'unused' });
    expect(created.id).toMatch(/^arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer\/net\/api-nlb\//);
    expect(created.outputs).toMatchObject({ name: 'api-nlb', dnsName: expect.stringMatching(/^api-nlb-[0-9a-f]+\.elb\.eu-west-1\.amazonaws\.com$/) });
    // A retried create (lost response) returns the same NLB.
    expect((await reconciler.create(ctx, want, { clientToken: 'unused' })).id).toBe(created.id);
    expect((await reconciler.readiness!.check(ctx, [created.id])).get(created.id)).toBe('pending');
    sim.advance(30);
    expect((await reconciler.readiness!.check(ctx, [created.id])).get(created.id)).toBe('ready');

    const [live] = await reconciler.observe(ctx);
    expect(live).toMatchObject({ id: created.id, address: ADDRESS, references: [...[...subnets].sort(), groupId] });
    expect(diffResource(reconciler, want, live!)).toEqual([]);

    const retagged = nlb(subnets, [groupId]);
    const withTeam = { ...retagged, tags: { ...retagged.tags, team: 'api' } };
    const changes = diffResource(reconciler, withTeam, live!);
    expect(changes).toEqual([{ path: 'tags.team', from: undefined, to: 'api', replace: false }]);
    sim.calls.reset();
    await reconciler.update(ctx, withTeam, live!, changes);
    // (The simulation's `mutatingOperations` does not count the verbs Add/Remove: read the operations.)
    expect(sim.calls.byOperation()).toEqual({ 'ElasticLoadBalancingV2:AddTags': 1 });
    const [updated] = await reconciler.findByAddress(ctx, ADDRESS);
    expect(diffResource(reconciler, withTeam, updated!)).toEqual([]);

    await reconciler.delete(ctx, updated!);
    await reconciler.delete(ctx, updated!); // missing is success
    expect(await reconciler.observe(ctx)).toEqual([]);
    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnets[0]! }));
  });

  it('plans a replacement for a removed subnet or for going from no security groups to some, not for an added subnet', async () => {
    const { ctx, subnets, subnetIn, groupId } = await network();
    await reconciler.create(ctx, nlb([subnets[0]!]), { clientToken: 'unused' });
    const [live] = await reconciler.observe(ctx);
    const third = await subnetIn('10.0.3.0/24', 'c');
    expect(diffResource(reconciler, nlb([subnets[0]!, third]), live!)).toEqual([expect.objectContaining({ path: 'subnetIds', replace: false })]);
    expect(diffResource(reconciler, nlb([third]), live!)).toEqual([expect.objectContaining({ path: 'subnetIds', replace: true })]);
    expect(diffResource(reconciler, nlb([subnets[0]!], [groupId]), live!)).toEqual([expect.objectContaining({ path: 'securityGroupIds', replace: true })]);
    expect(diffResource(reconciler, nlb([subnets[0]!], [], 'other-name'), live!)).toEqual([expect.objectContaining({ path: 'name', replace: true })]);
  });

  it('fails terminally with a clear message when the name is taken with other settings, and never adopts an NLB it does not own', async () => {
    const { ctx, subnets } = await network();
    await reconciler.create(ctx, nlb([subnets[0]!]), { clientToken: 'unused' });
    const clash = reconciler.create(ctx, nlb(subnets), { clientToken: 'unused' });
    await expect(clash).rejects.toBeInstanceOf(TerminalError);
    await expect(clash).rejects.toThrow(/a load balancer named api-nlb already exists in 111111111111\/eu-west-1 with other settings/);
    // Identical settings, another address: the existing NLB is someone else's.
    await expect(reconciler.create(ctx, nlb([subnets[0]!], [], 'api-nlb', 'service/other/load-balancer/nlb'), { clientToken: 'unused' })).rejects.toThrow(
      /already exists .* and is not service\/other\/load-balancer\/nlb of trellis/,
    );
  });

  it('observes in 3 calls for 1 NLB and 5 for 50, target groups included; the tagging API route needs 2 and 4 for the NLBs alone', async () => {
    const measure = async (count: number) => {
      const { sim, ctx, subnets } = await network({ pageSize: 1000 });
      for (let i = 0; i < count; i++) await reconciler.create(ctx, nlb([subnets[0]!], [], `nlb-${i}`, `service/s${i}/load-balancer/nlb`), { clientToken: 'unused' });
      sim.calls.reset();
      // The ELBv2 inventory: DescribeLoadBalancers, DescribeTargetGroups, DescribeTags per 20 ARNs of both.
      expect(await reconciler.observe(ctx)).toHaveLength(count);
      const listing = sim.calls.total();
      // The alternative: GetResources by type and owner tag, then DescribeLoadBalancers by ARN (20 per call) for scheme, subnets, DNS name.
      sim.calls.reset();
      const client = ctx.clients.get(ResourceGroupsTaggingAPIClient);
      const arns: string[] = [];
      const input = { ResourceTypeFilters: ['elasticloadbalancing:loadbalancer'], TagFilters: [{ Key: 'trellis:owner', Values: ['trellis'] }] };
      for await (const page of paginateGetResources({ client, pageSize: 100 }, input)) arns.push(...page.ResourceTagMappingList!.map((m) => m.ResourceARN!));
      const elb = ctx.clients.get(ElasticLoadBalancingV2Client);
      for (const LoadBalancerArns of chunks(arns, 20)) await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns }));
      return { listing, tagging: sim.calls.total() };
    };
    // One more than the tagging route, which would then need DescribeTargetGroups by ARN for the groups too.
    expect(await measure(1)).toEqual({ listing: 3, tagging: 2 });
    expect(await measure(50)).toEqual({ listing: 5, tagging: 4 });
  });
});
