/**
 * What every VPC Lattice module shares: records, ARNs, identifier lookups (ID or ARN), lifecycle
 * states derived from timestamps, paging, client tokens, tags and names.
 *
 * References (Amazon VPC Lattice API Reference, https://docs.aws.amazon.com/vpc-lattice/latest/APIReference/):
 * - Every Create* takes `clientToken` (1–64, `[!-~]+`): "If you retry a request that completed
 *   successfully using the same client token and parameters, the retry succeeds without performing any
 *   actions. If the parameters aren't identical, the retry fails." (API_CreateServiceNetwork). The code of
 *   that failure is unconfirmed: the simulation answers ConflictException (see `latticeError`).
 * - List*: `maxResults` 1–100, `nextToken` (API_ListServiceNetworks and the other List* pages).
 * - `*Identifier` parameters take the ID or the ARN (API_GetServiceNetwork, serviceNetworkIdentifier:
 *   "The ID or ARN of the service network").
 * - Names: "The valid characters are a-z, 0-9, and hyphens (-). You can't use a hyphen as the first or
 *   last character, or immediately after another hyphen." Unique per account. Service network 3–63,
 *   service 3–40, target group 3–128, listener 3–63, resource gateway/configuration 3–40.
 * - No Create/Get/List output carries tags; ListTagsForResource does (docs/aws-behaviour.md §5c).
 */
import { latticeError } from '../errors.js';
import type { HandlerContext } from '../module.js';
import { DEFAULT_PAGE_SIZE } from '../options.js';
import type { ResourceRecord } from '../state.js';
import { withClientToken } from '../client-token.js';
import { asyncDelayFor } from '../options.js';

export const LATTICE = 'vpc-lattice';

export interface LatticeRecord extends ResourceRecord {
  readonly arn: string;
  readonly name: string;
  updatedAt: number;
  /** When the delete was accepted: DELETE_IN_PROGRESS for `asyncDelayMs`, then gone. */
  deletedAt?: number;
}

/** `sn`, `svc`, `tg`, `listener`, `rgw`, `rcfg`, `snva`, `snsa`, `snra` → the ARN resource type. */
export const ARN_TYPES = {
  sn: 'servicenetwork',
  svc: 'service',
  tg: 'targetgroup',
  rgw: 'resourcegateway',
  rcfg: 'resourceconfiguration',
  snva: 'servicenetworkvpcassociation',
  snsa: 'servicenetworkserviceassociation',
  snra: 'servicenetworkresourceassociation',
} as const;

export type LatticePrefix = keyof typeof ARN_TYPES;

export function arnOf(ctx: HandlerContext, prefix: LatticePrefix, id: string): string {
  return `arn:aws:vpc-lattice:${ctx.region}:${ctx.account}:${ARN_TYPES[prefix]}/${id}`;
}

/** Where the records of one type live in this account and region. */
export function latticeCollection<T extends LatticeRecord>(ctx: HandlerContext, name: string): Record<string, T> {
  return ctx.collection<T>(LATTICE, name);
}

export type Phase = 'creating' | 'active' | 'deleting' | 'gone';

/** CREATE_IN_PROGRESS for `asyncDelayMs` after the create, DELETE_IN_PROGRESS as long after the delete. */
export function phaseOf(ctx: HandlerContext, record: LatticeRecord): Phase {
  const delay = asyncDelayFor(ctx.options, 'lattice');
  if (record.deletedAt !== undefined) return ctx.now >= record.deletedAt + delay ? 'gone' : 'deleting';
  return ctx.now < record.createdAt + delay ? 'creating' : 'active';
}

export function statusOf(ctx: HandlerContext, record: LatticeRecord): 'CREATE_IN_PROGRESS' | 'ACTIVE' | 'DELETE_IN_PROGRESS' {
  const phase = phaseOf(ctx, record);
  return phase === 'creating' ? 'CREATE_IN_PROGRESS' : phase === 'active' ? 'ACTIVE' : 'DELETE_IN_PROGRESS';
}

/** Visible and not gone. */
export function exists(ctx: HandlerContext, record: LatticeRecord | undefined): record is LatticeRecord {
  return record !== undefined && ctx.isVisible(record) && phaseOf(ctx, record) !== 'gone';
}

export function notFound(id: string, resourceType: string): Error {
  return latticeError('ResourceNotFoundException', `${resourceType} ${id} not found`, 404, { resourceId: id, resourceType });
}

export function conflict(id: string, resourceType: string, message: string): Error {
  return latticeError('ConflictException', message, 409, { resourceId: id, resourceType });
}

export function validation(message: string, field?: string): Error {
  return latticeError('ValidationException', message, 400, {
    reason: 'fieldValidationFailed',
    ...(field ? { fieldList: [{ name: field, message }] } : {}),
  });
}

const ARN = /^arn:aws[a-z-]*:vpc-lattice:([a-z0-9-]+):(\d{12}):([a-z]+)\/(.+)$/;

export function parseLatticeArn(arn: string): { region: string; account: string; type: string; id: string } | undefined {
  const match = ARN.exec(arn);
  return match ? { region: match[1]!, account: match[2]!, type: match[3]!, id: match[4]! } : undefined;
}

/**
 * The record an `*Identifier` (ID or ARN) names, in the caller's account, or — for an ARN of another
 * account — in the owner's account when `crossAccount` allows it (a service network shared through
 * RAM). Missing, invisible or gone: ResourceNotFoundException.
 */
export function resolve<T extends LatticeRecord>(
  ctx: HandlerContext,
  collection: string,
  resourceType: string,
  identifier: string | undefined,
  crossAccount?: (owner: string, arn: string) => boolean,
): T {
  if (!identifier) throw validation(`${resourceType} identifier is required`);
  let account = ctx.account;
  let id = identifier;
  if (identifier.startsWith('arn:')) {
    const parsed = parseLatticeArn(identifier);
    if (!parsed) throw validation(`${identifier} is not a valid ARN`);
    if (parsed.region !== ctx.region) throw notFound(identifier, resourceType);
    account = parsed.account;
    id = parsed.id;
  }
  const records =
    account === ctx.account ? latticeCollection<T>(ctx, collection) : peekCollection<T>(ctx, account, collection);
  const record = records[id];
  if (!exists(ctx, record)) throw notFound(identifier, resourceType);
  if (account !== ctx.account && !crossAccount?.(account, record.arn)) throw notFound(identifier, resourceType);
  return record as T;
}

/** A collection of another account, read without materializing that account. */
export function peekCollection<T>(ctx: HandlerContext, account: string, collection: string): Record<string, T> {
  return (ctx.state.accounts[account]?.[ctx.region]?.services[LATTICE]?.[collection] ?? {}) as Record<string, T>;
}

const NAME = /^(?!-)(?!.*--)[a-z0-9-]+(?<!-)$/;

/** Lattice names: lowercase letters, digits, hyphens; no leading, trailing or double hyphen; length. */
export function validateName(name: string | undefined, min: number, max: number, reservedPrefix?: string): string {
  if (!name) throw validation('name is required', 'name');
  if (name.length < min || name.length > max || !NAME.test(name)) {
    throw validation(`name ${name} must be ${min}-${max} characters of a-z, 0-9 and single inner hyphens`, 'name');
  }
  if (reservedPrefix && name.startsWith(reservedPrefix)) throw validation(`name must not start with ${reservedPrefix}`, 'name');
  return name;
}

/** Tags on Create* and TagResource: ≤50, keys 1–128 characters, values ≤256, no `aws:` keys (API_TagResource). */
export function validateTags(tags: Record<string, string> | undefined): Record<string, string> {
  const result = { ...(tags ?? {}) };
  for (const [key, value] of Object.entries(result)) {
    if (key.length < 1 || key.length > 128 || value.length > 256) throw validation(`tag ${key} is too long`, 'tags');
    if (key.toLowerCase().startsWith('aws:')) throw validation(`tag keys starting with aws: are reserved`, 'tags');
  }
  if (Object.keys(result).length > 50) throw validation('at most 50 tags', 'tags');
  return result;
}

/** Token-keyed create: replays the first response for the same token and request, else ConflictException. */
export function create<O>(ctx: HandlerContext, input: { clientToken?: string | undefined }, run: () => O): O {
  const token = input.clientToken;
  if (token !== undefined && (token.length < 1 || token.length > 64 || !/^[!-~]+$/.test(token))) {
    throw validation('clientToken must be 1-64 printable ASCII characters', 'clientToken');
  }
  return withClientToken(ctx, token, { ...input }, run, 'clientToken');
}

const TOKEN_PREFIX = 'lattice-sim:';

/** Lattice List* paging: `maxResults` 1–100 (ValidationException outside), opaque `nextToken`. */
export function paginate<T>(
  ctx: HandlerContext,
  items: readonly T[],
  keyOf: (item: T) => string,
  request: { maxResults?: number | undefined; nextToken?: string | undefined },
): { page: T[]; nextToken: string | undefined } {
  if (request.maxResults !== undefined && (request.maxResults < 1 || request.maxResults > 100)) {
    throw validation('maxResults must be between 1 and 100', 'maxResults');
  }
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  let start = 0;
  if (request.nextToken !== undefined) {
    const text = Buffer.from(request.nextToken, 'base64url').toString();
    if (!text.startsWith(TOKEN_PREFIX)) throw validation('nextToken is not valid', 'nextToken');
    const after = text.slice(TOKEN_PREFIX.length);
    start = sorted.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = sorted.length;
  }
  const size = Math.min(request.maxResults ?? 100, Math.max(1, ctx.options.pageSize ?? DEFAULT_PAGE_SIZE));
  const page = sorted.slice(start, start + size);
  const more = start + size < sorted.length;
  return { page, nextToken: more ? Buffer.from(TOKEN_PREFIX + keyOf(page[page.length - 1]!)).toString('base64url') : undefined };
}

/** Live records of a collection in this account and region. */
export function live<T extends LatticeRecord>(ctx: HandlerContext, collection: string): T[] {
  return Object.values(latticeCollection<T>(ctx, collection)).filter((r) => exists(ctx, r));
}

/** Same-name check within the account (names are unique per account and type). */
export function requireUniqueName(ctx: HandlerContext, collection: string, resourceType: string, name: string): void {
  const clash = live(ctx, collection).find((r) => r.name === name);
  if (clash) throw conflict(clash.id, resourceType, `${resourceType} with name ${name} already exists`);
}

export function newRecord(ctx: HandlerContext, prefix: LatticePrefix, name: string, tags: Record<string, string>) {
  const id = ctx.newId(prefix);
  return { id, arn: arnOf(ctx, prefix, id), name, createdAt: ctx.now, updatedAt: ctx.now, tags };
}
