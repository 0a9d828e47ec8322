/**
 * Subnets: CreateSubnet, DescribeSubnets, DeleteSubnet, ModifySubnetAttribute, and the default subnet
 * per zone in the default VPC.
 *
 * References:
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSubnets.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSubnet.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySubnetAttribute.html
 * - Sizes and the 5 reserved addresses: https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
 * - Default subnets (/20 per zone, public IPs on): https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html
 */
import type {
  CreateSubnetCommandInput,
  CreateSubnetCommandOutput,
  DeleteSubnetCommandInput,
  DeleteSubnetCommandOutput,
  DescribeSubnetsCommandInput,
  DescribeSubnetsCommandOutput,
  ModifySubnetAttributeCommandInput,
  ModifySubnetAttributeCommandOutput,
  Subnet,
  SubnetState,
} from '@aws-sdk/client-ec2';
import { NotImplementedInSimulation } from '../errors.js';
import { cidrContains, cidrsOverlap, parseCidr } from '../cidr.js';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import type { ResourceRecord } from '../state.js';
import { availabilityZones, requireAvailabilityZone } from './availability-zones.js';
import { applyFilters, paginate, requireVisible, type FilterAttributes } from './filters.js';
import { tagList, tagsFromSpecifications } from './tags.js';
import { MAX_PREFIX, MIN_PREFIX, requireVpc, VPC_KIND, vpcs } from './vpc.js';

export const SUBNET_KIND = 'ec2:subnet';
/** AWS reserves the first four addresses and the last one of every subnet (subnet-sizing.html). */
const RESERVED_ADDRESSES = 5;

export interface SubnetRecord extends ResourceRecord {
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  defaultForAz: boolean;
  mapPublicIpOnLaunch: boolean;
}

export function subnets(ctx: HandlerContext): Record<string, SubnetRecord> {
  return ctx.collection<SubnetRecord>('ec2', 'subnets');
}

export function subnetNotFound(ctx: HandlerContext, ids: readonly string[]): Error {
  return ctx.error(
    'InvalidSubnetID.NotFound',
    ids.length === 1 ? `The subnet ID '${ids[0]}' does not exist` : `The subnet IDs '${ids.join(', ')}' do not exist`,
  );
}

/** The subnet `id` if it exists and is past its consistency window, else `InvalidSubnetID.NotFound`. */
export function requireSubnet(ctx: HandlerContext, id: string | undefined): SubnetRecord {
  if (!id) throw ctx.error('MissingParameter', 'The request must contain the parameter subnetId');
  const [subnet] = requireVisible(ctx, subnets(ctx), [id], (missing) => subnetNotFound(ctx, missing));
  return subnet!;
}

function subnetArn(ctx: HandlerContext, id: string): string {
  return `arn:aws:ec2:${ctx.region}:${ctx.account}:subnet/${id}`;
}

function toSubnet(ctx: HandlerContext, record: SubnetRecord, state: SubnetState): Subnet {
  const size = parseCidr(record.cidrBlock)!.size;
  return {
    SubnetId: record.id,
    SubnetArn: subnetArn(ctx, record.id),
    VpcId: record.vpcId,
    OwnerId: ctx.account,
    CidrBlock: record.cidrBlock,
    AvailabilityZone: record.availabilityZone,
    AvailableIpAddressCount: size - RESERVED_ADDRESSES,
    DefaultForAz: record.defaultForAz,
    MapPublicIpOnLaunch: record.mapPublicIpOnLaunch,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    State: state,
    Tags: tagList(record.tags),
  };
}

const subnetFilters = (ctx: HandlerContext): FilterAttributes<SubnetRecord> => ({
  'subnet-id': (r) => r.id,
  'subnet-arn': (r) => subnetArn(ctx, r.id),
  'vpc-id': (r) => r.vpcId,
  'cidr-block': (r) => r.cidrBlock,
  cidr: (r) => r.cidrBlock,
  cidrBlock: (r) => r.cidrBlock,
  'availability-zone': (r) => r.availabilityZone,
  availabilityZone: (r) => r.availabilityZone,
  'default-for-az': (r) => r.defaultForAz,
  defaultForAz: (r) => r.defaultForAz,
  'map-public-ip-on-launch': (r) => r.mapPublicIpOnLaunch,
  'owner-id': () => ctx.account,
  state: () => 'available',
});

/**
 * Subnet IDs by VPC, per subnet collection (by identity): built by one pass on first use, kept by
 * `insertSubnet` and DeleteSubnet, so CreateSubnet checks overlaps within its VPC without a pass over
 * every subnet of the region (issue 11).
 */
const vpcIndexes = new WeakMap<object, Map<string, Set<string>>>();

function subnetIdsByVpc(ctx: HandlerContext): Map<string, Set<string>> {
  const all = subnets(ctx);
  let index = vpcIndexes.get(all);
  if (!index) {
    index = new Map();
    for (const subnet of Object.values(all)) indexSubnet(index, subnet);
    vpcIndexes.set(all, index);
  }
  return index;
}

function indexSubnet(index: Map<string, Set<string>>, subnet: SubnetRecord): void {
  let ids = index.get(subnet.vpcId);
  if (!ids) index.set(subnet.vpcId, (ids = new Set()));
  ids.add(subnet.id);
}

/** The subnets of `vpcId` (visible yet or not). */
export function subnetsOfVpc(ctx: HandlerContext, vpcId: string): SubnetRecord[] {
  const all = subnets(ctx);
  return [...(subnetIdsByVpc(ctx).get(vpcId) ?? [])].map((id) => all[id]!);
}

function insertSubnet(ctx: HandlerContext, fields: Omit<SubnetRecord, 'id'>): SubnetRecord {
  const record: SubnetRecord = { id: ctx.newId('subnet'), ...fields };
  const index = subnetIdsByVpc(ctx);
  subnets(ctx)[record.id] = record;
  indexSubnet(index, record);
  return record;
}

export const subnetModule: SimModule = {
  name: 'ec2/subnet',
  taggable: [{ prefix: 'subnet-', service: 'ec2', collection: 'subnets', notFoundCode: 'InvalidSubnetID.NotFound' }],
  initRegion(ctx) {
    const defaultVpc = Object.values(vpcs(ctx)).find((v) => v.isDefault);
    if (!defaultVpc) return;
    // 172.31.0.0/20, 172.31.16.0/20, 172.31.32.0/20, … one per zone.
    availabilityZones(ctx.region).forEach((zone, i) => {
      insertSubnet(ctx, {
        vpcId: defaultVpc.id,
        cidrBlock: `172.31.${i * 16}.0/20`,
        availabilityZone: zone,
        defaultForAz: true,
        mapPublicIpOnLaunch: true,
        tags: {},
        createdAt: 0,
      });
    });
  },
  dependents: {
    // Every subnet, visible yet or not, blocks deleting its VPC.
    [VPC_KIND]: (ctx, vpcId) => subnetsOfVpc(ctx, vpcId).map((s) => s.id),
  },
  handlers: {
    'EC2:CreateSubnet': defineHandler<CreateSubnetCommandInput, CreateSubnetCommandOutput>((ctx, input) => {
      const vpc = requireVpc(ctx, input.VpcId);
      if (input.CidrBlock === undefined) {
        throw ctx.error('MissingParameter', 'The request must contain the parameter cidrBlock (the simulation supports IPv4 CidrBlock only)');
      }
      const cidr = parseCidr(input.CidrBlock);
      if (!cidr) {
        throw ctx.error('InvalidParameterValue', `Value (${input.CidrBlock}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
      }
      if (cidr.prefix < MIN_PREFIX || cidr.prefix > MAX_PREFIX || !cidrContains(parseCidr(vpc.cidrBlock)!, cidr)) {
        throw ctx.error('InvalidSubnet.Range', `The CIDR '${input.CidrBlock}' is invalid.`);
      }
      const conflict = subnetsOfVpc(ctx, vpc.id).find((s) => cidrsOverlap(parseCidr(s.cidrBlock)!, cidr));
      if (conflict) throw ctx.error('InvalidSubnet.Conflict', `The CIDR '${input.CidrBlock}' conflicts with another subnet`);
      if (input.AvailabilityZoneId !== undefined && input.AvailabilityZone === undefined) {
        throw ctx.error('InvalidParameterValue', 'The simulation supports AvailabilityZone, not AvailabilityZoneId');
      }
      // Without a zone AWS picks one; the simulation picks the first, deterministically.
      const zone = requireAvailabilityZone(ctx, input.AvailabilityZone ?? availabilityZones(ctx.region)[0]!);
      const tags = tagsFromSpecifications(ctx, input.TagSpecifications, 'subnet');
      const record = insertSubnet(ctx, {
        vpcId: vpc.id,
        cidrBlock: input.CidrBlock,
        availabilityZone: zone,
        defaultForAz: false,
        mapPublicIpOnLaunch: false,
        tags,
        createdAt: ctx.now,
      });
      return { Subnet: toSubnet(ctx, record, 'available') };
    }),

    'EC2:DescribeSubnets': defineHandler<DescribeSubnetsCommandInput, DescribeSubnetsCommandOutput>((ctx, input) => {
      const all = subnets(ctx);
      const ids = input.SubnetIds ?? [];
      const candidates =
        ids.length > 0
          ? requireVisible(ctx, all, ids, (missing) => subnetNotFound(ctx, missing))
          : Object.values(all).filter((r) => ctx.isVisible(r));
      const filtered = applyFilters(ctx, candidates, input.Filters, subnetFilters(ctx));
      const { page, nextToken } = paginate(ctx, filtered, input, { minResults: 5, maxResults: 1000, idsGiven: ids.length > 0 });
      return { Subnets: page.map((r) => toSubnet(ctx, r, 'available')), NextToken: nextToken };
    }),

    'EC2:DeleteSubnet': defineHandler<DeleteSubnetCommandInput, DeleteSubnetCommandOutput>((ctx, input) => {
      const subnet = requireSubnet(ctx, input.SubnetId);
      const dependents = ctx.dependentsOf(SUBNET_KIND, subnet.id);
      if (dependents.length > 0) {
        throw ctx.error('DependencyViolation', `The subnet '${subnet.id}' has dependencies and cannot be deleted.`);
      }
      const index = subnetIdsByVpc(ctx);
      delete subnets(ctx)[subnet.id];
      index.get(subnet.vpcId)?.delete(subnet.id);
      // Its explicit route table associations go with it (the route table module).
      ctx.deleted(SUBNET_KIND, subnet.id);
      return {};
    }),

    'EC2:ModifySubnetAttribute': defineHandler<ModifySubnetAttributeCommandInput, ModifySubnetAttributeCommandOutput>((ctx, input) => {
      const subnet = requireSubnet(ctx, input.SubnetId);
      const { SubnetId: _id, MapPublicIpOnLaunch, ...others } = input;
      const unsupported = Object.keys(others).filter((k) => others[k as keyof typeof others] !== undefined);
      if (unsupported.length > 0) {
        throw new NotImplementedInSimulation(ctx.service, `ModifySubnetAttribute(${unsupported.join(', ')})`);
      }
      if (MapPublicIpOnLaunch?.Value === undefined) {
        throw ctx.error('MissingParameter', 'The request must contain an attribute to modify');
      }
      subnet.mapPublicIpOnLaunch = MapPublicIpOnLaunch.Value;
      return {};
    }),
  },
};
