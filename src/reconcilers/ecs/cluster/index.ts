/**
 * ECS clusters. Name-keyed: CreateCluster with the name of an ACTIVE cluster returns that cluster
 * (docs/aws-behaviour.md §1a: third-party evidence only, nandemo-ya/kecs#79), so a retried create is safe; the
 * tags of the cluster it answers are then checked (one DescribeClusters), so a cluster of someone else
 * with the same name is never adopted.
 *
 * Observe cost per scope: ListClusters (maxResults 100, API_ListClusters.html) and DescribeClusters
 * with `include: ["TAGS"]` for at most 100 clusters per call (API_DescribeClusters.html): ListClusters
 * returns ARNs only, so 2 × ⌈clusters in the region / 100⌉ calls, whoever owns them.
 *
 * Delete: DeleteCluster answers ClusterContainsServicesException while services are still ACTIVE or
 * DRAINING (API_DeleteCluster.html); the service reconciler's delete waits for INACTIVE, and the error
 * table retries this code on deletes (`dependencyPending`) for a service deleted out of band.
 */
import { CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand, ECSClient, paginateListClusters } from '@aws-sdk/client-ecs';
import { TerminalError } from '../../../core/errors.js';
import { sharedListing, type ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler, type Observed } from '../../../core/resource-type.js';
import { TAG_ADDRESS, TAG_OWNER } from '../../../core/types.js';
import { allItems } from '../../pages.js';
import { applyEcsTagChanges, chunks, releaseEcsOwnership } from '../tags.js';
import { createClusterInput, observedCluster } from './sdk.js';
import { CLUSTER, type ClusterOutputs, type ClusterSpec } from './type.js';

/** ListClusters maxResults 1–100; DescribeClusters takes ≤100 clusters (API Reference). */
export const LIST_PAGE_SIZE = 100;
export const DESCRIBE_BATCH = 100;

/** Every ACTIVE cluster of the scope with its tags, owned or not. */
async function describeAll(ctx: ReconcilerContext): Promise<Observed<ClusterSpec, ClusterOutputs>[]> {
  const client = ctx.clients.get(ECSClient);
  const arns = await allItems(paginateListClusters({ client, pageSize: LIST_PAGE_SIZE }, {}), (page) => page.clusterArns);
  const result: Observed<ClusterSpec, ClusterOutputs>[] = [];
  for (const batch of chunks(arns, DESCRIBE_BATCH)) {
    const out = await client.send(new DescribeClustersCommand({ clusters: batch, include: ['TAGS'] }));
    // Unknown clusters come back in `failures` (reason MISSING), not as an exception.
    for (const cluster of out.clusters ?? []) if (cluster.status === 'ACTIVE') result.push(observedCluster(cluster, ctx.scope));
  }
  return result;
}

/**
 * The owned ACTIVE clusters of the scope (also what the service reconciler lists services in), listed
 * once per observe pass (`sharedListing`): the clusters' observe and the services' share one
 * ListClusters + DescribeClusters.
 */
export async function ownedClusters(ctx: ReconcilerContext): Promise<Observed<ClusterSpec, ClusterOutputs>[]> {
  const all = await sharedListing(ctx, 'ECS:ListClusters+DescribeClusters', () => describeAll(ctx));
  return all.filter((cluster) => cluster.tags[TAG_OWNER] === ctx.owner);
}

export const clusterReconciler = defineReconciler({
  type: CLUSTER,
  idempotency: 'name',
  dependsOn: [],
  replaceFields: ['clusterName'],

  observe: ownedClusters,
  findByAddress: async (ctx, address) => (await ownedClusters(ctx)).filter((cluster) => cluster.address === address),

  async create(ctx, desired) {
    const ecs = ctx.clients.get(ECSClient);
    const { cluster } = await ecs.send(new CreateClusterCommand(createClusterInput(desired)));
    if (!cluster?.clusterArn) throw new Error('CreateCluster returned no cluster ARN');
    // An existing cluster of that name is returned as it is: it must be ours, at this address.
    const out = await ctx.retry('describe cluster', () => ecs.send(new DescribeClustersCommand({ clusters: [cluster.clusterArn!], include: ['TAGS'] })));
    const live = out.clusters?.[0];
    if (live) {
      const found = observedCluster(live, ctx.scope);
      if (found.tags[TAG_OWNER] !== desired.tags[TAG_OWNER] || found.tags[TAG_ADDRESS] !== desired.address) {
        throw new TerminalError(
          `ECS cluster ${desired.spec.clusterName} already exists and is not this resource (trellis:owner ${found.tags[TAG_OWNER] ?? '(none)'}, trellis:address ${found.tags[TAG_ADDRESS] ?? '(none)'})`,
        );
      }
    }
    return { id: cluster.clusterArn, outputs: { arn: cluster.clusterArn, name: cluster.clusterName ?? desired.spec.clusterName } };
  },

  async update(ctx, _desired, observedCluster, changes) {
    await applyEcsTagChanges(ctx, observedCluster.id, changes);
  },

  async delete(ctx, observedCluster) {
    await ctx.clients.get(ECSClient).send(new DeleteClusterCommand({ cluster: observedCluster.id }));
  },

  release: (ctx, observedCluster) => releaseEcsOwnership(ctx, observedCluster.id),
});
