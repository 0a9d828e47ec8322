/** Tenant roles and the audit trail: names AWS accepts, declared accounts. */
import { lookupAccount, unknownAliasMessage } from "../../accounts.js";
import { pointer } from "../../pointer.js";
import type { ShareManifest } from "../../types.js";
import {
  iamRoleNameProblem,
  LATTICE_NAMES,
  latticeNameProblem,
  trailNameProblem,
} from "../aws-names.js";
import type { CheckContext } from "../kind.js";
import { checkAliases } from "../service/check-placement.js";

export function checkNames(
  manifest: ShareManifest,
  context: CheckContext,
): void {
  const name = manifest.spec.serviceNetwork.name;
  const problem = latticeNameProblem(name, LATTICE_NAMES.serviceNetwork);
  if (problem !== undefined)
    context.report("/spec/serviceNetwork/name", problem);
  // CreateServiceNetwork `name`: "The name must be unique to the account."
  const clash = context
    .all("Share")
    .slice(0, Math.max(context.index, 0))
    .find(
      (other) =>
        other.account === context.account &&
        other.manifest.spec.serviceNetwork.name === name,
    );
  if (clash !== undefined && context.account !== undefined) {
    context.report(
      "/spec/serviceNetwork/name",
      `service network name "${name}" is also Share "${clash.manifest.metadata.name}"'s (${clash.file}#${clash.pointer}), in the same account; VPC Lattice names are unique per account`,
    );
  }
  const trail = manifest.spec.audit?.trail;
  if (trail !== undefined) {
    const trailProblem = trailNameProblem(trail.name);
    if (trailProblem !== undefined)
      context.report("/spec/audit/trail/name", trailProblem);
  }
}

export function checkTenants(
  manifest: ShareManifest,
  context: CheckContext,
): void {
  // IAM role names are unique per account ignoring case (IAM CreateRole: "Names are not distinguished by case").
  const firstOf = new Map<string, string>();
  (manifest.spec.tenants ?? []).forEach((tenant, index) => {
    const at = pointer("/spec/tenants", index);
    const problem = iamRoleNameProblem(tenant.name);
    if (problem !== undefined) context.report(pointer(at, "name"), problem);

    let account = context.account;
    if (tenant.account !== undefined) {
      account = lookupAccount(tenant.account, context.config);
      if (account === undefined)
        context.report(
          pointer(at, "account"),
          unknownAliasMessage(
            tenant.account,
            context.config,
            context.configFile,
          ),
        );
    }
    const key = `${account ?? tenant.account ?? ""}/${tenant.name.toLowerCase()}`;
    const first = firstOf.get(key);
    if (first !== undefined) {
      context.report(
        pointer(at, "name"),
        `role "${tenant.name}" is already declared for that account at ${context.locate(first)} (IAM role names ignore case)`,
      );
    } else firstOf.set(key, pointer(at, "name"));

    checkAliases(
      tenant.trustedPrincipals,
      (principalIndex) => pointer(at, "trustedPrincipals", principalIndex),
      context,
    );
  });
}
