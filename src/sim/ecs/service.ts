/**
 * ECS services: CreateService, DescribeServices, ListServices, UpdateService, DeleteService; and the
 * ECS tagging calls (TagResource, UntagResource, ListTagsForResource) for clusters, services and task
 * definitions.
 *
 * References (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/):
 * - API_CreateService.html: `clientToken` "Up to 36 ASCII characters"; `serviceName` up to 255 letters,
 *   numbers, underscores and hyphens, "unique within a cluster"; tags ≤50; `networkConfiguration`
 *   `awsvpcConfiguration` subnets (≤16) and securityGroups (≤5); `loadBalancers`.
 * - Idempotency (ECS_Idempotency.html, docs/aws-behaviour.md 1a): the token is scoped per cluster; a replay with
 *   the same parameters returns the original service. A different request with a used token answers
 *   `ConflictException` here (RunTask's rule; CreateService's is unconfirmed).
 * - API_DeleteService.html: "If you attempt to create a new service with the same name as an existing
 *   service in either ACTIVE or DRAINING status, you receive an error" — in practice
 *   `InvalidParameterException: Creation of service was not idempotent.` (docs/aws-behaviour.md 1, TF #2283).
 *   DeleteService needs `force` or a desiredCount of 0 ("you must scale it down to zero … or use force");
 *   the service goes DRAINING, then INACTIVE (here: `asyncDelayMs` after the delete).
 * - API_DescribeServices.html: ≤10 services, `include: ["TAGS"]`; a missing one is `failures[]` with
 *   reason `MISSING` (docs/aws-behaviour.md 1c).
 * - API_ListServices.html: `maxResults` 1–100, default 10; ARNs of ACTIVE services only (DRAINING
 *   services are omitted, docs/aws-behaviour.md 1c).
 * - API_UpdateService.html: `ServiceNotActiveException` ("Service was not ACTIVE.", hashicorp/terraform#3582)
 *   for a DRAINING or INACTIVE service, `ServiceNotFoundException` for an unknown one. DeleteService of a
 *   DRAINING or INACTIVE service succeeds and returns it unchanged (aws/aws-cli#1334, aws/aws-sdk-js#4189).
 *
 * - API_CreateService.html `vpcLatticeConfigurations` (API_VpcLatticeConfiguration.html): `roleArn` (the
 *   ECS infrastructure role), `targetGroupArn` (a VPC Lattice target group), `portName` ("the name of the
 *   portMapping you defined in your task definition"). Reported on the PRIMARY deployment
 *   (API_Deployment.html), not on the service. The simulation checks the target group exists in this
 *   account and region with type IP (awsvpc tasks register by IP) and that the task definition has a port
 *   mapping of that name (InvalidParameterException otherwise; the messages are the simulation's own).
 *   It runs no tasks, so it registers no targets (as with NLB target groups).
 *
 * Deployments: after a create or an update that changes the task definition, the new PRIMARY deployment
 * is IN_PROGRESS with its tasks pending for `asyncDelayMs`, then COMPLETED with runningCount = desiredCount
 * (what the ServicesStable waiter polls).
 */
import type {
  CreateServiceCommandInput,
  CreateServiceCommandOutput,
  DeleteServiceCommandInput,
  DeleteServiceCommandOutput,
  Deployment,
  DescribeServicesCommandInput,
  DescribeServicesCommandOutput,
  Failure,
  ListServicesCommandInput,
  ListServicesCommandOutput,
  ListTagsForResourceCommandInput,
  ListTagsForResourceCommandOutput,
  LoadBalancer,
  NetworkConfiguration,
  Service,
  TagResourceCommandInput,
  TagResourceCommandOutput,
  UntagResourceCommandInput,
  UntagResourceCommandOutput,
  UpdateServiceCommandInput,
  UpdateServiceCommandOutput,
  VpcLatticeConfiguration,
} from '@aws-sdk/client-ecs';
import { resolveTargetGroup as resolveLatticeTargetGroup } from '../lattice/service.js';
import { withClientToken } from '../client-token.js';
import { fromJsonSafe, toJsonSafe } from '../json-safe.js';
import { defineHandler, type HandlerContext, type SimModule, type TaggedResource } from '../module.js';
import { pageAfter } from '../paging.js';
import type { ResourceRecord } from '../state.js';
import { CLUSTER_KIND, clusters, requireCluster, type ClusterRecord } from './cluster.js';
import { ecsArn, ecsPageSize, ecsTagList, invalidToken, mergeEcsTags, nameOf } from './common.js';
import { listeners as elbListeners, targetGroups } from '../elbv2/common.js';
import { requireTaskDefinition, taskDefinitions } from './task-definition.js';
import { usableSubnets } from '../ec2/shared-vpc.js';
import { asyncDelayFor } from '../options.js';

export type ServiceStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE';

/** Keyed `<cluster>/<service>`. */
export interface ServiceRecord extends ResourceRecord {
  arn: string;
  name: string;
  cluster: string;
  clusterArn: string;
  taskDefinition: string;
  desiredCount: number;
  launchType?: string;
  networkConfiguration?: unknown;
  loadBalancers: unknown;
  /** CreateService/UpdateService `vpcLatticeConfigurations`, reported on the PRIMARY deployment. */
  vpcLatticeConfigurations?: unknown;
  /** CreateService/UpdateService `healthCheckGracePeriodSeconds` (services with a load balancer), reported by DescribeServices. */
  healthCheckGracePeriodSeconds?: number;
  deploymentId: string;
  /** Epoch ms of the create or of the last update that started a deployment. */
  deployedAt: number;
  deletedAt?: number;
}

export function services(ctx: HandlerContext): Record<string, ServiceRecord> {
  return ctx.collection<ServiceRecord>('ecs', 'services');
}

export function serviceStatus(ctx: HandlerContext, record: ServiceRecord): ServiceStatus {
  if (record.deletedAt === undefined) return 'ACTIVE';
  return ctx.now >= record.deletedAt + (asyncDelayFor(ctx.options, 'ecs:service')) ? 'INACTIVE' : 'DRAINING';
}

function toService(ctx: HandlerContext, record: ServiceRecord, withTags: boolean): Service {
  const status = serviceStatus(ctx, record);
  const settled = ctx.now >= record.deployedAt + (asyncDelayFor(ctx.options, 'ecs:service'));
  const desired = status === 'ACTIVE' ? record.desiredCount : 0;
  const running = status === 'ACTIVE' ? (settled ? desired : 0) : 0;
  const networkConfiguration = record.networkConfiguration === undefined ? undefined : (fromJsonSafe(record.networkConfiguration) as NetworkConfiguration);
  const deployment: Deployment = {
    id: record.deploymentId,
    status: 'PRIMARY',
    taskDefinition: record.taskDefinition,
    desiredCount: desired,
    pendingCount: desired - running,
    runningCount: running,
    failedTasks: 0,
    createdAt: new Date(record.deployedAt),
    updatedAt: new Date(record.deployedAt),
    launchType: record.launchType as Deployment['launchType'],
    networkConfiguration,
    rolloutState: settled ? 'COMPLETED' : 'IN_PROGRESS',
    ...(record.vpcLatticeConfigurations === undefined ? {} : { vpcLatticeConfigurations: fromJsonSafe(record.vpcLatticeConfigurations) as VpcLatticeConfiguration[] }),
  };
  return {
    serviceArn: record.arn,
    serviceName: record.name,
    clusterArn: record.clusterArn,
    status,
    desiredCount: desired,
    runningCount: running,
    pendingCount: desired - running,
    taskDefinition: record.taskDefinition,
    launchType: record.launchType as Service['launchType'],
    schedulingStrategy: 'REPLICA',
    networkConfiguration,
    loadBalancers: fromJsonSafe(record.loadBalancers) as LoadBalancer[],
    ...(record.healthCheckGracePeriodSeconds === undefined ? {} : { healthCheckGracePeriodSeconds: record.healthCheckGracePeriodSeconds }),
    deployments: status === 'INACTIVE' ? [] : [deployment],
    events: [],
    createdAt: new Date(record.createdAt),
    ...(withTags ? { tags: ecsTagList(record.tags) } : {}),
  };
}

function serviceArn(ctx: HandlerContext, cluster: string, name: string): string {
  return ecsArn(ctx, `service/${cluster}/${name}`);
}

function findService(ctx: HandlerContext, cluster: ClusterRecord, nameOrArn: string | undefined): ServiceRecord | undefined {
  const record = services(ctx)[`${cluster.id}/${nameOf(nameOrArn ?? '')}`];
  return record && ctx.isVisible(record) ? record : undefined;
}

function requireActiveService(ctx: HandlerContext, cluster: ClusterRecord, nameOrArn: string | undefined): ServiceRecord {
  const record = findService(ctx, cluster, nameOrArn);
  if (!record) throw ctx.error('ServiceNotFoundException', 'Service not found.');
  if (serviceStatus(ctx, record) !== 'ACTIVE') throw ctx.error('ServiceNotActiveException', 'Service was not ACTIVE.');
  return record;
}

function validateNetwork(ctx: HandlerContext, network: NetworkConfiguration | undefined): void {
  const awsvpc = network?.awsvpcConfiguration;
  if (!network) return;
  if (!awsvpc) throw ctx.error('InvalidParameterException', 'Network Configuration must contain an awsvpcConfiguration.');
  const subnets = awsvpc.subnets ?? [];
  if (subnets.length < 1 || subnets.length > 16) throw ctx.error('InvalidParameterException', 'subnets can have at least 1 and at most 16 items.');
  if ((awsvpc.securityGroups ?? []).length > 5) throw ctx.error('InvalidParameterException', 'securityGroups can have at most 5 items.');
  const known = usableSubnets(ctx);
  for (const subnet of subnets) {
    const record = known[subnet];
    if (!record || !ctx.isVisible(record)) {
      throw ctx.error('InvalidParameterException', `Error retrieving subnet information for [${subnet}]: The subnet ID '${subnet}' does not exist`);
    }
  }
}

/**
 * Each `loadBalancers[].targetGroupArn` must name a target group of this account and region that a
 * listener of a load balancer forwards to; with awsvpc networking its target type must be `ip`. The
 * messages are AWS's: a target group ECS cannot find gives the notorious "Unable to assume role and
 * validate the specified targetGroupArn…" (docs/aws-behaviour.md 1, TF `serviceCreateWithRetry` retries on it), one
 * without a load balancer "The target group with targetGroupArn … does not have an associated load
 * balancer." (both InvalidParameterException).
 */
function validateLoadBalancers(ctx: HandlerContext, loadBalancers: readonly LoadBalancer[] | undefined, networkMode: string | undefined): void {
  for (const lb of loadBalancers ?? []) {
    const arn = lb.targetGroupArn;
    if (!arn) continue;
    const group = targetGroups(ctx)[arn];
    if (!group || !ctx.isVisible(group)) {
      throw ctx.error(
        'InvalidParameterException',
        'Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions.',
      );
    }
    if (!Object.values(elbListeners(ctx)).some((l) => l.targetGroupArns.includes(arn))) {
      throw ctx.error('InvalidParameterException', `The target group with targetGroupArn ${arn} does not have an associated load balancer.`);
    }
    if (networkMode === 'awsvpc' && group.targetType !== 'ip') {
      throw ctx.error(
        'InvalidParameterException',
        `The provided target group ${arn} has target type ${group.targetType}, which is incompatible with the awsvpc network mode specified in the task definition.`,
      );
    }
  }
}

/** `vpcLatticeConfigurations` (see the module comment): each target group an IP Lattice group here, each port name a mapping of the task definition. */
function validateLattice(ctx: HandlerContext, configurations: readonly VpcLatticeConfiguration[] | undefined, definition: unknown): void {
  const portNames = new Set(
    ((definition as { containerDefinitions?: { portMappings?: { name?: string }[] }[] }).containerDefinitions ?? []).flatMap((container) =>
      (container.portMappings ?? []).flatMap((mapping) => mapping.name ?? []),
    ),
  );
  for (const configuration of configurations ?? []) {
    if (!configuration.roleArn?.startsWith('arn:')) throw ctx.error('InvalidParameterException', 'vpcLatticeConfigurations.roleArn must be an IAM role ARN.');
    let group;
    try {
      group = resolveLatticeTargetGroup(ctx, configuration.targetGroupArn);
    } catch {
      throw ctx.error('InvalidParameterException', `The VPC Lattice target group ${configuration.targetGroupArn ?? ''} does not exist.`);
    }
    if (group.type !== 'IP') throw ctx.error('InvalidParameterException', `The VPC Lattice target group ${group.arn} has type ${group.type}; awsvpc tasks need type IP.`);
    if (!configuration.portName || !portNames.has(configuration.portName)) {
      throw ctx.error('InvalidParameterException', `The task definition has no port mapping named ${configuration.portName ?? '(none)'}.`);
    }
  }
}

/** The resource a tagging ARN names, or `ResourceNotFoundException`. */
function taggable(ctx: HandlerContext, arn: string | undefined): ResourceRecord {
  const prefix = ecsArn(ctx, '');
  const resource = arn?.startsWith(prefix) ? arn.slice(prefix.length) : undefined;
  let record: ResourceRecord | undefined;
  if (resource?.startsWith('cluster/')) {
    const cluster = clusters(ctx)[resource.slice('cluster/'.length)];
    record = cluster?.status === 'ACTIVE' ? cluster : undefined;
  } else if (resource?.startsWith('service/')) {
    const service = services(ctx)[resource.slice('service/'.length)];
    record = service && serviceStatus(ctx, service) !== 'INACTIVE' ? service : undefined;
  } else if (resource?.startsWith('task-definition/')) {
    const definition = taskDefinitions(ctx)[resource.slice('task-definition/'.length)];
    record = definition?.status !== 'DELETE_IN_PROGRESS' ? definition : undefined;
  }
  if (!record || !ctx.isVisible(record)) throw ctx.error('ResourceNotFoundException', 'The specified resource could not be found.');
  return record;
}

export const serviceModule: SimModule = {
  name: 'ecs/service',
  dependents: {
    // DeleteCluster: ACTIVE and DRAINING services keep their cluster.
    [CLUSTER_KIND]: (ctx, cluster) =>
      Object.values(services(ctx))
        .filter((s) => s.cluster === cluster && serviceStatus(ctx, s) !== 'INACTIVE')
        .map((s) => s.arn),
  },
  taggedResources: (ctx): TaggedResource[] =>
    Object.values(services(ctx))
      .filter((r) => serviceStatus(ctx, r) !== 'INACTIVE' && Object.keys(r.tags).length > 0)
      .map((r) => ({ arn: r.arn, resourceType: 'ecs:service', tags: r.tags, createdAt: r.createdAt })),
  handlers: {
    'ECS:CreateService': defineHandler<CreateServiceCommandInput, CreateServiceCommandOutput>((ctx, input) => {
      const cluster = requireCluster(ctx, input.cluster);
      if (input.clientToken !== undefined && input.clientToken.length > 36) {
        throw ctx.error('InvalidParameterException', 'clientToken can have at most 36 characters.');
      }
      const token = input.clientToken === undefined ? undefined : `${cluster.id}/${input.clientToken}`;
      return withClientToken(ctx, token, { ...input, cluster: cluster.id }, () => {
        const name = input.serviceName ?? '';
        if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
          throw ctx.error('InvalidParameterException', 'Service name can have up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.');
        }
        const key = `${cluster.id}/${name}`;
        const existing = services(ctx)[key];
        if (existing && serviceStatus(ctx, existing) !== 'INACTIVE') {
          throw ctx.error('InvalidParameterException', 'Creation of service was not idempotent.');
        }
        const taskDefinition = requireTaskDefinition(ctx, input.taskDefinition);
        if (taskDefinition.status !== 'ACTIVE') throw ctx.error('ClientException', 'TaskDefinition is inactive');
        const desiredCount = input.desiredCount ?? 0;
        if (desiredCount < 0) throw ctx.error('InvalidParameterException', 'desiredCount must be at least 0.');
        validateNetwork(ctx, input.networkConfiguration);
        validateLoadBalancers(ctx, input.loadBalancers, (taskDefinition.definition as { networkMode?: string }).networkMode);
        validateLattice(ctx, input.vpcLatticeConfigurations, taskDefinition.definition);
        const record: ServiceRecord = {
          id: key,
          createdAt: ctx.now,
          tags: mergeEcsTags(ctx, {}, input.tags),
          arn: serviceArn(ctx, cluster.id, name),
          name,
          cluster: cluster.id,
          clusterArn: cluster.arn,
          taskDefinition: taskDefinition.arn,
          desiredCount,
          ...(input.launchType ? { launchType: input.launchType } : {}),
          ...(input.networkConfiguration ? { networkConfiguration: toJsonSafe(input.networkConfiguration) } : {}),
          loadBalancers: toJsonSafe(input.loadBalancers ?? []),
          ...(input.vpcLatticeConfigurations && input.vpcLatticeConfigurations.length > 0 ? { vpcLatticeConfigurations: toJsonSafe(input.vpcLatticeConfigurations) } : {}),
          ...(input.healthCheckGracePeriodSeconds === undefined ? {} : { healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds }),
          deploymentId: `ecs-svc/${BigInt('0x' + ctx.randomHex(15)).toString().padStart(19, '0').slice(0, 19)}`,
          deployedAt: ctx.now,
        };
        services(ctx)[key] = record;
        return { service: toService(ctx, record, false) };
      }, 'clientToken');
    }),

    'ECS:DescribeServices': defineHandler<DescribeServicesCommandInput, DescribeServicesCommandOutput>((ctx, input) => {
      const names = input.services ?? [];
      if (names.length < 1 || names.length > 10) throw ctx.error('InvalidParameterException', 'services can have at least 1 and at most 10 items.');
      const cluster = requireCluster(ctx, input.cluster);
      const withTags = (input.include ?? []).includes('TAGS');
      const found: Service[] = [];
      const failures: Failure[] = [];
      for (const nameOrArn of names) {
        const record = findService(ctx, cluster, nameOrArn);
        if (record) found.push(toService(ctx, record, withTags));
        else failures.push({ arn: nameOrArn.startsWith('arn:') ? nameOrArn : serviceArn(ctx, cluster.id, nameOrArn), reason: 'MISSING' });
      }
      return { services: found, failures };
    }),

    'ECS:ListServices': defineHandler<ListServicesCommandInput, ListServicesCommandOutput>((ctx, input) => {
      const cluster = requireCluster(ctx, input.cluster);
      const size = ecsPageSize(ctx, input.maxResults, 10);
      const active = Object.values(services(ctx)).filter(
        (s) => s.cluster === cluster.id && ctx.isVisible(s) && serviceStatus(ctx, s) === 'ACTIVE' && (!input.launchType || s.launchType === input.launchType),
      );
      const { page, next } = pageAfter(active, (s) => s.arn, input.nextToken, size, invalidToken(ctx));
      return { serviceArns: page.map((s) => s.arn), nextToken: next };
    }),

    'ECS:UpdateService': defineHandler<UpdateServiceCommandInput, UpdateServiceCommandOutput>((ctx, input) => {
      const cluster = requireCluster(ctx, input.cluster);
      const record = requireActiveService(ctx, cluster, input.service);
      if (input.desiredCount !== undefined && input.desiredCount < 0) throw ctx.error('InvalidParameterException', 'desiredCount must be at least 0.');
      const taskDefinition = input.taskDefinition === undefined ? undefined : requireTaskDefinition(ctx, input.taskDefinition);
      if (taskDefinition && taskDefinition.status !== 'ACTIVE') throw ctx.error('ClientException', 'TaskDefinition is inactive');
      validateNetwork(ctx, input.networkConfiguration);
      validateLoadBalancers(ctx, input.loadBalancers, ((taskDefinition ?? requireTaskDefinition(ctx, record.taskDefinition)).definition as { networkMode?: string }).networkMode);
      let redeploy = input.forceNewDeployment === true;
      if (taskDefinition && taskDefinition.arn !== record.taskDefinition) {
        record.taskDefinition = taskDefinition.arn;
        redeploy = true;
      }
      if (input.networkConfiguration) {
        record.networkConfiguration = toJsonSafe(input.networkConfiguration);
        redeploy = true;
      }
      if (input.loadBalancers) {
        record.loadBalancers = toJsonSafe(input.loadBalancers);
        redeploy = true;
      }
      if (input.vpcLatticeConfigurations) {
        validateLattice(ctx, input.vpcLatticeConfigurations, (taskDefinition ?? requireTaskDefinition(ctx, record.taskDefinition)).definition);
        if (input.vpcLatticeConfigurations.length > 0) record.vpcLatticeConfigurations = toJsonSafe(input.vpcLatticeConfigurations);
        else delete record.vpcLatticeConfigurations;
        redeploy = true;
      }
      if (input.healthCheckGracePeriodSeconds !== undefined) record.healthCheckGracePeriodSeconds = input.healthCheckGracePeriodSeconds;
      if (input.desiredCount !== undefined && input.desiredCount !== record.desiredCount) {
        record.desiredCount = input.desiredCount;
        redeploy = true;
      }
      if (redeploy) {
        record.deployedAt = ctx.now;
        record.deploymentId = `ecs-svc/${BigInt('0x' + ctx.randomHex(15)).toString().padStart(19, '0').slice(0, 19)}`;
      }
      return { service: toService(ctx, record, false) };
    }),

    'ECS:DeleteService': defineHandler<DeleteServiceCommandInput, DeleteServiceCommandOutput>((ctx, input) => {
      const cluster = requireCluster(ctx, input.cluster);
      const found = findService(ctx, cluster, input.service);
      if (!found) throw ctx.error('ServiceNotFoundException', 'Service not found.');
      // Deleting a DRAINING or INACTIVE service succeeds and answers it as it is (aws/aws-cli#1334,
      // aws/aws-sdk-js#4189); only UpdateService answers ServiceNotActiveException.
      if (serviceStatus(ctx, found) !== 'ACTIVE') return { service: toService(ctx, found, false) };
      const record = found;
      if (!input.force && record.desiredCount > 0) {
        throw ctx.error('InvalidParameterException', 'The service cannot be stopped while it is scaled above 0.');
      }
      record.deletedAt = ctx.now;
      return { service: toService(ctx, record, false) };
    }),

    'ECS:TagResource': defineHandler<TagResourceCommandInput, TagResourceCommandOutput>((ctx, input) => {
      const record = taggable(ctx, input.resourceArn);
      if ((input.tags ?? []).length === 0) throw ctx.error('InvalidParameterException', 'tags can have at least 1 item.');
      record.tags = mergeEcsTags(ctx, record.tags, input.tags);
      return {};
    }),

    'ECS:UntagResource': defineHandler<UntagResourceCommandInput, UntagResourceCommandOutput>((ctx, input) => {
      const record = taggable(ctx, input.resourceArn);
      for (const key of input.tagKeys ?? []) delete record.tags[key];
      return {};
    }),

    'ECS:ListTagsForResource': defineHandler<ListTagsForResourceCommandInput, ListTagsForResourceCommandOutput>((ctx, input) => ({
      tags: ecsTagList(taggable(ctx, input.resourceArn).tags),
    })),
  },
};
