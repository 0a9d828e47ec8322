/**
 * STS: GetCallerIdentity and AssumeRole. Assumed-role credentials carry the target account in the
 * access key ID (see identity.ts), so clients built from them act in that account.
 *
 * References:
 * - https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * - https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
import type {
  AssumeRoleCommandInput,
  AssumeRoleCommandOutput,
  GetCallerIdentityCommandInput,
  GetCallerIdentityCommandOutput,
} from '@aws-sdk/client-sts';
import { sessionCredentialsFor } from './identity.js';
import { defineHandler, type Identity, type SimModule } from './module.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** DurationSeconds: 900 s to 12 h; default one hour (API_AssumeRole). */
const MIN_DURATION = 900;
const MAX_DURATION = 43_200;
const DEFAULT_DURATION = 3_600;

function callerArn(identity: Identity): string {
  return identity.kind === 'base'
    ? `arn:aws:iam::${identity.account}:user/trellis-sim`
    : `arn:aws:sts::${identity.account}:assumed-role/${identity.roleName}/${identity.sessionName}`;
}

export const stsModule: SimModule = {
  name: 'sts',
  handlers: {
    'STS:GetCallerIdentity': defineHandler<GetCallerIdentityCommandInput, GetCallerIdentityCommandOutput>((ctx) => {
      const identity = ctx.identity;
      return {
        Account: identity.account,
        Arn: callerArn(identity),
        UserId: identity.kind === 'base' ? `AIDASIM${identity.account}` : `AROASIM${identity.account}:${identity.sessionName}`,
      };
    }),

    'STS:AssumeRole': defineHandler<AssumeRoleCommandInput, AssumeRoleCommandOutput>((ctx, input) => {
      const match = ROLE_ARN.exec(input.RoleArn ?? '');
      if (!match) {
        throw ctx.error('ValidationError', `${String(input.RoleArn)} is invalid: roleArn must be arn:aws:iam::<account>:role/<name>`);
      }
      if (!SESSION_NAME.test(input.RoleSessionName ?? '')) {
        throw ctx.error(
          'ValidationError',
          "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64 and match [\\w+=,.@-]*",
        );
      }
      const duration = input.DurationSeconds ?? DEFAULT_DURATION;
      if (duration < MIN_DURATION || duration > MAX_DURATION) {
        throw ctx.error(
          'ValidationError',
          `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between ${MIN_DURATION} and ${MAX_DURATION}`,
        );
      }
      if (input.Policy !== undefined) {
        try {
          JSON.parse(input.Policy);
        } catch {
          throw ctx.error('MalformedPolicyDocumentException', 'The policy is not in the valid JSON format.');
        }
      }
      const requiredExternalId = ctx.options.roleExternalIds?.[input.RoleArn!];
      if (requiredExternalId !== undefined && input.ExternalId !== requiredExternalId) {
        throw ctx.error(
          'AccessDenied',
          `User: ${callerArn(ctx.identity)} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
          403,
        );
      }
      const [, account, roleName] = match;
      const assumed = {
        kind: 'assumed' as const,
        account: account!,
        roleName: roleName!,
        sessionName: input.RoleSessionName!,
        // Whole seconds, as STS returns them. On the real clock, not the simulation's: the SDK decides
        // when to refresh credentials by real time, so both sides must read the same clock.
        expiresAt: Math.floor(Date.now() / 1000) * 1000 + duration * 1000,
      };
      const credentials = sessionCredentialsFor(assumed, ctx.randomHex(40), ctx.randomHex(4));
      return {
        Credentials: {
          AccessKeyId: credentials.accessKeyId,
          SecretAccessKey: credentials.secretAccessKey,
          SessionToken: credentials.sessionToken,
          Expiration: credentials.expiration,
        },
        AssumedRoleUser: {
          AssumedRoleId: `AROASIM${assumed.account}:${assumed.sessionName}`,
          Arn: callerArn(assumed),
        },
      };
    }),
  },
};
