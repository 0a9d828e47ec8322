#!/usr/bin/env node
// In a checkout (src/ present) runs the TypeScript sources through tsx, so edits take effect without
// a build; in the Docker image (dist/ only) runs the compiled CLI.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sources = new URL('../src/cli.ts', import.meta.url);
let cli;
if (existsSync(fileURLToPath(sources))) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(sources.href);
} else {
  cli = await import(new URL('../dist/cli.js', import.meta.url).href);
}
// Before any SDK client exists: Node 20 is supported, so no SDK Node version warning (see src/cli.ts).
cli.quietSdkNodeWarning();
process.exitCode = await cli.main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
});
