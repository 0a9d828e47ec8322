/** Account references in manifests: a 12-digit ID, or an alias declared in the config's `accounts`. */
import { UserError } from '../core/errors.js';
import type { ResolvedConfig } from './types.js';

const ACCOUNT_ID = /^[0-9]{12}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/** The 12-digit ID of an account reference, or undefined for an alias the config does not declare. */
export function lookupAccount(account: string, config: ResolvedConfig): string | undefined {
  return isAccountId(account) ? account : config.accounts[account];
}

/** Resolves an account alias to its 12-digit ID. @throws UserError for an alias the config does not declare. */
export function resolveAccount(account: string, config: ResolvedConfig): string {
  const id = lookupAccount(account, config);
  if (id === undefined) throw new UserError(`unknown account alias "${account}"`);
  return id;
}

/** The message for an alias the config does not declare, listing the ones it does. */
export function unknownAliasMessage(alias: string, config: ResolvedConfig, configFile: string | undefined): string {
  const known = Object.keys(config.accounts).sort();
  const hint = known.length > 0 ? `known: ${known.join(', ')}` : configFile === undefined ? 'there is no trellis.config.json' : 'it declares none';
  return `unknown account alias "${alias}": not a 12-digit account ID, and not in the config's accounts (${hint})`;
}
