/** `ec2:security-group`: name-keyed (a duplicate name in the VPC is its own group, adopted); its rules are `ec2:security-group-rules`. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface SecurityGroupSpec {
  readonly vpcId: string;
  readonly groupName: string;
  readonly description: string;
}

export interface SecurityGroupOutputs {
  readonly id: string;
  readonly arn?: string;
  readonly vpcId?: string;
}

export const SECURITY_GROUP = defineResourceType<SecurityGroupSpec, SecurityGroupOutputs>('ec2:security-group');
