/**
 * The task definition (one Fargate container: image, port, cpu, memory, environment with one DNS name
 * per consumed Service, the container health check of `healthCheck.command`, awslogs into the Service's
 * log group) and the ECS service (desired count, the Network's subnets, the Service's security group,
 * the target group when exposed through PrivateLink, the Lattice target group through the ECS infrastructure
 * role when exposed through Lattice).
 *
 * Both have source `/spec`, so `metadata.ignoreDrift` pointers name their fields as the manifest does:
 * `/desiredCount` accepts the ECS service's live count (autoscaling).
 */
import { outputOf, type Input } from '../../../core/resource-type.js';
import type { DesiredResource } from '../../../core/types.js';
import { VPC_ENDPOINT } from '../../../reconcilers/ec2/vpc-endpoint/type.js';
import { ECS_SERVICE } from '../../../reconcilers/ecs/service/type.js';
import { TASK_DEFINITION, type ContainerHealthCheck } from '../../../reconcilers/ecs/task-definition/type.js';
import { TARGET_GROUP } from '../../../reconcilers/elbv2/target-group/type.js';
import { LATTICE_SERVICE } from '../../../reconcilers/lattice/service/type.js';
import { consumerEndpointAddress, ecsServiceAddress, latticeServiceAddress, listenerAddress, targetGroupAddress, taskDefinitionAddress } from './addresses.js';
import type { ServiceBuild } from './build.js';
import { defaultEnvVar } from './check-task.js';
import { clusterArn } from './expand-cluster.js';
import { LATTICE_PORT_NAME, latticeConfigurations } from './expand-lattice.js';
import { executionRoleArn, taskRoleArn } from './expand-roles.js';

export function expandTaskDefinition(build: ServiceBuild): DesiredResource[] {
  const { name, spec, names, scope, port, resource } = build;
  return [
    resource({
      address: taskDefinitionAddress(name),
      type: TASK_DEFINITION,
      spec: {
        family: names.taskFamily,
        cpu: String(spec.cpu),
        memory: String(spec.memory),
        executionRoleArn: executionRoleArn(build),
        taskRoleArn: taskRoleArn(build),
        container: {
          name,
          image: spec.image,
          port,
          ...(spec.expose?.lattice !== undefined ? { portName: LATTICE_PORT_NAME } : {}),
          environment: environment(build),
          ...(containerHealthCheck(build) ?? {}),
          logGroup: names.logGroup,
          logRegion: scope.region,
          logStreamPrefix: name,
        },
      },
      name: names.taskFamily,
      // keepRevisions counts the current revision; keepVersions counts the old ones kept besides it.
      keepVersions: (spec.keepRevisions ?? 3) - 1,
      source: '/spec',
    }),
  ];
}

/**
 * `environment`, then one variable per consumed Service: via PrivateLink the DNS name of this Service's
 * endpoint to it, via Lattice the provider's Lattice service DNS name (this Service's VPC is associated with
 * the provider's service network, which the checks require).
 */
function environment({ name, spec }: ServiceBuild): Record<string, Input<string>> {
  const variables: Record<string, Input<string>> = {};
  for (const [key, value] of Object.entries(spec.environment ?? {})) if (value !== undefined) variables[key] = value;
  for (const consumption of spec.consume ?? []) {
    const variable = consumption.envVar ?? defaultEnvVar(consumption.service);
    if (consumption.via === 'lattice') {
      variables[variable] = outputOf(LATTICE_SERVICE, latticeServiceAddress(consumption.service), 'dnsName');
      continue;
    }
    // An interface endpoint always has a DNS name; the output is optional only because gateway endpoints have none.
    variables[variable] = outputOf(VPC_ENDPOINT, consumerEndpointAddress(name, consumption.service), 'dnsName') as Input<string>;
  }
  return variables;
}

function containerHealthCheck({ spec }: ServiceBuild): { healthCheck: ContainerHealthCheck } | undefined {
  const check = spec.healthCheck;
  if (check?.command === undefined) return undefined;
  return {
    healthCheck: {
      command: check.command,
      intervalSeconds: check.intervalSeconds ?? 30,
      timeoutSeconds: check.timeoutSeconds ?? 5,
      retries: check.retries ?? 3,
      startPeriodSeconds: check.gracePeriodSeconds ?? 0,
    },
  };
}

export function expandEcsService(build: ServiceBuild): DesiredResource[] {
  const { name, spec, port, subnetIds, securityGroupId, resource } = build;
  const exposed = spec.expose?.privateLink !== undefined;
  return [
    resource({
      address: ecsServiceAddress(name),
      type: ECS_SERVICE,
      spec: {
        serviceName: name,
        clusterArn: clusterArn(build),
        taskDefinitionArn: outputOf(TASK_DEFINITION, taskDefinitionAddress(name), 'arn'),
        desiredCount: spec.desiredCount ?? 1,
        subnetIds,
        securityGroupIds: [securityGroupId],
        loadBalancers: exposed ? [{ targetGroupArn: outputOf(TARGET_GROUP, targetGroupAddress(name), 'arn'), containerName: name, containerPort: port }] : [],
        vpcLatticeConfigurations: latticeConfigurations(build),
        // ECS accepts a grace period only for a service with a load balancer.
        ...(exposed ? { healthCheckGracePeriodSeconds: spec.healthCheck?.gracePeriodSeconds ?? 0 } : {}),
      },
      name,
      source: '/spec',
      // ECS accepts a target group only once a listener forwards to it (CreateService: "The target group … does not have an associated load balancer").
      ...(exposed ? { dependsOn: [listenerAddress(name)] } : {}),
    }),
  ];
}
