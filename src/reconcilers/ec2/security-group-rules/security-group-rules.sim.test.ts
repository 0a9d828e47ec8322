/** The security group and rules reconcilers against the simulation, through the real SDK and engine retries. */
import type { EC2ServiceException } from '@aws-sdk/client-ec2';
import { CreateVpcCommand, DeleteSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { simContext } from '../../test-context.js';
import { diffResource } from '../../../core/diff.js';
import type { DesiredResource } from '../../../core/types.js';
import { securityGroupReconciler } from '../security-group/index.js';
import { securityGroupRulesReconciler } from './index.js';
import type { Rule } from './sdk.js';

const scope = { account: '111111111111', region: 'eu-west-1' };

async function setup() {
  const { sim, ctx } = await simContext({}, scope);
  const ec2 = ctx.clients.get(EC2Client);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  return { sim, ctx, ec2, vpcId };
}

function resource(address: string, type: string, spec: Record<string, unknown>): DesiredResource {
  return {
    address,
    type,
    scope,
    spec,
    tags: { Name: address, 'trellis:owner': 'trellis', 'trellis:address': address },
    source: { file: 'net.json', pointer: '/spec/securityGroups/0' },
    deletionPolicy: 'Delete',
    ignoreDrift: [],
    mode: 'enforce',
  };
}

const group = (name: string, vpcId: string) =>
  resource(`network/core/security-group/${name}`, 'ec2:security-group', { vpcId, groupName: `core-${name}`, description: `${name} tier` });
const rules = (name: string, groupId: string, ingress: Rule[], egress: Rule[] = []) =>
  resource(`network/core/security-group-rules/${name}`, 'ec2:security-group-rules', { groupId, ingress, egress });

describe('security groups and their rules against the simulation', () => {
  it('creates two groups that allow each other, converges, updates narrowly and deletes in order', async () => {
    const { sim, ctx, ec2, vpcId } = await setup();
    const web = await securityGroupReconciler.create(ctx, group('web', vpcId), { clientToken: 't1' });
    const db = await securityGroupReconciler.create(ctx, group('db', vpcId), { clientToken: 't2' });
    const webRules = rules('web', web.id, [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '10.0.0.0/16', description: 'HTTPS' }], [
      { protocol: 'tcp', fromPort: 5432, toPort: 5432, securityGroupId: db.id },
    ]);
    const dbRules = rules('db', db.id, [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, securityGroupId: web.id }]);
    await securityGroupRulesReconciler.create(ctx, webRules, { clientToken: 't3' });
    await securityGroupRulesReconciler.create(ctx, dbRules, { clientToken: 't4' });

    const groups = await securityGroupReconciler.observe(ctx);
    expect(groups.map((g) => g.address).sort()).toEqual(['network/core/security-group/db', 'network/core/security-group/web']);
    for (const observedGroup of groups) {
      const desired = observedGroup.id === web.id ? group('web', vpcId) : group('db', vpcId);
      expect(diffResource(securityGroupReconciler, desired, observedGroup)).toEqual([]);
    }
    const observed = await securityGroupRulesReconciler.observe(ctx);
    const liveWeb = observed.find((r) => r.address === webRules.address)!;
    const liveDb = observed.find((r) => r.address === dbRules.address)!;
    // AWS's default egress went (not declared), the declared rules are there: nothing left to do.
    expect(diffResource(securityGroupRulesReconciler, webRules, liveWeb)).toEqual([]);
    expect(diffResource(securityGroupRulesReconciler, dbRules, liveDb)).toEqual([]);
    expect(liveWeb.references).toEqual([web.id, db.id]);

    // Update: one rule added, one description changed, nothing else touched.
    const changed = rules('web', web.id, [
      { protocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '10.0.0.0/16', description: 'HTTPS from the VPC' },
      { protocol: 'tcp', fromPort: 80, toPort: 80, cidrIpv4: '10.0.0.0/16' },
    ], webRules.spec.egress as Rule[]);
    const diff = diffResource(securityGroupRulesReconciler, changed, liveWeb);
    expect(diff.map((c) => c.path)).toEqual(['ingress']);
    sim.calls.reset();
    await securityGroupRulesReconciler.update(ctx, changed, liveWeb, diff);
    expect(sim.calls.mutatingOperations()).toEqual({ 'EC2:AuthorizeSecurityGroupIngress': 1, 'EC2:UpdateSecurityGroupRuleDescriptionsIngress': 1 });
    const afterUpdate = (await securityGroupRulesReconciler.findByAddress(ctx, webRules.address))[0]!;
    expect(diffResource(securityGroupRulesReconciler, changed, afterUpdate)).toEqual([]);

    // The groups reference each other: neither can go before the rules are revoked.
    const blocked = await ec2.send(new DeleteSecurityGroupCommand({ GroupId: web.id })).catch((e: unknown) => e);
    expect((blocked as EC2ServiceException).name).toBe('DependencyViolation');
    await securityGroupRulesReconciler.delete(ctx, afterUpdate);
    await securityGroupRulesReconciler.delete(ctx, liveDb);
    for (const observedGroup of groups) await securityGroupReconciler.delete(ctx, observedGroup);
    expect(await securityGroupReconciler.observe(ctx)).toEqual([]);
    expect(await securityGroupRulesReconciler.observe(ctx)).toEqual([]);
  });

  it('adopts its own group when a create is replayed, and refuses a foreign one', async () => {
    const { ctx, vpcId } = await setup();
    const first = await securityGroupReconciler.create(ctx, group('web', vpcId), { clientToken: 't1' });
    const again = await securityGroupReconciler.create(ctx, group('web', vpcId), { clientToken: 't1' });
    expect(again.id).toBe(first.id);
    const [live] = await securityGroupReconciler.observe(ctx);
    const retagged = { ...group('web', vpcId), tags: { ...group('web', vpcId).tags, team: 'platform' } };
    await securityGroupReconciler.update(ctx, retagged, live!, diffResource(securityGroupReconciler, retagged, live!));
    expect(diffResource(securityGroupReconciler, retagged, (await securityGroupReconciler.observe(ctx))[0]!)).toEqual([]);
    const impostor = { ...group('web', vpcId), address: 'network/other/security-group/web' };
    await expect(securityGroupReconciler.create(ctx, impostor, { clientToken: 't2' })).rejects.toThrow(/is not network\/other\/security-group\/web/);
  });
});
