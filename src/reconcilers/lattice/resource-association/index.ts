/**
 * VPC Lattice service network resource associations: a resource configuration on a service network.
 * Token-keyed (CreateServiceNetworkResourceAssociation takes `clientToken`); both fields replace (there
 * is no Update). CREATE_IN_PROGRESS → ACTIVE (or PARTIAL, docs/aws-behaviour.md §5d) through `readiness`; a
 * delete waits until the association is gone, since the configuration and the service network refuse
 * their deletes before (ConflictException).
 *
 * Observe (see `../observe.ts`): ⌈owned/100⌉ RGTA GetResources + one
 * GetServiceNetworkResourceAssociation per owned association.
 */
import {
  CreateServiceNetworkResourceAssociationCommand,
  DeleteServiceNetworkResourceAssociationCommand,
  GetServiceNetworkResourceAssociationCommand,
  ListServiceNetworkResourceAssociationsCommand,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import { valueChange } from '../../../core/diff.js';
import type { FieldChange, ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler, observed } from '../../../core/resource-type.js';
import { TAG_ADDRESS } from '../../../core/types.js';
import { RESOURCE_CONFIGURATION } from '../resource-configuration/type.js';
import { SERVICE_NETWORK } from '../service-network/type.js';
import { applyTagChanges, findOwnedByAddress, GONE_STATUSES, LIST_PAGE_SIZE, listAll, observeOwned, readinessByArn, readinessOf, releaseOwnership, stillOwned, waitGone } from '../observe.js';
import { RESOURCE_ASSOCIATION } from './type.js';

const RGTA_TYPE = 'vpc-lattice:servicenetworkresourceassociation';

async function get(ctx: ReconcilerContext, arn: string, tags: Record<string, string>) {
  const a = await ctx.clients.get(VPCLatticeClient).send(new GetServiceNetworkResourceAssociationCommand({ serviceNetworkResourceAssociationIdentifier: arn }));
  if (GONE_STATUSES.has(a.status ?? '')) return undefined;
  return observed(RESOURCE_ASSOCIATION, {
    scope: ctx.scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { serviceNetworkIdentifier: a.serviceNetworkArn, resourceConfigurationIdentifier: a.resourceConfigurationArn },
    outputs: { arn, id: a.id ?? '' },
    references: [a.serviceNetworkArn, a.resourceConfigurationArn].filter((ref): ref is string => ref !== undefined),
  });
}

async function listOwn(ctx: ReconcilerContext) {
  const client = ctx.clients.get(VPCLatticeClient);
  return listAll((nextToken) => client.send(new ListServiceNetworkResourceAssociationsCommand({ maxResults: LIST_PAGE_SIZE, nextToken })));
}

export const resourceAssociationReconciler = defineReconciler({
  type: RESOURCE_ASSOCIATION,
  idempotency: 'token',
  dependsOn: [SERVICE_NETWORK.name, RESOURCE_CONFIGURATION.name],
  replaceFields: ['serviceNetworkIdentifier', 'resourceConfigurationIdentifier'],

  observe: (ctx) => observeOwned(ctx, RGTA_TYPE, (arn, tags) => get(ctx, arn, tags)),
  findByAddress: async (ctx, address) =>
    findOwnedByAddress(ctx, address, async () => (await listOwn(ctx)).flatMap((a) => a.arn ?? []), (arn, tags) => get(ctx, arn, tags)),

  diff(desired, live) {
    return [
      valueChange('serviceNetworkIdentifier', desired.spec.serviceNetworkIdentifier, live.spec.serviceNetworkIdentifier, true),
      valueChange('resourceConfigurationIdentifier', desired.spec.resourceConfigurationIdentifier, live.spec.resourceConfigurationIdentifier, true),
    ].filter((change): change is FieldChange => change !== undefined);
  },

  async create(ctx, desired, { clientToken }) {
    const out = await ctx.clients.get(VPCLatticeClient).send(
      new CreateServiceNetworkResourceAssociationCommand({
        serviceNetworkIdentifier: desired.spec.serviceNetworkIdentifier,
        resourceConfigurationIdentifier: desired.spec.resourceConfigurationIdentifier,
        tags: { ...desired.tags },
        clientToken,
      }),
    );
    if (!out.arn || !out.id) throw new Error('CreateServiceNetworkResourceAssociation returned no ARN');
    return { id: out.arn, outputs: { arn: out.arn, id: out.id } };
  },

  readiness: {
    async check(ctx, ids) {
      // PARTIAL: associated in some zones, usable (API_ServiceNetworkResourceAssociationSummary).
      return readinessByArn(await listOwn(ctx), ids, (a) => (a.status === 'PARTIAL' ? 'ready' : readinessOf(a.status)));
    },
  },

  async update(ctx, _desired, live, changes) {
    await applyTagChanges(ctx, live.id, changes);
  },

  async delete(ctx, live) {
    // Owned by the tagging API's view; confirmed now, as that view lags (`stillOwned`).
    if (!(await stillOwned(ctx, live.id))) return;
    const client = ctx.clients.get(VPCLatticeClient);
    await client.send(new DeleteServiceNetworkResourceAssociationCommand({ serviceNetworkResourceAssociationIdentifier: live.id }));
    await waitGone(ctx, `resource association ${live.id}`, () =>
      client.send(new GetServiceNetworkResourceAssociationCommand({ serviceNetworkResourceAssociationIdentifier: live.id })),
    );
  },

  release: (ctx, live) => releaseOwnership(ctx, live.id),
});
