/** `elbv2:load-balancer`: an internal network load balancer, name-keyed (ELBv2 creates are idempotent by name). */
import { defineResourceType } from '../../../core/resource-type.js';

export interface LoadBalancerSpec {
  /** ≤ 32 characters; immutable. */
  readonly name: string;
  readonly scheme: 'internal' | 'internet-facing';
  readonly type: 'network';
  /** Removing or changing a subnet of an NLB replaces it. */
  readonly subnetIds: readonly string[];
  /** Going between none and some replaces an NLB. */
  readonly securityGroupIds: readonly string[];
}

export interface LoadBalancerOutputs {
  readonly arn: string;
  readonly dnsName: string;
  readonly name: string;
}

export const LOAD_BALANCER = defineResourceType<LoadBalancerSpec, LoadBalancerOutputs>('elbv2:load-balancer');
