/**
 * What a manifest kind provides to the model layer: checks beyond the schema, and the expansion into
 * desired resources. Each kind lives in its own file; `registry.ts` lists them.
 */
import type { DeletionPolicy, DesiredResource, ManifestMode, Scope, SourceLocation } from '../../core/types.js';
import type { Manifest, ResolvedConfig } from '../types.js';

/** A manifest of `kind`. */
export type ManifestOfKind<K extends Manifest['kind']> = Extract<Manifest, { kind: K }>;

/**
 * Another manifest, found by kind and name, with its scope resolved. `Account` is the 12-digit ID; in
 * `check` it is undefined when the other manifest names an account alias the config lacks (that
 * manifest's own check reports it).
 */
export interface LookedUpManifest<M extends Manifest, Account extends string | undefined = string> {
  readonly manifest: M;
  readonly account: Account;
  /** `metadata.region ?? config.defaultRegion`. */
  readonly region: string;
  readonly file: string;
  /** The manifest's JSON pointer within its file (`''`, or `/1` in an array). */
  readonly pointer: string;
}

/**
 * Finds another manifest by kind and `metadata.name`. In `check` only manifests that passed the schema
 * are found (the first one declared, when a name is repeated); in `expand` every manifest is valid.
 */
export type Lookup<Account extends string | undefined> = <K extends Manifest['kind']>(
  kind: K,
  name: string,
) => LookedUpManifest<ManifestOfKind<K>, Account> | undefined;

/** Handed to a kind's `check` for one manifest that passed the schema. */
export interface CheckContext {
  readonly config: ResolvedConfig;
  /** The config file that was read, or undefined when defaults were used (for messages about aliases). */
  readonly configFile: string | undefined;
  /** `metadata.region ?? config.defaultRegion`. */
  readonly region: string;
  /** Records an issue at a pointer relative to the manifest (`/spec/cidr`); the file and array prefix are added. */
  report(pointer: string, message: string): void;
  /** The pointer within the file of a pointer relative to the manifest, for messages that cite another location. */
  locate(pointer: string): string;
  /** The manifest's account as a 12-digit ID; undefined for an alias the config lacks (already reported). */
  readonly account: string | undefined;
  /** Another manifest that passed the schema, by kind and name (a Service's Network, a consumed Service, a Share). */
  readonly lookup: Lookup<string | undefined>;
  /** Every manifest of a kind that passed the schema, in load order (the first of a repeated name only). */
  all<K extends Manifest['kind']>(kind: K): ReadonlyArray<LookedUpManifest<ManifestOfKind<K>, string | undefined>>;
  /** This manifest's position among `all(kind)` of its kind, to report a clash between two manifests once, on the later one. */
  readonly index: number;
  /**
   * Whether a manifest of this kind and name exists but failed the schema (its own issues are reported):
   * a reference to it is not "unknown", and checks that need its content skip it.
   */
  failedSchema(kind: Manifest['kind'], name: string): boolean;
}

/** Handed to a kind's `expand` for one valid manifest. */
export interface ExpandContext {
  readonly config: ResolvedConfig;
  /** The manifest's account (alias resolved to the 12-digit ID) and region. */
  readonly scope: Scope;
  readonly deletionPolicy: DeletionPolicy;
  readonly ignoreDrift: readonly string[];
  readonly mode: ManifestMode;
  /** The location in the file of a pointer relative to the manifest (`/spec/subnets/1`). */
  source(pointer: string): SourceLocation;
  /**
   * The complete tag set of a resource: config tags, then manifest tags, then `extra` (resource-specific,
   * e.g. Name), then the ownership tags, which nothing can override.
   */
  tags(address: string, extra: Readonly<Record<string, string | undefined>>): Record<string, string>;
  /** Another manifest of the run, by kind and name, with its account and region resolved. */
  readonly lookup: Lookup<string>;
  /** Every manifest of a kind, in load order (a provider's consumers, the first Service naming a shared cluster). */
  all<K extends Manifest['kind']>(kind: K): ReadonlyArray<LookedUpManifest<ManifestOfKind<K>>>;
}

export interface KindHandler<M extends Manifest> {
  /** Cross-field checks the schema cannot express. Only called for manifests that passed the schema. */
  check(manifest: M, context: CheckContext): void;
  /** Pure: the desired resources of one manifest, in a stable order. */
  expand(manifest: M, context: ExpandContext): DesiredResource[];
}

export type KindRegistry = { readonly [K in Manifest['kind']]: KindHandler<Extract<Manifest, { kind: K }>> };
