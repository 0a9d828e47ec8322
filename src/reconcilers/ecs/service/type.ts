/** `ecs:service`: token-keyed (CreateService clientToken ≤ 36 characters), Fargate, awsvpc. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface EcsLatticeConfiguration {
  readonly roleArn: string;
  readonly targetGroupArn: string;
  readonly portName: string;
}

export interface EcsServiceSpec {
  /** Immutable with `clusterArn` (a change replaces the service). */
  readonly serviceName: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  readonly desiredCount: number;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** NLB target groups the tasks register with. */
  readonly loadBalancers: readonly { readonly targetGroupArn: string; readonly containerName: string; readonly containerPort: number }[];
  /**
   * VPC Lattice target groups ECS registers the tasks with, through the ECS infrastructure role
   * (`roleArn`), on the task definition's named port mapping (`portName`). Absent: none, and not compared
   * (a Service exposed only through PrivateLink).
   */
  readonly vpcLatticeConfigurations?: readonly EcsLatticeConfiguration[];
  readonly healthCheckGracePeriodSeconds?: number;
}

export interface EcsServiceOutputs {
  readonly arn: string;
  readonly name: string;
}

export const ECS_SERVICE = defineResourceType<EcsServiceSpec, EcsServiceOutputs>('ecs:service');
