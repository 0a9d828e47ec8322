/**
 * The Lattice front of a Service (mocked SDK): Lattice service, target group, listener and the
 * service's association with a service network — client tokens, observe budgets, what is drift and
 * what is not, and the calls an update makes.
 */
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  CreateListenerCommand,
  CreateServiceCommand,
  CreateServiceNetworkServiceAssociationCommand,
  CreateTargetGroupCommand,
  DeleteServiceCommand,
  GetListenerCommand,
  GetServiceCommand,
  GetServiceNetworkServiceAssociationCommand,
  GetTargetGroupCommand,
  ListListenersCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UpdateListenerCommand,
  UpdateServiceCommand,
  UpdateTargetGroupCommand,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ObservedResource } from '../../core/types.js';
import { desiredResource } from '../ec2/test-helpers.js';
import { mockContext } from '../test-context.js';
import { latticeListenerReconciler } from './listener/index.js';
import { serviceAssociationReconciler } from './service-association/index.js';
import { latticeServiceReconciler } from './service/index.js';
import { healthCheckChange, latticeTargetGroupReconciler } from './target-group/index.js';

const lattice = mockClient(VPCLatticeClient);
const rgta = mockClient(ResourceGroupsTaggingAPIClient);
afterAll(() => {
  lattice.restore();
  rgta.restore();
});
beforeEach(() => {
  lattice.reset();
  rgta.reset();
});

const context = () => mockContext(VPCLatticeClient);

const ACCOUNT = '111111111111';
const ARN = (resource: string, account = ACCOUNT) => `arn:aws:vpc-lattice:us-east-1:${account}:${resource}`;
const SERVICE = ARN('service/svc-1');
const GROUP = ARN('targetgroup/tg-1');
const owned = (address: string) => ({ 'trellis:owner': 'trellis', 'trellis:address': address });
const rgtaTags = (address: string) => Object.entries(owned(address)).map(([Key, Value]) => ({ Key, Value }));

const spec = {
  service: { name: 'api', authType: 'NONE' },
  targetGroup: {
    name: 'api-tg-abc123',
    type: 'IP',
    port: 8080,
    protocol: 'HTTP',
    vpcIdentifier: 'vpc-1',
    healthCheck: { enabled: true, path: '/healthz', intervalSeconds: 15, timeoutSeconds: 5, healthyThresholdCount: 3, unhealthyThresholdCount: 3 },
  },
  listener: { serviceIdentifier: SERVICE, name: 'http-80', protocol: 'HTTP', port: 80, targetGroupIdentifier: GROUP },
  association: { serviceNetworkIdentifier: ARN('servicenetwork/sn-1', '666666666666'), serviceIdentifier: SERVICE },
};

describe('the Lattice front of a Service (mocked SDK)', () => {
  it('passes the engine client token and the ownership tags on every create', async () => {
    const { ctx } = context();
    const out = { arn: ARN('x/x-1'), id: 'x-1', dnsEntry: { domainName: 'api-1.vpc-lattice-svcs.us-east-1.on.aws' } };
    lattice.on(CreateServiceCommand).resolves(out);
    lattice.on(CreateTargetGroupCommand).resolves(out);
    lattice.on(CreateListenerCommand).resolves(out);
    lattice.on(CreateServiceNetworkServiceAssociationCommand).resolves(out);
    const created = await latticeServiceReconciler.create(ctx, desiredResource('vpc-lattice:service', 'service/api/lattice-service/main', spec.service), { clientToken: 'tok' });
    expect(created.outputs).toEqual({ arn: out.arn, id: 'x-1', dnsName: 'api-1.vpc-lattice-svcs.us-east-1.on.aws' });
    await latticeTargetGroupReconciler.create(ctx, desiredResource('vpc-lattice:target-group', 'service/api/lattice-target-group/main', spec.targetGroup), { clientToken: 'tok' });
    await latticeListenerReconciler.create(ctx, desiredResource('vpc-lattice:listener', 'service/api/lattice-listener/main', spec.listener), { clientToken: 'tok' });
    await serviceAssociationReconciler.create(ctx, desiredResource('vpc-lattice:service-network-service-association', 'service/api/lattice-service-association/s', spec.association), { clientToken: 'tok' });
    const creates = lattice.calls().map((call) => call.args[0].input as { clientToken?: string; tags?: Record<string, string> });
    expect(creates).toHaveLength(4);
    for (const input of creates) {
      expect(input.clientToken).toBe('tok');
      expect(input.tags).toMatchObject({ 'trellis:owner': 'trellis', 'trellis:address': expect.stringMatching(/^service\/api\//) });
    }
    expect(lattice.commandCalls(CreateTargetGroupCommand)[0]!.args[0].input.config).toEqual({
      port: 8080,
      protocol: 'HTTP',
      vpcIdentifier: 'vpc-1',
      healthCheck: { enabled: true, path: '/healthz', healthCheckIntervalSeconds: 15, healthCheckTimeoutSeconds: 5, healthyThresholdCount: 3, unhealthyThresholdCount: 3 },
    });
    expect(lattice.commandCalls(CreateListenerCommand)[0]!.args[0].input.defaultAction).toEqual({ forward: { targetGroups: [{ targetGroupIdentifier: GROUP, weight: 100 }] } });
  });

  it('observes services and target groups through the tagging API, dropping another owner\'s, gone and going ones', async () => {
    const { ctx } = context();
    rgta.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [
        { ResourceARN: SERVICE, Tags: rgtaTags('service/api/lattice-service/main') },
        { ResourceARN: ARN('service/svc-deleting'), Tags: rgtaTags('service/old/lattice-service/main') },
        { ResourceARN: ARN('service/svc-gone'), Tags: rgtaTags('service/gone/lattice-service/main') },
        { ResourceARN: ARN('service/svc-other'), Tags: [{ Key: 'trellis:owner', Value: 'someone-else' }] },
      ],
      PaginationToken: '',
    });
    lattice.on(GetServiceCommand, { serviceIdentifier: SERVICE }).resolves({ arn: SERVICE, id: 'svc-1', name: 'api', authType: 'NONE', status: 'ACTIVE', dnsEntry: { domainName: 'api.on.aws' } });
    lattice.on(GetServiceCommand, { serviceIdentifier: ARN('service/svc-deleting') }).resolves({ arn: ARN('service/svc-deleting'), status: 'DELETE_IN_PROGRESS' });
    lattice.on(GetServiceCommand, { serviceIdentifier: ARN('service/svc-gone') }).rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {}, resourceId: 'svc-gone', resourceType: 'SERVICE' }));
    const services = await latticeServiceReconciler.observe(ctx);
    expect(services.map((s) => [s.id, s.spec, s.outputs])).toEqual([[SERVICE, spec.service, { arn: SERVICE, id: 'svc-1', dnsName: 'api.on.aws' }]]);
    expect(rgta.commandCalls(GetResourcesCommand)[0]!.args[0].input).toMatchObject({ TagFilters: [{ Key: 'trellis:owner', Values: ['trellis'] }], ResourcesPerPage: 100 });
    // One Get per owned candidate, none for another owner's.
    expect(lattice.commandCalls(GetServiceCommand)).toHaveLength(3);
  });

  it('observes listeners under the owned services: one ListListeners per service, tags per listener, GetListener only for owned ones', async () => {
    const { ctx } = context();
    rgta.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: SERVICE, Tags: rgtaTags('service/api/lattice-service/main') }], PaginationToken: '' });
    const mine = `${SERVICE}/listener/listener-1`;
    const theirs = `${SERVICE}/listener/listener-2`;
    lattice.on(ListListenersCommand).resolves({ items: [{ arn: mine }, { arn: theirs }] });
    lattice.on(ListTagsForResourceCommand, { resourceArn: mine }).resolves({ tags: owned('service/api/lattice-listener/main') });
    lattice.on(ListTagsForResourceCommand, { resourceArn: theirs }).resolves({ tags: { team: 'x' } });
    // GetListener may name the target group by ID: observed as the ARN, so the spec's ARN is no drift.
    lattice.on(GetListenerCommand).resolves({
      arn: mine,
      id: 'listener-1',
      name: 'http-80',
      protocol: 'HTTP',
      port: 80,
      serviceArn: SERVICE,
      defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: 'tg-1', weight: 100 }] } },
    });
    const [listener, ...rest] = await latticeListenerReconciler.observe(ctx);
    expect(rest).toEqual([]);
    expect(listener!.spec).toEqual(spec.listener);
    expect(listener!.references).toEqual([SERVICE, GROUP]);
    expect(lattice.commandCalls(ListListenersCommand)).toHaveLength(1);
    expect(lattice.commandCalls(ListTagsForResourceCommand)).toHaveLength(2);
    expect(lattice.commandCalls(GetListenerCommand)).toHaveLength(1);
    const desired = desiredResource('vpc-lattice:listener', 'service/api/lattice-listener/main', spec.listener);
    expect(latticeListenerReconciler.diff!(desired as never, listener as never)).toEqual([]);
  });

  it('takes a fixed response (or any default action but a forward to the group) as drift, and moves it back with UpdateListener', async () => {
    const { ctx } = context();
    const desired = desiredResource('vpc-lattice:listener', 'service/api/lattice-listener/main', spec.listener);
    const live = { ...desired, id: `${SERVICE}/listener/listener-1`, outputs: {}, references: [], spec: { ...spec.listener, targetGroupIdentifier: '{"fixedResponse":{"statusCode":404}}' } } as unknown as ObservedResource;
    const changes = latticeListenerReconciler.diff!(desired as never, live as never);
    expect(changes).toEqual([expect.objectContaining({ path: 'targetGroupIdentifier', to: GROUP, replace: false })]);
    lattice.on(UpdateListenerCommand).resolves({});
    await latticeListenerReconciler.update!(ctx, desired as never, live as never, changes);
    expect(lattice.commandCalls(UpdateListenerCommand).map((call) => call.args[0].input)).toEqual([
      { serviceIdentifier: SERVICE, listenerIdentifier: live.id, defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: GROUP, weight: 100 }] } } },
    ]);
  });

  it('updates a target group\'s health check in place, ignores AWS\'s filled-in defaults, and replaces it on a port change', async () => {
    const { ctx } = context();
    lattice.on(GetTargetGroupCommand).resolves({
      arn: GROUP,
      id: 'tg-1',
      name: 'api-tg-abc123',
      type: 'IP',
      status: 'ACTIVE',
      config: {
        port: 8080,
        protocol: 'HTTP',
        vpcIdentifier: 'vpc-1',
        protocolVersion: 'HTTP1',
        healthCheck: { enabled: true, path: '/other', healthCheckIntervalSeconds: 15, healthCheckTimeoutSeconds: 5, healthyThresholdCount: 3, unhealthyThresholdCount: 3, matcher: { httpCode: '200' }, protocol: 'HTTP' },
      },
    });
    rgta.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: GROUP, Tags: rgtaTags('service/api/lattice-target-group/main') }], PaginationToken: '' });
    const [live] = await latticeTargetGroupReconciler.observe(ctx);
    const desired = desiredResource('vpc-lattice:target-group', 'service/api/lattice-target-group/main', spec.targetGroup);
    const changes = latticeTargetGroupReconciler.diff!(desired as never, live as never);
    expect(changes.map((change) => [change.path, change.replace])).toEqual([['healthCheck', false]]);
    lattice.on(UpdateTargetGroupCommand).resolves({});
    await latticeTargetGroupReconciler.update!(ctx, desired as never, live as never, changes);
    expect(lattice.commandCalls(UpdateTargetGroupCommand)[0]!.args[0].input.healthCheck).toMatchObject({ enabled: true, path: '/healthz' });

    const moved = desiredResource('vpc-lattice:target-group', 'service/api/lattice-target-group/main', { ...spec.targetGroup, name: 'api-tg-def456', port: 9090, healthCheck: { ...spec.targetGroup.healthCheck, path: '/other' } });
    expect(latticeTargetGroupReconciler.diff!(moved as never, live as never).map((change) => [change.path, change.replace])).toEqual([['name', true], ['port', true]]);
    expect(latticeTargetGroupReconciler.replacement).toBe('createBeforeDelete');
    lattice.on(TagResourceCommand).resolves({});
    await latticeTargetGroupReconciler.supersede!(ctx, live as never, 'run-1');
    expect(lattice.commandCalls(TagResourceCommand)[0]!.args[0].input).toEqual({ resourceArn: GROUP, tags: { 'trellis:superseded': 'run-1' } });
  });

  it('compares health checks by what the spec sets: a disabled one is the same whatever its settings', () => {
    expect(healthCheckChange({ enabled: false }, { enabled: false, path: '/', intervalSeconds: 30 })).toBeUndefined();
    expect(healthCheckChange({ enabled: false }, { enabled: true, path: '/' })).toMatchObject({ path: 'healthCheck' });
    expect(healthCheckChange({ enabled: true, path: '/h' }, { enabled: true, path: '/h', intervalSeconds: 30 })).toBeUndefined();
    expect(healthCheckChange({ enabled: true, path: '/h', intervalSeconds: 10 }, { enabled: true, path: '/h', intervalSeconds: 30 })).toMatchObject({ to: { intervalSeconds: 10 } });
  });

  it('changes a Lattice service\'s auth type in place and replaces it on a new name', async () => {
    const { ctx } = context();
    const desired = desiredResource('vpc-lattice:service', 'service/api/lattice-service/main', { ...spec.service, authType: 'AWS_IAM' });
    const live = { ...desired, id: SERVICE, outputs: {}, references: [], spec: spec.service } as unknown as ObservedResource;
    const changes = latticeServiceReconciler.diff!(desired as never, live as never);
    expect(changes.map((change) => [change.path, change.replace])).toEqual([['authType', false]]);
    lattice.on(UpdateServiceCommand).resolves({});
    await latticeServiceReconciler.update!(ctx, desired as never, live as never, changes);
    expect(lattice.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({ serviceIdentifier: SERVICE, authType: 'AWS_IAM' });
    const renamed = desiredResource('vpc-lattice:service', 'service/api/lattice-service/main', { ...spec.service, name: 'api2' });
    expect(latticeServiceReconciler.diff!(renamed as never, live as never).map((change) => [change.path, change.replace])).toEqual([['name', true]]);
  });

  it('deletes a service only while its live tags still name this owner: one released a moment ago (the tagging API still lists it as ours) is left', async () => {
    const { ctx } = context();
    const live = { type: 'vpc-lattice:service', scope: ctx.scope, id: SERVICE, address: 'service/api/lattice-service/main', tags: owned('service/api/lattice-service/main'), spec: spec.service, outputs: {}, references: [] } as unknown as ObservedResource;
    lattice.on(ListTagsForResourceCommand).resolves({ tags: { team: 'a' } });
    await latticeServiceReconciler.delete(ctx, live as never);
    expect(lattice.commandCalls(DeleteServiceCommand)).toHaveLength(0);

    lattice.on(ListTagsForResourceCommand).resolves({ tags: owned('service/api/lattice-service/main') });
    lattice.on(DeleteServiceCommand).resolves({});
    lattice.on(GetServiceCommand).rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {}, resourceId: SERVICE, resourceType: 'SERVICE' }));
    await latticeServiceReconciler.delete(ctx, live as never);
    expect(lattice.commandCalls(ListTagsForResourceCommand).map((call) => call.args[0].input)).toEqual([{ resourceArn: SERVICE }, { resourceArn: SERVICE }]);
    expect(lattice.commandCalls(DeleteServiceCommand).map((call) => call.args[0].input)).toEqual([{ serviceIdentifier: SERVICE }]);
  });

  it('checks a waiting association\'s readiness with one Get each, pending while not yet visible', async () => {
    const { ctx } = context();
    const [active, creating, unseen] = ['snsa-1', 'snsa-2', 'snsa-3'].map((id) => ARN(`servicenetworkserviceassociation/${id}`));
    lattice.on(GetServiceNetworkServiceAssociationCommand, { serviceNetworkServiceAssociationIdentifier: active }).resolves({ arn: active, status: 'ACTIVE' });
    lattice.on(GetServiceNetworkServiceAssociationCommand, { serviceNetworkServiceAssociationIdentifier: creating }).resolves({ arn: creating, status: 'CREATE_IN_PROGRESS' });
    lattice.on(GetServiceNetworkServiceAssociationCommand, { serviceNetworkServiceAssociationIdentifier: unseen }).rejects(new ResourceNotFoundException({ message: 'no', $metadata: {}, resourceId: 'x', resourceType: 'y' }));
    const states = await serviceAssociationReconciler.readiness!.check(ctx, [active!, creating!, unseen!]);
    expect(Object.fromEntries(states)).toEqual({ [active!]: 'ready', [creating!]: 'pending' });
  });
});
