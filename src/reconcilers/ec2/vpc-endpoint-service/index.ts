/**
 * PrivateLink endpoint services (provider side), token-keyed, replaced create-before-delete.
 *
 * - Create: CreateVpcEndpointServiceConfiguration with `ClientToken` (echoed back; docs/aws-behaviour.md 3a) and
 *   every tag in `TagSpecifications` (`vpc-endpoint-service`). Only the creating call: the allowed
 *   principals are then converged by the engine through `update` (`Created.spec`).
 * - Readiness: `ServiceState` Pending → Available (PascalCase, API_ServiceConfiguration.html); a
 *   consumer can connect only to an Available service.
 * - Sub-objects, reconciled as part of the service:
 *   - allowed principals (IAM ARNs, `arn:aws:iam::<account>:root`): DescribeVpcEndpointServicePermissions,
 *     changed with one ModifyVpcEndpointServicePermissions carrying the Add and Remove lists
 *     (API_ModifyVpcEndpointServicePermissions.html);
 *   - connections: DescribeVpcEndpointConnections by `service-id`; a pending connection from an account
 *     in `acceptedAccounts` is accepted, a pending or available one from any other account rejected
 *     (AcceptVpcEndpointConnections / RejectVpcEndpointConnections, one call each at most; their
 *     per-item errors come in `Unsuccessful` and are raised).
 * - Update: acceptance and NLBs with ModifyVpcEndpointServiceConfiguration; tags with CreateTags/DeleteTags.
 * - Observe: one paginated DescribeVpcEndpointServiceConfigurations filtered on the server by
 *   `tag:trellis:owner` (MaxResults 1000), one paginated DescribeVpcEndpointConnections for every owned
 *   service at once (`service-id` filter, 200 values per call), and one DescribeVpcEndpointServicePermissions
 *   per owned service: it takes a single ServiceId (API_DescribeVpcEndpointServicePermissions.html), so
 *   that per-owned-resource read is the documented minimum. N services: 2 + N calls.
 * - Delete: reject the remaining connections (a service with available or pending ones cannot be deleted:
 *   item error `ExistingVpcEndpointConnections`, a dependencyPending code, retried), then
 *   DeleteVpcEndpointServiceConfigurations; a not-found item is success.
 */
import {
  AcceptVpcEndpointConnectionsCommand,
  CreateTagsCommand,
  CreateVpcEndpointServiceConfigurationCommand,
  DeleteVpcEndpointServiceConfigurationsCommand,
  EC2Client,
  ModifyVpcEndpointServiceConfigurationCommand,
  ModifyVpcEndpointServicePermissionsCommand,
  paginateDescribeVpcEndpointConnections,
  paginateDescribeVpcEndpointServiceConfigurations,
  paginateDescribeVpcEndpointServicePermissions,
  RejectVpcEndpointConnectionsCommand,
  type Filter,
  type ServiceConfiguration,
} from '@aws-sdk/client-ec2';
import { defineReconciler } from '../../../core/resource-type.js';
import type { ReconcilerContext } from '../../../core/reconciler.js';
import { TAG_SUPERSEDED } from '../../../core/types.js';
import { LOAD_BALANCER_TYPE } from '../../elbv2/load-balancer/sdk.js';
import { allItems } from '../../pages.js';
import { addressFilters, applyTagChanges, ownerFilters, releaseOwnership } from '../tags.js';
import {
  connectionDecisions,
  createEndpointServiceInput,
  diffEndpointService,
  liveConnection,
  modifyConfigurationInput,
  modifyPermissionsInput,
  observedEndpointService,
  unsuccessfulError,
} from './sdk.js';
import { VPC_ENDPOINT_SERVICE, type VpcEndpointConnection } from './type.js';

/** The Describe* calls here accept MaxResults 5–1000 (EC2 API Reference). */
const PAGE_SIZE = 1000;
/** Values per filter we send in one call. */
const FILTER_VALUES_PER_CALL = 200;
const GONE = new Set(['deleting', 'deleted']);

async function connectionsOf(ctx: ReconcilerContext, serviceIds: readonly string[]): Promise<Map<string, VpcEndpointConnection[]>> {
  const client = ctx.clients.get(EC2Client);
  const byService = new Map<string, VpcEndpointConnection[]>();
  for (let start = 0; start < serviceIds.length; start += FILTER_VALUES_PER_CALL) {
    const Filters = [{ Name: 'service-id', Values: serviceIds.slice(start, start + FILTER_VALUES_PER_CALL) }];
    const connections = await allItems(paginateDescribeVpcEndpointConnections({ client, pageSize: PAGE_SIZE }, { Filters }), (page) => page.VpcEndpointConnections);
    for (const connection of connections) {
      const live = liveConnection(connection);
      if (live && connection.ServiceId) byService.set(connection.ServiceId, [...(byService.get(connection.ServiceId) ?? []), live]);
    }
  }
  return byService;
}

async function principalsOf(ctx: ReconcilerContext, serviceId: string): Promise<string[]> {
  const client = ctx.clients.get(EC2Client);
  const pages = paginateDescribeVpcEndpointServicePermissions({ client, pageSize: PAGE_SIZE }, { ServiceId: serviceId });
  return (await allItems(pages, (page) => page.AllowedPrincipals)).flatMap((principal) => (principal.Principal ? [principal.Principal] : []));
}

async function list(ctx: ReconcilerContext, filters: Filter[]) {
  const client = ctx.clients.get(EC2Client);
  const all = await allItems(paginateDescribeVpcEndpointServiceConfigurations({ client, pageSize: PAGE_SIZE }, { Filters: filters }), (page) => page.ServiceConfigurations);
  const services = all.filter((service): service is ServiceConfiguration & { ServiceId: string } => !!service.ServiceId && !GONE.has(String(service.ServiceState ?? '').toLowerCase()));
  if (services.length === 0) return [];
  const connections = await connectionsOf(ctx, services.map((service) => service.ServiceId));
  const result = [];
  for (const service of services) {
    result.push(observedEndpointService(service, await principalsOf(ctx, service.ServiceId), connections.get(service.ServiceId) ?? [], ctx.scope));
  }
  return result;
}

async function decide(ctx: ReconcilerContext, serviceId: string, accept: readonly string[], reject: readonly string[]): Promise<void> {
  const client = ctx.clients.get(EC2Client);
  if (reject.length > 0) {
    const out = await ctx.retry('reject connections', () => client.send(new RejectVpcEndpointConnectionsCommand({ ServiceId: serviceId, VpcEndpointIds: [...reject] })));
    // A connection its consumer deleted meanwhile (gone, or in state `deleting`/`deleted`: `InvalidState`)
    // needs no rejecting: a consumer removed in the same run deletes its endpoint while this runs.
    const error = unsuccessfulError('RejectVpcEndpointConnections', out.Unsuccessful, ['InvalidVpcEndpoint.NotFound', 'InvalidState']);
    if (error) throw error;
  }
  if (accept.length > 0) {
    const out = await ctx.retry('accept connections', () => client.send(new AcceptVpcEndpointConnectionsCommand({ ServiceId: serviceId, VpcEndpointIds: [...accept] })));
    const error = unsuccessfulError('AcceptVpcEndpointConnections', out.Unsuccessful);
    if (error) throw error;
  }
}

export const vpcEndpointServiceReconciler = defineReconciler({
  type: VPC_ENDPOINT_SERVICE,
  idempotency: 'token',
  replacement: 'createBeforeDelete',
  dependsOn: [LOAD_BALANCER_TYPE],
  replaceFields: [],

  observe: (ctx) => list(ctx, ownerFilters(ctx.owner)),
  findByAddress: (ctx, address) => list(ctx, addressFilters(ctx.owner, address)),
  diff: diffEndpointService,

  async create(ctx, desired, { clientToken }) {
    const client = ctx.clients.get(EC2Client);
    const out = await client.send(new CreateVpcEndpointServiceConfigurationCommand(createEndpointServiceInput(desired, clientToken)));
    const service = out.ServiceConfiguration;
    if (!service?.ServiceId || !service.ServiceName) throw new Error('CreateVpcEndpointServiceConfiguration returned no service');
    return {
      id: service.ServiceId,
      outputs: { id: service.ServiceId, serviceName: service.ServiceName, connections: [] },
      // No principals are allowed and nobody is connected yet: `update` adds the principals.
      spec: {
        networkLoadBalancerArns: [...(service.NetworkLoadBalancerArns ?? desired.spec.networkLoadBalancerArns)],
        acceptanceRequired: service.AcceptanceRequired ?? desired.spec.acceptanceRequired,
        allowedPrincipals: [],
        acceptedAccounts: [],
      },
    };
  },

  readiness: {
    /** One DescribeVpcEndpointServiceConfigurations by the `service-id` filter (an ID not visible yet reads pending). */
    async check(ctx, ids) {
      const client = ctx.clients.get(EC2Client);
      const states = new Map<string, 'ready' | 'pending' | { failed: string }>();
      for (let start = 0; start < ids.length; start += FILTER_VALUES_PER_CALL) {
        const Filters = [{ Name: 'service-id', Values: ids.slice(start, start + FILTER_VALUES_PER_CALL) }];
        const services = await allItems(paginateDescribeVpcEndpointServiceConfigurations({ client, pageSize: PAGE_SIZE }, { Filters }), (page) => page.ServiceConfigurations);
        for (const service of services) {
          if (!service.ServiceId) continue;
          const state = String(service.ServiceState ?? '');
          states.set(service.ServiceId, state === 'Available' ? 'ready' : state === 'Pending' ? 'pending' : { failed: `state ${state}` });
        }
      }
      return states;
    },
  },

  async update(ctx, desired, live, changes) {
    const client = ctx.clients.get(EC2Client);
    const configuration = modifyConfigurationInput(live.id, desired.spec, live.spec, changes);
    if (configuration) await ctx.retry('modify endpoint service', () => client.send(new ModifyVpcEndpointServiceConfigurationCommand(configuration)));
    if (changes.some((change) => change.path === 'allowedPrincipals')) {
      const permissions = modifyPermissionsInput(live.id, desired.spec.allowedPrincipals, live.spec.allowedPrincipals);
      if (permissions) await ctx.retry('modify permissions', () => client.send(new ModifyVpcEndpointServicePermissionsCommand(permissions)));
    }
    if (changes.some((change) => change.path === 'acceptedAccounts')) {
      const { accept, reject } = connectionDecisions(desired.spec.acceptedAccounts, live.outputs.connections);
      await decide(ctx, live.id, accept, reject);
    }
    await applyTagChanges(ctx, live.id, changes);
  },

  async supersede(ctx, live, runId) {
    const client = ctx.clients.get(EC2Client);
    await ctx.retry('supersede', () => client.send(new CreateTagsCommand({ Resources: [live.id], Tags: [{ Key: TAG_SUPERSEDED, Value: runId }] })));
  },

  async delete(ctx, live) {
    // Read again: a consumer may have connected since the plan.
    const remaining = (await connectionsOf(ctx, [live.id])).get(live.id) ?? [];
    await decide(ctx, live.id, [], remaining.map((connection) => connection.endpointId));
    const client = ctx.clients.get(EC2Client);
    const out = await client.send(new DeleteVpcEndpointServiceConfigurationsCommand({ ServiceIds: [live.id] }));
    const error = unsuccessfulError('DeleteVpcEndpointServiceConfigurations', out.Unsuccessful, ['InvalidVpcEndpointService.NotFound', 'InvalidVpcEndpointServiceId.NotFound']);
    if (error) throw error;
  },

  release: (ctx, live) => releaseOwnership(ctx, live.id),
});
