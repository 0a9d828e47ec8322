/**
 * The RAM share of the service network and the resource configurations, and the tenant roles.
 */
import { outputOf } from "../../../core/resource-type.js";
import type { DesiredResource } from "../../../core/types.js";
import { ROLE } from "../../../reconcilers/iam/role/type.js";
import { RESOURCE_CONFIGURATION } from "../../../reconcilers/lattice/resource-configuration/type.js";
import { SERVICE_NETWORK } from "../../../reconcilers/lattice/service-network/type.js";
import { RESOURCE_SHARE } from "../../../reconcilers/ram/resource-share/type.js";
import { TRAIL } from "../../../reconcilers/cloudtrail/trail/type.js";
import { isAccountId, resolveAccount } from "../../accounts.js";
import { pointer } from "../../pointer.js";
import { ramShareName } from "../share.js";
import { shareAddress, type ShareBuild } from "./build.js";
import {
  configurationAccount,
  ramShareAddress,
  resourceConfigurationAddress,
  serviceNetworkAddress,
} from "./expand-lattice.js";

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Principals: aliases resolved to 12-digit IDs, OU and organization ARNs as written, sorted and
 * de-duplicated. `acceptInvitationsIn`: the principal accounts trellis can reach (the config's
 * accounts), where the share accepts the pending invitation.
 */
export function expandRamShare(build: ShareBuild): DesiredResource[] {
  const { name, manifest, context, resource } = build;
  const declared = manifest.spec.principals ?? [];
  if (declared.length === 0) return [];
  const principals = [
    ...new Set(
      declared.map((principal) =>
        principal.startsWith("arn:")
          ? principal
          : resolveAccount(principal, context.config),
      ),
    ),
  ].sort(byCodeUnit);
  const reachable = new Set(Object.values(context.config.accounts));
  const acceptInvitationsIn = principals.filter(
    (principal) => isAccountId(principal) && reachable.has(principal),
  );
  const resourceArns = [
    outputOf(SERVICE_NETWORK, serviceNetworkAddress(name), "arn"),
    // Only the configurations the Share's account owns (see expandResources).
    ...(manifest.spec.resources?.configurations ?? [])
      .filter(
        (configuration) =>
          configurationAccount(build, configuration.gateway) ===
          context.scope.account,
      )
      .map((configuration) =>
        outputOf(
          RESOURCE_CONFIGURATION,
          resourceConfigurationAddress(name, configuration.name),
          "arn",
        ),
      ),
  ];
  return [
    resource({
      address: ramShareAddress(name),
      type: RESOURCE_SHARE,
      spec: {
        name: ramShareName(name),
        allowExternalPrincipals: manifest.spec.allowExternalPrincipals ?? false,
        resourceArns,
        principals,
        acceptInvitationsIn,
      },
      name: ramShareName(name),
      source: "/spec/principals",
    }),
  ];
}

/** `arn:aws:iam::<id>:root` for an alias or account ID; an IAM ARN as written. */
function trustedPrincipal(principal: string, build: ShareBuild): string {
  if (principal.startsWith("arn:")) return principal;
  return `arn:aws:iam::${resolveAccount(principal, build.context.config)}:root`;
}

/** One role per tenant, under `/trellis/<owner>/`, in the tenant's account (default: the Share's). */
export function expandTenants(build: ShareBuild): DesiredResource[] {
  const { name, manifest, context, resource } = build;
  const path = `/trellis/${context.config.owner}/`;
  return (manifest.spec.tenants ?? []).map((tenant, index) => {
    const account =
      tenant.account !== undefined
        ? resolveAccount(tenant.account, context.config)
        : context.scope.account;
    const tags = Object.fromEntries(
      Object.entries(tenant.tags ?? {}).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    return resource({
      address: shareAddress(name, "role", tenant.name),
      type: ROLE,
      scope: { account, region: context.scope.region },
      spec: {
        roleName: tenant.name,
        path,
        assumeRolePolicy: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: {
                AWS: [
                  ...new Set(
                    tenant.trustedPrincipals.map((principal) =>
                      trustedPrincipal(principal, build),
                    ),
                  ),
                ].sort(byCodeUnit),
              },
              Action: "sts:AssumeRole",
              Condition: {
                StringEquals: { "sts:ExternalId": tenant.externalId },
              },
            },
          ],
        },
        description: `Tenant ${tenant.name} of share ${name}`,
        managedPolicyArns: [...new Set(tenant.managedPolicies ?? [])].sort(
          byCodeUnit,
        ),
        inlinePolicies: {},
      },
      name: tenant.name,
      tags,
      source: pointer("/spec/tenants", index),
    });
  });
}

export function expandAudit({
  name,
  manifest,
  resource,
}: ShareBuild): DesiredResource[] {
  const trail = manifest.spec.audit?.trail;
  if (!trail) return [];
  return [
    resource({
      address: shareAddress(name, "trail", "audit"),
      type: TRAIL,
      spec: {
        name: trail.name,
        s3BucketName: trail.bucket,
        ...(trail.keyPrefix !== undefined
          ? { s3KeyPrefix: trail.keyPrefix }
          : {}),
        isMultiRegionTrail: trail.multiRegion ?? true,
        enableLogFileValidation: trail.logFileValidation ?? true,
        logging: true,
      },
      name: trail.name,
      source: "/spec/audit/trail",
    }),
  ];
}
