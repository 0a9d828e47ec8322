/**
 * VPC Lattice service networks: CreateServiceNetwork, GetServiceNetwork, ListServiceNetworks,
 * UpdateServiceNetwork, DeleteServiceNetwork.
 *
 * References (https://docs.aws.amazon.com/vpc-lattice/latest/APIReference/):
 * - API_CreateServiceNetwork.html: `name` unique to the account (a-z, 0-9, hyphens, 3–63), `authType`
 *   NONE (default) | AWS_IAM, `clientToken`, `tags`; output id/name/arn/authType (no tags).
 *   A duplicate name: ConflictException (docs/aws-behaviour.md §5e: most likely, **unconfirmed**).
 * - API_UpdateServiceNetwork.html: only `authType`.
 * - API_DeleteServiceNetwork.html: a network with associations answers 409 ConflictException
 *   ("…has VPC(s) associated", gruntwork-io/cloud-nuke#1158).
 * - API_ListServiceNetworks.html: `maxResults` 1–100; the list includes service networks shared with
 *   the account through AWS RAM (docs/aws-behaviour.md §5c) — callers filter on the account in the ARN.
 * - Quota: 50 service networks per Region (docs.aws.amazon.com/vpc-lattice/latest/ug/quotas.html) →
 *   ServiceQuotaExceededException (402).
 * Service networks have no status (docs/aws-behaviour.md §5d); a delete takes effect at once.
 */
import type {
  CreateServiceNetworkCommandInput,
  CreateServiceNetworkCommandOutput,
  DeleteServiceNetworkCommandInput,
  DeleteServiceNetworkCommandOutput,
  GetServiceNetworkCommandInput,
  GetServiceNetworkCommandOutput,
  ListServiceNetworksCommandInput,
  ListServiceNetworksCommandOutput,
  ServiceNetworkSummary,
  UpdateServiceNetworkCommandInput,
  UpdateServiceNetworkCommandOutput,
} from '@aws-sdk/client-vpc-lattice';
import { latticeError } from '../errors.js';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import { resourceSharedWith, sharedResourceArns } from '../ram/resource-share.js';
import {
  conflict,
  create,
  exists,
  latticeCollection,
  live,
  newRecord,
  paginate,
  parseLatticeArn,
  peekCollection,
  requireUniqueName,
  resolve,
  validateName,
  validateTags,
  validation,
  type LatticeRecord,
} from './common.js';

export const SERVICE_NETWORK_KIND = 'vpc-lattice:servicenetwork';
export const SERVICE_NETWORK_QUOTA = 50;

export interface ServiceNetworkRecord extends LatticeRecord {
  authType: 'NONE' | 'AWS_IAM';
  sharingEnabled: boolean;
}

export function serviceNetworks(ctx: HandlerContext): Record<string, ServiceNetworkRecord> {
  return latticeCollection<ServiceNetworkRecord>(ctx, 'serviceNetworks');
}

/**
 * The service network an identifier names: the caller's own, or (by ARN) one another account shares
 * with the caller through RAM (accepted, or inside the organization).
 */
export function resolveServiceNetwork(ctx: HandlerContext, identifier: string | undefined): ServiceNetworkRecord {
  return resolve<ServiceNetworkRecord>(ctx, 'serviceNetworks', 'SERVICE_NETWORK', identifier, (_owner, arn) =>
    resourceSharedWith(ctx, arn, ctx.account),
  );
}

function authType(value: string | undefined): 'NONE' | 'AWS_IAM' {
  if (value === undefined || value === 'NONE' || value === 'AWS_IAM') return value ?? 'NONE';
  throw validation(`authType must be NONE or AWS_IAM`, 'authType');
}

/** Counts live associations of each kind; other modules store them (`association.ts`). */
function associationCounts(ctx: HandlerContext, network: ServiceNetworkRecord): { vpcs: number; services: number; resources: number } {
  const count = (collection: string) => {
    let total = 0;
    // VPC associations may be made from other accounts (shared networks): look in every account.
    for (const account of Object.keys(ctx.state.accounts)) {
      const records = peekCollection<LatticeRecord & { serviceNetworkId: string }>(ctx, account, collection);
      total += Object.values(records).filter((r) => r.serviceNetworkId === network.id && exists(ctx, r)).length;
    }
    return total;
  };
  return { vpcs: count('vpcAssociations'), services: count('serviceAssociations'), resources: count('resourceAssociations') };
}

function summary(ctx: HandlerContext, network: ServiceNetworkRecord): ServiceNetworkSummary {
  const counts = associationCounts(ctx, network);
  return {
    id: network.id,
    name: network.name,
    arn: network.arn,
    createdAt: new Date(network.createdAt),
    lastUpdatedAt: new Date(network.updatedAt),
    numberOfAssociatedVPCs: counts.vpcs,
    numberOfAssociatedServices: counts.services,
    numberOfAssociatedResourceConfigurations: counts.resources,
  };
}

export const serviceNetworkModule: SimModule = {
  name: 'lattice/service-network',
  handlers: {
    'VPCLattice:CreateServiceNetwork': defineHandler<CreateServiceNetworkCommandInput, CreateServiceNetworkCommandOutput>((ctx, input) =>
      create(ctx, input, () => {
        const name = validateName(input.name, 3, 63);
        const auth = authType(input.authType);
        const tags = validateTags(input.tags);
        requireUniqueName(ctx, 'serviceNetworks', 'SERVICE_NETWORK', name);
        if (live(ctx, 'serviceNetworks').length >= SERVICE_NETWORK_QUOTA) {
          throw latticeError('ServiceQuotaExceededException', `At most ${SERVICE_NETWORK_QUOTA} service networks per Region`, 402, {
            resourceType: 'SERVICE_NETWORK',
            serviceCode: 'vpc-lattice',
            quotaCode: 'L-A4C7274F',
          });
        }
        const record: ServiceNetworkRecord = {
          ...newRecord(ctx, 'sn', name, tags),
          authType: auth,
          sharingEnabled: input.sharingConfig?.enabled ?? true,
        };
        serviceNetworks(ctx)[record.id] = record;
        return { id: record.id, name, arn: record.arn, authType: auth, sharingConfig: { enabled: record.sharingEnabled } };
      }),
    ),

    'VPCLattice:GetServiceNetwork': defineHandler<GetServiceNetworkCommandInput, GetServiceNetworkCommandOutput>((ctx, input) => {
      const network = resolveServiceNetwork(ctx, input.serviceNetworkIdentifier);
      const counts = associationCounts(ctx, network);
      return {
        id: network.id,
        name: network.name,
        arn: network.arn,
        createdAt: new Date(network.createdAt),
        lastUpdatedAt: new Date(network.updatedAt),
        authType: network.authType,
        sharingConfig: { enabled: network.sharingEnabled },
        numberOfAssociatedVPCs: counts.vpcs,
        numberOfAssociatedServices: counts.services,
      };
    }),

    'VPCLattice:ListServiceNetworks': defineHandler<ListServiceNetworksCommandInput, ListServiceNetworksCommandOutput>((ctx, input) => {
      const own = live<ServiceNetworkRecord>(ctx, 'serviceNetworks');
      // Networks other accounts share with this one through RAM (accepted or inside the organization).
      const shared = sharedResourceArns(ctx, ctx.account)
        .map((arn) => parseLatticeArn(arn))
        .filter((parsed) => parsed?.type === 'servicenetwork' && parsed.region === ctx.region && parsed.account !== ctx.account)
        .map((parsed) => peekCollection<ServiceNetworkRecord>(ctx, parsed!.account, 'serviceNetworks')[parsed!.id])
        .filter((network): network is ServiceNetworkRecord => exists(ctx, network));
      const { page, nextToken } = paginate(ctx, [...own, ...shared], (n) => n.arn, input);
      return { items: page.map((n) => summary(ctx, n)), nextToken };
    }),

    'VPCLattice:UpdateServiceNetwork': defineHandler<UpdateServiceNetworkCommandInput, UpdateServiceNetworkCommandOutput>((ctx, input) => {
      const network = resolve<ServiceNetworkRecord>(ctx, 'serviceNetworks', 'SERVICE_NETWORK', input.serviceNetworkIdentifier);
      if (input.authType === undefined) throw validation('authType is required', 'authType');
      network.authType = authType(input.authType);
      network.updatedAt = ctx.now;
      return { id: network.id, name: network.name, arn: network.arn, authType: network.authType };
    }),

    'VPCLattice:DeleteServiceNetwork': defineHandler<DeleteServiceNetworkCommandInput, DeleteServiceNetworkCommandOutput>((ctx, input) => {
      const network = resolve<ServiceNetworkRecord>(ctx, 'serviceNetworks', 'SERVICE_NETWORK', input.serviceNetworkIdentifier);
      const counts = associationCounts(ctx, network);
      if (counts.vpcs + counts.services + counts.resources > 0) {
        throw conflict(
          network.id,
          'SERVICE_NETWORK',
          `Service network ${network.id} has VPC(s) associated or service(s)/resource configuration(s) associated (${counts.vpcs} VPC, ${counts.services} service, ${counts.resources} resource associations).`,
        );
      }
      delete serviceNetworks(ctx)[network.id];
      return {};
    }),
  },
  taggedResources: (ctx) =>
    live<ServiceNetworkRecord>(ctx, 'serviceNetworks')
      .filter((n) => Object.keys(n.tags).length > 0)
      .map((n) => ({ arn: n.arn, resourceType: SERVICE_NETWORK_KIND, tags: n.tags })),
};
