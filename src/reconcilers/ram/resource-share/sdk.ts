/**
 * Pure builders for RAM resource shares: desired spec → SDK inputs, SDK outputs → observed, and the
 * narrow calls an update needs.
 */
import type {
  AssociateResourceShareCommandInput,
  CreateResourceShareCommandInput,
  DisassociateResourceShareCommandInput,
  ResourceShare,
  ResourceShareAssociation,
  Tag,
  TagFilter,
  UpdateResourceShareCommandInput,
} from '@aws-sdk/client-ram';
import { setChange, valueChange } from '../../../core/diff.js';
import { observed as observedOf, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, TAG_OWNER, type Scope } from '../../../core/types.js';
import type { FieldChange } from '../../../core/reconciler.js';
import { RESOURCE_SHARE, type ResourceShareOutputs, type ResourceShareSpec } from './type.js';

export type { ResourceShareSpec } from './type.js';
export const RESOURCE_SHARE_TYPE = RESOURCE_SHARE.name;

type ObservedShare = Observed<ResourceShareSpec, ResourceShareOutputs>;

/**
 * The accounts whose invitations trellis accepts (`acceptInvitationsIn`), space-separated, sorted. A
 * reconciler-managed tag: observe moves it from the tags into the spec. RAM tag values hold ≤256
 * characters: 19 accounts.
 */
export const TAG_ACCEPT_INVITATIONS = 'trellis:accept-invitations';

export function acceptTagValue(accounts: readonly string[] | undefined): string | undefined {
  const sorted = [...new Set(accounts ?? [])].sort();
  return sorted.length > 0 ? sorted.join(' ') : undefined;
}

export function acceptTagAccounts(value: string | undefined): string[] {
  return (value ?? '').split(' ').filter((account) => /^\d{12}$/.test(account));
}

/**
 * Association statuses that count as "shared": ASSOCIATING is on its way. FAILED (e.g. an account
 * outside the organization while external principals are not allowed) and DISASSOCIATING/DISASSOCIATED
 * do not, so a failed or removed association is drift.
 */
const LIVE_ASSOCIATION_STATUSES = new Set(['ASSOCIATED', 'ASSOCIATING']);
/** Shares being deleted or deleted stay listed for a while; they are gone for trellis. */
const GONE_SHARE_STATUSES = new Set(['DELETING', 'DELETED']);

export function isLiveShare(share: ResourceShare): boolean {
  return share.resourceShareArn !== undefined && !GONE_SHARE_STATUSES.has(share.status ?? '');
}

export function toRamTags(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

export function fromRamTags(tags: readonly Tag[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { key, value } of tags ?? []) if (key !== undefined) result[key] = value ?? '';
  return result;
}

/** Server-side filter for every share of this owner. */
export function ownerTagFilters(owner: string): TagFilter[] {
  return [{ tagKey: TAG_OWNER, tagValues: [owner] }];
}

/** Server-side filter for the shares of one address of this owner. */
export function addressTagFilters(owner: string, address: string): TagFilter[] {
  return [...ownerTagFilters(owner), { tagKey: TAG_ADDRESS, tagValues: [address] }];
}

/** Everything in the creating call: name, external principals, resources, principals and every tag. */
export function createResourceShareInput(desired: Resolved<ResourceShareSpec>, clientToken: string): CreateResourceShareCommandInput {
  const { spec } = desired;
  return {
    name: spec.name,
    allowExternalPrincipals: spec.allowExternalPrincipals,
    ...(spec.resourceArns.length > 0 ? { resourceArns: [...spec.resourceArns] } : {}),
    ...(spec.principals.length > 0 ? { principals: [...spec.principals] } : {}),
    tags: toRamTags({ ...desired.tags, ...(acceptTagValue(spec.acceptInvitationsIn) ? { [TAG_ACCEPT_INVITATIONS]: acceptTagValue(spec.acceptInvitationsIn)! } : {}) }),
    clientToken,
  };
}

/** The live principals and resources of each share, from GetResourceShareAssociations rows. */
export interface ShareAssociations {
  readonly principals: Map<string, string[]>;
  readonly resourceArns: Map<string, string[]>;
}

export function emptyAssociations(): ShareAssociations {
  return { principals: new Map(), resourceArns: new Map() };
}

export function addAssociation(into: ShareAssociations, association: ResourceShareAssociation): void {
  const { resourceShareArn: arn, associatedEntity: entity, associationType: type, status } = association;
  if (!arn || !entity || !LIVE_ASSOCIATION_STATUSES.has(status ?? '')) return;
  const map = type === 'PRINCIPAL' ? into.principals : type === 'RESOURCE' ? into.resourceArns : undefined;
  if (!map) return;
  const list = map.get(arn) ?? [];
  if (!list.includes(entity)) list.push(entity);
  map.set(arn, list);
}

/** `subnet-0abc…` from `arn:aws:ec2:<region>:<account>:subnet/subnet-0abc…`; other ARNs give nothing. */
export function subnetIdOf(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:ec2:[^:]*:\d{12}:subnet\/(subnet-[0-9a-f]+)$/.exec(arn)?.[1];
}

/**
 * `pending`: per share, the accounts of its accept tag whose invitation is still PENDING (they are not
 * in the observed `acceptInvitationsIn`, so the diff accepts them).
 */
export function observedResourceShare(share: ResourceShare, associations: ShareAssociations, scope: Scope, pending: ReadonlyMap<string, ReadonlySet<string>> = new Map()): ObservedShare {
  const arn = share.resourceShareArn ?? '';
  const { [TAG_ACCEPT_INVITATIONS]: acceptTag, ...tags } = fromRamTags(share.tags);
  const waiting = pending.get(arn) ?? new Set<string>();
  const accepted = acceptTagAccounts(acceptTag).filter((account) => !waiting.has(account));
  const resourceArns = [...(associations.resourceArns.get(arn) ?? [])].sort();
  return observedOf(RESOURCE_SHARE, {
    scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec: {
      name: share.name,
      // Absent in a response means AWS's default, true (API_CreateResourceShare).
      allowExternalPrincipals: share.allowExternalPrincipals ?? true,
      resourceArns,
      principals: [...(associations.principals.get(arn) ?? [])].sort(),
      acceptInvitationsIn: accepted.sort(),
    },
    outputs: { id: arn, arn },
    // A subnet's delete waits until this share no longer shares it (updated or deleted).
    references: resourceArns.flatMap((resourceArn) => subnetIdOf(resourceArn) ?? []),
  });
}

/** Name and external principals change in place; principals and resources are sets. */
export function diffResourceShare(desired: Resolved<ResourceShareSpec>, observed: ObservedShare): FieldChange[] {
  const { spec } = desired;
  const live = observed.spec;
  return [
    valueChange('name', spec.name, live.name),
    valueChange('allowExternalPrincipals', spec.allowExternalPrincipals, live.allowExternalPrincipals),
    setChange('principals', spec.principals, live.principals),
    setChange('resourceArns', spec.resourceArns, live.resourceArns),
    setChange('acceptInvitationsIn', spec.acceptInvitationsIn ?? [], live.acceptInvitationsIn ?? []),
  ].filter((change): change is FieldChange => change !== undefined);
}

/** The calls an update makes; each present at most once. */
export interface ShareUpdateCalls {
  readonly disassociate?: DisassociateResourceShareCommandInput;
  readonly update?: UpdateResourceShareCommandInput;
  readonly associate?: AssociateResourceShareCommandInput;
  readonly tag?: Tag[];
  readonly untag?: string[];
}

export function shareUpdateCalls(desired: Resolved<ResourceShareSpec>, observed: ObservedShare, changes: readonly FieldChange[]): ShareUpdateCalls {
  const { spec } = desired;
  // Observe always reads both sets; an observed share built elsewhere may lack them.
  const live = { principals: observed.spec.principals ?? [], resourceArns: observed.spec.resourceArns ?? [] };
  const changed = new Set(changes.map((change) => change.path));
  const resourceShareArn = observed.id;
  const difference = (field: 'principals' | 'resourceArns', from: readonly string[], to: readonly string[]) => {
    if (!changed.has(field)) return [];
    const keep = new Set(to);
    return [...new Set(from)].filter((value) => !keep.has(value)).sort();
  };
  const added = { principals: difference('principals', spec.principals, live.principals), resourceArns: difference('resourceArns', spec.resourceArns, live.resourceArns) };
  const removed = { principals: difference('principals', live.principals, spec.principals), resourceArns: difference('resourceArns', live.resourceArns, spec.resourceArns) };
  const entities = (set: { principals: string[]; resourceArns: string[] }) => ({
    ...(set.principals.length > 0 ? { principals: set.principals } : {}),
    ...(set.resourceArns.length > 0 ? { resourceArns: set.resourceArns } : {}),
  });

  const update: UpdateResourceShareCommandInput = {
    resourceShareArn,
    ...(changed.has('name') ? { name: spec.name } : {}),
    ...(changed.has('allowExternalPrincipals') ? { allowExternalPrincipals: spec.allowExternalPrincipals } : {}),
  };
  const tag: Tag[] = [];
  const untag: string[] = [];
  for (const change of changes) {
    if (!change.path.startsWith('tags.')) continue;
    const key = change.path.slice('tags.'.length);
    if (change.to === undefined) untag.push(key);
    else tag.push({ key, value: String(change.to) });
  }
  return {
    ...(removed.principals.length + removed.resourceArns.length > 0 ? { disassociate: { resourceShareArn, ...entities(removed) } } : {}),
    ...(changed.has('name') || changed.has('allowExternalPrincipals') ? { update } : {}),
    ...(added.principals.length + added.resourceArns.length > 0 ? { associate: { resourceShareArn, ...entities(added) } } : {}),
    ...(tag.length > 0 ? { tag } : {}),
    ...(untag.length > 0 ? { untag } : {}),
  };
}

/** Splits `values` into lists of at most `size`. */
export function chunks<T>(values: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < values.length; i += size) result.push(values.slice(i, i + size));
  return result;
}
