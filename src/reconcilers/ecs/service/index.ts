/**
 * ECS services on Fargate (awsvpc, no public IP), registered with their target groups.
 *
 * Idempotency: token-keyed. CreateService takes a `clientToken` of up to 36 characters, scoped per
 * cluster (API_CreateService.html, ECS_Idempotency.html); the engine's per-run token is cut to 36.
 *
 * Observe cost per scope (S = services in the cluster; ListServices returns ARNs only and omits
 * DRAINING services, DescribeServices takes ≤10 names or ARNs and reports missing ones in `failures`,
 * docs/aws-behaviour.md §1c):
 * - the owned clusters: ListClusters + DescribeClusters (include TAGS), ⌈clusters / 100⌉ each;
 * - the scope's one Resource Groups Tagging API listing (`../../tagging.ts`, shared with the Lattice types
 *   and task definitions; with an address, before a retry, a GetResources of its own): the owned services
 *   wherever they are, a named shared cluster this owner does not own included;
 * - per owned cluster ⌈services / 10⌉ DescribeServices (include TAGS) of the desired services' names
 *   (observe's hints, `ctx.desired`) and what the tagging listing names there. ListServices
 *   (maxResults 100, ⌈S / 100⌉) only for an owned cluster no desired service is in — one being emptied —
 *   and for every owned cluster before a retry. The tagging listing lags behind creates: a service
 *   created minutes ago that is no longer desired, in a cluster that still has desired ones, may be
 *   missed by one run and is pruned by the next; a desired one is always read by its name.
 * For one Service in its own cluster: 3 calls and its share of the tagging listing. Only ACTIVE services
 * are live; DRAINING and INACTIVE ones are going or gone.
 *
 * Create errors (InvalidParameterException, told apart by message only):
 * - IAM propagation: a role created a moment ago may not be assumable by ECS yet ("ECS was unable to
 *   assume the role…", docs/aws-behaviour.md §4d; terraform-provider-aws retries "Unable to assume the service
 *   linked role" and the target-group message "Unable to assume role and validate the specified
 *   targetGroupArn…", `serviceCreateWithRetry`). Those messages, and no other InvalidParameterException,
 *   are a RetryAfterError: nothing was created.
 * - "Creation of service was not idempotent.": a service of that name is ACTIVE or DRAINING
 *   (API_DeleteService.html; TF #2283). The service is described: DRAINING → RetryAfterError (it goes
 *   INACTIVE by itself within minutes); ACTIVE with our owner and address → adopted (an earlier run's
 *   create whose response was lost); otherwise a terminal error naming the service.
 *
 * Delete: UpdateService desiredCount 0, DeleteService with `force`, then wait until the service is
 * INACTIVE (or MISSING), as terraform-provider-aws does, so that its cluster's delete right after succeeds
 * (DeleteCluster answers ClusterContainsServicesException while a service is DRAINING).
 */
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  paginateListServices,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { errorCode } from '../../../core/classify.js';
import { RetryAfterError, TerminalError } from '../../../core/errors.js';
import type { ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler, type Observed } from '../../../core/resource-type.js';
import { isRef, TAG_ADDRESS, TAG_OWNER } from '../../../core/types.js';
import { SECURITY_GROUP_TYPE } from '../../ec2/security-group/sdk.js';
import { SUBNET_TYPE } from '../../ec2/subnet/sdk.js';
import { TARGET_GROUP } from '../../elbv2/target-group/type.js';
import { LATTICE_TARGET_GROUP } from '../../lattice/target-group/type.js';
import { ownedOfType } from '../../tagging.js';
import { waitUntil } from '../../wait.js';
import { ownedClusters } from '../cluster/index.js';
import { CLUSTER_TYPE } from '../cluster/sdk.js';
import { applyEcsTagChanges, chunks, fromEcsTags, releaseEcsOwnership } from '../tags.js';
import { TASK_DEFINITION_TYPE } from '../task-definition/sdk.js';
import { createServiceInput, diffService, ECS_SERVICE_TYPE, observedService, updateServiceInput } from './sdk.js';
import { ECS_SERVICE, type EcsServiceOutputs, type EcsServiceSpec } from './type.js';

/** ListServices maxResults 1–100 (default 10); DescribeServices ≤10. */
export const LIST_PAGE_SIZE = 100;
export const DESCRIBE_BATCH = 10;
/** How long to wait before retrying a create blocked by IAM propagation or a DRAINING namesake. */
export const IAM_PROPAGATION_RETRY_MS = 10_000;
export const DRAINING_RETRY_MS = 15_000;

/** The messages ECS gives while a new role is not assumable yet (see the module comment). */
const IAM_PROPAGATION = /unable to assume the role|unable to assume the service linked role|unable to assume role and validate the specified targetGroupArn/i;

type LiveService = Observed<EcsServiceSpec, EcsServiceOutputs>;

/** `arn:aws:ecs:<region>:<account>:service/<cluster>/<name>` → the cluster's ARN. */
function clusterArnOf(serviceArn: string): string | undefined {
  const match = /^(arn:[^:]+:ecs:[^:]+:\d+:)service\/([^/]+)\/[^/]+$/.exec(serviceArn);
  return match ? `${match[1]}cluster/${match[2]}` : undefined;
}

async function describeServices(ctx: ReconcilerContext, cluster: string, arns: readonly string[]): Promise<Service[]> {
  const ecs = ctx.clients.get(ECSClient);
  const result: Service[] = [];
  for (const services of chunks(arns, DESCRIBE_BATCH)) {
    const out = await ecs.send(new DescribeServicesCommand({ cluster, services, include: ['TAGS'] }));
    // Missing services are `failures[]` (reason MISSING), not an exception.
    result.push(...(out.services ?? []));
  }
  return result;
}

/**
 * The desired services' names by cluster (observe's hints, `ctx.desired`): the owned cluster whose
 * address a desired service's `clusterArn` refers to, or a literal cluster ARN.
 */
function desiredNames(ctx: ReconcilerContext, clusters: readonly { readonly id: string; readonly address?: string }[]): Map<string, string[]> {
  const byAddress = new Map(clusters.map((cluster) => [cluster.address, cluster.id]));
  const names = new Map<string, string[]>();
  for (const resource of ctx.desired ?? []) {
    const { clusterArn, serviceName } = resource.spec as { clusterArn?: unknown; serviceName?: unknown };
    const cluster = isRef(clusterArn) ? byAddress.get(clusterArn.$ref.address) : typeof clusterArn === 'string' ? clusterArn : undefined;
    if (cluster === undefined || typeof serviceName !== 'string') continue;
    const same = names.get(cluster);
    if (same) same.push(serviceName);
    else names.set(cluster, [serviceName]);
  }
  return names;
}

async function list(ctx: ReconcilerContext, address?: string): Promise<LiveService[]> {
  const ecs = ctx.clients.get(ECSClient);
  const byCluster = new Map<string, Set<string>>();
  const add = (cluster: string, service?: string) => {
    const services = byCluster.get(cluster) ?? new Set<string>();
    if (service) services.add(service);
    byCluster.set(cluster, services);
  };
  const owned = await ownedClusters(ctx);
  // Hints only in observe: before a retry (with an address) every owned cluster is listed.
  const wanted = address === undefined ? desiredNames(ctx, owned) : new Map<string, string[]>();
  for (const [cluster, names] of wanted) for (const name of names) add(cluster, name);
  for (const { id: cluster } of owned) {
    add(cluster);
    // A cluster with desired services: those are described by name, the rest come from the tagging listing.
    if (wanted.has(cluster)) continue;
    for await (const page of paginateListServices({ client: ecs, pageSize: LIST_PAGE_SIZE }, { cluster })) {
      for (const arn of page.serviceArns ?? []) add(cluster, arn.slice(arn.lastIndexOf('/') + 1));
    }
  }
  // The scope's one tagging API listing (shared with the Lattice types and task definitions); with an
  // address (before a retry) a GetResources of its own. Kept by name: a desired service it names too is
  // asked for once.
  for (const arn of (await ownedOfType(ctx, 'ecs:service', address)).keys()) {
    const cluster = clusterArnOf(arn);
    if (cluster) add(cluster, arn.slice(arn.lastIndexOf('/') + 1));
  }
  const result: LiveService[] = [];
  for (const [cluster, services] of byCluster) {
    if (services.size === 0) continue;
    let described: Service[];
    try {
      described = await describeServices(ctx, cluster, [...services].sort());
    } catch (error) {
      if (errorCode(error) === 'ClusterNotFoundException') continue; // a stale RGTA entry of a deleted cluster
      throw error;
    }
    for (const service of described) {
      if (service.status !== 'ACTIVE') continue;
      const live = observedService(service, ctx.scope);
      if (live.tags[TAG_OWNER] === ctx.owner && (address === undefined || live.address === address)) result.push(live);
    }
  }
  return result;
}

async function describeOne(ctx: ReconcilerContext, cluster: string, service: string): Promise<Service | undefined> {
  try {
    return (await describeServices(ctx, cluster, [service]))[0];
  } catch (error) {
    if (errorCode(error) === 'ClusterNotFoundException') return undefined;
    throw error;
  }
}

export const ecsServiceReconciler = defineReconciler({
  type: ECS_SERVICE,
  idempotency: 'token',
  // Target groups (elbv2:target-group) too: add it here once that type is registered.
  dependsOn: [CLUSTER_TYPE, TASK_DEFINITION_TYPE, SECURITY_GROUP_TYPE, SUBNET_TYPE, TARGET_GROUP.name, LATTICE_TARGET_GROUP.name, 'iam:role'],
  replaceFields: ['serviceName', 'clusterArn'],

  observe: (ctx) => list(ctx),
  findByAddress: (ctx, address) => list(ctx, address),
  diff: diffService,

  async create(ctx, desired, { clientToken }) {
    const ecs = ctx.clients.get(ECSClient);
    let service: Service | undefined;
    try {
      service = (await ecs.send(new CreateServiceCommand(createServiceInput(desired, clientToken)))).service;
    } catch (error) {
      if (errorCode(error) !== 'InvalidParameterException') throw error;
      const message = (error as Error).message ?? '';
      if (IAM_PROPAGATION.test(message)) {
        throw new RetryAfterError(`ECS cannot use a role or target group yet (IAM propagation): ${message}`, IAM_PROPAGATION_RETRY_MS);
      }
      if (!/not idempotent/i.test(message)) throw error;
      // Ours, from a create whose response was lost: the engine converges what differs as an update.
      const adopted = observedService(await namesake(ctx, desired), ctx.scope);
      return { id: adopted.id, outputs: adopted.outputs, spec: adopted.spec };
    }
    if (!service?.serviceArn) throw new Error('CreateService returned no service ARN');
    return { id: service.serviceArn, outputs: { arn: service.serviceArn, name: service.serviceName ?? desired.spec.serviceName } };
  },

  async update(ctx, desired, live, changes) {
    const input = updateServiceInput(desired, live, changes);
    if (input) await ctx.retry('update service', () => ctx.clients.get(ECSClient).send(new UpdateServiceCommand(input)));
    await applyEcsTagChanges(ctx, live.id, changes);
  },

  async delete(ctx, live) {
    const ecs = ctx.clients.get(ECSClient);
    const cluster = live.spec.clusterArn ?? clusterArnOf(live.id) ?? '';
    if ((live.spec.desiredCount ?? 1) > 0) {
      try {
        await ecs.send(new UpdateServiceCommand({ cluster, service: live.id, desiredCount: 0 }));
      } catch (error) {
        // Already DRAINING or INACTIVE: its delete has begun.
        if (errorCode(error) !== 'ServiceNotActiveException') throw error;
      }
    }
    await ecs.send(new DeleteServiceCommand({ cluster, service: live.id, force: true }));
    await waitUntil(
      ctx,
      `ECS service ${live.id} to be INACTIVE`,
      () => describeOne(ctx, cluster, live.id),
      (service) => service === undefined || service.status === 'INACTIVE',
    );
  },

  release: (ctx, live) => releaseEcsOwnership(ctx, live.id),
});

/** CreateService said a service of that name is ACTIVE or DRAINING: wait, adopt, or refuse. */
async function namesake(ctx: ReconcilerContext, desired: { readonly address: string; readonly tags: Readonly<Record<string, string>>; readonly spec: EcsServiceSpec }): Promise<Service> {
  const existing = await describeOne(ctx, desired.spec.clusterArn, desired.spec.serviceName);
  const name = `${desired.spec.serviceName} in ${desired.spec.clusterArn}`;
  if (!existing || existing.status === 'INACTIVE') {
    throw new RetryAfterError(`ECS service ${name} was not idempotent to create and is gone now: retrying`, DRAINING_RETRY_MS);
  }
  if (existing.status === 'DRAINING') {
    throw new RetryAfterError(`ECS service ${name} is still DRAINING from its deletion; a service of that name can be created once it is INACTIVE`, DRAINING_RETRY_MS);
  }
  const tags = fromEcsTags(existing.tags);
  if (tags[TAG_OWNER] === desired.tags[TAG_OWNER] && tags[TAG_ADDRESS] === desired.address) return existing;
  throw new TerminalError(
    `ECS service ${name} already exists and is not this resource (trellis:owner ${tags[TAG_OWNER] ?? '(none)'}, trellis:address ${tags[TAG_ADDRESS] ?? '(none)'})`,
  );
}

export { ECS_SERVICE_TYPE };
