// After `tsc -p tsconfig.build.json`: writes ajv's standalone validators next to the compiled
// schemas module (dist/model/validators.cjs), which the compiled CLI loads instead of compiling the
// JSON Schemas at start-up (src/model/schemas.ts).
import { writeFileSync } from 'node:fs';

const { standaloneValidators } = await import('../dist/model/schemas-standalone.js');
const { PRECOMPILED_FILE } = await import('../dist/model/schemas.js');
writeFileSync(new URL(`../dist/model/${PRECOMPILED_FILE}`, import.meta.url), standaloneValidators());
