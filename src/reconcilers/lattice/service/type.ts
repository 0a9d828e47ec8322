/** `vpc-lattice:service`: the Lattice front of a Service (`expose.lattice`), with a generated DNS name. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface LatticeServiceSpec {
  /** Lowercase, 3–40, unique per account and region, not `svc-…`; immutable. */
  readonly name: string;
  /**
   * Mutable (UpdateService). `AWS_IAM` without a service auth policy denies every request, so the Service
   * kind asks for `NONE`: the service network's auth policy is the one that decides.
   */
  readonly authType: 'NONE' | 'AWS_IAM';
}

export interface LatticeServiceOutputs {
  readonly arn: string;
  readonly id: string;
  /** `dnsEntry.domainName`: what consumers call. */
  readonly dnsName: string;
}

export const LATTICE_SERVICE = defineResourceType<LatticeServiceSpec, LatticeServiceOutputs>('vpc-lattice:service');
