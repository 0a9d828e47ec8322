/** The `ec2:internet-gateway` resource type: its desired spec and the outputs other resources may reference. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface InternetGatewaySpec {
  /** The VPC the gateway is attached to; changing it detaches and attaches in place. */
  readonly vpcId: string;
}

export interface InternetGatewayOutputs {
  readonly id: string;
}

export const INTERNET_GATEWAY = defineResourceType<InternetGatewaySpec, InternetGatewayOutputs>('ec2:internet-gateway');
