/** Helpers the kinds share for references across manifests: accounts covered by RAM principals, messages. */
import { isAccountId, lookupAccount } from '../accounts.js';
import type { Manifest, ResolvedConfig } from '../types.js';
import type { LookedUpManifest } from './kind.js';

/** Whether a RAM principal is an OU or organization ARN (membership cannot be checked without AWS calls). */
export function isOrganizationPrincipal(principal: string): boolean {
  return principal.startsWith('arn:aws:organizations::');
}

/**
 * Whether RAM principals (aliases, IDs, OU or organization ARNs) include an account. An OU or the
 * organization is taken to include it: which accounts they hold is only known to AWS Organizations,
 * and validation makes no AWS call.
 */
export function principalsCover(principals: readonly string[], account: string, config: ResolvedConfig): boolean {
  return principals.some((principal) => isOrganizationPrincipal(principal) || lookupAccount(principal, config) === account);
}

/** `file#pointer` of another manifest, for messages. */
export function whereIs(found: LookedUpManifest<Manifest, string | undefined>): string {
  return `${found.file}#${found.pointer}`;
}

/** `"alias" (123456789012)` or `123456789012`, for messages. */
export function describeAccount(reference: string, id: string | undefined): string {
  return isAccountId(reference) || id === undefined ? reference : `"${reference}" (${id})`;
}

/** The list of known names for "unknown X" messages. */
export function knownList(names: readonly string[], none: string): string {
  return names.length > 0 ? `known: ${names.join(', ')}` : none;
}
