/**
 * The AWS names trellis derives from a Service's manifest name. One function, so that the checks (which
 * reject a name AWS would refuse) and the expansion and reconcilers (which create the resources) agree.
 *
 * | resource | name | AWS limit |
 * |---|---|---|
 * | ECS cluster (own) | `<name>` | 1–255 letters, digits, `-`, `_` |
 * | task definition family | `<name>` | 1–255 letters, digits, `-`, `_` |
 * | NLB | `loadBalancerName` or `<name>-nlb` | ≤ 32, letters, digits, `-`, no `-` first or last, not `internal-…` |
 * | NLB target group | `<name>-tg-<hash6>` | ≤ 32, letters, digits, `-`, no `-` first or last |
 * | Lattice service | `<name>` | 3–40, lowercase, digits, `-`, not `svc-…`, no `--`, no `-` first or last |
 * | Lattice target group | `<name>-tg-<hash6>` | 3–128, same rules, not `tg-…` |
 * | IAM roles | `<name>-exec`, `<name>-task`, `<name>-lattice` (path `/trellis/<owner>/`) | ≤ 64 of `[\w+=,.@-]` |
 * | CloudWatch log group | `/trellis/<owner>/service/<name>` | ≤ 512 |
 *
 * `<hash6>`: the first 6 hex digits of SHA-256 over the target group's fields AWS cannot change in place
 * (protocol, port, VPC — by Network name — and target type), so that a change to one of them gives
 * the replacement a new name and it can be created before the old group is deleted (ELBv2 names are
 * unique per account and region). Limits: ELBv2 CreateLoadBalancer / CreateTargetGroup `Name`
 * (Elastic Load Balancing API Reference; docs/aws-behaviour.md §2(b)); VPC Lattice CreateService and
 * CreateTargetGroup `name` (AWS::VpcLattice::Service / ::TargetGroup `Name` pattern
 * `^(?!svc-)(?![-])(?!.*[-]$)(?!.*[-]{2})[a-z0-9-]+$`, 3–40; `^(?!tg-)…`, 3–128); IAM CreateRole `RoleName`
 * (IAM API Reference: length 1–64, pattern `[\w+=,.@-]+`).
 */
import { createHash } from 'node:crypto';

export interface ServiceAwsNames {
  readonly cluster: string;
  readonly taskFamily: string;
  readonly loadBalancer: string;
  readonly targetGroup: string;
  readonly latticeService: string;
  readonly latticeTargetGroup: string;
  readonly executionRole: string;
  readonly taskRole: string;
  /** The ECS infrastructure role that registers the tasks with the Lattice target group (`expose.lattice`). */
  readonly latticeRole: string;
  /** The IAM path of the roles trellis creates. */
  readonly rolePath: string;
  readonly logGroup: string;
}

/** What the derived names depend on besides the manifest name. */
export interface ServiceNameInputs {
  readonly network: string;
  readonly port: number;
  readonly cluster?: { readonly name: string };
  readonly expose?: { readonly privateLink?: { readonly loadBalancerName?: string } };
}

export function serviceAwsNames(name: string, spec: ServiceNameInputs, owner: string): ServiceAwsNames {
  const hash = hash6(['ip', spec.network, 'TCP', spec.port]);
  const latticeHash = hash6(['ip', spec.network, 'HTTP', spec.port]);
  return {
    cluster: spec.cluster?.name ?? name,
    taskFamily: name,
    loadBalancer: spec.expose?.privateLink?.loadBalancerName ?? `${name}-nlb`,
    targetGroup: `${name}-tg-${hash}`,
    latticeService: name,
    latticeTargetGroup: `${name}-tg-${latticeHash}`,
    executionRole: `${name}-exec`,
    taskRole: `${name}-task`,
    latticeRole: `${name}-lattice`,
    rolePath: `/trellis/${owner}/`,
    logGroup: `/trellis/${owner}/service/${name}`,
  };
}

function hash6(fields: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 6);
}

/** ELBv2 load balancer and target group names: at most 32 characters. */
export const ELB_NAME_MAX = 32;
/** VPC Lattice service names: 3–40 characters. */
export const LATTICE_SERVICE_NAME_MAX = 40;
/** IAM role names: at most 64 characters. */
export const IAM_ROLE_NAME_MAX = 64;
