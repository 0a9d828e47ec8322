/**
 * VPC Lattice resource gateways: where a service network reaches resources in a VPC. Token-keyed
 * (CreateResourceGateway takes `clientToken`, API_CreateResourceGateway). Security groups change in
 * place (UpdateResourceGateway); name, VPC and subnets replace. CREATE_IN_PROGRESS → ACTIVE through
 * `readiness` (one paginated ListResourceGateways); a delete waits until the gateway is gone, so its
 * subnets and security groups can follow.
 *
 * Observe (see `../observe.ts`): ⌈owned/100⌉ RGTA GetResources + one GetResourceGateway per owned gateway.
 */
import {
  CreateResourceGatewayCommand,
  DeleteResourceGatewayCommand,
  GetResourceGatewayCommand,
  ListResourceGatewaysCommand,
  UpdateResourceGatewayCommand,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import { setChange, valueChange } from '../../../core/diff.js';
import type { FieldChange, ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler, observed } from '../../../core/resource-type.js';
import { TAG_ADDRESS } from '../../../core/types.js';
import { applyTagChanges, findOwnedByAddress, GONE_STATUSES, LIST_PAGE_SIZE, listAll, observeOwned, readinessByArn, releaseOwnership, stillOwned, waitGone } from '../observe.js';
import { RESOURCE_GATEWAY } from './type.js';

const RGTA_TYPE = 'vpc-lattice:resourcegateway';

async function get(ctx: ReconcilerContext, arn: string, tags: Record<string, string>) {
  const g = await ctx.clients.get(VPCLatticeClient).send(new GetResourceGatewayCommand({ resourceGatewayIdentifier: arn }));
  if (GONE_STATUSES.has(g.status ?? '')) return undefined;
  const subnetIds = [...(g.subnetIds ?? [])].sort();
  const securityGroupIds = [...(g.securityGroupIds ?? [])].sort();
  return observed(RESOURCE_GATEWAY, {
    scope: ctx.scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { name: g.name, vpcIdentifier: g.vpcId, subnetIds, securityGroupIds },
    outputs: { arn, id: g.id ?? '' },
    references: [g.vpcId, ...subnetIds, ...securityGroupIds].filter((ref): ref is string => ref !== undefined),
  });
}

async function listOwn(ctx: ReconcilerContext) {
  const client = ctx.clients.get(VPCLatticeClient);
  return listAll((nextToken) => client.send(new ListResourceGatewaysCommand({ maxResults: LIST_PAGE_SIZE, nextToken })));
}

export const resourceGatewayReconciler = defineReconciler({
  type: RESOURCE_GATEWAY,
  idempotency: 'token',
  dependsOn: ['ec2:vpc', 'ec2:subnet', 'ec2:security-group'],
  replaceFields: ['name', 'vpcIdentifier', 'subnetIds'],

  observe: (ctx) => observeOwned(ctx, RGTA_TYPE, (arn, tags) => get(ctx, arn, tags)),
  findByAddress: async (ctx, address) =>
    findOwnedByAddress(ctx, address, async () => (await listOwn(ctx)).flatMap((g) => g.arn ?? []), (arn, tags) => get(ctx, arn, tags)),

  diff(desired, live) {
    return [
      valueChange('name', desired.spec.name, live.spec.name, true),
      valueChange('vpcIdentifier', desired.spec.vpcIdentifier, live.spec.vpcIdentifier, true),
      setChange('subnetIds', desired.spec.subnetIds, live.spec.subnetIds, true),
      setChange('securityGroupIds', desired.spec.securityGroupIds, live.spec.securityGroupIds),
    ].filter((change): change is FieldChange => change !== undefined);
  },

  async create(ctx, desired, { clientToken }) {
    const out = await ctx.clients.get(VPCLatticeClient).send(
      new CreateResourceGatewayCommand({
        name: desired.spec.name,
        vpcIdentifier: desired.spec.vpcIdentifier,
        subnetIds: [...desired.spec.subnetIds],
        securityGroupIds: [...desired.spec.securityGroupIds],
        tags: { ...desired.tags },
        clientToken,
      }),
    );
    if (!out.arn || !out.id) throw new Error('CreateResourceGateway returned no ARN');
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
        client.send(new UpdateResourceGatewayCommand({ resourceGatewayIdentifier: live.id, securityGroupIds: [...desired.spec.securityGroupIds] })),
      );
    }
    await applyTagChanges(ctx, live.id, changes);
  },

  async delete(ctx, live) {
    // Owned by the tagging API's view; confirmed now, as that view lags (`stillOwned`).
    if (!(await stillOwned(ctx, live.id))) return;
    const client = ctx.clients.get(VPCLatticeClient);
    await client.send(new DeleteResourceGatewayCommand({ resourceGatewayIdentifier: live.id }));
    await waitGone(ctx, `resource gateway ${live.id}`, () => client.send(new GetResourceGatewayCommand({ resourceGatewayIdentifier: live.id })));
  },

  release: (ctx, live) => releaseOwnership(ctx, live.id),
});
