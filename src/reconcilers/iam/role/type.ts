/**
 * `iam:role` (global: observed once per account). Created under the path `/trellis/<owner>/` so one
 * `ListRoles(PathPrefix)` finds every owned role. Policies are compared semantically (`src/core/policy.ts`).
 */
import type { PolicyDocument } from '../../../core/policy-document.js';
import { defineResourceType } from '../../../core/resource-type.js';

export interface RoleSpec {
  readonly roleName: string;
  /** `/trellis/<owner>/`; immutable (a change replaces the role). */
  readonly path: string;
  readonly assumeRolePolicy: PolicyDocument;
  readonly description?: string;
  /** Attached managed policies, as a set. */
  readonly managedPolicyArns: readonly string[];
  /** Inline policies by name. */
  readonly inlinePolicies: Readonly<Record<string, PolicyDocument>>;
}

export interface RoleOutputs {
  readonly arn: string;
  readonly name: string;
}

export const ROLE = defineResourceType<RoleSpec, RoleOutputs>('iam:role');
