/** Pure builders for internet gateways: desired spec → SDK input, SDK output → observed. */
import type { CreateInternetGatewayCommandInput, InternetGateway } from '@aws-sdk/client-ec2';
import { TAG_ADDRESS, type ObservedResource, type Scope } from '../../../core/types.js';
import type { ResolvedResource } from '../../../core/reconciler.js';
import { fromEc2Tags, tagSpecifications } from '../tags.js';

export const INTERNET_GATEWAY_TYPE = 'ec2:internet-gateway';

export interface InternetGatewaySpec {
  /** The VPC the gateway is attached to; changing it detaches and attaches in place. */
  readonly vpcId: string;
}

export function createInternetGatewayInput(desired: ResolvedResource): CreateInternetGatewayCommandInput {
  return { TagSpecifications: tagSpecifications('internet-gateway', desired.tags) };
}

/** The attached VPC. AWS reports an attachment's state as `available` (or `attached`) when it is in place. */
export function attachedVpcId(gateway: InternetGateway): string | undefined {
  return gateway.Attachments?.find((a) => a.State === ('available' as string) || a.State === 'attached' || a.State === 'attaching')?.VpcId;
}

export function observedInternetGateway(gateway: InternetGateway, scope: Scope): ObservedResource {
  const tags = fromEc2Tags(gateway.Tags);
  const id = gateway.InternetGatewayId ?? '';
  const vpcId = attachedVpcId(gateway);
  return {
    type: INTERNET_GATEWAY_TYPE,
    scope,
    id,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { vpcId },
    outputs: { id },
    references: vpcId ? [vpcId] : [],
  };
}
