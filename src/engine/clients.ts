/**
 * SDK clients per (account, region): the standard credential chain for the caller's own account,
 * an STS-assumed role (`assumeRole.roleName`, with external ID) in every other account, one cached
 * client per (account, region, client class, retry mode), the call layer of retries and rate limits
 * under each (`call-retry.ts`, `limits.ts`), and the simulation plugged in for `--target sim`.
 * Endpoints are left to the SDK, which honours `AWS_ENDPOINT_URL` and the per-service
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, so trellis runs against LocalStack or moto unchanged.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from '@smithy/types';
import { systemClock, type Clock } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import type { AnyClient, ClientClass, ClientOptions, ScopeClients } from '../core/reconciler.js';
import { GLOBAL_REGION, type Scope } from '../core/types.js';
import type { Simulation } from '../sim/index.js';
import { CALL_RETRY_OPTIONS, callRetryMiddleware } from './call-retry.js';
import { RateLimits } from './limits.js';
import { DEFAULT_RETRY_POLICY, type RetryEvent, type RetryPolicy } from './retry.js';

export interface AssumeRoleSettings {
  readonly roleName: string;
  readonly externalId?: string;
  readonly sessionName?: string;
}

export interface ClientFactoryOptions {
  /** `--target sim`: every client answers from this simulation instead of AWS. */
  readonly simulation?: Simulation;
  readonly assumeRole?: AssumeRoleSettings;
  /** Region for STS calls made before any scope is known. Default `us-east-1`. */
  readonly homeRegion?: string;
  /** The call layer's budget and backoff (`call-retry.ts`). Default {@link DEFAULT_RETRY_POLICY}. */
  readonly retryPolicy?: RetryPolicy;
  /** Backoff and rate-bucket waits run on it. Default: the simulation's clock, else real time. */
  readonly clock?: Clock;
  /** Rate buckets shared by every client of the run. Default: AWS's published rates. */
  readonly limits?: RateLimits;
  readonly onRetry?: (event: RetryEvent) => void;
}

export class ClientFactory {
  readonly #options: ClientFactoryOptions;
  readonly #clients = new Map<string, AnyClient>();
  readonly #credentials = new Map<string, AwsCredentialIdentityProvider>();
  readonly clock: Clock;
  readonly limits: RateLimits;
  #callerAccount: Promise<string> | undefined;
  #sts: STSClient | undefined;

  constructor(options: ClientFactoryOptions = {}) {
    this.#options = options;
    this.clock = options.clock ?? options.simulation?.clock ?? systemClock;
    this.limits = options.limits ?? new RateLimits(this.clock);
  }

  /** The account the base credentials belong to (one STS GetCallerIdentity per run). */
  callerAccount(): Promise<string> {
    this.#callerAccount ??= this.#baseSts()
      .send(new GetCallerIdentityCommand({}))
      .then((identity) => {
        if (!identity.Account) throw new Error('STS GetCallerIdentity returned no account');
        return identity.Account;
      })
      .catch((error: unknown) => {
        this.#callerAccount = undefined; // a failed call is asked again next time
        throw error;
      });
    return this.#callerAccount;
  }

  /** Clients for one scope. Resolves the caller's account first, to know whether to assume a role. */
  async forScope(where: Scope): Promise<ScopeClients> {
    // A global type's scope (IAM): its clients sign for the home region and reach the global endpoint.
    const scope = where.region === GLOBAL_REGION ? { account: where.account, region: this.#options.homeRegion ?? 'us-east-1' } : where;
    const credentials = await this.#credentialsFor(scope.account);
    return {
      get: <C extends AnyClient>(clientClass: ClientClass<C>, options: ClientOptions = {}): C => {
        const retryAmbiguous = options.retryAmbiguous ?? true;
        const key = `${scope.account}/${scope.region}/${clientClass.name}/${retryAmbiguous}`;
        let client = this.#clients.get(key);
        if (!client) {
          client = this.#build(clientClass, scope, credentials, retryAmbiguous);
          this.#clients.set(key, client);
        }
        return client as C;
      },
    };
  }

  #build<C extends AnyClient>(
    clientClass: ClientClass<C>,
    scope: Scope,
    credentials: AwsCredentialIdentityProvider | undefined,
    retryAmbiguous: boolean,
  ): C {
    // One attempt per SDK send: the call layer below retries, with its own budget.
    const client = new clientClass({ region: scope.region, ...(credentials ? { credentials } : {}), maxAttempts: 1 });
    this.#plugin(scope, retryAmbiguous).applyToStack(client.middlewareStack);
    return this.#options.simulation ? this.#options.simulation.plug(client) : client;
  }

  /** The call layer of retries and rate limits, as a plugin for clients trellis does not build itself. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  #plugin(scope: Scope, retryAmbiguous: boolean): Pluggable<any, any> {
    const middleware = callRetryMiddleware({
      policy: this.#options.retryPolicy ?? DEFAULT_RETRY_POLICY,
      clock: this.clock,
      limits: this.limits,
      account: scope.account,
      region: scope.region,
      retryAmbiguous,
      ...(this.#options.onRetry ? { onRetry: this.#options.onRetry } : {}),
    });
    return { applyToStack: (stack) => stack.add(middleware, CALL_RETRY_OPTIONS) };
  }

  async #credentialsFor(account: string): Promise<AwsCredentialIdentityProvider | undefined> {
    const caller = await this.callerAccount();
    if (account === caller) return this.#baseCredentials();
    const cached = this.#credentials.get(account);
    if (cached) return cached;
    const settings = this.#options.assumeRole;
    if (!settings) {
      throw new UserError(
        `account ${account} is not the account of the current credentials (${caller}) and trellis.config.json has no assumeRole to reach it`,
      );
    }
    const provider = this.#assumeRoleProvider(account, caller, settings);
    this.#credentials.set(account, provider);
    return provider;
  }

  /**
   * `sts:AssumeRole` credentials for one account, through the SDK's `fromTemporaryCredentials`,
   * memoized once per account (the SDK's provider caches nothing itself; each client would assume the
   * role again) and refreshed shortly before they expire.
   */
  #assumeRoleProvider(account: string, caller: string, settings: AssumeRoleSettings): AwsCredentialIdentityProvider {
    const region = this.#options.homeRegion ?? 'us-east-1';
    const base = this.#baseCredentials();
    const simulation = this.#options.simulation;
    const provider = fromTemporaryCredentials({
      params: {
        RoleArn: `arn:aws:iam::${account}:role/${settings.roleName}`,
        RoleSessionName: settings.sessionName ?? 'trellis',
        ...(settings.externalId ? { ExternalId: settings.externalId } : {}),
      },
      ...(base ? { masterCredentials: base } : {}),
      clientConfig: { region, maxAttempts: 1 },
      clientPlugins: [
        this.#plugin({ account: caller, region }, true),
        ...(simulation && base ? [simulation.plugin({ credentials: base, region })] : []),
      ],
    });
    return memoizeIdentityProvider(provider, isIdentityExpired, doesIdentityRequireRefresh) as AwsCredentialIdentityProvider;
  }

  #baseCredentials(): AwsCredentialIdentityProvider | undefined {
    const simulation = this.#options.simulation;
    if (!simulation) return undefined; // the SDK's default credential chain
    const identity: AwsCredentialIdentity = simulation.baseCredentials();
    return async () => identity;
  }

  #baseSts(): STSClient {
    this.#sts ??= this.#build(STSClient, { account: 'caller', region: this.#options.homeRegion ?? 'us-east-1' }, this.#baseCredentials(), true);
    return this.#sts;
  }
}
