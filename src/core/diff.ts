/**
 * Pure, field-level comparison of a desired resource with its live counterpart.
 */
import { isDeepStrictEqual } from 'node:util';
import type { FieldChange, Reconciler } from './reconciler.js';
import type { DesiredResource, ObservedResource } from './types.js';

/** A desired value that depends on a resource not created (or replaced) yet. */
export const KNOWN_AFTER_APPLY = Object.freeze({ knownAfterApply: true as const });
export type KnownAfterApply = typeof KNOWN_AFTER_APPLY;

export function isKnownAfterApply(value: unknown): value is KnownAfterApply {
  return value === KNOWN_AFTER_APPLY;
}

/** Tag keys AWS reserves (`aws:…`); they cannot be set or removed and never count as drift. */
const isReservedTag = (key: string) => key.startsWith('aws:');

/**
 * Spec fields compared one by one (a reconciler may supply its own `diff` for fields that need
 * normalisation), tags key by key. Changes whose JSON pointer is listed in `ignoreDrift` are dropped.
 */
export function diffResource(reconciler: Reconciler, desired: DesiredResource, observed: ObservedResource): FieldChange[] {
  const specChanges = reconciler.diff ? reconciler.diff(desired, observed) : diffSpec(reconciler, desired, observed);
  const tagChanges = reconciler.taggable === false ? [] : diffTags(desired.tags, observed.tags);
  const changes = [...specChanges, ...tagChanges];
  return changes.filter((change) => !isIgnored(desired, change.path));
}

function diffSpec(reconciler: Reconciler, desired: DesiredResource, observed: ObservedResource): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [path, to] of Object.entries(desired.spec)) {
    const from = observed.spec[path];
    if (isDeepStrictEqual(from, to)) continue;
    changes.push({ path, from, to, replace: reconciler.replaceFields.includes(path) });
  }
  return changes;
}

function diffTags(desired: Readonly<Record<string, string>>, live: Readonly<Record<string, string>>): FieldChange[] {
  const keys = [...new Set([...Object.keys(desired), ...Object.keys(live)])].filter((key) => !isReservedTag(key)).sort();
  const changes: FieldChange[] = [];
  for (const key of keys) {
    if (desired[key] !== live[key]) changes.push({ path: `tags.${key}`, from: live[key], to: desired[key], replace: false });
  }
  return changes;
}

/**
 * `metadata.ignoreDrift` pointers are relative to the manifest's `spec`:
 * - `/tags` or `/tags/<key>`: live tags on every resource of the manifest are accepted;
 * - a pointer to the element that declared the resource (`/subnets/1`), or to one of its resource
 *   fields (`/subnets/1/mapPublicIpOnLaunch`), accepts drift on those fields.
 */
function isIgnored(desired: DesiredResource, path: string): boolean {
  if (desired.ignoreDrift.length === 0) return false;
  const [head, ...rest] = path.split('.');
  const elementPointer = desired.source.pointer.replace(/^.*?\/spec(?=\/|$)/, '');
  const candidate = head === 'tags' ? `/tags/${escapePointer(rest.join('.'))}` : `${elementPointer}/${path.split('.').map(escapePointer).join('/')}`;
  return desired.ignoreDrift.some((pointer) => candidate === pointer || candidate.startsWith(`${pointer}/`));
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** JSON with object keys sorted, so equal values have equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (isKnownAfterApply(value)) return '"(known after apply)"';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Whether a value holds {@link KNOWN_AFTER_APPLY} anywhere, however deeply nested. */
export function containsUnknown(value: unknown): boolean {
  if (isKnownAfterApply(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

/** Members in a stable order: by canonical JSON, members not known yet last. */
export function sortedSet<T>(values: readonly T[] | undefined): T[] {
  return [...(values ?? [])].sort((a, b) => {
    const unknownA = containsUnknown(a);
    const unknownB = containsUnknown(b);
    if (unknownA !== unknownB) return unknownA ? 1 : -1;
    const textA = canonicalJson(a);
    const textB = canonicalJson(b);
    return textA < textB ? -1 : textA > textB ? 1 : 0;
  });
}

/**
 * A set-valued field (routes, subnet IDs, principals, rules): order does not matter. A member that
 * is not known before apply makes the field changed. `from` and `to` are sorted, for readable plans.
 */
export function setChange(
  path: string,
  desired: readonly unknown[] | undefined,
  live: readonly unknown[] | undefined,
  replace = false,
): FieldChange | undefined {
  const to = sortedSet(desired);
  const from = sortedSet(live);
  if (!containsUnknown(to) && canonicalJson(to) === canonicalJson(from)) return undefined;
  return { path, from, to, replace };
}

/** A scalar or object field, compared by canonical JSON; an unknown desired value is a change. */
export function valueChange(path: string, desired: unknown, live: unknown, replace = false): FieldChange | undefined {
  if (!containsUnknown(desired) && canonicalJson(desired) === canonicalJson(live)) return undefined;
  return { path, from: live, to: desired, replace };
}
