/**
 * The example Services on moto with `--target aws`: the simulation's test/services.e2e.test.ts as far
 * as moto can run it. moto has no VPC sharing (M9), so the four Services live in the Network's own
 * account; the PrivateLink parts (endpoint service, consumer endpoints) hit M10 and M11, so the main
 * scenarios run the Services without them and one scenario asserts exactly those gaps on the full
 * example (docs/conformance.md).
 */
import { EC2Client, DescribeVpcEndpointServicePermissionsCommand, DescribeVpcEndpointServiceConfigurationsCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, DescribeServicesCommand, ECSClient, ListClustersCommand, ListTaskDefinitionsCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient, ListRolesCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { expect, it } from 'vitest';
import type { ApplyEvent } from '../../src/engine/index.js';
import { cite, GAPS, servicesAsMotoRunsThem, TOLERATED_RESOURCES, withoutGappedParts } from './gaps.js';
import { awsCli, awsRun, converge, describeMoto, MOTO_NETWORK_ACCOUNT, motoWorkspace, outOfBand, motoSuite } from './harness.js';

/** Network 25 (./gaps.ts) + per Service 7: security group, rules, two roles, cluster, task definition, service. */
const RESOURCES = TOLERATED_RESOURCES + 4 * 7;
/** Per provider 4 more (NLB, target group, listener, endpoint service), per consumer 3 (its endpoint, with its group and rules). */
const WITH_PRIVATELINK = RESOURCES + 2 * 4 + 2 * 3;

const SERVICE_GROUP_RULES = ['api-consumer', 'api-service', 'user-consumer', 'user-service'].map((name) => `service/${name}/security-group-rules/main`);

describeMoto('the example Services on moto (--target aws)', () => {
  const suite = motoSuite(async () => {
    const workspace = await motoWorkspace({ set: 'services' });
    await withoutGappedParts(workspace);
    return workspace;
  });
  const { wire } = suite;

  /** Non-noop changes of a dry run as `address action paths`, but the M8 description repair (see below). */
  async function pending(): Promise<string[]> {
    const { plan } = await awsRun(suite.workspace.dir, { dryRun: true });
    return plan.changes
      .filter((change) => change.action !== 'noop' && !descriptionOnlyM8(change))
      .map((change) => `${change.address} ${change.action} ${change.diff.map((field) => field.path).join(',')}`);
  }

  /**
   * Each Service's group has one egress rule, all traffic to 0.0.0.0/0 described "All egress". AWS
   * (and moto) create that rule with every group, undescribed; trellis keeps it and sets its
   * description by rule ID, which moto ignores (M8): so on moto that description is planned again on
   * every run. This is exactly that change: the rule's description, nothing else.
   */
  function descriptionOnlyM8(change: { address: string; action: string; diff: readonly { path: string; from?: unknown; to?: unknown }[] }): boolean {
    if (change.action !== 'update' || !SERVICE_GROUP_RULES.includes(change.address)) return false;
    const strip = (rules: unknown) => JSON.stringify((rules as { description?: string }[]).map(({ description: _description, ...rule }) => rule));
    return change.diff.every((field) => field.path === 'egress' && strip(field.from) === strip(field.to));
  }

  it('converges from empty; a second run is all noop but the M8 descriptions, and mutates nothing else on the wire', async () => {
    await servicesAsMotoRunsThem(suite.workspace);
    const first = await awsCli('reconcile', suite.workspace.dir);
    expect(first.report.apply?.failures).toEqual([]);
    expect(first.report.apply).toMatchObject({ done: RESOURCES, failed: 0, skipped: 0 });
    expect(first.code).toBe(0);
    expect(wire.calls.filter((call) => (call.status ?? 0) >= 400).map((call) => `${call.operation} ${call.status}`)).toEqual([]);

    const ecs = await outOfBand(ECSClient);
    const { services = [] } = await ecs.send(new DescribeServicesCommand({ cluster: 'api-service', services: ['api-service'] }));
    expect(services.map((service) => [service.status, service.desiredCount, service.launchType])).toEqual([['ACTIVE', 2, 'FARGATE']]);
    const { Roles = [] } = await (await outOfBand(IAMClient)).send(new ListRolesCommand({}));
    expect(Roles.filter((role) => role.Path?.startsWith('/trellis/'))).toHaveLength(8);

    wire.reset();
    const second = await awsCli('reconcile', suite.workspace.dir);
    expect(second.code).toBe(0);
    const changed = second.report.changes.filter((change) => change.action !== 'noop');
    console.warn(`second run: ${changed.length} description updates planned again: ${cite(GAPS.ruleDescriptionsById)}`);
    expect(changed.map((change) => change.address).sort()).toEqual(SERVICE_GROUP_RULES);
    expect(changed.every(descriptionOnlyM8)).toBe(true);
    expect(second.report.summary).toEqual({ create: 0, update: 4, replace: 0, delete: 0, noop: RESOURCES - 4 });
    expect(wire.mutating()).toEqual(Array(4).fill('ec2:UpdateSecurityGroupRuleDescriptionsEgress'));
  });

  it('repairs drift made under another identity: a desired count, a role tag; ignoreDrift accepts the count', async () => {
    await servicesAsMotoRunsThem(suite.workspace);
    await converge(suite.workspace.dir);
    const ecs = await outOfBand(ECSClient);
    await ecs.send(new UpdateServiceCommand({ cluster: 'user-service', service: 'user-service', desiredCount: 0 }));
    await (await outOfBand(IAMClient)).send(new TagRoleCommand({ RoleName: 'api-service-task', Tags: [{ Key: 'team', Value: 'edited-by-hand' }] }));

    expect((await pending()).sort()).toEqual(['service/api-service/iam-role/task update tags.team', 'service/user-service/ecs-service/main update desiredCount']);
    await suite.workspace.edit('user-service.json', (manifest) => (manifest.metadata.ignoreDrift = ['/desiredCount']));
    expect(await pending()).toEqual(['service/api-service/iam-role/task update tags.team']);
    await suite.workspace.edit('user-service.json', (manifest) => delete manifest.metadata.ignoreDrift);

    const repair = await awsRun(suite.workspace.dir);
    expect(repair.applied?.failures).toEqual([]);
    expect(await pending()).toEqual([]);
    const { services = [] } = await ecs.send(new DescribeServicesCommand({ cluster: 'user-service', services: ['user-service'] }));
    expect(services[0]?.desiredCount).toBe(2);
  });

  it('a new image registers one revision and updates only the ECS service', async () => {
    await servicesAsMotoRunsThem(suite.workspace);
    await awsRun(suite.workspace.dir);
    await suite.workspace.edit('api-service.json', (manifest) => (manifest.spec.image = 'public.ecr.aws/example/api-service:1.1.0'));
    expect((await pending()).map((change) => change.split(' ')[0]).sort()).toEqual(['service/api-service/ecs-service/main', 'service/api-service/task-definition/main']);
    wire.reset();
    const result = await awsRun(suite.workspace.dir);
    expect(result.applied?.failures).toEqual([]);
    expect(wire.mutating().filter((call) => call.startsWith('ecs:')).sort()).toEqual(['ecs:RegisterTaskDefinition', 'ecs:UpdateService']);
    const ecs = await outOfBand(ECSClient);
    const { taskDefinitionArns = [] } = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'api-service' }));
    expect(taskDefinitionArns.map((arn) => arn.split(':').pop())).toEqual(['1', '2']);
    const { services = [] } = await ecs.send(new DescribeServicesCommand({ cluster: 'api-service', services: ['api-service'] }));
    expect(services[0]?.taskDefinition).toMatch(/:task-definition\/api-service:2$/);
    expect(await pending()).toEqual([]);
  });

  it('guards the removal of two consumers with limits.maxDeletions, then prunes them in dependency order with nothing left', async () => {
    await servicesAsMotoRunsThem(suite.workspace);
    await awsRun(suite.workspace.dir);
    await suite.workspace.remove('api-consumer.json');
    await suite.workspace.remove('user-consumer.json');

    wire.reset();
    const refused = await awsCli('reconcile', suite.workspace.dir);
    expect(refused.code).toBe(1);
    expect(refused.report.refusals[0]!.message).toMatch(/more than limits.maxDeletions \(10\)/);
    expect(wire.mutating().filter((call) => /:(Delete|Deregister)/.test(call))).toEqual([]);

    const events: ApplyEvent[] = [];
    const removal = await awsRun(suite.workspace.dir, { allowDeletions: 14, onEvent: (event) => events.push(event) });
    expect(removal.applied?.failures).toEqual([]);
    expect(removal.plan.summary.delete).toBe(14);
    const done = (address: string) => events.findIndex((event) => event.kind === 'done' && event.step === 'delete' && event.address === address);
    const started = (address: string) => events.findIndex((event) => event.kind === 'start' && event.step === 'delete' && event.address === address);
    for (const consumer of ['api-consumer', 'user-consumer']) {
      const at = (type: string) => `service/${consumer}/${type}/main`;
      // the ECS service goes before its cluster, and before the security group its tasks use
      expect(done(at('ecs-service'))).toBeGreaterThanOrEqual(0);
      expect(done(at('ecs-service'))).toBeLessThan(started(at('ecs-cluster')));
      expect(done(at('ecs-service'))).toBeLessThan(started(at('security-group')));
    }
    const ecs = await outOfBand(ECSClient);
    // a deleted cluster stays discoverable as INACTIVE for a while (API_DeleteCluster); moto keeps it so
    const { clusterArns = [] } = await ecs.send(new ListClustersCommand({}));
    const { clusters = [] } = await ecs.send(new DescribeClustersCommand({ clusters: clusterArns }));
    expect(clusters.filter((cluster) => cluster.status === 'ACTIVE').map((cluster) => cluster.clusterName).sort()).toEqual(['api-service', 'user-service']);
    const { SecurityGroups = [] } = await (await outOfBand(EC2Client)).send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:trellis:address', Values: ['service/api-consumer/security-group/main', 'service/user-consumer/security-group/main'] }] }),
    );
    expect(SecurityGroups).toEqual([]);
    const { Roles = [] } = await (await outOfBand(IAMClient)).send(new ListRolesCommand({}));
    expect(Roles.filter((role) => role.RoleName?.includes('consumer'))).toEqual([]);
    expect(await pending()).toEqual([]);
  });

  it('with PrivateLink: the providers\' load balancers and endpoint services are built; consumer endpoints hit M10 and every later observe M11', async () => {
    await servicesAsMotoRunsThem(suite.workspace, { privateLink: true });
    // a 500 is retried by the call layer (8 attempts with backoff); two are enough to see the gap
    const callRetry = { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 };
    const first = await awsRun(suite.workspace.dir, { callRetry });
    expect(first.plan.summary).toMatchObject({ create: WITH_PRIVATELINK });
    // created, then their readiness check (DescribeVpcEndpoints by vpc-endpoint-id) answers 500: M10
    console.warn(cite(GAPS.vpcEndpointIdFilter));
    expect(first.applied?.failures.map((failure) => failure.address).sort()).toEqual(['service/api-consumer/vpc-endpoint/api-service', 'service/user-consumer/vpc-endpoint/user-service']);
    expect(wire.calls.filter((call) => (call.status ?? 0) >= 400).every((call) => call.operation === 'DescribeVpcEndpoints' && call.status === 500)).toBe(true);

    // What did converge matches the manifests: an internal NLB, its target group and listener, the endpoint service.
    const elbv2 = await outOfBand(ElasticLoadBalancingV2Client);
    const { LoadBalancers = [] } = await elbv2.send(new DescribeLoadBalancersCommand({}));
    expect(LoadBalancers.map((lb) => [lb.Type, lb.Scheme]).sort()).toEqual([
      ['network', 'internal'],
      ['network', 'internal'],
    ]);
    const api = LoadBalancers.find((lb) => lb.LoadBalancerName?.startsWith('api-service'))!;
    const { Listeners = [] } = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: api.LoadBalancerArn }));
    expect(Listeners.map((listener) => [listener.Port, listener.Protocol])).toEqual([[443, 'TCP']]);
    const { TargetGroups = [] } = await elbv2.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: api.LoadBalancerArn }));
    expect(TargetGroups.map((group) => [group.Port, group.TargetType, group.HealthCheckPath])).toEqual([[8080, 'ip', '/healthz']]);
    const ec2 = await outOfBand(EC2Client);
    const { ServiceConfigurations = [] } = await ec2.send(new DescribeVpcEndpointServiceConfigurationsCommand({}));
    expect(ServiceConfigurations.map((service) => service.AcceptanceRequired)).toEqual([true, true]);
    const { AllowedPrincipals = [] } = await ec2.send(new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: ServiceConfigurations[0]!.ServiceId }));
    expect(AllowedPrincipals.map((principal) => principal.Principal)).toEqual([`arn:aws:iam::${MOTO_NETWORK_ACCOUNT}:root`]);

    // An owned endpoint service's connections are read on every observe: moto lacks the call (M11).
    console.warn(cite(GAPS.endpointConnections));
    await expect(awsRun(suite.workspace.dir, { dryRun: true, callRetry })).rejects.toThrow(/observe ec2:vpc-endpoint-service .*DescribeVpcEndpointConnections/);
  });
});
