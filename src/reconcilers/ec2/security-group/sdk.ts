/** Pure builders for security groups: desired spec → SDK input, SDK output → observed. */
import type { CreateSecurityGroupCommandInput, SecurityGroup } from '@aws-sdk/client-ec2';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';
import { SECURITY_GROUP, type SecurityGroupOutputs, type SecurityGroupSpec } from './type.js';

export type { SecurityGroupSpec } from './type.js';
export const SECURITY_GROUP_TYPE = SECURITY_GROUP.name;

export function createSecurityGroupInput(desired: Resolved<SecurityGroupSpec>): CreateSecurityGroupCommandInput {
  const { spec } = desired;
  return {
    VpcId: spec.vpcId,
    GroupName: spec.groupName,
    Description: spec.description,
    TagSpecifications: tagSpecifications('security-group', desired.tags),
  };
}

export function observedSecurityGroup(group: SecurityGroup, scope: Scope): Observed<SecurityGroupSpec, SecurityGroupOutputs> {
  const tags = fromEc2Tags(group.Tags);
  const id = group.GroupId ?? '';
  return observed(SECURITY_GROUP, {
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { vpcId: group.VpcId, groupName: group.GroupName, description: group.Description },
    outputs: { id, arn: group.SecurityGroupArn, vpcId: group.VpcId },
    references: group.VpcId ? [group.VpcId] : [],
  });
}
