/**
 * Credentials carry the identity: the account is encoded in the access key ID (`AKIASIM<account>` for
 * the base identity of an account, `ASIASIM<account>…` for assumed-role sessions, the prefixes AWS uses
 * for long-term and temporary keys) and an assumed role's name, session and expiry travel in the
 * session token. The SDK signs requests with them as with any static credentials.
 */
import type { Identity } from './module.js';

export const SIM_SECRET_ACCESS_KEY = 'simulated/secret/access/key/not/a/real/one';
const SESSION_TOKEN_PREFIX = 'trellis-sim-session.';

export interface SimCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export function baseCredentialsFor(account: string): SimCredentials {
  return { accessKeyId: `AKIASIM${account}`, secretAccessKey: SIM_SECRET_ACCESS_KEY };
}

export function sessionCredentialsFor(
  identity: Extract<Identity, { kind: 'assumed' }>,
  secretAccessKey: string,
  keySuffix: string,
): Required<SimCredentials> {
  const payload = { role: identity.roleName, session: identity.sessionName, exp: identity.expiresAt };
  return {
    accessKeyId: `ASIASIM${identity.account}${keySuffix}`.toUpperCase(),
    secretAccessKey,
    sessionToken: SESSION_TOKEN_PREFIX + Buffer.from(JSON.stringify(payload)).toString('base64url'),
    expiration: new Date(identity.expiresAt),
  };
}

/** The identity behind credentials, or a reason they are not simulation credentials. */
export function identityOf(credentials: { accessKeyId: string; sessionToken?: string }): Identity | string {
  const match = /^(AKIA|ASIA)SIM(\d{12})/.exec(credentials.accessKeyId);
  if (!match) {
    return `The security token included in the request is invalid: access key ${credentials.accessKeyId} was not issued by the trellis simulation (build clients with Simulation.client() or baseCredentials())`;
  }
  const account = match[2]!;
  if (match[1] === 'AKIA') return { kind: 'base', account };
  const token = credentials.sessionToken;
  if (!token?.startsWith(SESSION_TOKEN_PREFIX)) {
    return 'The security token included in the request is invalid: temporary credentials without a simulation session token';
  }
  try {
    const payload = JSON.parse(Buffer.from(token.slice(SESSION_TOKEN_PREFIX.length), 'base64url').toString()) as {
      role: string;
      session: string;
      exp: number;
    };
    return { kind: 'assumed', account, roleName: payload.role, sessionName: payload.session, expiresAt: payload.exp };
  } catch {
    return 'The security token included in the request is invalid';
  }
}
