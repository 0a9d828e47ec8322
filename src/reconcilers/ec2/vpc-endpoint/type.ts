/** `ec2:vpc-endpoint`: gateway and interface endpoints, token-keyed; an interface endpoint may name a PrivateLink endpoint service of another account. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface VpcEndpointSpec {
  readonly vpcId: string;
  readonly serviceName: string;
  readonly vpcEndpointType: 'Gateway' | 'Interface';
  readonly routeTableIds?: readonly string[];
  readonly subnetIds?: readonly string[];
  readonly securityGroupIds?: readonly string[];
  readonly privateDnsEnabled?: boolean;
}

export interface VpcEndpointOutputs {
  readonly id: string;
  readonly state: string;
  /** Interface endpoints: the regional DNS name (first of `DnsEntries`), what a consumer calls. */
  readonly dnsName?: string;
}

export const VPC_ENDPOINT = defineResourceType<VpcEndpointSpec, VpcEndpointOutputs>('ec2:vpc-endpoint');
