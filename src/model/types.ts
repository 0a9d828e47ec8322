/**
 * The data the model layer hands on: what `loadInputs` read, with the config's defaults applied.
 * Manifest and config shapes are generated from schemas/ (see scripts/gen-types.mjs).
 */
import type { AssumeRoleConfig } from './generated/config.js';

export type { TrellisConfig, AssumeRoleConfig, LimitsConfig } from './generated/config.js';
export type {
  Manifest,
  NetworkManifest,
  ServiceManifest,
  ShareManifest,
  Metadata,
  NetworkSpec,
  SubnetGroup,
  SubnetTier,
} from './generated/manifest.js';

/** One manifest as read from a file, before validation: `manifest` is whatever JSON was there. */
export interface LoadedManifest {
  /** The file, as the user would recognise it: the path argument joined with the path found under it. */
  readonly file: string;
  /** JSON pointer of the manifest within the file: `''` for a file holding one object, `/0`, `/1`… in an array. */
  readonly pointer: string;
  /** The parsed JSON. It has the shape of a `Manifest` only once `validateInputs` reports no issues. */
  readonly manifest: unknown;
}

/** `trellis.config.json` with every default applied. */
export interface ResolvedConfig {
  /** Value of the `trellis:owner` tag. Default `trellis`. */
  readonly owner: string;
  /** Region of manifests without `metadata.region`. Default `us-east-1` (the AWS SDK has no default region to fall back on). */
  readonly defaultRegion: string;
  /** Account alias → 12-digit ID. Default `{}`. */
  readonly accounts: Readonly<Record<string, string>>;
  /** Role to assume in each account; undefined when the config sets none (use the ambient credentials). */
  readonly assumeRole: AssumeRoleConfig | undefined;
  /** Tags for every resource. Default `{}`. */
  readonly tags: Readonly<Record<string, string>>;
  readonly limits: {
    /** Default 8. */
    readonly concurrency: number;
    /** Default 10. */
    readonly maxDeletions: number;
  };
}

export const DEFAULT_CONFIG: ResolvedConfig = {
  owner: 'trellis',
  defaultRegion: 'us-east-1',
  accounts: {},
  assumeRole: undefined,
  tags: {},
  limits: { concurrency: 8, maxDeletions: 10 },
};

/** Everything one run reads from disk. */
export interface Inputs {
  readonly manifests: readonly LoadedManifest[];
  readonly config: ResolvedConfig;
  /** The config file that was read, or undefined when defaults were used. */
  readonly configFile: string | undefined;
  /**
   * The config file's parsed JSON before defaults, which `validateInputs` checks against
   * schemas/config.schema.json. Undefined when there is no config file.
   */
  readonly configDocument?: unknown;
}
