/**
 * Client tokens for token-keyed creates (NAT gateways, VPC endpoints, route tables, …).
 *
 * EC2 idempotency (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html): a repeated
 * request with the same client token and the same parameters returns the original result, even if that
 * resource has since been deleted; the same token with different parameters fails with
 * `IdempotentParameterMismatch`. Tokens are scoped to the account, region and operation here.
 */
import { fromJsonSafe, toJsonSafe } from './json-safe.js';
import type { HandlerContext } from './module.js';
import { stableStringify, type ClientTokenRecord } from './state.js';

/**
 * Runs `create` once per (operation, token); later calls with that token replay its response.
 * Without a token, simply runs `create`.
 */
export function withClientToken<O>(
  ctx: HandlerContext,
  token: string | undefined,
  input: Record<string, unknown>,
  create: () => O,
  tokenField = 'ClientToken',
): O {
  if (!token) return create();
  const tokens = ctx.collection<ClientTokenRecord>(ctx.service.toLowerCase(), 'clientTokens');
  const key = `${ctx.operation}:${token}`;
  const request = stableStringify({ ...input, [tokenField]: undefined });
  const previous = tokens[key];
  if (previous) {
    if (previous.request !== request) {
      throw ctx.error(
        'IdempotentParameterMismatch',
        `The client token ${token} was already used with different parameters for ${ctx.operation}.`,
      );
    }
    return fromJsonSafe(previous.response) as O;
  }
  const response = create();
  tokens[key] = { operation: ctx.operation, request, response: toJsonSafe(response) };
  return response;
}
