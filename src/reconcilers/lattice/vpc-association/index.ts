/**
 * VPC Lattice service network VPC associations: a VPC of the association's account on a service
 * network, which may belong to another account and be shared through RAM (so the network is named by
 * ARN). Token-keyed: CreateServiceNetworkVpcAssociation takes `clientToken`
 * (API_CreateServiceNetworkVpcAssociation), always the engine's.
 *
 * Asynchronous: CREATE_IN_PROGRESS → ACTIVE (`readiness`, one paginated ListServiceNetworkVpcAssociations
 * for every waiting association of the scope); a delete waits until the association is gone, so the
 * service network's delete can follow. Security groups change in place
 * (UpdateServiceNetworkVpcAssociation; "you can't remove all of them", docs/aws-behaviour.md §5f); network and
 * VPC replace.
 *
 * Observe (see `../observe.ts`): ⌈owned/100⌉ RGTA GetResources + one GetServiceNetworkVpcAssociation
 * per owned association.
 */
import {
  CreateServiceNetworkVpcAssociationCommand,
  DeleteServiceNetworkVpcAssociationCommand,
  GetServiceNetworkVpcAssociationCommand,
  ListServiceNetworkVpcAssociationsCommand,
  UpdateServiceNetworkVpcAssociationCommand,
  VPCLatticeClient,
  type GetServiceNetworkVpcAssociationCommandOutput,
} from '@aws-sdk/client-vpc-lattice';
import { setChange, valueChange } from '../../../core/diff.js';
import type { FieldChange, ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler, observed } from '../../../core/resource-type.js';
import { TAG_ADDRESS } from '../../../core/types.js';
import { SERVICE_NETWORK } from '../service-network/type.js';
import { applyTagChanges, findOwnedByAddress, GONE_STATUSES, LIST_PAGE_SIZE, listAll, observeOwned, readinessByArn, releaseOwnership, stillOwned, waitGone } from '../observe.js';
import { VPC_ASSOCIATION } from './type.js';

const RGTA_TYPE = 'vpc-lattice:servicenetworkvpcassociation';

export function observedVpcAssociation(a: GetServiceNetworkVpcAssociationCommandOutput, tags: Record<string, string>, scope: ReconcilerContext['scope']) {
  const arn = a.arn ?? '';
  const securityGroupIds = [...(a.securityGroupIds ?? [])].sort();
  return observed(VPC_ASSOCIATION, {
    scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { serviceNetworkIdentifier: a.serviceNetworkArn, vpcIdentifier: a.vpcId, securityGroupIds },
    outputs: { arn, id: a.id ?? '' },
    references: [a.serviceNetworkArn, a.vpcId, ...securityGroupIds].filter((ref): ref is string => ref !== undefined),
  });
}

async function get(ctx: ReconcilerContext, arn: string, tags: Record<string, string>) {
  const a = await ctx.clients.get(VPCLatticeClient).send(new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: arn }));
  return GONE_STATUSES.has(a.status ?? '') ? undefined : observedVpcAssociation(a, tags, ctx.scope);
}

/** The caller's own associations (without a filter, the List answers those). */
async function listOwn(ctx: ReconcilerContext) {
  const client = ctx.clients.get(VPCLatticeClient);
  return listAll((nextToken) => client.send(new ListServiceNetworkVpcAssociationsCommand({ maxResults: LIST_PAGE_SIZE, nextToken })));
}

export const vpcAssociationReconciler = defineReconciler({
  type: VPC_ASSOCIATION,
  idempotency: 'token',
  dependsOn: [SERVICE_NETWORK.name, 'ec2:vpc', 'ec2:security-group'],
  replaceFields: ['serviceNetworkIdentifier', 'vpcIdentifier'],

  observe: (ctx) => observeOwned(ctx, RGTA_TYPE, (arn, tags) => get(ctx, arn, tags)),
  findByAddress: async (ctx, address) =>
    findOwnedByAddress(ctx, address, async () => (await listOwn(ctx)).flatMap((a) => a.arn ?? []), (arn, tags) => get(ctx, arn, tags)),

  diff(desired, live) {
    return [
      valueChange('serviceNetworkIdentifier', desired.spec.serviceNetworkIdentifier, live.spec.serviceNetworkIdentifier, true),
      valueChange('vpcIdentifier', desired.spec.vpcIdentifier, live.spec.vpcIdentifier, true),
      setChange('securityGroupIds', desired.spec.securityGroupIds, live.spec.securityGroupIds),
    ].filter((change): change is FieldChange => change !== undefined);
  },

  async create(ctx, desired, { clientToken }) {
    const out = await ctx.clients.get(VPCLatticeClient).send(
      new CreateServiceNetworkVpcAssociationCommand({
        serviceNetworkIdentifier: desired.spec.serviceNetworkIdentifier,
        vpcIdentifier: desired.spec.vpcIdentifier,
        securityGroupIds: [...desired.spec.securityGroupIds],
        tags: { ...desired.tags },
        clientToken,
      }),
    );
    if (!out.arn || !out.id) throw new Error('CreateServiceNetworkVpcAssociation returned no ARN');
    return { id: out.arn, outputs: { arn: out.arn, id: out.id } };
  },

  readiness: {
    async check(ctx, ids) {
      return readinessByArn(await listOwn(ctx), ids);
    },
  },

  async update(ctx, desired, live, changes) {
    if (changes.some((change) => change.path === 'securityGroupIds')) {
      const client = ctx.clients.get(VPCLatticeClient);
      await ctx.retry('update security groups', () =>
        client.send(
          new UpdateServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: live.id, securityGroupIds: [...desired.spec.securityGroupIds] }),
        ),
      );
    }
    await applyTagChanges(ctx, live.id, changes);
  },

  async delete(ctx, live) {
    // Owned by the tagging API's view; confirmed now, as that view lags (`stillOwned`).
    if (!(await stillOwned(ctx, live.id))) return;
    const client = ctx.clients.get(VPCLatticeClient);
    await client.send(new DeleteServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: live.id }));
    await waitGone(ctx, `VPC association ${live.id}`, () =>
      client.send(new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: live.id })),
    );
  },

  release: (ctx, live) => releaseOwnership(ctx, live.id),
});
