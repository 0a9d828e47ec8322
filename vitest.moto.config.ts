/**
 * The moto conformance suite (`npm run test:moto`; docs/conformance.md): a separate config, so that
 * `npm test` needs no Python. Its globalSetup starts `python3 -m moto.server` once for the run, and
 * the files run one at a time because they share that one server (each test resets it).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/moto/**/*.moto.test.ts'],
    globalSetup: ['test/moto/server.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
