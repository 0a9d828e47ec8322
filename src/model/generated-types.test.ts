import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTypes } from '../../scripts/gen-types.mjs';

const root = join(import.meta.dirname, '..', '..');

describe('generated types', () => {
  it('match the schemas (run `npm run gen:types` after changing a schema)', async () => {
    const generated = await generateTypes();
    expect([...generated.keys()]).toEqual(['src/model/generated/manifest.ts', 'src/model/generated/config.ts']);
    for (const [output, code] of generated) {
      expect(await readFile(join(root, output), 'utf8'), output).toBe(code);
    }
  });
});
