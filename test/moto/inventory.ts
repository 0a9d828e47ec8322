/**
 * What the differential check compares: the observed resources of a plan after convergence as
 * (scope, type, address) → the spec fields trellis manages, with AWS-assigned IDs and addresses
 * masked (`vpc-0abc…` → `vpc-*`), so two targets that built the same thing compare equal.
 */
import { canonicalJson } from '../../src/core/diff.js';
import type { ObservedResource } from '../../src/core/types.js';

export type Inventory = Record<string, unknown>;

/** EC2 IDs (and the ARNs and values that embed them), RAM share UUIDs, public IPv4 addresses. */
const ID = /\b(vpc|subnet|igw|eipalloc|eipassoc|nat|rtb|rtbassoc|sg|sgr|vpce|eni)-[0-9a-f]{8,17}\b/g;
const SHARE = /resource-share\/[0-9a-f-]{36}/g;

export function mask(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(ID, '$1-*').replace(SHARE, 'resource-share/*');
  if (Array.isArray(value)) return value.map(mask);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mask(inner)]));
  return value;
}

export const inventoryKey = (resource: ObservedResource): string =>
  `${resource.scope.account}/${resource.scope.region} ${resource.type} ${resource.address ?? '(no trellis:address)'}`;

export function inventory(observed: readonly ObservedResource[]): Inventory {
  const entries = observed.map((resource) => [inventoryKey(resource), mask(resource.spec)] as const);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

/** Keys present in one inventory only, and keys whose spec differs: a short list for a failure message. */
export function differences(left: Inventory, right: Inventory): string[] {
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  return keys.flatMap((key) => {
    if (!(key in right)) return [`only in the first: ${key}`];
    if (!(key in left)) return [`only in the second: ${key}`];
    const a = canonicalJson(left[key]);
    const b = canonicalJson(right[key]);
    return a === b ? [] : [`${key}: ${a} ≠ ${b}`];
  });
}
