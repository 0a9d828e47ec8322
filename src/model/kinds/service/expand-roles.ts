/**
 * The task execution and task roles trellis creates (unless `roles` gives their ARNs), under the path
 * `/trellis/<owner>/`, assumable by ECS tasks only. Least privilege: the execution role has the AWS
 * managed AmazonECSTaskExecutionRolePolicy (ECR pulls, log writes) and `logs:CreateLogGroup` on this
 * Service's log group only (the awslogs driver's `awslogs-create-group`); the task role has `taskPolicy`
 * and nothing else.
 */
import type { PolicyDocument } from '../../../core/policy-document.js';
import { outputOf, type Input } from '../../../core/resource-type.js';
import type { DesiredResource } from '../../../core/types.js';
import { ROLE } from '../../../reconcilers/iam/role/type.js';
import { executionRoleAddress, taskRoleAddress } from './addresses.js';
import type { ServiceBuild } from './build.js';

export const TASK_EXECUTION_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';

/** A trust policy letting one AWS service principal (`ecs-tasks.amazonaws.com`) assume the role. */
export function serviceTrust(service: string): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] };
}

const ECS_TASKS_TRUST = serviceTrust('ecs-tasks.amazonaws.com');

export function expandRoles(build: ServiceBuild): DesiredResource[] {
  const { name, spec, names, scope, resource } = build;
  const roles: DesiredResource[] = [];
  if (spec.roles?.taskExecutionRoleArn === undefined) {
    const logGroupArn = `arn:aws:logs:${scope.region}:${scope.account}:log-group:${names.logGroup}`;
    roles.push(
      resource({
        address: executionRoleAddress(name),
        type: ROLE,
        spec: {
          roleName: names.executionRole,
          path: names.rolePath,
          assumeRolePolicy: ECS_TASKS_TRUST,
          description: `ECS task execution role of Service ${name}`,
          managedPolicyArns: [TASK_EXECUTION_POLICY_ARN],
          inlinePolicies: {
            'create-log-group': {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: [logGroupArn, `${logGroupArn}:*`] }],
            },
          },
        },
        name: names.executionRole,
        source: '/spec',
      }),
    );
  }
  if (spec.roles?.taskRoleArn === undefined) {
    const policy = spec.roles?.taskPolicy;
    roles.push(
      resource({
        address: taskRoleAddress(name),
        type: ROLE,
        spec: {
          roleName: names.taskRole,
          path: names.rolePath,
          assumeRolePolicy: ECS_TASKS_TRUST,
          description: `ECS task role of Service ${name}`,
          managedPolicyArns: policy?.managedPolicyArns ?? [],
          inlinePolicies: policy?.statements === undefined ? {} : { task: { Version: '2012-10-17', Statement: policy.statements.map((statement) => ({ ...statement })) } },
        },
        name: names.taskRole,
        source: policy === undefined ? '/spec' : '/spec/roles/taskPolicy',
      }),
    );
  }
  return roles;
}

/** The execution role's ARN: the given one, or a reference to the role trellis creates. */
export function executionRoleArn({ name, spec }: ServiceBuild): Input<string> {
  return spec.roles?.taskExecutionRoleArn ?? outputOf(ROLE, executionRoleAddress(name), 'arn');
}

export function taskRoleArn({ name, spec }: ServiceBuild): Input<string> {
  return spec.roles?.taskRoleArn ?? outputOf(ROLE, taskRoleAddress(name), 'arn');
}
