import { GetResourceShareInvitationsCommand, GetResourceSharesCommand, RAMClient } from '@aws-sdk/client-ram';
import { CreateServiceNetworkCommand, VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { describe, expect, it } from 'vitest';
import type { DesiredResource } from '../../../core/types.js';
import { ClientFactory } from '../../../engine/clients.js';
import { Simulation } from '../../../sim/index.js';
import { simContext } from '../../test-context.js';
import { resourceShareReconciler as reconciler } from './index.js';

const scope = { account: '111111111111', region: 'us-east-1' };
const TENANT_A = '777777777777';
const TENANT_B = '888888888888';
let NETWORK_ARN = '';

function desired(principals: string[], acceptInvitationsIn: string[]): DesiredResource {
  const address = 'share/shared-data/resource-share/main';
  return {
    address,
    type: 'ram:resource-share',
    scope,
    spec: { name: 'shared-data', allowExternalPrincipals: true, resourceArns: [NETWORK_ARN], principals, acceptInvitationsIn },
    tags: { 'trellis:owner': 'trellis', 'trellis:address': address },
    source: { file: 'share.json', pointer: '/spec/principals' },
    deletionPolicy: 'Delete',
    ignoreDrift: [],
    mode: 'enforce',
  };
}

async function setup() {
  // Tenants outside the organization: their principal associations send invitations.
  const sim = new Simulation({ seed: 1, pageSize: 2, organizationAccounts: ['111111111111'] });
  const { ctx: base } = await simContext({}, scope, sim);
  const factory = new ClientFactory({ simulation: sim, assumeRole: { roleName: 'trellis' } });
  const ctx = { ...base, clientsIn: (other: typeof scope) => factory.forScope(other) };
  NETWORK_ARN = (await sim.client(VPCLatticeClient, scope).send(new CreateServiceNetworkCommand({ name: 'shared-data' }))).arn!;
  const pending = async (account: string) => {
    const ram = sim.client(RAMClient, { account, region: scope.region });
    const { resourceShareInvitations = [] } = await ram.send(new GetResourceShareInvitationsCommand({}));
    return resourceShareInvitations.map((invitation) => invitation.status);
  };
  return { sim, ctx, pending };
}

describe('resource share invitations (simulation)', () => {
  it('accepts the pending invitation in each reachable principal account as part of the create, and observes them accepted', async () => {
    const { ctx, pending } = await setup();
    const want = desired([TENANT_A, TENANT_B], [TENANT_A]);
    await reconciler.create(ctx, want, { clientToken: 'run-1' });
    expect(await pending(TENANT_A)).toEqual(['ACCEPTED']);
    // Not reachable (not in acceptInvitationsIn): left to its owner.
    expect(await pending(TENANT_B)).toEqual(['PENDING']);
    const [live] = await reconciler.observe(ctx);
    expect(live!.spec).toMatchObject({ acceptInvitationsIn: [TENANT_A] });
    // The reconciler-managed tag is spec, not a tag to diff.
    expect(live!.tags).not.toHaveProperty('trellis:accept-invitations');
    expect(reconciler.diff!(want, live!)).toEqual([]);
    // A retried create (same token) replays the share, and an accepted invitation is done.
    await reconciler.create(ctx, want, { clientToken: 'run-1' });
  });

  it('adds a tenant: associates the principal, then accepts its invitation, in one update', async () => {
    const { ctx, pending } = await setup();
    await reconciler.create(ctx, desired([TENANT_A], [TENANT_A]), { clientToken: 'run-1' });
    const want = desired([TENANT_A, TENANT_B], [TENANT_A, TENANT_B]);
    let [live] = await reconciler.observe(ctx);
    const changes = reconciler.diff!(want, live!);
    expect(changes.map((change) => change.path).sort()).toEqual(['acceptInvitationsIn', 'principals']);
    await reconciler.update(ctx, want, live!, changes);
    expect(await pending(TENANT_B)).toEqual(['ACCEPTED']);
    [live] = await reconciler.observe(ctx);
    expect(reconciler.diff!(want, live!)).toEqual([]);
  });

  it('needs no acceptance inside an organization with sharing enabled (no invitation exists)', async () => {
    const sim = new Simulation({ seed: 1, pageSize: 2 });
    const { ctx: base } = await simContext({}, scope, sim);
    const factory = new ClientFactory({ simulation: sim, assumeRole: { roleName: 'trellis' } });
    const ctx = { ...base, clientsIn: (other: typeof scope) => factory.forScope(other) };
    NETWORK_ARN = (await sim.client(VPCLatticeClient, scope).send(new CreateServiceNetworkCommand({ name: 'shared-data' }))).arn!;
    // The tenant is known to the simulation, hence in its organization.
    await sim.client(RAMClient, { account: TENANT_A, region: scope.region }).send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }));
    const want = { ...desired([TENANT_A], [TENANT_A]), spec: { ...desired([TENANT_A], [TENANT_A]).spec, allowExternalPrincipals: false } };
    await reconciler.create(ctx, want, { clientToken: 'run-1' });
    const [live] = await reconciler.observe(ctx);
    expect(reconciler.diff!(want, live!)).toEqual([]);
  });
});
