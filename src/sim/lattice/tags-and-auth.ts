/**
 * VPC Lattice tagging and auth policies: TagResource, UntagResource, ListTagsForResource,
 * PutAuthPolicy, GetAuthPolicy, DeleteAuthPolicy.
 *
 * References (https://docs.aws.amazon.com/vpc-lattice/latest/APIReference/):
 * - API_TagResource.html / API_UntagResource.html / API_ListTagsForResource.html: by `resourceArn`;
 *   ≤50 tags; the only call whose output carries tags (docs/aws-behaviour.md §5c).
 * - API_PutAuthPolicy.html: `resourceIdentifier` (service network or service, ID or ARN), `policy`
 *   (≤10 KB, docs/aws-behaviour.md §5 quotas), a PUT upsert with no client token; `state` Active | Inactive:
 *   "If the auth type is NONE, the state is Inactive" (AuthPolicyState; docs/aws-behaviour.md §5d).
 * - GetAuthPolicy of a resource without a policy: ResourceNotFoundException (**unconfirmed**).
 */
import type {
  DeleteAuthPolicyCommandInput,
  DeleteAuthPolicyCommandOutput,
  GetAuthPolicyCommandInput,
  GetAuthPolicyCommandOutput,
  ListTagsForResourceCommandInput,
  ListTagsForResourceCommandOutput,
  PutAuthPolicyCommandInput,
  PutAuthPolicyCommandOutput,
  TagResourceCommandInput,
  TagResourceCommandOutput,
  UntagResourceCommandInput,
  UntagResourceCommandOutput,
} from '@aws-sdk/client-vpc-lattice';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import { exists, latticeCollection, notFound, parseLatticeArn, resolve, validateTags, validation, type LatticeRecord } from './common.js';

/** ARN resource type → collection. */
const COLLECTIONS: Readonly<Record<string, string>> = {
  servicenetwork: 'serviceNetworks',
  service: 'services',
  targetgroup: 'targetGroups',
  resourcegateway: 'resourceGateways',
  resourceconfiguration: 'resourceConfigurations',
  servicenetworkvpcassociation: 'vpcAssociations',
  servicenetworkserviceassociation: 'serviceAssociations',
  servicenetworkresourceassociation: 'resourceAssociations',
};

/** The caller's record an ARN names (listener ARNs: `…:service/svc-…/listener/listener-…`). */
function byArn(ctx: HandlerContext, arn: string | undefined): LatticeRecord {
  if (!arn) throw validation('resourceArn is required', 'resourceArn');
  const parsed = parseLatticeArn(arn);
  if (!parsed) throw validation(`${arn} is not a valid ARN`, 'resourceArn');
  const listener = /^svc-[0-9a-f]+\/listener\/(listener-[0-9a-f]+)$/.exec(parsed.id);
  const collection = listener ? 'listeners' : COLLECTIONS[parsed.type];
  const id = listener ? listener[1]! : parsed.id;
  if (!collection || parsed.account !== ctx.account || parsed.region !== ctx.region) throw notFound(arn, 'RESOURCE');
  const record = latticeCollection<LatticeRecord>(ctx, collection)[id];
  if (!exists(ctx, record) || record.arn !== arn) throw notFound(arn, 'RESOURCE');
  return record;
}

interface AuthPolicyRecord {
  policy: string;
  createdAt: number;
  updatedAt: number;
}

type AuthTarget = LatticeRecord & { authType: 'NONE' | 'AWS_IAM' };

function authTarget(ctx: HandlerContext, identifier: string | undefined): AuthTarget {
  if (!identifier) throw validation('resourceIdentifier is required', 'resourceIdentifier');
  const isService = identifier.startsWith('svc-') || /:service\/svc-/.test(identifier);
  return isService
    ? resolve<AuthTarget>(ctx, 'services', 'SERVICE', identifier)
    : resolve<AuthTarget>(ctx, 'serviceNetworks', 'SERVICE_NETWORK', identifier);
}

function policies(ctx: HandlerContext): Record<string, AuthPolicyRecord> {
  return ctx.collection<AuthPolicyRecord>('vpc-lattice', 'authPolicies');
}

const MAX_POLICY_BYTES = 10 * 1024;

export const tagsAndAuthModule: SimModule = {
  name: 'lattice/tags-and-auth',
  handlers: {
    'VPCLattice:TagResource': defineHandler<TagResourceCommandInput, TagResourceCommandOutput>((ctx, input) => {
      const record = byArn(ctx, input.resourceArn);
      if (!input.tags || Object.keys(input.tags).length === 0) throw validation('tags is required', 'tags');
      record.tags = validateTags({ ...record.tags, ...input.tags });
      return {};
    }),

    'VPCLattice:UntagResource': defineHandler<UntagResourceCommandInput, UntagResourceCommandOutput>((ctx, input) => {
      const record = byArn(ctx, input.resourceArn);
      const tags = { ...record.tags };
      for (const key of input.tagKeys ?? []) delete tags[key];
      record.tags = tags;
      return {};
    }),

    'VPCLattice:ListTagsForResource': defineHandler<ListTagsForResourceCommandInput, ListTagsForResourceCommandOutput>((ctx, input) => ({
      tags: { ...byArn(ctx, input.resourceArn).tags },
    })),

    'VPCLattice:PutAuthPolicy': defineHandler<PutAuthPolicyCommandInput, PutAuthPolicyCommandOutput>((ctx, input) => {
      const target = authTarget(ctx, input.resourceIdentifier);
      const policy = input.policy;
      if (!policy) throw validation('policy is required', 'policy');
      if (Buffer.byteLength(policy) > MAX_POLICY_BYTES) throw validation('policy exceeds 10 KB', 'policy');
      try {
        JSON.parse(policy);
      } catch {
        throw validation('policy is not valid JSON', 'policy');
      }
      const existing = policies(ctx)[target.arn];
      policies(ctx)[target.arn] = { policy, createdAt: existing?.createdAt ?? ctx.now, updatedAt: ctx.now };
      return { policy, state: target.authType === 'AWS_IAM' ? 'Active' : 'Inactive' };
    }),

    'VPCLattice:GetAuthPolicy': defineHandler<GetAuthPolicyCommandInput, GetAuthPolicyCommandOutput>((ctx, input) => {
      const target = authTarget(ctx, input.resourceIdentifier);
      const stored = policies(ctx)[target.arn];
      if (!stored) throw notFound(input.resourceIdentifier!, 'AUTH_POLICY');
      return {
        policy: stored.policy,
        state: target.authType === 'AWS_IAM' ? 'Active' : 'Inactive',
        createdAt: new Date(stored.createdAt),
        lastUpdatedAt: new Date(stored.updatedAt),
      };
    }),

    'VPCLattice:DeleteAuthPolicy': defineHandler<DeleteAuthPolicyCommandInput, DeleteAuthPolicyCommandOutput>((ctx, input) => {
      const target = authTarget(ctx, input.resourceIdentifier);
      delete policies(ctx)[target.arn];
      return {};
    }),
  },
};
