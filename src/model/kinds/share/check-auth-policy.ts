/**
 * The service network's auth policy: its grammar beyond the schema (a resource-based policy's statements
 * name a Principal and a Resource), no public Allow unless `allowPublic`, AWS's size limit, and an
 * auth type under which it applies.
 */
import { pointer } from "../../pointer.js";
import type { ShareManifest } from "../../types.js";
import type { CheckContext } from "../kind.js";
import {
  checkPolicyStatements,
  isEveryone,
  statementsOf,
} from "../policy-document.js";

/** Auth policy size quota: 10 KB (VPC Lattice User Guide, "Quotas for VPC Lattice"; docs/aws-behaviour.md §5). */
const AUTH_POLICY_MAX_BYTES = 10 * 1024;

export function checkAuthPolicy(
  manifest: ShareManifest,
  context: CheckContext,
): void {
  const { spec } = manifest;
  const authType = spec.serviceNetwork.authType ?? "NONE";
  const policy = spec.authPolicy;
  if (policy === undefined) {
    if (authType === "AWS_IAM") {
      // CreateServiceNetwork `authType`: "AWS_IAM: … auth is enabled and an auth policy is required"; without one every request is denied.
      context.report(
        "/spec/serviceNetwork/authType",
        "authType AWS_IAM needs an authPolicy: without one VPC Lattice denies every request",
      );
    }
    return;
  }
  if (authType !== "AWS_IAM") {
    // An auth policy's state is Active only when the auth type is AWS_IAM (GetAuthPolicy `state`).
    context.report(
      "/spec/authPolicy",
      `an auth policy applies only with serviceNetwork.authType AWS_IAM; with ${authType} VPC Lattice ignores it`,
    );
  }

  const statements = statementsOf(policy, "/spec/authPolicy");
  checkPolicyStatements(statements, "resource", context);

  if (spec.allowPublic !== true) {
    for (const { statement, at } of statements) {
      if (
        statement.Effect !== "Allow" ||
        Object.keys(statement.Condition ?? {}).length > 0
      )
        continue;
      if (isEveryone(statement.Principal)) {
        context.report(
          pointer(at, "Principal"),
          'allows every principal ("*") without a Condition, which makes the service network public; add a Condition (e.g. aws:PrincipalOrgID or aws:PrincipalTag/…), name the principals, or set allowPublic: true',
        );
      } else if (statement.NotPrincipal !== undefined) {
        context.report(
          pointer(at, "NotPrincipal"),
          "Allow with NotPrincipal and no Condition allows everyone else, which makes the service network public; name the principals, or set allowPublic: true",
        );
      }
    }
  }

  const size = Buffer.byteLength(JSON.stringify(policy), "utf8");
  if (size > AUTH_POLICY_MAX_BYTES) {
    context.report(
      "/spec/authPolicy",
      `the auth policy is ${size} bytes; VPC Lattice allows at most ${AUTH_POLICY_MAX_BYTES}`,
    );
  }
}
