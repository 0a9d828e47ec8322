/**
 * `--target aws` (default: the standard credential chain, profiles, `AWS_ENDPOINT_URL`) or
 * `--target sim[:file]`: the built-in simulated AWS, in memory or persisted to a JSON file.
 */
import { ClientFactory, type AssumeRoleSettings } from '../engine/clients.js';
import { DEFAULT_WAIT_TIMING } from '../engine/index.js';
import { UserError } from '../core/errors.js';
import type { ResolvedConfig } from '../model/index.js';
import type { WaitTiming } from '../core/reconciler.js';
import { Simulation, type SimOptions } from '../sim/index.js';

export interface Target {
  readonly clients: ClientFactory;
  /** How long a just-created resource may be invisible to Describe on this target. */
  readonly consistencyWindowMs: number;
  /** Polling for asynchronous states: minutes on AWS, milliseconds in the simulation. */
  readonly waitTiming: WaitTiming;
  /** Persists the simulation's state for `sim:<file>`. */
  finish(): Promise<void>;
}

/** `TRELLIS_SIM_OPTIONS` (JSON) sets simulation options such as faults, e.g. `{"throttleRate":0.3}`. */
function simOptionsFromEnv(): SimOptions {
  const raw = process.env.TRELLIS_SIM_OPTIONS;
  if (!raw) return {};
  try {
    return JSON.parse(raw) as SimOptions;
  } catch (error) {
    throw new UserError(`TRELLIS_SIM_OPTIONS is not valid JSON: ${(error as Error).message}`);
  }
}

/** The config's `assumeRole` as the client factory takes it (`undefined`: the caller's own account only). */
export function assumeRoleSettings(config: ResolvedConfig): AssumeRoleSettings | undefined {
  if (!config.assumeRole) return undefined;
  const { roleName, externalId, sessionName } = config.assumeRole;
  return { roleName, ...(externalId ? { externalId } : {}), ...(sessionName ? { sessionName } : {}) };
}

export async function openTarget(spec: string, config: ResolvedConfig, simulation?: Simulation): Promise<Target> {
  const assumeRole = assumeRoleSettings(config);
  if (spec === 'aws') {
    return {
      clients: new ClientFactory({ homeRegion: config.defaultRegion, ...(assumeRole ? { assumeRole } : {}) }),
      consistencyWindowMs: 15_000,
      waitTiming: DEFAULT_WAIT_TIMING,
      finish: async () => {},
    };
  }
  if (spec === 'sim' || spec.startsWith('sim:')) {
    const file = spec.startsWith('sim:') ? spec.slice('sim:'.length) : undefined;
    if (file === '') throw new UserError('--target sim:<file> needs a file name');
    const options = simOptionsFromEnv();
    const sim = simulation ?? (file ? await Simulation.load(file, options) : new Simulation(options));
    return {
      clients: new ClientFactory({
        simulation: sim,
        homeRegion: config.defaultRegion,
        ...(assumeRole ? { assumeRole } : {}),
      }),
      consistencyWindowMs: Math.max(100, 2 * (sim.options.consistencyDelayMs ?? 0)),
      // The simulation's clock is virtual: AWS's own polling timings cost no real time.
      waitTiming: DEFAULT_WAIT_TIMING,
      finish: async () => {
        if (file) await sim.save(file);
      },
    };
  }
  throw new UserError(`unknown --target ${JSON.stringify(spec)}: use aws, sim or sim:<file>`);
}
