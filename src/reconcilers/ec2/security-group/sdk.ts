/** Pure builders for security groups: desired spec → SDK input, SDK output → observed. */
import type { CreateSecurityGroupCommandInput, SecurityGroup } from '@aws-sdk/client-ec2';
import { TAG_ADDRESS, type ObservedResource, type Scope } from '../../../core/types.js';
import type { ResolvedResource } from '../../../core/reconciler.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';

export type { SecurityGroupSpec } from './type.js';
import type { SecurityGroupSpec } from './type.js';

export const SECURITY_GROUP_TYPE = 'ec2:security-group';

export function createSecurityGroupInput(desired: ResolvedResource): CreateSecurityGroupCommandInput {
  const spec = desired.spec as unknown as SecurityGroupSpec;
  return {
    VpcId: spec.vpcId,
    GroupName: spec.groupName,
    Description: spec.description,
    TagSpecifications: tagSpecifications('security-group', desired.tags),
  };
}

export function observedSecurityGroup(group: SecurityGroup, scope: Scope): ObservedResource {
  const tags = fromEc2Tags(group.Tags);
  const id = group.GroupId ?? '';
  return {
    type: SECURITY_GROUP_TYPE,
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { vpcId: group.VpcId, groupName: group.GroupName, description: group.Description },
    outputs: { id, arn: group.SecurityGroupArn, vpcId: group.VpcId },
    references: group.VpcId ? [group.VpcId] : [],
  };
}
