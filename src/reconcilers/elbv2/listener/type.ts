/** `elbv2:listener`: forwards one port of a load balancer to a target group; port and target are mutable (ModifyListener). */
import { defineResourceType } from '../../../core/resource-type.js';

export interface ListenerSpec {
  readonly loadBalancerArn: string;
  readonly protocol: 'TCP';
  readonly port: number;
  readonly targetGroupArn: string;
}

export interface ListenerOutputs {
  readonly arn: string;
}

export const LISTENER = defineResourceType<ListenerSpec, ListenerOutputs>('elbv2:listener');
