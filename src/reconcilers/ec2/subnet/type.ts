/** The `ec2:subnet` resource type: its desired spec and the outputs other resources may reference. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface SubnetSpec {
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly availabilityZone: string;
  readonly mapPublicIpOnLaunch: boolean;
}

export interface SubnetOutputs {
  readonly id: string;
  readonly arn?: string;
  readonly vpcId?: string;
  readonly availabilityZone?: string;
}

export const SUBNET = defineResourceType<SubnetSpec, SubnetOutputs>('ec2:subnet');
