import {
  AcceptVpcEndpointConnectionsCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  CreateVpcEndpointServiceConfigurationCommand,
  DeleteVpcEndpointsCommand,
  DeleteVpcEndpointServiceConfigurationsCommand,
  DescribeVpcEndpointConnectionsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcEndpointServiceConfigurationsCommand,
  DescribeVpcEndpointServicePermissionsCommand,
  DescribeVpcEndpointServicesCommand,
  EC2Client,
  EC2ServiceException,
  ModifyVpcAttributeCommand,
  ModifyVpcEndpointServiceConfigurationCommand,
  ModifyVpcEndpointServicePermissionsCommand,
  paginateDescribeVpcEndpointServiceConfigurations,
  RejectVpcEndpointConnectionsCommand,
} from '@aws-sdk/client-ec2';
import { DeleteLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { elbFixture } from '../elbv2/fixtures.js';
import { ACCOUNT_A, ACCOUNT_B, REGION, rejection } from '../test-helpers.js';

async function expectEc2Error(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(EC2ServiceException);
  expect(error.name).toBe(code);
}

async function setup(options: Parameters<typeof elbFixture>[0] = {}) {
  const fixture = await elbFixture({ pageSize: 2, ...options }, { account: ACCOUNT_A, region: REGION });
  const nlb = (await fixture.createNlb('svc-nlb')).LoadBalancerArn!;
  const createService = async (extra: Record<string, unknown> = {}) =>
    (await fixture.ec2.send(new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: [nlb], AcceptanceRequired: true, ...extra }))).ServiceConfiguration!;
  // The consumer: another account with a VPC and one subnet.
  const consumer = fixture.sim.client(EC2Client, { account: ACCOUNT_B, region: REGION });
  const vpc = (await consumer.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
  await consumer.send(new ModifyVpcAttributeCommand({ VpcId: vpc, EnableDnsHostnames: { Value: true } }));
  const subnet = (await consumer.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.1.0.0/24', AvailabilityZone: `${REGION}a` }))).Subnet!.SubnetId!;
  const connect = async (ServiceName: string) =>
    (await consumer.send(new CreateVpcEndpointCommand({ VpcId: vpc, VpcEndpointType: 'Interface', ServiceName, SubnetIds: [subnet] }))).VpcEndpoint!;
  const allow = (ServiceId: string, principal = `arn:aws:iam::${ACCOUNT_B}:root`) =>
    fixture.ec2.send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId, AddAllowedPrincipals: [principal] }));
  const connectionStates = async (serviceId: string) =>
    (await fixture.ec2.send(new DescribeVpcEndpointConnectionsCommand({ Filters: [{ Name: 'service-id', Values: [serviceId] }] }))).VpcEndpointConnections!.map((c) => c.VpcEndpointState);
  const consumerState = async (id: string) => (await consumer.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints![0]!.State;
  return { ...fixture, nlb, createService, consumer, vpc, subnet, connect, allow, connectionStates, consumerState };
}

describe('VPC endpoint services', () => {
  it('creates a service on an active NLB: real-shaped name, Pending → Available, tags, client token replay', async () => {
    const { sim, ec2, nlb, createService } = await setup();
    const tagged = { TagSpecifications: [{ ResourceType: 'vpc-endpoint-service' as const, Tags: [{ Key: 'Name', Value: 'svc' }] }], ClientToken: 'tok' };
    const service = await createService(tagged);
    expect(service.ServiceId).toMatch(/^vpce-svc-[0-9a-f]{17}$/);
    expect(service.ServiceName).toBe(`com.amazonaws.vpce.${REGION}.${service.ServiceId}`);
    expect(service).toMatchObject({ ServiceState: 'Pending', AcceptanceRequired: true, NetworkLoadBalancerArns: [nlb], Tags: [{ Key: 'Name', Value: 'svc' }] });
    expect((await createService(tagged)).ServiceId).toBe(service.ServiceId);
    await expectEc2Error(createService({ ...tagged, AcceptanceRequired: false }), 'IdempotentParameterMismatch');
    // The NLB was checked at create; the service itself is Pending for asyncDelayMs.
    sim.options.asyncDelayMs = 60_000;
    const pending = await ec2.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [service.ServiceId!] }));
    expect(pending.ServiceConfigurations![0]!.ServiceState).toBe('Pending');
    sim.options.asyncDelayMs = 0;
    const described = await ec2.send(new DescribeVpcEndpointServiceConfigurationsCommand({ Filters: [{ Name: 'tag:Name', Values: ['svc'] }] }));
    expect(described.ServiceConfigurations!.map((s) => [s.ServiceId, s.ServiceState])).toEqual([[service.ServiceId, 'Available']]);
    await expectEc2Error(ec2.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: ['vpce-svc-0123456789abcdef0'] })), 'InvalidVpcEndpointServiceId.NotFound');
  });

  it('refuses an NLB that is unknown or still provisioning', async () => {
    const { sim, createNlb, createService } = await setup();
    await expectEc2Error(createService({ NetworkLoadBalancerArns: ['arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/x/0000000000000000'] }), 'InvalidParameter');
    sim.options.asyncDelayMs = 60_000;
    const young = (await createNlb('young')).LoadBalancerArn!;
    await expectEc2Error(createService({ NetworkLoadBalancerArns: [young] }), 'InvalidParameter');
  });

  it('pages DescribeVpcEndpointServiceConfigurations and modifies acceptance and NLBs', async () => {
    const { ec2, createNlb, createService } = await setup();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await createService()).ServiceId!);
    let pages = 0;
    const seen: string[] = [];
    for await (const page of paginateDescribeVpcEndpointServiceConfigurations({ client: ec2 }, {})) {
      pages++;
      seen.push(...page.ServiceConfigurations!.map((s) => s.ServiceId!));
    }
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(ids.sort());
    const second = (await createNlb('second')).LoadBalancerArn!;
    await ec2.send(new ModifyVpcEndpointServiceConfigurationCommand({ ServiceId: ids[0], AcceptanceRequired: false, AddNetworkLoadBalancerArns: [second] }));
    const modified = (await ec2.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [ids[0]!] }))).ServiceConfigurations![0]!;
    expect(modified.AcceptanceRequired).toBe(false);
    expect(modified.NetworkLoadBalancerArns).toHaveLength(2);
  });

  it('lists allowed principals as ARNs and hides the service from accounts not allowed (InvalidServiceName)', async () => {
    const { ec2, createService, connect, allow } = await setup();
    const service = await createService();
    await expectEc2Error(connect(service.ServiceName!), 'InvalidServiceName');
    const added = await allow(service.ServiceId!);
    expect(added.AddedPrincipals![0]).toMatchObject({ Principal: `arn:aws:iam::${ACCOUNT_B}:root`, PrincipalType: 'Account', ServiceId: service.ServiceId });
    expect(added.AddedPrincipals![0]!.ServicePermissionId).toMatch(/^vpce-svc-perm-[0-9a-f]{17}$/);
    const listed = await ec2.send(new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: service.ServiceId }));
    expect(listed.AllowedPrincipals!.map((p) => p.Principal)).toEqual([`arn:aws:iam::${ACCOUNT_B}:root`]);
    await expectEc2Error(allow(service.ServiceId!, '222222222222'), 'InvalidPrincipal');
    const endpoint = await connect(service.ServiceName!);
    expect(endpoint.State).toBe('pendingAcceptance');
  });

  it('shows consumers through DescribeVpcEndpointServices only the endpoint services they may connect to', async () => {
    const { consumer, createService, allow } = await setup({ pageSize: 100 });
    const service = await createService();
    const visible = async () => (await consumer.send(new DescribeVpcEndpointServicesCommand({ Filters: [{ Name: 'owner', Values: [ACCOUNT_A] }] }))).ServiceNames;
    expect(await visible()).toEqual([]);
    await expectEc2Error(consumer.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [service.ServiceName!] })), 'InvalidServiceName');
    await allow(service.ServiceId!);
    expect(await visible()).toEqual([service.ServiceName]);
    const detail = (await consumer.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [service.ServiceName!] }))).ServiceDetails![0]!;
    expect(detail).toMatchObject({ ServiceId: service.ServiceId, Owner: ACCOUNT_A, AcceptanceRequired: true, ServiceType: [{ ServiceType: 'Interface' }] });
    const aws = await consumer.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [`com.amazonaws.${REGION}.s3`] }));
    expect(aws.ServiceDetails![0]!.ServiceType!.map((t) => t.ServiceType).sort()).toEqual(['Gateway', 'Interface']);
  });

  it('connects across accounts: pendingAcceptance until accepted, a provider-side connection, DNS entries', async () => {
    const { sim, ec2, createService, connect, allow, connectionStates, consumerState } = await setup();
    const service = await createService();
    await allow(service.ServiceId!);
    const endpoint = await connect(service.ServiceName!);
    expect(endpoint.VpcEndpointId).toMatch(/^vpce-[0-9a-f]{17}$/);
    expect(endpoint.State).toBe('pendingAcceptance');
    expect(endpoint.DnsEntries![0]!.DnsName).toMatch(new RegExp(`^${endpoint.VpcEndpointId}-[0-9a-f]{8}\\.${service.ServiceId}\\.${REGION}\\.vpce\\.amazonaws\\.com$`));
    expect(endpoint.DnsEntries).toHaveLength(2);
    expect(endpoint.PrivateDnsEnabled).toBe(false);
    const connection = (await ec2.send(new DescribeVpcEndpointConnectionsCommand({ Filters: [{ Name: 'vpc-endpoint-state', Values: ['pendingAcceptance'] }] })))
      .VpcEndpointConnections!;
    expect(connection).toHaveLength(1);
    expect(connection[0]).toMatchObject({ ServiceId: service.ServiceId, VpcEndpointId: endpoint.VpcEndpointId, VpcEndpointOwner: ACCOUNT_B, VpcEndpointState: 'pendingAcceptance' });
    sim.options.asyncDelayMs = 60_000;
    const accepted = await ec2.send(new AcceptVpcEndpointConnectionsCommand({ ServiceId: service.ServiceId, VpcEndpointIds: [endpoint.VpcEndpointId!, 'vpce-0123456789abcdef0'] }));
    expect(accepted.Unsuccessful!.map((u) => [u.ResourceId, u.Error!.Code])).toEqual([['vpce-0123456789abcdef0', 'InvalidVpcEndpoint.NotFound']]);
    expect(await connectionStates(service.ServiceId!)).toEqual(['available']);
    expect(await consumerState(endpoint.VpcEndpointId!)).toBe('pending');
    sim.options.asyncDelayMs = 0;
    expect(await consumerState(endpoint.VpcEndpointId!)).toBe('available');
    const again = await ec2.send(new AcceptVpcEndpointConnectionsCommand({ ServiceId: service.ServiceId, VpcEndpointIds: [endpoint.VpcEndpointId!] }));
    expect(again.Unsuccessful![0]!.Error!.Code).toBe('InvalidState');
  });

  it('makes the endpoint available at once without AcceptanceRequired, and rejected when the provider rejects', async () => {
    const { ec2, createService, connect, allow, connectionStates, consumerState } = await setup();
    const open = await createService({ AcceptanceRequired: false });
    await allow(open.ServiceId!, '*');
    expect((await connect(open.ServiceName!)).State).toBe('available');
    const gated = await createService();
    await allow(gated.ServiceId!);
    const endpoint = await connect(gated.ServiceName!);
    const rejected = await ec2.send(new RejectVpcEndpointConnectionsCommand({ ServiceId: gated.ServiceId, VpcEndpointIds: [endpoint.VpcEndpointId!] }));
    expect(rejected.Unsuccessful).toEqual([]);
    expect(await connectionStates(gated.ServiceId!)).toEqual(['rejected']);
    expect(await consumerState(endpoint.VpcEndpointId!)).toBe('rejected');
  });

  it('reports ExistingVpcEndpointConnections in Unsuccessful while connections live, and blocks deleting its NLB', async () => {
    const { ec2, elb, nlb, consumer, createService, connect, allow, connectionStates } = await setup();
    const service = await createService({ AcceptanceRequired: false });
    await allow(service.ServiceId!);
    const endpoint = await connect(service.ServiceName!);
    const blocked = await ec2.send(new DeleteVpcEndpointServiceConfigurationsCommand({ ServiceIds: [service.ServiceId!, 'vpce-svc-0123456789abcdef0'] }));
    expect(blocked.Unsuccessful!.map((u) => [u.ResourceId, u.Error!.Code])).toEqual([
      [service.ServiceId, 'ExistingVpcEndpointConnections'],
      ['vpce-svc-0123456789abcdef0', 'InvalidVpcEndpointService.NotFound'],
    ]);
    const inUse = await rejection(elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: nlb })));
    expect(inUse.name).toBe('ResourceInUseException');
    await consumer.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [endpoint.VpcEndpointId!] }));
    expect(await connectionStates(service.ServiceId!)).toEqual(['deleted']);
    const deleted = await ec2.send(new DeleteVpcEndpointServiceConfigurationsCommand({ ServiceIds: [service.ServiceId!] }));
    expect(deleted.Unsuccessful).toEqual([]);
    await expectEc2Error(ec2.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: [service.ServiceId!] })), 'InvalidVpcEndpointServiceId.NotFound');
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: nlb }));
  });
});
