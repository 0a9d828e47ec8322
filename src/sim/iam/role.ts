/**
 * IAM roles and their policies: CreateRole, GetRole, ListRoles, DeleteRole, UpdateAssumeRolePolicy,
 * TagRole, UntagRole, ListRoleTags, PutRolePolicy, GetRolePolicy, ListRolePolicies, DeleteRolePolicy,
 * AttachRolePolicy, DetachRolePolicy, ListAttachedRolePolicies.
 *
 * IAM is global: roles are per account, not per region. They are stored under one region key,
 * `collectionIn(account, 'us-east-1', 'iam', 'roles')`, whatever region the client is configured with,
 * so a role created through a client in eu-west-1 is seen from every region.
 *
 * References (https://docs.aws.amazon.com/IAM/latest/APIReference/):
 * - API_CreateRole.html: RoleName `[\w+=,.@-]+` 1–64; Path 1–512, default `/`, beginning and ending with
 *   `/` (else `ValidationError`); MaxSessionDuration 3600–43200 (default 3600); Tags ≤50;
 *   `EntityAlreadyExists` (409) — role names are unique case-insensitively ("Role names are not
 *   distinguished by case", API_Role.html / reference_iam-quotas.html); `MalformedPolicyDocument` (400).
 * - API_ListRoles.html: PathPrefix, MaxItems 1–1000 (default 100), Marker, IsTruncated; "This operation
 *   does not return … Tags", nor PermissionsBoundary or RoleLastUsed (docs/aws-behaviour.md 4c).
 * - Policy documents in GetRole, ListRoles and GetRolePolicy are "URL-encoded compliant with RFC 3986"
 *   (API_Role.html, API_GetRolePolicy.html); the JS SDK v3 does not decode them (aws-sdk-js-v3#1945), so
 *   callers must `decodeURIComponent`. CreateRole's response carries the document encoded as well.
 * - API_PutRolePolicy.html is an upsert; API_DeleteRole.html: `DeleteConflict` (409) while inline or
 *   attached managed policies remain; `NoSuchEntity` (404) for an unknown role or policy.
 * - API_TagRole.html: ≤50 tags per role (`LimitExceeded`), keys 1–128, values 0–256.
 * - API_AttachRolePolicy.html: PolicyArn of a managed policy (`arn:aws:iam::aws:policy/…` or
 *   `arn:aws:iam::<account>:policy/…`). Managed policies themselves are not simulated: any policy ARN of
 *   that shape attaches.
 */
import type {
  GetAccountAuthorizationDetailsCommandInput,
  GetAccountAuthorizationDetailsCommandOutput,
  RoleDetail,
  AttachRolePolicyCommandInput,
  AttachRolePolicyCommandOutput,
  CreateRoleCommandInput,
  CreateRoleCommandOutput,
  DeleteRoleCommandInput,
  DeleteRoleCommandOutput,
  DeleteRolePolicyCommandInput,
  DeleteRolePolicyCommandOutput,
  DetachRolePolicyCommandInput,
  DetachRolePolicyCommandOutput,
  GetRoleCommandInput,
  GetRoleCommandOutput,
  GetRolePolicyCommandInput,
  GetRolePolicyCommandOutput,
  ListAttachedRolePoliciesCommandInput,
  ListAttachedRolePoliciesCommandOutput,
  ListRolePoliciesCommandInput,
  ListRolePoliciesCommandOutput,
  ListRolesCommandInput,
  ListRolesCommandOutput,
  ListRoleTagsCommandInput,
  ListRoleTagsCommandOutput,
  PutRolePolicyCommandInput,
  PutRolePolicyCommandOutput,
  Role,
  Tag,
  TagRoleCommandInput,
  TagRoleCommandOutput,
  UntagRoleCommandInput,
  UntagRoleCommandOutput,
  UpdateAssumeRolePolicyCommandInput,
  UpdateAssumeRolePolicyCommandOutput,
} from '@aws-sdk/client-iam';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import { DEFAULT_PAGE_SIZE } from '../options.js';
import { pageAfter } from '../paging.js';
import type { ResourceRecord } from '../state.js';

/** IAM's one storage region (see the module comment). */
export const IAM_STORAGE_REGION = 'us-east-1';

/** Keyed by the lower-cased role name. */
export interface RoleRecord extends ResourceRecord {
  name: string;
  path: string;
  roleId: string;
  arn: string;
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration: number;
  /** Inline policies: name → document (plain JSON as sent). */
  inlinePolicies: Record<string, string>;
  /** Attached managed policy ARNs. */
  attachedPolicies: string[];
}

export function roles(ctx: HandlerContext, account = ctx.account): Record<string, RoleRecord> {
  return ctx.collectionIn<RoleRecord>(account, IAM_STORAGE_REGION, 'iam', 'roles');
}

function noSuchRole(ctx: HandlerContext, name: string | undefined): Error {
  return ctx.error('NoSuchEntity', `The role with name ${name ?? ''} cannot be found.`, 404);
}

export function requireRole(ctx: HandlerContext, name: string | undefined): RoleRecord {
  const record = name ? roles(ctx)[name.toLowerCase()] : undefined;
  if (!record || !ctx.isVisible(record)) throw noSuchRole(ctx, name);
  return record;
}

const encode = (document: string) => encodeURIComponent(document);

function tagList(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function mergeTags(ctx: HandlerContext, existing: Readonly<Record<string, string>>, tags: readonly Tag[] | undefined): Record<string, string> {
  const merged = { ...existing };
  for (const tag of tags ?? []) {
    const key = tag.Key ?? '';
    if (key.length < 1 || key.length > 128 || (tag.Value ?? '').length > 256) throw ctx.error('ValidationError', `Tag '${key}' is not valid`);
    if (key.toLowerCase().startsWith('aws:')) throw ctx.error('InvalidInput', "Tag keys starting with 'aws:' are reserved for internal use");
    merged[key] = tag.Value ?? '';
  }
  if (Object.keys(merged).length > 50) throw ctx.error('LimitExceeded', 'Cannot exceed quota for TagsPerRole: 50', 409);
  return merged;
}

function requireDocument(ctx: HandlerContext, document: string | undefined): string {
  if (!document) throw ctx.error('ValidationError', 'The policy document is required');
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw ctx.error('MalformedPolicyDocument', 'This policy contains invalid Json');
  }
  if (parsed === null || typeof parsed !== 'object' || !('Statement' in parsed)) {
    throw ctx.error('MalformedPolicyDocument', 'Syntax errors in policy.');
  }
  return document;
}

function toRole(record: RoleRecord, full: boolean): Role {
  return {
    Path: record.path,
    RoleName: record.name,
    RoleId: record.roleId,
    Arn: record.arn,
    CreateDate: new Date(record.createdAt),
    AssumeRolePolicyDocument: encode(record.assumeRolePolicyDocument),
    ...(record.description !== undefined ? { Description: record.description } : {}),
    MaxSessionDuration: record.maxSessionDuration,
    ...(full ? { ...(Object.keys(record.tags).length > 0 ? { Tags: tagList(record.tags) } : {}), RoleLastUsed: {} } : {}),
  };
}

/** `MaxItems` 1–1000 (default 100) and `Marker`; a page is min(MaxItems, options.pageSize) long. */
function markerPage<T>(ctx: HandlerContext, items: readonly T[], key: (item: T) => string, request: { MaxItems?: number | undefined; Marker?: string | undefined }) {
  if (request.MaxItems !== undefined && (request.MaxItems < 1 || request.MaxItems > 1000)) {
    throw ctx.error('ValidationError', `1 validation error detected: Value '${request.MaxItems}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`);
  }
  const size = Math.min(request.MaxItems ?? 100, ctx.options.pageSize ?? DEFAULT_PAGE_SIZE);
  const { page, next } = pageAfter(items, key, request.Marker, size, () => ctx.error('InvalidInput', 'Invalid Marker.'));
  return { page, IsTruncated: next !== undefined, Marker: next };
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PATH = /^\/([\u0021-\u007e]*\/)?$/;

export const roleModule: SimModule = {
  name: 'iam/role',
  // Roles are not in `taggedResources`: the Resource Groups Tagging API does not cover IAM roles
  // (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/supported-services.html).
  handlers: {
    'IAM:CreateRole': defineHandler<CreateRoleCommandInput, CreateRoleCommandOutput>((ctx, input) => {
      const name = input.RoleName ?? '';
      if (!ROLE_NAME.test(name)) throw ctx.error('ValidationError', `The specified value for roleName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-`);
      const path = input.Path ?? '/';
      if (path.length > 512 || !PATH.test(path)) {
        throw ctx.error('ValidationError', 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.');
      }
      const all = roles(ctx);
      if (all[name.toLowerCase()]) throw ctx.error('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
      const maxSessionDuration = input.MaxSessionDuration ?? 3600;
      if (maxSessionDuration < 3600 || maxSessionDuration > 43200) {
        throw ctx.error('ValidationError', 'The requested MaxSessionDuration must be between 3600 and 43200 seconds.');
      }
      const record: RoleRecord = {
        id: name.toLowerCase(),
        createdAt: ctx.now,
        tags: mergeTags(ctx, {}, input.Tags),
        name,
        path,
        roleId: 'AROA' + ctx.randomHex(17).toUpperCase(),
        arn: `arn:aws:iam::${ctx.account}:role${path}${name}`,
        assumeRolePolicyDocument: requireDocument(ctx, input.AssumeRolePolicyDocument),
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        maxSessionDuration,
        inlinePolicies: {},
        attachedPolicies: [],
      };
      all[record.id] = record;
      const { RoleLastUsed: _unused, ...role } = toRole(record, true);
      return { Role: role };
    }),

    'IAM:GetRole': defineHandler<GetRoleCommandInput, GetRoleCommandOutput>((ctx, input) => ({ Role: toRole(requireRole(ctx, input.RoleName), true) })),

    /**
     * Roles only (`Filter` must include `Role`, or be absent): each with its tags, inline policies
     * and attached managed policies, documents URL-encoded (API_GetAccountAuthorizationDetails,
     * API_RoleDetail — which has no Description). Users, groups and policies are not simulated.
     */
    'IAM:GetAccountAuthorizationDetails': defineHandler<GetAccountAuthorizationDetailsCommandInput, GetAccountAuthorizationDetailsCommandOutput>((ctx, input) => {
      const wantsRoles = input.Filter === undefined || input.Filter.length === 0 || input.Filter.includes('Role');
      const all = wantsRoles ? Object.values(roles(ctx)).filter((r) => ctx.isVisible(r)) : [];
      const { page, IsTruncated, Marker } = markerPage(ctx, all, (r) => r.id, input);
      const RoleDetailList = page.map(
        (r): RoleDetail => ({
          Path: r.path,
          RoleName: r.name,
          RoleId: r.roleId,
          Arn: r.arn,
          CreateDate: new Date(r.createdAt),
          AssumeRolePolicyDocument: encode(r.assumeRolePolicyDocument),
          InstanceProfileList: [],
          RolePolicyList: Object.entries(r.inlinePolicies).map(([PolicyName, document]) => ({ PolicyName, PolicyDocument: encode(document) })),
          AttachedManagedPolicies: r.attachedPolicies.map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.slice(PolicyArn.lastIndexOf('/') + 1) })),
          Tags: tagList(r.tags),
          RoleLastUsed: {},
        }),
      );
      return { UserDetailList: [], GroupDetailList: [], RoleDetailList, Policies: [], IsTruncated, ...(Marker ? { Marker } : {}) };
    }),

    'IAM:ListRoles': defineHandler<ListRolesCommandInput, ListRolesCommandOutput>((ctx, input) => {
      const prefix = input.PathPrefix ?? '/';
      const matching = Object.values(roles(ctx)).filter((r) => ctx.isVisible(r) && r.path.startsWith(prefix));
      const { page, IsTruncated, Marker } = markerPage(ctx, matching, (r) => r.id, input);
      return { Roles: page.map((r) => toRole(r, false)), IsTruncated, Marker };
    }),

    'IAM:DeleteRole': defineHandler<DeleteRoleCommandInput, DeleteRoleCommandOutput>((ctx, input) => {
      const record = requireRole(ctx, input.RoleName);
      if (Object.keys(record.inlinePolicies).length > 0) throw ctx.error('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
      if (record.attachedPolicies.length > 0) throw ctx.error('DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
      delete roles(ctx)[record.id];
      return {};
    }),

    'IAM:UpdateAssumeRolePolicy': defineHandler<UpdateAssumeRolePolicyCommandInput, UpdateAssumeRolePolicyCommandOutput>((ctx, input) => {
      const record = requireRole(ctx, input.RoleName);
      record.assumeRolePolicyDocument = requireDocument(ctx, input.PolicyDocument);
      return {};
    }),

    'IAM:TagRole': defineHandler<TagRoleCommandInput, TagRoleCommandOutput>((ctx, input) => {
      const record = requireRole(ctx, input.RoleName);
      record.tags = mergeTags(ctx, record.tags, input.Tags);
      return {};
    }),

    'IAM:UntagRole': defineHandler<UntagRoleCommandInput, UntagRoleCommandOutput>((ctx, input) => {
      const record = requireRole(ctx, input.RoleName);
      for (const key of input.TagKeys ?? []) delete record.tags[key];
      return {};
    }),

    'IAM:ListRoleTags': defineHandler<ListRoleTagsCommandInput, ListRoleTagsCommandOutput>((ctx, input) => {
      const record = requireRole(ctx, input.RoleName);
      const { page, IsTruncated, Marker } = markerPage(ctx, tagList(record.tags), (t) => t.Key!, input);
      return { Tags: page, IsTruncated, Marker };
    }),

    'IAM:PutRolePolicy': defineHandler<PutRolePolicyCommandInput, PutRolePolicyCommandOutput>((ctx, input) => {
      const record = requireRole(ctx, input.RoleName);
      const name = input.PolicyName ?? '';
      if (!/^[\w+=,.@-]{1,128}$/.test(name)) throw ctx.error('ValidationError', 'The specified value for policyName is invalid.');
      record.inlinePolicies[name] = requireDocument(ctx, input.PolicyDocument);
      return {};
    }),

    'IAM:GetRolePolicy': defineHandler<GetRolePolicyCommandInput, GetRolePolicyCommandOutput>((ctx, input) => {
      const record = requireRole(ctx, input.RoleName);
      const document = record.inlinePolicies[input.PolicyName ?? ''];
      if (document === undefined) throw ctx.error('NoSuchEntity', `The role policy with name ${input.PolicyName ?? ''} cannot be found.`, 404);
      return { RoleName: record.name, PolicyName: input.PolicyName, PolicyDocument: encode(document) };
    }),

    'IAM:ListRolePolicies': defineHandler<ListRolePoliciesCommandInput, ListRolePoliciesCommandOutput>((ctx, input) => {
      const record = requireRole(ctx, input.RoleName);
      const { page, IsTruncated, Marker } = markerPage(ctx, Object.keys(record.inlinePolicies), (n) => n, input);
      return { PolicyNames: page, IsTruncated, Marker };
    }),

    'IAM:DeleteRolePolicy': defineHandler<DeleteRolePolicyCommandInput, DeleteRolePolicyCommandOutput>((ctx, input) => {
      const record = requireRole(ctx, input.RoleName);
      const name = input.PolicyName ?? '';
      if (!(name in record.inlinePolicies)) throw ctx.error('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404);
      delete record.inlinePolicies[name];
      return {};
    }),

    'IAM:AttachRolePolicy': defineHandler<AttachRolePolicyCommandInput, AttachRolePolicyCommandOutput>((ctx, input) => {
      const record = requireRole(ctx, input.RoleName);
      const arn = input.PolicyArn ?? '';
      if (!/^arn:aws:iam::(aws|\d{12}):policy\/.+/.test(arn)) throw ctx.error('InvalidInput', `ARN ${arn} is not valid.`);
      if (!record.attachedPolicies.includes(arn)) record.attachedPolicies.push(arn);
      return {};
    }),

    'IAM:DetachRolePolicy': defineHandler<DetachRolePolicyCommandInput, DetachRolePolicyCommandOutput>((ctx, input) => {
      const record = requireRole(ctx, input.RoleName);
      const arn = input.PolicyArn ?? '';
      if (!record.attachedPolicies.includes(arn)) throw ctx.error('NoSuchEntity', `Policy ${arn} was not found.`, 404);
      record.attachedPolicies = record.attachedPolicies.filter((a) => a !== arn);
      return {};
    }),

    'IAM:ListAttachedRolePolicies': defineHandler<ListAttachedRolePoliciesCommandInput, ListAttachedRolePoliciesCommandOutput>((ctx, input) => {
      const record = requireRole(ctx, input.RoleName);
      const prefix = input.PathPrefix ?? '/';
      const attached = record.attachedPolicies
        .map((arn) => {
          const resource = arn.slice(arn.indexOf(':policy') + ':policy'.length);
          return { PolicyArn: arn, PolicyName: resource.slice(resource.lastIndexOf('/') + 1), path: resource.slice(0, resource.lastIndexOf('/') + 1) };
        })
        .filter((p) => p.path.startsWith(prefix));
      const { page, IsTruncated, Marker } = markerPage(ctx, attached, (p) => p.PolicyArn, input);
      return { AttachedPolicies: page.map(({ PolicyArn, PolicyName }) => ({ PolicyArn, PolicyName })), IsTruncated, Marker };
    }),
  },
};
