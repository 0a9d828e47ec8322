/**
 * ajv's standalone code of trellis's two validators (manifest, config): the build writes it to
 * dist/model/validators.cjs (scripts/build-validators.mjs) so that the compiled CLI validates without
 * compiling a schema at start-up (issue 11: `validate` of the example < 0.5 s). CommonJS, so that
 * `compiledSchemas` can load it synchronously; it requires only ajv's and ajv-formats' runtime helpers.
 */
import standaloneModule from 'ajv/dist/standalone/index.js';
import { CONFIG_SCHEMA_ID, configuredAjv, MANIFEST_SCHEMA_ID } from './schemas.js';

export function standaloneValidators(): string {
  const ajv = configuredAjv({ source: true });
  // ajv/dist/standalone is CommonJS: the default import is `module.exports`, whose `default` is the function.
  return standaloneModule.default(ajv, { manifest: MANIFEST_SCHEMA_ID, config: CONFIG_SCHEMA_ID });
}
