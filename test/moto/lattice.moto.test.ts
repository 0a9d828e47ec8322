/**
 * A Service's Lattice front (`expose.lattice`: ECS infrastructure role, IP target group, Lattice service,
 * listener, association with the Share's service network) on moto with `--target aws`: the simulation's
 * test/lattice.e2e.test.ts as far as moto can run it. moto has no VPC sharing (M9), so api-service and the
 * Share live in the Network's account (an association in the same account: no RAM share, which M3/M15
 * would make unmanageable). trellis sends what AWS documents; where moto answers otherwise, the scenario
 * asserts that gap rather than skipping it:
 * - M17: the target group's readiness check, ListTargetGroups with `maxResults`, answers 500 — the first
 *   run fails the target group after creating it, the next one observes it (tagging API + GetTargetGroup);
 * - M18: the listener and the association name the Lattice service by ARN, which moto does not resolve;
 * - M19: ECS accepts the service's `vpcLatticeConfigurations` and drops them, so each run sets them again.
 * moto has no Lattice updates or deletes (M14), so there is no drift or removal scenario here.
 */
import { EC2Client, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import {
  GetServiceCommand,
  GetTargetGroupCommand,
  ListServiceNetworksCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTargetGroupsCommand,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import { expect, it } from 'vitest';
import type { ReconcileResult } from '../../src/engine/index.js';
import { cite, GAPS, SERVICE_FILES, servicesAsMotoRunsThem, withoutGappedParts } from './gaps.js';
import { awsRun, describeMoto, MOTO_NETWORK_ACCOUNT, motoSuite, motoWorkspace, outOfBand } from './harness.js';

const FRONT = {
  role: 'service/api-service/iam-role/lattice',
  targetGroup: 'service/api-service/lattice-target-group/main',
  service: 'service/api-service/lattice-service/main',
  listener: 'service/api-service/lattice-listener/main',
  association: 'service/api-service/lattice-service-association/shared-data',
  ecsService: 'service/api-service/ecs-service/main',
  network: 'share/shared-data/service-network/main',
};
/** The Service's group's egress description, planned again on every moto run (M8, see services.moto.test.ts). */
const RULES_M8 = 'service/api-service/security-group-rules/main';

/**
 * Gaps answer 400 or 500: the call layer's and the step layer's budgets cut to two attempts, so each
 * shows in well under a second instead of AWS's backoff (what is retried is unchanged).
 */
const QUICK = { callRetry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 }, retryPolicy: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 } };

function notNoop(result: ReconcileResult): Record<string, string[]> {
  return Object.fromEntries(
    result.plan.changes.filter((change) => change.action !== 'noop').map((change) => [change.address, [change.action, ...change.diff.map((d) => d.path)]]),
  );
}

const failures = (result: ReconcileResult) => (result.applied?.failures ?? []).map((failure) => [failure.address, failure.message]);

describeMoto('a Service exposed through VPC Lattice on moto (--target aws)', () => {
  const suite = motoSuite(async () => {
    const workspace = await motoWorkspace({ set: 'all' });
    await withoutGappedParts(workspace);
    await servicesAsMotoRunsThem(workspace);
    for (const file of SERVICE_FILES.filter((file) => file !== 'api-service.json')) await workspace.remove(file);
    // api-service without PrivateLink (M10, M11: services.moto.test.ts), its expose.lattice as in the example
    await workspace.edit('api-service.json', (manifest) => (manifest.spec.expose = { lattice: { share: 'shared-data' } }));
    await workspace.edit('share.json', (share) => {
      // the Service's account (the Network's: M9); without vpcAssociations (M13), resources (M14),
      // principals (M3, M15), audit (M16) and tenants (other accounts: shares.moto.test.ts has them)
      share.metadata.account = 'network';
      for (const key of ['vpcAssociations', 'resources', 'principals', 'allowExternalPrincipals', 'audit', 'tenants']) delete share.spec[key];
    });
    return workspace;
  });
  const { wire } = suite;
  const run = () => awsRun(suite.workspace.dir, QUICK);

  it('creates the role, service and target group with their shapes and ownership tags; the listener and association hit M18, ECS drops the Lattice configuration (M19); a later run mutates only those', async () => {
    const first = await run();
    for (const address of Object.values(FRONT)) expect(first.plan.changes.find((change) => change.address === address)?.action).toBe('create');
    console.warn(`${cite(GAPS.latticeMaxResults)}; ${cite(GAPS.latticeServiceArnIdentifier)}`);
    // The target group is created, then its readiness check (ListTargetGroups, maxResults 100) answers 500
    // (M17); the association names the service and the network by ARN (M18, M13). The listener and the ECS
    // service wait for the target group, so they are skipped.
    expect(failures(first)).toEqual([
      [FRONT.targetGroup, expect.stringMatching(/create failed: VPCLattice ListTargetGroups: .*not valid JSON/s)],
      [FRONT.association, expect.stringContaining(`create failed: create: arn:aws:vpc-lattice:us-east-1:${MOTO_NETWORK_ACCOUNT}:servicenetwork/`)],
    ]);
    const skipped = (first.applied?.outcomes ?? []).filter((outcome) => outcome.status === 'skipped').map((outcome) => outcome.address);
    expect(skipped.sort()).toEqual([FRONT.ecsService, FRONT.listener]);
    expect(wire.calls.filter((call) => (call.status ?? 0) >= 400).map((call) => `${call.operation.split('?')[0]} ${call.status}`).sort()).toEqual([
      ...Array(2).fill('GET /targetgroups 500'),
      ...Array(2).fill('POST /servicenetworkserviceassociations 400'),
    ]);

    // What moto did create has the shape of the manifests, with trellis's ownership tags.
    const lattice = await outOfBand(VPCLatticeClient);
    const { items: services = [] } = await lattice.send(new ListServicesCommand({}));
    expect(services.map((service) => service.name)).toEqual(['api-service']);
    const service = await lattice.send(new GetServiceCommand({ serviceIdentifier: services[0]!.id }));
    expect(service).toMatchObject({ name: 'api-service', authType: 'NONE', status: 'ACTIVE' });
    const { Vpcs = [] } = await (await outOfBand(EC2Client)).send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:trellis:address', Values: ['network/core/vpc/main'] }] }));
    expect(Vpcs).toHaveLength(1);
    const { items: groups = [] } = await lattice.send(new ListTargetGroupsCommand({}));
    expect(groups).toHaveLength(1);
    const group = await lattice.send(new GetTargetGroupCommand({ targetGroupIdentifier: groups[0]!.id }));
    expect(group).toMatchObject({
      name: expect.stringMatching(/^api-service-tg-[0-9a-f]{6}$/),
      type: 'IP',
      status: 'ACTIVE',
      config: {
        port: 8080,
        protocol: 'HTTP',
        vpcIdentifier: Vpcs[0]!.VpcId,
        healthCheck: { enabled: true, path: '/healthz', healthCheckIntervalSeconds: 15, healthCheckTimeoutSeconds: 5, healthyThresholdCount: 3, unhealthyThresholdCount: 3 },
      },
    });
    for (const [arn, address] of [
      [service.arn, FRONT.service],
      [group.arn, FRONT.targetGroup],
    ] as const) {
      const { tags = {} } = await lattice.send(new ListTagsForResourceCommand({ resourceArn: arn }));
      expect(tags).toMatchObject({ 'trellis:owner': 'trellis', 'trellis:address': address, 'managed-by': 'trellis', team: 'api' });
    }
    const { items: networks = [] } = await lattice.send(new ListServiceNetworksCommand({}));
    expect(networks.map((network) => network.name)).toEqual(['shared-data']);
    const iam = await outOfBand(IAMClient);
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'api-service-lattice' }));
    expect(Role?.Path).toBe('/trellis/trellis/');
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).Statement[0].Principal).toEqual({ Service: 'ecs.amazonaws.com' });
    const { AttachedPolicies = [] } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'api-service-lattice' }));
    expect(AttachedPolicies.map((policy) => policy.PolicyArn)).toEqual(['arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForVpcLattice']);

    // The next run finds the target group (the tagging API and GetTargetGroup, no List): noop. The ECS
    // service is created with the Lattice configuration AWS documents; the listener hits M18.
    wire.reset();
    const second = await run();
    expect(second.plan.changes.find((change) => change.address === FRONT.targetGroup)?.action).toBe('noop');
    expect(failures(second)).toEqual([
      [FRONT.listener, expect.stringContaining(`create failed: create: ${service.arn}`)],
      [FRONT.association, expect.stringContaining('create failed: create: arn:aws:vpc-lattice:')],
    ]);
    const createService = wire.calls.find((call) => call.operation === 'CreateService')!;
    expect(JSON.parse(createService.body).vpcLatticeConfigurations).toEqual([
      { roleArn: Role!.Arn, targetGroupArn: group.arn, portName: 'lattice' },
    ]);
    const ecs = await outOfBand(ECSClient);
    const { services: [ecsService] = [] } = await ecs.send(new DescribeServicesCommand({ cluster: 'api-service', services: ['api-service'] }));
    console.warn(cite(GAPS.ecsLatticeConfigurations));
    expect(ecsService?.deployments?.find((deployment) => deployment.status === 'PRIMARY')?.vpcLatticeConfigurations).toBeUndefined();

    // From then on every run plans the same: the Lattice service, target group, role and service network
    // noop; what moto cannot hold (M8, M18, M19) planned again, and only that is sent.
    wire.reset();
    const third = await run();
    const pending = notNoop(third);
    expect(Object.keys(pending).sort()).toEqual([FRONT.ecsService, FRONT.association, FRONT.listener, RULES_M8].sort());
    expect(pending[FRONT.ecsService]).toEqual(['update', 'vpcLatticeConfigurations']);
    expect(pending[FRONT.listener]?.[0]).toBe('create');
    expect(pending[FRONT.association]?.[0]).toBe('create');
    for (const address of [FRONT.role, FRONT.targetGroup, FRONT.service, FRONT.network]) {
      expect(third.plan.changes.find((change) => change.address === address)?.action).toBe('noop');
    }
    const listenerPath = `POST /services/${encodeURIComponent(service.arn!)}/listeners`;
    expect(wire.mutating().sort()).toEqual(
      [
        'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
        'ecs:UpdateService',
        ...Array(2).fill(`vpc-lattice:${listenerPath}`),
        ...Array(2).fill('vpc-lattice:POST /servicenetworkserviceassociations'),
      ].sort(),
    );
    const { items: after = [] } = await lattice.send(new ListTargetGroupsCommand({}));
    expect(after.map((item) => item.arn)).toEqual([group.arn]);
  });
});
