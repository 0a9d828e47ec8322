/**
 * VPC Lattice service network associations: VPC (`snva-`), service (`snsa-`) and resource
 * configuration (`snra-`) associations — Create/Get/List/Delete of each, UpdateServiceNetworkVpcAssociation.
 *
 * References (https://docs.aws.amazon.com/vpc-lattice/latest/APIReference/):
 * - API_CreateServiceNetworkVpcAssociation.html: `serviceNetworkIdentifier` (ID or ARN, of a shared
 *   network too), `vpcIdentifier`, `securityGroupIds` (≤5); status CREATE_IN_PROGRESS → ACTIVE, then
 *   DELETE_IN_PROGRESS on delete (ServiceNetworkVpcAssociationStatus adds UPDATE_*). "A VPC can be
 *   associated with only one service network": a VPC already associated with another network answers
 *   ConflictException (aws-application-networking-k8s#984); with the same network, ConflictException too.
 * - API_UpdateServiceNetworkVpcAssociation.html: `securityGroupIds` — "You can't remove all the security
 *   groups" (ValidationException here).
 * - API_CreateServiceNetworkServiceAssociation.html / …ResourceAssociation.html: one association per
 *   pair (ConflictException on a second); `createdBy` is the caller's account.
 * - Associations live in the account that created them (a consumer associates its VPC with a network
 *   shared to it); List* with `serviceNetworkIdentifier` of an owned network also lists associations
 *   other accounts made with it.
 */
import type {
  CreateServiceNetworkResourceAssociationCommandInput,
  CreateServiceNetworkResourceAssociationCommandOutput,
  CreateServiceNetworkServiceAssociationCommandInput,
  CreateServiceNetworkServiceAssociationCommandOutput,
  CreateServiceNetworkVpcAssociationCommandInput,
  CreateServiceNetworkVpcAssociationCommandOutput,
  DeleteServiceNetworkResourceAssociationCommandInput,
  DeleteServiceNetworkResourceAssociationCommandOutput,
  DeleteServiceNetworkServiceAssociationCommandInput,
  DeleteServiceNetworkServiceAssociationCommandOutput,
  DeleteServiceNetworkVpcAssociationCommandInput,
  DeleteServiceNetworkVpcAssociationCommandOutput,
  GetServiceNetworkResourceAssociationCommandInput,
  GetServiceNetworkResourceAssociationCommandOutput,
  GetServiceNetworkServiceAssociationCommandInput,
  GetServiceNetworkServiceAssociationCommandOutput,
  GetServiceNetworkVpcAssociationCommandInput,
  GetServiceNetworkVpcAssociationCommandOutput,
  ListServiceNetworkResourceAssociationsCommandInput,
  ListServiceNetworkResourceAssociationsCommandOutput,
  ListServiceNetworkServiceAssociationsCommandInput,
  ListServiceNetworkServiceAssociationsCommandOutput,
  ListServiceNetworkVpcAssociationsCommandInput,
  ListServiceNetworkVpcAssociationsCommandOutput,
  UpdateServiceNetworkVpcAssociationCommandInput,
  UpdateServiceNetworkVpcAssociationCommandOutput,
} from '@aws-sdk/client-vpc-lattice';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import type { ResourceRecord } from '../state.js';
import {
  conflict,
  create,
  exists,
  latticeCollection,
  live,
  newRecord,
  notFound,
  paginate,
  peekCollection,
  resolve,
  statusOf,
  validateTags,
  validation,
  type LatticeRecord,
} from './common.js';
import { resolveResourceConfiguration, type ResourceConfigurationRecord } from './resource.js';
import { resolveService, type ServiceRecord } from './service.js';
import { resolveServiceNetwork, type ServiceNetworkRecord } from './service-network.js';

export const VPC_ASSOCIATION_KIND = 'vpc-lattice:servicenetworkvpcassociation';
export const SERVICE_ASSOCIATION_KIND = 'vpc-lattice:servicenetworkserviceassociation';
export const RESOURCE_ASSOCIATION_KIND = 'vpc-lattice:servicenetworkresourceassociation';

interface AssociationBase extends LatticeRecord {
  serviceNetworkId: string;
  serviceNetworkArn: string;
  serviceNetworkName: string;
  createdBy: string;
}

export interface VpcAssociationRecord extends AssociationBase {
  vpcId: string;
  securityGroupIds: string[];
  privateDnsEnabled: boolean;
}

export interface ServiceAssociationRecord extends AssociationBase {
  serviceId: string;
  serviceArn: string;
  serviceName: string;
  dnsDomain: string;
}

export interface ResourceAssociationRecord extends AssociationBase {
  resourceConfigurationId: string;
  resourceConfigurationArn: string;
  resourceConfigurationName: string;
}

/** Associations of `collection` in every account (a shared network's VPC associations live in the consumers' accounts). */
function everywhere<T extends AssociationBase>(ctx: HandlerContext, collection: string): T[] {
  const accounts = new Set([ctx.account, ...Object.keys(ctx.state.accounts)]);
  return [...accounts].flatMap((account) =>
    Object.values(account === ctx.account ? latticeCollection<T>(ctx, collection) : peekCollection<T>(ctx, account, collection)).filter((r) => exists(ctx, r)),
  );
}

/** The caller's association, or one made with a network the caller owns. */
function resolveAssociation<T extends AssociationBase>(ctx: HandlerContext, collection: string, type: string, identifier: string | undefined): T {
  if (!identifier) throw validation(`${type} identifier is required`);
  const id = identifier.startsWith('arn:') ? identifier.slice(identifier.lastIndexOf('/') + 1) : identifier;
  const own = latticeCollection<T>(ctx, collection)[id];
  if (exists(ctx, own)) return own;
  const other = everywhere<T>(ctx, collection).find((a) => a.id === id && a.serviceNetworkArn.split(':')[4] === ctx.account);
  if (other) return other;
  throw notFound(identifier, type);
}

function networkFields(network: ServiceNetworkRecord) {
  return { serviceNetworkId: network.id, serviceNetworkArn: network.arn, serviceNetworkName: network.name };
}

function requireSecurityGroups(ctx: HandlerContext, ids: readonly string[] | undefined, vpcId: string): string[] {
  const unique = [...new Set(ids ?? [])];
  if (unique.length > 5) throw validation('at most 5 security groups', 'securityGroupIds');
  for (const id of unique) {
    const group = ctx.collection<ResourceRecord & { vpcId?: string }>('ec2', 'securityGroups')[id];
    if (!group || !ctx.isVisible(group)) throw notFound(id, 'SECURITY_GROUP');
    if (group.vpcId !== undefined && group.vpcId !== vpcId) throw validation(`security group ${id} is not in ${vpcId}`, 'securityGroupIds');
  }
  return unique;
}

/** The listing scope: a network filter (owned or shared), else the caller's own associations. */
function listScope<T extends AssociationBase>(ctx: HandlerContext, collection: string, networkIdentifier: string | undefined): T[] {
  if (networkIdentifier === undefined) return live<T>(ctx, collection);
  const network = resolveServiceNetwork(ctx, networkIdentifier);
  const owner = network.arn.split(':')[4];
  const all = owner === ctx.account ? everywhere<T>(ctx, collection) : live<T>(ctx, collection);
  return all.filter((a) => a.serviceNetworkId === network.id);
}

function vpcOutput(ctx: HandlerContext, a: VpcAssociationRecord) {
  return { id: a.id, arn: a.arn, status: statusOf(ctx, a), createdBy: a.createdBy, securityGroupIds: [...a.securityGroupIds], privateDnsEnabled: a.privateDnsEnabled };
}

export const associationModule: SimModule = {
  name: 'lattice/association',
  handlers: {
    'VPCLattice:CreateServiceNetworkVpcAssociation': defineHandler<CreateServiceNetworkVpcAssociationCommandInput, CreateServiceNetworkVpcAssociationCommandOutput>(
      (ctx, input) =>
        create(ctx, input, () => {
          const tags = validateTags(input.tags);
          const network = resolveServiceNetwork(ctx, input.serviceNetworkIdentifier);
          if (!input.vpcIdentifier) throw validation('vpcIdentifier is required', 'vpcIdentifier');
          const vpc = ctx.collection<ResourceRecord>('ec2', 'vpcs')[input.vpcIdentifier];
          if (!vpc || !ctx.isVisible(vpc)) throw notFound(input.vpcIdentifier, 'VPC');
          const securityGroupIds = requireSecurityGroups(ctx, input.securityGroupIds, input.vpcIdentifier);
          const existing = live<VpcAssociationRecord>(ctx, 'vpcAssociations').find((a) => a.vpcId === input.vpcIdentifier);
          if (existing) {
            throw conflict(existing.id, 'SERVICE_NETWORK_VPC_ASSOCIATION', `VPC ${input.vpcIdentifier} is already associated with service network ${existing.serviceNetworkId} (${existing.id}).`);
          }
          const base = newRecord(ctx, 'snva', network.name, tags);
          const record: VpcAssociationRecord = {
            ...base,
            ...networkFields(network),
            createdBy: ctx.account,
            vpcId: input.vpcIdentifier,
            securityGroupIds,
            privateDnsEnabled: input.privateDnsEnabled ?? true,
          };
          latticeCollection<VpcAssociationRecord>(ctx, 'vpcAssociations')[record.id] = record;
          return vpcOutput(ctx, record);
        }),
    ),

    'VPCLattice:GetServiceNetworkVpcAssociation': defineHandler<GetServiceNetworkVpcAssociationCommandInput, GetServiceNetworkVpcAssociationCommandOutput>((ctx, input) => {
      const a = resolveAssociation<VpcAssociationRecord>(ctx, 'vpcAssociations', 'SERVICE_NETWORK_VPC_ASSOCIATION', input.serviceNetworkVpcAssociationIdentifier);
      return {
        ...vpcOutput(ctx, a),
        ...networkFields({ id: a.serviceNetworkId, arn: a.serviceNetworkArn, name: a.serviceNetworkName } as ServiceNetworkRecord),
        vpcId: a.vpcId,
        createdAt: new Date(a.createdAt),
        lastUpdatedAt: new Date(a.updatedAt),
      };
    }),

    'VPCLattice:ListServiceNetworkVpcAssociations': defineHandler<ListServiceNetworkVpcAssociationsCommandInput, ListServiceNetworkVpcAssociationsCommandOutput>(
      (ctx, input) => {
        const rows = listScope<VpcAssociationRecord>(ctx, 'vpcAssociations', input.serviceNetworkIdentifier).filter(
          (a) => input.vpcIdentifier === undefined || a.vpcId === input.vpcIdentifier,
        );
        const { page, nextToken } = paginate(ctx, rows, (a) => a.id, input);
        return {
          items: page.map((a) => ({
            id: a.id,
            arn: a.arn,
            status: statusOf(ctx, a),
            createdBy: a.createdBy,
            createdAt: new Date(a.createdAt),
            lastUpdatedAt: new Date(a.updatedAt),
            serviceNetworkId: a.serviceNetworkId,
            serviceNetworkArn: a.serviceNetworkArn,
            serviceNetworkName: a.serviceNetworkName,
            vpcId: a.vpcId,
            privateDnsEnabled: a.privateDnsEnabled,
          })),
          nextToken,
        };
      },
    ),

    'VPCLattice:UpdateServiceNetworkVpcAssociation': defineHandler<UpdateServiceNetworkVpcAssociationCommandInput, UpdateServiceNetworkVpcAssociationCommandOutput>(
      (ctx, input) => {
        const a = resolve<VpcAssociationRecord>(ctx, 'vpcAssociations', 'SERVICE_NETWORK_VPC_ASSOCIATION', input.serviceNetworkVpcAssociationIdentifier);
        if (input.securityGroupIds !== undefined) {
          if (input.securityGroupIds.length === 0) throw validation("You can't remove all the security groups of a VPC association", 'securityGroupIds');
          a.securityGroupIds = requireSecurityGroups(ctx, input.securityGroupIds, a.vpcId);
        }
        if (input.privateDnsEnabled !== undefined) a.privateDnsEnabled = input.privateDnsEnabled;
        a.updatedAt = ctx.now;
        return vpcOutput(ctx, a);
      },
    ),

    'VPCLattice:DeleteServiceNetworkVpcAssociation': defineHandler<DeleteServiceNetworkVpcAssociationCommandInput, DeleteServiceNetworkVpcAssociationCommandOutput>(
      (ctx, input) => {
        const a = resolveAssociation<VpcAssociationRecord>(ctx, 'vpcAssociations', 'SERVICE_NETWORK_VPC_ASSOCIATION', input.serviceNetworkVpcAssociationIdentifier);
        if (a.deletedAt === undefined) a.deletedAt = ctx.now;
        return { id: a.id, arn: a.arn, status: statusOf(ctx, a) };
      },
    ),

    'VPCLattice:CreateServiceNetworkServiceAssociation': defineHandler<CreateServiceNetworkServiceAssociationCommandInput, CreateServiceNetworkServiceAssociationCommandOutput>(
      (ctx, input) =>
        create(ctx, input, () => {
          const tags = validateTags(input.tags);
          const network = resolveServiceNetwork(ctx, input.serviceNetworkIdentifier);
          const service: ServiceRecord = resolveService(ctx, input.serviceIdentifier);
          const existing = everywhere<ServiceAssociationRecord>(ctx, 'serviceAssociations').find((a) => a.serviceId === service.id && a.serviceNetworkId === network.id);
          if (existing) throw conflict(existing.id, 'SERVICE_NETWORK_SERVICE_ASSOCIATION', `Service ${service.id} is already associated with ${network.id}.`);
          const record: ServiceAssociationRecord = {
            ...newRecord(ctx, 'snsa', service.name, tags),
            ...networkFields(network),
            createdBy: ctx.account,
            serviceId: service.id,
            serviceArn: service.arn,
            serviceName: service.name,
            dnsDomain: service.dnsDomain,
          };
          latticeCollection<ServiceAssociationRecord>(ctx, 'serviceAssociations')[record.id] = record;
          return { id: record.id, arn: record.arn, status: statusOf(ctx, record), createdBy: ctx.account, dnsEntry: { domainName: record.dnsDomain } };
        }),
    ),

    'VPCLattice:GetServiceNetworkServiceAssociation': defineHandler<GetServiceNetworkServiceAssociationCommandInput, GetServiceNetworkServiceAssociationCommandOutput>(
      (ctx, input) => {
        const a = resolveAssociation<ServiceAssociationRecord>(ctx, 'serviceAssociations', 'SERVICE_NETWORK_SERVICE_ASSOCIATION', input.serviceNetworkServiceAssociationIdentifier);
        return {
          id: a.id,
          arn: a.arn,
          status: statusOf(ctx, a),
          createdBy: a.createdBy,
          createdAt: new Date(a.createdAt),
          serviceId: a.serviceId,
          serviceArn: a.serviceArn,
          serviceName: a.serviceName,
          serviceNetworkId: a.serviceNetworkId,
          serviceNetworkArn: a.serviceNetworkArn,
          serviceNetworkName: a.serviceNetworkName,
          dnsEntry: { domainName: a.dnsDomain },
        };
      },
    ),

    'VPCLattice:ListServiceNetworkServiceAssociations': defineHandler<ListServiceNetworkServiceAssociationsCommandInput, ListServiceNetworkServiceAssociationsCommandOutput>(
      (ctx, input) => {
        let rows = listScope<ServiceAssociationRecord>(ctx, 'serviceAssociations', input.serviceNetworkIdentifier);
        if (input.serviceIdentifier !== undefined) {
          const service = resolveService(ctx, input.serviceIdentifier);
          rows = rows.filter((a) => a.serviceId === service.id);
        }
        const { page, nextToken } = paginate(ctx, rows, (a) => a.id, input);
        return {
          items: page.map((a) => ({
            id: a.id,
            arn: a.arn,
            status: statusOf(ctx, a),
            createdBy: a.createdBy,
            createdAt: new Date(a.createdAt),
            serviceId: a.serviceId,
            serviceArn: a.serviceArn,
            serviceName: a.serviceName,
            serviceNetworkId: a.serviceNetworkId,
            serviceNetworkArn: a.serviceNetworkArn,
            serviceNetworkName: a.serviceNetworkName,
            dnsEntry: { domainName: a.dnsDomain },
          })),
          nextToken,
        };
      },
    ),

    'VPCLattice:DeleteServiceNetworkServiceAssociation': defineHandler<DeleteServiceNetworkServiceAssociationCommandInput, DeleteServiceNetworkServiceAssociationCommandOutput>(
      (ctx, input) => {
        const a = resolveAssociation<ServiceAssociationRecord>(ctx, 'serviceAssociations', 'SERVICE_NETWORK_SERVICE_ASSOCIATION', input.serviceNetworkServiceAssociationIdentifier);
        if (a.deletedAt === undefined) a.deletedAt = ctx.now;
        return { id: a.id, arn: a.arn, status: statusOf(ctx, a) };
      },
    ),

    'VPCLattice:CreateServiceNetworkResourceAssociation': defineHandler<CreateServiceNetworkResourceAssociationCommandInput, CreateServiceNetworkResourceAssociationCommandOutput>(
      (ctx, input) =>
        create(ctx, input, () => {
          const tags = validateTags(input.tags);
          const network = resolveServiceNetwork(ctx, input.serviceNetworkIdentifier);
          const configuration: ResourceConfigurationRecord = resolveResourceConfiguration(ctx, input.resourceConfigurationIdentifier);
          const existing = everywhere<ResourceAssociationRecord>(ctx, 'resourceAssociations').find(
            (a) => a.resourceConfigurationId === configuration.id && a.serviceNetworkId === network.id,
          );
          if (existing) throw conflict(existing.id, 'SERVICE_NETWORK_RESOURCE_ASSOCIATION', `Resource configuration ${configuration.id} is already associated with ${network.id}.`);
          const record: ResourceAssociationRecord = {
            ...newRecord(ctx, 'snra', configuration.name, tags),
            ...networkFields(network),
            createdBy: ctx.account,
            resourceConfigurationId: configuration.id,
            resourceConfigurationArn: configuration.arn,
            resourceConfigurationName: configuration.name,
          };
          latticeCollection<ResourceAssociationRecord>(ctx, 'resourceAssociations')[record.id] = record;
          return { id: record.id, arn: record.arn, status: statusOf(ctx, record), createdBy: ctx.account };
        }),
    ),

    'VPCLattice:GetServiceNetworkResourceAssociation': defineHandler<GetServiceNetworkResourceAssociationCommandInput, GetServiceNetworkResourceAssociationCommandOutput>(
      (ctx, input) => {
        const a = resolveAssociation<ResourceAssociationRecord>(ctx, 'resourceAssociations', 'SERVICE_NETWORK_RESOURCE_ASSOCIATION', input.serviceNetworkResourceAssociationIdentifier);
        return { ...resourceSummary(ctx, a), lastUpdatedAt: new Date(a.updatedAt) };
      },
    ),

    'VPCLattice:ListServiceNetworkResourceAssociations': defineHandler<ListServiceNetworkResourceAssociationsCommandInput, ListServiceNetworkResourceAssociationsCommandOutput>(
      (ctx, input) => {
        let rows = listScope<ResourceAssociationRecord>(ctx, 'resourceAssociations', input.serviceNetworkIdentifier);
        if (input.resourceConfigurationIdentifier !== undefined) {
          const configuration = resolveResourceConfiguration(ctx, input.resourceConfigurationIdentifier);
          rows = rows.filter((a) => a.resourceConfigurationId === configuration.id);
        }
        const { page, nextToken } = paginate(ctx, rows, (a) => a.id, input);
        return { items: page.map((a) => resourceSummary(ctx, a)), nextToken };
      },
    ),

    'VPCLattice:DeleteServiceNetworkResourceAssociation': defineHandler<DeleteServiceNetworkResourceAssociationCommandInput, DeleteServiceNetworkResourceAssociationCommandOutput>(
      (ctx, input) => {
        const a = resolveAssociation<ResourceAssociationRecord>(ctx, 'resourceAssociations', 'SERVICE_NETWORK_RESOURCE_ASSOCIATION', input.serviceNetworkResourceAssociationIdentifier);
        if (a.deletedAt === undefined) a.deletedAt = ctx.now;
        return { id: a.id, arn: a.arn, status: statusOf(ctx, a) };
      },
    ),
  },
  dependents: {
    'ec2:vpc': (ctx, vpcId) => live<VpcAssociationRecord>(ctx, 'vpcAssociations').filter((a) => a.vpcId === vpcId).map((a) => a.id),
    'ec2:security-group': (ctx, groupId) =>
      live<VpcAssociationRecord>(ctx, 'vpcAssociations').filter((a) => a.securityGroupIds.includes(groupId)).map((a) => a.id),
  },
  taggedResources: (ctx) =>
    (
      [
        ['vpcAssociations', VPC_ASSOCIATION_KIND],
        ['serviceAssociations', SERVICE_ASSOCIATION_KIND],
        ['resourceAssociations', RESOURCE_ASSOCIATION_KIND],
      ] as const
    ).flatMap(([collection, kind]) =>
      live<AssociationBase>(ctx, collection)
        .filter((a) => Object.keys(a.tags).length > 0)
        .map((a) => ({ arn: a.arn, resourceType: kind, tags: a.tags })),
    ),
};

function resourceSummary(ctx: HandlerContext, a: ResourceAssociationRecord) {
  return {
    id: a.id,
    arn: a.arn,
    status: statusOf(ctx, a),
    createdBy: a.createdBy,
    createdAt: new Date(a.createdAt),
    resourceConfigurationId: a.resourceConfigurationId,
    resourceConfigurationArn: a.resourceConfigurationArn,
    resourceConfigurationName: a.resourceConfigurationName,
    serviceNetworkId: a.serviceNetworkId,
    serviceNetworkArn: a.serviceNetworkArn,
    serviceNetworkName: a.serviceNetworkName,
    isManagedAssociation: false,
    privateDnsEnabled: false,
  };
}
