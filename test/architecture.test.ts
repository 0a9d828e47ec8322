/**
 * The layers, checked: `src/core` (the contract, types, diff helpers, classifier, clock) imports no
 * other folder of trellis; the engine and the reconcilers import the core, never each other; the
 * simulation imports only the core; the model imports only the core and the resource type
 * definitions (`src/reconcilers/<service>/<type>/type.ts`, which import only the core), so validation
 * and expansion load no AWS SDK. Tests may cross layers (they wire things together); production code
 * may not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

/** What each top-level folder of src/ may import from the others (itself always). */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  reconcilers: ['core'],
  sim: ['core'],
  model: ['core'],
  engine: ['core', 'model', 'sim'],
  report: ['core', 'engine'],
  commands: ['core', 'engine', 'model', 'sim', 'reconcilers', 'report'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.includes('.test.') && !entry.name.includes('test-') ? [path] : [];
  });
}

/** `src/<folder>/…` → folder; files directly in src/ (cli.ts) are the top and may import anything. */
function layerOf(file: string): string | undefined {
  const [head, ...rest] = relative(SRC, file).split('/');
  return rest.length > 0 ? head : undefined;
}

/** `src/reconcilers/<service>/<type>/type.ts`: a resource type's spec and outputs, SDK-free. */
function isTypeDefinition(file: string): boolean {
  return /^reconcilers\/[^/]+\/[^/]+\/type(\.js|\.ts)?$/.test(relative(SRC, file));
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => resolve(dirname(file), match[1]!));
}

describe('layering', () => {
  const violations = sourceFiles(SRC).flatMap((file) => {
    const layer = layerOf(file);
    if (!layer) return [];
    const allowed = ALLOWED[layer];
    return imports(file).flatMap((target) => {
      const targetLayer = layerOf(target);
      if (!targetLayer || targetLayer === layer) return targetLayer ? [] : [`${relative(SRC, file)} imports ${relative(SRC, target)} (the top level)`];
      if (allowed === undefined) return [`${relative(SRC, file)}: folder ${layer} has no layering rule`];
      if (allowed.includes(targetLayer)) return [];
      if (isTypeDefinition(target) && layer === 'model') return [];
      return [`${relative(SRC, file)} imports ${relative(SRC, target)}`];
    });
  });

  it('has every layer import only the layers below it', () => {
    expect(violations).toEqual([]);
  });

  it('keeps the resource type definitions free of the AWS SDK and of everything but the core', () => {
    const definitions = sourceFiles(join(SRC, 'reconcilers')).filter(isTypeDefinition);
    expect(definitions.length).toBeGreaterThan(0);
    for (const file of definitions) {
      expect(readFileSync(file, 'utf8')).not.toMatch(/@aws-sdk/);
      expect(imports(file).every((target) => layerOf(target) === 'core'), file).toBe(true);
    }
  });

  it('would notice a violation (the check reads real imports)', () => {
    // Every reconciler imports the core contract: the parser sees imports at all.
    const reconciler = join(SRC, 'reconcilers/ec2/vpc/index.ts');
    expect(imports(reconciler).some((target) => layerOf(target) === 'core')).toBe(true);
  });
});
