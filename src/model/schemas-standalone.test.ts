/**
 * The build's standalone validators (dist/model/validators.cjs) answer exactly as the schemas compiled
 * at run time: same verdict, same errors (paths, keywords, params, messages, the failing schema), on the
 * examples and on edits of them that break each kind of rule.
 */
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, exampleFiles, type Document } from './examples.fixture.js';
import { CONFIG_SCHEMA_ID, configuredAjv, MANIFEST_SCHEMA_ID } from './schemas.js';
import { standaloneValidators } from './schemas-standalone.js';

function loadStandalone(): { manifest: ValidateFunction; config: ValidateFunction } {
  const module = { exports: {} as Record<string, ValidateFunction> };
  // The generated CommonJS module, evaluated with a require that resolves ajv's runtime helpers from here.
  new Function('exports', 'require', 'module', standaloneValidators())(module.exports, createRequire(import.meta.url), module);
  return { manifest: module.exports.manifest!, config: module.exports.config! };
}

const clone = (document: Document): Document => JSON.parse(JSON.stringify(document)) as Document;

function broken(): { name: string; document: Document }[] {
  const files = exampleFiles();
  const network = files.get('network.json')!;
  const service = files.get('api-service.json')!;
  const share = files.get('share.json')!;
  const edit = (base: Document, change: (document: Document) => void) => {
    const document = clone(base);
    change(document);
    return document;
  };
  return [
    ...[...files].map(([name, document]) => ({ name, document })),
    { name: 'unknown kind', document: edit(network, (d) => (d.kind = 'Gateway')) },
    { name: 'no spec', document: edit(network, (d) => delete d.spec) },
    { name: 'bad cidr', document: edit(network, (d) => (d.spec.cidr = '10.0.0.0/33')) },
    { name: 'extra property', document: edit(network, (d) => (d.spec.extra = true)) },
    { name: 'wrong type', document: edit(service, (d) => (d.spec.port = '8080')) },
    { name: 'enum', document: edit(service, (d) => (d.spec.cpu = 300)) },
    { name: 'several errors', document: edit(share, (d) => ((d.spec.serviceNetwork.name = 'Bad Name!'), (d.metadata.name = ''), (d.spec.principals = 7))) },
    { name: 'not an object', document: [] as unknown as Document },
  ];
}

describe('standalone validators', () => {
  const runtime = configuredAjv();
  const manifestAtRunTime = runtime.getSchema(MANIFEST_SCHEMA_ID) as ValidateFunction;
  const configAtRunTime = runtime.getSchema(CONFIG_SCHEMA_ID) as ValidateFunction;
  const standalone = loadStandalone();

  it.each(broken())('manifest: $name', ({ document }) => {
    const expected = manifestAtRunTime(document);
    const expectedErrors = structuredClone(manifestAtRunTime.errors);
    expect(standalone.manifest(document)).toBe(expected);
    expect(standalone.manifest.errors).toEqual(expectedErrors);
  });

  it.each([
    { name: 'example', document: EXAMPLE_CONFIG },
    { name: 'bad account ID', document: { ...clone(EXAMPLE_CONFIG), accounts: { network: '123' } } },
    { name: 'unknown field', document: { ...clone(EXAMPLE_CONFIG), nope: 1 } },
  ])('config: $name', ({ document }) => {
    const expected = configAtRunTime(document);
    const expectedErrors = structuredClone(configAtRunTime.errors);
    expect(standalone.config(document)).toBe(expected);
    expect(standalone.config.errors).toEqual(expectedErrors);
  });

  it('some of the edits are invalid (the comparison sees errors)', () => {
    expect(broken().filter(({ document }) => !manifestAtRunTime(document)).length).toBeGreaterThanOrEqual(7);
  });
});
