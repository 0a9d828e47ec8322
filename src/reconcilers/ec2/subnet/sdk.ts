/** Pure builders for subnets: desired spec → SDK input, SDK output → observed. */
import type { CreateSubnetCommandInput, Subnet } from '@aws-sdk/client-ec2';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';
import { SUBNET, type SubnetOutputs, type SubnetSpec } from './type.js';

export const SUBNET_TYPE = SUBNET.name;
export type { SubnetSpec } from './type.js';

export function createSubnetInput(desired: Resolved<SubnetSpec>): CreateSubnetCommandInput {
  const { spec } = desired;
  return {
    VpcId: spec.vpcId,
    CidrBlock: spec.cidrBlock,
    AvailabilityZone: spec.availabilityZone,
    TagSpecifications: tagSpecifications('subnet', desired.tags),
  };
}

export function observedSubnet(subnet: Subnet, scope: Scope): Observed<SubnetSpec, SubnetOutputs> {
  const tags = fromEc2Tags(subnet.Tags);
  const id = subnet.SubnetId ?? '';
  return observed(SUBNET, {
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    spec: {
      ...(subnet.VpcId ? { vpcId: subnet.VpcId } : {}),
      ...(subnet.CidrBlock ? { cidrBlock: subnet.CidrBlock } : {}),
      ...(subnet.AvailabilityZone ? { availabilityZone: subnet.AvailabilityZone } : {}),
      mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
    },
    outputs: {
      id,
      ...(subnet.SubnetArn ? { arn: subnet.SubnetArn } : {}),
      ...(subnet.VpcId ? { vpcId: subnet.VpcId } : {}),
      ...(subnet.AvailabilityZone ? { availabilityZone: subnet.AvailabilityZone } : {}),
    },
    references: subnet.VpcId ? [subnet.VpcId] : [],
  });
}
