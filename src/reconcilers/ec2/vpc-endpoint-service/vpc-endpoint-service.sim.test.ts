/**
 * The endpoint service reconciler against the simulation, with consumers in two other accounts:
 * create, readiness, permissions, a declared consumer's connection accepted, an undeclared one's
 * rejected, supersede, and a delete that rejects what is still connected.
 */
import { CreateSubnetCommand, CreateVpcCommand, DescribeVpcEndpointConnectionsCommand, EC2Client, ModifyVpcAttributeCommand, ModifyVpcEndpointServicePermissionsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { diffResource } from '../../../core/diff.js';
import { TAG_SUPERSEDED, type Scope } from '../../../core/types.js';
import { loadBalancerReconciler } from '../../elbv2/load-balancer/index.js';
import { desired, network, SCOPE } from '../../elbv2/test-helpers.js';
import type { ReconcilerContext } from '../../../core/reconciler.js';
import { vpcEndpointReconciler } from '../vpc-endpoint/index.js';
import { vpcEndpointServiceReconciler as reconciler } from './index.js';

const B = '222222222222';
const C = '333333333333';
const ADDRESS = 'service/api/vpc-endpoint-service/api';
const root = (account: string) => `arn:aws:iam::${account}:root`;

async function setup() {
  const provider = await network();
  const { sim, ctx } = provider;
  const nlb = await loadBalancerReconciler.create(
    ctx,
    desired('elbv2:load-balancer', 'service/api/load-balancer/nlb', { name: 'api-nlb', scheme: 'internal', type: 'network', subnetIds: provider.subnets, securityGroupIds: [] }),
    { clientToken: 'unused' },
  );
  /** A consumer account with a VPC and a subnet, and its interface endpoint to `serviceName`. */
  const consumer = async (account: string) => {
    const scope: Scope = { account, region: SCOPE.region };
    // simContext's client factory signs for the provider's account only (no assumeRole): the consumer's
    // context takes the simulation's clients of its own account directly.
    const consumerCtx: ReconcilerContext = { ...ctx, scope, clients: { get: (clientClass) => sim.client(clientClass, scope) } };
    const ec2 = consumerCtx.clients.get(EC2Client);
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.1.0.0/24', AvailabilityZone: `${SCOPE.region}a` }))).Subnet!.SubnetId!;
    const endpoint = desired(
      'ec2:vpc-endpoint',
      'service/consumer/vpc-endpoint/api',
      { vpcId, serviceName: '', vpcEndpointType: 'Interface', subnetIds: [subnetId], privateDnsEnabled: false },
      {},
      scope,
    );
    const connect = (serviceName: string) => {
      const want = { ...endpoint, spec: { ...endpoint.spec, serviceName } };
      return { want, created: vpcEndpointReconciler.create(consumerCtx, want, { clientToken: `connect-${account}` }) };
    };
    return { ctx: consumerCtx, connect };
  };
  return { ...provider, nlbArn: nlb.id, consumer };
}

function service(nlbArn: string, spec: Record<string, unknown> = {}) {
  return desired('ec2:vpc-endpoint-service', ADDRESS, { networkLoadBalancerArns: [nlbArn], acceptanceRequired: true, allowedPrincipals: [root(B)], acceptedAccounts: [B], ...spec });
}

describe('endpoint service reconciler (simulation, three accounts)', () => {
  it('creates, becomes Available, accepts a declared consumer, rejects an undeclared one, is superseded and deleted after rejecting connections', async () => {
    const { sim, ctx, ec2, nlbArn, consumer } = await setup();
    // The NLB (made with no delay) stays active under the delay once it is older than it.
    sim.advance(30);
    sim.options.asyncDelayMs = 30;
    const want = service(nlbArn);
    const created = await reconciler.create(ctx, want, { clientToken: 'run-1' });
    expect((await reconciler.create(ctx, want, { clientToken: 'run-1' })).id).toBe(created.id);
    expect(String(created.outputs.serviceName)).toBe(`com.amazonaws.vpce.${SCOPE.region}.${created.id}`);
    expect((await reconciler.readiness!.check(ctx, [created.id])).get(created.id)).toBe('pending');
    sim.advance(30);
    expect((await reconciler.readiness!.check(ctx, [created.id])).get(created.id)).toBe('ready');
    sim.options.asyncDelayMs = 0;

    // What the engine does after the creating call: converge the rest through update.
    const asCreated = { ...want, id: created.id, outputs: created.outputs, references: [], spec: created.spec! };
    const rest = diffResource(reconciler, want, asCreated);
    expect(rest.map((change) => change.path)).toEqual(['allowedPrincipals']);
    await reconciler.update(ctx, want, asCreated, rest);
    let [live] = await reconciler.observe(ctx);
    expect(live).toMatchObject({ id: created.id, address: ADDRESS, references: [nlbArn], spec: { allowedPrincipals: [root(B)], acceptedAccounts: [] } });
    expect(diffResource(reconciler, want, live!)).toEqual([]);

    // A declared consumer connects. The service is this owner's and allows B, so the endpoint's create
    // accepts the connection at once (vpc-endpoint `acceptOnOwnedProvider`): nothing left to plan here.
    const b = await consumer(B);
    const connection = b.connect(String(created.outputs.serviceName));
    const endpoint = await connection.created;
    expect(endpoint.outputs).toMatchObject({ state: 'pendingAcceptance', dnsName: expect.stringMatching(new RegExp(`^${endpoint.id}-[0-9a-f]{8}\\.${created.id}\\.`)) });
    const [consumerLive] = await vpcEndpointReconciler.observe(b.ctx);
    expect(consumerLive!.outputs.dnsName).toBe(endpoint.outputs.dnsName);
    expect(diffResource(vpcEndpointReconciler, connection.want, consumerLive!)).toEqual([]);
    expect((await vpcEndpointReconciler.readiness!.check(b.ctx, [endpoint.id])).get(endpoint.id)).toBe('ready');
    [live] = await reconciler.observe(ctx);
    expect(live!.spec.acceptedAccounts).toEqual([B]);
    expect(diffResource(reconciler, want, live!)).toEqual([]);

    // Someone allows account C out of band and C connects: both are repaired in one update.
    await ec2.send(new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: created.id, AddAllowedPrincipals: [root(C)] }));
    const intruder = await (await consumer(C)).connect(String(created.outputs.serviceName)).created;
    [live] = await reconciler.observe(ctx);
    expect(live!.spec.acceptedAccounts).toEqual([B, C]);
    const repair = diffResource(reconciler, want, live!);
    expect(repair.map((change) => change.path)).toEqual(['allowedPrincipals', 'acceptedAccounts']);
    expect(repair[1]!.to).toContain(`${intruder.id} (${C}): rejected`);
    sim.calls.reset();
    await reconciler.update(ctx, want, live!, repair);
    expect(sim.calls.mutatingOperations()).toEqual({ 'EC2:ModifyVpcEndpointServicePermissions': 1, 'EC2:RejectVpcEndpointConnections': 1 });
    [live] = await reconciler.observe(ctx);
    expect(diffResource(reconciler, want, live!)).toEqual([]);
    const states = await ec2.send(new DescribeVpcEndpointConnectionsCommand({ Filters: [{ Name: 'service-id', Values: [created.id] }] }));
    expect(Object.fromEntries(states.VpcEndpointConnections!.map((c) => [c.VpcEndpointOwner, c.VpcEndpointState]))).toEqual({ [B]: 'available', [C]: 'rejected' });

    // Acceptance is changed in place.
    const open = service(nlbArn, { acceptanceRequired: false });
    sim.calls.reset();
    await reconciler.update(ctx, open, live!, diffResource(reconciler, open, live!));
    expect(sim.calls.mutatingOperations()).toEqual({ 'EC2:ModifyVpcEndpointServiceConfiguration': 1 });

    // Create-before-delete: the old one is marked first.
    await reconciler.supersede!(ctx, live!, 'run-2');
    [live] = await reconciler.observe(ctx);
    expect(live!.tags[TAG_SUPERSEDED]).toBe('run-2');

    // Delete rejects B's available connection first, then deletes; the NLB can go after it.
    sim.calls.reset();
    await reconciler.delete(ctx, live!);
    expect(sim.calls.mutatingOperations()).toEqual({ 'EC2:RejectVpcEndpointConnections': 1, 'EC2:DeleteVpcEndpointServiceConfigurations': 1 });
    await reconciler.delete(ctx, live!); // not found is success
    expect(await reconciler.observe(ctx)).toEqual([]);
    const [nlbLive] = await loadBalancerReconciler.observe(ctx);
    await loadBalancerReconciler.delete(ctx, nlbLive!);
  });
});
