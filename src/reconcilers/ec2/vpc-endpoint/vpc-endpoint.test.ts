import {
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcEndpointCommand,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockContext } from '../../test-context.js';
import { diffResource, KNOWN_AFTER_APPLY } from '../../../core/diff.js';
import type { DesiredResource } from '../../../core/types.js';
import { vpcEndpointReconciler as reconciler } from './index.js';
import { observedVpcEndpoint } from './sdk.js';

const ec2Mock = mockClient(EC2Client);
const scope = { account: '111111111111', region: 'us-east-1' };
const address = 'network/core/vpc-endpoint/logs';
const { ctx } = mockContext(EC2Client, scope);
const tags = { 'trellis:owner': 'trellis', 'trellis:address': address };
const interfaceSpec = {
  vpcId: 'vpc-1',
  serviceName: 'com.amazonaws.us-east-1.logs',
  vpcEndpointType: 'Interface',
  subnetIds: ['subnet-a', 'subnet-b'],
  securityGroupIds: ['sg-1'],
  privateDnsEnabled: true,
};
const desired = (spec: Record<string, unknown> = interfaceSpec): DesiredResource => ({
  address,
  type: 'ec2:vpc-endpoint',
  scope,
  spec,
  tags,
  source: { file: 'net.json', pointer: '/spec/endpoints/interface/0' },
  deletionPolicy: 'Delete',
  ignoreDrift: [],
  mode: 'enforce',
});
const live = (overrides: Partial<VpcEndpoint> = {}): VpcEndpoint => ({
  VpcEndpointId: 'vpce-1',
  VpcEndpointType: 'Interface',
  VpcId: 'vpc-1',
  ServiceName: 'com.amazonaws.us-east-1.logs',
  State: 'available' as VpcEndpoint['State'],
  SubnetIds: ['subnet-b', 'subnet-a'],
  Groups: [{ GroupId: 'sg-1' }],
  RouteTableIds: [],
  PrivateDnsEnabled: true,
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  ...overrides,
});
const state = (value: string) => value as VpcEndpoint['State'];

describe('VPC endpoint reconciler', () => {
  beforeEach(() => ec2Mock.reset());

  it('creates with the client token and tags in the creating call, and leaves waiting to the engine', async () => {
    ec2Mock.on(CreateVpcEndpointCommand).resolves({ VpcEndpoint: live({ State: state('pending') }) });
    const created = await reconciler.create(ctx, desired(), { clientToken: 'token-1' });
    expect(created).toEqual({ id: 'vpce-1', outputs: { id: 'vpce-1', state: 'pending' } });
    expect(ec2Mock.commandCalls(CreateVpcEndpointCommand)[0]!.args[0].input).toEqual({
      VpcId: 'vpc-1',
      ServiceName: 'com.amazonaws.us-east-1.logs',
      VpcEndpointType: 'Interface',
      ClientToken: 'token-1',
      SubnetIds: ['subnet-a', 'subnet-b'],
      SecurityGroupIds: ['sg-1'],
      PrivateDnsEnabled: true,
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }],
    });
    expect(ec2Mock.commandCalls(DescribeVpcEndpointsCommand)).toHaveLength(0);
  });

  it('reads readiness of every waiting endpoint in one call: available, pending acceptance, failed with its reason', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        live(),
        live({ VpcEndpointId: 'vpce-2', State: state('pendingAcceptance') }),
        live({ VpcEndpointId: 'vpce-3', State: state('failed'), FailureReason: 'no capacity' }),
      ],
    });
    const states = await reconciler.readiness!.check(ctx, ['vpce-1', 'vpce-2', 'vpce-3']);
    expect(Object.fromEntries(states)).toEqual({ 'vpce-1': 'ready', 'vpce-2': 'pending', 'vpce-3': { failed: 'failed: no capacity' } });
    expect(ec2Mock.commandCalls(DescribeVpcEndpointsCommand)[0]!.args[0].input).toMatchObject({
      Filters: [{ Name: 'vpc-endpoint-id', Values: ['vpce-1', 'vpce-2', 'vpce-3'] }],
    });
  });

  it('sees no change when only the order of subnets differs, and none for fields a gateway spec leaves out', () => {
    expect(diffResource(reconciler, desired({ ...interfaceSpec, subnetIds: ['subnet-b', 'subnet-a'] }), observedVpcEndpoint(live(), scope))).toEqual([]);
    const gateway = { vpcId: 'vpc-1', serviceName: 'com.amazonaws.us-east-1.s3', vpcEndpointType: 'Gateway', routeTableIds: ['rtb-2', 'rtb-1'] };
    const liveGateway = live({ VpcEndpointType: 'Gateway', ServiceName: gateway.serviceName, RouteTableIds: ['rtb-1', 'rtb-2'], SubnetIds: [], Groups: [], PrivateDnsEnabled: false });
    expect(diffResource(reconciler, desired(gateway), observedVpcEndpoint(liveGateway, scope))).toEqual([]);
  });

  it('outputs the first DNS entry of an interface endpoint as dnsName, and sees a pendingAcceptance endpoint as in sync', () => {
    const dnsEntries = [
      { DnsName: 'vpce-1-abcd1234.vpce-svc-1.us-east-1.vpce.amazonaws.com', HostedZoneId: 'Z7HUB22UULQXV' },
      { DnsName: 'vpce-1-abcd1234-us-east-1a.vpce-svc-1.us-east-1.vpce.amazonaws.com', HostedZoneId: 'Z7HUB22UULQXV' },
    ];
    const pending = observedVpcEndpoint(live({ State: state('pendingAcceptance'), DnsEntries: dnsEntries }), scope);
    expect(pending.outputs).toEqual({ id: 'vpce-1', state: 'pendingAcceptance', dnsName: dnsEntries[0]!.DnsName });
    expect(diffResource(reconciler, desired(interfaceSpec), pending)).toEqual([]);
    const gateway = observedVpcEndpoint(live({ VpcEndpointType: 'Gateway', DnsEntries: [] }), scope);
    expect(gateway.outputs).toEqual({ id: 'vpce-1', state: 'available' });
  });

  it('plans replacement for an endpoint that failed, was rejected or expired', () => {
    for (const state of ['failed', 'rejected', 'expired']) {
      const changes = diffResource(reconciler, desired(interfaceSpec), observedVpcEndpoint(live({ State: state as VpcEndpoint['State'] }), scope));
      expect(changes).toEqual([{ path: 'state', from: state, to: 'available', replace: true }]);
    }
  });

  it('plans replacement for a new VPC or service, and in-place changes for subnets', () => {
    const changes = diffResource(reconciler, desired({ ...interfaceSpec, vpcId: KNOWN_AFTER_APPLY, subnetIds: ['subnet-a', 'subnet-c'] }), observedVpcEndpoint(live(), scope));
    expect(changes.map((c) => [c.path, c.replace])).toEqual([
      ['vpcId', true],
      ['subnetIds', false],
    ]);
  });

  it('updates with one ModifyVpcEndpoint holding only the changed lists', async () => {
    ec2Mock.on(ModifyVpcEndpointCommand).resolves({ Return: true });
    const target = desired({ ...interfaceSpec, subnetIds: ['subnet-a', 'subnet-c'] });
    const observed = observedVpcEndpoint(live(), scope);
    await reconciler.update(ctx, target, observed, diffResource(reconciler, target, observed));
    expect(ec2Mock.calls()).toHaveLength(1);
    expect(ec2Mock.commandCalls(ModifyVpcEndpointCommand)[0]!.args[0].input).toEqual({
      VpcEndpointId: 'vpce-1',
      AddSubnetIds: ['subnet-c'],
      RemoveSubnetIds: ['subnet-b'],
    });
  });

  it('makes no call when in sync', async () => {
    const observed = observedVpcEndpoint(live(), scope);
    await reconciler.update(ctx, desired(), observed, diffResource(reconciler, desired(), observed));
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('observes with one owner-filtered call and skips deleting and deleted endpoints', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [live(), live({ VpcEndpointId: 'vpce-2', State: state('deleting') }), live({ VpcEndpointId: 'vpce-3', State: state('Deleted') })],
    });
    const found = await reconciler.observe(ctx);
    expect(found.map((e) => e.id)).toEqual(['vpce-1']);
    expect(found[0]!.references).toEqual(['vpc-1', 'subnet-a', 'subnet-b', 'sg-1']);
    expect(ec2Mock.commandCalls(DescribeVpcEndpointsCommand)[0]!.args[0].input).toMatchObject({
      Filters: [{ Name: 'tag:trellis:owner', Values: ['trellis'] }],
      MaxResults: 1000,
    });
  });

  it('deletes and waits until the endpoint is deleted', async () => {
    ec2Mock.on(DeleteVpcEndpointsCommand).resolves({ Unsuccessful: [] });
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [live({ State: state('deleting') })] })
      .resolves({ VpcEndpoints: [live({ State: state('deleted') })] });
    await reconciler.delete(ctx, observedVpcEndpoint(live(), scope));
    expect(ec2Mock.commandCalls(DeleteVpcEndpointsCommand)[0]!.args[0].input).toEqual({ VpcEndpointIds: ['vpce-1'] });
    expect(ec2Mock.commandCalls(DescribeVpcEndpointsCommand)).toHaveLength(2);
  });

  it('counts an endpoint DeleteVpcEndpoints no longer knows as deleted, and raises other per-item errors with their code', async () => {
    ec2Mock.on(DeleteVpcEndpointsCommand).resolves({ Unsuccessful: [{ ResourceId: 'vpce-1', Error: { Code: 'InvalidVpcEndpoint.NotFound', Message: 'gone' } }] });
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [live({ State: state('deleted') })] });
    await reconciler.delete(ctx, observedVpcEndpoint(live(), scope));

    ec2Mock.on(DeleteVpcEndpointsCommand).resolves({ Unsuccessful: [{ ResourceId: 'vpce-1', Error: { Code: 'DependencyViolation', Message: 'in use' } }] });
    const error = await reconciler.delete(ctx, observedVpcEndpoint(live(), scope)).catch((e: unknown) => e);
    expect((error as Error).name).toBe('DependencyViolation');
  });
});
