/** Pure builders for subnets: desired spec → SDK input, SDK output → observed. */
import type { CreateSubnetCommandInput, Subnet } from '@aws-sdk/client-ec2';
import { TAG_ADDRESS, type ObservedResource, type Scope } from '../../../core/types.js';
import type { ResolvedResource } from '../../../core/reconciler.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';

export const SUBNET_TYPE = 'ec2:subnet';

export interface SubnetSpec {
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly availabilityZone: string;
  readonly mapPublicIpOnLaunch: boolean;
}

export function createSubnetInput(desired: ResolvedResource): CreateSubnetCommandInput {
  const spec = desired.spec as unknown as SubnetSpec;
  return {
    VpcId: spec.vpcId,
    CidrBlock: spec.cidrBlock,
    AvailabilityZone: spec.availabilityZone,
    TagSpecifications: tagSpecifications('subnet', desired.tags),
  };
}

export function observedSubnet(subnet: Subnet, scope: Scope): ObservedResource {
  const tags = fromEc2Tags(subnet.Tags);
  const id = subnet.SubnetId ?? '';
  return {
    type: SUBNET_TYPE,
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    spec: {
      vpcId: subnet.VpcId,
      cidrBlock: subnet.CidrBlock,
      availabilityZone: subnet.AvailabilityZone,
      mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
    },
    outputs: { id, arn: subnet.SubnetArn, vpcId: subnet.VpcId, availabilityZone: subnet.AvailabilityZone },
    references: subnet.VpcId ? [subnet.VpcId] : [],
  };
}
