/** Pure builders for VPCs: desired spec → SDK input, SDK output → observed. */
import type { CreateVpcCommandInput, Vpc } from '@aws-sdk/client-ec2';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';
import { VPC, type VpcOutputs, type VpcSpec } from './type.js';

export const VPC_TYPE = VPC.name;
export type { VpcSpec } from './type.js';

/** The VPC's DNS attributes as DescribeVpcAttribute reads them (DescribeVpcs does not return them). */
export interface VpcDns {
  readonly enableDnsSupport?: boolean;
  readonly enableDnsHostnames?: boolean;
}

/** The attributes DescribeVpcAttribute reads, one per call (EC2 API Reference, DescribeVpcAttribute). */
export const DNS_ATTRIBUTES = ['enableDnsSupport', 'enableDnsHostnames'] as const;

/** A new VPC's DNS attributes (EC2 User Guide, "DNS attributes for your VPC"): support on, hostnames off. */
export const NEW_VPC_DNS = { enableDnsSupport: true, enableDnsHostnames: false } as const;

/**
 * The tag earlier trellis versions kept the DNS attributes in, before they were read from AWS. A VPC
 * that still carries it shows it as tag drift, which the next run removes; a release removes it too.
 */
export const LEGACY_TAG_DNS = 'trellis:dns';

export function createVpcInput(desired: Resolved<VpcSpec>): CreateVpcCommandInput {
  return { CidrBlock: desired.spec.cidrBlock, TagSpecifications: tagSpecifications('vpc', desired.tags) };
}

/** The outputs of a VPC, from CreateVpc's or DescribeVpcs' `Vpc`. */
export function vpcOutputs(vpc: Vpc): VpcOutputs {
  return { id: vpc.VpcId ?? '', cidrBlock: vpc.CidrBlock, ownerId: vpc.OwnerId };
}

export function observedVpc(vpc: Vpc, dns: VpcDns, scope: Scope): Observed<VpcSpec, VpcOutputs> {
  const tags = fromEc2Tags(vpc.Tags);
  const id = vpc.VpcId ?? '';
  return observed(VPC, {
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { cidrBlock: vpc.CidrBlock, ...dns },
    outputs: vpcOutputs(vpc),
    references: [],
  });
}
