import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // the moto conformance suite needs a moto server: vitest.moto.config.ts, `npm run test:moto`
    exclude: ['test/moto/**', 'node_modules/**'],
    testTimeout: 30_000,
    pool: 'forks',
    // Node 20 is supported; the SDK's notice that future versions need Node 22 is noise in tests.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
