/**
 * Addresses of a Service's resources (docs/resources.md "Service"): `service/<name>/<resource type>/<local
 * name>`. A shared ECS cluster belongs to no one Service: `cluster/<cluster name>/ecs-cluster/<account>.<region>`,
 * so that it keeps its address whichever Service names it first (a cluster name is unique per account and
 * region only, hence both in the local name).
 */

export function serviceSecurityGroupAddress(service: string): string {
  return `service/${service}/security-group/main`;
}

export function serviceSecurityGroupRulesAddress(service: string): string {
  return `service/${service}/security-group-rules/main`;
}

export function executionRoleAddress(service: string): string {
  return `service/${service}/iam-role/execution`;
}

export function taskRoleAddress(service: string): string {
  return `service/${service}/iam-role/task`;
}

/** The Service's own cluster (no `spec.cluster`). */
export function ownClusterAddress(service: string): string {
  return `service/${service}/ecs-cluster/main`;
}

/** A shared cluster (`spec.cluster.name`), one per account, region and name. */
export function sharedClusterAddress(clusterName: string, account: string, region: string): string {
  return `cluster/${clusterName}/ecs-cluster/${account}.${region}`;
}

export function taskDefinitionAddress(service: string): string {
  return `service/${service}/task-definition/main`;
}

export function ecsServiceAddress(service: string): string {
  return `service/${service}/ecs-service/main`;
}

export function loadBalancerAddress(service: string): string {
  return `service/${service}/load-balancer/main`;
}

export function targetGroupAddress(service: string): string {
  return `service/${service}/target-group/main`;
}

export function listenerAddress(service: string): string {
  return `service/${service}/listener/main`;
}

export function endpointServiceAddress(service: string): string {
  return `service/${service}/vpc-endpoint-service/main`;
}

/** The consumer's interface endpoint to a provider. */
export function consumerEndpointAddress(consumer: string, provider: string): string {
  return `service/${consumer}/vpc-endpoint/${provider}`;
}

/** The security group of the consumer's endpoint to a provider. */
export function consumerEndpointSecurityGroupAddress(consumer: string, provider: string): string {
  return `service/${consumer}/security-group/endpoint-${provider}`;
}

export function consumerEndpointSecurityGroupRulesAddress(consumer: string, provider: string): string {
  return `service/${consumer}/security-group-rules/endpoint-${provider}`;
}

/** `expose.lattice`: the Lattice service, its listener and target group, the ECS infrastructure role. */
export function latticeServiceAddress(service: string): string {
  return `service/${service}/lattice-service/main`;
}

export function latticeListenerAddress(service: string): string {
  return `service/${service}/lattice-listener/main`;
}

export function latticeTargetGroupAddress(service: string): string {
  return `service/${service}/lattice-target-group/main`;
}

export function latticeRoleAddress(service: string): string {
  return `service/${service}/iam-role/lattice`;
}

/** The Lattice service's association with the service network of a Share. */
export function latticeServiceAssociationAddress(service: string, share: string): string {
  return `service/${service}/lattice-service-association/${share}`;
}
