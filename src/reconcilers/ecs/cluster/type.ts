/** `ecs:cluster`: name-keyed (CreateCluster with an existing name returns that cluster). */
import { defineResourceType } from '../../../core/resource-type.js';

export interface ClusterSpec {
  readonly clusterName: string;
}

export interface ClusterOutputs {
  readonly arn: string;
  readonly name: string;
}

export const CLUSTER = defineResourceType<ClusterSpec, ClusterOutputs>('ecs:cluster');
