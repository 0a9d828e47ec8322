/**
 * The Service kind: an ECS Fargate service in a Network's subnets, optionally published through
 * PrivateLink or VPC Lattice and consuming other Services. docs/resources.md is the contract for what
 * `expand` produces; checks and expansions live in service/. `serviceAwsNames` (service/names.ts) is the
 * one place its AWS names are derived.
 *
 * Resources come out in this order: security group and its rules, roles, cluster, task definition, ECS
 * service, then (PrivateLink) NLB, target group, listener, endpoint service, then (Lattice) the ECS
 * infrastructure role, Lattice target group, service, listener and the service's association with the
 * Share's service network, then per Service consumed via PrivateLink the endpoint's security group, its
 * rules and the interface endpoint. A Service consumed via Lattice needs nothing of its own here: its
 * Lattice service's DNS name goes into the environment, and the consumer's VPC association is the Share's.
 */
import type { ServiceManifest } from '../types.js';
import type { KindHandler } from './kind.js';
import { checkLinks } from './service/check-links.js';
import { checkPlacement } from './service/check-placement.js';
import { checkTask } from './service/check-task.js';
import { serviceBuild } from './service/build.js';
import { expandCluster } from './service/expand-cluster.js';
import { expandConsumers } from './service/expand-consume.js';
import { expandPrivateLink } from './service/expand-private-link.js';
import { expandRoles } from './service/expand-roles.js';
import { expandSecurityGroup } from './service/expand-security-group.js';
import { expandLattice } from './service/expand-lattice.js';
import { expandEcsService, expandTaskDefinition } from './service/expand-task.js';

export { serviceAwsNames, type ServiceAwsNames } from './service/names.js';
export { defaultEnvVar } from './service/check-task.js';
export { FARGATE_MEMORY } from './service/fargate.js';
export * from './service/addresses.js';

const EXPANSIONS = [expandSecurityGroup, expandRoles, expandCluster, expandTaskDefinition, expandEcsService, expandPrivateLink, expandLattice, expandConsumers] as const;

export const service: KindHandler<ServiceManifest> = {
  check(manifest, context) {
    const network = checkPlacement(manifest, context);
    checkTask(manifest, context);
    checkLinks(manifest, network, context);
  },

  expand(manifest, context) {
    const build = serviceBuild(manifest, context);
    return EXPANSIONS.flatMap((expansion) => expansion(build));
  },
};
