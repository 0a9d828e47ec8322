/**
 * Reconciler contexts for unit tests, built the way the engine builds them: one over a mocked SDK
 * client class (aws-sdk-client-mock), one over a fresh simulation.
 */
import { ErrorClassifier } from '../core/classify.js';
import { ClientFactory } from '../engine/clients.js';
import { retrying } from '../engine/retry.js';
import { VirtualClock } from '../core/clock.js';
import type { Scope } from '../core/types.js';
import { Simulation, type SimOptions } from '../sim/index.js';
import { errorTables } from './registry.js';
import { listingMemo, type AnyClient, type ClientClass, type ReconcilerContext, type WaitTiming } from '../core/reconciler.js';

export const TEST_SCOPE: Scope = { account: '111111111111', region: 'us-east-1' };

/** Polls without waiting: tests must not sleep for real AWS timings. */
export const FAST_WAIT: WaitTiming = { firstDelayMs: 1, maxDelayMs: 5, timeoutMs: 5_000 };

/**
 * A context whose clients are new instances of the class each `get` asks for (mock them with
 * aws-sdk-client-mock: `clientClass` is the one the test mocks, and any other class a reconciler asks for,
 * such as the tagging API's, is built as well), with no step retries; `sdkRetries` records the retry mode
 * each client was asked for.
 */
export function mockContext<C extends AnyClient>(
  clientClass: ClientClass<C>,
  scope: Scope = TEST_SCOPE,
): { ctx: ReconcilerContext; sdkRetries: (boolean | undefined)[] } {
  const sdkRetries: (boolean | undefined)[] = [];
  const ctx: ReconcilerContext = {
    scope,
    owner: 'trellis',
    clients: {
      get: (requested, options) => {
        sdkRetries.push(options?.retryAmbiguous);
        return new (requested ?? clientClass)({ region: scope.region }) as never;
      },
    },
    clientsIn: async () => ctx.clients,
    retry: (_operation, call) => call(),
    wait: FAST_WAIT,
    clock: new VirtualClock(),
  };
  return { ctx, sdkRetries };
}

/** A context over a simulation (a fresh one unless given), with the engine's clients and fast step retries. */
export async function simContext(
  options: SimOptions = {},
  scope: Scope = TEST_SCOPE,
  simulation?: Simulation,
): Promise<{ sim: Simulation; ctx: ReconcilerContext }> {
  const sim = simulation ?? new Simulation({ seed: 1, pageSize: 2, ...options });
  const factory = new ClientFactory({ simulation: sim });
  const classifier = new ErrorClassifier(errorTables);
  const ctx: ReconcilerContext = {
    scope,
    owner: 'trellis',
    clients: await factory.forScope(scope),
    clientsIn: (other) => factory.forScope(other),
    // Like the engine's step layer; the type only picks the service's error table (all EC2 here but RAM's).
    retry: (operation, call) =>
      retrying(call, {
        policy: { attempts: 7, baseDelayMs: 1, maxDelayMs: 5 },
        clock: sim.clock,
        operation,
        classify: (error) => (classifier.classify(error, 'update', 'ec2:any') === 'retry' ? 'retry' : classifier.classify(error, 'update', 'ram:any')),
      }),
    wait: FAST_WAIT,
    clock: sim.clock,
  };
  return { sim, ctx };
}

/**
 * `ctx` as one observe pass sees it: with the engine's per-scope memo (`ReconcilerContext.shared`),
 * so listings types share (`sharedListing`) are made once across the observes called on it.
 */
export function observePass(ctx: ReconcilerContext): ReconcilerContext {
  return { ...ctx, shared: listingMemo() };
}
