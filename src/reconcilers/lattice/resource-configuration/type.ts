/** `vpc-lattice:resource-configuration`: one resource (DNS name, IP address or ARN) behind a resource gateway. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface ResourceConfigurationSpec {
  readonly name: string;
  readonly resourceGatewayIdentifier: string;
  /** Exactly one of the three. */
  readonly definition: { readonly dnsName?: string; readonly ipAddress?: string; readonly arn?: string };
  /** `"5432"` or `"1-65535"`; none for an ARN resource. */
  readonly portRanges: readonly string[];
  readonly protocol: 'TCP';
}

export interface ResourceConfigurationOutputs {
  readonly arn: string;
  readonly id: string;
}

export const RESOURCE_CONFIGURATION = defineResourceType<ResourceConfigurationSpec, ResourceConfigurationOutputs>('vpc-lattice:resource-configuration');
