/**
 * VPC endpoints to AWS services (gateway: `s3`, `dynamodb`; interface: `ecr.api`, `logs`, …).
 *
 * - idempotency `token`: CreateVpcEndpoint takes a ClientToken and replays the original endpoint;
 * - create waits until the endpoint is `available`, so dependents (routes, DNS) can use it;
 * - update: one ModifyVpcEndpoint with `Add…`/`Remove…` lists for exactly the changed set fields
 *   (route tables, subnets, security groups) and `PrivateDnsEnabled` if that changed;
 * - delete: DeleteVpcEndpoints, then wait for `deleted`: an interface endpoint's network interfaces
 *   block deleting its subnets and security groups (`DependencyViolation`) until then;
 * - observe skips `deleting` and `deleted` endpoints, which AWS keeps listing for a while.
 * - an interface endpoint to a PrivateLink endpoint service outputs `dnsName` (the first of `DnsEntries`,
 *   assigned at creation) for the consumer's environment; while the provider has not accepted it, it is
 *   `pendingAcceptance`: in sync in a plan (the provider's endpoint service decides, see
 *   `../vpc-endpoint-service/index.ts`) and `pending` for readiness; `rejected` plans a replacement.
 *
 * References: EC2 API Reference, CreateVpcEndpoint, DescribeVpcEndpoints, ModifyVpcEndpoint,
 * DeleteVpcEndpoints (unknown IDs come back in `Unsuccessful` as `InvalidVpcEndpoint.NotFound`, the call
 * itself succeeds).
 */
import {
  AcceptVpcEndpointConnectionsCommand,
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeVpcEndpointServiceConfigurationsCommand,
  DescribeVpcEndpointServicePermissionsCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcEndpointCommand,
  paginateDescribeVpcEndpoints,
  type Filter,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { errorCode } from '../../../core/classify.js';
import { setChange, valueChange } from '../../../core/diff.js';
import type { FieldChange, ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler } from '../../../core/resource-type.js';
import { waitUntil } from '../../wait.js';
import { SECURITY_GROUP_TYPE } from '../security-group/sdk.js';
import { SUBNET_TYPE } from '../subnet/sdk.js';
import { addressFilters, applyTagChanges, ownerFilters, releaseOwnership } from '../tags.js';
import { allItems } from '../../pages.js';
import { VPC_TYPE } from '../vpc/sdk.js';
import {
  createVpcEndpointInput,
  endpointState,
  modifyVpcEndpointInput,
  observedVpcEndpoint,
  SET_FIELDS,
  vpcEndpointOutputs,
  type SetField,
} from './sdk.js';
import { VPC_ENDPOINT } from './type.js';

/** DescribeVpcEndpoints accepts MaxResults up to 1000 (EC2 API Reference). */
const PAGE_SIZE = 1000;
const GONE = new Set(['deleting', 'deleted']);
/** States an endpoint never leaves by itself: it must be replaced (DescribeVpcEndpoints, State). */
const BROKEN = new Set(['failed', 'rejected', 'expired']);

async function describe(ctx: ReconcilerContext, filters: Filter[]) {
  const client = ctx.clients.get(EC2Client);
  const endpoints = await allItems(paginateDescribeVpcEndpoints({ client, pageSize: PAGE_SIZE }, { Filters: filters }), (page) => page.VpcEndpoints);
  return endpoints.filter((endpoint) => !GONE.has(endpointState(endpoint))).map((endpoint) => observedVpcEndpoint(endpoint, ctx.scope));
}

/**
 * The endpoint by ID. Right after a create an unknown ID is eventual consistency and retried; while
 * waiting for a delete (`missingIsGone`) it means the endpoint is gone, at once.
 */
async function describeOne(ctx: ReconcilerContext, id: string, missingIsGone = false): Promise<VpcEndpoint | undefined> {
  const client = ctx.clients.get(EC2Client);
  return ctx.retry('describe endpoint', async () => {
    try {
      const out = await client.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }));
      return out.VpcEndpoints?.[0];
    } catch (error) {
      if (missingIsGone && errorCode(error) === 'InvalidVpcEndpointId.NotFound') return undefined;
      throw error;
    }
  });
}

function failure(endpoint: VpcEndpoint): string {
  return endpoint.LastError?.Message ?? endpoint.FailureReason ?? 'no reason given';
}

export const vpcEndpointReconciler = defineReconciler({
  type: VPC_ENDPOINT,
  idempotency: 'token',
  dependsOn: [VPC_TYPE, SUBNET_TYPE, SECURITY_GROUP_TYPE],
  replaceFields: ['vpcId', 'serviceName', 'vpcEndpointType'],

  observe: (ctx) => describe(ctx, ownerFilters(ctx.owner)),
  findByAddress: (ctx, address) => describe(ctx, addressFilters(ctx.owner, address)),

  diff(desired, observed) {
    const want = desired.spec;
    const have = observed.spec;
    const state = observed.outputs.state ?? '';
    const changes: Array<FieldChange | undefined> = [
      // A failed, rejected or expired endpoint carries nothing: replace it.
      BROKEN.has(state) ? { path: 'state', from: state, to: 'available', replace: true } : undefined,
      valueChange('vpcId', want.vpcId, have.vpcId, true),
      valueChange('serviceName', want.serviceName, have.serviceName, true),
      valueChange('vpcEndpointType', want.vpcEndpointType, have.vpcEndpointType, true),
      // A field the desired spec leaves out (subnets of a gateway endpoint) is not managed.
      ...(Object.keys(SET_FIELDS) as SetField[]).filter((field) => want[field] !== undefined).map((field) => setChange(field, want[field], have[field])),
      want.privateDnsEnabled === undefined ? undefined : valueChange('privateDnsEnabled', want.privateDnsEnabled, have.privateDnsEnabled),
    ];
    return changes.filter((change): change is FieldChange => change !== undefined);
  },

  async create(ctx, desired, { clientToken }) {
    const client = ctx.clients.get(EC2Client);
    const out = await client.send(new CreateVpcEndpointCommand(createVpcEndpointInput(desired, clientToken)));
    const id = out.VpcEndpoint?.VpcEndpointId;
    if (!id) throw new Error('CreateVpcEndpoint returned no endpoint ID');
    if (out.VpcEndpoint && endpointState(out.VpcEndpoint) === 'pendingAcceptance') await acceptOnOwnedProvider(ctx, id, desired.spec.serviceName);
    return { id, outputs: out.VpcEndpoint ? { ...vpcEndpointOutputs(out.VpcEndpoint), id } : { id, state: 'pending' } };
  },

  readiness: {
    /**
     * One DescribeVpcEndpoints for every waiting endpoint, by the `vpc-endpoint-id` filter (an ID not
     * visible yet reads as pending instead of failing the call). `pendingAcceptance` is pending: the
     * endpoint service's owner has not accepted the connection yet.
     */
    async check(ctx, ids) {
      const client = ctx.clients.get(EC2Client);
      const Filters = [{ Name: 'vpc-endpoint-id', Values: [...ids] }];
      const endpoints = await allItems(paginateDescribeVpcEndpoints({ client, pageSize: PAGE_SIZE }, { Filters }), (page) => page.VpcEndpoints);
      const states = new Map<string, 'ready' | 'pending' | { failed: string }>();
      for (const endpoint of endpoints) {
        const state = endpointState(endpoint);
        if (!endpoint.VpcEndpointId) continue;
        if (state === 'available') states.set(endpoint.VpcEndpointId, 'ready');
        else if (state === 'failed' || state === 'rejected' || GONE.has(state)) states.set(endpoint.VpcEndpointId, { failed: `${state}: ${failure(endpoint)}` });
        else states.set(endpoint.VpcEndpointId, 'pending');
      }
      return states;
    },
  },

  async update(ctx, desired, observed, changes) {
    const input = modifyVpcEndpointInput(observed.id, desired.spec, observed, changes);
    if (input) {
      const client = ctx.clients.get(EC2Client);
      await ctx.retry('modify endpoint', () => client.send(new ModifyVpcEndpointCommand(input)));
    }
    await applyTagChanges(ctx, observed.id, changes);
  },

  async delete(ctx, observed) {
    const client = ctx.clients.get(EC2Client);
    const out = await client.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [observed.id] }));
    const problem = (out.Unsuccessful ?? []).find((item) => item.Error?.Code !== 'InvalidVpcEndpoint.NotFound');
    if (problem) {
      // Reported per item, not thrown: rethrow it with its code so that the classifier can judge it.
      throw Object.assign(new Error(`DeleteVpcEndpoints ${observed.id}: ${problem.Error?.Message ?? 'failed'}`), {
        name: problem.Error?.Code ?? 'UnknownError',
      });
    }
    await waitUntil(
      ctx,
      `VPC endpoint ${observed.id} to be deleted`,
      () => describeOne(ctx, observed.id, true),
      (endpoint) => !endpoint || endpointState(endpoint) === 'deleted',
    );
  },

  release: (ctx, observed) => releaseOwnership(ctx, observed.id),
});

/**
 * A new interface endpoint to an endpoint service that requires acceptance stays `pendingAcceptance`
 * until the service's owner accepts it. When that service is this owner's (a Service of the same run or
 * an earlier one, tagged `trellis:owner`) and allows this account (its allowed principals hold the
 * account's root or `*`), the connection is accepted there at once, through the provider's account:
 * the provider's `ec2:vpc-endpoint-service` would otherwise accept it only on its next reconcile, and the
 * endpoint (and what waits for it) would wait in between. Any other provider decides for itself.
 * Bounded extra calls, only on this create: DescribeVpcEndpointServices here, then in the provider's
 * account DescribeVpcEndpointServiceConfigurations (by name and owner tag), DescribeVpcEndpointServicePermissions
 * and AcceptVpcEndpointConnections (per-item errors in `Unsuccessful`: left for the provider's reconcile).
 * EC2 API Reference: AcceptVpcEndpointConnections ("Accepts connection requests to your VPC endpoint
 * service"), DescribeVpcEndpointServices (`Owner`).
 */
async function acceptOnOwnedProvider(ctx: ReconcilerContext, endpointId: string, serviceName: string): Promise<void> {
  const { ServiceDetails = [] } = await ctx.clients.get(EC2Client).send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [serviceName] }));
  const owner = ServiceDetails[0]?.Owner;
  if (owner === undefined || owner === 'amazon') return;
  const provider = (await ctx.clientsIn({ account: owner, region: ctx.scope.region })).get(EC2Client);
  const { ServiceConfigurations = [] } = await provider.send(
    new DescribeVpcEndpointServiceConfigurationsCommand({ Filters: [{ Name: 'service-name', Values: [serviceName] }, ...ownerFilters(ctx.owner)] }),
  );
  const serviceId = ServiceConfigurations[0]?.ServiceId;
  if (serviceId === undefined) return;
  const { AllowedPrincipals = [] } = await provider.send(new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: serviceId }));
  const allowed = AllowedPrincipals.some((principal) => principal.Principal === '*' || principal.Principal === `arn:aws:iam::${ctx.scope.account}:root`);
  if (!allowed) return;
  await provider.send(new AcceptVpcEndpointConnectionsCommand({ ServiceId: serviceId, VpcEndpointIds: [endpointId] }));
}
