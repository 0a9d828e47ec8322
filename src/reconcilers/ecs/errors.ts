/**
 * Amazon ECS error codes. ECS (JSON protocol) models its errors: the SDK throws `ClusterNotFoundException`,
 * `ServiceNotFoundException`, … whose `name` is the code (Amazon ECS API Reference, each operation's
 * "Errors"; docs/aws-behaviour.md §1e).
 */
import type { ErrorCodeTable } from '../../core/classify.js';

export const ecsErrors: ErrorCodeTable = {
  service: 'ecs',
  // A cluster created a moment ago can be unknown to CreateService: terraform-provider-aws retries
  // CreateService on ClusterNotFoundException (`serviceCreateWithRetry`, docs/aws-behaviour.md §1). Nothing was
  // created then. The cost: a call naming a cluster that is really gone is retried for the policy's budget.
  eventualConsistency: ['ClusterNotFoundException'],
  // Deletes of a cluster or service that is already gone count as done (DeleteCluster, DeleteService "Errors").
  notFound: ['ClusterNotFoundException', 'ServiceNotFoundException'],
  // DeleteCluster while its services are still DRAINING (or tasks stopping): the services' deletes finish
  // first (API_DeleteCluster.html "Errors").
  dependencyPending: ['ClusterContainsServicesException', 'ClusterContainsTasksException'],
};
