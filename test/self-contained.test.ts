/**
 * The repository stands alone: a user's clone has no design notes beside it, so no source comment,
 * test or document cites a file outside the repository. AWS behaviour is cited from
 * docs/aws-behaviour.md (by section) or AWS's documentation; the design from README.md and
 * ARCHITECTURE.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const FOLDERS = ['src', 'test', 'bench', 'docs', 'scripts', 'schemas', 'manifests', 'bin', '.ci'];
const TEXT = /\.(ts|mts|mjs|js|json|md|sh|svg)$|^run$|^Dockerfile$/;

/** The external files earlier drafts cited (built from parts, so this file does not cite them). */
const OUTSIDE = [['aws-facts', 'md'], ['DESIGN', 'md'], ['STYLE', 'md']].map(([name, ext]) => `${name}.${ext}`).concat(['/work/' + 'shared', '../' + 'shared/']);

function textFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : textFiles(path);
    return TEXT.test(entry.name) ? [path] : [];
  });
}

it('cites no file outside the repository, in sources, tests, benchmarks or docs', () => {
  const files = [...FOLDERS.flatMap((folder) => textFiles(join(ROOT, folder))), ...readdirSync(ROOT).filter((name) => name.endsWith('.md')).map((name) => join(ROOT, name)), join(ROOT, 'Dockerfile')];
  expect(files.length).toBeGreaterThan(100);
  const citing = files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return OUTSIDE.filter((name) => text.includes(name)).map((name) => `${relative(ROOT, file)}: ${name}`);
  });
  expect(citing).toEqual([]);
});
