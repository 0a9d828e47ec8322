/** The `ec2:nat-gateway` resource type: its desired spec and the outputs other resources may reference. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface NatGatewaySpec {
  readonly subnetId: string;
  /** Required for `public`, absent for `private`. */
  readonly allocationId?: string;
  readonly connectivityType: 'public' | 'private';
}

export interface NatGatewayOutputs {
  readonly id: string;
}

export const NAT_GATEWAY = defineResourceType<NatGatewaySpec, NatGatewayOutputs>('ec2:nat-gateway');
