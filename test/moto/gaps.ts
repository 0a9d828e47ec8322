/**
 * moto's known gaps (docs/conformance.md, "Known moto gaps"): where moto 5.2.1 answers differently
 * from AWS's documentation or lacks a call. A scenario tolerates exactly a gap listed here, and says
 * which; gaps.moto.test.ts checks that each still holds, so a moto upgrade that closes one fails
 * there and the tolerance can go. The simulation follows AWS, not these.
 */
import type { Workspace } from '../helpers.js';

export interface Gap {
  /** The row in docs/conformance.md. */
  readonly id: string;
  readonly module: string;
  readonly function: string;
  readonly summary: string;
}

export const GAPS = {
  sgRuleOwner: {
    id: 'M1',
    module: 'moto/ec2/models/security_groups.py',
    function: 'SecurityGroupRule (has owner_id, no group_owner_id)',
    summary: 'DescribeSecurityGroupRules omits GroupOwnerId',
  },
  sgPeerDescription: {
    id: 'M2',
    module: 'moto/ec2/models/security_groups.py',
    function: 'SecurityGroupRule.description; SecurityGroupBackend.update_security_group_rule_descriptions_{ingress,egress}',
    summary: 'a rule whose peer is a security group or a prefix list loses its Description, and updating it has no effect',
  },
  ramTags: {
    id: 'M3',
    module: 'moto/ram/models.py',
    function: 'ResourceShare.__init__ / describe; ResourceAccessManagerBackend.get_resource_shares',
    summary: 'CreateResourceShare drops tags; GetResourceShares returns no tags and ignores tagFilters',
  },
  ramAssociations: {
    id: 'M4',
    module: 'moto/ram/urls.py',
    function: 'url_paths (no associateresourceshare, disassociateresourceshare, tagresource, untagresource)',
    summary: 'AssociateResourceShare, DisassociateResourceShare, TagResource and UntagResource answer 404',
  },
  gatewayEndpointPrivateDns: {
    id: 'M5',
    module: 'moto/ec2/responses/vpcs.py',
    function: 'VPCs.create_vpc_endpoint (PrivateDnsEnabled if_none=True for every type)',
    summary: 'a Gateway endpoint reports PrivateDnsEnabled true; AWS documents the field for interface endpoints only',
  },
  natGatewayTagFilters: {
    id: 'M6',
    module: 'moto/ec2/models/nat_gateways.py',
    function: 'NatGatewayBackend.describe_nat_gateways (filters nat-gateway-id, vpc-id, subnet-id, state only)',
    summary: 'DescribeNatGateways ignores tag:<key> filters and lists every NAT gateway of the account',
  },
  natGatewayDeleteKeepsAddress: {
    id: 'M7',
    module: 'moto/ec2/models/nat_gateways.py',
    function: 'NatGatewayBackend.delete_nat_gateway (sets state deleted, nothing else)',
    summary: 'a deleted NAT gateway keeps its Elastic IP associated, so a new NAT gateway with it fails with Resource.AlreadyAssociated',
  },
  ruleDescriptionsById: {
    id: 'M8',
    module: 'moto/ec2/responses/security_groups.py',
    function: 'SecurityGroups.update_security_group_rule_descriptions_{ingress,egress} (only IpPermissions, via _process_rules_from_querystring)',
    summary: 'UpdateSecurityGroupRuleDescriptions* ignores SecurityGroupRuleDescriptions (by rule ID) and answers success without a change',
  },
  vpcSharing: {
    id: 'M9',
    module: 'moto/ec2/models/subnets.py, moto/ec2/models/vpcs.py',
    function: 'SubnetBackend.get_subnet, VPCBackend.get_vpc (the caller account\'s backend only; moto/ram/models.py shares nothing with EC2)',
    summary: 'no VPC sharing: a subnet shared through RAM is unknown in the participant account (InvalidSubnetID.NotFound, InvalidVpcID.NotFound)',
  },
  vpcEndpointIdFilter: {
    id: 'M10',
    module: 'moto/ec2/models/vpcs.py',
    function: 'VPCEndPoint.get_filter_value (vpc-endpoint-type and vpc-endpoint-state, else the DescribeVpcs filters)',
    summary: 'DescribeVpcEndpoints with the vpc-endpoint-id filter raises FilterNotImplementedError: HTTP 500',
  },
  endpointConnections: {
    id: 'M11',
    module: 'moto/ec2/responses/vpc_service_configuration.py',
    function: 'VPCEndpointServiceConfiguration (no describe_vpc_endpoint_connections, accept_vpc_endpoint_connections, reject_vpc_endpoint_connections)',
    summary: 'DescribeVpcEndpointConnections, AcceptVpcEndpointConnections and RejectVpcEndpointConnections raise NotImplementedError: HTTP 500',
  },
  taggingLatticeTypes: {
    id: 'M12',
    module: 'moto/resourcegroupstaggingapi/models.py',
    function: 'ResourceGroupsTaggingAPIBackend._get_resources_generator (the VPC Lattice block matches the filter "vpc-lattice" only)',
    summary: 'GetResources with ResourceTypeFilters vpc-lattice:servicenetwork (or any service:type of VPC Lattice) returns nothing',
  },
  latticeArnIdentifier: {
    id: 'M13',
    module: 'moto/vpclattice/models.py',
    function: 'VPCLatticeBackend.get_service_network (self.service_networks[id]: the ID only), as create_service_network_vpc_association calls it with the body\'s identifier',
    summary: 'CreateServiceNetworkVpcAssociation with the serviceNetworkIdentifier as ARN answers ResourceNotFoundException (GetServiceNetwork takes the last path segment, so it works there)',
  },
  latticeCalls: {
    id: 'M14',
    module: 'moto/vpclattice/responses.py',
    function: 'VPCLatticeResponse (no Delete* of service networks and their associations, no GetServiceNetworkVpcAssociation, UpdateServiceNetwork, UpdateServiceNetworkVpcAssociation; no Update*/Delete* of services, target groups, listeners and service associations; no resource gateway or resource configuration call at all)',
    summary: 'VPC Lattice deletes, updates and resource gateways/configurations are not implemented (an error answer, 404 or 500 by route)',
  },
  ramInvitations: {
    id: 'M15',
    module: 'moto/ram/urls.py',
    function: 'url_paths (no getresourceshareinvitations, acceptresourceshareinvitation)',
    summary: 'GetResourceShareInvitations and AcceptResourceShareInvitation answer 404',
  },
  trailByArn: {
    id: 'M16',
    module: 'moto/cloudtrail/models.py',
    function: 'CloudTrailBackend.start_logging, stop_logging (self.trails[name]), delete_trail (`if name in self.trails`)',
    summary: 'StartLogging and StopLogging with the trail ARN raise KeyError (HTTP 500); DeleteTrail with the ARN answers success and deletes nothing',
  },
  latticeMaxResults: {
    id: 'M17',
    module: 'moto/vpclattice/responses.py',
    function: 'VPCLatticeResponse.list_target_groups, list_listeners, list_service_network_service_associations, list_service_network_resource_associations (maxResults read with _get_param, a string, which moto/utilities/paginator.py adds to an int)',
    summary: 'ListTargetGroups, ListListeners, ListServiceNetworkServiceAssociations and ListServiceNetworkResourceAssociations with maxResults raise TypeError: HTTP 500',
  },
  latticeServiceArnIdentifier: {
    id: 'M18',
    module: 'moto/vpclattice/models.py',
    function: 'VPCLatticeBackend.get_service (self.services.get(id): the ID only), as create_listener, list_listeners and create_service_network_service_association call it with the request\'s serviceIdentifier (the last also get_service_network with its serviceNetworkIdentifier, M13)',
    summary: 'CreateListener, ListListeners and CreateServiceNetworkServiceAssociation naming the service by ARN answer 400 ResourceNotFoundException (by ID they work)',
  },
  ecsLatticeConfigurations: {
    id: 'M19',
    module: 'moto/ecs/responses.py, moto/ecs/models.py',
    function: 'EC2ContainerServiceResponse.create_service (never reads vpcLatticeConfigurations); Service.deployments (no vpcLatticeConfigurations; update_service sets an attribute nothing answers)',
    summary: 'CreateService and UpdateService accept vpcLatticeConfigurations and drop them: the PRIMARY deployment DescribeServices answers never carries them',
  },
} as const satisfies Record<string, Gap>;

/** `[M1] …`: for messages of tolerated assertions. */
export const cite = (gap: Gap): string => `moto gap ${gap.id} (docs/conformance.md): ${gap.summary}`;

/**
 * The example Network minus exactly what the gaps make unmanageable on moto:
 * - `shareWith` ({@link GAPS.ramTags}, {@link GAPS.ramAssociations}): a share without tags is never
 *   owned, so every run would create another one;
 * - the descriptions of the rules whose peer is a security group or a prefix list
 *   ({@link GAPS.sgPeerDescription}): moto cannot store them, so each run would plan an update.
 * The missing GroupOwnerId ({@link GAPS.sgRuleOwner}) needs no edit since issue 10: trellis no longer
 * reads it, so the app group's rule to the endpoints group is managed on moto too.
 * The differential check (differential.moto.test.ts) runs the unedited example.
 */
export async function withoutGappedParts(workspace: Workspace): Promise<void> {
  await workspace.editNetwork((network) => {
    delete network.spec.shareWith;
    delete network.spec.allowExternalPrincipals;
    const groups = network.spec.securityGroups as { name: string; egress?: { securityGroup?: string; prefixList?: string; description?: string }[] }[];
    for (const group of groups) {
      if (!group.egress) continue;
      for (const rule of group.egress) if (rule.prefixList !== undefined || rule.securityGroup !== undefined) delete rule.description;
    }
  });
}

/** The example Services (manifests/examples). */
export const SERVICE_FILES = ['api-service.json', 'user-service.json', 'api-consumer.json', 'user-consumer.json'] as const;

/**
 * The example Services as moto can run them: in the Network's own account, since moto has no VPC
 * sharing ({@link GAPS.vpcSharing}); and, unless `privateLink`, without `expose.privateLink` and
 * `consume`: an owned endpoint service makes every later observe fail on DescribeVpcEndpointConnections
 * ({@link GAPS.endpointConnections}), and a consumer endpoint's readiness on the vpc-endpoint-id filter
 * ({@link GAPS.vpcEndpointIdFilter}). `privateLink: true` keeps them, for the scenario that asserts those gaps.
 */
export async function servicesAsMotoRunsThem(workspace: Workspace, { privateLink = false } = {}): Promise<void> {
  for (const file of SERVICE_FILES) {
    await workspace.edit(file, (manifest) => {
      manifest.metadata.account = 'network';
      if (privateLink) return;
      delete manifest.spec.expose;
      delete manifest.spec.consume;
    });
  }
}

/** Resources of the example Network without the gapped parts: 26 less the RAM share. */
export const TOLERATED_RESOURCES = 25;
