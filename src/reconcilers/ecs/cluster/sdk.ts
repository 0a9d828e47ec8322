/** Pure builders for ECS clusters: desired spec → SDK input, SDK output → observed. */
import type { Cluster, CreateClusterCommandInput } from '@aws-sdk/client-ecs';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { fromEcsTags, toEcsTags } from '../tags.js';
import { CLUSTER, type ClusterOutputs, type ClusterSpec } from './type.js';

export const CLUSTER_TYPE = CLUSTER.name;

export function createClusterInput(desired: Resolved<ClusterSpec>): CreateClusterCommandInput {
  return { clusterName: desired.spec.clusterName, tags: toEcsTags(desired.tags) };
}

export function observedCluster(cluster: Cluster, scope: Scope): Observed<ClusterSpec, ClusterOutputs> {
  const tags = fromEcsTags(cluster.tags);
  const arn = cluster.clusterArn ?? '';
  const name = cluster.clusterName ?? '';
  return observed(CLUSTER, { scope, id: arn, address: tags[TAG_ADDRESS], tags, spec: { clusterName: name }, outputs: { arn, name }, references: [] });
}
