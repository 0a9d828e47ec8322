/**
 * The example topology's Services (manifests/examples: the networking account's Network, two providers
 * exposing PrivateLink, two consumers) on the simulated multi-account AWS: convergence from empty, the
 * cross-account links, versioned task definitions, desired counts, consumer and provider removal, and
 * drift repair.
 */
import { CreateVpcEndpointCommand, DescribeVpcEndpointConnectionsCommand, DescribeVpcEndpointServiceConfigurationsCommand, DescribeVpcEndpointServicePermissionsCommand, DescribeVpcEndpointsCommand, ModifyVpcEndpointServicePermissionsCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, ListClustersCommand, ListTaskDefinitionsCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client, ModifyListenerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../src/engine/index.js';
import type { Simulation } from '../src/sim/index.js';
import { ec2, engineRun, exampleWorkspace, REGION, simulation, type Workspace } from './helpers.js';

const API_SERVICE = '222222222222';
const USER_SERVICE = '333333333333';
const API_CONSUMER = '444444444444';
const USER_CONSUMER = '555555555555';

/** Network 26 + per Service 7 (group, rules, two roles, cluster, task definition, service) + per provider 4 + per consumer 3. */
const RESOURCES = 26 + 4 * 7 + 2 * 4 + 2 * 3;

/**
 * Reads of a second run, measured with the simulation's page size of 2 (so every listing pages): 297.
 * 39 of them are the Share kind's listings (the tagging API per VPC Lattice type, CloudTrail
 * DescribeTrails) in each of the eight configured accounts, which find leftovers even where no
 * manifest wants one. Of the other 258, 174 are what the networking account's example alone costs (its observe across the eight
 * configured accounts, STS included). The Services' 84: per Service account ECS ListClusters/
 * DescribeClusters, ListServices/DescribeServices, ListTaskDefinitions, the tagging API, ELBv2 Describe*
 * with DescribeTags, EC2 endpoint services (with permissions and connections per owned service),
 * endpoints and groups by tag, and IAM (then ListRoles by path with per-owned-role reads; now one
 * GetAccountAuthorizationDetails per account, so fewer). The budget leaves a little room, not a second observe.
 */
const SECOND_RUN_READ_BUDGET = 310;

const ecs = (sim: Simulation, account: string) => sim.client(ECSClient, { account, region: REGION });
const elbv2 = (sim: Simulation, account: string) => sim.client(ElasticLoadBalancingV2Client, { account, region: REGION });

/** Live IDs by address, from a dry run. */
async function liveIds(workspace: Workspace, sim: Simulation): Promise<Record<string, string>> {
  const { observed } = await engineRun(workspace.dir, sim, { dryRun: true });
  return Object.fromEntries(observed.flatMap((resource) => (resource.address && !resource.superseded ? [[resource.address, resource.id]] : [])));
}

/** The non-noop changes of a dry run, as `address action`. */
async function pending(workspace: Workspace, sim: Simulation): Promise<string[]> {
  const { plan } = await engineRun(workspace.dir, sim, { dryRun: true });
  return plan.changes.filter((change) => change.action !== 'noop').map((change) => `${change.address} ${change.action}`);
}

async function converge(workspace: Workspace, sim: Simulation, events?: ApplyEvent[], allowDeletions?: number) {
  const result = await engineRun(workspace.dir, sim, { ...(events ? { onEvent: (event: ApplyEvent) => events.push(event) } : {}), ...(allowDeletions === undefined ? {} : { allowDeletions }) });
  expect(result.plan.refusals).toEqual([]);
  expect(result.applied?.failures ?? []).toEqual([]);
  return result;
}

async function endpointService(sim: Simulation, account: string) {
  const { ServiceConfigurations = [] } = await ec2(sim, account).send(new DescribeVpcEndpointServiceConfigurationsCommand({}));
  expect(ServiceConfigurations).toHaveLength(1);
  return ServiceConfigurations[0]!;
}

async function allowedPrincipals(sim: Simulation, account: string): Promise<string[]> {
  const service = await endpointService(sim, account);
  const { AllowedPrincipals = [] } = await ec2(sim, account).send(new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: service.ServiceId }));
  return AllowedPrincipals.map((principal) => principal.Principal!).sort();
}

async function connectionStates(sim: Simulation, account: string): Promise<Record<string, string>> {
  const { VpcEndpointConnections = [] } = await ec2(sim, account).send(new DescribeVpcEndpointConnectionsCommand({}));
  return Object.fromEntries(VpcEndpointConnections.map((connection) => [connection.VpcEndpointOwner!, String(connection.VpcEndpointState)]));
}

async function ecsService(sim: Simulation, account: string, cluster: string, service: string) {
  const { services = [] } = await ecs(sim, account).send(new DescribeServicesCommand({ cluster, services: [service] }));
  return services[0];
}

describe('the example Services across accounts', () => {
  let workspace: Workspace;
  let sim: Simulation;

  beforeEach(async () => {
    workspace = await exampleWorkspace({ set: 'services' });
    sim = simulation({ asyncDelayMs: 5 });
  });
  afterEach(() => workspace.cleanup());

  it('converges from empty; a second run is all noop, with zero mutating calls and reads within the budget', async () => {
    const first = await converge(workspace, sim);
    expect(first.plan.summary).toMatchObject({ create: RESOURCES, delete: 0 });
    sim.calls.reset();
    const second = await engineRun(workspace.dir, sim);
    expect(second.plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, noop: RESOURCES });
    expect(sim.calls.mutatingOperations()).toEqual({});
    expect(sim.calls.total()).toBeLessThanOrEqual(SECOND_RUN_READ_BUDGET);
  });

  it('points each consumer\'s endpoint at its provider\'s endpoint service, and its tasks at the endpoint', async () => {
    await converge(workspace, sim);
    for (const [consumer, provider, variable] of [
      [API_CONSUMER, API_SERVICE, 'API_URL_HOST'],
      [USER_CONSUMER, USER_SERVICE, 'USER_SERVICE_HOST'],
    ] as const) {
      const service = await endpointService(sim, provider);
      const { VpcEndpoints = [] } = await ec2(sim, consumer).send(new DescribeVpcEndpointsCommand({}));
      expect(VpcEndpoints.map((endpoint) => [endpoint.ServiceName, endpoint.VpcEndpointType, endpoint.PrivateDnsEnabled])).toEqual([[service.ServiceName, 'Interface', false]]);
      const dnsName = VpcEndpoints[0]!.DnsEntries?.[0]?.DnsName;
      expect(dnsName).toBeTruthy();
      const { taskDefinition } = await ecs(sim, consumer).send(new DescribeTaskDefinitionCommand({ taskDefinition: consumer === API_CONSUMER ? 'api-consumer' : 'user-consumer' }));
      expect(taskDefinition?.containerDefinitions?.[0]?.environment).toContainEqual({ name: variable, value: dnsName });
    }
  });

  it('allows exactly the consuming accounts, accepts a declared consumer and rejects an undeclared account', async () => {
    await converge(workspace, sim);
    expect(await allowedPrincipals(sim, API_SERVICE)).toEqual([`arn:aws:iam::${API_CONSUMER}:root`]);
    expect(await allowedPrincipals(sim, USER_SERVICE)).toEqual([`arn:aws:iam::${USER_CONSUMER}:root`]);
    expect(await connectionStates(sim, API_SERVICE)).toEqual({ [API_CONSUMER]: 'available' });

    // Out of band: user-consumer's account is allowed on api-service and connects; it consumes only user-service.
    const service = await endpointService(sim, API_SERVICE);
    await ec2(sim, API_SERVICE).send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: service.ServiceId, AddAllowedPrincipals: [`arn:aws:iam::${USER_CONSUMER}:root`] }));
    const ids = await liveIds(workspace, sim);
    await ec2(sim, USER_CONSUMER).send(
      new CreateVpcEndpointCommand({
        VpcId: ids['network/core/vpc/main'],
        ServiceName: service.ServiceName,
        VpcEndpointType: 'Interface',
        SubnetIds: [ids['network/core/subnet/private-a']!],
        SecurityGroupIds: [ids['service/user-consumer/security-group/main']!],
      }),
    );
    expect(await connectionStates(sim, API_SERVICE)).toEqual({ [API_CONSUMER]: 'available', [USER_CONSUMER]: 'pendingAcceptance' });
    expect(await pending(workspace, sim)).toEqual([`service/api-service/vpc-endpoint-service/main update`]);

    await converge(workspace, sim);
    expect(await allowedPrincipals(sim, API_SERVICE)).toEqual([`arn:aws:iam::${API_CONSUMER}:root`]);
    expect(await connectionStates(sim, API_SERVICE)).toEqual({ [API_CONSUMER]: 'available', [USER_CONSUMER]: 'rejected' });
    expect(await pending(workspace, sim)).toEqual([]);
  });

  it('a new image registers exactly one revision and updates only the ECS service', async () => {
    await converge(workspace, sim);
    await workspace.edit('api-service.json', (manifest) => (manifest.spec.image = 'public.ecr.aws/example/api-service:1.1.0'));
    // a new revision of the task definition (however the plan calls it), and the service moved to it
    expect((await pending(workspace, sim)).map((change) => change.split(' ')[0]).sort()).toEqual(['service/api-service/ecs-service/main', 'service/api-service/task-definition/main']);
    sim.calls.reset();
    await converge(workspace, sim);
    expect(sim.calls.mutatingOperations()).toEqual({ 'ECS:RegisterTaskDefinition': 1, 'ECS:UpdateService': 1 });
    const { taskDefinitionArns = [] } = await ecs(sim, API_SERVICE).send(new ListTaskDefinitionsCommand({ familyPrefix: 'api-service' }));
    expect(taskDefinitionArns.map((arn) => arn.split(':').pop())).toEqual(['1', '2']);
    expect((await ecsService(sim, API_SERVICE, 'api-service', 'api-service'))?.taskDefinition).toMatch(/:task-definition\/api-service:2$/);
    expect(await pending(workspace, sim)).toEqual([]);
  });

  it('a new desiredCount updates only the ECS service', async () => {
    await converge(workspace, sim);
    await workspace.edit('user-service.json', (manifest) => (manifest.spec.desiredCount = 4));
    expect(await pending(workspace, sim)).toEqual(['service/user-service/ecs-service/main update']);
    sim.calls.reset();
    await converge(workspace, sim);
    expect(sim.calls.mutatingOperations()).toEqual({ 'ECS:UpdateService': 1 });
    expect((await ecsService(sim, USER_SERVICE, 'user-service', 'user-service'))?.desiredCount).toBe(4);
  });

  it('ignoreDrift ["/desiredCount"] accepts a count changed out of band; without it the count is repaired', async () => {
    await converge(workspace, sim);
    await ecs(sim, API_SERVICE).send(new UpdateServiceCommand({ cluster: 'api-service', service: 'api-service', desiredCount: 5 }));
    expect(await pending(workspace, sim)).toEqual(['service/api-service/ecs-service/main update']);

    await workspace.edit('api-service.json', (manifest) => (manifest.metadata.ignoreDrift = ['/desiredCount']));
    expect(await pending(workspace, sim)).toEqual([]);

    await workspace.edit('api-service.json', (manifest) => delete manifest.metadata.ignoreDrift);
    await converge(workspace, sim);
    expect((await ecsService(sim, API_SERVICE, 'api-service', 'api-service'))?.desiredCount).toBe(2);
  });

  it('removing a consumption deletes the consumer\'s endpoint and removes its account from the principals, in one run', async () => {
    await converge(workspace, sim);
    await workspace.edit('api-consumer.json', (manifest) => delete manifest.spec.consume);
    await converge(workspace, sim);
    const { VpcEndpoints = [] } = await ec2(sim, API_CONSUMER).send(new DescribeVpcEndpointsCommand({}));
    expect(VpcEndpoints.filter((endpoint) => String(endpoint.State).toLowerCase() !== 'deleted')).toEqual([]);
    expect(await allowedPrincipals(sim, API_SERVICE)).toEqual([]);
    expect(await pending(workspace, sim)).toEqual([]);
  });

  it('removing a provider (and its consumption) deletes in order, with nothing left behind', async () => {
    await converge(workspace, sim);
    await workspace.remove('api-service.json');
    await workspace.edit('api-consumer.json', (manifest) => delete manifest.spec.consume);
    const events: ApplyEvent[] = [];
    // Everything api-service's account holds goes: the prune guard wants that confirmed (--allow-deletions).
    await converge(workspace, sim, events, 15);
    const deleted = (address: string) => events.findIndex((event) => event.kind === 'done' && event.step === 'delete' && event.address === address);
    const started = (address: string) => events.findIndex((event) => event.kind === 'start' && event.step === 'delete' && event.address === address);
    // Each delete waits for what AWS refuses it while it exists: the endpoint service (which rejects its
    // connections first) and the listener before the NLB, the listener and the ECS service before the
    // target group (ResourceInUse), the ECS service before its cluster.
    const at = (type: string) => `service/api-service/${type}/main`;
    for (const [before, after] of [
      ['vpc-endpoint-service', 'load-balancer'],
      ['listener', 'load-balancer'],
      ['listener', 'target-group'],
      ['ecs-service', 'target-group'],
      ['ecs-service', 'ecs-cluster'],
    ] as const) {
      expect(deleted(at(before)), before).toBeGreaterThanOrEqual(0);
      expect(deleted(at(before)), `${before} before ${after}`).toBeLessThan(started(at(after)));
    }
    const { ServiceConfigurations = [] } = await ec2(sim, API_SERVICE).send(new DescribeVpcEndpointServiceConfigurationsCommand({}));
    expect(ServiceConfigurations.filter((service) => service.ServiceState !== 'Deleted')).toEqual([]);
    const { LoadBalancers = [] } = await elbv2(sim, API_SERVICE).send(new DescribeLoadBalancersCommand({}));
    expect(LoadBalancers).toEqual([]);
    const { TargetGroups = [] } = await elbv2(sim, API_SERVICE).send(new DescribeTargetGroupsCommand({}));
    expect(TargetGroups).toEqual([]);
    const { clusterArns = [] } = await ecs(sim, API_SERVICE).send(new ListClustersCommand({}));
    expect(clusterArns).toEqual([]);
    expect(Object.keys(await liveIds(workspace, sim)).filter((address) => address.startsWith('service/api-service/'))).toEqual([]);
    expect(await pending(workspace, sim)).toEqual([]);
  });

  it('repairs drift: a principal added out of band, the desired count, the listener port', async () => {
    await converge(workspace, sim);
    const service = await endpointService(sim, USER_SERVICE);
    await ec2(sim, USER_SERVICE).send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: service.ServiceId, AddAllowedPrincipals: ['arn:aws:iam::999999999999:root'] }));
    await ecs(sim, USER_SERVICE).send(new UpdateServiceCommand({ cluster: 'user-service', service: 'user-service', desiredCount: 0 }));
    const { Listeners = [] } = await elbv2(sim, API_SERVICE).send(new DescribeListenersCommand({ LoadBalancerArn: (await liveIds(workspace, sim))['service/api-service/load-balancer/main'] }));
    await elbv2(sim, API_SERVICE).send(new ModifyListenerCommand({ ListenerArn: Listeners[0]!.ListenerArn, Port: 8443 }));

    expect((await pending(workspace, sim)).sort()).toEqual([
      'service/api-service/listener/main update',
      'service/user-service/ecs-service/main update',
      'service/user-service/vpc-endpoint-service/main update',
    ]);
    await converge(workspace, sim);
    expect(await allowedPrincipals(sim, USER_SERVICE)).toEqual([`arn:aws:iam::${USER_CONSUMER}:root`]);
    expect((await ecsService(sim, USER_SERVICE, 'user-service', 'user-service'))?.desiredCount).toBe(2);
    const after = await elbv2(sim, API_SERVICE).send(new DescribeListenersCommand({ ListenerArns: [Listeners[0]!.ListenerArn!] }));
    expect(after.Listeners?.[0]?.Port).toBe(443);
    expect(await pending(workspace, sim)).toEqual([]);
  });
});
