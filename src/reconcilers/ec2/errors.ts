/**
 * EC2 error codes (EC2 API Reference, "Error codes for the Amazon EC2 API"). EC2 has no modeled
 * exceptions: the SDK throws `EC2ServiceException` whose `name` is the code.
 */
import type { ErrorCodeTable } from '../../engine/classify.js';

export const ec2Errors: ErrorCodeTable = {
  // "Eventual consistency in the Amazon EC2 API": a resource just created can be unknown to the
  // calls that reference it for a short while.
  eventualConsistency: [
    'InvalidVpcID.NotFound',
    'InvalidSubnetID.NotFound',
    'InvalidGroup.NotFound',
    'InvalidRouteTableID.NotFound',
    'InvalidInternetGatewayID.NotFound',
    'InvalidNatGatewayID.NotFound',
    'InvalidAllocationID.NotFound',
    'InvalidVpcEndpointId.NotFound',
    // DescribeNatGateways/DeleteNatGateway's code for an unknown NAT gateway; CreateRoute's for a new gateway target.
    'NatGatewayNotFound',
    'InvalidGatewayID.NotFound',
  ],
  notFound: [
    'InvalidVpcID.NotFound',
    'InvalidSubnetID.NotFound',
    'InvalidGroup.NotFound',
    'InvalidRouteTableID.NotFound',
    'InvalidInternetGatewayID.NotFound',
    'InvalidNatGatewayID.NotFound',
    'InvalidAllocationID.NotFound',
    'InvalidVpcEndpointId.NotFound',
    // DeleteVpcEndpoints reports an unknown endpoint per item with this code (API_DeleteVpcEndpoints).
    'InvalidVpcEndpoint.NotFound',
    'NatGatewayNotFound',
  ],
  // Deleting a subnet or VPC while a NAT gateway or endpoint in it is still `deleting`.
  // ReleaseAddress while the NAT gateway that holds the address is still `deleting` (API_ReleaseAddress).
  dependencyPending: ['DependencyViolation', 'InvalidIPAddress.InUse'],
};
