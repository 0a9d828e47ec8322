/**
 * Bad input gets a clear error naming the file and the JSON pointer (or line and column), exit 1,
 * and not a single AWS call.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, exampleWorkspace, simulation, type Workspace } from './helpers.js';
import type { Simulation } from '../src/sim/index.js';

describe('bad input', () => {
  let workspace: Workspace;
  let sim: Simulation;
  beforeEach(async () => {
    workspace = await exampleWorkspace({ vpcAndSubnetsOnly: true });
    sim = simulation();
  });
  afterEach(() => workspace.cleanup());

  async function expectRejected(pattern: RegExp) {
    for (const command of ['reconcile', 'plan']) {
      const result = await cli(sim, command, workspace.dir, '--target', 'sim');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(pattern);
    }
    const validate = await cli(sim, 'validate', workspace.dir);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(pattern);
    expect(sim.calls.total()).toBe(0);
  }

  it('rejects a schema violation, naming the file and pointer', async () => {
    await workspace.editNetwork((network) => {
      network.spec.subnets[1]!.tier = 'privat';
    });
    await expectRejected(/network\.json#\/spec\/subnets\/1\/tier: .*public, private, isolated/);
  });

  it('rejects a malformed CIDR', async () => {
    await workspace.editNetwork((network) => {
      network.spec.subnets[1]!.cidrs[0] = '10.0.16.0/33';
    });
    await expectRejected(/network\.json#\/spec\/subnets\/1\/cidrs\/0: /);
  });

  it('rejects overlapping subnets', async () => {
    await workspace.editNetwork((network) => {
      network.spec.subnets[2]!.cidrs[1] = '10.0.64.128/25';
    });
    await expectRejected(/network\.json#\/spec\/subnets\/2\/cidrs\/1: .*overlap/i);
  });

  it('rejects a subnet outside the VPC', async () => {
    await workspace.editNetwork((network) => {
      network.spec.subnets[0]!.cidrs[1] = '10.9.1.0/24';
    });
    await expectRejected(/network\.json#\/spec\/subnets\/0\/cidrs\/1: .*10\.0\.0\.0\/16/);
  });

  it('rejects a duplicate manifest name across files', async () => {
    const { readFile } = await import('node:fs/promises');
    await writeFile(join(workspace.dir, 'copy.json'), await readFile(workspace.networkFile, 'utf8'));
    await expectRejected(/(copy|network)\.json#\/metadata\/name: .*core/);
  });

  it('rejects a JSON syntax error with line and column', async () => {
    await writeFile(join(workspace.dir, 'broken.json'), '{\n  "apiVersion": "trellis/v1alpha1",\n  "kind": "Network",,\n}\n');
    await expectRejected(/broken\.json:3:\d+: /);
  });
});
