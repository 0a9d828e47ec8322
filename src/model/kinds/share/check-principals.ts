/** The RAM share's principals: declared aliases, not the owner, and no external principals with an organization principal. */
import { lookupAccount, unknownAliasMessage } from "../../accounts.js";
import { pointer } from "../../pointer.js";
import type { ShareManifest } from "../../types.js";
import type { CheckContext } from "../kind.js";
import { describeAccount } from "../shared.js";

export function checkPrincipals(
  manifest: ShareManifest,
  context: CheckContext,
): void {
  const principals = manifest.spec.principals ?? [];
  principals.forEach((principal, index) => {
    const at = pointer("/spec/principals", index);
    if (principal.startsWith("arn:")) {
      // Decision: sharing with the organization says "everyone inside it"; allowing external principals
      // next to it is a contradiction at best and a leak at worst (RAM's own default is to allow them).
      if (
        principal.includes(":organization/") &&
        manifest.spec.allowExternalPrincipals === true
      ) {
        context.report(
          "/spec/allowExternalPrincipals",
          `allowExternalPrincipals: true lets the share reach accounts outside the organization, but ${context.locate(at)} shares with the organization itself; remove one of them`,
        );
      }
      return;
    }
    const account = lookupAccount(principal, context.config);
    if (account === undefined)
      context.report(
        at,
        unknownAliasMessage(principal, context.config, context.configFile),
      );
    else if (account === context.account) {
      context.report(
        at,
        `${describeAccount(principal, account)} is the Share's own account; RAM cannot share a resource with its owner`,
      );
    }
  });
}
