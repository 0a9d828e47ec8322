/**
 * VPC Lattice service network service associations: a Lattice service of the association's account on
 * a service network, which may belong to another account and reach this one through RAM (so the
 * network is named by ARN). Token-keyed: CreateServiceNetworkServiceAssociation takes `clientToken`
 * (API_CreateServiceNetworkServiceAssociation; docs/aws-behaviour.md §5a), always the engine's. Both
 * fields replace. CREATE_IN_PROGRESS → ACTIVE (§5d) through `readiness`: one
 * GetServiceNetworkServiceAssociation per waiting association (the List needs a service or a network to
 * list by, API_ListServiceNetworkServiceAssociations); a delete waits until the association is gone, so
 * the service's (and the network's) delete can follow.
 *
 * Observe (see `../observe.ts`): ⌈owned/100⌉ RGTA GetResources
 * (`vpc-lattice:servicenetworkserviceassociation`) + one GetServiceNetworkServiceAssociation per owned
 * association.
 */
import {
  CreateServiceNetworkServiceAssociationCommand,
  DeleteServiceNetworkServiceAssociationCommand,
  GetServiceNetworkServiceAssociationCommand,
  ListServiceNetworkServiceAssociationsCommand,
  VPCLatticeClient,
  type GetServiceNetworkServiceAssociationCommandOutput,
} from '@aws-sdk/client-vpc-lattice';
import { valueChange } from '../../../core/diff.js';
import type { FieldChange, ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler, observed } from '../../../core/resource-type.js';
import { TAG_ADDRESS } from '../../../core/types.js';
import { applyTagChanges, findOwnedByAddress, GONE_STATUSES, isLatticeNotFound, LIST_PAGE_SIZE, listAll, observeOwned, readinessOf, releaseOwnership, stillOwned, waitGone } from '../observe.js';
import { SERVICE_NETWORK } from '../service-network/type.js';
import { listLatticeServices } from '../service/index.js';
import { LATTICE_SERVICE } from '../service/type.js';
import { SERVICE_ASSOCIATION } from './type.js';

const RGTA_TYPE = 'vpc-lattice:servicenetworkserviceassociation';

export function observedServiceAssociation(a: GetServiceNetworkServiceAssociationCommandOutput, tags: Record<string, string>, scope: ReconcilerContext['scope']) {
  const arn = a.arn ?? '';
  return observed(SERVICE_ASSOCIATION, {
    scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { serviceNetworkIdentifier: a.serviceNetworkArn, serviceIdentifier: a.serviceArn },
    outputs: { arn, id: a.id ?? '' },
    references: [a.serviceNetworkArn, a.serviceArn].filter((ref): ref is string => ref !== undefined),
  });
}

const getAssociation = (ctx: ReconcilerContext, identifier: string) =>
  ctx.clients.get(VPCLatticeClient).send(new GetServiceNetworkServiceAssociationCommand({ serviceNetworkServiceAssociationIdentifier: identifier }));

async function get(ctx: ReconcilerContext, arn: string, tags: Record<string, string>) {
  const a = await getAssociation(ctx, arn);
  return GONE_STATUSES.has(a.status ?? '') ? undefined : observedServiceAssociation(a, tags, ctx.scope);
}

/** Before a retry: the associations of every service of the scope (ListServices, then the List by service). */
async function listOwnArns(ctx: ReconcilerContext): Promise<string[]> {
  const client = ctx.clients.get(VPCLatticeClient);
  const arns: string[] = [];
  for (const service of await listLatticeServices(ctx)) {
    const associations = await listAll((nextToken) =>
      client.send(new ListServiceNetworkServiceAssociationsCommand({ serviceIdentifier: service.arn, maxResults: LIST_PAGE_SIZE, nextToken })),
    );
    arns.push(...associations.flatMap((a) => a.arn ?? []));
  }
  return arns;
}

export const serviceAssociationReconciler = defineReconciler({
  type: SERVICE_ASSOCIATION,
  idempotency: 'token',
  dependsOn: [SERVICE_NETWORK.name, LATTICE_SERVICE.name],
  replaceFields: ['serviceNetworkIdentifier', 'serviceIdentifier'],

  observe: (ctx) => observeOwned(ctx, RGTA_TYPE, (arn, tags) => get(ctx, arn, tags)),
  findByAddress: (ctx, address) => findOwnedByAddress(ctx, address, () => listOwnArns(ctx), (arn, tags) => get(ctx, arn, tags)),

  diff(desired, live) {
    return [
      valueChange('serviceNetworkIdentifier', desired.spec.serviceNetworkIdentifier, live.spec.serviceNetworkIdentifier, true),
      valueChange('serviceIdentifier', desired.spec.serviceIdentifier, live.spec.serviceIdentifier, true),
    ].filter((change): change is FieldChange => change !== undefined);
  },

  async create(ctx, desired, { clientToken }) {
    const out = await ctx.clients.get(VPCLatticeClient).send(
      new CreateServiceNetworkServiceAssociationCommand({
        serviceNetworkIdentifier: desired.spec.serviceNetworkIdentifier,
        serviceIdentifier: desired.spec.serviceIdentifier,
        tags: { ...desired.tags },
        clientToken,
      }),
    );
    if (!out.arn || !out.id) throw new Error('CreateServiceNetworkServiceAssociation returned no ARN');
    return { id: out.arn, outputs: { arn: out.arn, id: out.id } };
  },

  readiness: {
    async check(ctx, ids) {
      const states = new Map<string, 'ready' | 'pending' | { failed: string }>();
      for (const id of ids) {
        try {
          states.set(id, readinessOf((await getAssociation(ctx, id)).status));
        } catch (error) {
          // Not visible yet (eventual consistency): still pending.
          if (!isLatticeNotFound(error)) throw error;
        }
      }
      return states;
    },
  },

  async update(ctx, _desired, live, changes) {
    await applyTagChanges(ctx, live.id, changes);
  },

  async delete(ctx, live) {
    // Owned by the tagging API's view; confirmed now, as that view lags (`stillOwned`).
    if (!(await stillOwned(ctx, live.id))) return;
    const client = ctx.clients.get(VPCLatticeClient);
    await client.send(new DeleteServiceNetworkServiceAssociationCommand({ serviceNetworkServiceAssociationIdentifier: live.id }));
    await waitGone(ctx, `service association ${live.id}`, () => getAssociation(ctx, live.id));
  },

  release: (ctx, live) => releaseOwnership(ctx, live.id),
});
