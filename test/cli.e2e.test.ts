/** The CLI as a user meets it: persisted simulation, output formats, exit codes. */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { cli, exampleWorkspace, simulation, type Workspace } from './helpers.js';

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

describe('trellis CLI', () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await exampleWorkspace({ vpcAndSubnetsOnly: true });
  });
  afterEach(() => workspace.cleanup());

  it('keeps the simulated account in a file between runs with --target sim:<file>', async () => {
    // Outside the manifests directory: every *.json in it is read as a manifest.
    const state = join(workspace.dir, '..', `${basename(workspace.dir)}-sim-state.json`);
    const first = await run('reconcile', workspace.dir, '--target', `sim:${state}`);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Apply: \d+ done, 0 failed, 0 skipped\./);
    const second = await run('plan', workspace.dir, '--target', `sim:${state}`, '--detailed-exitcode');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/No changes/);
    await rm(state, { force: true });
  });

  it('exits 2 from plan --detailed-exitcode when changes are pending, and 0 without the flag', async () => {
    const sim = simulation();
    expect((await cli(sim, 'plan', workspace.dir, '--target', 'sim', '--detailed-exitcode')).code).toBe(2);
    expect((await cli(sim, 'plan', workspace.dir, '--target', 'sim')).code).toBe(0);
    expect(sim.calls.mutating()).toBe(0);
  });

  it('prints the plan as text without colors when not on a terminal, and as Markdown for pull requests', async () => {
    const sim = simulation();
    const text = await cli(sim, 'plan', workspace.dir, '--target', 'sim');
    expect(text.stdout).toMatch(/^ {2}\+ network\/core\/vpc\/main \(ec2:vpc, 111111111111\/us-east-1\)$/m);
    expect(text.stdout).toMatch(/vpcId: \(known after apply\)/);
    expect(text.stdout).toMatch(/subnetIds: \["\(known after apply\)","\(known after apply\)"\]/);
    expect(text.stdout).not.toMatch(/knownAfterApply/);
    expect(text.stdout).not.toContain(String.fromCharCode(27)); // no ANSI escape
    const markdown = await cli(sim, 'plan', workspace.dir, '--target', 'sim', '--output', 'markdown');
    expect(markdown.stdout).toMatch(/^### trellis plan$/m);
    expect(markdown.stdout).toMatch(/^\| `\+` \| `network\/core\/vpc\/main` \| ec2:vpc \|/m);
  });

  it('rejects an unknown target and an unknown output format with exit 1', async () => {
    expect((await run('plan', workspace.dir, '--target', 'azure')).stderr).toMatch(/unknown --target "azure"/);
    const badOutput = await run('plan', workspace.dir, '--output', 'yaml');
    expect(badOutput.code).toBe(1);
    expect(badOutput.stderr).toMatch(/yaml/);
  });

  it('prints the manifest schema', async () => {
    const result = await run('schema', 'network');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty('properties.subnets');
  });
});

describe('a refused run', () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await exampleWorkspace({ vpcAndSubnetsOnly: true });
  });
  afterEach(() => workspace.cleanup());

  it('says in the text and Markdown summaries what was refused, never "No changes"', async () => {
    const sim = simulation();
    expect((await cli(sim, 'reconcile', workspace.dir, '--target', 'sim')).code).toBe(0);
    await rm(workspace.networkFile);
    const text = await cli(sim, 'reconcile', workspace.dir, '--target', 'sim');
    expect(text.code).toBe(1);
    expect(text.stdout).not.toMatch(/No changes/);
    expect(text.stdout).toMatch(/^Nothing planned: 12 deletions refused \(see "refused:" below\)\.$/m);
    expect(text.stdout).toMatch(/^refused: refusing to delete 12 owned resource\(s\) in 111111111111\/us-east-1: no manifest desires anything there/m);
    expect(text.stdout).toMatch(/^Plan: 0 to create, 0 to update, 0 to replace, 0 to delete, 0 unchanged; 12 deletions refused\.$/m);
    const markdown = await cli(sim, 'plan', workspace.dir, '--target', 'sim', '--output', 'markdown');
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).not.toMatch(/No changes/);
    expect(markdown.stdout).toMatch(/unchanged; \*\*12 deletions refused\*\*\.$/m);
    expect(markdown.stdout).toMatch(/^Nothing planned: 12 deletions refused, see below\.$/m);
    expect(markdown.stdout).toMatch(/^> \*\*Refused:\*\* refusing to delete 12 owned resource\(s\)/m);
    expect(sim.calls.mutating()).toBeGreaterThan(0); // the first run only
  });
});

describe('accounts trellis cannot reach', () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await exampleWorkspace({ vpcAndSubnetsOnly: true });
  });
  afterEach(() => workspace.cleanup());

  it('warns about a configured account without manifests whose role it cannot assume, and carries on', async () => {
    // The user-service account's role trusts another external ID than the example config's.
    const sim = simulation({ roleExternalIds: { 'arn:aws:iam::333333333333:role/TrellisDeployRole': 'not-ours' } });
    const result = await cli(sim, 'reconcile', workspace.dir, '--target', 'sim');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/warning: 333333333333\/us-east-1 \(no manifest there\) was not observed: .*AccessDenied|warning: 333333333333\/us-east-1 \(no manifest there\) was not observed: .*not authorized/);
    expect(result.stdout).toMatch(/Apply: 12 done, 0 failed/);
  });

  it('stops before planning, with a clean error, when an account that has manifests cannot be observed', async () => {
    await workspace.editNetwork((network) => {
      network.metadata.account = 'user-service';
    });
    const sim = simulation({ roleExternalIds: { 'arn:aws:iam::333333333333:role/TrellisDeployRole': 'not-ours' } });
    const result = await cli(sim, 'reconcile', workspace.dir, '--target', 'sim');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: observe ec2:\S+ in 333333333333\/us-east-1 failed: /m);
    expect(result.stderr).not.toMatch(/Please report/);
    expect(sim.calls.mutating()).toBe(0);
  });
});

describe('on a terminal', () => {
  it('colors the plan and shows live progress of the apply', async () => {
    const workspace = await exampleWorkspace({ vpcAndSubnetsOnly: true });
    try {
      let stdout = '';
      let stderr = '';
      const code = await main(['reconcile', workspace.dir, '--target', 'sim'], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        isTTY: true,
        simulation: simulation(),
      });
      expect(code).toBe(0);
      expect(stdout).toContain(String.fromCharCode(27)); // ANSI colors
      expect(stderr).toMatch(/^… creating network\/core\/vpc\/main$/m);
      expect(stderr).toMatch(/^✓ created network\/core\/subnet\/private-a$/m);
    } finally {
      await workspace.cleanup();
    }
  });
});

describe('bin/trellis.js as a user runs it', () => {
  it('prints no AWS SDK Node version warning on a supported Node (20 included)', async () => {
    // A real process: the SDK's warning goes through process.emitWarning to stderr, which an
    // in-process main() would not show. The variable is removed so the test sees what a user sees.
    const env = { ...process.env };
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const bin = new URL('../bin/trellis.js', import.meta.url);
    const examples = new URL('../manifests/examples', import.meta.url);
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin.pathname, 'plan', examples.pathname, '--target', 'sim'], { env });
    expect(stdout).toMatch(/^Plan: /m); // the run built SDK clients, where the SDK would warn
    expect(stderr).not.toMatch(/NodeVersionSupportWarning|will require node|no longer support/i);
    expect(stderr).toBe('');
  }, 30_000);
});
