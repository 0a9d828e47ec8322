/** Pure builders for NAT gateways: desired spec → SDK input, SDK output → observed. */
import type { CreateNatGatewayCommandInput, NatGateway } from '@aws-sdk/client-ec2';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';
import { NAT_GATEWAY, type NatGatewayOutputs, type NatGatewaySpec } from './type.js';

export const NAT_GATEWAY_TYPE = NAT_GATEWAY.name;
export type { NatGatewaySpec } from './type.js';

export function createNatGatewayInput(desired: Resolved<NatGatewaySpec>, clientToken: string): CreateNatGatewayCommandInput {
  const { spec } = desired;
  return {
    SubnetId: spec.subnetId,
    ...(spec.allocationId !== undefined ? { AllocationId: spec.allocationId } : {}),
    ConnectivityType: spec.connectivityType,
    ClientToken: clientToken,
    TagSpecifications: tagSpecifications('natgateway', desired.tags),
  };
}

/** The allocation ID of the primary address (a NAT gateway may have secondary ones). */
export function primaryAllocationId(gateway: NatGateway): string | undefined {
  const addresses = gateway.NatGatewayAddresses ?? [];
  return (addresses.find((a) => a.IsPrimary) ?? addresses[0])?.AllocationId;
}

/**
 * `internetGatewayId`: the gateway attached to the NAT gateway's VPC, if known. It is a reference so
 * that the engine deletes a public NAT gateway before it detaches that internet gateway (AWS refuses the
 * detach while the VPC maps public addresses).
 */
export function observedNatGateway(gateway: NatGateway, scope: Scope, internetGatewayId?: string): Observed<NatGatewaySpec, NatGatewayOutputs> {
  const tags = fromEc2Tags(gateway.Tags);
  const id = gateway.NatGatewayId ?? '';
  const allocationId = primaryAllocationId(gateway);
  const spec = { subnetId: gateway.SubnetId, allocationId, connectivityType: gateway.ConnectivityType ?? 'public' };
  return observed(NAT_GATEWAY, {
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    spec,
    outputs: { id },
    references: [gateway.SubnetId, allocationId, internetGatewayId].filter((ref): ref is string => ref !== undefined),
  });
}
