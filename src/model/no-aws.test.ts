/**
 * The validate stage never loads the AWS SDK: nothing src/model (load, validate, expand and the kinds)
 * or src/core/policy.ts imports, directly or through other modules of the repository, is an AWS SDK or
 * Smithy package. So bad input is reported with zero AWS calls, and fast.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');

/**
 * Every module reachable from `entry` through relative imports, with the package specifiers each imports.
 * `import type` is left out: TypeScript erases it, so it loads nothing at run time.
 */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (graph.has(file)) continue;
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
      (match) => match[1] ?? match[2] ?? '',
    );
    graph.set(file, specifiers.filter((specifier) => !specifier.startsWith('.')));
    for (const specifier of specifiers.filter((candidate) => candidate.startsWith('.'))) {
      pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
  }
  return graph;
}

describe('the model layer', () => {
  it.each(['model/index.ts', 'model/validate.ts', 'core/policy.ts'])('%s imports no AWS SDK or Smithy package, however indirectly', (entry) => {
    const graph = importGraph(join(SRC, entry));
    const aws = [...graph].flatMap(([file, packages]) => packages.filter((name) => /^@(aws-sdk|smithy)\//.test(name)).map((name) => `${file}: ${name}`));
    expect(graph.size).toBeGreaterThan(entry.startsWith('core') ? 0 : 10);
    expect(aws).toEqual([]);
  });
});
