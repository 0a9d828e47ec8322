/**
 * The PrivateLink provider chain through the engine's plan and apply, against the simulation: NLB,
 * target group, listener and endpoint service from empty (with readiness waits), a second run that is
 * all noop with no mutating call, a create-before-delete target group replacement, and removal in order.
 */
import { describe, expect, it } from 'vitest';
import { ErrorClassifier } from '../../core/classify.js';
import type { Reconciler } from '../../core/reconciler.js';
import { ref, type DesiredResource, type ObservedResource } from '../../core/types.js';
import { apply, type ApplyOptions } from '../../engine/apply.js';
import { ClientFactory } from '../../engine/clients.js';
import { plan } from '../../engine/plan.js';
import { errorTables, reconcilers } from '../registry.js';
import { desired, network } from './test-helpers.js';
import { observePass } from '../test-context.js';

const NLB = 'service/api/load-balancer/nlb';
const TG = 'service/api/target-group/tg';
const LISTENER = 'service/api/listener/tcp';
const SERVICE = 'service/api/vpc-endpoint-service/api';
const TYPES = ['elbv2:load-balancer', 'elbv2:target-group', 'elbv2:listener', 'ec2:vpc-endpoint-service'];

function topology(vpcId: string, subnets: string[], port = 8080): DesiredResource[] {
  return [
    desired('elbv2:load-balancer', NLB, { name: 'api-nlb', scheme: 'internal', type: 'network', subnetIds: subnets, securityGroupIds: [] }),
    desired('elbv2:target-group', TG, {
      name: `api-tg-${port}`,
      protocol: 'TCP',
      port,
      vpcId,
      targetType: 'ip',
      healthCheck: { protocol: 'TCP', intervalSeconds: 10, healthyThreshold: 3, unhealthyThreshold: 3 },
    }),
    desired('elbv2:listener', LISTENER, { loadBalancerArn: ref(NLB, 'arn'), protocol: 'TCP', port: 80, targetGroupArn: ref(TG, 'arn') }),
    desired('ec2:vpc-endpoint-service', SERVICE, {
      networkLoadBalancerArns: [ref(NLB, 'arn')],
      acceptanceRequired: true,
      allowedPrincipals: ['arn:aws:iam::222222222222:root'],
      acceptedAccounts: ['222222222222'],
    }),
  ];
}

describe('PrivateLink provider chain through plan and apply (simulation)', () => {
  it('reconciles from empty, is noop the second time, replaces the target group create-before-delete, and removes everything in order', async () => {
    const { sim, ctx, vpcId, subnets } = await network({ asyncDelayMs: 30 });
    const registry: readonly Reconciler[] = reconcilers;
    const factory = new ClientFactory({ simulation: sim });
    const options: ApplyOptions = {
      owner: 'trellis',
      clientsFor: (scope) => factory.forScope(scope),
      classifier: new ErrorClassifier(errorTables),
      retryPolicy: { attempts: 6, baseDelayMs: 5, maxDelayMs: 50 },
      clock: sim.clock,
      consistencyWindowMs: 100,
      waitTiming: { firstDelayMs: 5, maxDelayMs: 20, timeoutMs: 10_000 },
      concurrency: 4,
      registry,
    };
    const observeAll = async (): Promise<ObservedResource[]> => {
      const all: ObservedResource[] = [];
      const pass = observePass(ctx); // one observe pass, as the engine's: listings types share are made once
      for (const type of TYPES) all.push(...(await registry.find((r) => r.type === type)!.observe(pass)));
      return all;
    };
    const run = async (want: DesiredResource[], runId: string, allowDeletions?: number) => {
      const planned = plan(want, await observeAll(), { runId, owner: 'trellis', maxDeletions: 10, registry, ...(allowDeletions ? { allowDeletions } : {}) });
      const result = await apply(planned, options);
      return { planned, result };
    };

    const first = await run(topology(vpcId, subnets), 'run-1');
    expect(first.result.failures).toEqual([]);
    expect(first.planned.summary).toMatchObject({ create: 4 });

    sim.calls.reset();
    const second = plan(topology(vpcId, subnets), await observeAll(), { runId: 'run-2', owner: 'trellis', maxDeletions: 10, registry });
    expect(second.summary).toMatchObject({ noop: 4 });
    expect(sim.calls.mutating()).toBe(0);
    // The ELBv2 inventory 3 (NLBs, target groups, one DescribeTags for both), listeners 1 + 1, endpoint services 1 + 1 + 1.
    expect(sim.calls.total()).toBe(8);

    const replaced = await run(topology(vpcId, subnets, 9090), 'run-3');
    expect(replaced.result.failures).toEqual([]);
    const afterReplace = await observeAll();
    const groups = afterReplace.filter((r) => r.type === 'elbv2:target-group');
    expect(groups.map((g) => g.spec.port)).toEqual([9090]);
    expect(afterReplace.find((r) => r.type === 'elbv2:listener')!.spec.targetGroupArn).toBe(groups[0]!.id);
    expect(plan(topology(vpcId, subnets, 9090), afterReplace, { runId: 'run-4', owner: 'trellis', maxDeletions: 10, registry }).summary).toMatchObject({ noop: 4 });

    // Emptying the scope needs --allow-deletions.
    const removed = await run([], 'run-5', 4);
    expect(removed.planned.summary).toMatchObject({ delete: 4 });
    expect(removed.result.failures).toEqual([]);
    expect(await observeAll()).toEqual([]);
  });
});
