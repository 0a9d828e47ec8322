/**
 * VPC Lattice services: the front of a Service exposed through Lattice (`expose.lattice`).
 *
 * Idempotency: token-keyed. CreateService takes `clientToken` (API_CreateService; docs/aws-behaviour.md
 * §5a: the JS SDK fills a fresh UUID per send unless one is passed), always the engine's. Name and tags
 * on create; the auth type changes in place (UpdateService, §5f). CREATE_IN_PROGRESS → ACTIVE through
 * `readiness` (one paginated ListServices for every waiting service of the scope, §5d).
 *
 * Observe (see `../observe.ts`): ⌈owned/100⌉ RGTA GetResources (`vpc-lattice:service`) + one GetService
 * per owned service.
 *
 * Delete: AWS refuses a service still associated with a service network (ConflictException, a
 * dependency the engine retries while the association goes); listeners, rules and the auth policy go
 * with the service (API_DeleteService). The delete waits until the service is gone.
 */
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  GetServiceCommand,
  ListServicesCommand,
  UpdateServiceCommand,
  VPCLatticeClient,
  type GetServiceCommandOutput,
} from '@aws-sdk/client-vpc-lattice';
import { valueChange } from '../../../core/diff.js';
import type { FieldChange, ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler, observed } from '../../../core/resource-type.js';
import { TAG_ADDRESS } from '../../../core/types.js';
import { applyTagChanges, findOwnedByAddress, GONE_STATUSES, LIST_PAGE_SIZE, listAll, observeOwned, readinessByArn, releaseOwnership, stillOwned, waitGone } from '../observe.js';
import { inScope } from '../../tagging.js';
import { LATTICE_SERVICE, type LatticeServiceSpec } from './type.js';

export const RGTA_TYPE = 'vpc-lattice:service';

export function observedLatticeService(s: GetServiceCommandOutput, tags: Record<string, string>, scope: ReconcilerContext['scope']) {
  const arn = s.arn ?? '';
  return observed(LATTICE_SERVICE, {
    scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { name: s.name, authType: (s.authType ?? 'NONE') as LatticeServiceSpec['authType'] },
    outputs: { arn, id: s.id ?? '', dnsName: s.dnsEntry?.domainName ?? '' },
    references: [],
  });
}

async function get(ctx: ReconcilerContext, arn: string, tags: Record<string, string>) {
  const s = await ctx.clients.get(VPCLatticeClient).send(new GetServiceCommand({ serviceIdentifier: arn }));
  return GONE_STATUSES.has(s.status ?? '') ? undefined : observedLatticeService(s, tags, ctx.scope);
}

/** The Lattice services of the scope, from ListServices (fresh, unlike the tagging API): readiness and observe-before-retry. */
export async function listLatticeServices(ctx: ReconcilerContext) {
  const client = ctx.clients.get(VPCLatticeClient);
  const items = await listAll((nextToken) => client.send(new ListServicesCommand({ maxResults: LIST_PAGE_SIZE, nextToken })));
  return items.filter((item) => item.arn !== undefined && inScope(ctx, item.arn));
}

export const latticeServiceReconciler = defineReconciler({
  type: LATTICE_SERVICE,
  idempotency: 'token',
  dependsOn: [],
  replaceFields: ['name'],

  observe: (ctx) => observeOwned(ctx, RGTA_TYPE, (arn, tags) => get(ctx, arn, tags)),
  findByAddress: (ctx, address) => findOwnedByAddress(ctx, address, async () => (await listLatticeServices(ctx)).flatMap((s) => s.arn ?? []), (arn, tags) => get(ctx, arn, tags)),

  diff(desired, live) {
    return [valueChange('name', desired.spec.name, live.spec.name, true), valueChange('authType', desired.spec.authType, live.spec.authType)].filter(
      (change): change is FieldChange => change !== undefined,
    );
  },

  async create(ctx, desired, { clientToken }) {
    const out = await ctx.clients.get(VPCLatticeClient).send(
      new CreateServiceCommand({ name: desired.spec.name, authType: desired.spec.authType, tags: { ...desired.tags }, clientToken }),
    );
    if (!out.arn || !out.id) throw new Error('CreateService returned no ARN');
    return { id: out.arn, outputs: { arn: out.arn, id: out.id, dnsName: out.dnsEntry?.domainName ?? '' } };
  },

  readiness: {
    async check(ctx, ids) {
      return readinessByArn(await listLatticeServices(ctx), ids);
    },
  },

  async update(ctx, desired, live, changes) {
    if (changes.some((change) => change.path === 'authType')) {
      const client = ctx.clients.get(VPCLatticeClient);
      await ctx.retry('update auth type', () => client.send(new UpdateServiceCommand({ serviceIdentifier: live.id, authType: desired.spec.authType })));
    }
    await applyTagChanges(ctx, live.id, changes);
  },

  async delete(ctx, live) {
    // Owned by the tagging API's view; confirmed now, as that view lags (`stillOwned`).
    if (!(await stillOwned(ctx, live.id))) return;
    const client = ctx.clients.get(VPCLatticeClient);
    await client.send(new DeleteServiceCommand({ serviceIdentifier: live.id }));
    await waitGone(ctx, `Lattice service ${live.id}`, () => client.send(new GetServiceCommand({ serviceIdentifier: live.id })));
  },

  release: (ctx, live) => releaseOwnership(ctx, live.id),
});
