/**
 * Elastic IP addresses (VPC domain): AllocateAddress, DescribeAddresses, ReleaseAddress.
 *
 * References:
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AllocateAddress.html (TagSpecifications
 *   with ResourceType `elastic-ip`; no client token)
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAddresses.html — NOT paginated:
 *   no MaxResults/NextToken, every matching address in one response
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReleaseAddress.html ("[Nondefault VPC] You
 *   must use DisassociateAddress to disassociate the Elastic IP address before you can release it.
 *   Otherwise, Amazon EC2 returns an error (InvalidIPAddress.InUse)"). An address held by a NAT gateway
 *   cannot be disassociated by the caller; it is freed when the NAT gateway reaches `deleted`. (Real AWS
 *   has been seen answering `AuthFailure` instead for a NAT gateway's address; the simulation answers the
 *   documented `InvalidIPAddress.InUse`.)
 *
 * Public IPs come from the documentation ranges of RFC 5737 (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24).
 *
 * Who holds an address is not stored here: modules that use addresses (NAT gateways) declare
 * `dependents: { 'ec2:eip': (ctx, allocationId) => [holder IDs] }` and `holders` below describes the
 * association, so this module never imports theirs.
 */
import type {
  Address,
  AllocateAddressCommandInput,
  AllocateAddressCommandOutput,
  DescribeAddressesCommandInput,
  DescribeAddressesCommandOutput,
  ReleaseAddressCommandInput,
  ReleaseAddressCommandOutput,
} from '@aws-sdk/client-ec2';
import { NotImplementedInSimulation } from '../errors.js';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import type { ResourceRecord } from '../state.js';
import { applyFilters, requireVisible, type FilterAttributes } from './filters.js';
import { tagList, tagsFromSpecifications } from './tags.js';

export const ADDRESS_KIND = 'ec2:eip';
const DOCUMENTATION_PREFIXES = ['192.0.2', '198.51.100', '203.0.113'] as const;

/** Set by the module that holds the address (a NAT gateway), cleared by it. */
export interface AddressAssociation {
  readonly associationId: string;
  readonly networkInterfaceId: string;
  readonly privateIpAddress: string;
  /** The holder's ID (`nat-…`): the association is live while `dependentsOf('ec2:eip', id)` lists it. */
  readonly holderId: string;
}

export interface AddressRecord extends ResourceRecord {
  /** The allocation ID, `eipalloc-…`. */
  readonly id: string;
  readonly publicIp: string;
  association?: AddressAssociation;
}

export function addresses(ctx: HandlerContext): Record<string, AddressRecord> {
  return ctx.collection<AddressRecord>('ec2', 'addresses');
}

export function allocationNotFound(ctx: HandlerContext, ids: readonly string[]): Error {
  return ctx.error('InvalidAllocationID.NotFound', `The allocation IDs '${ids.join(', ')}' do not exist`);
}

export function requireAddress(ctx: HandlerContext, id: string | undefined): AddressRecord {
  if (!id) throw ctx.error('MissingParameter', 'The request must contain the parameter allocationId');
  const [address] = requireVisible(ctx, addresses(ctx), [id], (missing) => allocationNotFound(ctx, missing));
  return address!;
}

/** The live association of `record`: one whose holder still holds the address. */
export function liveAssociation(ctx: HandlerContext, record: AddressRecord): AddressAssociation | undefined {
  const association = record.association;
  if (!association) return undefined;
  if (ctx.dependentsOf(ADDRESS_KIND, record.id).includes(association.holderId)) return association;
  delete record.association; // the holder let go (NAT gateway deleted)
  return undefined;
}

/**
 * A public IP no allocation of the account and region holds: a random one of the documentation ranges
 * (RFC 5737, 762 addresses) while a few tries find one free, then the first free one of the benchmarking
 * range 198.18.0.0/15 (RFC 2544, 131,070 addresses), so a scope of 1,000 NAT gateways has its addresses.
 * Neither range is ever a real address.
 */
function newPublicIp(ctx: HandlerContext): string {
  const used = new Set(Object.values(addresses(ctx)).map((a) => a.publicIp));
  for (let attempt = 0; attempt < 32; attempt++) {
    const pick = parseInt(ctx.randomHex(4), 16);
    const ip = `${DOCUMENTATION_PREFIXES[pick % 3]}.${1 + (Math.floor(pick / 3) % 254)}`;
    if (!used.has(ip)) return ip;
  }
  for (let n = 1; n < BENCHMARK_RANGE_SIZE - 1; n++) {
    const ip = `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
    if (!used.has(ip)) return ip;
  }
  throw ctx.error('AddressLimitExceeded', 'The maximum number of addresses has been reached.');
}

/** 198.18.0.0/15. */
const BENCHMARK_RANGE_SIZE = 2 ** 17;

function toAddress(ctx: HandlerContext, record: AddressRecord): Address {
  const association = liveAssociation(ctx, record);
  return {
    AllocationId: record.id,
    PublicIp: record.publicIp,
    Domain: 'vpc',
    PublicIpv4Pool: 'amazon',
    NetworkBorderGroup: ctx.region,
    ...(association
      ? {
          AssociationId: association.associationId,
          NetworkInterfaceId: association.networkInterfaceId,
          NetworkInterfaceOwnerId: ctx.account,
          PrivateIpAddress: association.privateIpAddress,
        }
      : {}),
    Tags: tagList(record.tags),
  };
}

const addressFilters = (ctx: HandlerContext): FilterAttributes<AddressRecord> => ({
  'allocation-id': (r) => r.id,
  'public-ip': (r) => r.publicIp,
  domain: () => 'vpc',
  'association-id': (r) => liveAssociation(ctx, r)?.associationId,
  'network-interface-id': (r) => liveAssociation(ctx, r)?.networkInterfaceId,
  'private-ip-address': (r) => liveAssociation(ctx, r)?.privateIpAddress,
  'network-interface-owner-id': (r) => (liveAssociation(ctx, r) ? ctx.account : undefined),
  'network-border-group': () => ctx.region,
});

export const addressModule: SimModule = {
  name: 'ec2/address',
  taggable: [{ prefix: 'eipalloc-', service: 'ec2', collection: 'addresses', notFoundCode: 'InvalidAllocationID.NotFound' }],
  handlers: {
    'EC2:AllocateAddress': defineHandler<AllocateAddressCommandInput, AllocateAddressCommandOutput>((ctx, input) => {
      if (input.Domain !== undefined && input.Domain !== 'vpc') {
        throw ctx.error('InvalidParameterValue', `Value (${input.Domain}) for parameter domain is invalid.`);
      }
      if (input.Address !== undefined || input.PublicIpv4Pool !== undefined || input.CustomerOwnedIpv4Pool !== undefined) {
        throw new NotImplementedInSimulation(ctx.service, 'AllocateAddress(Address, PublicIpv4Pool, CustomerOwnedIpv4Pool)');
      }
      const tags = tagsFromSpecifications(ctx, input.TagSpecifications, 'elastic-ip');
      const record: AddressRecord = { id: ctx.newId('eipalloc'), publicIp: newPublicIp(ctx), createdAt: ctx.now, tags };
      addresses(ctx)[record.id] = record;
      return {
        AllocationId: record.id,
        PublicIp: record.publicIp,
        Domain: 'vpc',
        PublicIpv4Pool: 'amazon',
        NetworkBorderGroup: ctx.region,
      };
    }),

    'EC2:DescribeAddresses': defineHandler<DescribeAddressesCommandInput, DescribeAddressesCommandOutput>((ctx, input) => {
      const all = addresses(ctx);
      const ids = input.AllocationIds ?? [];
      let candidates =
        ids.length > 0
          ? requireVisible(ctx, all, ids, (missing) => allocationNotFound(ctx, missing))
          : Object.values(all).filter((r) => ctx.isVisible(r));
      if (input.PublicIps && input.PublicIps.length > 0) {
        const wanted = new Set(input.PublicIps);
        candidates = candidates.filter((r) => wanted.has(r.publicIp));
        const found = new Set(candidates.map((r) => r.publicIp));
        const missing = input.PublicIps.filter((ip) => !found.has(ip));
        if (missing.length > 0) throw ctx.error('InvalidAddress.NotFound', `Address '${missing[0]}' not found.`);
      }
      const filtered = applyFilters(ctx, candidates, input.Filters, addressFilters(ctx));
      // No pagination: DescribeAddresses has no MaxResults/NextToken.
      return { Addresses: filtered.sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => toAddress(ctx, r)) };
    }),

    'EC2:ReleaseAddress': defineHandler<ReleaseAddressCommandInput, ReleaseAddressCommandOutput>((ctx, input) => {
      if (!input.AllocationId) {
        // "You must specify an allocation id when releasing a VPC elastic IP address"
        throw ctx.error('InvalidParameterValue', 'You must specify an allocation id when releasing a VPC elastic IP address');
      }
      const record = requireAddress(ctx, input.AllocationId);
      if (liveAssociation(ctx, record)) {
        throw ctx.error('InvalidIPAddress.InUse', `Address ${record.publicIp} is in use.`);
      }
      delete addresses(ctx)[record.id];
      return {};
    }),
  },
};
