/**
 * Checks of what a Service publishes and consumes: the Share of `expose.lattice`, the principals of
 * `expose.privateLink`, and each consumed Service (it exists, is not this one, and exposes `via`).
 *
 * Cycles (a consumes b, b consumes a) are allowed: an interface endpoint depends on the provider's
 * endpoint service, never on the provider's own endpoints or task definition, so the resource graph has
 * no cycle however Services consume each other.
 */
import { pointer } from '../../pointer.js';
import type { NetworkManifest, ServiceManifest } from '../../types.js';
import type { CheckContext, LookedUpManifest } from '../kind.js';
import { describeAccount, principalsCover, whereIs } from '../shared.js';
import { checkAliases } from './check-placement.js';

export function checkLinks(manifest: ServiceManifest, network: LookedUpManifest<NetworkManifest, string | undefined> | undefined, context: CheckContext): void {
  const { spec, metadata } = manifest;
  const privateLink = spec.expose?.privateLink;
  if (privateLink?.allowedPrincipals !== undefined) {
    checkAliases(privateLink.allowedPrincipals, (index) => pointer('/spec/expose/privateLink/allowedPrincipals', index), context);
  }

  const lattice = spec.expose?.lattice;
  if (lattice !== undefined) {
    const share = context.lookup('Share', lattice.share);
    if (share === undefined) {
      if (!context.failedSchema('Share', lattice.share)) context.report('/spec/expose/lattice/share', `unknown Share "${lattice.share}": no Share manifest has that name`);
    } else {
      if (share.region !== context.region) {
        context.report('/spec/expose/lattice/share', `Share "${lattice.share}" is in region ${share.region} (${whereIs(share)}), this Service in ${context.region}; a Lattice service joins a service network of its own region`);
      }
      if (context.account !== undefined && share.account !== undefined && share.account !== context.account && !principalsCover(share.manifest.spec.principals ?? [], context.account, context.config)) {
        context.report(
          '/spec/expose/lattice/share',
          `Share "${lattice.share}" is in account ${share.account} and does not share its service network with this Service's account ${describeAccount(metadata.account, context.account)}: add it to that Share's spec.principals (${whereIs(share)}/spec/principals)`,
        );
      }
    }
  }

  const seen = new Map<string, string>();
  (spec.consume ?? []).forEach((consumption, index) => {
    const at = pointer('/spec/consume', index, 'service');
    const key = `${consumption.service}/${consumption.via}`;
    const first = seen.get(key);
    if (first !== undefined) context.report(at, `"${consumption.service}" via ${consumption.via} is already consumed at ${context.locate(first)}`);
    seen.set(key, at);

    if (consumption.service === metadata.name) {
      context.report(at, `a Service cannot consume itself; its tasks reach "${metadata.name}" locally`);
      return;
    }
    const provider = context.lookup('Service', consumption.service);
    if (provider === undefined) {
      if (!context.failedSchema('Service', consumption.service)) context.report(at, `unknown Service "${consumption.service}": no Service manifest has that name`);
      return;
    }
    const exposed = provider.manifest.spec.expose;
    if (consumption.via === 'privateLink') {
      if (exposed?.privateLink === undefined) {
        context.report(at, `Service "${consumption.service}" (${whereIs(provider)}) exposes no privateLink, so it cannot be consumed via privateLink${exposed?.lattice !== undefined ? '; it exposes lattice' : ''}`);
      } else if (provider.region !== context.region) {
        context.report(at, `Service "${consumption.service}" is in region ${provider.region}, this Service in ${context.region}; an interface endpoint reaches endpoint services of its own region only`);
      }
      return;
    }
    if (exposed?.lattice === undefined) {
      context.report(at, `Service "${consumption.service}" (${whereIs(provider)}) exposes no lattice, so it cannot be consumed via lattice${exposed?.privateLink !== undefined ? '; it exposes privateLink' : ''}`);
      return;
    }
    const share = context.lookup('Share', exposed.lattice.share);
    if (share === undefined || network === undefined) return;
    const associated = (share.manifest.spec.vpcAssociations ?? []).some((association) => association.network === network.manifest.metadata.name);
    if (!associated) {
      context.report(
        at,
        `Service "${consumption.service}" is in the service network of Share "${share.manifest.metadata.name}", which has no VPC association for this Service's Network "${network.manifest.metadata.name}": add it to that Share's spec.vpcAssociations (${whereIs(share)}/spec/vpcAssociations)`,
      );
    }
  });
}
