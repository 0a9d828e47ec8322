/**
 * The example Share on moto with `--target aws`: test/shares.e2e.test.ts as far as moto can run it.
 * moto's VPC Lattice is partial (docs/conformance.md M12–M14: the tagging API never finds a service
 * network by its type — trellis asks for the bare `vpc-lattice` since issue 11, so that no longer
 * matters —, identifiers by ARN are unknown, no deletes, no resource gateways or configurations) and its RAM has neither tags (M3) nor invitations (M15); its CloudTrail starts and
 * stops logging by name only (M16). So the Share here is the example's service network with its auth
 * policy and its two tenants' roles (the trail has a scenario of its own),
 * in the example's accounts (resource-owner, tenant-a, tenant-b: all through AssumeRole); what moto
 * cannot do is asserted as its gap, not skipped.
 */
import { CloudTrailClient, GetTrailStatusCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { IAMClient, ListRolesCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { ListServiceNetworksCommand, VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { expect, it } from 'vitest';
import type { ReconcileResult } from '../../src/engine/index.js';
import { cite, GAPS, SERVICE_FILES } from './gaps.js';
import { awsRun, createBucket, describeMoto, MOTO_ACCOUNTS, motoWorkspace, outOfBand, motoSuite } from './harness.js';

const OWNER = '666666666666';
const TENANT_A = '777777777777';
const TENANT_B = '888888888888';
const BUCKET = 'resource-owner-cloudtrail-logs';
const NETWORK_ADDRESS = 'share/shared-data/service-network/main';

function notNoop(result: ReconcileResult): Record<string, string[]> {
  return Object.fromEntries(
    result.plan.changes.filter((change) => change.action !== 'noop').map((change) => [change.address, [change.action, ...change.diff.map((d) => d.path)]]),
  );
}

describeMoto('the example Share on moto (--target aws)', () => {
  const suite = motoSuite(async () => {
    const workspace = await motoWorkspace({ set: 'all', accounts: [...MOTO_ACCOUNTS, 'resource-owner', 'tenant-a', 'tenant-b'] });
    // without its VPC associations (M13) the Share needs no Network: leaving it out saves a converge of 25 resources per test
    for (const file of [...SERVICE_FILES, 'network.json']) await workspace.remove(file);
    await workspace.edit('share.json', (share) => {
      // M13 (a VPC association names its service network by ARN), M14 (no resource gateways or
      // configurations), M3/M15 (no RAM tags, no invitations: principals need the share)
      delete share.spec.vpcAssociations;
      delete share.spec.resources;
      delete share.spec.principals;
      delete share.spec.allowExternalPrincipals;
      // M16 (StartLogging and StopLogging by ARN): its own scenario below
      delete share.spec.audit;
    });
    return workspace;
  });
  const { wire } = suite;

  const run = (allowDeletions?: number) => awsRun(suite.workspace.dir, allowDeletions === undefined ? {} : { allowDeletions });
  const plan = () => awsRun(suite.workspace.dir, { dryRun: true });

  it('converges from empty (tenant roles in their accounts); a second run is noop, the service network included', async () => {
    const first = await run();
    expect(first.applied?.failures).toEqual([]);
    expect(Object.keys(notNoop(first)).filter((address) => address.startsWith('share/')).sort()).toEqual([
      'share/shared-data/role/TeamA',
      'share/shared-data/role/TeamB',
      NETWORK_ADDRESS,
    ]);
    for (const [account, role] of [
      [TENANT_A, 'TeamA'],
      [TENANT_B, 'TeamB'],
    ] as const) {
      const { Roles = [] } = await (await outOfBand(IAMClient, account)).send(new ListRolesCommand({ PathPrefix: '/trellis/' }));
      expect(Roles.map((r) => r.RoleName)).toEqual([role]);
    }
    // The service network was created with its tags; GetResources by its type finds nothing (M12), the
    // bare service does — which is what trellis's one shared listing asks for (src/reconcilers/tagging.ts).
    const tagging = await outOfBand(ResourceGroupsTaggingAPIClient, OWNER);
    const byType = await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['vpc-lattice:servicenetwork'] }));
    expect(byType.ResourceTagMappingList ?? []).toEqual([]);
    const { ResourceTagMappingList: byService = [] } = await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['vpc-lattice'] }));
    expect(byService.map((mapping) => mapping.Tags?.find((tag) => tag.Key === 'trellis:address')?.Value)).toEqual([NETWORK_ADDRESS]);

    wire.reset();
    const second = await run();
    expect(second.applied?.failures).toEqual([]);
    expect(notNoop(second)).toEqual({});
    expect(wire.mutating()).toEqual([]);
    const { items = [] } = await (await outOfBand(VPCLatticeClient, OWNER)).send(new ListServiceNetworksCommand({}));
    expect(items).toHaveLength(1);
  });

  it('shows drift made under another identity and repairs it: a tenant tag changed', async () => {
    expect((await run()).applied?.failures).toEqual([]);
    await (await outOfBand(IAMClient, TENANT_A)).send(new TagRoleCommand({ RoleName: 'TeamA', Tags: [{ Key: 'team', Value: 'TeamB' }] }));

    wire.reset();
    const planned = await plan();
    expect(wire.mutating()).toEqual([]);
    expect(notNoop(planned)).toEqual({
      'share/shared-data/role/TeamA': ['update', 'tags.team'],
    });
    expect((await run()).applied?.failures).toEqual([]);
    expect(notNoop(await plan())).toEqual({});
  });

  it('removing a tenant deletes its role (the account then holds nothing: the deletion is acknowledged)', async () => {
    expect((await run()).applied?.failures).toEqual([]);
    await suite.workspace.edit('share.json', (share) => {
      share.spec.tenants = (share.spec.tenants as { name: string }[]).filter((tenant) => tenant.name !== 'TeamB');
    });
    const refused = await run();
    expect(refused.plan.refusals.map((refusal) => refusal.message)).toEqual([expect.stringMatching(/in 888888888888\/(us-east-1|global)|888888888888/)]);
    const result = await run(1);
    expect(result.applied?.failures).toEqual([]);
    expect(notNoop(result)).toEqual({ 'share/shared-data/role/TeamB': ['delete'] });
    expect((await (await outOfBand(IAMClient, TENANT_B)).send(new ListRolesCommand({ PathPrefix: '/trellis/' }))).Roles ?? []).toEqual([]);
    expect(notNoop(await plan())).toEqual({});
  });

  it('removing the Share deletes the roles; the service network trellis sees but cannot delete (M14) stays', async () => {
    expect((await run()).applied?.failures).toEqual([]);
    await suite.workspace.remove('share.json');
    // moto has no DeleteServiceNetwork (M14): a 5xx would be retried 8 times with backoff, two show it
    const result = await awsRun(suite.workspace.dir, { allowDeletions: 3, callRetry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 } });
    const deletes = result.plan.changes.filter((change) => change.action === 'delete').map((change) => change.address);
    expect(deletes.sort()).toEqual([NETWORK_ADDRESS, 'share/shared-data/role/TeamA', 'share/shared-data/role/TeamB'].sort());
    console.warn(`the service network is left: ${cite(GAPS.latticeCalls)}`);
    expect(result.applied?.failures.map((failure) => failure.address)).toEqual([NETWORK_ADDRESS]);
    for (const account of [TENANT_A, TENANT_B]) {
      expect((await (await outOfBand(IAMClient, account)).send(new ListRolesCommand({ PathPrefix: '/trellis/' }))).Roles ?? []).toEqual([]);
    }
    const { items = [] } = await (await outOfBand(VPCLatticeClient, OWNER)).send(new ListServiceNetworksCommand({}));
    expect(items.map((item) => item.name)).toEqual(['shared-data']);
    // what is left is that delete only, withheld now without --allow-deletions (nothing is desired in its scope)
    const after = await plan();
    expect(Object.keys(notNoop(after)).filter((address) => address.startsWith('share/'))).toEqual([]);
    expect(after.plan.refusals.flatMap((refusal) => refusal.withheld.map((change) => change.address))).toEqual([NETWORK_ADDRESS]);
  });

  it('the audit trail is created, but moto cannot start its logging by ARN (M16)', async () => {
    await suite.workspace.edit('share.json', (share) => {
      share.spec.audit = { trail: { name: 'shared-data-audit', bucket: BUCKET, multiRegion: true, logFileValidation: true } };
    });
    // the trail's bucket exists beforehand, as on AWS (CreateTrail: S3BucketDoesNotExistException)
    await createBucket(OWNER, BUCKET);
    // StartLogging answers 500, which the call layer retries 8 times with backoff: two show the gap
    const result = await awsRun(suite.workspace.dir, { callRetry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 } });
    console.warn(cite(GAPS.trailByArn));
    expect(result.applied?.failures.map((failure) => [failure.address, failure.message])).toEqual([
      ['share/shared-data/trail/audit', expect.stringMatching(/create failed: CloudTrail StartLogging: .*not valid JSON/s)],
    ]);
    expect(wire.calls.filter((call) => call.operation === 'StartLogging').map((call) => [call.status, JSON.parse(call.body).Name])).toEqual([
      [500, `arn:aws:cloudtrail:us-east-1:${OWNER}:trail/shared-data-audit`],
      [500, `arn:aws:cloudtrail:us-east-1:${OWNER}:trail/shared-data-audit`],
    ]);
    // by name, as an operator would, it starts
    const cloudtrail = await outOfBand(CloudTrailClient, OWNER);
    await cloudtrail.send(new StartLoggingCommand({ Name: 'shared-data-audit' }));
    expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: 'shared-data-audit' }))).IsLogging).toBe(true);
  });
});
