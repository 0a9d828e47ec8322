/** `vpc-lattice:listener`: a Lattice service's listener, forwarding everything to one target group. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface LatticeListenerSpec {
  /** The Lattice service's ARN; immutable. */
  readonly serviceIdentifier: string;
  /** Lowercase, 3–63, unique per service; immutable. */
  readonly name: string;
  /** Immutable. */
  readonly protocol: 'HTTP' | 'HTTPS';
  /** Immutable. */
  readonly port: number;
  /** The default action forwards here with weight 100; mutable (UpdateListener). */
  readonly targetGroupIdentifier: string;
}

export interface LatticeListenerOutputs {
  readonly arn: string;
  readonly id: string;
}

export const LATTICE_LISTENER = defineResourceType<LatticeListenerSpec, LatticeListenerOutputs>('vpc-lattice:listener');
