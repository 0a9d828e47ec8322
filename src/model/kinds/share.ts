/**
 * The Share kind: a VPC Lattice service network with its VPC associations, resource gateways and
 * configurations, auth policy, RAM share, tenant roles and audit trail. Its checks and its expansion
 * (docs/resources.md, "Share") live in share/.
 */
import type { ShareManifest } from '../types.js';
import type { KindHandler } from './kind.js';
import { checkAuthPolicy } from './share/check-auth-policy.js';
import { checkPrincipals } from './share/check-principals.js';
import { checkResources } from './share/check-resources.js';
import { checkNames, checkTenants } from './share/check-tenants.js';
import { checkVpcAssociations } from './share/check-vpcs.js';
import { shareBuild } from './share/build.js';
import { expandResources, expandServiceNetwork, expandVpcAssociations } from './share/expand-lattice.js';
import { expandAudit, expandRamShare, expandTenants } from './share/expand-sharing.js';

/**
 * The name of a Share's RAM resource share: the manifest's name. RAM share names may hold letters,
 * digits, spaces, `.` and `-` (docs/aws-behaviour.md §6(b); the RAM API Reference states no pattern),
 * and a manifest name (lowercase letters, digits and `-`) always does, so there is nothing to check.
 */
export function ramShareName(manifestName: string): string {
  return manifestName;
}

export const share: KindHandler<ShareManifest> = {
  check(manifest, context) {
    checkNames(manifest, context);
    checkAuthPolicy(manifest, context);
    checkPrincipals(manifest, context);
    checkVpcAssociations(manifest, context);
    checkResources(manifest, context);
    checkTenants(manifest, context);
  },

  expand(manifest, context) {
    const build = shareBuild(manifest, context);
    return [
      ...expandServiceNetwork(build),
      ...expandVpcAssociations(build),
      ...expandResources(build),
      ...expandRamShare(build),
      ...expandTenants(build),
      ...expandAudit(build),
    ];
  },
};
