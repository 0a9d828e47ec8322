/**
 * Name rules AWS enforces, checked before any call. Each returns the problem with a name, or undefined.
 */

export interface LatticeNameRule {
  /** What is named, for messages: `service network`, `resource gateway`… */
  readonly what: string;
  readonly max: number;
  /** The prefix AWS reserves for generated names of this type. */
  readonly reservedPrefix: string;
}

/**
 * VPC Lattice names: "The valid characters are a-z, 0-9, and hyphens (-). You can't use a hyphen as the
 * first or last character, or immediately after another hyphen" (VPC Lattice API Reference,
 * CreateServiceNetwork / CreateResourceGateway / CreateResourceConfiguration / CreateService `name`), at
 * least 3 characters, and no reserved prefix. Lengths and prefixes from the CloudFormation resource
 * references, which state the patterns: AWS::VpcLattice::ServiceNetwork `Name`
 * `^(?!servicenetwork-)(?![-])(?!.*[-]$)(?!.*[-]{2})[a-z0-9-]+$`, 3–63; ::Service `^(?!svc-)…`, 3–40;
 * ::ResourceGateway `^(?!rgw-)…`, 3–40; ::ResourceConfiguration `^(?!rcfg-)…`, 3–40; ::TargetGroup
 * `^(?!tg-)…`, 3–128.
 */
export const LATTICE_NAMES = {
  serviceNetwork: { what: 'service network', max: 63, reservedPrefix: 'servicenetwork-' },
  service: { what: 'Lattice service', max: 40, reservedPrefix: 'svc-' },
  resourceGateway: { what: 'resource gateway', max: 40, reservedPrefix: 'rgw-' },
  resourceConfiguration: { what: 'resource configuration', max: 40, reservedPrefix: 'rcfg-' },
  targetGroup: { what: 'Lattice target group', max: 128, reservedPrefix: 'tg-' },
} as const satisfies Record<string, LatticeNameRule>;

const LATTICE_MIN = 3;

export function latticeNameProblem(name: string, rule: LatticeNameRule): string | undefined {
  const named = `${rule.what} name "${name}"`;
  if (name.length < LATTICE_MIN || name.length > rule.max) {
    return `${named} is ${name.length} characters; VPC Lattice allows ${LATTICE_MIN}-${rule.max}`;
  }
  if (!/^[a-z0-9-]+$/.test(name)) return `${named} may contain only lowercase letters, digits and '-' (a VPC Lattice rule)`;
  if (name.startsWith('-') || name.endsWith('-')) return `${named} must not start or end with '-' (a VPC Lattice rule)`;
  if (name.includes('--')) return `${named} must not contain '--' (a VPC Lattice rule)`;
  if (name.startsWith(rule.reservedPrefix)) return `${named} must not start with "${rule.reservedPrefix}", which VPC Lattice reserves`;
  return undefined;
}

/** IAM CreateRole `RoleName`: length 1–64, pattern `[\w+=,.@-]+` (IAM API Reference, CreateRole). */
export function iamRoleNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 64) return `IAM role name "${name}" is ${name.length} characters; IAM allows 1-64`;
  if (!/^[\w+=,.@-]+$/.test(name)) return `IAM role name "${name}" may contain only letters, digits and +=,.@_- (an IAM rule)`;
  return undefined;
}

/**
 * CloudTrail trail names (CloudTrail API Reference, CreateTrail `Name` and InvalidTrailNameException):
 * only ASCII letters, digits, `.`, `_` and `-`; start and end with a letter or digit; 3–128 characters;
 * no adjacent `.`, `_` or `-` ("my-_namespace and my--namespace are not valid"); not in IP address format.
 */
export function trailNameProblem(name: string): string | undefined {
  const named = `trail name "${name}"`;
  if (name.length < 3 || name.length > 128) return `${named} is ${name.length} characters; CloudTrail allows 3-128`;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return `${named} may contain only ASCII letters, digits, '.', '_' and '-' (a CloudTrail rule)`;
  if (!/^[A-Za-z0-9].*[A-Za-z0-9]$/.test(name)) return `${named} must start and end with a letter or digit (a CloudTrail rule)`;
  if (/[._-]{2}/.test(name)) return `${named} must not have two of '.', '_', '-' in a row (a CloudTrail rule)`;
  if (/^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.test(name)) return `${named} must not look like an IP address (a CloudTrail rule)`;
  return undefined;
}
