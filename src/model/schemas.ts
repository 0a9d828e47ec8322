/**
 * The compiled JSON Schemas of schemas/, read from disk once. ajv is configured for readable, complete
 * reports: every error at once (`allErrors`), the failing schema attached (`verbose`, for
 * `patternErrorMessage`), and OpenAPI's `discriminator` so that `kind` selects one spec schema and an
 * unknown kind is one error instead of one per kind.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** Where schemas/ is, from src/model/ and from the build output dist/model/ alike. */
export const SCHEMAS_DIRECTORY = new URL('../../schemas/', import.meta.url);

export const SCHEMA_FILES = ['common.schema.json', 'network.schema.json', 'service.schema.json', 'share.schema.json', 'manifest.schema.json', 'config.schema.json'] as const;

const SCHEMA_ID_BASE = 'https://trellis.dev/schemas/v1alpha1/';

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

export function compiledSchemas(): CompiledSchemas {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, verbose: true, discriminator: true });
  // ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, whose `default` is the plugin.
  addFormatsModule.default(ajv);
  // The message VS Code shows when `pattern` fails; trellis shows it too (see validate.ts).
  ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
  // trellis's own annotation in the same spirit: the message to show when `not` fails (ajv's is "must NOT be valid").
  ajv.addKeyword({ keyword: 'notErrorMessage', schemaType: 'string' });
  for (const file of SCHEMA_FILES) ajv.addSchema(readSchema(file));
  const manifestSchema = readSchema('manifest.schema.json');
  const definitions = (manifestSchema.$defs ?? {}) as Record<string, { properties?: { kind?: { const?: unknown } } }>;
  const kinds = Object.values(definitions)
    .map((definition) => definition.properties?.kind?.const)
    .filter((kind): kind is string => typeof kind === 'string');
  compiled = {
    manifest: ajv.getSchema(`${SCHEMA_ID_BASE}manifest.schema.json`) as ValidateFunction,
    config: ajv.getSchema(`${SCHEMA_ID_BASE}config.schema.json`) as ValidateFunction,
    kinds,
  };
  return compiled;
}
