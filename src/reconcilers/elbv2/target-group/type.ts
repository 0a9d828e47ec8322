/**
 * `elbv2:target-group`: name-keyed, replaced create-before-delete (the name carries a hash of the
 * fields AWS cannot change, so the replacement has a name of its own).
 */
import { defineResourceType } from '../../../core/resource-type.js';

export interface TargetGroupHealthCheck {
  readonly protocol: 'TCP' | 'HTTP' | 'HTTPS';
  /** HTTP(S) only. */
  readonly path?: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds?: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

export interface TargetGroupSpec {
  readonly name: string;
  readonly protocol: 'TCP';
  readonly port: number;
  readonly vpcId: string;
  readonly targetType: 'ip';
  /** The only mutable part (ModifyTargetGroup). */
  readonly healthCheck: TargetGroupHealthCheck;
}

export interface TargetGroupOutputs {
  readonly arn: string;
  readonly name: string;
}

export const TARGET_GROUP = defineResourceType<TargetGroupSpec, TargetGroupOutputs>('elbv2:target-group');
