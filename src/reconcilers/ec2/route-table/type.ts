/** The `ec2:route-table` resource type: its desired spec and the outputs other resources may reference. */
import { defineResourceType } from '../../../core/resource-type.js';

/** One route of the spec: a destination and exactly one target. */
export interface RouteSpec {
  readonly destinationCidrBlock: string;
  readonly gatewayId?: string;
  readonly natGatewayId?: string;
  /** Observed only: `blackhole` when the target is gone, which makes the route differ from the desired one. */
  readonly state?: 'blackhole';
}

export interface RouteTableSpec {
  readonly vpcId: string;
  readonly routes: readonly RouteSpec[];
  readonly subnetIds: readonly string[];
}

export interface RouteTableOutputs {
  readonly id: string;
  /** Explicit subnet associations: subnet ID → association ID. */
  readonly associations: Readonly<Record<string, string>>;
}

export const ROUTE_TABLE = defineResourceType<RouteTableSpec, RouteTableOutputs>('ec2:route-table');
