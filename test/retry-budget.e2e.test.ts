/**
 * One retry layer per call, with one documented budget (src/engine/retry.ts): under a persistent 5xx
 * the simulation sees exactly `RetryPolicy.attempts` attempts of the failing call, never a product of
 * nested loops, and the failure names the operation and the attempts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientFactory } from '../src/engine/clients.js';
import { DEFAULT_RETRY_POLICY } from '../src/engine/retry.js';
import { reconcile } from '../src/engine/index.js';
import { loadInputs } from '../src/model/index.js';
import { errorTables, reconcilers } from '../src/reconcilers/registry.js';
import { exampleWorkspace, simulation, type Workspace } from './helpers.js';

describe('retry budget', () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await exampleWorkspace();
  });
  afterEach(() => workspace.cleanup());

  const run = async (failing: string) => {
    const sim = simulation({ failingOperations: [failing] });
    const inputs = await loadInputs([workspace.dir]);
    const result = await reconcile({
      inputs,
      clients: new ClientFactory({ simulation: sim, ...(inputs.config.assumeRole ? { assumeRole: inputs.config.assumeRole } : {}) }),
      dryRun: false,
      registry: reconcilers,
      errorTables,
    });
    return { sim, result };
  };

  it('tries a token-keyed create exactly the documented number of times under a persistent 5xx, on the virtual clock', async () => {
    const started = Date.now();
    const { sim, result } = await run('EC2:CreateNatGateway');
    // Two NAT gateways (perAz), each tried RetryPolicy.attempts times by the call layer alone.
    expect(sim.calls.count('EC2:CreateNatGateway')).toBe(2 * DEFAULT_RETRY_POLICY.attempts);
    const failures = result.applied!.failures.filter((failure) => failure.address.includes('nat-gateway'));
    expect(failures.map((failure) => failure.message)).toEqual([
      expect.stringMatching(/^network\/core\/nat-gateway\/a: create failed: EC2 CreateNatGateway: .* \(8 attempts\)$/),
      expect.stringMatching(/^network\/core\/nat-gateway\/b: create failed: EC2 CreateNatGateway: .* \(8 attempts\)$/),
    ]);
    // Backoff ran on the simulation's virtual clock: seconds of simulated waiting, no real sleep.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('leaves the retries of a create keyed by neither token nor name to the step layer, which re-observes first', async () => {
    const { sim, result } = await run('EC2:CreateVpc');
    expect(sim.calls.count('EC2:CreateVpc')).toBe(DEFAULT_RETRY_POLICY.attempts);
    // Before each retry the step layer looked for a VPC the failed call might have made.
    expect(sim.calls.count('EC2:DescribeVpcs')).toBeGreaterThan(DEFAULT_RETRY_POLICY.attempts);
    expect(result.applied!.failures.map((failure) => failure.address)).toEqual(['network/core/vpc/main']);
  });
});
