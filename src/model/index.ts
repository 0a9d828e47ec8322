/** The model layer: load → validate → expand. */
export { loadInputs, resolveConfig, CONFIG_FILE_NAME, type LoadOptions } from './load.js';
export { validateInputs, assertValid } from './validate.js';
export { expand, resolveAccount } from './expand.js';
export { parseCidr, contains, overlaps, formatCidr, type Ipv4Cidr, type CidrParseResult } from './cidr.js';
export {
  vpcAddress,
  subnetAddress,
  internetGatewayAddress,
  natEipAddress,
  natGatewayAddress,
  routeTableAddress,
  securityGroupAddress,
  securityGroupRulesAddress,
  vpcEndpointAddress,
  subnetShareAddress,
  zoneSuffix,
  type Rule as SecurityGroupRuleSpec,
} from './kinds/network.js';
export { serviceAwsNames, defaultEnvVar, FARGATE_MEMORY, type ServiceAwsNames } from './kinds/service.js';
export type { LookedUpManifest, Lookup, ManifestOfKind } from './kinds/kind.js';
export { DEFAULT_CONFIG } from './types.js';
export type * from './types.js';
