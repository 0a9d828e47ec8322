/** Pure builders for target groups: desired spec → SDK input, SDK output → observed, the diff. */
import type { CreateTargetGroupCommandInput, ModifyTargetGroupCommandInput, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { valueChange } from '../../../core/diff.js';
import type { FieldChange } from '../../../core/reconciler.js';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { toElbTags } from '../tags.js';
import { TARGET_GROUP, type TargetGroupHealthCheck, type TargetGroupOutputs, type TargetGroupSpec } from './type.js';

export const TARGET_GROUP_TYPE = TARGET_GROUP.name;

/** The health check parameters, as CreateTargetGroup and ModifyTargetGroup both take them. */
function healthCheckInput(check: TargetGroupHealthCheck) {
  return {
    HealthCheckProtocol: check.protocol,
    HealthCheckIntervalSeconds: check.intervalSeconds,
    HealthyThresholdCount: check.healthyThreshold,
    UnhealthyThresholdCount: check.unhealthyThreshold,
    ...(check.timeoutSeconds !== undefined ? { HealthCheckTimeoutSeconds: check.timeoutSeconds } : {}),
    ...(check.path !== undefined ? { HealthCheckPath: check.path } : {}),
  };
}

export function createTargetGroupInput(desired: Resolved<TargetGroupSpec>): CreateTargetGroupCommandInput {
  const { spec } = desired;
  const tags = toElbTags(desired.tags);
  return {
    Name: spec.name,
    Protocol: spec.protocol,
    Port: spec.port,
    VpcId: spec.vpcId,
    TargetType: spec.targetType,
    ...healthCheckInput(spec.healthCheck),
    ...(tags ? { Tags: tags } : {}),
  };
}

export function modifyTargetGroupInput(arn: string, spec: TargetGroupSpec): ModifyTargetGroupCommandInput {
  return { TargetGroupArn: arn, ...healthCheckInput(spec.healthCheck) };
}

function liveHealthCheck(group: TargetGroup): TargetGroupHealthCheck {
  return {
    protocol: (group.HealthCheckProtocol ?? 'TCP') as TargetGroupHealthCheck['protocol'],
    ...(group.HealthCheckPath !== undefined ? { path: group.HealthCheckPath } : {}),
    intervalSeconds: group.HealthCheckIntervalSeconds ?? 30,
    ...(group.HealthCheckTimeoutSeconds !== undefined ? { timeoutSeconds: group.HealthCheckTimeoutSeconds } : {}),
    healthyThreshold: group.HealthyThresholdCount ?? 5,
    unhealthyThreshold: group.UnhealthyThresholdCount ?? 2,
  };
}

export function observedTargetGroup(group: TargetGroup, tags: Record<string, string>, scope: Scope): Observed<TargetGroupSpec, TargetGroupOutputs> {
  const arn = group.TargetGroupArn ?? '';
  return observed(TARGET_GROUP, {
    scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec: {
      ...(group.TargetGroupName ? { name: group.TargetGroupName } : {}),
      ...(group.Protocol ? { protocol: group.Protocol as 'TCP' } : {}),
      ...(group.Port !== undefined ? { port: group.Port } : {}),
      ...(group.VpcId ? { vpcId: group.VpcId } : {}),
      ...(group.TargetType ? { targetType: group.TargetType as 'ip' } : {}),
      healthCheck: liveHealthCheck(group),
    },
    outputs: { arn, name: group.TargetGroupName ?? '' },
    references: group.VpcId ? [group.VpcId] : [],
  });
}

/**
 * Protocol, port, VPC, target type and name are fixed (docs/aws-behaviour.md 2f: ModifyTargetGroup changes health
 * checks only). The health check compares only what the spec sets: a timeout or path left out is
 * AWS's default and never drift.
 */
export function diffTargetGroup(desired: Resolved<TargetGroupSpec>, live: Observed<TargetGroupSpec, TargetGroupOutputs>): FieldChange[] {
  const want = desired.spec;
  const have = live.spec;
  const check = have.healthCheck;
  const comparable = check && {
    protocol: check.protocol,
    intervalSeconds: check.intervalSeconds,
    healthyThreshold: check.healthyThreshold,
    unhealthyThreshold: check.unhealthyThreshold,
    ...(want.healthCheck.timeoutSeconds !== undefined && check.timeoutSeconds !== undefined ? { timeoutSeconds: check.timeoutSeconds } : {}),
    ...(want.healthCheck.path !== undefined && check.path !== undefined ? { path: check.path } : {}),
  };
  const changes = [
    ...(['name', 'protocol', 'port', 'vpcId', 'targetType'] as const).map((field) => valueChange(field, want[field], have[field], true)),
    valueChange('healthCheck', want.healthCheck, comparable),
  ];
  return changes.filter((change): change is FieldChange => change !== undefined);
}
