/** The `ec2:eip` resource type (an Elastic IP address): its desired spec and the outputs other resources may reference. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface EipSpec {
  readonly domain: 'vpc';
}

export interface EipOutputs {
  /** The allocation ID (`eipalloc-…`), as `allocationId`. */
  readonly id: string;
  readonly allocationId: string;
  readonly publicIp?: string;
}

export const EIP = defineResourceType<EipSpec, EipOutputs>('ec2:eip');
