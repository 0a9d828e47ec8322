/**
 * `vpc-lattice:service-network-service-association`: a Lattice service (of the association's account) on a
 * service network, which may belong to another account and be shared through RAM (so it is named by ARN).
 */
import { defineResourceType } from '../../../core/resource-type.js';

export interface ServiceAssociationSpec {
  /** The service network's ARN; immutable. */
  readonly serviceNetworkIdentifier: string;
  /** The Lattice service's ARN; immutable. */
  readonly serviceIdentifier: string;
}

export interface ServiceAssociationOutputs {
  readonly arn: string;
  readonly id: string;
}

export const SERVICE_ASSOCIATION = defineResourceType<ServiceAssociationSpec, ServiceAssociationOutputs>('vpc-lattice:service-network-service-association');
