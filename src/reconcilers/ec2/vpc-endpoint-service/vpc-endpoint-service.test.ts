/** The endpoint service reconciler's SDK calls (aws-sdk-client-mock). */
import {
  AcceptVpcEndpointConnectionsCommand,
  CreateVpcEndpointServiceConfigurationCommand,
  DeleteVpcEndpointServiceConfigurationsCommand,
  DescribeVpcEndpointConnectionsCommand,
  DescribeVpcEndpointServiceConfigurationsCommand,
  DescribeVpcEndpointServicePermissionsCommand,
  EC2Client,
  ModifyVpcEndpointServicePermissionsCommand,
  RejectVpcEndpointConnectionsCommand,
  type ServiceConfiguration,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorClassifier } from '../../../core/classify.js';
import { diffResource } from '../../../core/diff.js';
import { errorTables } from '../../registry.js';
import { mockContext } from '../../test-context.js';
import { desired, SCOPE } from '../../elbv2/test-helpers.js';
import { vpcEndpointServiceReconciler as reconciler } from './index.js';
import type { ObservedResource } from '../../../core/types.js';
import { observedEndpointService as typedObserved } from './sdk.js';

/** The erased shape the registry's reconciler takes. */
const observedEndpointService = (...args: Parameters<typeof typedObserved>) => typedObserved(...args) as unknown as ObservedResource;

const ADDRESS = 'service/api/vpc-endpoint-service/api';
const NLB = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/api-nlb/0000000000000001';
const B = '222222222222';
const C = '333333333333';
const root = (account: string) => `arn:aws:iam::${account}:root`;
const OWNED = [
  { Key: 'Name', Value: 'api' },
  { Key: 'trellis:owner', Value: 'trellis' },
  { Key: 'trellis:address', Value: ADDRESS },
];

function service(spec: Record<string, unknown> = {}) {
  return desired('ec2:vpc-endpoint-service', ADDRESS, { networkLoadBalancerArns: [NLB], acceptanceRequired: true, allowedPrincipals: [root(B)], acceptedAccounts: [B], ...spec });
}

function configuration(id: string): ServiceConfiguration {
  return { ServiceId: id, ServiceName: `com.amazonaws.vpce.eu-west-1.${id}`, ServiceState: 'Available', AcceptanceRequired: true, NetworkLoadBalancerArns: [NLB], Tags: OWNED };
}

describe('endpoint service reconciler (SDK calls)', () => {
  const ec2 = mockClient(EC2Client);
  const { ctx } = mockContext(EC2Client, SCOPE);
  beforeEach(() => ec2.reset());
  afterAll(() => ec2.restore());

  it('creates with the NLBs, acceptance, the client token and every tag in the creating call, and leaves principals to the update', async () => {
    ec2.on(CreateVpcEndpointServiceConfigurationCommand).resolves({ ServiceConfiguration: { ...configuration('vpce-svc-1'), ServiceState: 'Pending' }, ClientToken: 'tok' });
    const created = await reconciler.create(ctx, service(), { clientToken: 'tok' });
    expect(ec2.calls()).toHaveLength(1);
    expect(ec2.commandCalls(CreateVpcEndpointServiceConfigurationCommand)[0]!.args[0].input).toEqual({
      NetworkLoadBalancerArns: [NLB],
      AcceptanceRequired: true,
      ClientToken: 'tok',
      TagSpecifications: [{ ResourceType: 'vpc-endpoint-service', Tags: OWNED }],
    });
    expect(created).toMatchObject({ id: 'vpce-svc-1', outputs: { id: 'vpce-svc-1', serviceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-1' }, spec: { allowedPrincipals: [] } });
  });

  it('observes with the owner tag filter on the server, one connections call for every service, one permissions call per service', async () => {
    ec2.on(DescribeVpcEndpointServiceConfigurationsCommand).resolves({ ServiceConfigurations: [configuration('vpce-svc-1'), configuration('vpce-svc-2'), { ...configuration('vpce-svc-3'), ServiceState: 'Deleting' }] });
    ec2.on(DescribeVpcEndpointConnectionsCommand).resolves({
      VpcEndpointConnections: [
        { ServiceId: 'vpce-svc-1', VpcEndpointId: 'vpce-b', VpcEndpointOwner: B, VpcEndpointState: 'pendingAcceptance' as never },
        { ServiceId: 'vpce-svc-1', VpcEndpointId: 'vpce-old', VpcEndpointOwner: C, VpcEndpointState: 'rejected' as never },
      ],
    });
    ec2.on(DescribeVpcEndpointServicePermissionsCommand).resolves({ AllowedPrincipals: [{ Principal: root(B) }] });
    const live = await reconciler.observe(ctx);
    expect(live.map((s) => s.id)).toEqual(['vpce-svc-1', 'vpce-svc-2']);
    expect(ec2.commandCalls(DescribeVpcEndpointServiceConfigurationsCommand)[0]!.args[0].input).toEqual({
      Filters: [{ Name: 'tag:trellis:owner', Values: ['trellis'] }],
      MaxResults: 1000,
    });
    expect(ec2.commandCalls(DescribeVpcEndpointConnectionsCommand).map((call) => call.args[0].input)).toEqual([
      { Filters: [{ Name: 'service-id', Values: ['vpce-svc-1', 'vpce-svc-2'] }], MaxResults: 1000 },
    ]);
    expect(ec2.commandCalls(DescribeVpcEndpointServicePermissionsCommand).map((call) => call.args[0].input.ServiceId)).toEqual(['vpce-svc-1', 'vpce-svc-2']);
    expect(live[0]).toMatchObject({ spec: { acceptedAccounts: [B], allowedPrincipals: [root(B)] }, outputs: { connections: [{ endpointId: 'vpce-b', account: B, state: 'pendingAcceptance' }] }, references: [NLB] });
  });

  it('is in sync when a declared account has not connected, and plans to accept pending declared and reject undeclared connections', () => {
    const connections = [
      { endpointId: 'vpce-b', account: B, state: 'pendingAcceptance' as const },
      { endpointId: 'vpce-c', account: C, state: 'available' as const },
    ];
    const base = observedEndpointService(configuration('vpce-svc-1'), [root(B)], [], SCOPE);
    expect(diffResource(reconciler, service(), base)).toEqual([]);
    const busy = observedEndpointService(configuration('vpce-svc-1'), [root(B)], connections, SCOPE);
    expect(diffResource(reconciler, service(), busy)).toEqual([
      {
        path: 'acceptedAccounts',
        from: [`vpce-b (${B}): pendingAcceptance`, `vpce-c (${C}): available`],
        to: [`vpce-b (${B}): available`, `vpce-c (${C}): rejected`],
        replace: false,
      },
    ]);
  });

  it('changes principals with one call holding both lists, accepts and rejects with one call each, and raises Unsuccessful items', async () => {
    ec2.on(ModifyVpcEndpointServicePermissionsCommand).resolves({ ReturnValue: true });
    ec2.on(RejectVpcEndpointConnectionsCommand).resolves({ Unsuccessful: [] });
    ec2.on(AcceptVpcEndpointConnectionsCommand).resolves({ Unsuccessful: [{ ResourceId: 'vpce-b', Error: { Code: 'InvalidState', Message: 'in state available' } }] });
    const live = observedEndpointService(configuration('vpce-svc-1'), [root(C)], [
      { endpointId: 'vpce-b', account: B, state: 'pendingAcceptance' },
      { endpointId: 'vpce-c', account: C, state: 'pendingAcceptance' },
    ], SCOPE);
    const want = service();
    const error = await reconciler.update(ctx, want, live, diffResource(reconciler, want, live)).catch((e: unknown) => e);
    expect(ec2.commandCalls(ModifyVpcEndpointServicePermissionsCommand)[0]!.args[0].input).toEqual({
      ServiceId: 'vpce-svc-1',
      AddAllowedPrincipals: [root(B)],
      RemoveAllowedPrincipals: [root(C)],
    });
    expect(ec2.commandCalls(RejectVpcEndpointConnectionsCommand)[0]!.args[0].input).toEqual({ ServiceId: 'vpce-svc-1', VpcEndpointIds: ['vpce-c'] });
    expect(ec2.commandCalls(AcceptVpcEndpointConnectionsCommand)[0]!.args[0].input).toEqual({ ServiceId: 'vpce-svc-1', VpcEndpointIds: ['vpce-b'] });
    expect(error).toMatchObject({ name: 'InvalidState', message: expect.stringMatching(/AcceptVpcEndpointConnections vpce-b: InvalidState/) });
  });

  it('deletes after rejecting what is connected; ExistingVpcEndpointConnections is retried, a missing service is success', async () => {
    const classifier = new ErrorClassifier(errorTables);
    const live = observedEndpointService(configuration('vpce-svc-1'), [], [], SCOPE);
    ec2.on(DescribeVpcEndpointConnectionsCommand).resolves({
      VpcEndpointConnections: [{ ServiceId: 'vpce-svc-1', VpcEndpointId: 'vpce-b', VpcEndpointOwner: B, VpcEndpointState: 'available' as never }],
    });
    ec2.on(RejectVpcEndpointConnectionsCommand).resolves({ Unsuccessful: [] });
    ec2
      .on(DeleteVpcEndpointServiceConfigurationsCommand)
      .resolvesOnce({ Unsuccessful: [{ ResourceId: 'vpce-svc-1', Error: { Code: 'ExistingVpcEndpointConnections', Message: 'has connections' } }] })
      .resolves({ Unsuccessful: [{ ResourceId: 'vpce-svc-1', Error: { Code: 'InvalidVpcEndpointService.NotFound', Message: 'gone' } }] });
    const blocked = await reconciler.delete(ctx, live).catch((e: unknown) => e);
    expect(ec2.commandCalls(RejectVpcEndpointConnectionsCommand)[0]!.args[0].input).toEqual({ ServiceId: 'vpce-svc-1', VpcEndpointIds: ['vpce-b'] });
    expect((blocked as Error).name).toBe('ExistingVpcEndpointConnections');
    expect(classifier.classify(blocked, 'delete', 'ec2:vpc-endpoint-service')).toBe('retry');
    await reconciler.delete(ctx, live);
  });
});
