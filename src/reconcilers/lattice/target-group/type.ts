/**
 * `vpc-lattice:target-group`: an IP target group in a VPC, filled by ECS (the ECS service's
 * `vpcLatticeConfigurations`). Name-keyed replacement create-before-delete: the name carries a hash of
 * the fields AWS cannot change, so the replacement has a name of its own.
 */
import { defineResourceType } from '../../../core/resource-type.js';

export interface LatticeHealthCheck {
  /** false: no health checks (targets are UNAVAILABLE, and Lattice routes to all of them). */
  readonly enabled: boolean;
  readonly path?: string;
  readonly intervalSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly healthyThresholdCount?: number;
  readonly unhealthyThresholdCount?: number;
}

export interface LatticeTargetGroupSpec {
  /** Lowercase, 3–128, not `tg-…`; immutable. */
  readonly name: string;
  /** Immutable. */
  readonly type: 'IP';
  /** The tasks' port; immutable. */
  readonly port: number;
  /** Immutable. */
  readonly protocol: 'HTTP' | 'HTTPS';
  /** Immutable. */
  readonly vpcIdentifier: string;
  /** The only mutable part (UpdateTargetGroup). */
  readonly healthCheck: LatticeHealthCheck;
}

export interface LatticeTargetGroupOutputs {
  readonly arn: string;
  readonly id: string;
}

export const LATTICE_TARGET_GROUP = defineResourceType<LatticeTargetGroupSpec, LatticeTargetGroupOutputs>('vpc-lattice:target-group');
