/**
 * `ec2:vpc-endpoint-service`: PrivateLink, token-keyed, replaced create-before-delete. Its allowed
 * principals and its connections are sub-objects reconciled with it: pending connections from
 * `acceptedAccounts` are accepted, from anyone else rejected.
 */
import { defineResourceType } from '../../../core/resource-type.js';

export interface VpcEndpointServiceSpec {
  readonly networkLoadBalancerArns: readonly string[];
  readonly acceptanceRequired: boolean;
  /** IAM principal ARNs (`arn:aws:iam::<account>:root`), as a set. */
  readonly allowedPrincipals: readonly string[];
  /** Accounts whose endpoint connections are accepted; pending connections from any other are rejected. */
  readonly acceptedAccounts: readonly string[];
}

/** A consumer's endpoint connected to the service (DescribeVpcEndpointConnections). */
export interface VpcEndpointConnection {
  readonly endpointId: string;
  /** The consumer's account (`VpcEndpointOwner`). */
  readonly account: string;
  readonly state: 'pendingAcceptance' | 'available';
}

export interface VpcEndpointServiceOutputs {
  readonly id: string;
  /** `com.amazonaws.vpce.<region>.vpce-svc-…`: what a consumer's interface endpoint names. */
  readonly serviceName: string;
  /**
   * Observed only: the live (pendingAcceptance or available) connections, which the diff compares with
   * `acceptedAccounts` and the update accepts or rejects. Not something to reference.
   */
  readonly connections?: readonly VpcEndpointConnection[];
}

export const VPC_ENDPOINT_SERVICE = defineResourceType<VpcEndpointServiceSpec, VpcEndpointServiceOutputs>('ec2:vpc-endpoint-service');
