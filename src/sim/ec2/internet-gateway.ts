/**
 * Internet gateways: CreateInternetGateway, AttachInternetGateway, DetachInternetGateway,
 * DeleteInternetGateway, DescribeInternetGateways, and the gateway attached to the default VPC.
 *
 * References:
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateInternetGateway.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AttachInternetGateway.html
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DetachInternetGateway.html ("The VPC
 *   must not contain any running instances with Elastic IP addresses or public IPv4 addresses"; AWS
 *   answers `DependencyViolation` "Network vpc-… has some mapped public address(es)")
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteInternetGateway.html ("You must
 *   detach the internet gateway from the VPC before you can delete it")
 * - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInternetGateways.html
 * - One gateway per VPC, one VPC per gateway: https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
 *
 * DescribeInternetGateways shows an attachment's state as `available` (not `attached`), as AWS does.
 */
import type {
  AttachInternetGatewayCommandInput,
  AttachmentStatus,
  AttachInternetGatewayCommandOutput,
  CreateInternetGatewayCommandInput,
  CreateInternetGatewayCommandOutput,
  DeleteInternetGatewayCommandInput,
  DeleteInternetGatewayCommandOutput,
  DescribeInternetGatewaysCommandInput,
  DescribeInternetGatewaysCommandOutput,
  DetachInternetGatewayCommandInput,
  DetachInternetGatewayCommandOutput,
  InternetGateway,
} from '@aws-sdk/client-ec2';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import type { ResourceRecord } from '../state.js';
import { applyFilters, paginate, requireVisible, type FilterAttributes } from './filters.js';
import { tagList, tagsFromSpecifications } from './tags.js';
import { requireVpc, VPC_KIND, vpcs } from './vpc.js';

export const INTERNET_GATEWAY_KIND = 'ec2:internet-gateway';
/**
 * Dependency kind for "detach the internet gateway of VPC `parentId`": modules whose resources map
 * public addresses in a VPC (NAT gateways) block it, as AWS does.
 */
export const PUBLIC_ADDRESSES_KIND = 'ec2:vpc-public-addresses';

export interface InternetGatewayRecord extends ResourceRecord {
  /** The attached VPC, if any. */
  vpcId?: string;
}

export function internetGateways(ctx: HandlerContext): Record<string, InternetGatewayRecord> {
  return ctx.collection<InternetGatewayRecord>('ec2', 'internetGateways');
}

export function internetGatewayNotFound(ctx: HandlerContext, ids: readonly string[]): Error {
  return ctx.error(
    'InvalidInternetGatewayID.NotFound',
    ids.length === 1 ? `The internetGateway ID '${ids[0]}' does not exist` : `The internetGateway IDs '${ids.join(', ')}' do not exist`,
  );
}

export function requireInternetGateway(ctx: HandlerContext, id: string | undefined): InternetGatewayRecord {
  if (!id) throw ctx.error('MissingParameter', 'The request must contain the parameter internetGatewayId');
  const [gateway] = requireVisible(ctx, internetGateways(ctx), [id], (missing) => internetGatewayNotFound(ctx, missing));
  return gateway!;
}

/**
 * VPC → attached gateway ID, per gateway collection (by identity): built by one pass on first use, kept
 * by AttachInternetGateway and DetachInternetGateway (a gateway must be detached before it is deleted).
 */
const attachmentIndexes = new WeakMap<object, Map<string, string>>();

function attachments(ctx: HandlerContext): Map<string, string> {
  const all = internetGateways(ctx);
  let index = attachmentIndexes.get(all);
  if (!index) {
    index = new Map();
    for (const gateway of Object.values(all)) if (gateway.vpcId !== undefined) index.set(gateway.vpcId, gateway.id);
    attachmentIndexes.set(all, index);
  }
  return index;
}

/** The gateway attached to `vpcId`, if any. */
export function attachedInternetGateway(ctx: HandlerContext, vpcId: string): InternetGatewayRecord | undefined {
  const id = attachments(ctx).get(vpcId);
  return id === undefined ? undefined : internetGateways(ctx)[id];
}

function toInternetGateway(ctx: HandlerContext, record: InternetGatewayRecord): InternetGateway {
  return {
    InternetGatewayId: record.id,
    OwnerId: ctx.account,
    // AWS reports an attached internet gateway's attachment as `available`, a value outside the SDK's
    // AttachmentStatus enum (attaching | attached | detaching | detached).
    Attachments: record.vpcId ? [{ VpcId: record.vpcId, State: 'available' as AttachmentStatus }] : [],
    Tags: tagList(record.tags),
  };
}

const internetGatewayFilters = (ctx: HandlerContext): FilterAttributes<InternetGatewayRecord> => ({
  'internet-gateway-id': (r) => r.id,
  'attachment.vpc-id': (r) => r.vpcId,
  'attachment.state': (r) => (r.vpcId ? 'available' : undefined),
  'owner-id': () => ctx.account,
});

export const internetGatewayModule: SimModule = {
  name: 'ec2/internet-gateway',
  taggable: [{ prefix: 'igw-', service: 'ec2', collection: 'internetGateways', notFoundCode: 'InvalidInternetGatewayID.NotFound' }],
  initRegion(ctx) {
    // The default VPC comes with an attached internet gateway (default-vpc.html).
    const defaultVpc = Object.values(vpcs(ctx)).find((vpc) => vpc.isDefault);
    if (!defaultVpc) return;
    const record: InternetGatewayRecord = { id: ctx.newId('igw'), createdAt: 0, tags: {}, vpcId: defaultVpc.id };
    internetGateways(ctx)[record.id] = record;
  },
  dependents: {
    // DeleteVpc: "You must detach or delete all gateways … before you can delete the VPC" (API_DeleteVpc).
    [VPC_KIND]: (ctx, vpcId) => {
      const gateway = attachedInternetGateway(ctx, vpcId);
      return gateway ? [gateway.id] : [];
    },
  },
  handlers: {
    'EC2:CreateInternetGateway': defineHandler<CreateInternetGatewayCommandInput, CreateInternetGatewayCommandOutput>((ctx, input) => {
      const tags = tagsFromSpecifications(ctx, input.TagSpecifications, 'internet-gateway');
      const record: InternetGatewayRecord = { id: ctx.newId('igw'), createdAt: ctx.now, tags };
      internetGateways(ctx)[record.id] = record;
      return { InternetGateway: toInternetGateway(ctx, record) };
    }),

    'EC2:AttachInternetGateway': defineHandler<AttachInternetGatewayCommandInput, AttachInternetGatewayCommandOutput>((ctx, input) => {
      const gateway = requireInternetGateway(ctx, input.InternetGatewayId);
      const vpc = requireVpc(ctx, input.VpcId);
      if (gateway.vpcId) {
        throw ctx.error('Resource.AlreadyAssociated', `resource ${gateway.id} is already attached to network ${gateway.vpcId}`);
      }
      const other = attachedInternetGateway(ctx, vpc.id);
      if (other) {
        throw ctx.error('Resource.AlreadyAssociated', `Network ${vpc.id} already has an internet gateway attached (${other.id})`);
      }
      gateway.vpcId = vpc.id;
      attachments(ctx).set(vpc.id, gateway.id);
      return {};
    }),

    'EC2:DetachInternetGateway': defineHandler<DetachInternetGatewayCommandInput, DetachInternetGatewayCommandOutput>((ctx, input) => {
      const gateway = requireInternetGateway(ctx, input.InternetGatewayId);
      const vpc = requireVpc(ctx, input.VpcId);
      if (gateway.vpcId !== vpc.id) {
        throw ctx.error('Gateway.NotAttached', `resource ${gateway.id} is not attached to network ${vpc.id}`);
      }
      if (ctx.dependentsOf(PUBLIC_ADDRESSES_KIND, vpc.id).length > 0) {
        throw ctx.error(
          'DependencyViolation',
          `Network ${vpc.id} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`,
        );
      }
      delete gateway.vpcId;
      attachments(ctx).delete(vpc.id);
      return {};
    }),

    'EC2:DeleteInternetGateway': defineHandler<DeleteInternetGatewayCommandInput, DeleteInternetGatewayCommandOutput>((ctx, input) => {
      const gateway = requireInternetGateway(ctx, input.InternetGatewayId);
      if (gateway.vpcId) {
        throw ctx.error('DependencyViolation', `The internetGateway '${gateway.id}' has dependencies and cannot be deleted.`);
      }
      // Routes that point at it stay, as `blackhole` (see route-table.ts).
      delete internetGateways(ctx)[gateway.id];
      return {};
    }),

    'EC2:DescribeInternetGateways': defineHandler<DescribeInternetGatewaysCommandInput, DescribeInternetGatewaysCommandOutput>((ctx, input) => {
      const all = internetGateways(ctx);
      const ids = input.InternetGatewayIds ?? [];
      const candidates =
        ids.length > 0
          ? requireVisible(ctx, all, ids, (missing) => internetGatewayNotFound(ctx, missing))
          : Object.values(all).filter((r) => ctx.isVisible(r));
      const filtered = applyFilters(ctx, candidates, input.Filters, internetGatewayFilters(ctx));
      const { page, nextToken } = paginate(ctx, filtered, input, { minResults: 5, maxResults: 1000, idsGiven: ids.length > 0 });
      return { InternetGateways: page.map((r) => toInternetGateway(ctx, r)), NextToken: nextToken };
    }),
  },
};
