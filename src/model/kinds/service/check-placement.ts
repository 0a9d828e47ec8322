/**
 * Where a Service runs: its Network exists, is in its region, has the subnet group, and — when the
 * Network is in another account — shares its private subnets with this Service's account (VPC sharing
 * through the Network's `shareWith`; only private-tier groups are shared).
 */
import { unknownAliasMessage } from '../../accounts.js';
import type { NetworkManifest, ServiceManifest } from '../../types.js';
import type { CheckContext, LookedUpManifest } from '../kind.js';
import { describeAccount, knownList, principalsCover, whereIs } from '../shared.js';

/** The Service's Network, when it exists and the Service can run in it (for later checks). */
export function checkPlacement(manifest: ServiceManifest, context: CheckContext): LookedUpManifest<NetworkManifest, string | undefined> | undefined {
  const { spec, metadata } = manifest;
  const network = context.lookup('Network', spec.network);
  if (network === undefined) {
    if (!context.failedSchema('Network', spec.network)) context.report('/spec/network', `unknown Network "${spec.network}": no Network manifest has that name`);
    return undefined;
  }
  if (network.region !== context.region) {
    context.report(
      '/spec/network',
      `Network "${spec.network}" is in region ${network.region} (${whereIs(network)}), this Service in ${context.region}; subnets are regional, so set metadata.region to ${network.region}`,
    );
  }
  const groups = network.manifest.spec.subnets;
  const group = groups.find((candidate) => candidate.name === spec.subnets);
  if (group === undefined) {
    context.report(
      '/spec/subnets',
      `unknown subnet group "${spec.subnets}" in Network "${spec.network}" (${knownList(groups.map((candidate) => candidate.name), 'it declares none')})`,
    );
  }
  if (context.account === undefined || network.account === undefined || network.account === context.account) return network;

  const shareWith = network.manifest.spec.shareWith ?? [];
  if (!principalsCover(shareWith, context.account, context.config)) {
    context.report(
      '/metadata/account',
      `this Service's account ${describeAccount(metadata.account, context.account)} is not the account of Network "${spec.network}" (${network.account}), and the Network does not share its subnets with it: add "${metadata.account}" to that Network's spec.shareWith (${whereIs(network)}/spec/shareWith)`,
    );
  } else if (group !== undefined && group.tier !== 'private') {
    context.report(
      '/spec/subnets',
      `subnet group "${spec.subnets}" has tier "${group.tier}", but a Network shares only its private subnets with other accounts; use a private group`,
    );
  }
  return network;
}

/** Aliases in principal lists must be declared, like every account reference. */
export function checkAliases(principals: readonly string[], at: (index: number) => string, context: CheckContext): void {
  principals.forEach((principal, index) => {
    if (/^[A-Za-z][A-Za-z0-9_-]*$/.test(principal) && context.config.accounts[principal] === undefined) {
      context.report(at(index), unknownAliasMessage(principal, context.config, context.configFile));
    }
  });
}
