/**
 * The Service kind: an ECS Fargate service in a Network's subnets, optionally published through
 * PrivateLink or VPC Lattice and consuming other Services. Its checks live in service/; its expansion
 * into AWS resources comes later (today it expands to nothing). `serviceAwsNames` (service/names.ts) is
 * the one place its AWS names are derived.
 */
import type { ServiceManifest } from '../types.js';
import type { KindHandler } from './kind.js';
import { checkLinks } from './service/check-links.js';
import { checkPlacement } from './service/check-placement.js';
import { checkTask } from './service/check-task.js';

export { serviceAwsNames, type ServiceAwsNames } from './service/names.js';
export { defaultEnvVar } from './service/check-task.js';
export { FARGATE_MEMORY } from './service/fargate.js';

export const service: KindHandler<ServiceManifest> = {
  check(manifest, context) {
    const network = checkPlacement(manifest, context);
    checkTask(manifest, context);
    checkLinks(manifest, network, context);
  },

  expand() {
    return [];
  },
};
