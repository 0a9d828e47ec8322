/**
 * VPC Lattice target groups of type IP, filled by ECS (the ECS service's `vpcLatticeConfigurations`):
 * trellis never registers or diffs targets.
 *
 * Idempotency: token-keyed. CreateTargetGroup takes `clientToken` (API_CreateTargetGroup;
 * docs/aws-behaviour.md §5a), always the engine's. Only the health check changes in place
 * (UpdateTargetGroup, §5f); name, type, port, protocol and VPC replace, create before delete: the name
 * carries a hash of those fields (`serviceAwsNames`), so the replacement has a name of its own (names are
 * unique per account, §5d), the old group is tagged `trellis:superseded`, the listener and the ECS service
 * move to the new one, and the old one is deleted after them. CREATE_IN_PROGRESS → ACTIVE through
 * `readiness` (one paginated ListTargetGroups for every waiting group of the scope).
 *
 * Observe (see `../observe.ts`): ⌈owned/100⌉ RGTA GetResources (`vpc-lattice:targetgroup`) + one
 * GetTargetGroup per owned group.
 *
 * Delete: AWS refuses a group a listener still forwards to (ConflictException, retried as a dependency:
 * the engine deletes or moves the listener first); the delete waits until the group is gone.
 */
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  GetTargetGroupCommand,
  ListTargetGroupsCommand,
  TagResourceCommand,
  UpdateTargetGroupCommand,
  VPCLatticeClient,
  type GetTargetGroupCommandOutput,
  type HealthCheckConfig,
} from '@aws-sdk/client-vpc-lattice';
import { canonicalJson, valueChange } from '../../../core/diff.js';
import type { FieldChange, ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler, observed } from '../../../core/resource-type.js';
import { TAG_ADDRESS, TAG_SUPERSEDED } from '../../../core/types.js';
import { applyTagChanges, findOwnedByAddress, GONE_STATUSES, LIST_PAGE_SIZE, listAll, observeOwned, readinessByArn, releaseOwnership, stillOwned, waitGone } from '../observe.js';
import { LATTICE_TARGET_GROUP, type LatticeHealthCheck, type LatticeTargetGroupSpec } from './type.js';

export const RGTA_TYPE = 'vpc-lattice:targetgroup';

/** The desired health check as CreateTargetGroup / UpdateTargetGroup take it. */
export function healthCheckInput(check: LatticeHealthCheck): HealthCheckConfig {
  if (!check.enabled) return { enabled: false };
  return {
    enabled: true,
    ...(check.path !== undefined ? { path: check.path } : {}),
    ...(check.intervalSeconds !== undefined ? { healthCheckIntervalSeconds: check.intervalSeconds } : {}),
    ...(check.timeoutSeconds !== undefined ? { healthCheckTimeoutSeconds: check.timeoutSeconds } : {}),
    ...(check.healthyThresholdCount !== undefined ? { healthyThresholdCount: check.healthyThresholdCount } : {}),
    ...(check.unhealthyThresholdCount !== undefined ? { unhealthyThresholdCount: check.unhealthyThresholdCount } : {}),
  };
}

/** A live health check as the spec holds it; AWS fills defaults for what a create left out. */
function observedHealthCheck(check: HealthCheckConfig | undefined): LatticeHealthCheck {
  return {
    enabled: check?.enabled !== false,
    ...(check?.path !== undefined ? { path: check.path } : {}),
    ...(check?.healthCheckIntervalSeconds !== undefined ? { intervalSeconds: check.healthCheckIntervalSeconds } : {}),
    ...(check?.healthCheckTimeoutSeconds !== undefined ? { timeoutSeconds: check.healthCheckTimeoutSeconds } : {}),
    ...(check?.healthyThresholdCount !== undefined ? { healthyThresholdCount: check.healthyThresholdCount } : {}),
    ...(check?.unhealthyThresholdCount !== undefined ? { unhealthyThresholdCount: check.unhealthyThresholdCount } : {}),
  };
}

/**
 * The health check differs when it is switched the other way, or (enabled) in a field the desired one
 * sets; the settings of a disabled check, and defaults AWS filled in, are not drift.
 */
export function healthCheckChange(desired: LatticeHealthCheck, live: LatticeHealthCheck | undefined): FieldChange | undefined {
  const have = live ?? { enabled: true };
  const same = desired.enabled
    ? have.enabled && Object.entries(desired).every(([key, value]) => canonicalJson((have as unknown as Record<string, unknown>)[key]) === canonicalJson(value))
    : !have.enabled;
  return same ? undefined : { path: 'healthCheck', from: have, to: desired, replace: false };
}

export function observedTargetGroup(g: GetTargetGroupCommandOutput, tags: Record<string, string>, scope: ReconcilerContext['scope']) {
  const arn = g.arn ?? '';
  return observed(LATTICE_TARGET_GROUP, {
    scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec: {
      name: g.name,
      type: g.type as LatticeTargetGroupSpec['type'],
      port: g.config?.port,
      protocol: g.config?.protocol as LatticeTargetGroupSpec['protocol'],
      vpcIdentifier: g.config?.vpcIdentifier,
      healthCheck: observedHealthCheck(g.config?.healthCheck),
    },
    outputs: { arn, id: g.id ?? '' },
    references: g.config?.vpcIdentifier ? [g.config.vpcIdentifier] : [],
  });
}

async function get(ctx: ReconcilerContext, arn: string, tags: Record<string, string>) {
  const g = await ctx.clients.get(VPCLatticeClient).send(new GetTargetGroupCommand({ targetGroupIdentifier: arn }));
  return GONE_STATUSES.has(g.status ?? '') ? undefined : observedTargetGroup(g, tags, ctx.scope);
}

async function listOwn(ctx: ReconcilerContext) {
  const client = ctx.clients.get(VPCLatticeClient);
  return listAll((nextToken) => client.send(new ListTargetGroupsCommand({ maxResults: LIST_PAGE_SIZE, nextToken })));
}

export const latticeTargetGroupReconciler = defineReconciler({
  type: LATTICE_TARGET_GROUP,
  idempotency: 'token',
  replacement: 'createBeforeDelete',
  dependsOn: ['ec2:vpc'],
  replaceFields: ['name', 'type', 'port', 'protocol', 'vpcIdentifier'],

  observe: (ctx) => observeOwned(ctx, RGTA_TYPE, (arn, tags) => get(ctx, arn, tags)),
  findByAddress: (ctx, address) => findOwnedByAddress(ctx, address, async () => (await listOwn(ctx)).flatMap((g) => g.arn ?? []), (arn, tags) => get(ctx, arn, tags)),

  diff(desired, live) {
    const { spec } = desired;
    return [
      valueChange('name', spec.name, live.spec.name, true),
      valueChange('type', spec.type, live.spec.type, true),
      valueChange('port', spec.port, live.spec.port, true),
      valueChange('protocol', spec.protocol, live.spec.protocol, true),
      valueChange('vpcIdentifier', spec.vpcIdentifier, live.spec.vpcIdentifier, true),
      healthCheckChange(spec.healthCheck, live.spec.healthCheck),
    ].filter((change): change is FieldChange => change !== undefined);
  },

  async create(ctx, desired, { clientToken }) {
    const { spec } = desired;
    const out = await ctx.clients.get(VPCLatticeClient).send(
      new CreateTargetGroupCommand({
        name: spec.name,
        type: spec.type,
        config: { port: spec.port, protocol: spec.protocol, vpcIdentifier: spec.vpcIdentifier, healthCheck: healthCheckInput(spec.healthCheck) },
        tags: { ...desired.tags },
        clientToken,
      }),
    );
    if (!out.arn || !out.id) throw new Error('CreateTargetGroup returned no ARN');
    return { id: out.arn, outputs: { arn: out.arn, id: out.id } };
  },

  readiness: {
    async check(ctx, ids) {
      return readinessByArn(await listOwn(ctx), ids);
    },
  },

  async update(ctx, desired, live, changes) {
    if (changes.some((change) => change.path === 'healthCheck')) {
      const client = ctx.clients.get(VPCLatticeClient);
      await ctx.retry('update health check', () =>
        client.send(new UpdateTargetGroupCommand({ targetGroupIdentifier: live.id, healthCheck: healthCheckInput(desired.spec.healthCheck) })),
      );
    }
    await applyTagChanges(ctx, live.id, changes);
  },

  async supersede(ctx, live, runId) {
    const client = ctx.clients.get(VPCLatticeClient);
    await ctx.retry('supersede', () => client.send(new TagResourceCommand({ resourceArn: live.id, tags: { [TAG_SUPERSEDED]: runId } })));
  },

  async delete(ctx, live) {
    // Owned by the tagging API's view; confirmed now, as that view lags (`stillOwned`).
    if (!(await stillOwned(ctx, live.id))) return;
    const client = ctx.clients.get(VPCLatticeClient);
    await client.send(new DeleteTargetGroupCommand({ targetGroupIdentifier: live.id }));
    await waitGone(ctx, `Lattice target group ${live.id}`, () => client.send(new GetTargetGroupCommand({ targetGroupIdentifier: live.id })));
  },

  release: (ctx, live) => releaseOwnership(ctx, live.id),
});
