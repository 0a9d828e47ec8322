/** `ram:resource-share`: token-keyed; its resources and principals are associations, reconciled as sets. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface ResourceShareSpec {
  readonly name: string;
  readonly allowExternalPrincipals: boolean;
  /** Subnet ARNs (`arn:aws:ec2:<region>:<account>:subnet/<id>`) and other shareable ARNs; a set. */
  readonly resourceArns: readonly string[];
  /** 12-digit account IDs, OU and organization ARNs; a set. */
  readonly principals: readonly string[];
  /**
   * Principal accounts trellis can reach (configured accounts) whose pending invitation to this share
   * it accepts there (a set; absent: none). Recorded on the share as the `trellis:accept-invitations`
   * tag, so observe knows where to look without the manifest.
   */
  readonly acceptInvitationsIn?: readonly string[];
}

export interface ResourceShareOutputs {
  readonly id: string;
  readonly arn: string;
}

export const RESOURCE_SHARE = defineResourceType<ResourceShareSpec, ResourceShareOutputs>('ram:resource-share');
