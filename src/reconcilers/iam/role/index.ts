/**
 * IAM roles (global: observed once per account, in the scope `{ account, region: GLOBAL_REGION }`).
 * Every owned role is created under the path `/trellis/<owner>/` (docs/aws-behaviour.md §4).
 *
 * Idempotency: CreateRole takes no token; a duplicate name fails `EntityAlreadyExists` (names are
 * unique case-insensitively, API_CreateRole.html). Name-keyed: on that error the existing role is
 * adopted only if it carries this run's `trellis:owner` and this resource's `trellis:address` (one
 * GetRole, which returns tags); anything else is a terminal error. The create makes only the creating
 * call and returns its `spec`: the engine attaches the managed policies and puts the inline ones through
 * `update`, with its own retries, so a failure there never repeats CreateRole.
 *
 * Observe cost per account: ⌈roles in the account ÷ 1000⌉ GetAccountAuthorizationDetails calls
 * (Filter `Role`, MaxItems 1000, Marker), whatever is owned. ListRoles returns neither tags nor
 * policies (API_ListRoles.html) and RGTA does not cover IAM roles, so the alternative was ListRoles +
 * ListRoleTags + three policy reads per role; GetAccountAuthorizationDetails returns each role with its
 * tags, inline policies and attached managed policies (API_GetAccountAuthorizationDetails.html,
 * API_RoleDetail.html), documents URL-encoded. Its RoleDetail has no Description: a role's description
 * is set at creation and on change, but drift made to it out of band is not seen.
 *
 * Policy documents come back URL-encoded and are decoded before JSON.parse; they are compared with
 * `policiesEqual` (src/core/policy.ts), so a reformatted but equal policy plans nothing.
 *
 * Delete: managed policies detached and inline policies deleted first (DeleteRole answers
 * `DeleteConflict` otherwise, API_DeleteRole.html), then DeleteRole; `NoSuchEntity` = gone.
 */
import {
  GetAccountAuthorizationDetailsCommand,
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  type Role,
} from '@aws-sdk/client-iam';
import { errorCode } from '../../../core/classify.js';
import { TerminalError } from '../../../core/errors.js';
import type { PolicyDocument } from '../../../core/policy-document.js';
import type { ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler, type Observed } from '../../../core/resource-type.js';
import { TAG_ADDRESS, TAG_DELETION_POLICY, TAG_OWNER } from '../../../core/types.js';
import { allItems } from '../../pages.js';
import {
  changedInlinePolicies,
  createRoleInput,
  decodePolicy,
  diffRole,
  encodePolicy,
  fromIamTags,
  observedRole,
  ownerPath,
  toIamTags,
  type RolePolicies,
} from './sdk.js';
import { ROLE, type RoleOutputs, type RoleSpec } from './type.js';

/** ListRoles, ListRoleTags, ListAttachedRolePolicies, ListRolePolicies: MaxItems 1–1000 (API Reference). */
const PAGE_SIZE = 1000;

const isNoSuchEntity = (error: unknown) => errorCode(error) === 'NoSuchEntityException';

async function rolePolicies(ctx: ReconcilerContext, roleName: string): Promise<RolePolicies> {
  const client = ctx.clients.get(IAMClient);
  const attached = await allItems(paginateListAttachedRolePolicies({ client, pageSize: PAGE_SIZE }, { RoleName: roleName }), (page) => page.AttachedPolicies);
  const names = await allItems(paginateListRolePolicies({ client, pageSize: PAGE_SIZE }, { RoleName: roleName }), (page) => page.PolicyNames);
  const inlinePolicies: Record<string, PolicyDocument> = {};
  for (const name of names) {
    const out = await client.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
    const document = decodePolicy(out.PolicyDocument);
    if (document) inlinePolicies[name] = document;
  }
  return { managedPolicyArns: attached.flatMap((policy) => (policy.PolicyArn ? [policy.PolicyArn] : [])), inlinePolicies };
}

async function list(ctx: ReconcilerContext, address?: string): Promise<Observed<RoleSpec, RoleOutputs>[]> {
  const client = ctx.clients.get(IAMClient);
  const path = ownerPath(ctx.owner);
  const result: Observed<RoleSpec, RoleOutputs>[] = [];
  let Marker: string | undefined;
  do {
    const page = await client.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: PAGE_SIZE, ...(Marker ? { Marker } : {}) }));
    for (const role of page.RoleDetailList ?? []) {
      if (!role.RoleName || !(role.Path ?? '/').startsWith(path)) continue;
      const tags = fromIamTags(role.Tags);
      if (tags[TAG_OWNER] !== ctx.owner || (address !== undefined && tags[TAG_ADDRESS] !== address)) continue;
      const inlinePolicies: Record<string, PolicyDocument> = {};
      for (const policy of role.RolePolicyList ?? []) {
        const document = decodePolicy(policy.PolicyDocument);
        if (policy.PolicyName && document) inlinePolicies[policy.PolicyName] = document;
      }
      const managedPolicyArns = (role.AttachedManagedPolicies ?? []).flatMap((policy) => (policy.PolicyArn ? [policy.PolicyArn] : []));
      result.push(observedRole(role, tags, { managedPolicyArns, inlinePolicies }, ctx.scope));
    }
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return result;
}

/** The name in a role ARN `arn:aws:iam::<account>:role<path><name>`. */
const nameOf = (role: Observed<RoleSpec, RoleOutputs>) => role.outputs.name;

async function existingRole(ctx: ReconcilerContext, roleName: string): Promise<Role | undefined> {
  try {
    return (await ctx.clients.get(IAMClient).send(new GetRoleCommand({ RoleName: roleName }))).Role;
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}

export const roleReconciler = defineReconciler({
  type: ROLE,
  scoping: 'global',
  idempotency: 'name',
  dependsOn: [],
  replaceFields: ['roleName', 'path'],

  observe: (ctx) => list(ctx),
  findByAddress: (ctx, address) => list(ctx, address),
  diff: diffRole,

  async create(ctx, desired) {
    const iam = ctx.clients.get(IAMClient);
    let role: Role | undefined;
    try {
      role = (await iam.send(new CreateRoleCommand(createRoleInput(desired)))).Role;
    } catch (error) {
      if (errorCode(error) !== 'EntityAlreadyExistsException') throw error;
      // Our own earlier create whose response was lost, or someone else's role of that name.
      const existing = await existingRole(ctx, desired.spec.roleName);
      const tags = fromIamTags(existing?.Tags);
      if (!existing || tags[TAG_OWNER] !== desired.tags[TAG_OWNER] || tags[TAG_ADDRESS] !== desired.address) {
        throw new TerminalError(
          `IAM role ${desired.spec.roleName} already exists and is not this resource (trellis:owner ${tags[TAG_OWNER] ?? '(none)'}, trellis:address ${tags[TAG_ADDRESS] ?? '(none)'})`,
        );
      }
      role = existing;
      // Its policies are unknown here: the engine converges them as unobserved fields.
      const adopted = observedRole(role, tags, undefined, ctx.scope);
      return { id: adopted.id, outputs: adopted.outputs, spec: adopted.spec };
    }
    if (!role?.Arn || !role.RoleName) throw new Error('CreateRole returned no role');
    // A new role has no policies: the engine attaches and puts the desired ones through `update`.
    const created = observedRole(role, desired.tags, { managedPolicyArns: [], inlinePolicies: {} }, ctx.scope);
    return { id: role.Arn, outputs: created.outputs, spec: created.spec };
  },

  async update(ctx, desired, live, changes) {
    const iam = ctx.clients.get(IAMClient);
    const RoleName = nameOf(live);
    const changed = new Set(changes.map((change) => change.path));
    if (changed.has('assumeRolePolicy')) {
      const PolicyDocument = encodePolicy(desired.spec.assumeRolePolicy);
      await ctx.retry('update assume role policy', () => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument })));
    }
    if (changed.has('description')) {
      const Description = desired.spec.description ?? '';
      await ctx.retry('update role', () => iam.send(new UpdateRoleCommand({ RoleName, Description })));
    }
    if (changed.has('managedPolicyArns')) {
      const current = new Set(live.spec.managedPolicyArns ?? []);
      const wanted = new Set(desired.spec.managedPolicyArns);
      for (const PolicyArn of [...wanted].filter((arn) => !current.has(arn)).sort()) {
        await ctx.retry('attach role policy', () => iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn })));
      }
      for (const PolicyArn of [...current].filter((arn) => !wanted.has(arn)).sort()) {
        await detach(ctx, RoleName, PolicyArn);
      }
    }
    if (changed.has('inlinePolicies')) {
      const { put, remove } = changedInlinePolicies(desired.spec.inlinePolicies, live.spec.inlinePolicies);
      for (const PolicyName of put) {
        // PutRolePolicy is an upsert (API_PutRolePolicy.html).
        const PolicyDocument = encodePolicy(desired.spec.inlinePolicies[PolicyName]!);
        await ctx.retry('put role policy', () => iam.send(new PutRolePolicyCommand({ RoleName, PolicyName, PolicyDocument })));
      }
      for (const PolicyName of remove) await deleteInline(ctx, RoleName, PolicyName);
    }
    const set: Record<string, string> = {};
    const removed: string[] = [];
    for (const change of changes) {
      if (!change.path.startsWith('tags.')) continue;
      const key = change.path.slice('tags.'.length);
      if (change.to === undefined) removed.push(key);
      else set[key] = String(change.to);
    }
    if (Object.keys(set).length > 0) await ctx.retry('tag role', () => iam.send(new TagRoleCommand({ RoleName, Tags: toIamTags(set) })));
    if (removed.length > 0) await ctx.retry('untag role', () => iam.send(new UntagRoleCommand({ RoleName, TagKeys: removed })));
  },

  async delete(ctx, live) {
    const iam = ctx.clients.get(IAMClient);
    const RoleName = nameOf(live);
    let policies: RolePolicies;
    try {
      // Listed again, not taken from the observation: a policy attached since must go too.
      policies = await rolePolicies(ctx, RoleName);
    } catch (error) {
      if (isNoSuchEntity(error)) return;
      throw error;
    }
    for (const arn of policies.managedPolicyArns) await detach(ctx, RoleName, arn);
    for (const name of Object.keys(policies.inlinePolicies)) await deleteInline(ctx, RoleName, name);
    await iam.send(new DeleteRoleCommand({ RoleName }));
  },

  async release(ctx, live) {
    const iam = ctx.clients.get(IAMClient);
    await ctx.retry('release', () => iam.send(new UntagRoleCommand({ RoleName: nameOf(live), TagKeys: [TAG_OWNER, TAG_ADDRESS, TAG_DELETION_POLICY] })));
  },
});

/** DetachRolePolicy; a policy already detached is fine. */
async function detach(ctx: ReconcilerContext, RoleName: string, PolicyArn: string): Promise<void> {
  try {
    await ctx.clients.get(IAMClient).send(new DetachRolePolicyCommand({ RoleName, PolicyArn }));
  } catch (error) {
    if (!isNoSuchEntity(error)) throw error;
  }
}

/** DeleteRolePolicy; a policy already deleted is fine. */
async function deleteInline(ctx: ReconcilerContext, RoleName: string, PolicyName: string): Promise<void> {
  try {
    await ctx.clients.get(IAMClient).send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
  } catch (error) {
    if (!isNoSuchEntity(error)) throw error;
  }
}
