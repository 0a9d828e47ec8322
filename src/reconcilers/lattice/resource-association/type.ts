/** `vpc-lattice:service-network-resource-association`: a resource configuration on a service network. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface ResourceAssociationSpec {
  readonly serviceNetworkIdentifier: string;
  readonly resourceConfigurationIdentifier: string;
}

export interface ResourceAssociationOutputs {
  readonly arn: string;
  readonly id: string;
}

export const RESOURCE_ASSOCIATION = defineResourceType<ResourceAssociationSpec, ResourceAssociationOutputs>('vpc-lattice:service-network-resource-association');
