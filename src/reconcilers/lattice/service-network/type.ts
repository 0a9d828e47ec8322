/** `vpc-lattice:service-network`, with its auth policy as a sub-object (PutAuthPolicy / DeleteAuthPolicy). */
import type { PolicyDocument } from '../../../core/policy-document.js';
import { defineResourceType } from '../../../core/resource-type.js';

export interface ServiceNetworkSpec {
  /** Lowercase, 3–63, unique per account; immutable. */
  readonly name: string;
  readonly authType: 'NONE' | 'AWS_IAM';
  /** `null`: no auth policy. Compared semantically. */
  readonly authPolicy: PolicyDocument | null;
}

export interface ServiceNetworkOutputs {
  readonly arn: string;
  readonly id: string;
  readonly name: string;
}

export const SERVICE_NETWORK = defineResourceType<ServiceNetworkSpec, ServiceNetworkOutputs>('vpc-lattice:service-network');
