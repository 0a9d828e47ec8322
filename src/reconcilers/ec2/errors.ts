/**
 * EC2 error codes (EC2 API Reference, "Error codes for the Amazon EC2 API"). EC2 has no modeled
 * exceptions: the SDK throws `EC2ServiceException` whose `name` is the code.
 */
import type { ErrorCodeTable } from '../../core/classify.js';

/** The codes for an ID EC2 does not know (DescribeNatGateways/DeleteNatGateway answer `NatGatewayNotFound`). */
const UNKNOWN_ID = [
  'InvalidVpcID.NotFound',
  'InvalidSubnetID.NotFound',
  'InvalidGroup.NotFound',
  'InvalidRouteTableID.NotFound',
  'InvalidInternetGatewayID.NotFound',
  'InvalidNatGatewayID.NotFound',
  'NatGatewayNotFound',
  'InvalidAllocationID.NotFound',
  'InvalidVpcEndpointId.NotFound',
];

export const ec2Errors: ErrorCodeTable = {
  service: 'ec2',
  // "Eventual consistency in the Amazon EC2 API": a resource just created can be unknown to the
  // calls that reference it for a short while (CreateRoute answers InvalidGatewayID.NotFound for a
  // new gateway target).
  eventualConsistency: [...UNKNOWN_ID, 'InvalidGatewayID.NotFound'],
  // DeleteVpcEndpoints reports an unknown endpoint per item as InvalidVpcEndpoint.NotFound (API_DeleteVpcEndpoints).
  // DeleteVpcEndpointServiceConfigurations reports an unknown service per item as
  // InvalidVpcEndpointService.NotFound; Describe/Modify answer InvalidVpcEndpointServiceId.NotFound.
  notFound: [...UNKNOWN_ID, 'InvalidVpcEndpoint.NotFound', 'InvalidVpcEndpointService.NotFound', 'InvalidVpcEndpointServiceId.NotFound'],
  // Deleting a subnet or VPC while a NAT gateway or endpoint in it is still `deleting`;
  // ReleaseAddress while the NAT gateway that holds the address is still `deleting` (API_ReleaseAddress).
  // DeleteVpcEndpointServiceConfigurations while connections are still available or pending (per item,
  // docs/aws-behaviour.md 3e): the delete rejects them first, a retry catches one that arrived meanwhile.
  dependencyPending: ['DependencyViolation', 'InvalidIPAddress.InUse', 'ExistingVpcEndpointConnections'],
};
