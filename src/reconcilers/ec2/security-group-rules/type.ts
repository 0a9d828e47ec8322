/** `ec2:security-group-rules`: a group's ingress and egress rules, compared as sets (a sub-object of the group, without tags of its own). */
import { defineResourceType } from '../../../core/resource-type.js';

/** One rule with one peer (docs/resources.md, "Security group rules"). */
export interface Rule {
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrIpv4?: string;
  /** Live rules only: manifests declare IPv4 peers, so an IPv6 rule is drift, but a distinct one. */
  readonly cidrIpv6?: string;
  readonly prefixListId?: string;
  /** A group ID, or `KNOWN_AFTER_APPLY` in a plan while the referenced group does not exist yet. */
  readonly securityGroupId?: unknown;
  /**
   * Live rules only: the account of a peer group in another account (VPC peering), kept distinct. A
   * peer in the scope's own account has none, as a manifest declares it.
   */
  readonly peerAccount?: string;
  readonly description?: string;
}

export interface RulesSpec {
  readonly groupId: string;
  readonly ingress: readonly Rule[];
  readonly egress: readonly Rule[];
}

export interface RulesOutputs {
  /** The group's ID. */
  readonly id: string;
  /**
   * Observed only: rule IDs (`sgr-…`) by rule identity, so that updates revoke by ID. A create
   * returns none: the next update re-reads the group's rules.
   */
  readonly ruleIds?: Readonly<Record<string, string>>;
}

export const SECURITY_GROUP_RULES = defineResourceType<RulesSpec, RulesOutputs>('ec2:security-group-rules');
