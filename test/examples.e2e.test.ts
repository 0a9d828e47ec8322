/**
 * The complete example set (manifests/examples: the networking account, four Service accounts and a
 * Share in a resource-owner account) through the CLI: it validates, the quick start reconciles it
 * (the Network, four Services and the Share), and bad Service and Share input is rejected with file
 * and pointer before any AWS call.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, cliJson, EXAMPLES, simulation } from './helpers.js';

// Deliberately loose: tests write invalid documents.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

describe('the example manifests', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trellis-examples-'));
    await cp(EXAMPLES, dir, { recursive: true });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function edit(file: string, change: (manifest: Doc) => void): Promise<void> {
    const manifest = JSON.parse(await readFile(join(dir, file), 'utf8')) as Doc;
    change(manifest);
    await writeFile(join(dir, file), JSON.stringify(manifest, null, 2));
  }

  it('trellis validate accepts them, with no AWS call', async () => {
    const sim = simulation();
    const result = await cli(sim, 'validate', fileURLToPath(EXAMPLES));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^6 manifest\(s\) valid; 82 resource\(s\) desired\./);
    expect(sim.calls.total()).toBe(0);
  });

  it('the quick start reconciles them: the resources of the Network, the Services and the Share', async () => {
    const sim = simulation();
    const result = await cliJson(sim, 'reconcile', dir);
    expect(result.code).toBe(0);
    expect(result.report.summary).toMatchObject({ create: 82, delete: 0 });
    expect(result.report.apply).toMatchObject({ done: 82, failed: 0, skipped: 0 });
    expect(new Set(result.report.changes.map((change) => change.address.split('/')[0]))).toEqual(new Set(['network', 'service', 'share']));
  });

  it.each([
    ['api-consumer.json', (m: Doc) => (m.spec.consume[0].service = 'billing'), /api-consumer\.json#\/spec\/consume\/0\/service: unknown Service "billing"/],
    ['api-service.json', (m: Doc) => (m.spec.memory = 4096), /api-service\.json#\/spec\/memory: Fargate does not run cpu 256 with memory 4096 MiB/],
    ['share.json', (m: Doc) => (m.spec.resources.configurations[0].ipAddress = '10.0.16.10'), /share\.json#\/spec\/resources\/configurations\/0: must have exactly one of dnsName, ipAddress or arn/],
  ])('rejects bad input in %s with file and pointer, and no AWS call', async (file, change, pattern) => {
    await edit(file, change);
    const sim = simulation();
    for (const args of [['validate', dir], ['plan', dir, '--target', 'sim'], ['reconcile', dir, '--target', 'sim']]) {
      const result = await cli(sim, ...args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(pattern);
    }
    expect(sim.calls.total()).toBe(0);
  });

  it('rejects a public auth policy', async () => {
    await edit('share.json', (m) => {
      m.spec.authPolicy.Statement[0].Principal = '*';
      delete m.spec.authPolicy.Statement[0].Condition;
    });
    const result = await cli(simulation(), 'validate', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/share\.json#\/spec\/authPolicy\/Statement\/0\/Principal: allows every principal \("\*"\) without a Condition/);
  });
});
