/** Pure builders for Elastic IP addresses: desired spec → SDK input, SDK output → observed. */
import type { Address, AllocateAddressCommandInput } from '@aws-sdk/client-ec2';
import { TAG_ADDRESS, type ObservedResource, type Scope } from '../../../core/types.js';
import type { ResolvedResource } from '../../../core/reconciler.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';

export const EIP_TYPE = 'ec2:eip';

export interface EipSpec {
  readonly domain: 'vpc';
}

export function allocateAddressInput(desired: ResolvedResource): AllocateAddressCommandInput {
  const spec = desired.spec as unknown as EipSpec;
  return { Domain: spec.domain, TagSpecifications: tagSpecifications('elastic-ip', desired.tags) };
}

export function eipOutputs(allocationId: string, publicIp: string | undefined): Record<string, unknown> {
  return { id: allocationId, allocationId, publicIp };
}

export function observedEip(address: Address, scope: Scope): ObservedResource {
  const tags = fromEc2Tags(address.Tags);
  const id = address.AllocationId ?? '';
  return {
    type: EIP_TYPE,
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { domain: address.Domain },
    outputs: eipOutputs(id, address.PublicIp),
    // An address points at nothing; what uses it (a NAT gateway) lists it in its own references.
    references: [],
  };
}
