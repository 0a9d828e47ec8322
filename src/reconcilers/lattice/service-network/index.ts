/**
 * VPC Lattice service networks, with their auth policy as a sub-object (PutAuthPolicy / DeleteAuthPolicy).
 *
 * Idempotency: token-keyed. CreateServiceNetwork takes `clientToken` ("If you retry a request that
 * completed successfully using the same client token and parameters, the retry succeeds without
 * performing any actions", API_CreateServiceNetwork); the JS SDK fills a fresh UUID on every send
 * unless one is passed (docs/aws-behaviour.md §5a), so the engine's per-run token is always passed.
 * The creating call sets name, auth type and tags; the auth policy (PutAuthPolicy, a PUT upsert without
 * token) is converged by the engine through `update` right after.
 *
 * Observe (see `../observe.ts`): ⌈owned/100⌉ RGTA GetResources + per owned network one
 * GetServiceNetwork and one GetAuthPolicy (ResourceNotFoundException: no policy) — 2n + pages.
 *
 * Auth policy: compared semantically (`src/core/policy.ts`); AWS enforces it only with `AWS_IAM`
 * (AuthPolicyState Inactive under NONE, API_GetAuthPolicy), which the Share kind's checks require.
 * Delete: AWS refuses a network that still has associations (409 ConflictException, in the error
 * table as dependencyPending): the engine deletes the associations first and retries.
 */
import {
  CreateServiceNetworkCommand,
  DeleteAuthPolicyCommand,
  DeleteServiceNetworkCommand,
  GetAuthPolicyCommand,
  GetServiceNetworkCommand,
  ListServiceNetworksCommand,
  PutAuthPolicyCommand,
  UpdateServiceNetworkCommand,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import type { ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler } from '../../../core/resource-type.js';
import { applyTagChanges, findOwnedByAddress, isLatticeNotFound, LIST_PAGE_SIZE, listAll, observeOwned, releaseOwnership, stillOwned } from '../observe.js';
import { authPolicyText, createServiceNetworkInput, diffServiceNetwork, observedServiceNetwork, parseAuthPolicy } from './sdk.js';
import { SERVICE_NETWORK } from './type.js';

/** RGTA resource type (Resource Groups Tagging API supported resources: `vpc-lattice:servicenetwork`). */
const RGTA_TYPE = 'vpc-lattice:servicenetwork';

async function authPolicyOf(ctx: ReconcilerContext, arn: string) {
  try {
    const out = await ctx.clients.get(VPCLatticeClient).send(new GetAuthPolicyCommand({ resourceIdentifier: arn }));
    return parseAuthPolicy(out.policy);
  } catch (error) {
    // A network without an auth policy answers ResourceNotFoundException.
    if (isLatticeNotFound(error)) return null;
    throw error;
  }
}

async function get(ctx: ReconcilerContext, arn: string, tags: Record<string, string>) {
  const network = await ctx.clients.get(VPCLatticeClient).send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: arn }));
  return observedServiceNetwork(network, await authPolicyOf(ctx, arn), tags, ctx.scope);
}

async function listArns(ctx: ReconcilerContext): Promise<string[]> {
  const client = ctx.clients.get(VPCLatticeClient);
  const items = await listAll((nextToken) => client.send(new ListServiceNetworksCommand({ maxResults: LIST_PAGE_SIZE, nextToken })));
  return items.flatMap((item) => item.arn ?? []);
}

export const serviceNetworkReconciler = defineReconciler({
  type: SERVICE_NETWORK,
  idempotency: 'token',
  dependsOn: [],
  replaceFields: ['name'],

  observe: (ctx) => observeOwned(ctx, RGTA_TYPE, (arn, tags) => get(ctx, arn, tags)),
  findByAddress: (ctx, address) => findOwnedByAddress(ctx, address, () => listArns(ctx), (arn, tags) => get(ctx, arn, tags)),
  diff: diffServiceNetwork,

  async create(ctx, desired, { clientToken }) {
    const out = await ctx.clients.get(VPCLatticeClient).send(new CreateServiceNetworkCommand(createServiceNetworkInput(desired, clientToken)));
    if (!out.arn || !out.id) throw new Error('CreateServiceNetwork returned no ARN');
    return {
      id: out.arn,
      outputs: { arn: out.arn, id: out.id, name: out.name ?? desired.spec.name },
      // No policy yet: the engine puts it through `update`.
      spec: { name: desired.spec.name, authType: desired.spec.authType, authPolicy: null },
    };
  },

  async update(ctx, desired, observed, changes) {
    const client = ctx.clients.get(VPCLatticeClient);
    const paths = new Set(changes.map((change) => change.path));
    const serviceNetworkIdentifier = observed.id;
    if (paths.has('authType')) {
      await ctx.retry('update auth type', () => client.send(new UpdateServiceNetworkCommand({ serviceNetworkIdentifier, authType: desired.spec.authType })));
    }
    if (paths.has('authPolicy')) {
      const policy = desired.spec.authPolicy;
      if (policy === null) {
        await ctx.retry('delete auth policy', () => client.send(new DeleteAuthPolicyCommand({ resourceIdentifier: serviceNetworkIdentifier })));
      } else {
        await ctx.retry('put auth policy', () =>
          client.send(new PutAuthPolicyCommand({ resourceIdentifier: serviceNetworkIdentifier, policy: authPolicyText(policy) })),
        );
      }
    }
    await applyTagChanges(ctx, observed.id, changes);
  },

  async delete(ctx, observed) {
    // Owned by the tagging API's view; confirmed now, as that view lags (`stillOwned`).
    if (!(await stillOwned(ctx, observed.id))) return;
    // The auth policy goes with the network.
    await ctx.clients.get(VPCLatticeClient).send(new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: observed.id }));
  },

  release: (ctx, observed) => releaseOwnership(ctx, observed.id),
});
