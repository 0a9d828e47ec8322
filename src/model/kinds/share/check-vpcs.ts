/**
 * References from a Share to Networks: VPC associations and resource gateways name a Network of the
 * Share's region, security groups and subnet groups of that Network; the account that associates a VPC
 * must have the service network (its own, or shared with it through `principals`).
 */
import { lookupAccount, unknownAliasMessage } from "../../accounts.js";
import { pointer } from "../../pointer.js";
import type { NetworkManifest, ShareManifest } from "../../types.js";
import { unknownGroupMessage } from "../network/check-security-groups.js";
import type { CheckContext, LookedUpManifest } from "../kind.js";
import {
  describeAccount,
  knownList,
  principalsCover,
  whereIs,
} from "../shared.js";

export function checkVpcAssociations(
  manifest: ShareManifest,
  context: CheckContext,
): void {
  const { spec } = manifest;
  const firstOf = new Map<string, number>();
  (spec.vpcAssociations ?? []).forEach((association, index) => {
    const at = pointer("/spec/vpcAssociations", index);
    const first = firstOf.get(association.network);
    if (first !== undefined) {
      // A VPC is associated with a service network once (CreateServiceNetworkVpcAssociation: ConflictException).
      context.report(
        pointer(at, "network"),
        `Network "${association.network}" is already associated at ${context.locate(pointer("/spec/vpcAssociations", first))}`,
      );
    } else firstOf.set(association.network, index);

    const network = findNetwork(
      association.network,
      pointer(at, "network"),
      context,
    );
    if (network === undefined) return;
    checkSecurityGroups(
      network,
      association.securityGroups ?? [],
      pointer(at, "securityGroups"),
      context,
    );

    const reference = association.account;
    const account =
      reference === undefined
        ? network.account
        : lookupAccount(reference, context.config);
    if (reference !== undefined && account === undefined) {
      context.report(
        pointer(at, "account"),
        unknownAliasMessage(reference, context.config, context.configFile),
      );
      return;
    }
    if (
      account === undefined ||
      context.account === undefined ||
      account === context.account
    )
      return;
    if (!principalsCover(spec.principals ?? [], account, context.config)) {
      context.report(
        reference === undefined
          ? pointer(at, "network")
          : pointer(at, "account"),
        `the association is made by account ${describeAccount(reference ?? network.manifest.metadata.account, account)}${reference === undefined ? ` (Network "${association.network}"'s)` : ""}, which does not receive the service network: add it to spec.principals`,
      );
    }
  });
}

export function findNetwork(
  name: string,
  at: string,
  context: CheckContext,
): LookedUpManifest<NetworkManifest, string | undefined> | undefined {
  const network = context.lookup("Network", name);
  if (network === undefined) {
    if (!context.failedSchema("Network", name))
      context.report(
        at,
        `unknown Network "${name}": no Network manifest has that name`,
      );
    return undefined;
  }
  if (network.region !== context.region) {
    context.report(
      at,
      `Network "${name}" is in region ${network.region} (${whereIs(network)}), this Share in ${context.region}; VPC Lattice works within a region`,
    );
    return undefined;
  }
  return network;
}

export function checkSecurityGroups(
  network: LookedUpManifest<NetworkManifest, string | undefined>,
  names: readonly string[],
  at: string,
  context: CheckContext,
): void {
  const known = (network.manifest.spec.securityGroups ?? []).map(
    (group) => group.name,
  );
  names.forEach((name, index) => {
    if (!known.includes(name)) {
      context.report(
        pointer(at, index),
        `${unknownGroupMessage(name, known)} in Network "${network.manifest.metadata.name}"`,
      );
    }
  });
}

export function checkSubnetGroup(
  network: LookedUpManifest<NetworkManifest, string | undefined>,
  name: string,
  at: string,
  context: CheckContext,
): void {
  const groups = network.manifest.spec.subnets;
  const group = groups.find((candidate) => candidate.name === name);
  if (group === undefined) {
    context.report(
      at,
      `unknown subnet group "${name}" in Network "${network.manifest.metadata.name}" (${knownList(
        groups.map((candidate) => candidate.name),
        "it declares none",
      )})`,
    );
    return;
  }
  if (
    context.account === undefined ||
    network.account === undefined ||
    network.account === context.account
  )
    return;
  if (
    !principalsCover(
      network.manifest.spec.shareWith ?? [],
      context.account,
      context.config,
    )
  ) {
    context.report(
      at,
      `Network "${network.manifest.metadata.name}" is in account ${network.account} and does not share its subnets with this Share's account ${context.account}: add it to that Network's spec.shareWith (${whereIs(network)}/spec/shareWith)`,
    );
  } else if (group.tier !== "private") {
    context.report(
      at,
      `subnet group "${name}" has tier "${group.tier}", but a Network shares only its private subnets with other accounts; use a private group`,
    );
  }
}
