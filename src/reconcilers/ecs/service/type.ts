/** `ecs:service`: token-keyed (CreateService clientToken ≤ 36 characters), Fargate, awsvpc. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface EcsServiceSpec {
  /** Immutable with `clusterArn` (a change replaces the service). */
  readonly serviceName: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  readonly desiredCount: number;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** NLB or Lattice target groups the tasks register with. */
  readonly loadBalancers: readonly { readonly targetGroupArn: string; readonly containerName: string; readonly containerPort: number }[];
  readonly healthCheckGracePeriodSeconds?: number;
}

export interface EcsServiceOutputs {
  readonly arn: string;
  readonly name: string;
}

export const ECS_SERVICE = defineResourceType<EcsServiceSpec, EcsServiceOutputs>('ecs:service');
