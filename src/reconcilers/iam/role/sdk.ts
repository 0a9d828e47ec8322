/** Pure builders for IAM roles: desired spec → SDK input, SDK output → observed, and the semantic diff. */
import type { CreateRoleCommandInput, Role, Tag } from '@aws-sdk/client-iam';
import { setChange, valueChange } from '../../../core/diff.js';
import type { PolicyDocument } from '../../../core/policy-document.js';
import { policiesEqual } from '../../../core/policy.js';
import type { FieldChange } from '../../../core/reconciler.js';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { ROLE, type RoleOutputs, type RoleSpec } from './type.js';

export const ROLE_TYPE = ROLE.name;

/** The path every owned role is created under, so that one ListRoles(PathPrefix) finds them all. */
export function ownerPath(owner: string): string {
  return `/trellis/${owner}/`;
}

export function toIamTags(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([Key, Value]) => ({ Key, Value }));
}

export function fromIamTags(tags: readonly Tag[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) result[tag.Key] = tag.Value ?? '';
  return result;
}

/**
 * A policy document as IAM returns it: URL-encoded JSON (RFC 3986) in GetRole, ListRoles and
 * GetRolePolicy (API_Role.html, API_GetRolePolicy.html), which the JS SDK v3 does not decode
 * (aws/aws-sdk-js-v3#1945, docs/aws-behaviour.md §4). Plain JSON is accepted too.
 */
export function decodePolicy(text: string | undefined): PolicyDocument | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(decodeURIComponent(text)) as PolicyDocument;
  } catch {
    return JSON.parse(text) as PolicyDocument;
  }
}

/** Input takes plain JSON (aws/aws-sdk-js#1444). */
export const encodePolicy = (document: PolicyDocument): string => JSON.stringify(document);

export function createRoleInput(desired: Resolved<RoleSpec>): CreateRoleCommandInput {
  const { spec } = desired;
  return {
    RoleName: spec.roleName,
    Path: spec.path,
    AssumeRolePolicyDocument: encodePolicy(spec.assumeRolePolicy),
    ...(spec.description !== undefined ? { Description: spec.description } : {}),
    Tags: toIamTags(desired.tags),
  };
}

export interface RolePolicies {
  readonly managedPolicyArns: readonly string[];
  readonly inlinePolicies: Readonly<Record<string, PolicyDocument>>;
}

export function observedRole(
  role: Partial<Pick<Role, 'Arn' | 'RoleName' | 'Path' | 'AssumeRolePolicyDocument' | 'Description'>>,
  tags: Record<string, string>, policies: RolePolicies | undefined, scope: Scope): Observed<RoleSpec, RoleOutputs> {
  const arn = role.Arn ?? '';
  const name = role.RoleName ?? '';
  const assumeRolePolicy = decodePolicy(role.AssumeRolePolicyDocument);
  const spec: Partial<RoleSpec> = {
    roleName: name,
    path: role.Path ?? '/',
    ...(assumeRolePolicy ? { assumeRolePolicy } : {}),
    ...(role.Description !== undefined ? { description: role.Description } : {}),
    ...(policies ? { managedPolicyArns: [...policies.managedPolicyArns].sort(), inlinePolicies: policies.inlinePolicies } : {}),
  };
  return observed(ROLE, { scope, id: arn, address: tags[TAG_ADDRESS], tags, spec, outputs: { arn, name }, references: [] });
}

/** Inline policy names whose documents differ (or exist on one side only). */
export function changedInlinePolicies(desired: Readonly<Record<string, PolicyDocument>>, live: Readonly<Record<string, PolicyDocument>> | undefined): { put: string[]; remove: string[] } {
  const current = live ?? {};
  const put = Object.keys(desired)
    .filter((name) => current[name] === undefined || !policiesEqual(desired[name], current[name]))
    .sort();
  const remove = Object.keys(current)
    .filter((name) => desired[name] === undefined)
    .sort();
  return { put, remove };
}

/**
 * Policies compared semantically (`policiesEqual`: formatting, key order, single values vs lists…),
 * so a reformatted but equal document is no change; managed policies as a set.
 */
export function diffRole(desired: Resolved<RoleSpec>, live: Observed<RoleSpec, RoleOutputs>): FieldChange[] {
  const changes: (FieldChange | undefined)[] = [
    valueChange('roleName', desired.spec.roleName, live.spec.roleName, true),
    valueChange('path', desired.spec.path, live.spec.path, true),
    policiesEqual(desired.spec.assumeRolePolicy, live.spec.assumeRolePolicy)
      ? undefined
      : { path: 'assumeRolePolicy', from: live.spec.assumeRolePolicy, to: desired.spec.assumeRolePolicy, replace: false },
    // Not observable through GetAccountAuthorizationDetails (RoleDetail has no Description): compared only when read.
    live.spec.description === undefined ? undefined : valueChange('description', desired.spec.description ?? '', live.spec.description),
    setChange('managedPolicyArns', desired.spec.managedPolicyArns, live.spec.managedPolicyArns),
  ];
  const inline = changedInlinePolicies(desired.spec.inlinePolicies, live.spec.inlinePolicies);
  if (live.spec.inlinePolicies === undefined || inline.put.length > 0 || inline.remove.length > 0) {
    changes.push({ path: 'inlinePolicies', from: live.spec.inlinePolicies, to: desired.spec.inlinePolicies, replace: false });
  }
  return changes.filter((change): change is FieldChange => change !== undefined);
}
