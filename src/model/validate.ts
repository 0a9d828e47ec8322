/**
 * The validate stage: ajv against schemas/, then checks across fields and manifests that a schema
 * cannot express. Pure; reports every problem at once, each located by file and JSON pointer.
 */
import type { ErrorObject } from 'ajv';
import { ValidationError, type InputIssue } from '../core/errors.js';
import { isAccountId, lookupAccount, unknownAliasMessage } from './accounts.js';
import type { CheckContext, LookedUpManifest, Lookup } from './kinds/kind.js';
import { KINDS } from './kinds/registry.js';
import { escapePointerSegment } from './pointer.js';
import { compiledSchemas } from './schemas.js';
import type { Inputs, Manifest } from './types.js';

/** Every problem in the inputs; empty when they are valid. */
export function validateInputs(inputs: Inputs): InputIssue[] {
  const schemas = compiledSchemas();
  const issues: InputIssue[] = [];

  if (inputs.configFile !== undefined && inputs.configDocument !== undefined && !schemas.config(inputs.configDocument)) {
    issues.push(...describeErrors(schemas.config.errors ?? [], inputs.configFile, '', schemas.kinds));
  }

  const valid: Array<{ file: string; pointer: string; manifest: Manifest }> = [];
  const invalid = new Set<string>();
  for (const loaded of inputs.manifests) {
    if (schemas.manifest(loaded.manifest)) {
      valid.push({ file: loaded.file, pointer: loaded.pointer, manifest: loaded.manifest as Manifest });
    } else {
      const key = manifestKey(loaded.manifest);
      if (key !== undefined) invalid.add(key);
      issues.push(...describeErrors(schemas.manifest.errors ?? [], loaded.file, loaded.pointer, schemas.kinds));
    }
  }

  const { lookup, all } = manifestIndex(valid, inputs.config);
  const declared = new Map<string, string>();
  for (const { file, pointer, manifest } of valid) {
    const report = (relative: string, message: string): void => {
      issues.push({ file, pointer: pointer + relative, message });
    };
    const { kind, metadata } = manifest;

    const key = `${kind}/${metadata.name}`;
    const first = declared.get(key);
    if (first === undefined) declared.set(key, `${file}#${pointer}`);
    else report('/metadata/name', `duplicate ${kind} "${metadata.name}" (first declared at ${first})`);

    if (!isAccountId(metadata.account) && inputs.config.accounts[metadata.account] === undefined) {
      report('/metadata/account', unknownAliasMessage(metadata.account, inputs.config, inputs.configFile));
    }

    const context: CheckContext = {
      config: inputs.config,
      configFile: inputs.configFile,
      region: metadata.region ?? inputs.config.defaultRegion,
      report,
      locate: (relative) => pointer + relative,
      account: lookupAccount(metadata.account, inputs.config),
      lookup,
      all,
      index: all(kind).findIndex((other) => other.file === file && other.pointer === pointer),
      failedSchema: (kind, name) => invalid.has(`${kind}/${name}`) && lookup(kind, name) === undefined,
    };
    checkKind(manifest, context);
  }
  return issues;
}

/** `kind/name` of a document that failed the schema, when it has both. */
function manifestKey(document: unknown): string | undefined {
  if (!isRecord(document) || typeof document.kind !== 'string' || !isRecord(document.metadata)) return undefined;
  return typeof document.metadata.name === 'string' ? `${document.kind}/${document.metadata.name}` : undefined;
}

/** Finds manifests by kind and name: the first one declared wins, as the duplicate check reports the others. */
function manifestIndex(
  manifests: ReadonlyArray<{ file: string; pointer: string; manifest: Manifest }>,
  config: Inputs['config'],
): { lookup: Lookup<string | undefined>; all: CheckContext['all'] } {
  const byKey = new Map<string, LookedUpManifest<Manifest, string | undefined>>();
  for (const { file, pointer, manifest } of manifests) {
    const key = `${manifest.kind}/${manifest.metadata.name}`;
    if (byKey.has(key)) continue;
    byKey.set(key, {
      manifest,
      account: lookupAccount(manifest.metadata.account, config),
      region: manifest.metadata.region ?? config.defaultRegion,
      file,
      pointer,
    });
  }
  // The key includes the kind, so the manifest found has that kind; TypeScript cannot follow that through the map.
  const lookup = ((kind: string, name: string) => byKey.get(`${kind}/${name}`)) as Lookup<string | undefined>;
  const all = ((kind: string) => [...byKey.values()].filter((found) => found.manifest.kind === kind)) as CheckContext['all'];
  return { lookup, all };
}

/** Throws a {@link ValidationError} listing every issue, if there are any. */
export function assertValid(inputs: Inputs): void {
  const issues = validateInputs(inputs);
  if (issues.length > 0) throw new ValidationError(issues);
}

function checkKind<M extends Manifest>(manifest: M, context: CheckContext): void {
  // The registry is keyed by kind, so the handler matches the manifest; TypeScript cannot follow that through the union.
  (KINDS[manifest.kind] as { check(manifest: M, context: CheckContext): void }).check(manifest, context);
}

/** ajv errors as one-line issues, located within the file (`base` is the manifest's pointer in the file). */
function describeErrors(errors: readonly ErrorObject[], file: string, base: string, kinds: readonly string[]): InputIssue[] {
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  for (const error of withoutRejectedAlternatives(errors)) {
    const described = describeError(error, kinds);
    if (!described) continue;
    const pointer = base + described.pointer;
    const key = `${pointer}\n${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ file, pointer, message: described.message });
  }
  return issues;
}

/**
 * ajv reports a failed `oneOf` (a value that may be a string or a list, an object or a list) with every
 * alternative's errors. A user needs only those of the alternative the value's type chose: when some
 * alternatives fail on the value's own type and others fail deeper inside it, keep the deeper errors;
 * when every alternative fails on the type, say once which types are allowed.
 */
function withoutRejectedAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const replacements = new Map<ErrorObject, ErrorObject>();
  for (const oneOf of errors.filter((error) => error.keyword === 'oneOf')) {
    const count = Array.isArray(oneOf.schema) ? oneOf.schema.length : 0;
    // The alternatives that rejected the value's type: a `type` or `const` error on the value itself, in that alternative.
    const rejected = new Map<string, ErrorObject[]>();
    for (const error of errors) {
      if (error.instancePath !== oneOf.instancePath || (error.keyword !== 'type' && error.keyword !== 'const')) continue;
      if (!error.schemaPath.startsWith(`${oneOf.schemaPath}/`)) continue;
      const branch = error.schemaPath.slice(oneOf.schemaPath.length + 1).split('/')[0] ?? '';
      rejected.set(branch, [...(rejected.get(branch) ?? []), error]);
    }
    if (rejected.size === 0) continue; // every alternative took the type: ajv's message and the deeper errors stand
    // Every type error on the value itself comes from an alternative (directly, or through its $ref).
    for (const error of errors) {
      if (error.instancePath === oneOf.instancePath && (error.keyword === 'type' || error.keyword === 'const')) dropped.add(error);
    }
    if (rejected.size < count) {
      // Another alternative took the type; its own errors (deeper in the value) say what is wrong.
      dropped.add(oneOf);
      continue;
    }
    const allowed = [...rejected.values()].map((branch) => {
      const typeError = branch.find((error) => error.keyword === 'type');
      return typeError !== undefined ? String((typeError.params as { type: unknown }).type) : JSON.stringify((branch[0]?.params as { allowedValue: unknown }).allowedValue);
    });
    replacements.set(oneOf, { ...oneOf, keyword: 'type', params: { type: [...new Set(allowed)].join(',') } });
  }
  return errors.filter((error) => !dropped.has(error)).map((error) => replacements.get(error) ?? error);
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

function describeError(error: ErrorObject, kinds: readonly string[]): { pointer: string; message: string } | undefined {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case 'propertyNames':
      // Summarises the error on the key itself, which ajv reports too (with `propertyName`).
      return undefined;
    case 'discriminator':
      // A missing `kind` is already reported by `required`.
      if (params.error === 'tag' && isRecord(error.data) && !('kind' in error.data)) return undefined;
      return {
        pointer: `${at}/kind`,
        message:
          params.error === 'mapping'
            ? `unknown kind ${JSON.stringify(params.tagValue)}; expected one of: ${kinds.join(', ')}`
            : `must be one of: ${kinds.join(', ')}`,
      };
    case 'required':
      return { pointer: at, message: `missing required property "${String(params.missingProperty)}"` };
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      const known = Object.keys((parentSchema.properties ?? {}) as Record<string, unknown>);
      const suggestion = closest(property, known);
      return {
        pointer: `${at}/${escapePointerSegment(property)}`,
        message: `unknown property "${property}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      };
    }
    case 'enum':
      return { pointer: at, message: `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'const':
      return { pointer: at, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return {
        pointer: at,
        message: `must be ${String(params.type)
          .split(',')
          .map((type) => TYPE_NAMES[type] ?? type)
          .join(' or ')}`,
      };
    case 'pattern': {
      const message = typeof parentSchema.patternErrorMessage === 'string' ? parentSchema.patternErrorMessage : `must match the pattern ${String(params.pattern)}`;
      if (error.propertyName !== undefined) {
        return { pointer: `${at}/${escapePointerSegment(error.propertyName)}`, message: `invalid key "${error.propertyName}": ${message}` };
      }
      return { pointer: at, message };
    }
    case 'not':
      return { pointer: at, message: typeof parentSchema.notErrorMessage === 'string' ? parentSchema.notErrorMessage : 'must not match the excluded shape' };
    case 'uniqueItems': {
      // Point at the later of the two equal items; ajv's `i` and `j` come in no documented order.
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return { pointer: `${at}/${String(second)}`, message: `duplicate of item ${String(first)}` };
    }
    case 'minimum':
    case 'maximum':
      return { pointer: at, message: `must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}` };
    case 'minProperties':
      return { pointer: at, message: `must have at least ${String(params.limit)} propert${params.limit === 1 ? 'y' : 'ies'}` };
    case 'maxItems':
      return { pointer: at, message: `must have at most ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` };
    case 'minItems':
      return { pointer: at, message: `must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` };
    case 'minLength':
    case 'maxLength':
      return {
        pointer: error.propertyName === undefined ? at : `${at}/${escapePointerSegment(error.propertyName)}`,
        message: `must be at ${error.keyword === 'minLength' ? 'least' : 'most'} ${String(params.limit)} character${params.limit === 1 ? '' : 's'}`,
      };
    default:
      return { pointer: at, message: error.message ?? `fails ${error.keyword}` };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The known name within edit distance 2 of a typo, if exactly one is closest. */
function closest(typo: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(typo.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
