/**
 * `ecs:task-definition`: versioned (a change registers a new revision; old ones past `keep` are
 * deregistered). One Fargate container per task.
 */
import { defineResourceType } from '../../../core/resource-type.js';

export interface ContainerHealthCheck {
  /** `CMD-SHELL` command. */
  readonly command: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

export interface TaskDefinitionSpec {
  readonly family: string;
  /** Fargate task size, as ECS takes it: `"256"`, `"512"`… */
  readonly cpu: string;
  /** MiB, as a string: `"1024"`. */
  readonly memory: string;
  readonly executionRoleArn: string;
  readonly taskRoleArn: string;
  readonly container: {
    readonly name: string;
    readonly image: string;
    readonly port: number;
    /**
     * The port mapping's name: only for a Service exposed through VPC Lattice, whose ECS service names it
     * in `vpcLatticeConfigurations[].portName` (RegisterTaskDefinition PortMapping `name`: up to 64 lowercase
     * letters, digits, `_`, `-`, not starting with `-`). Absent, the mapping has no name (and the spec
     * hash of an existing Service does not change).
     */
    readonly portName?: string;
    /** Sorted by name when sent; compared as a map. */
    readonly environment: Readonly<Record<string, string>>;
    readonly healthCheck?: ContainerHealthCheck;
    /** awslogs: the log group (created by ECS, `awslogs-create-group`), its region and stream prefix. */
    readonly logGroup: string;
    readonly logRegion: string;
    readonly logStreamPrefix: string;
  };
}

export interface TaskDefinitionOutputs {
  /** With the revision: `arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>`. */
  readonly arn: string;
  readonly family: string;
  readonly revision: number;
}

export const TASK_DEFINITION = defineResourceType<TaskDefinitionSpec, TaskDefinitionOutputs>('ecs:task-definition');
