/**
 * VPC Lattice resource configurations: one resource (DNS name, IP address or ARN) behind a resource
 * gateway. Token-keyed (CreateResourceConfiguration takes `clientToken`). Type `SINGLE` for a DNS name
 * or an IP address, `ARN` for an ARN resource (API_CreateResourceConfiguration, `type`). The definition
 * and port ranges change in place (UpdateResourceConfiguration); name and gateway replace. A delete
 * waits until the configuration is gone (its gateway refuses to go before).
 *
 * Observe (see `../observe.ts`): ⌈owned/100⌉ RGTA GetResources + one GetResourceConfiguration per owned one.
 */
import {
  CreateResourceConfigurationCommand,
  DeleteResourceConfigurationCommand,
  GetResourceConfigurationCommand,
  ListResourceConfigurationsCommand,
  UpdateResourceConfigurationCommand,
  VPCLatticeClient,
  type ResourceConfigurationDefinition,
} from '@aws-sdk/client-vpc-lattice';
import { setChange, valueChange } from '../../../core/diff.js';
import type { FieldChange, ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler, observed } from '../../../core/resource-type.js';
import { TAG_ADDRESS } from '../../../core/types.js';
import { RESOURCE_GATEWAY } from '../resource-gateway/type.js';
import { applyTagChanges, findOwnedByAddress, GONE_STATUSES, LIST_PAGE_SIZE, listAll, observeOwned, releaseOwnership, stillOwned, waitGone } from '../observe.js';
import { RESOURCE_CONFIGURATION, type ResourceConfigurationSpec } from './type.js';

const RGTA_TYPE = 'vpc-lattice:resourceconfiguration';

export function toDefinition(definition: ResourceConfigurationSpec['definition']): ResourceConfigurationDefinition {
  if (definition.dnsName !== undefined) return { dnsResource: { domainName: definition.dnsName, ipAddressType: 'IPV4' } };
  if (definition.ipAddress !== undefined) return { ipResource: { ipAddress: definition.ipAddress } };
  return { arnResource: { arn: definition.arn } };
}

export function fromDefinition(definition: ResourceConfigurationDefinition | undefined): ResourceConfigurationSpec['definition'] {
  if (definition?.dnsResource?.domainName !== undefined) return { dnsName: definition.dnsResource.domainName };
  if (definition?.ipResource?.ipAddress !== undefined) return { ipAddress: definition.ipResource.ipAddress };
  if (definition?.arnResource?.arn !== undefined) return { arn: definition.arnResource.arn };
  return {};
}

/** The gateway's ARN from the configuration's ARN and the gateway's ID (same account and region). */
function gatewayArn(configurationArn: string, gatewayId: string): string {
  return configurationArn.replace(/:resourceconfiguration\/.*$/, `:resourcegateway/${gatewayId}`);
}

async function get(ctx: ReconcilerContext, arn: string, tags: Record<string, string>) {
  const c = await ctx.clients.get(VPCLatticeClient).send(new GetResourceConfigurationCommand({ resourceConfigurationIdentifier: arn }));
  if (GONE_STATUSES.has(c.status ?? '')) return undefined;
  return observed(RESOURCE_CONFIGURATION, {
    scope: ctx.scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec: {
      name: c.name,
      resourceGatewayIdentifier: c.resourceGatewayId,
      definition: fromDefinition(c.resourceConfigurationDefinition),
      portRanges: [...(c.portRanges ?? [])].sort(),
      protocol: (c.protocol ?? 'TCP') as 'TCP',
    },
    outputs: { arn, id: c.id ?? '' },
    references: c.resourceGatewayId ? [gatewayArn(arn, c.resourceGatewayId)] : [],
  });
}

async function listOwn(ctx: ReconcilerContext) {
  const client = ctx.clients.get(VPCLatticeClient);
  return listAll((nextToken) => client.send(new ListResourceConfigurationsCommand({ maxResults: LIST_PAGE_SIZE, nextToken })));
}

export const resourceConfigurationReconciler = defineReconciler({
  type: RESOURCE_CONFIGURATION,
  idempotency: 'token',
  dependsOn: [RESOURCE_GATEWAY.name],
  replaceFields: ['name', 'resourceGatewayIdentifier', 'protocol'],

  observe: (ctx) => observeOwned(ctx, RGTA_TYPE, (arn, tags) => get(ctx, arn, tags)),
  findByAddress: async (ctx, address) =>
    findOwnedByAddress(ctx, address, async () => (await listOwn(ctx)).flatMap((c) => c.arn ?? []), (arn, tags) => get(ctx, arn, tags)),

  diff(desired, live) {
    return [
      valueChange('name', desired.spec.name, live.spec.name, true),
      valueChange('resourceGatewayIdentifier', desired.spec.resourceGatewayIdentifier, live.spec.resourceGatewayIdentifier, true),
      valueChange('definition', desired.spec.definition, live.spec.definition),
      setChange('portRanges', desired.spec.portRanges, live.spec.portRanges),
      valueChange('protocol', desired.spec.protocol, live.spec.protocol, true),
    ].filter((change): change is FieldChange => change !== undefined);
  },

  async create(ctx, desired, { clientToken }) {
    const isArn = desired.spec.definition.arn !== undefined;
    const out = await ctx.clients.get(VPCLatticeClient).send(
      new CreateResourceConfigurationCommand({
        name: desired.spec.name,
        type: isArn ? 'ARN' : 'SINGLE',
        resourceGatewayIdentifier: desired.spec.resourceGatewayIdentifier,
        resourceConfigurationDefinition: toDefinition(desired.spec.definition),
        ...(isArn ? {} : { portRanges: [...desired.spec.portRanges], protocol: desired.spec.protocol }),
        tags: { ...desired.tags },
        clientToken,
      }),
    );
    if (!out.arn || !out.id) throw new Error('CreateResourceConfiguration returned no ARN');
    return { id: out.arn, outputs: { arn: out.arn, id: out.id } };
  },

  async update(ctx, desired, live, changes) {
    const paths = new Set(changes.map((change) => change.path));
    if (paths.has('definition') || paths.has('portRanges')) {
      const client = ctx.clients.get(VPCLatticeClient);
      await ctx.retry('update resource configuration', () =>
        client.send(
          new UpdateResourceConfigurationCommand({
            resourceConfigurationIdentifier: live.id,
            ...(paths.has('definition') ? { resourceConfigurationDefinition: toDefinition(desired.spec.definition) } : {}),
            ...(paths.has('portRanges') ? { portRanges: [...desired.spec.portRanges] } : {}),
          }),
        ),
      );
    }
    await applyTagChanges(ctx, live.id, changes);
  },

  async delete(ctx, live) {
    // Owned by the tagging API's view; confirmed now, as that view lags (`stillOwned`).
    if (!(await stillOwned(ctx, live.id))) return;
    const client = ctx.clients.get(VPCLatticeClient);
    await client.send(new DeleteResourceConfigurationCommand({ resourceConfigurationIdentifier: live.id }));
    await waitGone(ctx, `resource configuration ${live.id}`, () =>
      client.send(new GetResourceConfigurationCommand({ resourceConfigurationIdentifier: live.id })),
    );
  },

  release: (ctx, live) => releaseOwnership(ctx, live.id),
});
