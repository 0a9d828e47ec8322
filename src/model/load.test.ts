import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError, ValidationError } from '../core/errors.js';
import { findErrorOffset, lineAndColumn } from './json-syntax.js';
import { loadInputs } from './load.js';
import { DEFAULT_CONFIG } from './types.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'trellis-load-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function write(relative: string, content: unknown): Promise<string> {
  const file = join(directory, relative);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

async function loadError(paths: string[], options?: { configPath?: string }): Promise<unknown> {
  return loadInputs(paths, options).then(
    () => expect.unreachable('loadInputs should have thrown'),
    (error: unknown) => error,
  );
}

describe('loadInputs', () => {
  it('reads *.json recursively in sorted order, and not the config or other files', async () => {
    await write('b.json', { name: 'b' });
    await write('a/z.json', { name: 'a/z' });
    await write('a/c.json', { name: 'a/c' });
    await write('notes.md', 'not json');
    await write('.hidden/x.json', { name: 'hidden' });
    await write('trellis.config.json', { owner: 'team' });

    const inputs = await loadInputs([directory]);

    expect(inputs.manifests.map((loaded) => loaded.file)).toEqual([
      join(directory, 'a/c.json'),
      join(directory, 'a/z.json'),
      join(directory, 'b.json'),
    ]);
    expect(inputs.manifests.map((loaded) => loaded.manifest)).toEqual([{ name: 'a/c' }, { name: 'a/z' }, { name: 'b' }]);
    expect(inputs.configFile).toBe(join(directory, 'trellis.config.json'));
    expect(inputs.config.owner).toBe('team');
  });

  it('gives array elements /N pointers and a single object the empty pointer', async () => {
    const many = await write('many.json', [{ n: 0 }, { n: 1 }]);
    const one = await write('one.json', { n: 2 });

    const inputs = await loadInputs([many, one]);

    expect(inputs.manifests).toEqual([
      { file: many, pointer: '/0', manifest: { n: 0 } },
      { file: many, pointer: '/1', manifest: { n: 1 } },
      { file: one, pointer: '', manifest: { n: 2 } },
    ]);
  });

  it('keeps the file path as the user gave it', async () => {
    await write('net/core.json', { n: 1 });
    const given = relative(process.cwd(), directory);

    const inputs = await loadInputs([given]);

    expect(inputs.manifests[0]?.file).toBe(join(given, 'net/core.json'));
  });

  it('reads a file reached twice only once', async () => {
    const file = await write('a.json', { n: 1 });
    const inputs = await loadInputs([directory, file]);
    expect(inputs.manifests).toHaveLength(1);
  });

  it('reports every JSON syntax error of every file at once, with line and column', async () => {
    const first = await write('a.json', '{\n  "a": 1\n  "b": 2\n}');
    const second = await write('b.json', '[\n  {"ok": true},\n  {"a": }\n]');

    const error = await loadError([directory]);

    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.map(({ file, line, column }) => ({ file, line, column }))).toEqual([
      { file: first, line: 3, column: 3 },
      { file: second, line: 3, column: 9 },
    ]);
    expect(issues[0]?.message).toBe("invalid JSON: Expected ',' or '}' after property value");
  });

  it('locates a truncated file at its end', async () => {
    const file = await write('a.json', '{\n  "a": [1,');
    const error = await loadError([file]);
    expect((error as ValidationError).issues).toEqual([{ file, line: 2, column: 11, message: 'invalid JSON: Unexpected end of JSON input' }]);
  });

  it('reports a config file syntax error with the manifests ones', async () => {
    await write('trellis.config.json', '{ "owner": }');
    await write('a.json', '{ nope }');
    const error = await loadError([directory]);
    expect((error as ValidationError).issues.map((issue) => [issue.file, issue.line, issue.column])).toEqual([
      [join(directory, 'a.json'), 1, 3],
      [join(directory, 'trellis.config.json'), 1, 12],
    ]);
  });

  it('names a path that does not exist', async () => {
    const missing = join(directory, 'nope');
    const error = await loadError([directory, missing]);
    expect(error).toBeInstanceOf(UserError);
    expect(error).not.toBeInstanceOf(ValidationError);
    expect((error as UserError).message).toBe(`not found: ${missing}`);
  });

  it('names a config path that does not exist', async () => {
    const missing = join(directory, 'other.config.json');
    const error = await loadError([directory], { configPath: missing });
    expect((error as UserError).message).toBe(`not found: ${missing}`);
  });

  it('returns no manifests and the default config for an empty directory', async () => {
    const inputs = await loadInputs([directory]);
    expect(inputs).toEqual({ manifests: [], config: DEFAULT_CONFIG, configFile: undefined });
    expect(inputs.config.defaultRegion).toBe('us-east-1');
    expect(inputs.config.limits).toEqual({ concurrency: 8, maxDeletions: 10 });
  });

  it('takes the config from the directory of the first file argument', async () => {
    await write('trellis.config.json', { defaultRegion: 'eu-west-1', limits: { concurrency: 2 } });
    const file = await write('a.json', {});
    const inputs = await loadInputs([file]);
    expect(inputs.configFile).toBe(join(directory, 'trellis.config.json'));
    expect(inputs.config).toEqual({ ...DEFAULT_CONFIG, defaultRegion: 'eu-west-1', limits: { concurrency: 2, maxDeletions: 10 } });
    expect(inputs.configDocument).toEqual({ defaultRegion: 'eu-west-1', limits: { concurrency: 2 } });
  });

  it('prefers the config path option, and never reads it as a manifest', async () => {
    await write('trellis.config.json', { owner: 'from-directory' });
    const configPath = await write('prod.config.json', { owner: 'from-option', accounts: { net: '111111111111' } });
    await write('a.json', {});

    const inputs = await loadInputs([directory], { configPath });

    expect(inputs.configFile).toBe(configPath);
    expect(inputs.config.owner).toBe('from-option');
    expect(inputs.config.accounts).toEqual({ net: '111111111111' });
    expect(inputs.manifests.map((loaded) => loaded.file)).toEqual([join(directory, 'a.json')]);
  });
});

describe('findErrorOffset', () => {
  it('finds the first offending character where JSON.parse gives no position', () => {
    expect(findErrorOffset('{"a": }')).toBe(6);
    expect(findErrorOffset('{"a": tru}')).toBe(9);
    expect(findErrorOffset('[1, "x\\q"]')).toBe(7);
    expect(findErrorOffset('{"a": [1, 2], "b": {"c": null}}')).toBe(31);
  });

  it('converts an offset to a 1-based line and column', () => {
    expect(lineAndColumn('ab\ncd\nef', 7)).toEqual({ line: 3, column: 2 });
    expect(lineAndColumn('x', 0)).toEqual({ line: 1, column: 1 });
  });
});
