/** The `ec2:vpc` resource type: its desired spec and the outputs other resources may reference. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface VpcSpec {
  readonly cidrBlock: string;
  readonly enableDnsSupport: boolean;
  readonly enableDnsHostnames: boolean;
}

export interface VpcOutputs {
  readonly id: string;
  readonly cidrBlock?: string;
  readonly ownerId?: string;
}

export const VPC = defineResourceType<VpcSpec, VpcOutputs>('ec2:vpc');
