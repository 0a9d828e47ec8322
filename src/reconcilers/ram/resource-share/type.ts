/** `ram:resource-share`: token-keyed; its resources and principals are associations, reconciled as sets. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface ResourceShareSpec {
  readonly name: string;
  readonly allowExternalPrincipals: boolean;
  /** Subnet ARNs (`arn:aws:ec2:<region>:<account>:subnet/<id>`) and other shareable ARNs; a set. */
  readonly resourceArns: readonly string[];
  /** 12-digit account IDs, OU and organization ARNs; a set. */
  readonly principals: readonly string[];
}

export interface ResourceShareOutputs {
  readonly id: string;
  readonly arn: string;
}

export const RESOURCE_SHARE = defineResourceType<ResourceShareSpec, ResourceShareOutputs>('ram:resource-share');
