/**
 * The example manifests (manifests/examples) in memory, for validation tests that edit them: each file
 * parsed, editable, and validated with the example config. Pure: nothing is written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InputIssue } from '../core/errors.js';
import { resolveConfig } from './load.js';
import { validateInputs } from './validate.js';

const EXAMPLES = join(import.meta.dirname, '../../manifests/examples');

// Deliberately loose: tests write invalid documents.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Document = Record<string, any>;

export const EXAMPLE_CONFIG = JSON.parse(readFileSync(join(EXAMPLES, 'trellis.config.json'), 'utf8')) as Document;

/** Every example manifest file by name (`api-service.json` → its manifest), freshly parsed. */
export function exampleFiles(): Map<string, Document> {
  const files = readdirSync(EXAMPLES)
    .filter((file) => file.endsWith('.json') && file !== 'trellis.config.json')
    .sort();
  return new Map(files.map((file) => [file, JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Document]));
}

/** The issues of the examples after `change` edited them (files may be added or removed too). */
export function issuesAfter(change: (files: Map<string, Document>) => void = () => undefined, config: Document = EXAMPLE_CONFIG): InputIssue[] {
  const files = exampleFiles();
  change(files);
  return validateInputs({
    manifests: [...files].map(([file, manifest]) => ({ file, pointer: '', manifest })),
    config: resolveConfig(config),
    configFile: 'trellis.config.json',
    configDocument: config,
  });
}

/** The issues as `file#pointer: message` lines, which is what a user reads. */
export function linesAfter(change: (files: Map<string, Document>) => void = () => undefined, config?: Document): string[] {
  return issuesAfter(change, config).map((issue) => `${issue.file}#${issue.pointer ?? ''}: ${issue.message}`);
}

/** A file's manifest, for edits in a `change` callback. */
export function file(files: Map<string, Document>, name: string): Document {
  const manifest = files.get(name);
  if (manifest === undefined) throw new Error(`no example file ${name}`);
  return manifest;
}
