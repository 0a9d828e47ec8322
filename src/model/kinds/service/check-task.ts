/** Checks of the task: its Fargate size, health check, roles, environment and the AWS names derived from it. */
import { pointer } from '../../pointer.js';
import type { ServiceManifest } from '../../types.js';
import { iamRoleNameProblem, LATTICE_NAMES, latticeNameProblem } from '../aws-names.js';
import type { CheckContext } from '../kind.js';
import { checkPolicyStatements } from '../policy-document.js';
import { describeMemory, FARGATE_MEMORY } from './fargate.js';
import { ELB_NAME_MAX, serviceAwsNames } from './names.js';

export function checkTask(manifest: ServiceManifest, context: CheckContext): void {
  const { spec } = manifest;
  if (!(FARGATE_MEMORY[spec.cpu] ?? []).includes(spec.memory)) {
    context.report('/spec/memory', `Fargate does not run cpu ${spec.cpu} with memory ${spec.memory} MiB; with cpu ${spec.cpu} memory must be ${describeMemory(spec.cpu)}`);
  }

  const health = spec.healthCheck;
  if (health !== undefined && (health.timeoutSeconds ?? 5) >= (health.intervalSeconds ?? 30)) {
    // ELBv2 CreateTargetGroup: "HealthCheckTimeoutSeconds … must be smaller than HealthCheckIntervalSeconds".
    context.report('/spec/healthCheck/timeoutSeconds', `the health check timeout (${health.timeoutSeconds ?? 5}s) must be less than its interval (${health.intervalSeconds ?? 30}s)`);
  }

  const roles = spec.roles;
  if (roles?.taskPolicy !== undefined && roles.taskRoleArn !== undefined) {
    context.report('/spec/roles/taskPolicy', 'taskPolicy is the policy of the task role trellis creates; with taskRoleArn the role is given, so its permissions are managed where it is');
  }
  const statements = roles?.taskPolicy?.statements ?? [];
  checkPolicyStatements(
    statements.map((statement, index) => ({ statement, at: pointer('/spec/roles/taskPolicy/statements', index) })),
    'identity',
    context,
  );

  const consumed = new Map<string, string>();
  (spec.consume ?? []).forEach((consumption, index) => {
    const variable = consumption.envVar ?? defaultEnvVar(consumption.service);
    const at = pointer('/spec/consume', index, consumption.envVar === undefined ? 'service' : 'envVar');
    if (spec.environment?.[variable] !== undefined) {
      context.report(at, `environment variable ${variable} receives the DNS name of "${consumption.service}" and is also set in environment; remove it there or set envVar`);
    }
    const first = consumed.get(variable);
    if (first !== undefined) context.report(at, `environment variable ${variable} is already set by ${context.locate(first)}; set envVar`);
    else consumed.set(variable, at);
  });

  checkDerivedNames(manifest, context);
}

/** The environment variable that receives a consumed Service's DNS name by default: `user-service` → `USER_SERVICE_HOST`. */
export function defaultEnvVar(service: string): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_HOST`;
}

function checkDerivedNames(manifest: ServiceManifest, context: CheckContext): void {
  const { spec, metadata } = manifest;
  const names = serviceAwsNames(metadata.name, spec, context.config.owner);
  const privateLink = spec.expose?.privateLink;
  if (privateLink !== undefined) {
    // ELBv2 CreateLoadBalancer / CreateTargetGroup `Name`: at most 32 characters, letters, digits and
    // hyphens, not beginning or ending with a hyphen; a load balancer's not beginning with "internal-".
    if (privateLink.loadBalancerName === undefined) {
      if (names.loadBalancer.length > ELB_NAME_MAX) {
        context.report('/metadata/name', `the load balancer name "${names.loadBalancer}" derived from this Service's name is ${names.loadBalancer.length} characters; ELBv2 allows ${ELB_NAME_MAX}. Shorten the name or set spec.expose.privateLink.loadBalancerName`);
      } else if (names.loadBalancer.startsWith('internal-')) {
        context.report('/metadata/name', `the load balancer name "${names.loadBalancer}" must not start with "internal-" (an ELBv2 rule); set spec.expose.privateLink.loadBalancerName`);
      }
    }
    // ELBv2 load balancer names are unique per account and region (CreateLoadBalancer `Name`).
    const clash = context
      .all('Service')
      .slice(0, Math.max(context.index, 0))
      .find(
        (other) =>
          other.account === context.account &&
          other.region === context.region &&
          other.manifest.spec.expose?.privateLink !== undefined &&
          serviceAwsNames(other.manifest.metadata.name, other.manifest.spec, context.config.owner).loadBalancer === names.loadBalancer,
      );
    if (clash !== undefined && context.account !== undefined) {
      context.report(
        privateLink.loadBalancerName === undefined ? '/metadata/name' : '/spec/expose/privateLink/loadBalancerName',
        `load balancer name "${names.loadBalancer}" is also Service "${clash.manifest.metadata.name}"'s (${clash.file}#${clash.pointer}), in the same account and region; ELBv2 names are unique there`,
      );
    }
    if (names.targetGroup.length > ELB_NAME_MAX) {
      context.report('/metadata/name', `the target group name "${names.targetGroup}" (<name>-tg-<hash6>) derived from this Service's name is ${names.targetGroup.length} characters; ELBv2 allows ${ELB_NAME_MAX}, so the name may have at most ${ELB_NAME_MAX - (names.targetGroup.length - metadata.name.length)}`);
    }
  }
  if (spec.expose?.lattice !== undefined) {
    const problem = latticeNameProblem(names.latticeService, LATTICE_NAMES.service);
    if (problem !== undefined) context.report('/metadata/name', `the Lattice service is named like the Service: ${problem}`);
    const roleProblem = iamRoleNameProblem(names.latticeRole);
    if (roleProblem !== undefined) context.report('/metadata/name', `the ECS infrastructure role for VPC Lattice is named after the Service: ${roleProblem}; shorten the name`);
  }
  const roleNames = [
    ['taskExecutionRoleArn', names.executionRole],
    ['taskRoleArn', names.taskRole],
  ] as const;
  for (const [given, roleName] of roleNames) {
    if (spec.roles?.[given] !== undefined) continue;
    const problem = iamRoleNameProblem(roleName);
    if (problem !== undefined) context.report('/metadata/name', `the role trellis creates is named after the Service: ${problem}; shorten the name or set spec.roles.${given}`);
  }
}
