/** Pure builders for VPCs: desired spec → SDK input, SDK output → observed. */
import type { CreateVpcCommandInput, Vpc } from '@aws-sdk/client-ec2';
import { TAG_ADDRESS, type ObservedResource, type Scope } from '../../../core/types.js';
import type { ResolvedResource } from '../../../core/reconciler.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';

export const VPC_TYPE = 'ec2:vpc';

export interface VpcSpec {
  readonly cidrBlock: string;
  readonly enableDnsSupport?: boolean;
  readonly enableDnsHostnames?: boolean;
}

/**
 * The DNS attributes trellis last set, kept in a tag: DescribeVpcs does not return them, and reading
 * them costs a DescribeVpcAttribute per VPC and attribute, which observe must not grow by. A manifest
 * change is therefore seen and applied; a change made by hand in the console is not.
 */
export const TAG_DNS = 'trellis:dns';

/** A new VPC's DNS attributes (EC2 User Guide, "DNS attributes for your VPC"): support on, hostnames off. */
export const NEW_VPC_DNS = { enableDnsSupport: true, enableDnsHostnames: false } as const;

export function dnsTagValue(dns: { readonly enableDnsSupport: boolean; readonly enableDnsHostnames: boolean }): string {
  return `support=${dns.enableDnsSupport},hostnames=${dns.enableDnsHostnames}`;
}

function parseDnsTag(value: string | undefined): { enableDnsSupport: boolean; enableDnsHostnames: boolean } | undefined {
  const match = value?.match(/^support=(true|false),hostnames=(true|false)$/);
  return match ? { enableDnsSupport: match[1] === 'true', enableDnsHostnames: match[2] === 'true' } : undefined;
}

export function createVpcInput(desired: ResolvedResource): CreateVpcCommandInput {
  const spec = desired.spec as unknown as VpcSpec;
  return { CidrBlock: spec.cidrBlock, TagSpecifications: tagSpecifications('vpc', { ...desired.tags, [TAG_DNS]: dnsTagValue(NEW_VPC_DNS) }) };
}

export function observedVpc(vpc: Vpc, scope: Scope): ObservedResource {
  // The DNS tag is trellis's record, not a user tag: it shows as the spec fields, not as tag drift.
  const { [TAG_DNS]: dnsTag, ...tags } = fromEc2Tags(vpc.Tags);
  const id = vpc.VpcId ?? '';
  return {
    type: VPC_TYPE,
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { cidrBlock: vpc.CidrBlock, ...parseDnsTag(dnsTag) },
    outputs: { id, cidrBlock: vpc.CidrBlock, ownerId: vpc.OwnerId },
    references: [],
  };
}
