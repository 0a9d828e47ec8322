/**
 * VPC Lattice resource gateways and resource configurations: Create/Get/List/Update/Delete
 * ResourceGateway and ResourceConfiguration.
 *
 * References (https://docs.aws.amazon.com/vpc-lattice/latest/APIReference/):
 * - API_CreateResourceGateway.html: `name`, `vpcIdentifier`, `subnetIds`, `securityGroupIds`,
 *   `ipAddressType`; status CREATE_IN_PROGRESS | ACTIVE | … (ResourceGatewayStatus in the SDK enums).
 *   UpdateResourceGateway changes only `securityGroupIds`.
 * - API_CreateResourceConfiguration.html: `type` SINGLE | GROUP | CHILD | ARN (the simulation: SINGLE
 *   only), `resourceConfigurationDefinition` (dnsResource | ipResource | arnResource), `portRanges`
 *   ("80", "1-65535"), `protocol` TCP, `resourceGatewayIdentifier` (required for SINGLE).
 * - Deleting a resource gateway with resource configurations answers ConflictException; deleting a
 *   configuration with service network associations too (**unconfirmed** messages; the codes follow
 *   DeleteServiceNetwork's rule).
 */
import type {
  CreateResourceConfigurationCommandInput,
  CreateResourceConfigurationCommandOutput,
  CreateResourceGatewayCommandInput,
  CreateResourceGatewayCommandOutput,
  DeleteResourceConfigurationCommandInput,
  DeleteResourceConfigurationCommandOutput,
  DeleteResourceGatewayCommandInput,
  DeleteResourceGatewayCommandOutput,
  GetResourceConfigurationCommandInput,
  GetResourceConfigurationCommandOutput,
  GetResourceGatewayCommandInput,
  GetResourceGatewayCommandOutput,
  ListResourceConfigurationsCommandInput,
  ListResourceConfigurationsCommandOutput,
  ListResourceGatewaysCommandInput,
  ListResourceGatewaysCommandOutput,
  ResourceConfigurationDefinition,
  UpdateResourceConfigurationCommandInput,
  UpdateResourceConfigurationCommandOutput,
  UpdateResourceGatewayCommandInput,
  UpdateResourceGatewayCommandOutput,
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
  paginate,
  requireUniqueName,
  resolve,
  statusOf,
  validateName,
  validateTags,
  validation,
  notFound,
  type LatticeRecord,
} from './common.js';

export const RESOURCE_GATEWAY_KIND = 'vpc-lattice:resourcegateway';
export const RESOURCE_CONFIGURATION_KIND = 'vpc-lattice:resourceconfiguration';

export interface ResourceGatewayRecord extends LatticeRecord {
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  ipAddressType: 'IPV4' | 'IPV6' | 'DUALSTACK';
}

export interface ResourceConfigurationRecord extends LatticeRecord {
  resourceGatewayId: string;
  type: 'SINGLE';
  portRanges: string[];
  protocol: 'TCP';
  definition: ResourceConfigurationDefinition;
  allowAssociationToShareableServiceNetwork: boolean;
}

export function resourceGateways(ctx: HandlerContext): Record<string, ResourceGatewayRecord> {
  return latticeCollection<ResourceGatewayRecord>(ctx, 'resourceGateways');
}

export function resourceConfigurations(ctx: HandlerContext): Record<string, ResourceConfigurationRecord> {
  return latticeCollection<ResourceConfigurationRecord>(ctx, 'resourceConfigurations');
}

export function resolveResourceConfiguration(ctx: HandlerContext, identifier: string | undefined): ResourceConfigurationRecord {
  return resolve<ResourceConfigurationRecord>(ctx, 'resourceConfigurations', 'RESOURCE_CONFIGURATION', identifier);
}

/** An EC2 record of this account that exists and is visible, else ResourceNotFoundException. */
function requireEc2<T extends ResourceRecord>(ctx: HandlerContext, collection: string, id: string, type: string): T {
  const record = ctx.collection<T>('ec2', collection)[id];
  if (!record || !ctx.isVisible(record)) throw notFound(id, type);
  return record;
}

function validatePortRanges(ranges: readonly string[] | undefined): string[] {
  const result = [...(ranges ?? [])];
  if (result.length === 0) throw validation('portRanges is required', 'portRanges');
  for (const range of result) {
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(range);
    const low = Number(match?.[1]);
    const high = Number(match?.[2] ?? match?.[1]);
    if (!match || low < 1 || high > 65535 || low > high) throw validation(`port range ${range} is not valid`, 'portRanges');
  }
  return result;
}

function validateDefinition(definition: ResourceConfigurationDefinition | undefined): ResourceConfigurationDefinition {
  if (!definition) throw validation('resourceConfigurationDefinition is required for SINGLE', 'resourceConfigurationDefinition');
  if (definition.dnsResource) {
    const domain = definition.dnsResource.domainName;
    if (!domain || !/^[a-zA-Z0-9.-]{1,255}$/.test(domain)) throw validation('dnsResource.domainName is not valid', 'resourceConfigurationDefinition');
    return { dnsResource: { domainName: domain, ipAddressType: definition.dnsResource.ipAddressType ?? 'IPV4' } };
  }
  if (definition.ipResource) {
    const ip = definition.ipResource.ipAddress;
    if (!ip || !/^(\d{1,3}\.){3}\d{1,3}$|:/.test(ip)) throw validation('ipResource.ipAddress is not valid', 'resourceConfigurationDefinition');
    return { ipResource: { ipAddress: ip } };
  }
  if (definition.arnResource) {
    const arn = definition.arnResource.arn;
    if (!arn || !arn.startsWith('arn:')) throw validation('arnResource.arn is not valid', 'resourceConfigurationDefinition');
    return { arnResource: { arn } };
  }
  throw validation('resourceConfigurationDefinition needs dnsResource, ipResource or arnResource', 'resourceConfigurationDefinition');
}

function gatewayOutput(ctx: HandlerContext, g: ResourceGatewayRecord) {
  return {
    id: g.id,
    arn: g.arn,
    name: g.name,
    status: statusOf(ctx, g),
    subnetIds: [...g.subnetIds],
    securityGroupIds: [...g.securityGroupIds],
    ipAddressType: g.ipAddressType,
  };
}

function configurationOutput(ctx: HandlerContext, c: ResourceConfigurationRecord) {
  return {
    id: c.id,
    arn: c.arn,
    name: c.name,
    resourceGatewayId: c.resourceGatewayId,
    type: c.type,
    portRanges: [...c.portRanges],
    protocol: c.protocol,
    status: statusOf(ctx, c),
    resourceConfigurationDefinition: c.definition,
    allowAssociationToShareableServiceNetwork: c.allowAssociationToShareableServiceNetwork,
    createdAt: new Date(c.createdAt),
  };
}

export const resourceModule: SimModule = {
  name: 'lattice/resource',
  handlers: {
    'VPCLattice:CreateResourceGateway': defineHandler<CreateResourceGatewayCommandInput, CreateResourceGatewayCommandOutput>((ctx, input) =>
      create(ctx, input, () => {
        const name = validateName(input.name, 3, 40, 'rgw-');
        const tags = validateTags(input.tags);
        if (!input.vpcIdentifier) throw validation('vpcIdentifier is required', 'vpcIdentifier');
        requireEc2(ctx, 'vpcs', input.vpcIdentifier, 'VPC');
        const subnetIds = [...new Set(input.subnetIds ?? [])];
        if (subnetIds.length === 0) throw validation('subnetIds is required', 'subnetIds');
        for (const subnetId of subnetIds) {
          const subnet = requireEc2<ResourceRecord & { vpcId?: string }>(ctx, 'subnets', subnetId, 'SUBNET');
          if (subnet.vpcId !== undefined && subnet.vpcId !== input.vpcIdentifier) {
            throw validation(`subnet ${subnetId} is not in ${input.vpcIdentifier}`, 'subnetIds');
          }
        }
        const securityGroupIds = [...new Set(input.securityGroupIds ?? [])];
        for (const groupId of securityGroupIds) requireEc2(ctx, 'securityGroups', groupId, 'SECURITY_GROUP');
        if (securityGroupIds.length > 5) throw validation('at most 5 security groups', 'securityGroupIds');
        requireUniqueName(ctx, 'resourceGateways', 'RESOURCE_GATEWAY', name);
        const record: ResourceGatewayRecord = {
          ...newRecord(ctx, 'rgw', name, tags),
          vpcId: input.vpcIdentifier,
          subnetIds,
          securityGroupIds,
          ipAddressType: input.ipAddressType ?? 'IPV4',
        };
        resourceGateways(ctx)[record.id] = record;
        return { ...gatewayOutput(ctx, record), vpcIdentifier: record.vpcId };
      }),
    ),

    'VPCLattice:GetResourceGateway': defineHandler<GetResourceGatewayCommandInput, GetResourceGatewayCommandOutput>((ctx, input) => {
      const g = resolve<ResourceGatewayRecord>(ctx, 'resourceGateways', 'RESOURCE_GATEWAY', input.resourceGatewayIdentifier);
      return { ...gatewayOutput(ctx, g), vpcId: g.vpcId, createdAt: new Date(g.createdAt), lastUpdatedAt: new Date(g.updatedAt) };
    }),

    'VPCLattice:ListResourceGateways': defineHandler<ListResourceGatewaysCommandInput, ListResourceGatewaysCommandOutput>((ctx, input) => {
      const { page, nextToken } = paginate(ctx, live<ResourceGatewayRecord>(ctx, 'resourceGateways'), (g) => g.id, input);
      return {
        items: page.map((g) => ({ ...gatewayOutput(ctx, g), vpcIdentifier: g.vpcId, createdAt: new Date(g.createdAt), lastUpdatedAt: new Date(g.updatedAt) })),
        nextToken,
      };
    }),

    'VPCLattice:UpdateResourceGateway': defineHandler<UpdateResourceGatewayCommandInput, UpdateResourceGatewayCommandOutput>((ctx, input) => {
      const g = resolve<ResourceGatewayRecord>(ctx, 'resourceGateways', 'RESOURCE_GATEWAY', input.resourceGatewayIdentifier);
      if (input.securityGroupIds !== undefined) {
        for (const groupId of input.securityGroupIds) requireEc2(ctx, 'securityGroups', groupId, 'SECURITY_GROUP');
        g.securityGroupIds = [...new Set(input.securityGroupIds)];
        g.updatedAt = ctx.now;
      }
      const { ipAddressType, ...output } = gatewayOutput(ctx, g);
      return { ...output, vpcId: g.vpcId, ...(ipAddressType !== 'DUALSTACK' ? { ipAddressType } : {}) };
    }),

    'VPCLattice:DeleteResourceGateway': defineHandler<DeleteResourceGatewayCommandInput, DeleteResourceGatewayCommandOutput>((ctx, input) => {
      const g = resolve<ResourceGatewayRecord>(ctx, 'resourceGateways', 'RESOURCE_GATEWAY', input.resourceGatewayIdentifier);
      const users = live<ResourceConfigurationRecord>(ctx, 'resourceConfigurations').filter((c) => c.resourceGatewayId === g.id);
      if (users.length > 0) throw conflict(g.id, 'RESOURCE_GATEWAY', `Resource gateway ${g.id} has resource configurations: ${users.map((c) => c.id).join(', ')}`);
      if (g.deletedAt === undefined) g.deletedAt = ctx.now;
      return { id: g.id, arn: g.arn, name: g.name, status: statusOf(ctx, g) };
    }),

    'VPCLattice:CreateResourceConfiguration': defineHandler<CreateResourceConfigurationCommandInput, CreateResourceConfigurationCommandOutput>(
      (ctx, input) =>
        create(ctx, input, () => {
          const name = validateName(input.name, 3, 40, 'rcfg-');
          const tags = validateTags(input.tags);
          if (input.type !== 'SINGLE') throw validation(`type ${String(input.type)} is not simulated (SINGLE only)`, 'type');
          if (input.protocol !== undefined && input.protocol !== 'TCP') throw validation('protocol must be TCP', 'protocol');
          const portRanges = validatePortRanges(input.portRanges);
          const definition = validateDefinition(input.resourceConfigurationDefinition);
          const gateway = resolve<ResourceGatewayRecord>(ctx, 'resourceGateways', 'RESOURCE_GATEWAY', input.resourceGatewayIdentifier);
          requireUniqueName(ctx, 'resourceConfigurations', 'RESOURCE_CONFIGURATION', name);
          const record: ResourceConfigurationRecord = {
            ...newRecord(ctx, 'rcfg', name, tags),
            resourceGatewayId: gateway.id,
            type: 'SINGLE',
            portRanges,
            protocol: 'TCP',
            definition,
            allowAssociationToShareableServiceNetwork: input.allowAssociationToShareableServiceNetwork ?? true,
          };
          resourceConfigurations(ctx)[record.id] = record;
          return configurationOutput(ctx, record);
        }),
    ),

    'VPCLattice:GetResourceConfiguration': defineHandler<GetResourceConfigurationCommandInput, GetResourceConfigurationCommandOutput>((ctx, input) => {
      const c = resolveResourceConfiguration(ctx, input.resourceConfigurationIdentifier);
      return { ...configurationOutput(ctx, c), amazonManaged: false, lastUpdatedAt: new Date(c.updatedAt) };
    }),

    'VPCLattice:ListResourceConfigurations': defineHandler<ListResourceConfigurationsCommandInput, ListResourceConfigurationsCommandOutput>(
      (ctx, input) => {
        let items = live<ResourceConfigurationRecord>(ctx, 'resourceConfigurations');
        if (input.resourceGatewayIdentifier !== undefined) {
          const gateway = resolve<ResourceGatewayRecord>(ctx, 'resourceGateways', 'RESOURCE_GATEWAY', input.resourceGatewayIdentifier);
          items = items.filter((c) => c.resourceGatewayId === gateway.id);
        }
        const { page, nextToken } = paginate(ctx, items, (c) => c.id, input);
        return {
          items: page.map((c) => ({
            id: c.id,
            arn: c.arn,
            name: c.name,
            resourceGatewayId: c.resourceGatewayId,
            type: c.type,
            status: statusOf(ctx, c),
            amazonManaged: false,
            createdAt: new Date(c.createdAt),
            lastUpdatedAt: new Date(c.updatedAt),
          })),
          nextToken,
        };
      },
    ),

    'VPCLattice:UpdateResourceConfiguration': defineHandler<UpdateResourceConfigurationCommandInput, UpdateResourceConfigurationCommandOutput>(
      (ctx, input) => {
        const c = resolveResourceConfiguration(ctx, input.resourceConfigurationIdentifier);
        if (input.portRanges !== undefined) c.portRanges = validatePortRanges(input.portRanges);
        if (input.resourceConfigurationDefinition !== undefined) c.definition = validateDefinition(input.resourceConfigurationDefinition);
        if (input.allowAssociationToShareableServiceNetwork !== undefined) {
          c.allowAssociationToShareableServiceNetwork = input.allowAssociationToShareableServiceNetwork;
        }
        c.updatedAt = ctx.now;
        const { createdAt: _createdAt, ...output } = configurationOutput(ctx, c);
        return output;
      },
    ),

    'VPCLattice:DeleteResourceConfiguration': defineHandler<DeleteResourceConfigurationCommandInput, DeleteResourceConfigurationCommandOutput>(
      (ctx, input) => {
        const c = resolveResourceConfiguration(ctx, input.resourceConfigurationIdentifier);
        const associations = Object.values(latticeCollection<LatticeRecord & { resourceConfigurationId: string }>(ctx, 'resourceAssociations')).filter(
          (a) => a.resourceConfigurationId === c.id && exists(ctx, a),
        );
        if (associations.length > 0) {
          throw conflict(c.id, 'RESOURCE_CONFIGURATION', `Resource configuration ${c.id} is associated with service networks: ${associations.map((a) => a.id).join(', ')}`);
        }
        if (c.deletedAt === undefined) c.deletedAt = ctx.now;
        return {};
      },
    ),
  },
  // A resource gateway places network interfaces in its subnets, with its security groups: they block
  // DeleteVpc/DeleteSubnet/DeleteSecurityGroup (DependencyViolation) until the gateway is gone (inferred
  // from how EC2 treats requester-managed interfaces; unconfirmed for Lattice).
  dependents: {
    'ec2:vpc': (ctx, vpcId) => live<ResourceGatewayRecord>(ctx, 'resourceGateways').filter((g) => g.vpcId === vpcId).map((g) => g.id),
    'ec2:subnet': (ctx, subnetId) => live<ResourceGatewayRecord>(ctx, 'resourceGateways').filter((g) => g.subnetIds.includes(subnetId)).map((g) => g.id),
    'ec2:security-group': (ctx, groupId) =>
      live<ResourceGatewayRecord>(ctx, 'resourceGateways').filter((g) => g.securityGroupIds.includes(groupId)).map((g) => g.id),
  },
  taggedResources: (ctx) => [
    ...live<ResourceGatewayRecord>(ctx, 'resourceGateways')
      .filter((g) => Object.keys(g.tags).length > 0)
      .map((g) => ({ arn: g.arn, resourceType: RESOURCE_GATEWAY_KIND, tags: g.tags })),
    ...live<ResourceConfigurationRecord>(ctx, 'resourceConfigurations')
      .filter((c) => Object.keys(c.tags).length > 0)
      .map((c) => ({ arn: c.arn, resourceType: RESOURCE_CONFIGURATION_KIND, tags: c.tags })),
  ],
};
