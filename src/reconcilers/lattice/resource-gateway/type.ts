/** `vpc-lattice:resource-gateway`: where a service network reaches resources in a VPC. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface ResourceGatewaySpec {
  readonly name: string;
  readonly vpcIdentifier: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
}

export interface ResourceGatewayOutputs {
  readonly arn: string;
  readonly id: string;
}

export const RESOURCE_GATEWAY = defineResourceType<ResourceGatewaySpec, ResourceGatewayOutputs>('vpc-lattice:resource-gateway');
