/**
 * The load stage: reads manifest files and `trellis.config.json` from disk. It parses JSON and
 * applies config defaults; it does not validate shapes (that is `validateInputs`).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError, ValidationError, type InputIssue } from '../core/errors.js';
import { parseJson } from './json-syntax.js';
import { DEFAULT_CONFIG, type Inputs, type LoadedManifest, type ResolvedConfig } from './types.js';

export const CONFIG_FILE_NAME = 'trellis.config.json';

export interface LoadOptions {
  /** The config file to use. Default: `trellis.config.json` in the first directory argument (or the directory of the first file argument), if it exists. */
  readonly configPath?: string;
}

/**
 * Reads the manifests under `paths` and the config.
 *
 * - A path is a file (read whatever its name) or a directory, searched recursively for `*.json` in
 *   sorted order; hidden directories and `node_modules` are skipped, and `trellis.config.json` is
 *   never read as a manifest.
 * - A file holds one manifest object or an array of them.
 * - Zero manifests is not an error here: the engine's prune guard decides what an empty set means.
 *
 * @throws UserError naming every path that does not exist.
 * @throws ValidationError with every JSON syntax error of every file (with line and column).
 */
export async function loadInputs(paths: readonly string[], options: LoadOptions = {}): Promise<Inputs> {
  const kinds = await Promise.all(paths.map(async (path) => ({ path, kind: await pathKind(path) })));
  const missing = kinds.filter((entry) => entry.kind === 'missing').map((entry) => entry.path);
  if (options.configPath !== undefined && (await pathKind(options.configPath)) !== 'file') {
    missing.push(options.configPath);
  }
  if (missing.length > 0) {
    throw new UserError(`not found: ${missing.join(', ')}`, missing.map((file) => ({ file, message: 'no such file or directory' })));
  }

  const files: string[] = [];
  // The config is never a manifest, whatever its name, even when it sits among them.
  const seen = new Set<string>(options.configPath === undefined ? [] : [resolve(options.configPath)]);
  for (const { path, kind } of kinds) {
    const found = kind === 'directory' ? (await findJsonFiles(path)).map((relative) => join(path, relative)) : [path];
    for (const file of found) {
      const absolute = resolve(file);
      if (basename(file) === CONFIG_FILE_NAME || seen.has(absolute)) continue;
      seen.add(absolute);
      files.push(file);
    }
  }

  const issues: InputIssue[] = [];
  const manifests: LoadedManifest[] = [];
  for (const file of files) {
    const document = await readJson(file, issues);
    if (document === undefined) continue;
    if (Array.isArray(document.value)) {
      document.value.forEach((manifest: unknown, index) => manifests.push({ file, pointer: `/${index}`, manifest }));
    } else {
      manifests.push({ file, pointer: '', manifest: document.value });
    }
  }

  const configFile = options.configPath ?? (await defaultConfigFile(kinds[0]));
  const configDocument = configFile === undefined ? undefined : (await readJson(configFile, issues))?.value;
  if (issues.length > 0) throw new ValidationError(issues);

  return {
    manifests,
    config: resolveConfig(configDocument),
    configFile,
    ...(configDocument === undefined ? {} : { configDocument }),
  };
}

type PathKind = 'file' | 'directory' | 'missing';

async function pathKind(path: string): Promise<PathKind> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'file';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      return 'missing';
    }
    throw error;
  }
}

/** `*.json` files under `directory`, relative to it, in a stable order (by code unit, not locale). */
async function findJsonFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const names = entries.map((entry) => entry.name).sort(byCodeUnit);
  const found: string[] = [];
  for (const name of names) {
    const entry = entries.find((candidate) => candidate.name === name);
    if (!entry) continue;
    if (entry.isDirectory()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      found.push(...(await findJsonFiles(join(directory, name))).map((relative) => join(name, relative)));
    } else if (name.endsWith('.json')) {
      found.push(name);
    }
  }
  return found;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parsed JSON, wrapped because `null` is valid JSON; undefined (and an issue) on a syntax error. */
async function readJson(file: string, issues: InputIssue[]): Promise<{ value: unknown } | undefined> {
  const parsed = parseJson(await readFile(file, 'utf8'));
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    issues.push({ file, line, column, message: `invalid JSON: ${message}` });
    return undefined;
  }
  return { value: parsed.value };
}

async function defaultConfigFile(first: { path: string; kind: PathKind } | undefined): Promise<string | undefined> {
  if (!first) return undefined;
  const candidate = join(first.kind === 'directory' ? first.path : dirname(first.path), CONFIG_FILE_NAME);
  return (await pathKind(candidate)) === 'file' ? candidate : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * Applies defaults to a config document. Best effort on a malformed document (a field of the wrong type
 * falls back to its default): `validateInputs` reports what is wrong with it.
 */
export function resolveConfig(document: unknown): ResolvedConfig {
  const config = isRecord(document) ? document : {};
  const limits = isRecord(config.limits) ? config.limits : {};
  const assumeRole = isRecord(config.assumeRole) && typeof config.assumeRole.roleName === 'string' ? config.assumeRole : undefined;
  return {
    owner: typeof config.owner === 'string' ? config.owner : DEFAULT_CONFIG.owner,
    defaultRegion: typeof config.defaultRegion === 'string' ? config.defaultRegion : DEFAULT_CONFIG.defaultRegion,
    accounts: stringRecord(config.accounts),
    assumeRole: assumeRole && {
      roleName: assumeRole.roleName as string,
      ...(typeof assumeRole.externalId === 'string' ? { externalId: assumeRole.externalId } : {}),
      ...(typeof assumeRole.sessionName === 'string' ? { sessionName: assumeRole.sessionName } : {}),
    },
    tags: stringRecord(config.tags),
    limits: {
      concurrency: typeof limits.concurrency === 'number' ? limits.concurrency : DEFAULT_CONFIG.limits.concurrency,
      maxDeletions: typeof limits.maxDeletions === 'number' ? limits.maxDeletions : DEFAULT_CONFIG.limits.maxDeletions,
    },
  };
}
