/** Pure builders for VPCs: desired spec → SDK input, SDK output → observed. */
import type { CreateVpcCommandInput, Vpc } from '@aws-sdk/client-ec2';
import { TAG_ADDRESS, type ObservedResource, type Scope } from '../../../engine/types.js';
import type { ResolvedResource } from '../../types.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';

export const VPC_TYPE = 'ec2:vpc';

export interface VpcSpec {
  readonly cidrBlock: string;
  readonly enableDnsSupport?: boolean;
  readonly enableDnsHostnames?: boolean;
}

export function createVpcInput(desired: ResolvedResource): CreateVpcCommandInput {
  const spec = desired.spec as unknown as VpcSpec;
  return { CidrBlock: spec.cidrBlock, TagSpecifications: tagSpecifications('vpc', desired.tags) };
}

export function observedVpc(vpc: Vpc, scope: Scope): ObservedResource {
  const tags = fromEc2Tags(vpc.Tags);
  const id = vpc.VpcId ?? '';
  return {
    type: VPC_TYPE,
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { cidrBlock: vpc.CidrBlock },
    outputs: { id, cidrBlock: vpc.CidrBlock, ownerId: vpc.OwnerId },
    references: [],
  };
}
