/** `vpc-lattice:service-network-vpc-association`: a VPC (of the association's account) on a service network, maybe shared through RAM. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface VpcAssociationSpec {
  /** The service network's ARN (an ARN, not an ID: it may belong to another account). Immutable. */
  readonly serviceNetworkIdentifier: string;
  /** Immutable. */
  readonly vpcIdentifier: string;
  /** Mutable, never empty once set. */
  readonly securityGroupIds: readonly string[];
}

export interface VpcAssociationOutputs {
  readonly arn: string;
  readonly id: string;
}

export const VPC_ASSOCIATION = defineResourceType<VpcAssociationSpec, VpcAssociationOutputs>('vpc-lattice:service-network-vpc-association');
