/**
 * Readiness is an engine step outside the concurrency limiter: with `limits.concurrency: 1` and NAT
 * gateways that take three (virtual) minutes to become available, independent work goes on during the
 * wait, and only the routes that need a NAT gateway wait for it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../src/engine/index.js';
import { engineRun, exampleWorkspace, simulation, type Workspace } from './helpers.js';

const NAT_PROVISIONING_MS = 3 * 60_000;

describe('readiness', () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await exampleWorkspace();
    const configFile = join(workspace.dir, 'trellis.config.json');
    const config = JSON.parse(await readFile(configFile, 'utf8')) as { limits: { concurrency: number } };
    config.limits.concurrency = 1;
    await writeFile(configFile, JSON.stringify(config));
  });
  afterEach(() => workspace.cleanup());

  it('creates independent resources while a NAT gateway is provisioning, with one slot', async () => {
    // Calls take virtual time too, so independent work is still going on when the gateways are created.
    const sim = simulation({ asyncDelayMs: NAT_PROVISIONING_MS, latencyMs: 500 });
    const events: (ApplyEvent & { at: number })[] = [];
    const result = await engineRun(workspace.dir, sim, {
      onEvent: (event) => events.push({ ...event, at: sim.clock.now() }),
      waitTiming: { firstDelayMs: 2_000, maxDelayMs: 15_000, timeoutMs: 20 * 60_000 },
    });
    expect(result.applied?.failures).toEqual([]);

    const natCreated = events.find((event) => event.kind === 'done' && event.address === 'network/core/nat-gateway/a')!.at;
    const natReady = natCreated + NAT_PROVISIONING_MS;
    const startedDuringTheWait = events.filter((event) => event.kind === 'start' && event.at > natCreated && event.at < natReady);
    // Interface endpoints and security group rules do not need the NAT gateway: they go on meanwhile.
    expect(startedDuringTheWait.map((event) => event.address)).toEqual(
      expect.arrayContaining(['network/core/vpc-endpoint/ecr.api', 'network/core/vpc-endpoint/logs', 'network/core/security-group-rules/app']),
    );
    // The private route table of that zone routes through it: it starts only once the gateway works.
    const route = events.find((event) => event.kind === 'start' && event.address === 'network/core/route-table/private-a')!;
    expect(route.at).toBeGreaterThanOrEqual(natReady);
    // Both gateways were polled together: the 3-minute wait at delays 2, 4, 8, then 15 s is 16 rounds
    // of one Describe each (two gateways polled apart would make 32), plus observe's one listing in
    // each of the 8 accounts the example config names.
    expect(sim.calls.count('EC2:DescribeNatGateways')).toBeLessThanOrEqual(16 + 8);
  });
});
