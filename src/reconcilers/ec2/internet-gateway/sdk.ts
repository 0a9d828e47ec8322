/** Pure builders for internet gateways: desired spec → SDK input, SDK output → observed. */
import type { CreateInternetGatewayCommandInput, InternetGateway } from '@aws-sdk/client-ec2';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';
import { INTERNET_GATEWAY, type InternetGatewayOutputs, type InternetGatewaySpec } from './type.js';

export const INTERNET_GATEWAY_TYPE = INTERNET_GATEWAY.name;
export type { InternetGatewaySpec } from './type.js';

export function createInternetGatewayInput(desired: Resolved<InternetGatewaySpec>): CreateInternetGatewayCommandInput {
  return { TagSpecifications: tagSpecifications('internet-gateway', desired.tags) };
}

/** The attached VPC. AWS reports an attachment's state as `available` (or `attached`) when it is in place. */
export function attachedVpcId(gateway: InternetGateway): string | undefined {
  return gateway.Attachments?.find((a) => a.State === ('available' as string) || a.State === 'attached' || a.State === 'attaching')?.VpcId;
}

export function observedInternetGateway(gateway: InternetGateway, scope: Scope): Observed<InternetGatewaySpec, InternetGatewayOutputs> {
  const tags = fromEc2Tags(gateway.Tags);
  const id = gateway.InternetGatewayId ?? '';
  const vpcId = attachedVpcId(gateway);
  return observed(INTERNET_GATEWAY, {
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { vpcId },
    outputs: { id },
    references: vpcId ? [vpcId] : [],
  });
}
