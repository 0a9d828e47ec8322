/**
 * AWS RAM resource shares: CreateResourceShare, GetResourceShares, UpdateResourceShare,
 * DeleteResourceShare, AssociateResourceShare, DisassociateResourceShare, GetResourceShareAssociations,
 * TagResource, UntagResource, GetResourceShareInvitations, AcceptResourceShareInvitation,
 * RejectResourceShareInvitation, ListResources.
 *
 * References (AWS RAM API Reference):
 * - https://docs.aws.amazon.com/ram/latest/APIReference/API_CreateResourceShare.html
 *   (`allowExternalPrincipals` defaults to true; `clientToken` replays, IdempotentParameterMismatch)
 * - https://docs.aws.amazon.com/ram/latest/APIReference/API_GetResourceShares.html
 *   (`resourceOwner` SELF | OTHER-ACCOUNTS required; `tagFilters`; `maxResults` 1–500; `nextToken`)
 * - https://docs.aws.amazon.com/ram/latest/APIReference/API_UpdateResourceShare.html
 * - https://docs.aws.amazon.com/ram/latest/APIReference/API_DeleteResourceShare.html
 * - https://docs.aws.amazon.com/ram/latest/APIReference/API_AssociateResourceShare.html
 * - https://docs.aws.amazon.com/ram/latest/APIReference/API_DisassociateResourceShare.html
 * - https://docs.aws.amazon.com/ram/latest/APIReference/API_GetResourceShareAssociations.html
 * - https://docs.aws.amazon.com/ram/latest/APIReference/API_ResourceShareAssociation.html
 *   (`associatedEntity`, `associationType`, `status` ASSOCIATING | ASSOCIATED | FAILED | DISASSOCIATING |
 *   DISASSOCIATED, `statusMessage`, `external`)
 * - https://docs.aws.amazon.com/ram/latest/APIReference/API_TagResource.html, API_UntagResource.html
 * - Errors: each operation's "Errors" section; the SDK's modeled classes (see `ramError` in ../errors.ts).
 *
 * What the simulation models, and how:
 * - Asynchronous states are computed from timestamps and `asyncDelayMs`: a deleted share is DELETING,
 *   then DELETED, and stays visible as DELETED (AWS keeps deleted shares listed for a while; the
 *   simulation keeps them for good), so callers of GetResourceShares must filter them. Associations are
 *   ASSOCIATING → ASSOCIATED (or FAILED) and DISASSOCIATING → DISASSOCIATED; the writing call answers
 *   with the transitional state.
 * - Organization membership, without an Organizations API: an account is in the caller's organization
 *   when `options.organizationAccounts` lists it, or — without that option — when the simulation knows
 *   it (it has made a call, or a test has touched it, e.g. with a DescribeSubnets as that account). An
 *   account never seen is external. OU and organization ARNs are accepted when well-formed and never
 *   external. An external account principal of a share with `allowExternalPrincipals: false` ends
 *   FAILED with a `statusMessage`.
 * - Invitations (https://docs.aws.amazon.com/ram/latest/userguide/working-with-shared-invitations.html):
 *   an account principal outside the organization — or any account principal when
 *   `options.ramOrganizationSharing` is false — gets an invitation
 *   (`arn:aws:ram:<region>:<owner>:resource-share-invitation/<uuid>`; the account in that ARN is
 *   unconfirmed). Its principal association stays ASSOCIATING, and the share and its resources stay
 *   invisible to the principal (GetResourceShares OTHER-ACCOUNTS, ListResources, Lattice
 *   ListServiceNetworks), until AcceptResourceShareInvitation; a rejected or expired (7 days) invitation
 *   leaves the association FAILED (unconfirmed). Inside an organization with sharing enabled there is no
 *   invitation: the association goes ASSOCIATED directly. Errors of Accept/Reject (API Reference and the
 *   SDK model): ResourceShareInvitationArnNotFoundException (unknown ARN),
 *   …AlreadyAcceptedException, …AlreadyRejectedException, …ExpiredException, MalformedArnException.
 * - Subnets only inside the organization (`requireOrganizationOnly`): a share that would hold a subnet
 *   and an account outside it is refused with OperationNotPermittedException.
 * - Shareable resources: subnets (`arn:aws:ec2:<region>:<account>:subnet/<id>`) and VPC Lattice service
 *   networks, services and resource configurations of the caller's own account and region that exist
 *   (visible) — anything else is UnknownResourceException; a string that is not an ARN is
 *   MalformedArnException; other resource types are not simulated (loud error). ListResources reports
 *   their RAM types (`ec2:Subnet`, `vpc-lattice:ServiceNetwork`, `vpc-lattice:ResourceConfiguration`).
 * - Not modeled: managed permissions (`permissionArns`), `sources`, OU membership (OTHER-ACCOUNTS lists
 *   shares whose principal is the caller's account or the organization), and the effect of a subnet
 *   share on the participant's DescribeSubnets (the subnet module would need a hook to show shared subnets).
 */
import type {
  AcceptResourceShareInvitationCommandInput,
  AcceptResourceShareInvitationCommandOutput,
  GetResourceShareInvitationsCommandInput,
  GetResourceShareInvitationsCommandOutput,
  ListResourcesCommandInput,
  ListResourcesCommandOutput,
  RejectResourceShareInvitationCommandInput,
  RejectResourceShareInvitationCommandOutput,
  ResourceShareInvitation,
  ResourceShareInvitationStatus,
  AssociateResourceShareCommandInput,
  AssociateResourceShareCommandOutput,
  CreateResourceShareCommandInput,
  CreateResourceShareCommandOutput,
  DeleteResourceShareCommandInput,
  DeleteResourceShareCommandOutput,
  DisassociateResourceShareCommandInput,
  DisassociateResourceShareCommandOutput,
  GetResourceShareAssociationsCommandInput,
  GetResourceShareAssociationsCommandOutput,
  GetResourceSharesCommandInput,
  GetResourceSharesCommandOutput,
  ResourceShare,
  ResourceShareAssociation,
  ResourceShareAssociationStatus,
  ResourceShareStatus,
  Tag,
  TagResourceCommandInput,
  TagResourceCommandOutput,
  UntagResourceCommandInput,
  UntagResourceCommandOutput,
  UpdateResourceShareCommandInput,
  UpdateResourceShareCommandOutput,
} from '@aws-sdk/client-ram';
import { withClientToken } from '../client-token.js';
import { NotImplementedInSimulation } from '../errors.js';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import { DEFAULT_PAGE_SIZE } from '../options.js';
import type { ResourceRecord, SimState } from '../state.js';
import { asyncDelayFor } from '../options.js';

export const RESOURCE_SHARE_KIND = 'ram:resource-share';

/** GetResourceShares / GetResourceShareAssociations: `maxResults` 1–500 (API Reference). */
const MAX_RESULTS = 500;
/** Tag limits (API_TagResource, API_Tag): 50 tags, keys up to 128 and values up to 256 characters. */
const MAX_TAGS = 50;
const MAX_TAG_KEY_LENGTH = 128;
const MAX_TAG_VALUE_LENGTH = 256;
const TOKEN_PREFIX = 'ram-sim-page:';

type AssociationType = 'PRINCIPAL' | 'RESOURCE';

/** An invitation to the principal account of one association (see `inviteeOf`). */
export interface InvitationRecord {
  /** `arn:aws:ram:<region>:<sender account>:resource-share-invitation/<uuid>`. */
  arn: string;
  receiver: string;
  createdAt: number;
  acceptedAt?: number;
  rejectedAt?: number;
}

export interface AssociationRecord {
  entity: string;
  /** Set for an account principal that must accept: ASSOCIATING until then. */
  invitation?: InvitationRecord;
  type: AssociationType;
  /** `associate` ends ASSOCIATED (or FAILED when `failure` is set); `disassociate` ends DISASSOCIATED. */
  phase: 'associate' | 'disassociate';
  /** Epoch ms the current phase began. */
  since: number;
  createdAt: number;
  external: boolean;
  failure?: string;
}

export interface ResourceShareRecord extends ResourceRecord {
  /** The share ARN. */
  readonly id: string;
  name: string;
  allowExternalPrincipals: boolean;
  updatedAt: number;
  /** Set by DeleteResourceShare: DELETING until `asyncDelayMs` later, then DELETED. */
  deletedAt?: number;
  associations: AssociationRecord[];
}

export function resourceShares(ctx: HandlerContext): Record<string, ResourceShareRecord> {
  return ctx.collection<ResourceShareRecord>('ram', 'resourceShares');
}

function done(ctx: HandlerContext, since: number): boolean {
  return ctx.now >= since + (asyncDelayFor(ctx.options, 'ram:resource-share'));
}

export function shareStatus(ctx: HandlerContext, share: ResourceShareRecord): ResourceShareStatus {
  if (share.deletedAt === undefined) return 'ACTIVE';
  return done(ctx, share.deletedAt) ? 'DELETED' : 'DELETING';
}

export function associationStatus(ctx: HandlerContext, association: AssociationRecord): ResourceShareAssociationStatus {
  const finished = done(ctx, association.since);
  if (association.phase === 'disassociate') return finished ? 'DISASSOCIATED' : 'DISASSOCIATING';
  if (!finished) return 'ASSOCIATING';
  if (association.failure) return 'FAILED';
  const invitation = association.invitation;
  if (invitation) {
    const status = invitationStatus(ctx, invitation);
    if (status === 'PENDING') return 'ASSOCIATING';
    if (status !== 'ACCEPTED') return 'FAILED';
    return done(ctx, invitation.acceptedAt!) ? 'ASSOCIATED' : 'ASSOCIATING';
  }
  return 'ASSOCIATED';
}

/**
 * How long an invitation waits: "7 days" for the resource types the user guide lists, 12 hours for
 * the rest (docs.aws.amazon.com/ram/latest/userguide/working-with-shared-invitations.html). Which types
 * are listed is unconfirmed; the simulation gives every invitation 7 days.
 */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;

export function invitationStatus(ctx: HandlerContext, invitation: InvitationRecord): ResourceShareInvitationStatus {
  if (invitation.acceptedAt !== undefined) return 'ACCEPTED';
  if (invitation.rejectedAt !== undefined) return 'REJECTED';
  return ctx.now >= invitation.createdAt + INVITATION_TTL_MS ? 'EXPIRED' : 'PENDING';
}

// ---------------------------------------------------------------------------------------------------
// Validation

const ARN = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;
const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ARN = /^arn:aws[a-z-]*:organizations::\d{12}:organization\/o-[a-z0-9]+$/;
const OU_ARN = /^arn:aws[a-z-]*:organizations::\d{12}:ou\/o-[a-z0-9]+\/ou-[a-z0-9]+-[a-z0-9]+$/;
const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(role|user)\/.+$/;

interface ParsedArn {
  service: string;
  region: string;
  account: string;
  resource: string;
}

function parseArn(arn: string): ParsedArn | undefined {
  const match = ARN.exec(arn);
  if (!match) return undefined;
  return { service: match[1]!, region: match[2]!, account: match[3]!, resource: match[4]! };
}

function malformedArn(ctx: HandlerContext, arn: string): Error {
  return ctx.error('MalformedArnException', `The format of ARN ${arn} is not valid.`);
}

/** The share `arn` of the caller's account and region, visible, else Malformed/UnknownResource. */
function requireShare(ctx: HandlerContext, arn: string | undefined, options: { active?: boolean } = {}): ResourceShareRecord {
  if (!arn) throw ctx.error('MissingRequiredParameterException', 'The request must contain the parameter resourceShareArn.');
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'ram' || !parsed.resource.startsWith('resource-share/')) throw malformedArn(ctx, arn);
  const share = resourceShares(ctx)[arn];
  if (!share || !ctx.isVisible(share)) throw ctx.error('UnknownResourceException', `ResourceShare ${arn} could not be found.`);
  if (options.active && shareStatus(ctx, share) !== 'ACTIVE') {
    throw ctx.error('UnknownResourceException', `ResourceShare ${arn} could not be found (it is ${shareStatus(ctx, share)}).`);
  }
  return share;
}

/** Resource types the simulation can share: `<service>:<type from the ARN>` → where its records live. */
const SHAREABLE: Readonly<Record<string, { service: string; collection: string; resourceType: string }>> = {
  'ec2:subnet': { service: 'ec2', collection: 'subnets', resourceType: 'ec2:Subnet' },
  // RAM shareable types (docs.aws.amazon.com/ram/latest/userguide/shareable.html):
  // vpc-lattice:ServiceNetwork, vpc-lattice:Service, vpc-lattice:ResourceConfiguration.
  'vpc-lattice:servicenetwork': { service: 'vpc-lattice', collection: 'serviceNetworks', resourceType: 'vpc-lattice:ServiceNetwork' },
  'vpc-lattice:service': { service: 'vpc-lattice', collection: 'services', resourceType: 'vpc-lattice:Service' },
  'vpc-lattice:resourceconfiguration': { service: 'vpc-lattice', collection: 'resourceConfigurations', resourceType: 'vpc-lattice:ResourceConfiguration' },
};

/** The RAM resource type of a shareable ARN (`ec2:Subnet`, `vpc-lattice:ServiceNetwork`…). */
export function ramResourceType(arn: string): string | undefined {
  const parsed = parseArn(arn);
  const slash = parsed?.resource.indexOf('/') ?? -1;
  if (!parsed || slash <= 0) return undefined;
  return SHAREABLE[`${parsed.service}:${parsed.resource.slice(0, slash)}`]?.resourceType;
}

/**
 * A resource ARN must name a resource the caller owns in this region that exists; RAM answers
 * UnknownResourceException otherwise (a subnet of another account included: only owners share).
 */
function requireShareableResource(ctx: HandlerContext, arn: string): void {
  const parsed = parseArn(arn);
  const slash = parsed?.resource.indexOf('/') ?? -1;
  if (!parsed || slash <= 0) throw malformedArn(ctx, arn);
  const type = parsed.resource.slice(0, slash);
  const id = parsed.resource.slice(slash + 1);
  const shareable = SHAREABLE[`${parsed.service}:${type}`];
  if (!shareable) throw new NotImplementedInSimulation(ctx.service, `sharing ${parsed.service}:${type} resources (${arn})`);
  const unknown = () => ctx.error('UnknownResourceException', `Resource ${arn} could not be found.`);
  if (parsed.account !== ctx.account || parsed.region !== ctx.region) throw unknown();
  const record = ctx.collection<ResourceRecord & { deletedAt?: number }>(shareable.service, shareable.collection)[id];
  if (!record || !ctx.isVisible(record) || record.deletedAt !== undefined) throw unknown();
}

/**
 * Organization membership (see the file comment): accounts the simulation knows are members. Reads
 * the state without touching it, so that asking never enrols an account.
 */
function inOrganization(state: SimState, account: string, options: HandlerContext['options']): boolean {
  if (options.organizationAccounts) return options.organizationAccounts.includes(account);
  return Object.prototype.hasOwnProperty.call(state.accounts, account);
}

/**
 * Whether an account principal must accept an invitation: "If you share with accounts that are not
 * part of your organization, or if sharing with AWS Organizations is not enabled, the principals
 * receive an invitation" — none for the owning account itself (RAM user guide,
 * working-with-sharing-create.html and working-with-shared-invitations.html; docs/aws-behaviour.md §6).
 */
function needsInvitation(ctx: HandlerContext, principal: string): boolean {
  if (!ACCOUNT_ID.test(principal) || principal === ctx.account) return false;
  return ctx.options.ramOrganizationSharing === false || !inOrganization(ctx.state, principal, ctx.options);
}

/** Validates a principal; returns whether it is outside the caller's organization. */
function principalIsExternal(ctx: HandlerContext, principal: string): boolean {
  if (ACCOUNT_ID.test(principal)) return !inOrganization(ctx.state, principal, ctx.options);
  if (ORGANIZATION_ARN.test(principal) || OU_ARN.test(principal)) return false;
  const iam = IAM_PRINCIPAL_ARN.exec(principal);
  if (iam) return !inOrganization(ctx.state, iam[1]!, ctx.options);
  if (principal.startsWith('arn:')) throw malformedArn(ctx, principal);
  throw ctx.error('InvalidParameterException', `Principal ${principal} is not a valid AWS account ID, organization, OU or IAM ARN.`);
}

function validateTags(ctx: HandlerContext, tags: readonly Tag[]): void {
  for (const { key, value } of tags) {
    if (!key) throw ctx.error('InvalidParameterException', 'Tag key must not be empty.');
    if ([...key].length > MAX_TAG_KEY_LENGTH || (value !== undefined && [...value].length > MAX_TAG_VALUE_LENGTH)) {
      throw ctx.error('InvalidParameterException', `Tag ${key} exceeds the maximum key or value length.`);
    }
    if (key.toLowerCase().startsWith('aws:')) throw ctx.error('InvalidParameterException', `Tag keys starting with 'aws:' are reserved.`);
  }
}

function mergeTags(ctx: HandlerContext, existing: Record<string, string>, tags: readonly Tag[]): Record<string, string> {
  validateTags(ctx, tags);
  const merged = { ...existing };
  for (const { key, value } of tags) merged[key!] = value ?? '';
  if (Object.keys(merged).length > MAX_TAGS) {
    throw ctx.error('TagLimitExceededException', `A resource share can have at most ${MAX_TAGS} tags.`);
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------------
// Associations

function unique(values: readonly string[] | undefined): string[] {
  return [...new Set(values ?? [])];
}

function validateEntities(ctx: HandlerContext, resourceArns: readonly string[], principals: readonly string[]): Map<string, boolean> {
  for (const arn of resourceArns) requireShareableResource(ctx, arn);
  return new Map(principals.map((principal) => [principal, principalIsExternal(ctx, principal)]));
}

/**
 * Subnets can be shared only inside the organization: a share that would hold a subnet and an account
 * principal outside it is refused, nothing changed. The message is AWS's as users report it
 * (**third-party**: terraform-provider-aws #7769 and #12169, terraform-aws-transit-gateway #28); the code
 * is OperationNotPermittedException there on CreateResourceShare and on associating, and
 * InvalidParameterException in later reports of AssociateResourceShare (unconfirmed which; both are
 * errors a retry cannot fix). AWS refuses it too while sharing with the organization is not enabled;
 * the simulation does not: its `ramOrganizationSharing: false` stands in for a Share owner in another
 * organization (every principal invited), whose Network's subnets are still shared inside its own.
 */
function requireOrganizationOnly(ctx: HandlerContext, share: ResourceShareRecord | undefined, resourceArns: readonly string[], principals: Iterable<string>): void {
  const active = (type: AssociationType) =>
    (share?.associations ?? []).filter((a) => a.type === type && ['ASSOCIATING', 'ASSOCIATED'].includes(associationStatus(ctx, a))).map((a) => a.entity);
  const subnets = [...resourceArns, ...active('RESOURCE')].filter((arn) => parseArn(arn)?.resource.startsWith('subnet/'));
  if (subnets.length === 0) return;
  const outside = [...principals, ...active('PRINCIPAL')].find((principal) => ACCOUNT_ID.test(principal) && !inOrganization(ctx.state, principal, ctx.options));
  if (outside === undefined) return;
  throw ctx.error(
    'OperationNotPermittedException',
    'The resource you are attempting to share can only be shared within your AWS Organization. This error may also occur if you have not enabled sharing with your AWS organization, or that onboarding process is still in progress.',
  );
}

function findAssociation(share: ResourceShareRecord, type: AssociationType, entity: string): AssociationRecord | undefined {
  return share.associations.find((a) => a.type === type && a.entity === entity);
}

/** Starts associating; an entity already ASSOCIATING/ASSOCIATED is left as is (the call is idempotent). */
function associate(
  ctx: HandlerContext,
  share: ResourceShareRecord,
  type: AssociationType,
  entity: string,
  external: boolean,
): AssociationRecord {
  const existing = findAssociation(share, type, entity);
  if (existing) {
    const status = associationStatus(ctx, existing);
    if (status === 'ASSOCIATING' || status === 'ASSOCIATED') return existing;
    if (status === 'DISASSOCIATING') {
      throw ctx.error('InvalidStateTransitionException', `${entity} is still being disassociated from ${share.id}.`);
    }
  }
  const failure =
    external && !share.allowExternalPrincipals
      ? `The resource share ${share.name} does not allow principals outside your organization; ${entity} is not in it.`
      : undefined;
  const record: AssociationRecord = {
    entity,
    type,
    phase: 'associate',
    since: ctx.now,
    createdAt: ctx.now,
    external,
    ...(failure ? { failure } : {}),
    ...(type === 'PRINCIPAL' && !failure && needsInvitation(ctx, entity)
      ? { invitation: { arn: `arn:aws:ram:${ctx.region}:${ctx.account}:resource-share-invitation/${uuid(ctx)}`, receiver: entity, createdAt: ctx.now } }
      : {}),
  };
  share.associations = [...share.associations.filter((a) => a !== existing), record];
  return record;
}

function disassociate(ctx: HandlerContext, share: ResourceShareRecord, type: AssociationType, entity: string): AssociationRecord {
  const existing = findAssociation(share, type, entity);
  const status = existing && associationStatus(ctx, existing);
  if (!existing || status === 'DISASSOCIATED') {
    throw ctx.error('UnknownResourceException', `${entity} is not associated with ResourceShare ${share.id}.`);
  }
  if (status !== 'DISASSOCIATING') {
    existing.phase = 'disassociate';
    existing.since = ctx.now;
    delete existing.failure;
  }
  return existing;
}

function toAssociation(ctx: HandlerContext, share: ResourceShareRecord, association: AssociationRecord): ResourceShareAssociation {
  const status = associationStatus(ctx, association);
  return {
    resourceShareArn: share.id,
    resourceShareName: share.name,
    associatedEntity: association.entity,
    associationType: association.type,
    status,
    ...(status === 'FAILED' ? { statusMessage: association.failure } : {}),
    creationTime: new Date(association.createdAt),
    lastUpdatedTime: new Date(association.since),
    external: association.type === 'PRINCIPAL' ? association.external : false,
  };
}

// ---------------------------------------------------------------------------------------------------
// Shares and pagination

function tagList(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

function toShare(ctx: HandlerContext, share: ResourceShareRecord): ResourceShare {
  const status = shareStatus(ctx, share);
  return {
    resourceShareArn: share.id,
    name: share.name,
    owningAccountId: parseArn(share.id)!.account,
    allowExternalPrincipals: share.allowExternalPrincipals,
    status,
    tags: tagList(share.tags),
    creationTime: new Date(share.createdAt),
    lastUpdatedTime: new Date(status === 'ACTIVE' ? share.updatedAt : share.deletedAt!),
    featureSet: 'STANDARD',
  };
}

/**
 * RAM paging: `maxResults` 1–500 (InvalidParameterException outside), an opaque `nextToken`
 * (InvalidNextTokenException when it is not one of ours). Pages are at most `options.pageSize`.
 */
function paginate<T>(
  ctx: HandlerContext,
  items: readonly T[],
  keyOf: (item: T) => string,
  request: { maxResults?: number | undefined; nextToken?: string | undefined },
): { page: T[]; nextToken: string | undefined } {
  if (request.maxResults !== undefined && (request.maxResults < 1 || request.maxResults > MAX_RESULTS)) {
    throw ctx.error('InvalidParameterException', `maxResults must be between 1 and ${MAX_RESULTS}.`);
  }
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  let start = 0;
  if (request.nextToken !== undefined) {
    const text = Buffer.from(request.nextToken, 'base64url').toString();
    if (!text.startsWith(TOKEN_PREFIX)) throw ctx.error('InvalidNextTokenException', 'The specified value for nextToken is not valid.');
    const after = text.slice(TOKEN_PREFIX.length);
    start = sorted.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = sorted.length;
  }
  const pageSize = Math.max(1, ctx.options.pageSize ?? DEFAULT_PAGE_SIZE);
  const size = Math.min(request.maxResults ?? pageSize, pageSize);
  const page = sorted.slice(start, start + size);
  const more = start + size < sorted.length;
  return { page, nextToken: more ? Buffer.from(TOKEN_PREFIX + keyOf(page[page.length - 1]!)).toString('base64url') : undefined };
}

/** Shares other accounts own in this region whose principals include the caller's account or organization. */
function sharedWithCaller(ctx: HandlerContext): ResourceShareRecord[] {
  const found: ResourceShareRecord[] = [];
  for (const [account, regions] of Object.entries(ctx.state.accounts)) {
    if (account === ctx.account) continue;
    const shares = (regions[ctx.region]?.services['ram']?.['resourceShares'] ?? {}) as Record<string, ResourceShareRecord>;
    for (const share of Object.values(shares)) {
      const reaches = share.associations.some(
        (a) =>
          a.type === 'PRINCIPAL' &&
          associationStatus(ctx, a) === 'ASSOCIATED' &&
          (a.entity === ctx.account || (ORGANIZATION_ARN.test(a.entity) && inOrganization(ctx.state, ctx.account, ctx.options))),
      );
      if (reaches && ctx.isVisible(share)) found.push(share);
    }
  }
  return found;
}

/** Every share of every account in the caller's region, read without materializing any account. */
function sharesInRegion(ctx: HandlerContext): ResourceShareRecord[] {
  return Object.values(ctx.state.accounts).flatMap((regions) =>
    Object.values((regions[ctx.region]?.services['ram']?.['resourceShares'] ?? {}) as Record<string, ResourceShareRecord>),
  );
}

/** Whether an ASSOCIATED principal association of `share` reaches `account` (itself, or its organization). */
function reachesAccount(ctx: HandlerContext, share: ResourceShareRecord, account: string): boolean {
  return share.associations.some(
    (a) =>
      a.type === 'PRINCIPAL' &&
      associationStatus(ctx, a) === 'ASSOCIATED' &&
      (a.entity === account ||
        ((ORGANIZATION_ARN.test(a.entity) || OU_ARN.test(a.entity)) && inOrganization(ctx.state, account, ctx.options))),
  );
}

/**
 * ARNs of resources other accounts share with `account` in the caller's region: the share is ACTIVE,
 * the resource association ASSOCIATED and a principal association reaching the account ASSOCIATED
 * (accepted, when an invitation was needed). Other modules use it (Lattice ListServiceNetworks).
 */
export function sharedResourceArns(ctx: HandlerContext, account: string): string[] {
  const arns = new Set<string>();
  for (const share of sharesInRegion(ctx)) {
    if (parseArn(share.id)!.account === account || shareStatus(ctx, share) !== 'ACTIVE' || !ctx.isVisible(share)) continue;
    if (!reachesAccount(ctx, share, account)) continue;
    for (const a of share.associations) if (a.type === 'RESOURCE' && associationStatus(ctx, a) === 'ASSOCIATED') arns.add(a.entity);
  }
  return [...arns];
}

/** Whether `resourceArn` is shared with `account` (see `sharedResourceArns`). */
export function resourceSharedWith(ctx: HandlerContext, resourceArn: string, account: string): boolean {
  return sharedResourceArns(ctx, account).includes(resourceArn);
}

/** Invitations addressed to the caller's account in this region, with their share and association. */
function invitationsOfCaller(ctx: HandlerContext): { share: ResourceShareRecord; association: AssociationRecord; invitation: InvitationRecord }[] {
  return sharesInRegion(ctx).flatMap((share) =>
    share.associations
      .filter((a) => a.invitation?.receiver === ctx.account && ctx.isVisible(share))
      .map((association) => ({ share, association, invitation: association.invitation! })),
  );
}

function toInvitation(
  ctx: HandlerContext,
  row: { share: ResourceShareRecord; association: AssociationRecord; invitation: InvitationRecord },
): ResourceShareInvitation {
  return {
    resourceShareInvitationArn: row.invitation.arn,
    resourceShareName: row.share.name,
    resourceShareArn: row.share.id,
    senderAccountId: parseArn(row.share.id)!.account,
    receiverAccountId: row.invitation.receiver,
    invitationTimestamp: new Date(row.invitation.createdAt),
    status: invitationStatus(ctx, row.invitation),
  };
}

/** Accept/Reject: the caller's invitation, or the documented errors for an unknown or settled one. */
function respondToInvitation(ctx: HandlerContext, arn: string | undefined, response: 'accept' | 'reject'): ResourceShareInvitation {
  if (!arn) throw ctx.error('MissingRequiredParameterException', 'The request must contain the parameter resourceShareInvitationArn.');
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'ram' || !parsed.resource.startsWith('resource-share-invitation/')) throw malformedArn(ctx, arn);
  const row = invitationsOfCaller(ctx).find((r) => r.invitation.arn === arn);
  // API_AcceptResourceShareInvitation / API_RejectResourceShareInvitation "Errors" (and the SDK model).
  if (!row) throw ctx.error('ResourceShareInvitationArnNotFoundException', `ResourceShareInvitation ${arn} could not be found.`);
  const status = invitationStatus(ctx, row.invitation);
  if (status === 'ACCEPTED') throw ctx.error('ResourceShareInvitationAlreadyAcceptedException', `ResourceShareInvitation ${arn} has already been accepted.`);
  if (status === 'REJECTED') throw ctx.error('ResourceShareInvitationAlreadyRejectedException', `ResourceShareInvitation ${arn} has already been rejected.`);
  if (status === 'EXPIRED') throw ctx.error('ResourceShareInvitationExpiredException', `ResourceShareInvitation ${arn} has expired.`);
  if (response === 'accept') row.invitation.acceptedAt = ctx.now;
  else row.invitation.rejectedAt = ctx.now;
  return toInvitation(ctx, row);
}

function matchesTagFilters(share: ResourceShareRecord, filters: GetResourceSharesCommandInput['tagFilters']): boolean {
  // Every filter must match: the key is present and, when values are given, its value is one of them.
  return (filters ?? []).every(({ tagKey, tagValues }) => {
    if (tagKey === undefined || !(tagKey in share.tags)) return false;
    return !tagValues || tagValues.length === 0 || tagValues.includes(share.tags[tagKey]!);
  });
}

// ---------------------------------------------------------------------------------------------------

export const resourceShareModule: SimModule = {
  name: 'ram/resource-share',
  handlers: {
    'RAM:CreateResourceShare': defineHandler<CreateResourceShareCommandInput, CreateResourceShareCommandOutput>((ctx, input) =>
      withClientToken(
        ctx,
        input.clientToken,
        { ...input },
        () => {
          if (!input.name) throw ctx.error('InvalidParameterException', 'The request must contain a resource share name.');
          if ((input.permissionArns?.length ?? 0) > 0 || (input.sources?.length ?? 0) > 0) {
            throw new NotImplementedInSimulation(ctx.service, 'CreateResourceShare(permissionArns, sources)');
          }
          const resourceArns = unique(input.resourceArns);
          const principals = validateEntities(ctx, resourceArns, unique(input.principals));
          requireOrganizationOnly(ctx, undefined, resourceArns, principals.keys());
          const tags = mergeTags(ctx, {}, input.tags ?? []);
          const id = `arn:aws:ram:${ctx.region}:${ctx.account}:resource-share/${uuid(ctx)}`;
          const share: ResourceShareRecord = {
            id,
            name: input.name,
            // "The default value is true." (API_CreateResourceShare)
            allowExternalPrincipals: input.allowExternalPrincipals ?? true,
            tags,
            createdAt: ctx.now,
            updatedAt: ctx.now,
            associations: [],
          };
          for (const arn of resourceArns) associate(ctx, share, 'RESOURCE', arn, false);
          for (const [principal, external] of principals) associate(ctx, share, 'PRINCIPAL', principal, external);
          resourceShares(ctx)[id] = share;
          return { resourceShare: toShare(ctx, share), clientToken: input.clientToken };
        },
        'clientToken',
      ),
    ),

    'RAM:GetResourceShares': defineHandler<GetResourceSharesCommandInput, GetResourceSharesCommandOutput>((ctx, input) => {
      if (input.resourceOwner !== 'SELF' && input.resourceOwner !== 'OTHER-ACCOUNTS') {
        throw ctx.error('InvalidParameterException', 'resourceOwner must be SELF or OTHER-ACCOUNTS.');
      }
      if (input.permissionArn !== undefined || input.permissionVersion !== undefined) {
        throw new NotImplementedInSimulation(ctx.service, 'GetResourceShares(permissionArn)');
      }
      let candidates =
        input.resourceOwner === 'SELF' ? Object.values(resourceShares(ctx)).filter((share) => ctx.isVisible(share)) : sharedWithCaller(ctx);
      if (input.resourceShareArns && input.resourceShareArns.length > 0) {
        const wanted = new Set(input.resourceShareArns);
        for (const arn of wanted) {
          if (!parseArn(arn)) throw malformedArn(ctx, arn);
          if (!candidates.some((share) => share.id === arn)) throw ctx.error('UnknownResourceException', `ResourceShare ${arn} could not be found.`);
        }
        candidates = candidates.filter((share) => wanted.has(share.id));
      }
      const filtered = candidates.filter(
        (share) =>
          (input.resourceShareStatus === undefined || shareStatus(ctx, share) === input.resourceShareStatus) &&
          (input.name === undefined || share.name === input.name) &&
          matchesTagFilters(share, input.tagFilters),
      );
      const { page, nextToken } = paginate(ctx, filtered, (share) => share.id, input);
      return { resourceShares: page.map((share) => toShare(ctx, share)), nextToken };
    }),

    'RAM:UpdateResourceShare': defineHandler<UpdateResourceShareCommandInput, UpdateResourceShareCommandOutput>((ctx, input) =>
      withClientToken(
        ctx,
        input.clientToken,
        { ...input },
        () => {
          const share = requireShare(ctx, input.resourceShareArn, { active: true });
          if (input.name !== undefined) {
            if (input.name === '') throw ctx.error('InvalidParameterException', 'The resource share name must not be empty.');
            share.name = input.name;
          }
          if (input.allowExternalPrincipals !== undefined) share.allowExternalPrincipals = input.allowExternalPrincipals;
          share.updatedAt = ctx.now;
          return { resourceShare: toShare(ctx, share), clientToken: input.clientToken };
        },
        'clientToken',
      ),
    ),

    'RAM:DeleteResourceShare': defineHandler<DeleteResourceShareCommandInput, DeleteResourceShareCommandOutput>((ctx, input) =>
      withClientToken(
        ctx,
        input.clientToken,
        { ...input },
        () => {
          const share = requireShare(ctx, input.resourceShareArn);
          const status = shareStatus(ctx, share);
          if (status === 'DELETED') throw ctx.error('UnknownResourceException', `ResourceShare ${share.id} could not be found (it is DELETED).`);
          if (status === 'DELETING') throw ctx.error('InvalidStateTransitionException', `ResourceShare ${share.id} is already being deleted.`);
          share.deletedAt = ctx.now;
          // Deleting a share stops all of its sharing: every association goes away with it.
          for (const association of share.associations) {
            if (association.phase === 'associate') {
              association.phase = 'disassociate';
              association.since = ctx.now;
              delete association.failure;
            }
          }
          return { returnValue: true, clientToken: input.clientToken };
        },
        'clientToken',
      ),
    ),

    'RAM:AssociateResourceShare': defineHandler<AssociateResourceShareCommandInput, AssociateResourceShareCommandOutput>((ctx, input) =>
      withClientToken(
        ctx,
        input.clientToken,
        { ...input },
        () => {
          const share = requireShare(ctx, input.resourceShareArn, { active: true });
          if ((input.sources?.length ?? 0) > 0) throw new NotImplementedInSimulation(ctx.service, 'AssociateResourceShare(sources)');
          const resourceArns = unique(input.resourceArns);
          const principals = validateEntities(ctx, resourceArns, unique(input.principals));
          if (resourceArns.length === 0 && principals.size === 0) {
            throw ctx.error('InvalidParameterException', 'The request must contain resourceArns or principals.');
          }
          requireOrganizationOnly(ctx, share, resourceArns, principals.keys());
          const changed = [
            ...resourceArns.map((arn) => associate(ctx, share, 'RESOURCE', arn, false)),
            ...[...principals].map(([principal, external]) => associate(ctx, share, 'PRINCIPAL', principal, external)),
          ];
          share.updatedAt = ctx.now;
          return { resourceShareAssociations: changed.map((a) => toAssociation(ctx, share, a)), clientToken: input.clientToken };
        },
        'clientToken',
      ),
    ),

    'RAM:DisassociateResourceShare': defineHandler<DisassociateResourceShareCommandInput, DisassociateResourceShareCommandOutput>(
      (ctx, input) =>
        withClientToken(
          ctx,
          input.clientToken,
          { ...input },
          () => {
            const share = requireShare(ctx, input.resourceShareArn, { active: true });
            if ((input.sources?.length ?? 0) > 0) throw new NotImplementedInSimulation(ctx.service, 'DisassociateResourceShare(sources)');
            const resourceArns = unique(input.resourceArns);
            const principals = unique(input.principals);
            if (resourceArns.length === 0 && principals.length === 0) {
              throw ctx.error('InvalidParameterException', 'The request must contain resourceArns or principals.');
            }
            // Check every entity before changing any, so a failed call changes nothing.
            for (const arn of resourceArns) if (!parseArn(arn)) throw malformedArn(ctx, arn);
            const entities: [AssociationType, string][] = [
              ...resourceArns.map((arn): [AssociationType, string] => ['RESOURCE', arn]),
              ...principals.map((principal): [AssociationType, string] => ['PRINCIPAL', principal]),
            ];
            for (const [type, entity] of entities) {
              const existing = findAssociation(share, type, entity);
              if (!existing || associationStatus(ctx, existing) === 'DISASSOCIATED') {
                throw ctx.error('UnknownResourceException', `${entity} is not associated with ResourceShare ${share.id}.`);
              }
            }
            const changed = entities.map(([type, entity]) => disassociate(ctx, share, type, entity));
            share.updatedAt = ctx.now;
            return { resourceShareAssociations: changed.map((a) => toAssociation(ctx, share, a)), clientToken: input.clientToken };
          },
          'clientToken',
        ),
    ),

    'RAM:GetResourceShareAssociations': defineHandler<GetResourceShareAssociationsCommandInput, GetResourceShareAssociationsCommandOutput>(
      (ctx, input) => {
        const type = input.associationType;
        if (type !== 'PRINCIPAL' && type !== 'RESOURCE') {
          throw ctx.error('InvalidParameterException', 'associationType must be PRINCIPAL or RESOURCE.');
        }
        // "You cannot specify this parameter if the association type is PRINCIPAL/RESOURCE."
        if ((type === 'PRINCIPAL' && input.resourceArn !== undefined) || (type === 'RESOURCE' && input.principal !== undefined)) {
          throw ctx.error('InvalidParameterException', `resourceArn is for RESOURCE and principal for PRINCIPAL associations.`);
        }
        const shares =
          input.resourceShareArns && input.resourceShareArns.length > 0
            ? unique(input.resourceShareArns).map((arn) => requireShare(ctx, arn))
            : Object.values(resourceShares(ctx)).filter((share) => ctx.isVisible(share));
        const rows = shares.flatMap((share) =>
          share.associations
            .filter(
              (a) =>
                a.type === type &&
                (input.resourceArn === undefined || a.entity === input.resourceArn) &&
                (input.principal === undefined || a.entity === input.principal) &&
                (input.associationStatus === undefined || associationStatus(ctx, a) === input.associationStatus),
            )
            .map((association) => ({ share, association })),
        );
        const { page, nextToken } = paginate(ctx, rows, (row) => `${row.share.id} ${row.association.entity}`, input);
        return { resourceShareAssociations: page.map((row) => toAssociation(ctx, row.share, row.association)), nextToken };
      },
    ),

    'RAM:GetResourceShareInvitations': defineHandler<GetResourceShareInvitationsCommandInput, GetResourceShareInvitationsCommandOutput>(
      (ctx, input) => {
        let rows = invitationsOfCaller(ctx);
        if (input.resourceShareInvitationArns && input.resourceShareInvitationArns.length > 0) {
          for (const arn of input.resourceShareInvitationArns) {
            if (!parseArn(arn)) throw malformedArn(ctx, arn);
            if (!rows.some((r) => r.invitation.arn === arn)) {
              throw ctx.error('ResourceShareInvitationArnNotFoundException', `ResourceShareInvitation ${arn} could not be found.`);
            }
          }
          rows = rows.filter((r) => input.resourceShareInvitationArns!.includes(r.invitation.arn));
        }
        if (input.resourceShareArns && input.resourceShareArns.length > 0) {
          for (const arn of input.resourceShareArns) if (!parseArn(arn)) throw malformedArn(ctx, arn);
          rows = rows.filter((r) => input.resourceShareArns!.includes(r.share.id));
        }
        if (input.maxResults !== undefined && (input.maxResults < 1 || input.maxResults > MAX_RESULTS)) {
          throw ctx.error('InvalidMaxResultsException', `maxResults must be between 1 and ${MAX_RESULTS}.`);
        }
        const { page, nextToken } = paginate(ctx, rows, (r) => r.invitation.arn, input);
        return { resourceShareInvitations: page.map((r) => toInvitation(ctx, r)), nextToken };
      },
    ),

    'RAM:AcceptResourceShareInvitation': defineHandler<AcceptResourceShareInvitationCommandInput, AcceptResourceShareInvitationCommandOutput>(
      (ctx, input) =>
        withClientToken(
          ctx,
          input.clientToken,
          { ...input },
          () => ({ resourceShareInvitation: respondToInvitation(ctx, input.resourceShareInvitationArn, 'accept'), clientToken: input.clientToken }),
          'clientToken',
        ),
    ),

    'RAM:RejectResourceShareInvitation': defineHandler<RejectResourceShareInvitationCommandInput, RejectResourceShareInvitationCommandOutput>(
      (ctx, input) =>
        withClientToken(
          ctx,
          input.clientToken,
          { ...input },
          () => ({ resourceShareInvitation: respondToInvitation(ctx, input.resourceShareInvitationArn, 'reject'), clientToken: input.clientToken }),
          'clientToken',
        ),
    ),

    'RAM:ListResources': defineHandler<ListResourcesCommandInput, ListResourcesCommandOutput>((ctx, input) => {
      if (input.resourceOwner !== 'SELF' && input.resourceOwner !== 'OTHER-ACCOUNTS') {
        throw ctx.error('InvalidParameterException', 'resourceOwner must be SELF or OTHER-ACCOUNTS.');
      }
      const shares =
        input.resourceOwner === 'SELF'
          ? Object.values(resourceShares(ctx)).filter((share) => ctx.isVisible(share) && shareStatus(ctx, share) === 'ACTIVE')
          : sharedWithCaller(ctx).filter((share) => shareStatus(ctx, share) === 'ACTIVE');
      const rows = shares.flatMap((share) =>
        share.associations
          .filter(
            (a) =>
              a.type === 'RESOURCE' &&
              associationStatus(ctx, a) === 'ASSOCIATED' &&
              (input.resourceType === undefined || ramResourceType(a.entity)?.toLowerCase() === input.resourceType.toLowerCase()) &&
              (!input.resourceArns?.length || input.resourceArns.includes(a.entity)) &&
              (!input.resourceShareArns?.length || input.resourceShareArns.includes(share.id)) &&
              (input.principal === undefined ||
                share.associations.some((p) => p.type === 'PRINCIPAL' && p.entity === input.principal && associationStatus(ctx, p) !== 'DISASSOCIATED')),
          )
          .map((association) => ({ share, association })),
      );
      const { page, nextToken } = paginate(ctx, rows, (r) => `${r.association.entity} ${r.share.id}`, input);
      return {
        resources: page.map(({ share, association }) => ({
          arn: association.entity,
          type: ramResourceType(association.entity),
          resourceShareArn: share.id,
          status: 'AVAILABLE',
          creationTime: new Date(association.createdAt),
          lastUpdatedTime: new Date(association.since),
          resourceRegionScope: 'REGIONAL',
        })),
        nextToken,
      };
    }),

    'RAM:TagResource': defineHandler<TagResourceCommandInput, TagResourceCommandOutput>((ctx, input) => {
      if (input.resourceArn !== undefined) throw new NotImplementedInSimulation(ctx.service, 'TagResource(resourceArn)');
      const share = requireShare(ctx, input.resourceShareArn, { active: true });
      if (!input.tags || input.tags.length === 0) throw ctx.error('InvalidParameterException', 'The request must contain tags.');
      share.tags = mergeTags(ctx, share.tags, input.tags);
      return {};
    }),

    'RAM:UntagResource': defineHandler<UntagResourceCommandInput, UntagResourceCommandOutput>((ctx, input) => {
      if (input.resourceArn !== undefined) throw new NotImplementedInSimulation(ctx.service, 'UntagResource(resourceArn)');
      const share = requireShare(ctx, input.resourceShareArn, { active: true });
      if (!input.tagKeys || input.tagKeys.length === 0) throw ctx.error('InvalidParameterException', 'The request must contain tagKeys.');
      const tags = { ...share.tags };
      for (const key of input.tagKeys) delete tags[key];
      share.tags = tags;
      return {};
    }),
  },
};

/** A version-4-shaped UUID from the seeded ID generator, so share ARNs are reproducible. */
function uuid(ctx: HandlerContext): string {
  const h = ctx.randomHex(32);
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
