/**
 * Each documented moto gap (./gaps.ts, docs/conformance.md), probed with the SDK directly on both
 * targets: the simulation answers as AWS documents, moto 5.2.1 as the gap says. When a moto upgrade
 * closes a gap, its moto expectation fails here: remove the gap, its tolerance and its doc row.
 */
import {
  AllocateAddressCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateSubnetCommand,
  DeleteNatGatewayCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeSecurityGroupRulesCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeVpcEndpointConnectionsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  paginateDescribeSecurityGroupRules,
  type SecurityGroupRule,
  UpdateSecurityGroupRuleDescriptionsEgressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
} from '@aws-sdk/client-ec2';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { AssociateResourceShareCommand, CreateResourceShareCommand, GetResourceShareInvitationsCommand, GetResourceSharesCommand, RAMClient } from '@aws-sdk/client-ram';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  CreateListenerCommand,
  CreateServiceCommand as CreateLatticeServiceCommand,
  CreateServiceNetworkCommand,
  CreateServiceNetworkServiceAssociationCommand,
  CreateServiceNetworkVpcAssociationCommand,
  CreateTargetGroupCommand,
  DeleteServiceNetworkCommand,
  DeleteServiceNetworkVpcAssociationCommand,
  ListServiceNetworkVpcAssociationsCommand,
  ListTargetGroupsCommand,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import { expect, it } from 'vitest';
import { simulation } from '../helpers.js';
import { GAPS } from './gaps.js';
import { createBucket, describeMoto, MOTO_NETWORK_ACCOUNT, REGION, motoSuite } from './harness.js';

interface Clients {
  readonly ec2: EC2Client;
  readonly ram: RAMClient;
  readonly lattice: VPCLatticeClient;
  readonly tagging: ResourceGroupsTaggingAPIClient;
  readonly cloudtrail: CloudTrailClient;
  readonly ecs: ECSClient;
}

function simClients(): Clients {
  const sim = simulation({ callerAccount: MOTO_NETWORK_ACCOUNT });
  const scope = { account: MOTO_NETWORK_ACCOUNT, region: REGION };
  return {
    ec2: sim.client(EC2Client, scope),
    ram: sim.client(RAMClient, scope),
    lattice: sim.client(VPCLatticeClient, scope),
    tagging: sim.client(ResourceGroupsTaggingAPIClient, scope),
    cloudtrail: sim.client(CloudTrailClient, scope),
    ecs: sim.client(ECSClient, scope),
  };
}

const motoClients = (): Clients => ({
  ec2: new EC2Client({ region: REGION }),
  ram: new RAMClient({ region: REGION }),
  lattice: new VPCLatticeClient({ region: REGION }),
  tagging: new ResourceGroupsTaggingAPIClient({ region: REGION }),
  cloudtrail: new CloudTrailClient({ region: REGION }),
  ecs: new ECSClient({ region: REGION }),
});

/** How a call answered: `ok`, or its HTTP status and error name (`500 SyntaxError` for moto's HTML 500 page). */
async function answer(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return `${status ?? '?'} ${(error as Error).name}`;
  }
}

/**
 * A tagged service network, then what the tagging API lists by its type, a VPC association naming
 * it by ARN, and Delete answer (the association first: AWS refuses to delete a network with one).
 */
async function latticeProbe({ ec2, lattice, tagging }: Clients) {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.4.0.0/16' }));
  const { arn, id } = await lattice.send(new CreateServiceNetworkCommand({ name: 'probe', tags: { 'trellis:owner': 'trellis' } }));
  const { ResourceTagMappingList = [] } = await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['vpc-lattice:servicenetwork'] }));
  const associateByArn = await answer(lattice.send(new CreateServiceNetworkVpcAssociationCommand({ serviceNetworkIdentifier: arn, vpcIdentifier: Vpc!.VpcId })));
  const { items = [] } = await lattice.send(new ListServiceNetworkVpcAssociationsCommand({ serviceNetworkIdentifier: id }));
  for (const association of items) await answer(lattice.send(new DeleteServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: association.id })));
  return {
    listedByType: ResourceTagMappingList.length,
    associateByArn,
    deleteById: await answer(lattice.send(new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: id }))),
  };
}

/** Lattice services and an IP target group; a listener and an association naming a service by ARN, then another by ID; ListTargetGroups with maxResults. */
async function latticeServiceProbe({ ec2, lattice }: Clients) {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16' }));
  const network = await lattice.send(new CreateServiceNetworkCommand({ name: 'probe-network' }));
  const service = await lattice.send(new CreateLatticeServiceCommand({ name: 'probe-service', authType: 'NONE' }));
  // a second service for the calls by ID: on AWS the first one already has a listener on the port and an association with the network
  const other = await lattice.send(new CreateLatticeServiceCommand({ name: 'probe-service-2', authType: 'NONE' }));
  const group = await lattice.send(new CreateTargetGroupCommand({ name: 'probe-tg', type: 'IP', config: { port: 8080, protocol: 'HTTP', vpcIdentifier: Vpc!.VpcId } }));
  const listener = (serviceIdentifier: string, name: string) =>
    answer(lattice.send(new CreateListenerCommand({ serviceIdentifier, name, protocol: 'HTTP', port: 80, defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: group.id, weight: 100 }] } } })));
  const listenerByArn = await listener(service.arn!, 'by-arn');
  const listenerById = await listener(other.id!, 'by-id');
  const associateByServiceArn = await answer(lattice.send(new CreateServiceNetworkServiceAssociationCommand({ serviceIdentifier: service.arn, serviceNetworkIdentifier: network.id })));
  const associateByIds = await answer(lattice.send(new CreateServiceNetworkServiceAssociationCommand({ serviceIdentifier: other.id, serviceNetworkIdentifier: network.id })));
  return {
    listenerByArn,
    listenerById,
    associateByServiceArn,
    associateByIds,
    listWithMaxResults: await answer(lattice.send(new ListTargetGroupsCommand({ maxResults: 10 }))),
    listWithout: await answer(lattice.send(new ListTargetGroupsCommand({}))),
  };
}

/** An ECS service on Fargate registering with a Lattice IP target group, then its PRIMARY deployment's Lattice configurations. */
async function ecsLatticeProbe({ ec2, lattice, ecs }: Clients) {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
  const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: '10.1.0.0/24', AvailabilityZone: `${REGION}a` }));
  const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'probe-ecs', Description: 'probe', VpcId: Vpc!.VpcId }));
  const group = await lattice.send(new CreateTargetGroupCommand({ name: 'probe-ecs-tg', type: 'IP', config: { port: 8080, protocol: 'HTTP', vpcIdentifier: Vpc!.VpcId } }));
  await ecs.send(new CreateClusterCommand({ clusterName: 'probe' }));
  const { taskDefinition } = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'probe',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'public.ecr.aws/example/app:1', portMappings: [{ containerPort: 8080, name: 'lattice' }] }],
    }),
  );
  const configuration = { roleArn: `arn:aws:iam::${MOTO_NETWORK_ACCOUNT}:role/probe-lattice`, targetGroupArn: group.arn!, portName: 'lattice' };
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'probe',
      serviceName: 'probe',
      taskDefinition: taskDefinition!.taskDefinitionArn,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: [Subnet!.SubnetId!], securityGroups: [GroupId!], assignPublicIp: 'DISABLED' } },
      vpcLatticeConfigurations: [configuration],
    }),
  );
  const { services = [] } = await ecs.send(new DescribeServicesCommand({ cluster: 'probe', services: ['probe'] }));
  return { configuration, reported: services[0]?.deployments?.find((deployment) => deployment.status === 'PRIMARY')?.vpcLatticeConfigurations };
}

/** A trail, then StartLogging by its ARN. */
async function trailByArn({ cloudtrail }: Clients) {
  const { TrailARN } = await cloudtrail.send(new CreateTrailCommand({ Name: 'probe-trail', S3BucketName: 'probe-bucket' }));
  return answer(cloudtrail.send(new StartLoggingCommand({ Name: TrailARN })));
}

/** Egress rules to a group, a prefix list and a CIDR, each with a description, then one description updated. */
async function securityGroupRules({ ec2 }: Clients) {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
  const a = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'a', Description: 'a', VpcId: Vpc!.VpcId }));
  const b = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'b', Description: 'b', VpcId: Vpc!.VpcId }));
  const port = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443 };
  await ec2.send(
    new AuthorizeSecurityGroupEgressCommand({
      GroupId: a.GroupId,
      IpPermissions: [
        { ...port, UserIdGroupPairs: [{ GroupId: b.GroupId, Description: 'group' }] },
        { ...port, PrefixListIds: [{ PrefixListId: 'pl-63a5400a', Description: 'prefix list' }] },
        { ...port, IpRanges: [{ CidrIp: '10.1.0.0/16', Description: 'cidr' }] },
      ],
    }),
  );
  await ec2.send(
    new UpdateSecurityGroupRuleDescriptionsEgressCommand({
      GroupId: a.GroupId,
      IpPermissions: [{ ...port, PrefixListIds: [{ PrefixListId: 'pl-63a5400a', Description: 'prefix list, updated' }] }],
    }),
  );
  const SecurityGroupRules: SecurityGroupRule[] = [];
  for await (const page of paginateDescribeSecurityGroupRules({ client: ec2 }, { Filters: [{ Name: 'group-id', Values: [a.GroupId!] }] })) {
    SecurityGroupRules.push(...(page.SecurityGroupRules ?? []));
  }
  const toGroup = SecurityGroupRules.find((rule) => rule.ReferencedGroupInfo?.GroupId === b.GroupId)!;
  const toPrefixList = SecurityGroupRules.find((rule) => rule.PrefixListId === 'pl-63a5400a')!;
  const toCidr = SecurityGroupRules.find((rule) => rule.CidrIpv4 === '10.1.0.0/16')!;
  return {
    groupOwnerId: toGroup.GroupOwnerId,
    descriptions: [toGroup.Description, toPrefixList.Description, toCidr.Description],
  };
}

async function tagsOfAShare({ ram }: Clients) {
  const { resourceShare } = await ram.send(
    new CreateResourceShareCommand({ name: 'probe', principals: ['222222222222'], allowExternalPrincipals: false, tags: [{ key: 'trellis:owner', value: 'trellis' }] }),
  );
  const listed = await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', resourceShareArns: [resourceShare!.resourceShareArn!] }));
  const filteredOut = await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', tagFilters: [{ tagKey: 'trellis:owner', tagValues: ['someone-else'] }] }));
  return {
    tags: listed.resourceShares?.find((share) => share.resourceShareArn === resourceShare!.resourceShareArn)?.tags ?? [],
    listedDespiteFilter: (filteredOut.resourceShares ?? []).length,
    arn: resourceShare!.resourceShareArn!,
  };
}

async function associateAnswer(clients: Clients): Promise<number | undefined> {
  const { arn } = await tagsOfAShare(clients);
  try {
    const answer = await clients.ram.send(new AssociateResourceShareCommand({ resourceShareArn: arn, principals: ['333333333333'] }));
    return answer.$metadata.httpStatusCode;
  } catch (error) {
    return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  }
}

async function gatewayEndpointPrivateDns({ ec2 }: Clients) {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.8.0.0/16' }));
  const { VpcEndpoint } = await ec2.send(new CreateVpcEndpointCommand({ VpcId: Vpc!.VpcId, ServiceName: `com.amazonaws.${REGION}.s3`, VpcEndpointType: 'Gateway' }));
  const { VpcEndpoints = [] } = await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [VpcEndpoint!.VpcEndpointId!] }));
  return VpcEndpoints[0]?.PrivateDnsEnabled ?? false;
}

/** A NAT gateway created, deleted, then created again with the same Elastic IP. */
async function natGatewayAddressAfterDelete({ ec2 }: Clients) {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.7.0.0/16' }));
  const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: '10.7.0.0/24', AvailabilityZone: `${REGION}a` }));
  const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: InternetGateway!.InternetGatewayId, VpcId: Vpc!.VpcId }));
  const { AllocationId } = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const nat = { SubnetId: Subnet!.SubnetId, AllocationId };
  const { NatGateway } = await ec2.send(new CreateNatGatewayCommand(nat));
  const state = async () => (await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [NatGateway!.NatGatewayId!] }))).NatGateways?.[0]?.State;
  for (let i = 0; i < 200 && (await state()) !== 'available'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: NatGateway!.NatGatewayId }));
  for (let i = 0; i < 200 && (await state()) !== 'deleted'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  const { Addresses = [] } = await ec2.send(new DescribeAddressesCommand({ AllocationIds: [AllocationId!] }));
  let recreate = 'ok';
  try {
    await ec2.send(new CreateNatGatewayCommand(nat));
  } catch (error) {
    recreate = (error as Error).name;
  }
  return { associated: Addresses[0]?.AssociationId !== undefined, recreate };
}

async function natGatewayTagFilter({ ec2 }: Clients) {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.6.0.0/16' }));
  const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: '10.6.0.0/24', AvailabilityZone: `${REGION}a` }));
  await ec2.send(
    new CreateNatGatewayCommand({
      SubnetId: Subnet!.SubnetId,
      ConnectivityType: 'private',
      TagSpecifications: [{ ResourceType: 'natgateway', Tags: [{ Key: 'trellis:owner', Value: 'someone-else' }] }],
    }),
  );
  const { NatGateways = [] } = await ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'tag:trellis:owner', Values: ['trellis'] }] }));
  return NatGateways.length;
}

/** A CIDR rule's description updated by its rule ID. */
async function descriptionUpdatedById({ ec2 }: Clients) {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.5.0.0/16' }));
  const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'a', Description: 'a', VpcId: Vpc!.VpcId }));
  const { SecurityGroupRules = [] } = await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.5.0.0/16', Description: 'before' }] }] }),
  );
  const ruleId = SecurityGroupRules[0]!.SecurityGroupRuleId!;
  await ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId, SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: ruleId, Description: 'after' }] }));
  const described = await ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [ruleId] }));
  return described.SecurityGroupRules?.[0]?.Description;
}

describeMoto('the documented moto gaps still hold, and the simulation answers as AWS documents', () => {
  motoSuite();

  it(`${GAPS.sgRuleOwner.id} and ${GAPS.sgPeerDescription.id}: GroupOwnerId, and descriptions of group and prefix-list peers`, async () => {
    expect(await securityGroupRules(simClients())).toEqual({ groupOwnerId: MOTO_NETWORK_ACCOUNT, descriptions: ['group', 'prefix list, updated', 'cidr'] });
    expect(await securityGroupRules(motoClients())).toEqual({ groupOwnerId: undefined, descriptions: [undefined, undefined, 'cidr'] });
  });

  it(`${GAPS.ramTags.id}: a resource share's tags, and tagFilters`, async () => {
    expect(await tagsOfAShare(simClients())).toMatchObject({ tags: [{ key: 'trellis:owner', value: 'trellis' }], listedDespiteFilter: 0 });
    expect(await tagsOfAShare(motoClients())).toMatchObject({ tags: [], listedDespiteFilter: 1 });
  });

  it(`${GAPS.ramAssociations.id}: AssociateResourceShare`, async () => {
    expect(await associateAnswer(simClients())).toBe(200);
    expect(await associateAnswer(motoClients())).toBe(404);
  });

  it(`${GAPS.gatewayEndpointPrivateDns.id}: PrivateDnsEnabled of a Gateway endpoint`, async () => {
    expect(await gatewayEndpointPrivateDns(simClients())).toBe(false);
    expect(await gatewayEndpointPrivateDns(motoClients())).toBe(true);
  });

  it(`${GAPS.ruleDescriptionsById.id}: UpdateSecurityGroupRuleDescriptionsIngress by rule ID`, async () => {
    expect(await descriptionUpdatedById(simClients())).toBe('after');
    expect(await descriptionUpdatedById(motoClients())).toBe('before');
  });

  it(`${GAPS.natGatewayTagFilters.id}: DescribeNatGateways with a tag filter that matches nothing`, async () => {
    expect(await natGatewayTagFilter(simClients())).toBe(0);
    expect(await natGatewayTagFilter(motoClients())).toBe(1);
  });

  it(`${GAPS.natGatewayDeleteKeepsAddress.id}: the Elastic IP of a deleted NAT gateway`, async () => {
    expect(await natGatewayAddressAfterDelete(simClients())).toEqual({ associated: false, recreate: 'ok' });
    expect(await natGatewayAddressAfterDelete(motoClients())).toEqual({ associated: true, recreate: 'Resource.AlreadyAssociated' });
  });

  it(`${GAPS.vpcEndpointIdFilter.id} and ${GAPS.endpointConnections.id}: DescribeVpcEndpoints by vpc-endpoint-id, DescribeVpcEndpointConnections`, async () => {
    // the filter is evaluated per endpoint: moto fails only once there is one
    const probe = async ({ ec2 }: Clients) => {
      const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.3.0.0/16' }));
      const { VpcEndpoint } = await ec2.send(new CreateVpcEndpointCommand({ VpcId: Vpc!.VpcId, ServiceName: `com.amazonaws.${REGION}.s3`, VpcEndpointType: 'Gateway' }));
      return Promise.all([
        answer(ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-endpoint-id', Values: [VpcEndpoint!.VpcEndpointId!] }] }))),
        answer(ec2.send(new DescribeVpcEndpointConnectionsCommand({}))),
      ]);
    };
    expect(await probe(simClients())).toEqual(['ok', 'ok']);
    // moto's 500 is retried by the SDK's standard mode (3 attempts), then surfaces as the HTML page it cannot parse
    expect((await probe(motoClients())).map((a) => a.split(' ')[0])).toEqual(['500', '500']);
  });

  it(`${GAPS.taggingLatticeTypes.id}, ${GAPS.latticeArnIdentifier.id}, ${GAPS.latticeCalls.id}: a service network by type in the tagging API, a VPC association by its ARN, Delete`, async () => {
    expect(await latticeProbe(simClients())).toEqual({ listedByType: 1, associateByArn: 'ok', deleteById: 'ok' });
    expect(await latticeProbe(motoClients())).toMatchObject({
      listedByType: 0,
      associateByArn: '400 ResourceNotFoundException',
      deleteById: expect.stringMatching(/^(404|500) /),
    });
  });

  it(`${GAPS.latticeMaxResults.id} and ${GAPS.latticeServiceArnIdentifier.id}: ListTargetGroups with maxResults; a listener and a service association naming the service by ARN`, async () => {
    expect(await latticeServiceProbe(simClients())).toEqual({
      listenerByArn: 'ok',
      listenerById: 'ok',
      associateByServiceArn: 'ok',
      associateByIds: 'ok',
      listWithMaxResults: 'ok',
      listWithout: 'ok',
    });
    expect(await latticeServiceProbe(motoClients())).toEqual({
      listenerByArn: '400 ResourceNotFoundException',
      listenerById: 'ok',
      associateByServiceArn: '400 ResourceNotFoundException',
      associateByIds: 'ok',
      // moto's 500 is retried by the SDK's standard mode, then surfaces as the HTML page it cannot parse
      listWithMaxResults: expect.stringMatching(/^500 /),
      listWithout: 'ok',
    });
  });

  it(`${GAPS.ecsLatticeConfigurations.id}: an ECS service's vpcLatticeConfigurations on its PRIMARY deployment`, async () => {
    const sim = await ecsLatticeProbe(simClients());
    expect(sim.reported).toEqual([sim.configuration]);
    expect((await ecsLatticeProbe(motoClients())).reported).toBeUndefined();
  });

  it(`${GAPS.ramInvitations.id}: GetResourceShareInvitations`, async () => {
    expect(await answer(simClients().ram.send(new GetResourceShareInvitationsCommand({})))).toBe('ok');
    expect(await answer(motoClients().ram.send(new GetResourceShareInvitationsCommand({})))).toMatch(/^404 /);
  });

  it(`${GAPS.trailByArn.id}: StartLogging by the trail's ARN`, async () => {
    expect(await trailByArn(simClients())).toBe('ok');
    await createBucket(MOTO_NETWORK_ACCOUNT, 'probe-bucket');
    expect(await trailByArn(motoClients())).toMatch(/^500 /);
  });
});
