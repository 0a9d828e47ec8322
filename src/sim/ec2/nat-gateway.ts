/**
 * NAT gateways: CreateNatGateway, DescribeNatGateways, DeleteNatGateway.
 *
 * References:
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNatGateway.html (ClientToken,
 *   TagSpecifications with ResourceType `natgateway`, ConnectivityType `public` | `private`)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNatGateways.html (`Filter`, not
 *   `Filters`: nat-gateway-id, state, subnet-id, tag:*, tag-key, vpc-id; MaxResults 5–1000)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteNatGateway.html ("Deleting a public
 *   NAT gateway disassociates its Elastic IP address, but does not release the address")
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NatGateway.html: states pending | failed |
 *   available | deleting | deleted; FailureCode/FailureMessage, among them "Gateway.NotAttached: Network
 *   vpc-… has no Internet gateway attached" and "Resource.AlreadyAssociated: Elastic IP address eipalloc-…
 *   is already associated".
 * - https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-working-with.html: a deleted NAT gateway
 *   stays visible (state `deleted`) for about an hour; so does a failed one.
 *
 * What AWS checks synchronously (the call fails) and what it lets fail later (the NAT gateway is created,
 * goes `failed`): an unknown subnet or allocation ID fails the call (`InvalidSubnetID.NotFound`,
 * `InvalidAllocationID.NotFound`); a VPC without an attached internet gateway and an address already in
 * use by another NAT gateway give a NAT gateway that goes from `pending` to `failed` with those codes.
 *
 * States are derived from timestamps (`asyncDelayMs` after the create or the delete request), so every
 * reader — Describe, the address module, the route tables' blackhole check — sees the same state.
 * Unknown IDs answer `NatGatewayNotFound` on Describe/Delete (what AWS sends) and
 * `InvalidNatGatewayID.NotFound` where another call references the NAT gateway (CreateRoute).
 */
import type {
  CreateNatGatewayCommandInput,
  CreateNatGatewayCommandOutput,
  DeleteNatGatewayCommandInput,
  DeleteNatGatewayCommandOutput,
  DescribeNatGatewaysCommandInput,
  DescribeNatGatewaysCommandOutput,
  NatGateway,
  NatGatewayState,
} from '@aws-sdk/client-ec2';
import { parseCidr } from '../cidr.js';
import { withClientToken } from '../client-token.js';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import type { ResourceRecord } from '../state.js';
import { ADDRESS_KIND, liveAssociation, requireAddress } from './address.js';
import { applyFilters, paginate, type FilterAttributes } from './filters.js';
import { attachedInternetGateway, PUBLIC_ADDRESSES_KIND } from './internet-gateway.js';
import { requireSubnet, SUBNET_KIND } from './subnet.js';
import { tagList, tagsFromSpecifications } from './tags.js';
import { asyncDelayFor } from '../options.js';

/** How long a `deleted` or `failed` NAT gateway stays visible to DescribeNatGateways. */
export const GONE_RETENTION_MS = 60 * 60_000;

export interface NatGatewayRecord extends ResourceRecord {
  subnetId: string;
  vpcId: string;
  connectivityType: 'public' | 'private';
  networkInterfaceId: string;
  privateIp: string;
  allocationId?: string;
  associationId?: string;
  publicIp?: string;
  /** Set at create when the gateway will go `failed` once `pending` is over. */
  failure?: { code: string; message: string };
  /** When DeleteNatGateway was accepted. */
  deleteRequestedAt?: number;
}

export function natGateways(ctx: HandlerContext): Record<string, NatGatewayRecord> {
  return ctx.collection<NatGatewayRecord>('ec2', 'natGateways');
}

/** The state at `ctx.now`: transitions complete `asyncDelayMs` after the create or the delete request. */
export function natGatewayState(ctx: HandlerContext, record: NatGatewayRecord): NatGatewayState {
  const delay = asyncDelayFor(ctx.options, 'ec2:nat-gateway');
  if (record.deleteRequestedAt !== undefined) return ctx.now >= record.deleteRequestedAt + delay ? 'deleted' : 'deleting';
  if (ctx.now < record.createdAt + delay) return 'pending';
  return record.failure ? 'failed' : 'available';
}

/** Holds its subnet, its address and the VPC's public mapping: not failed (that never held them) nor deleted. */
function isLive(ctx: HandlerContext, record: NatGatewayRecord): boolean {
  if (record.failure) return false;
  return natGatewayState(ctx, record) !== 'deleted';
}

/** For routes: a NAT gateway a route may point at without being a blackhole. */
export function isNatGatewayUsable(ctx: HandlerContext, id: string): boolean {
  const record = natGateways(ctx)[id];
  if (!record) return false;
  const state = natGatewayState(ctx, record);
  return state === 'pending' || state === 'available';
}

function notFound(ctx: HandlerContext, id: string): Error {
  return ctx.error('NatGatewayNotFound', `The Nat Gateway ${id} was not found`);
}

function ipAt(base: number): string {
  return [24, 16, 8, 0].map((shift) => (base >>> shift) & 255).join('.');
}

function toNatGateway(ctx: HandlerContext, record: NatGatewayRecord): NatGateway {
  const state = natGatewayState(ctx, record);
  const delay = asyncDelayFor(ctx.options, 'ec2:nat-gateway');
  return {
    NatGatewayId: record.id,
    SubnetId: record.subnetId,
    VpcId: record.vpcId,
    State: state,
    ConnectivityType: record.connectivityType,
    CreateTime: new Date(record.createdAt),
    ...(state === 'deleted' ? { DeleteTime: new Date(record.deleteRequestedAt! + delay) } : {}),
    ...(state === 'failed' ? { FailureCode: record.failure!.code, FailureMessage: record.failure!.message } : {}),
    NatGatewayAddresses: [
      {
        AllocationId: record.allocationId,
        NetworkInterfaceId: record.networkInterfaceId,
        PrivateIp: record.privateIp,
        PublicIp: record.publicIp,
        AssociationId: record.associationId,
        IsPrimary: true,
        Status: state === 'failed' ? 'failed' : state === 'deleted' ? 'succeeded' : state === 'pending' ? 'associating' : 'succeeded',
      },
    ],
    Tags: tagList(record.tags),
  };
}

const natGatewayFilters = (ctx: HandlerContext): FilterAttributes<NatGatewayRecord> => ({
  'nat-gateway-id': (r) => r.id,
  state: (r) => natGatewayState(ctx, r),
  'subnet-id': (r) => r.subnetId,
  'vpc-id': (r) => r.vpcId,
});

/** Drops `deleted` and `failed` gateways older than the retention, as AWS eventually does. */
function expire(ctx: HandlerContext): void {
  const delay = asyncDelayFor(ctx.options, 'ec2:nat-gateway');
  const all = natGateways(ctx);
  for (const record of Object.values(all)) {
    const goneSince = record.deleteRequestedAt !== undefined ? record.deleteRequestedAt + delay : record.failure ? record.createdAt + delay : undefined;
    if (goneSince !== undefined && ctx.now >= goneSince + GONE_RETENTION_MS) delete all[record.id];
  }
}

export const natGatewayModule: SimModule = {
  name: 'ec2/nat-gateway',
  taggable: [{ prefix: 'nat-', service: 'ec2', collection: 'natGateways', notFoundCode: 'NatGatewayNotFound' }],
  dependents: {
    // DeleteSubnet: a NAT gateway not yet deleted keeps its subnet (its network interface lives there).
    [SUBNET_KIND]: (ctx, subnetId) =>
      Object.values(natGateways(ctx))
        .filter((n) => n.subnetId === subnetId && isLive(ctx, n))
        .map((n) => n.id),
    // ReleaseAddress: the address is in use until the NAT gateway is `deleted`.
    [ADDRESS_KIND]: (ctx, allocationId) =>
      Object.values(natGateways(ctx))
        .filter((n) => n.allocationId === allocationId && isLive(ctx, n))
        .map((n) => n.id),
    // DetachInternetGateway: public NAT gateways map public addresses in their VPC.
    [PUBLIC_ADDRESSES_KIND]: (ctx, vpcId) =>
      Object.values(natGateways(ctx))
        .filter((n) => n.vpcId === vpcId && n.connectivityType === 'public' && isLive(ctx, n))
        .map((n) => n.id),
  },
  handlers: {
    'EC2:CreateNatGateway': defineHandler<CreateNatGatewayCommandInput, CreateNatGatewayCommandOutput>((ctx, input) =>
      withClientToken(ctx, input.ClientToken, { ...input }, () => {
        const subnet = requireSubnet(ctx, input.SubnetId);
        const connectivityType = input.ConnectivityType ?? 'public';
        if (connectivityType !== 'public' && connectivityType !== 'private') {
          throw ctx.error('InvalidParameterValue', `Value (${String(connectivityType)}) for parameter connectivityType is invalid.`);
        }
        if (connectivityType === 'public' && !input.AllocationId) {
          throw ctx.error('MissingParameter', 'The request must contain the parameter AllocationId for a public NAT gateway');
        }
        if (connectivityType === 'private' && input.AllocationId) {
          throw ctx.error('InvalidParameterCombination', 'A private NAT gateway cannot have an Elastic IP address');
        }
        const address = input.AllocationId ? requireAddress(ctx, input.AllocationId) : undefined;
        const tags = tagsFromSpecifications(ctx, input.TagSpecifications, 'natgateway');
        const cidr = parseCidr(subnet.cidrBlock)!;
        const id = ctx.newId('nat');
        let failure: NatGatewayRecord['failure'];
        if (connectivityType === 'public' && !attachedInternetGateway(ctx, subnet.vpcId)) {
          failure = { code: 'Gateway.NotAttached', message: `Network ${subnet.vpcId} has no Internet gateway attached` };
        } else if (address && liveAssociation(ctx, address)) {
          failure = { code: 'Resource.AlreadyAssociated', message: `Elastic IP address ${address.id} is already associated` };
        }
        const record: NatGatewayRecord = {
          id,
          createdAt: ctx.now,
          tags,
          subnetId: subnet.id,
          vpcId: subnet.vpcId,
          connectivityType,
          networkInterfaceId: ctx.newId('eni'),
          // Skip the 4 addresses AWS reserves at the start of the subnet, and the last one.
          privateIp: ipAt(cidr.base + 4 + (parseInt(ctx.randomHex(6), 16) % Math.max(1, cidr.size - 5))),
          ...(address ? { allocationId: address.id, publicIp: address.publicIp } : {}),
          ...(failure ? { failure } : {}),
        };
        if (address && !failure) {
          record.associationId = ctx.newId('eipassoc');
          address.association = {
            associationId: record.associationId,
            networkInterfaceId: record.networkInterfaceId,
            privateIpAddress: record.privateIp,
            holderId: id,
          };
        }
        natGateways(ctx)[id] = record;
        return { ClientToken: input.ClientToken, NatGateway: { ...toNatGateway(ctx, record), State: 'pending' } };
      }),
    ),

    'EC2:DescribeNatGateways': defineHandler<DescribeNatGatewaysCommandInput, DescribeNatGatewaysCommandOutput>((ctx, input) => {
      expire(ctx);
      const all = natGateways(ctx);
      const ids = input.NatGatewayIds ?? [];
      for (const id of ids) {
        const record = all[id];
        if (!record || !ctx.isVisible(record)) throw notFound(ctx, id);
      }
      const candidates = ids.length > 0 ? [...new Set(ids)].map((id) => all[id]!) : Object.values(all).filter((r) => ctx.isVisible(r));
      const filtered = applyFilters(ctx, candidates, input.Filter, natGatewayFilters(ctx));
      const { page, nextToken } = paginate(ctx, filtered, input, { minResults: 5, maxResults: 1000, idsGiven: ids.length > 0 });
      return { NatGateways: page.map((r) => toNatGateway(ctx, r)), NextToken: nextToken };
    }),

    'EC2:DeleteNatGateway': defineHandler<DeleteNatGatewayCommandInput, DeleteNatGatewayCommandOutput>((ctx, input) => {
      expire(ctx);
      const id = input.NatGatewayId;
      if (!id) throw ctx.error('MissingParameter', 'The request must contain the parameter NatGatewayId');
      const record = natGateways(ctx)[id];
      if (!record || !ctx.isVisible(record) || natGatewayState(ctx, record) === 'deleted') throw notFound(ctx, id);
      // A second delete while `deleting` is accepted and changes nothing.
      record.deleteRequestedAt ??= ctx.now;
      return { NatGatewayId: id };
    }),
  },
};
