/**
 * The compiled JSON Schemas of schemas/, compiled once per process. ajv is configured for readable,
 * complete reports: every error at once (`allErrors`), the failing schema attached (`verbose`, for
 * `patternErrorMessage`), and OpenAPI's `discriminator` so that `kind` selects one spec schema and an
 * unknown kind is one error instead of one per kind.
 *
 * Compiled at build, too: `npm run build` writes ajv's standalone code of the two validators to
 * dist/model/validators.cjs (scripts/build-validators.mjs, `standaloneValidators` in
 * schemas-standalone.ts); the compiled CLI loads that file and never compiles (nor loads ajv's
 * compiler). Run from the sources (tsx, vitest) there is no such file and the schemas are compiled at
 * first use, as before. Both give the same errors (schemas-standalone.test.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Ajv2020Module from 'ajv/dist/2020.js';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import type addFormatsModule from 'ajv-formats';

// ajv's compiler is loaded only where schemas are compiled (sources, tests, the build), not by the
// compiled CLI's `validate`, which runs the build's validators.
const require = createRequire(import.meta.url);

/** Where schemas/ is, from src/model/ and from the build output dist/model/ alike. */
export const SCHEMAS_DIRECTORY = new URL('../../schemas/', import.meta.url);

export const SCHEMA_FILES = ['common.schema.json', 'network.schema.json', 'service.schema.json', 'share.schema.json', 'manifest.schema.json', 'config.schema.json'] as const;

export const SCHEMA_ID_BASE = 'https://trellis.dev/schemas/v1alpha1/';
export const MANIFEST_SCHEMA_ID = `${SCHEMA_ID_BASE}manifest.schema.json`;
export const CONFIG_SCHEMA_ID = `${SCHEMA_ID_BASE}config.schema.json`;

/** The build's standalone validators, next to this module in dist/ (absent in src/). */
export const PRECOMPILED_FILE = 'validators.cjs';

export interface CompiledSchemas {
  readonly manifest: ValidateFunction;
  readonly config: ValidateFunction;
  /** The `kind` values the manifest schema accepts, in declaration order. */
  readonly kinds: readonly string[];
}

let compiled: CompiledSchemas | undefined;

export function readSchema(file: (typeof SCHEMA_FILES)[number]): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(file, SCHEMAS_DIRECTORY), 'utf8')) as Record<string, unknown>;
}

/** trellis's ajv with every schema of schemas/ added (`source`: keep the generated code, for standalone). */
export function configuredAjv(options: { source?: boolean } = {}): Ajv2020 {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof Ajv2020Module;
  const addFormats = require('ajv-formats') as typeof addFormatsModule;
  const ajv = new Ajv({ allErrors: true, verbose: true, discriminator: true, ...(options.source ? { code: { source: true } } : {}) });
  // ajv-formats is CommonJS: `module.exports`, whose `default` is the plugin.
  addFormats.default(ajv);
  // The message VS Code shows when `pattern` fails; trellis shows it too (see validate.ts).
  ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
  // trellis's own annotation in the same spirit: the message to show when `not` fails (ajv's is "must NOT be valid").
  ajv.addKeyword({ keyword: 'notErrorMessage', schemaType: 'string' });
  for (const file of SCHEMA_FILES) ajv.addSchema(readSchema(file));
  return ajv;
}

/** The `kind` values of the manifest schema's `$defs`, in declaration order. */
function manifestKinds(): string[] {
  const definitions = (readSchema('manifest.schema.json').$defs ?? {}) as Record<string, { properties?: { kind?: { const?: unknown } } }>;
  return Object.values(definitions)
    .map((definition) => definition.properties?.kind?.const)
    .filter((kind): kind is string => typeof kind === 'string');
}

/** The build's validators, or `undefined` when this module runs from the sources. */
function precompiled(): { manifest: ValidateFunction; config: ValidateFunction } | undefined {
  let loaded: { manifest?: ValidateFunction; config?: ValidateFunction };
  try {
    loaded = require(`./${PRECOMPILED_FILE}`) as typeof loaded;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
  return loaded.manifest && loaded.config ? { manifest: loaded.manifest, config: loaded.config } : undefined;
}

export function compiledSchemas(): CompiledSchemas {
  if (compiled) return compiled;
  const built = precompiled();
  if (built) {
    compiled = { ...built, kinds: manifestKinds() };
    return compiled;
  }
  const ajv = configuredAjv();
  compiled = {
    manifest: ajv.getSchema(MANIFEST_SCHEMA_ID) as ValidateFunction,
    config: ajv.getSchema(CONFIG_SCHEMA_ID) as ValidateFunction,
    kinds: manifestKinds(),
  };
  return compiled;
}
