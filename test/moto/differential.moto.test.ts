/**
 * The differential check: the unedited example manifests reconciled on the simulation and on moto
 * produce the same inventory (types, counts, addresses, the spec fields trellis manages, IDs masked),
 * so a belief the simulation encodes and moto contradicts fails here. Every difference moto makes is
 * one documented gap (./gaps.ts): each tolerance below is applied, and each is checked to still be
 * needed, so a moto that closes a gap, or a new difference, fails the test.
 */
import { expect, it } from 'vitest';
import { engineRun, simulation } from '../helpers.js';
import type { SimOptions } from '../../src/sim/index.js';
import { cite, GAPS, type Gap, SERVICE_FILES, servicesAsMotoRunsThem, TOLERATED_RESOURCES, withoutGappedParts } from './gaps.js';
import { awsRun, describeMoto, MOTO_NETWORK_ACCOUNT, motoWorkspace, motoSuite } from './harness.js';
import { differences, inventory, type Inventory } from './inventory.js';

const RESOURCES = 26;

/**
 * Every account of the example config: the unedited Network shares its subnets with five of them
 * (spec.shareWith), the Share's tenants live in two more.
 */
const EXAMPLE_ACCOUNTS = ['network', 'api-service', 'user-service', 'api-consumer', 'user-consumer', 'resource-owner', 'tenant-a', 'tenant-b'];

interface RuleSpec {
  securityGroupId?: string;
  prefixListId?: string;
  description?: string;
}

/** Applies `edit` to every ingress and egress rule of every security-group-rules entry. */
function editRules(inv: Inventory, edit: (rule: RuleSpec) => RuleSpec): Inventory {
  return Object.fromEntries(
    Object.entries(inv).map(([key, spec]) => {
      if (!key.includes(' ec2:security-group-rules ')) return [key, spec];
      const rules = spec as { ingress: RuleSpec[]; egress: RuleSpec[] };
      return [key, { ...rules, ingress: rules.ingress.map(edit), egress: rules.egress.map(edit) }];
    }),
  );
}

/** What each gap's tolerance does to an inventory (both sides, so the simulation's AWS behaviour is unaffected). */
interface Tolerance {
  readonly gap: Gap;
  readonly apply: (inv: Inventory) => Inventory;
}

const TOLERANCES: readonly Tolerance[] = [
  // M1 (no GroupOwnerId) needs no tolerance since issue 10: trellis names a rule's peer group without
  // its owner, so the missing field changes nothing trellis reads (gaps.moto.test.ts still probes it).
  {
    gap: GAPS.sgPeerDescription,
    apply: (inv) =>
      editRules(inv, (rule) => {
        if (rule.securityGroupId === undefined && rule.prefixListId === undefined) return rule;
        const { description: _description, ...rest } = rule;
        return rest;
      }),
  },
  {
    gap: GAPS.gatewayEndpointPrivateDns,
    apply: (inv) =>
      Object.fromEntries(
        Object.entries(inv).map(([key, spec]) => {
          const endpoint = spec as { vpcEndpointType?: string; privateDnsEnabled?: boolean };
          if (endpoint.vpcEndpointType !== 'Gateway') return [key, spec];
          const { privateDnsEnabled: _privateDnsEnabled, ...rest } = endpoint;
          return [key, rest];
        }),
      ),
  },
  {
    // without tags the share has no trellis:address and is not trellis's (and cannot be associated)
    gap: GAPS.ramTags,
    apply: (inv) => Object.fromEntries(Object.entries(inv).filter(([key]) => !key.includes(' ram:resource-share '))),
  },
];

const gatewayEndpointPrivateDns = TOLERANCES.find(({ gap }) => gap === GAPS.gatewayEndpointPrivateDns)!;

/**
 * A Service's group has one egress rule to 0.0.0.0/0 described "All egress": trellis describes the
 * rule AWS creates with the group by rule ID, which moto ignores (M8), so moto's has no description.
 */
const serviceEgressDescription: Tolerance = {
  gap: GAPS.ruleDescriptionsById,
  apply: (inv) =>
    Object.fromEntries(
      Object.entries(inv).map(([key, spec]) => {
        if (!/ ec2:security-group-rules service\//.test(key)) return [key, spec];
        const rules = spec as { ingress: RuleSpec[]; egress: RuleSpec[] };
        return [key, { ...rules, egress: rules.egress.map(({ description: _description, ...rule }) => rule) }];
      }),
    ),
};

// M12 (moto's tagging API never lists a service network by its type) needs no tolerance since issue 11:
// trellis lists with the bare `vpc-lattice` filter and tells the types apart by ARN (src/reconcilers/tagging.ts).

describeMoto('the same manifests on the simulation and on moto', () => {
  const suite = motoSuite(() => motoWorkspace({ set: 'all', accounts: EXAMPLE_ACCOUNTS }));

  /**
   * Reconciles the workspace on a fresh simulation and on moto, then compares the observed
   * inventories under `tolerances`, and checks each tolerance is still needed.
   */
  async function compare(tolerances: readonly Tolerance[], resources: number, simOptions: SimOptions = {}): Promise<void> {
    const sim = simulation({ callerAccount: MOTO_NETWORK_ACCOUNT, ...simOptions });
    const onSim = await engineRun(suite.workspace.dir, sim);
    expect(onSim.applied?.failures).toEqual([]);
    const onMoto = await awsRun(suite.workspace.dir);
    expect(onMoto.applied?.failures).toEqual([]);
    expect(onMoto.applied?.outcomes).toHaveLength(resources);

    const simInventory = inventory((await engineRun(suite.workspace.dir, sim, { dryRun: true })).observed);
    const motoInventory = inventory((await awsRun(suite.workspace.dir, { dryRun: true })).observed);
    expect(Object.keys(simInventory)).toHaveLength(resources);

    const tolerate = (inv: Inventory, except?: Gap) => tolerances.filter(({ gap }) => gap !== except).reduce((acc, { apply }) => apply(acc), inv);
    expect(differences(tolerate(simInventory), tolerate(motoInventory))).toEqual([]);
    // each tolerance is still needed: without it, moto differs
    for (const { gap } of tolerances) {
      expect(differences(tolerate(simInventory, gap), tolerate(motoInventory, gap)), `${cite(gap)} seems closed: drop its tolerance`).not.toEqual([]);
    }
  }

  it('the example Network: the same inventory, but for the documented moto gaps', async () => {
    for (const file of [...SERVICE_FILES, 'share.json']) await suite.workspace.remove(file);
    await compare(TOLERANCES, RESOURCES);
  });

  it('the example Services as moto runs them: the same inventory, but for the documented moto gaps', async () => {
    await suite.workspace.remove('share.json');
    await withoutGappedParts(suite.workspace);
    await servicesAsMotoRunsThem(suite.workspace);
    await compare([gatewayEndpointPrivateDns, serviceEgressDescription], TOLERATED_RESOURCES + 4 * 7);
  });

  it('the example Share as moto runs it: the same inventory, but for the documented moto gaps', async () => {
    for (const file of [...SERVICE_FILES, 'network.json']) await suite.workspace.remove(file);
    await suite.workspace.edit('share.json', (share) => {
      for (const key of ['vpcAssociations', 'resources', 'principals', 'allowExternalPrincipals', 'audit']) delete share.spec[key];
    });
    await compare([], 3);
  });
});
