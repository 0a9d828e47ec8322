/** Checks of `shareWith`: principals RAM can share with, and something to share. */
import { isAccountId, lookupAccount, unknownAliasMessage } from '../../accounts.js';
import { pointer } from '../../pointer.js';
import type { NetworkManifest } from '../../types.js';
import type { CheckContext } from '../kind.js';
import type { NetworkLayout } from './layout.js';

export function checkSharing(manifest: NetworkManifest, layout: NetworkLayout, context: CheckContext): void {
  const shareWith = manifest.spec.shareWith ?? [];
  if (shareWith.length === 0) return;

  if (layout.groupsOfTier('private').length === 0) {
    context.report('/spec/shareWith', 'there are no private subnets to share: shareWith needs a subnet group with tier "private"');
  }

  const ownAccount = lookupAccount(manifest.metadata.account, context.config);
  shareWith.forEach((principal, index) => {
    if (principal.startsWith('arn:')) return;
    const at = pointer('/spec/shareWith', index);
    const account = lookupAccount(principal, context.config);
    if (account === undefined) {
      context.report(at, unknownAliasMessage(principal, context.config, context.configFile));
    } else if (account === ownAccount) {
      const named = isAccountId(principal) ? principal : `"${principal}" (${account})`;
      context.report(at, `${named} is the Network's own account; RAM cannot share a resource with its owner`);
    }
  });
}
