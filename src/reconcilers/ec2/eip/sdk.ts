/** Pure builders for Elastic IP addresses: desired spec → SDK input, SDK output → observed. */
import type { Address, AllocateAddressCommandInput } from '@aws-sdk/client-ec2';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';
import { EIP, type EipOutputs, type EipSpec } from './type.js';

export const EIP_TYPE = EIP.name;
export type { EipSpec } from './type.js';

export function allocateAddressInput(desired: Resolved<EipSpec>): AllocateAddressCommandInput {
  return { Domain: desired.spec.domain, TagSpecifications: tagSpecifications('elastic-ip', desired.tags) };
}

export function eipOutputs(allocationId: string, publicIp: string | undefined): EipOutputs {
  return { id: allocationId, allocationId, publicIp };
}

export function observedEip(address: Address, scope: Scope): Observed<EipSpec, EipOutputs> {
  const tags = fromEc2Tags(address.Tags);
  const id = address.AllocationId ?? '';
  return observed(EIP, {
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    // Observe lists the `vpc` domain only; any other domain would show as a replacing change.
    spec: address.Domain === 'vpc' ? { domain: 'vpc' } : {},
    outputs: eipOutputs(id, address.PublicIp),
    // An address points at nothing; what uses it (a NAT gateway) lists it in its own references.
    references: [],
  });
}
