/**
 * ELBv2 listeners of our NLBs: one port forwarded to one target group.
 *
 * - Create: CreateListener "is idempotent… If you attempt to create multiple listeners with the same
 *   settings, each call succeeds" (API_CreateListener.html): keyed by (load balancer, port) as others
 *   are by name, so a retried create returns the listener the lost response made. Another listener on
 *   the port is `DuplicateListener`: terminal. Every tag in `Tags`.
 * - Update: port, protocol and target group with one ModifyListener (default action `forward`), e.g.
 *   onto the replacement of a create-before-delete target group; the old group waits for it
 *   (`references`). Only the load balancer is fixed.
 * - Observe: this owner's NLBs (the scope's ELBv2 inventory, shared with the load balancer type), then
 *   one paginated DescribeListeners per owned NLB — DescribeListeners takes one LoadBalancerArn or
 *   listener ARNs, never a list of NLBs (API_DescribeListeners.html), so one call per owned NLB is the
 *   documented minimum — then DescribeTags per 20 listeners. For N owned NLBs with one listener each:
 *   N + ceil(N/20) calls past the inventory (1 NLB → 2).
 * - Delete: DeleteListener; `ListenerNotFound` is success.
 */
import {
  CreateListenerCommand,
  DeleteListenerCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  paginateDescribeListeners,
  type Listener,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { errorCode } from '../../../core/classify.js';
import { TerminalError } from '../../../core/errors.js';
import { defineReconciler } from '../../../core/resource-type.js';
import type { ReconcilerContext } from '../../../core/reconciler.js';
import { TAG_ADDRESS, TAG_OWNER } from '../../../core/types.js';
import { LOAD_BALANCER_TYPE } from '../load-balancer/sdk.js';
import { listLoadBalancers } from '../load-balancer/index.js';
import { TARGET_GROUP_TYPE } from '../target-group/sdk.js';
import { allItems } from '../../pages.js';
import { applyTagChanges, owned, PAGE_SIZE, releaseOwnership, tagsOf } from '../tags.js';
import { createListenerInput, diffListener, modifyListenerInput, observedListener } from './sdk.js';
import { LISTENER } from './type.js';

async function list(ctx: ReconcilerContext, address?: string) {
  const client = ctx.clients.get(ElasticLoadBalancingV2Client);
  const listeners: Listener[] = [];
  for (const lb of await listLoadBalancers(ctx)) {
    const pages = paginateDescribeListeners({ client }, { LoadBalancerArn: lb.id, PageSize: PAGE_SIZE });
    try {
      listeners.push(...(await allItems(pages, (page) => page.Listeners)));
    } catch (error) {
      // Deleted since it was listed: it has no listeners left.
      if (errorCode(error) !== 'LoadBalancerNotFoundException') throw error;
    }
  }
  const tags = await tagsOf(ctx, listeners.flatMap((listener) => (listener.ListenerArn ? [listener.ListenerArn] : [])));
  return listeners
    .filter((listener) => owned(tags.get(listener.ListenerArn ?? ''), ctx.owner, address))
    .map((listener) => observedListener(listener, tags.get(listener.ListenerArn!)!, ctx.scope));
}

export const listenerReconciler = defineReconciler({
  type: LISTENER,
  idempotency: 'name',
  dependsOn: [LOAD_BALANCER_TYPE, TARGET_GROUP_TYPE],
  replaceFields: ['loadBalancerArn'],

  observe: (ctx) => list(ctx),
  findByAddress: (ctx, address) => list(ctx, address),
  diff: diffListener,

  async create(ctx, desired) {
    const client = ctx.clients.get(ElasticLoadBalancingV2Client);
    let listener: Listener | undefined;
    try {
      listener = (await client.send(new CreateListenerCommand(createListenerInput(desired)))).Listeners?.[0];
    } catch (error) {
      if (errorCode(error) === 'DuplicateListenerException') {
        throw new TerminalError(`load balancer ${desired.spec.loadBalancerArn} already has another listener on port ${desired.spec.port}`, { cause: error });
      }
      throw error;
    }
    const arn = listener?.ListenerArn;
    if (!listener || !arn) throw new Error('CreateListener returned no listener');
    const tags = (await ctx.retry('describe tags', () => tagsOf(ctx, [arn]))).get(arn) ?? {};
    if (tags[TAG_OWNER] !== ctx.owner || tags[TAG_ADDRESS] !== desired.address) {
      throw new TerminalError(`port ${desired.spec.port} of ${desired.spec.loadBalancerArn} has a listener (${arn}) that is not ${desired.address} of ${ctx.owner}`);
    }
    return { id: arn, outputs: { arn } };
  },

  async update(ctx, desired, live, changes) {
    const input = modifyListenerInput(live.id, desired.spec, changes);
    if (input) {
      const client = ctx.clients.get(ElasticLoadBalancingV2Client);
      await ctx.retry('modify listener', () => client.send(new ModifyListenerCommand(input)));
    }
    await applyTagChanges(ctx, live.id, changes);
  },

  async delete(ctx, live) {
    try {
      await ctx.clients.get(ElasticLoadBalancingV2Client).send(new DeleteListenerCommand({ ListenerArn: live.id }));
    } catch (error) {
      if (errorCode(error) !== 'ListenerNotFoundException') throw error;
    }
  },

  release: (ctx, live) => releaseOwnership(ctx, live.id),
});
