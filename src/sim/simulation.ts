/**
 * The simulation core: a middleware that answers SDK commands from in-memory state instead of sending
 * them, plus fault injection, call counting, deterministic IDs and persistence. What each operation
 * does lives in the modules listed in `registry.ts`.
 *
 * Placement (ARCHITECTURE.md, "The simulated AWS"): the middleware sits in the `finalizeRequest` step at low
 * priority, i.e. after the SDK's retry middleware (finalizeRequest, high) and the signer, and it never
 * calls `next`. So every error it throws meets the SDK's real retry strategy, every attempt reaches it
 * (and is counted), and the request is really signed with the client's credentials.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AbsoluteLocation, FinalizeRequestHandlerOptions, FinalizeRequestMiddleware, MetadataBearer, Pluggable } from '@smithy/types';
import { VirtualClock, type Clock } from '../core/clock.js';
import { CallLog, isMutating, type CallCounter } from './calls.js';
import { lostResponseError, NotImplementedInSimulation, serviceErrorsFor } from './errors.js';
import { baseCredentialsFor, identityOf, type SimCredentials } from './identity.js';
import type { Handler, HandlerContext, Identity, SimModule, TaggableKind } from './module.js';
import { DEFAULT_CALLER_ACCOUNT, type SimOptions } from './options.js';
import { Random } from './random.js';
import { AWS_REQUEST_RATES, RateBuckets } from './rates.js';
import { modules as defaultModules } from './registry.js';
import { emptyState, stableStringify, STATE_VERSION, type Collection, type RegionState, type ResourceRecord, type SimState } from './state.js';

export const MIDDLEWARE_NAME = 'trellisSimulation';

/** The parts of an SDK v3 client the simulation uses. */
interface PluggableClient {
  middlewareStack: {
    add(middleware: FinalizeRequestMiddleware<object, MetadataBearer>, options: FinalizeRequestHandlerOptions & AbsoluteLocation & { name: string }): void;
    remove(name: string): boolean;
  };
  config: {
    credentials?: () => Promise<SimCredentials>;
    region?: string | (() => Promise<string>);
  };
}

export class Simulation {
  /** Mutable: tests turn faults on and off between runs. */
  options: SimOptions;
  /**
   * The simulation's time: every timestamp, asynchronous state and latency reads it. A
   * {@link VirtualClock} unless given, so minutes of provisioning take no real time; the engine runs
   * its waits on the same clock (`ClientFactory` takes it from here). Saved with the state.
   */
  readonly clock: Clock;
  private readonly state: SimState;
  private readonly log = new CallLog();
  private readonly idRandom: Random;
  private readonly faultRandom: Random;
  private readonly handlers = new Map<string, Handler>();
  private readonly modules: readonly SimModule[];
  private buckets: { readonly model: NonNullable<SimOptions['rateModel']>; readonly buckets: RateBuckets } | undefined;

  constructor(options: SimOptions = {}, state?: SimState, modules: readonly SimModule[] = defaultModules, clock?: Clock) {
    this.options = options;
    this.state = state ?? emptyState(options.seed ?? Math.floor(Math.random() * 2 ** 32));
    this.clock = clock ?? new VirtualClock(Math.max(Date.now(), this.state.clockMs ?? 0));
    if (this.state.version !== STATE_VERSION) {
      throw new Error(`simulation state version ${String(this.state.version)} is not supported (expected ${STATE_VERSION})`);
    }
    this.idRandom = new Random(this.state.idRandom);
    this.faultRandom = new Random(this.state.faultRandom);
    this.modules = modules;
    for (const module of modules) {
      for (const [key, handler] of Object.entries(module.handlers ?? {})) {
        if (this.handlers.has(key)) throw new Error(`simulation modules: ${key} is handled twice (${module.name})`);
        this.handlers.set(key, handler);
      }
    }
  }

  /**
   * Moves the simulation's time forward (tests: let a consistency window or a provisioning delay
   * pass). Only for the default virtual clock.
   */
  advance(ms: number): void {
    if (!(this.clock instanceof VirtualClock)) throw new Error('advance() needs the simulation\'s virtual clock');
    this.clock.advance(ms);
  }

  /** Loads a saved simulation; a missing file gives an empty one. */
  static async load(file: string, options: SimOptions = {}): Promise<Simulation> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Simulation(options);
      throw error;
    }
    return new Simulation(options, JSON.parse(text) as SimState);
  }

  /** Writes the whole state (PRNG positions included) atomically. */
  async save(file: string): Promise<void> {
    this.syncRandomState();
    await mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(this.state, null, 2) + '\n');
    await rename(temporary, file);
  }

  /** A deep copy of the state as it would be saved. */
  snapshot(): SimState {
    this.syncRandomState();
    return structuredClone(this.state);
  }

  get calls(): CallCounter {
    return this.log;
  }

  /** Static credentials of the base identity (`callerAccount`). */
  baseCredentials(): { accessKeyId: string; secretAccessKey: string } {
    return baseCredentialsFor(this.callerAccount);
  }

  /** Adds the simulation middleware to a client (replacing an earlier one); returns the same client. */
  plug<C>(client: C): C {
    const pluggable = client as unknown as PluggableClient;
    pluggable.middlewareStack.remove(MIDDLEWARE_NAME);
    pluggable.middlewareStack.add(this.middleware(pluggable), {
      step: 'finalizeRequest',
      priority: 'low',
      name: MIDDLEWARE_NAME,
    });
    return client;
  }

  /**
   * The middleware as a client plugin, for clients the SDK builds itself (the STS client inside
   * `fromTemporaryCredentials`): `credentials` and `region` are those that client is configured with.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  plugin(config: { credentials: () => Promise<SimCredentials>; region: string }): Pluggable<any, any> {
    const middleware = this.middleware({ middlewareStack: undefined as never, config });
    return {
      applyToStack: (stack) =>
        stack.add(middleware as never, { step: 'finalizeRequest', priority: 'low', name: MIDDLEWARE_NAME, override: true }),
    };
  }

  /**
   * A plugged client for tests and out-of-band changes, with the base credentials of `account`.
   * `config` is passed to the client constructor (e.g. `maxAttempts`, `retryStrategy`).
   */
  client<C>(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    clientClass: new (config: any) => C,
    scope: { account: string; region: string },
    config: Record<string, unknown> = {},
  ): C {
    return this.plug(new clientClass({ region: scope.region, credentials: baseCredentialsFor(scope.account), ...config }));
  }

  private get callerAccount(): string {
    return this.options.callerAccount ?? DEFAULT_CALLER_ACCOUNT;
  }

  private syncRandomState(): void {
    this.state.clockMs = this.clock.now();
    this.state.idRandom = this.idRandom.state;
    this.state.faultRandom = this.faultRandom.state;
  }

  private middleware(client: PluggableClient): FinalizeRequestMiddleware<object, MetadataBearer> {
    return (_next, context) => async (args) => {
      const service = String(context.clientName ?? 'UnknownClient').replace(/Client$/, '');
      const operation = String(context.commandName ?? 'UnknownCommand').replace(/Command$/, '');
      this.log.record(service, operation);
      const requestId = this.faultRandom.uuid();
      try {
        const input = withSerializedToken(args.input as Record<string, unknown>, (args as { request?: { body?: unknown } }).request?.body);
        const output = await this.call(client, service, operation, input);
        // The retry middleware above overwrites attempts and totalRetryDelay with its own counts.
        return {
          output: { ...(output as object), $metadata: { httpStatusCode: 200, requestId, attempts: 1, totalRetryDelay: 0 } } as MetadataBearer,
          response: {},
        };
      } catch (error) {
        const metadata = (error as { $metadata?: Record<string, unknown> }).$metadata;
        if (metadata && metadata.requestId === undefined && (error as Error).name !== 'TimeoutError') metadata.requestId = requestId;
        throw error;
      }
    };
  }

  private async call(client: PluggableClient, service: string, operation: string, input: Record<string, unknown>): Promise<unknown> {
    const errors = serviceErrorsFor(service);
    const latency = (isMutating(operation) ? this.options.mutatingLatencyMs : undefined) ?? this.options.latencyMs ?? 0;
    if (latency > 0) await this.clock.sleep(latency);
    if (this.roll(this.options.throttleRate)) throw errors.throttling();
    if (this.roll(this.options.serverErrorRate)) throw errors.serverError(this.faultRandom.next());
    if (this.options.failingOperations?.includes(`${service}:${operation}`)) throw errors.serverError(this.faultRandom.next());

    const credentials = await client.config.credentials?.();
    if (!credentials) throw errors.authFailure('The request has no credentials');
    const identity = identityOf(credentials);
    if (typeof identity === 'string') throw errors.authFailure(identity);
    const now = this.clock.now();
    // Session expiry is real time: the SDK refreshes credentials by the real clock, not the virtual one.
    if (identity.kind === 'assumed' && identity.expiresAt <= Date.now()) throw errors.expiredToken();
    const regionConfig = client.config.region;
    const region = typeof regionConfig === 'function' ? await regionConfig() : (regionConfig ?? 'us-east-1');
    if (this.rateBuckets()?.take(identity.account, region, service, operation) === false) throw errors.throttling();

    const handler = this.handlers.get(`${service}:${operation}`);
    if (!handler) throw new NotImplementedInSimulation(service, operation);
    const ctx = this.context(service, operation, identity, region, now);
    const output = await handler(ctx, input ?? {});
    for (const module of this.modules) module.afterCall?.(ctx, { input: input ?? {}, output });

    if (this.options.loseCreateResponses && losesResponse(operation)) {
      const key = `${service}:${operation}:${identity.account}:${region}:${stableStringify(input)}`;
      if (!this.state.lostResponses.includes(key)) {
        this.state.lostResponses.push(key);
        throw lostResponseError(`${service}:${operation}`);
      }
    }
    return output;
  }

  /** The request-rate buckets of `options.rateModel`, rebuilt when the option changes. */
  private rateBuckets(): RateBuckets | undefined {
    const model = this.options.rateModel;
    if (model === undefined) return undefined;
    if (this.buckets?.model !== model) this.buckets = { model, buckets: new RateBuckets(this.clock, model === 'aws' ? AWS_REQUEST_RATES : model) };
    return this.buckets.buckets;
  }

  private roll(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.faultRandom.next() < rate;
  }

  private context(service: string, operation: string, identity: Identity, region: string, now: number): HandlerContext {
    const errors = serviceErrorsFor(service);
    const ctx: HandlerContext = {
      service,
      operation,
      account: identity.account,
      region,
      identity,
      now,
      options: this.options,
      state: this.state,
      collection: <T>(svc: string, name: string) => this.collection<T>(ctx, identity.account, region, svc, name),
      collectionIn: <T>(account: string, otherRegion: string, svc: string, name: string) =>
        this.collection<T>(ctx, account, otherRegion, svc, name),
      newId: (prefix, hexLength = 17) => `${prefix}-${this.idRandom.hex(hexLength)}`,
      randomHex: (length) => this.idRandom.hex(length),
      error: (code, message, status) => errors.error(code, message, status),
      isVisible: (record: ResourceRecord) => record.createdAt === 0 || now >= record.createdAt + (this.options.consistencyDelayMs ?? 0),
      dependentsOf: (kind, id) => this.modules.flatMap((module) => module.dependents?.[kind]?.(ctx, id) ?? []),
      created: (kind, id) => {
        for (const module of this.modules) module.onCreate?.[kind]?.(ctx, id);
      },
      deleted: (kind, id) => {
        for (const module of this.modules) module.onDelete?.[kind]?.(ctx, id);
      },
      taggableKindOf: (id) => {
        let found: TaggableKind | undefined;
        for (const module of this.modules) {
          for (const kind of module.taggable ?? []) if (id.startsWith(kind.prefix)) found = kind;
        }
        return found;
      },
      taggedResources: () => this.modules.flatMap((module) => [...(module.taggedResources?.(ctx) ?? [])]),
    };
    return ctx;
  }

  private collection<T>(ctx: HandlerContext, account: string, region: string, service: string, name: string): Collection<T> {
    const regions = (this.state.accounts[account] ??= {});
    let regionState: RegionState | undefined = regions[region];
    if (!regionState) {
      regionState = regions[region] = { services: {} };
      // Pre-created resources belong to the region being initialized, whoever asked.
      const initContext: HandlerContext =
        account === ctx.account && region === ctx.region
          ? ctx
          : this.context(ctx.service, ctx.operation, { kind: 'base', account }, region, ctx.now);
      for (const module of this.modules) module.initRegion?.(initContext);
    }
    const collections = (regionState.services[service] ??= {});
    return (collections[name] ??= {}) as Collection<T>;
  }
}

/**
 * The client token the SDK serialized but the input lacks: JSON protocols fill an `idempotencyToken`
 * member (VPC Lattice `clientToken`) with a new UUID per send() in the serializer, so it is in the body
 * only — and the same for every retry of that send, as AWS sees it (docs/aws-behaviour.md §5a).
 */
function withSerializedToken(input: Record<string, unknown> | undefined, body: unknown): Record<string, unknown> {
  const given = input ?? {};
  if (given['clientToken'] !== undefined) return given;
  // The JSON serializers hand over a string or a Uint8Array of UTF-8 JSON.
  const text = typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : undefined;
  if (text === undefined || !text.startsWith('{')) return given;
  try {
    const token = (JSON.parse(text) as Record<string, unknown>)['clientToken'];
    return typeof token === 'string' ? { ...given, clientToken: token } : given;
  } catch {
    return given;
  }
}

/**
 * Calls whose lost response matters: every create-like call (`Create*` but tagging, `Allocate*`), and
 * the additive calls trellis replays (`Authorize*`, `Associate*`), which must then be idempotent.
 */
function losesResponse(operation: string): boolean {
  if (operation === 'CreateTags') return false;
  return /^(Create|Allocate|Authorize|Associate)/.test(operation);
}
