/**
 * VPC Lattice listeners: one per exposed Service, forwarding everything to its target group.
 *
 * Idempotency: token-keyed. CreateListener takes `clientToken` (API_CreateListener;
 * docs/aws-behaviour.md §5a), always the engine's. Only the default action changes in place
 * (UpdateListener, §5f): that is how a target group replaced create-before-delete takes the traffic
 * before the old one goes. Listeners carry no status (§5d) and go with their service.
 *
 * Observe: a listener is a sub-resource of its service (`…:service/svc-…/listener/listener-…`), which the
 * tagging API does not list by a type of its own. Per owned Lattice service of the scope (from the
 * tagging API listing the services reconciler shares): one ListListeners, then per listener one
 * ListTagsForResource (§5c: no List or Get returns tags) and, for the owned ones, one GetListener (the
 * summary has no default action) — 1 + 2 per listener, bounded by what trellis owns. ListListeners
 * answering ResourceNotFoundException means the service is gone (the tagging API lags, §8).
 *
 * Target groups are named by ARN in the spec; GetListener may answer an ID, so both sides are compared
 * as ARNs (the listener's ARN gives the region and account).
 */
import {
  CreateListenerCommand,
  DeleteListenerCommand,
  GetListenerCommand,
  ListListenersCommand,
  UpdateListenerCommand,
  VPCLatticeClient,
  type GetListenerCommandOutput,
} from '@aws-sdk/client-vpc-lattice';
import { valueChange } from '../../../core/diff.js';
import type { FieldChange, ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler, observed } from '../../../core/resource-type.js';
import { TAG_ADDRESS, TAG_OWNER } from '../../../core/types.js';
import { applyTagChanges, isLatticeNotFound, listAll, LIST_PAGE_SIZE, releaseOwnership, tagsOf } from '../observe.js';
import { ownedOfType } from '../../tagging.js';
import { listLatticeServices, RGTA_TYPE as SERVICE_RGTA_TYPE } from '../service/index.js';
import { LATTICE_SERVICE } from '../service/type.js';
import { LATTICE_TARGET_GROUP } from '../target-group/type.js';
import { LATTICE_LISTENER, type LatticeListenerSpec } from './type.js';

/** A target group identifier (ID or ARN) as an ARN in the listener's account and region. */
export function targetGroupArn(identifier: string, listenerArn: string): string {
  if (identifier.startsWith('arn:')) return identifier;
  const [partition, service, region, account] = listenerArn.split(':').slice(1, 5);
  return `arn:${partition}:${service}:${region}:${account}:targetgroup/${identifier}`;
}

export function observedListener(l: GetListenerCommandOutput, tags: Record<string, string>, scope: ReconcilerContext['scope']) {
  const arn = l.arn ?? '';
  const forwarded = l.defaultAction?.forward?.targetGroups ?? [];
  // Anything but a forward to exactly one group (a fixed response, weights) is drift from the spec.
  const target = forwarded.length === 1 && forwarded[0]!.targetGroupIdentifier ? targetGroupArn(forwarded[0]!.targetGroupIdentifier, arn) : JSON.stringify(l.defaultAction ?? null);
  return observed(LATTICE_LISTENER, {
    scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec: { serviceIdentifier: l.serviceArn, name: l.name, protocol: l.protocol as LatticeListenerSpec['protocol'], port: l.port, targetGroupIdentifier: target },
    outputs: { arn, id: l.id ?? '' },
    references: [l.serviceArn, ...(target.startsWith('arn:') ? [target] : [])].filter((ref): ref is string => ref !== undefined),
  });
}

/** The owned listeners of the given services (see the module comment), with `address` only that one's. */
async function listenersOf(ctx: ReconcilerContext, serviceArns: readonly string[], address?: string) {
  const client = ctx.clients.get(VPCLatticeClient);
  const result = [];
  for (const serviceArn of serviceArns) {
    let summaries;
    try {
      summaries = await listAll((nextToken) => client.send(new ListListenersCommand({ serviceIdentifier: serviceArn, maxResults: LIST_PAGE_SIZE, nextToken })));
    } catch (error) {
      if (isLatticeNotFound(error)) continue;
      throw error;
    }
    for (const summary of summaries) {
      if (!summary.arn) continue;
      try {
        const tags = await tagsOf(ctx, summary.arn);
        if (tags[TAG_OWNER] !== ctx.owner || (address !== undefined && tags[TAG_ADDRESS] !== address)) continue;
        const listener = await client.send(new GetListenerCommand({ serviceIdentifier: serviceArn, listenerIdentifier: summary.arn }));
        result.push(observedListener(listener, tags, ctx.scope));
      } catch (error) {
        if (!isLatticeNotFound(error)) throw error;
      }
    }
  }
  return result;
}

export const latticeListenerReconciler = defineReconciler({
  type: LATTICE_LISTENER,
  idempotency: 'token',
  dependsOn: [LATTICE_SERVICE.name, LATTICE_TARGET_GROUP.name],
  replaceFields: ['serviceIdentifier', 'name', 'protocol', 'port'],

  observe: async (ctx) => listenersOf(ctx, [...(await ownedOfType(ctx, SERVICE_RGTA_TYPE)).keys()].sort()),
  // Before a retry: the services from ListServices, never from the lagging tagging API.
  findByAddress: async (ctx, address) => listenersOf(ctx, (await listLatticeServices(ctx)).flatMap((service) => service.arn ?? []), address),

  diff(desired, live) {
    const { spec } = desired;
    return [
      valueChange('serviceIdentifier', spec.serviceIdentifier, live.spec.serviceIdentifier, true),
      valueChange('name', spec.name, live.spec.name, true),
      valueChange('protocol', spec.protocol, live.spec.protocol, true),
      valueChange('port', spec.port, live.spec.port, true),
      valueChange('targetGroupIdentifier', spec.targetGroupIdentifier, live.spec.targetGroupIdentifier),
    ].filter((change): change is FieldChange => change !== undefined);
  },

  async create(ctx, desired, { clientToken }) {
    const { spec } = desired;
    const out = await ctx.clients.get(VPCLatticeClient).send(
      new CreateListenerCommand({
        serviceIdentifier: spec.serviceIdentifier,
        name: spec.name,
        protocol: spec.protocol,
        port: spec.port,
        defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: spec.targetGroupIdentifier, weight: 100 }] } },
        tags: { ...desired.tags },
        clientToken,
      }),
    );
    if (!out.arn || !out.id) throw new Error('CreateListener returned no ARN');
    return { id: out.arn, outputs: { arn: out.arn, id: out.id } };
  },

  async update(ctx, desired, live, changes) {
    if (changes.some((change) => change.path === 'targetGroupIdentifier')) {
      const client = ctx.clients.get(VPCLatticeClient);
      await ctx.retry('update default action', () =>
        client.send(
          new UpdateListenerCommand({
            serviceIdentifier: desired.spec.serviceIdentifier,
            listenerIdentifier: live.id,
            defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: desired.spec.targetGroupIdentifier, weight: 100 }] } },
          }),
        ),
      );
    }
    await applyTagChanges(ctx, live.id, changes);
  },

  async delete(ctx, live) {
    const serviceIdentifier = live.spec.serviceIdentifier ?? live.id.slice(0, live.id.indexOf('/listener/'));
    await ctx.clients.get(VPCLatticeClient).send(new DeleteListenerCommand({ serviceIdentifier, listenerIdentifier: live.id }));
  },

  release: (ctx, live) => releaseOwnership(ctx, live.id),
});
