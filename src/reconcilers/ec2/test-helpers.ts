/** Shared by the EC2 reconcilers' tests: desired resources and a context backed by the simulation. */
import { ErrorClassifier } from '../../engine/classify.js';
import { ClientFactory } from '../../engine/clients.js';
import { withRetries } from '../../engine/retry.js';
import type { DesiredResource, Scope } from '../../engine/types.js';
import { Simulation, type SimOptions } from '../../sim/index.js';
import { errorTables } from '../registry.js';
import type { ReconcilerContext } from '../types.js';

export const SCOPE: Scope = { account: '111111111111', region: 'us-east-1' };

export function desiredResource(type: string, address: string, spec: Record<string, unknown>, tags: Record<string, string> = {}): DesiredResource {
  return {
    address,
    type,
    scope: SCOPE,
    spec,
    tags: { Name: address.split('/').pop()!, 'trellis:owner': 'trellis', 'trellis:address': address, ...tags },
    source: { file: 'net.json', pointer: '/spec' },
    deletionPolicy: 'Delete',
    ignoreDrift: [],
    mode: 'enforce',
  };
}

/** A reconciler context over a fresh simulation, built the way the engine builds it. */
export async function simContext(options: SimOptions = {}): Promise<{ sim: Simulation; ctx: ReconcilerContext }> {
  const sim = new Simulation({ seed: 1, pageSize: 2, ...options });
  const factory = new ClientFactory({ simulation: sim, sdkRetryDelayMs: () => 1 });
  const ctx: ReconcilerContext = {
    scope: SCOPE,
    owner: 'trellis',
    clients: await factory.forScope(SCOPE),
    retry: (_op, call) => withRetries(new ErrorClassifier(errorTables), { retries: 6, baseDelayMs: 1, maxDelayMs: 5 }, 'update', call),
    wait: { firstDelayMs: 1, maxDelayMs: 5, timeoutMs: 5_000 },
  };
  return { sim, ctx };
}
