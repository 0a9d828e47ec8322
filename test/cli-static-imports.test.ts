/**
 * `trellis validate` and `trellis schema` load no AWS SDK: the CLI's static imports, however indirect,
 * reach no AWS SDK or Smithy package; the engine, the reconcilers and the targets are imported
 * dynamically by the commands that call AWS (issue 11: `validate` of the example under 0.5 s). Nor
 * ajv: src/model/schemas.ts loads its compiler only where no build's validators exist.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Packages reachable from `entry` through static, non-type imports only. */
function staticPackages(entry: string): string[] {
  const seen = new Set<string>();
  const packages: string[] = [];
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
      const specifier = match[1]!;
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.push(`${file}: ${specifier}`);
    }
  }
  return packages;
}

describe('the CLI entry point', () => {
  it('imports no AWS SDK or Smithy package statically', () => {
    const packages = staticPackages(resolve(import.meta.dirname, '../src/cli.ts'));
    expect(packages.length).toBeGreaterThan(0); // commander at least
    expect(packages.filter((entry) => /: @(aws-sdk|smithy)\//.test(entry))).toEqual([]);
  });

  it("imports no ajv statically: the compiled CLI validates with the build's standalone validators", () => {
    const packages = staticPackages(resolve(import.meta.dirname, '../src/cli.ts'));
    expect(packages.filter((entry) => /: ajv(-formats)?(\/|$)/.test(entry))).toEqual([]);
  });
});
