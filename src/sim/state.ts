/**
 * The simulation's whole world as plain JSON: it is saved and loaded as is (`--target sim:<file>`).
 * Nothing here holds a Date, a Map or a class instance; timestamps are epoch milliseconds.
 *
 * Layout: `accounts[account][region].services[service][collection][id]`. Handler modules own their
 * collections (`ec2.vpcs`, `ec2.subnets`, …) and create them on first use, so a new resource type never
 * edits this file.
 */

export const STATE_VERSION = 1;

/** Fields every stored resource has. */
export interface ResourceRecord {
  readonly id: string;
  /** Epoch ms of the create; 0 for resources AWS pre-creates (default VPC), which are never "too new". */
  readonly createdAt: number;
  tags: Record<string, string>;
}

export type Collection<T = unknown> = Record<string, T>;

export interface RegionState {
  /** `services.ec2.vpcs[vpcId]`. */
  services: Record<string, Record<string, Collection>>;
}

/** Client tokens already used in a region: replayed on a repeated request (see `client-token.ts`). */
export interface ClientTokenRecord {
  readonly operation: string;
  /** Stable JSON of the request without the token. */
  readonly request: string;
  readonly response: unknown;
}

export interface SimState {
  version: typeof STATE_VERSION;
  /** PRNG state for IDs (mulberry32), so IDs never repeat across save/load. */
  idRandom: number;
  /** PRNG state for fault rolls, separate so that turning faults on does not change IDs. */
  faultRandom: number;
  accounts: Record<string, Record<string, RegionState>>;
  /** The simulation clock's reading when saved (epoch ms), so time never runs backwards across runs. */
  clockMs?: number;
  /** Keys of create requests whose response was already lost once (`loseCreateResponses`). */
  lostResponses: string[];
}

export function emptyState(seed: number): SimState {
  return {
    version: STATE_VERSION,
    idRandom: seed >>> 0,
    faultRandom: (seed ^ 0x9e3779b9) >>> 0,
    accounts: {},
    lostResponses: [],
  };
}

/** JSON with object keys sorted, so that two equal requests give the same string. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}
