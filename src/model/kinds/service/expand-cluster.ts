/**
 * The ECS cluster. Without `spec.cluster` the Service has its own, named like it. A shared cluster
 * (`spec.cluster.name`) is one desired resource per account, region and name, at an address of its own
 * (`cluster/<name>/ecs-cluster/<account>.<region>`); the first Service naming it in load order emits it
 * (with that Service's tags, deletion policy and source), the others only refer to it. It is deleted
 * when no Service names it any more (ECS refuses to delete a cluster that still has services).
 */
import { outputOf, type Input } from '../../../core/resource-type.js';
import type { DesiredResource } from '../../../core/types.js';
import { CLUSTER } from '../../../reconcilers/ecs/cluster/type.js';
import { ownClusterAddress, sharedClusterAddress } from './addresses.js';
import type { ServiceBuild } from './build.js';

export function clusterAddress({ name, spec, scope }: ServiceBuild): string {
  return spec.cluster === undefined ? ownClusterAddress(name) : sharedClusterAddress(spec.cluster.name, scope.account, scope.region);
}

export function clusterArn(build: ServiceBuild): Input<string> {
  return outputOf(CLUSTER, clusterAddress(build), 'arn');
}

export function expandCluster(build: ServiceBuild): DesiredResource[] {
  const { name, spec, scope, names, context, resource } = build;
  if (spec.cluster !== undefined) {
    const shared = spec.cluster.name;
    const first = context
      .all('Service')
      .find((other) => other.manifest.spec.cluster?.name === shared && other.account === scope.account && other.region === scope.region);
    if (first?.manifest.metadata.name !== name) return [];
  }
  return [
    resource({
      address: clusterAddress(build),
      type: CLUSTER,
      spec: { clusterName: names.cluster },
      name: names.cluster,
      source: spec.cluster === undefined ? '/spec' : '/spec/cluster',
    }),
  ];
}
