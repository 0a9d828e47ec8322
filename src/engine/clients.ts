/**
 * SDK clients per (account, region): the standard credential chain for the caller's own account,
 * an STS-assumed role (`assumeRole.roleName`, with external ID) in every other account, one cached
 * client per (account, region, client class, retry mode), and the simulation plugged in for
 * `--target sim`. Endpoints are left to the SDK, which honours `AWS_ENDPOINT_URL` and the per-service
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, so trellis runs against LocalStack or moto unchanged.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy, StandardRetryStrategy } from '@smithy/core/retry';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  RetryErrorInfo,
  RetryStrategyV2,
  RetryToken,
} from '@smithy/types';
import { UserError } from '../errors.js';
import type { AnyClient, ClientClass, ClientOptions, ScopeClients } from '../reconcilers/types.js';
import type { Simulation } from '../sim/index.js';
import type { Scope } from './types.js';

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
  /**
   * Attempts the SDK makes per call on throttling (every client) and on 5xx / network errors
   * (clients with SDK retries): quick retries. Default 3, the SDK's own default; what outlasts them
   * is retried by trellis with longer backoff (src/engine/classify.ts).
   */
  readonly sdkMaxAttempts?: number;
  /** Delay before SDK retry `attempt`; default: the SDK's exponential backoff with jitter. Tests pass `() => 1`. */
  readonly sdkRetryDelayMs?: (attempt: number) => number;
}

/** Credentials refreshed this long before they expire. */
const CREDENTIAL_REFRESH_MARGIN_MS = 5 * 60_000;

export class ClientFactory {
  readonly #options: ClientFactoryOptions;
  readonly #clients = new Map<string, AnyClient>();
  readonly #credentials = new Map<string, AwsCredentialIdentityProvider>();
  #callerAccount: Promise<string> | undefined;
  #sts: STSClient | undefined;

  constructor(options: ClientFactoryOptions = {}) {
    this.#options = options;
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
        this.#callerAccount = undefined; // a throttled or failed call is asked again next time
        throw error;
      });
    return this.#callerAccount;
  }

  /** Clients for one scope. Resolves the caller's account first, to know whether to assume a role. */
  async forScope(scope: Scope): Promise<ScopeClients> {
    const credentials = await this.#credentialsFor(scope.account);
    return {
      get: <C extends AnyClient>(clientClass: ClientClass<C>, options: ClientOptions = {}): C => {
        const sdkRetries = options.sdkRetries ?? true;
        const key = `${scope.account}/${scope.region}/${clientClass.name}/${sdkRetries}`;
        let client = this.#clients.get(key);
        if (!client) {
          client = this.#build(clientClass, scope.region, credentials, sdkRetries);
          this.#clients.set(key, client);
        }
        return client as C;
      },
    };
  }

  #build<C extends AnyClient>(
    clientClass: ClientClass<C>,
    region: string,
    credentials: AwsCredentialIdentityProvider | undefined,
    sdkRetries: boolean,
  ): C {
    const maxAttempts = this.#options.sdkMaxAttempts ?? 3;
    const delay = this.#options.sdkRetryDelayMs;
    const base = delay ? new ConfiguredRetryStrategy(maxAttempts, delay) : new StandardRetryStrategy(maxAttempts);
    const client = new clientClass({
      region,
      ...(credentials ? { credentials } : {}),
      retryStrategy: sdkRetries ? base : new ThrottlingOnlyRetryStrategy(base),
    });
    return this.#options.simulation ? this.#options.simulation.plug(client) : client;
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
    const provider = assumeRoleProvider(this.#baseSts(), account, settings);
    this.#credentials.set(account, provider);
    return provider;
  }

  #baseCredentials(): AwsCredentialIdentityProvider | undefined {
    const simulation = this.#options.simulation;
    if (!simulation) return undefined; // the SDK's default credential chain
    const identity = simulation.baseCredentials();
    return async () => identity;
  }

  #baseSts(): STSClient {
    this.#sts ??= this.#build(STSClient, this.#options.homeRegion ?? 'us-east-1', this.#baseCredentials(), true);
    return this.#sts;
  }
}

/** Memoized `sts:AssumeRole` credentials for one account, refreshed shortly before they expire. */
function assumeRoleProvider(sts: STSClient, account: string, settings: AssumeRoleSettings): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const current = pending ? await pending.catch(() => undefined) : undefined;
    if (current?.expiration && current.expiration.getTime() - Date.now() > CREDENTIAL_REFRESH_MARGIN_MS) {
      return current;
    }
    pending = sts
      .send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${account}:role/${settings.roleName}`,
          RoleSessionName: settings.sessionName ?? 'trellis',
          ...(settings.externalId ? { ExternalId: settings.externalId } : {}),
        }),
      )
      .then(({ Credentials: c }) => {
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`sts:AssumeRole into ${account} returned no credentials`);
        return {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
          ...(c.Expiration ? { expiration: c.Expiration } : {}),
        };
      });
    return pending;
  };
}

/**
 * The SDK retry strategy for creates that are neither token- nor name-keyed. A throttled request
 * was rejected before AWS acted on it, so the SDK may retry it; a timeout or 5xx may have created
 * the resource, so that error goes to trellis, which re-observes before it retries.
 */
class ThrottlingOnlyRetryStrategy implements RetryStrategyV2 {
  constructor(private readonly inner: RetryStrategyV2) {}

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    if (errorInfo.errorType !== 'THROTTLING') {
      return Promise.reject(new Error(`not retried by the SDK: ${errorInfo.errorType}`));
    }
    return this.inner.refreshRetryTokenForRetry(token, errorInfo);
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token);
  }
}
