/**
 * VPCs: CreateVpc, DescribeVpcs, DeleteVpc, ModifyVpcAttribute, DescribeVpcAttribute, and the default
 * VPC every region starts with.
 *
 * References:
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpc.html ("When you delete the VPC,
 *   it deletes the default security group, network ACL, and route table for the VPC")
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcAttribute.html
 * - https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html
 * - VPC CIDR sizes: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 */
import type {
  CreateVpcCommandInput,
  CreateVpcCommandOutput,
  DeleteVpcCommandInput,
  DeleteVpcCommandOutput,
  DescribeVpcAttributeCommandInput,
  DescribeVpcAttributeCommandOutput,
  DescribeVpcsCommandInput,
  DescribeVpcsCommandOutput,
  ModifyVpcAttributeCommandInput,
  ModifyVpcAttributeCommandOutput,
  Vpc,
  VpcState,
} from '@aws-sdk/client-ec2';
import { parseCidr } from '../cidr.js';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import type { ResourceRecord } from '../state.js';
import { applyFilters, paginate, requireVisible, type FilterAttributes } from './filters.js';
import { tagList, tagsFromSpecifications } from './tags.js';

export const VPC_KIND = 'ec2:vpc';
export const DEFAULT_VPC_CIDR = '172.31.0.0/16';
/** A VPC's IPv4 block must be between /16 and /28 (vpc-cidr-blocks.html). */
export const MIN_PREFIX = 16;
export const MAX_PREFIX = 28;

export interface VpcRecord extends ResourceRecord {
  cidrBlock: string;
  cidrAssociationId: string;
  isDefault: boolean;
  instanceTenancy: string;
  dhcpOptionsId: string;
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
  enableNetworkAddressUsageMetrics: boolean;
}

export function vpcs(ctx: HandlerContext): Record<string, VpcRecord> {
  return ctx.collection<VpcRecord>('ec2', 'vpcs');
}

export function vpcNotFound(ctx: HandlerContext, ids: readonly string[]): Error {
  return ctx.error(
    'InvalidVpcID.NotFound',
    ids.length === 1 ? `The vpc ID '${ids[0]}' does not exist` : `The vpc IDs '${ids.join(', ')}' do not exist`,
  );
}

/** The VPC `id` if it exists and is past its consistency window, else `InvalidVpcID.NotFound`. */
export function requireVpc(ctx: HandlerContext, id: string | undefined): VpcRecord {
  if (!id) throw ctx.error('MissingParameter', 'The request must contain the parameter vpcId');
  const [vpc] = requireVisible(ctx, vpcs(ctx), [id], (missing) => vpcNotFound(ctx, missing));
  return vpc!;
}

function toVpc(ctx: HandlerContext, record: VpcRecord, state: VpcState): Vpc {
  return {
    VpcId: record.id,
    OwnerId: ctx.account,
    CidrBlock: record.cidrBlock,
    State: state,
    IsDefault: record.isDefault,
    InstanceTenancy: record.instanceTenancy as Vpc['InstanceTenancy'],
    DhcpOptionsId: record.dhcpOptionsId,
    CidrBlockAssociationSet: [
      { AssociationId: record.cidrAssociationId, CidrBlock: record.cidrBlock, CidrBlockState: { State: 'associated' } },
    ],
    Tags: tagList(record.tags),
  };
}

const vpcFilters = (ctx: HandlerContext): FilterAttributes<VpcRecord> => ({
  'vpc-id': (r) => r.id,
  cidr: (r) => r.cidrBlock,
  'cidr-block': (r) => r.cidrBlock,
  'cidr-block-association.cidr-block': (r) => r.cidrBlock,
  'cidr-block-association.association-id': (r) => r.cidrAssociationId,
  'cidr-block-association.state': () => 'associated',
  'dhcp-options-id': (r) => r.dhcpOptionsId,
  'is-default': (r) => r.isDefault,
  'owner-id': () => ctx.account,
  state: () => 'available',
});

function newVpc(ctx: HandlerContext, fields: Pick<VpcRecord, 'cidrBlock' | 'isDefault' | 'instanceTenancy' | 'tags' | 'createdAt'>): VpcRecord {
  const record: VpcRecord = {
    id: ctx.newId('vpc'),
    cidrAssociationId: ctx.newId('vpc-cidr-assoc'),
    dhcpOptionsId: ctx.newId('dopt'),
    // DNS support is on for every VPC; DNS hostnames only for the default VPC (vpc-dns.html).
    enableDnsSupport: true,
    enableDnsHostnames: fields.isDefault,
    enableNetworkAddressUsageMetrics: false,
    ...fields,
  };
  vpcs(ctx)[record.id] = record;
  // Its main route table and default security group (the route table and security group modules).
  ctx.created(VPC_KIND, record.id);
  return record;
}

const DNS_ATTRIBUTES = ['EnableDnsSupport', 'EnableDnsHostnames', 'EnableNetworkAddressUsageMetrics'] as const;
const ATTRIBUTE_FIELDS = {
  enableDnsSupport: 'enableDnsSupport',
  enableDnsHostnames: 'enableDnsHostnames',
  enableNetworkAddressUsageMetrics: 'enableNetworkAddressUsageMetrics',
} as const;

export const vpcModule: SimModule = {
  name: 'ec2/vpc',
  taggable: [{ prefix: 'vpc-', service: 'ec2', collection: 'vpcs', notFoundCode: 'InvalidVpcID.NotFound' }],
  initRegion(ctx) {
    newVpc(ctx, { cidrBlock: DEFAULT_VPC_CIDR, isDefault: true, instanceTenancy: 'default', tags: {}, createdAt: 0 });
  },
  handlers: {
    'EC2:CreateVpc': defineHandler<CreateVpcCommandInput, CreateVpcCommandOutput>((ctx, input) => {
      if (input.CidrBlock === undefined) {
        throw ctx.error('MissingParameter', 'Either an IPv4 CIDR block or an IPAM pool must be specified (the simulation supports CidrBlock only)');
      }
      const cidr = parseCidr(input.CidrBlock);
      if (!cidr) {
        throw ctx.error('InvalidParameterValue', `Value (${input.CidrBlock}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
      }
      if (cidr.prefix < MIN_PREFIX || cidr.prefix > MAX_PREFIX) {
        throw ctx.error('InvalidVpc.Range', `The CIDR '${input.CidrBlock}' is invalid.`);
      }
      const tags = tagsFromSpecifications(ctx, input.TagSpecifications, 'vpc');
      const record = newVpc(ctx, {
        cidrBlock: input.CidrBlock,
        isDefault: false,
        instanceTenancy: input.InstanceTenancy ?? 'default',
        tags,
        createdAt: ctx.now,
      });
      // CreateVpc answers `pending`; DescribeVpcs shows `available` (the simulation has no wait).
      return { Vpc: toVpc(ctx, record, 'pending') };
    }),

    'EC2:DescribeVpcs': defineHandler<DescribeVpcsCommandInput, DescribeVpcsCommandOutput>((ctx, input) => {
      const all = vpcs(ctx);
      const ids = input.VpcIds ?? [];
      const candidates =
        ids.length > 0
          ? requireVisible(ctx, all, ids, (missing) => vpcNotFound(ctx, missing))
          : Object.values(all).filter((r) => ctx.isVisible(r));
      const filtered = applyFilters(ctx, candidates, input.Filters, vpcFilters(ctx));
      const { page, nextToken } = paginate(ctx, filtered, input, { minResults: 5, maxResults: 1000, idsGiven: ids.length > 0 });
      return { Vpcs: page.map((r) => toVpc(ctx, r, 'available')), NextToken: nextToken };
    }),

    'EC2:DeleteVpc': defineHandler<DeleteVpcCommandInput, DeleteVpcCommandOutput>((ctx, input) => {
      const vpc = requireVpc(ctx, input.VpcId);
      const dependents = ctx.dependentsOf(VPC_KIND, vpc.id);
      if (dependents.length > 0) {
        throw ctx.error('DependencyViolation', `The vpc '${vpc.id}' has dependencies and cannot be deleted.`);
      }
      delete vpcs(ctx)[vpc.id];
      // "When you delete the VPC, it deletes the default security group, network ACL, and route table
      // for the VPC." (API_DeleteVpc)
      ctx.deleted(VPC_KIND, vpc.id);
      return {};
    }),

    'EC2:ModifyVpcAttribute': defineHandler<ModifyVpcAttributeCommandInput, ModifyVpcAttributeCommandOutput>((ctx, input) => {
      const vpc = requireVpc(ctx, input.VpcId);
      const given = DNS_ATTRIBUTES.filter((name) => input[name] !== undefined);
      // "You cannot modify the DNS resolution and DNS hostnames attributes in the same request. Use
      // separate requests for each attribute." (API_ModifyVpcAttribute)
      if (given.length !== 1) {
        throw ctx.error('InvalidParameterCombination', 'Exactly one attribute must be specified per ModifyVpcAttribute request.');
      }
      const name = given[0]!;
      const value = input[name]?.Value;
      if (value === undefined) throw ctx.error('MissingParameter', `The request must contain the parameter ${name}.Value`);
      // "You can only enable DNS hostnames if you've enabled DNS support."
      if (name === 'EnableDnsHostnames' && value && !vpc.enableDnsSupport) {
        throw ctx.error('InvalidParameterValue', 'DNS hostnames can only be enabled on a VPC with DNS support enabled.');
      }
      const field = (name.charAt(0).toLowerCase() + name.slice(1)) as keyof typeof ATTRIBUTE_FIELDS;
      vpc[ATTRIBUTE_FIELDS[field]] = value;
      return {};
    }),

    'EC2:DescribeVpcAttribute': defineHandler<DescribeVpcAttributeCommandInput, DescribeVpcAttributeCommandOutput>((ctx, input) => {
      const vpc = requireVpc(ctx, input.VpcId);
      const attribute = input.Attribute as keyof typeof ATTRIBUTE_FIELDS | undefined;
      if (!attribute || !(attribute in ATTRIBUTE_FIELDS)) {
        throw ctx.error('InvalidParameterValue', `Value (${String(input.Attribute)}) for parameter attribute is invalid.`);
      }
      const value = { Value: vpc[ATTRIBUTE_FIELDS[attribute]] };
      const key = (attribute.charAt(0).toUpperCase() + attribute.slice(1)) as (typeof DNS_ATTRIBUTES)[number];
      return { VpcId: vpc.id, [key]: value };
    }),
  },
};
