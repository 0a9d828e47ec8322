/**
 * The expand stage: valid manifests → desired AWS resources. Pure and deterministic: resources come out
 * in manifest load order (files sorted), then in each kind's declaration order.
 */
import { TAG_ADDRESS, TAG_DELETION_POLICY, TAG_OWNER, type DesiredResource } from '../core/types.js';
import { resolveAccount } from './accounts.js';
import type { ExpandContext, LookedUpManifest, Lookup } from './kinds/kind.js';
import { KINDS } from './kinds/registry.js';
import type { Inputs, Manifest, ResolvedConfig } from './types.js';

/**
 * The desired resources of every manifest. Precondition: `validateInputs(inputs)` returned no issues
 * (the pipeline calls `assertValid` first); an unknown account alias still throws a `UserError`.
 */
export function expand(inputs: Inputs): DesiredResource[] {
  const { lookup, all } = manifestIndex(inputs);
  return inputs.manifests.flatMap((loaded) => {
    const manifest = loaded.manifest as Manifest;
    const context = expandContext(manifest, loaded.file, loaded.pointer, inputs.config, lookup, all);
    return expandKind(manifest, context);
  });
}

function expandKind<M extends Manifest>(manifest: M, context: ExpandContext): DesiredResource[] {
  // The registry is keyed by kind, so the handler matches the manifest; TypeScript cannot follow that through the union.
  return (KINDS[manifest.kind] as { expand(manifest: M, context: ExpandContext): DesiredResource[] }).expand(manifest, context);
}

export { resolveAccount } from './accounts.js';

/** Manifests by kind and name, with resolved scopes (validation guarantees names are unique per kind). */
function manifestIndex(inputs: Inputs): { lookup: Lookup<string>; all: ExpandContext['all'] } {
  const byKey = new Map<string, LookedUpManifest<Manifest>>();
  for (const { file, pointer, manifest: document } of inputs.manifests) {
    const manifest = document as Manifest;
    const key = `${manifest.kind}/${manifest.metadata.name}`;
    if (byKey.has(key)) continue;
    byKey.set(key, {
      manifest,
      account: resolveAccount(manifest.metadata.account, inputs.config),
      region: manifest.metadata.region ?? inputs.config.defaultRegion,
      file,
      pointer,
    });
  }
  const found = [...byKey.values()];
  // The key includes the kind, so the manifest found has that kind; TypeScript cannot follow that through the map.
  return {
    lookup: ((kind: string, name: string) => byKey.get(`${kind}/${name}`)) as Lookup<string>,
    all: ((kind: string) => found.filter((entry) => entry.manifest.kind === kind)) as ExpandContext['all'],
  };
}

function expandContext(manifest: Manifest, file: string, pointer: string, config: ResolvedConfig, lookup: Lookup<string>, all: ExpandContext['all']): ExpandContext {
  const { metadata } = manifest;
  const deletionPolicy = metadata.deletionPolicy ?? 'Delete';
  return {
    config,
    scope: { account: resolveAccount(metadata.account, config), region: metadata.region ?? config.defaultRegion },
    deletionPolicy,
    ignoreDrift: metadata.ignoreDrift ?? [],
    mode: metadata.mode ?? 'enforce',
    source: (relative) => ({ file, pointer: pointer + relative }),
    lookup,
    all,
    tags: (address, extra) =>
      definedOnly({
        ...config.tags,
        ...metadata.tags,
        ...extra,
        [TAG_OWNER]: config.owner,
        [TAG_ADDRESS]: address,
        // Recorded at creation so that a resource whose manifest is later removed still knows to be retained.
        ...(deletionPolicy === 'Retain' ? { [TAG_DELETION_POLICY]: 'Retain' } : {}),
      }),
  };
}

function definedOnly(tags: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
