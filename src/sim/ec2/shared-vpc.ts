/**
 * VPC sharing as a participant sees it: subnets another account shares with the caller through RAM
 * (an ACTIVE share, the subnet associated), and their VPCs, can be named where the caller creates its own
 * resources in them — security groups, interface endpoints, load balancers, target groups, ECS tasks.
 * Describe calls keep listing the caller's own resources only (participants' Describe* of shared
 * subnets is not simulated).
 *
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-sharing.html: "participants can create, manage,
 * and delete their application resources in the subnets shared with them" (including security groups
 * in the shared VPC, interface endpoints, load balancers and ECS tasks).
 */
import type { HandlerContext } from '../module.js';
import { sharedResourceArns } from '../ram/resource-share.js';
import { subnetNotFound, subnets, type SubnetRecord } from './subnet.js';
import { vpcNotFound, vpcs, type VpcRecord } from './vpc.js';

const SUBNET_ARN = /^arn:aws:ec2:([a-z0-9-]+):(\d{12}):subnet\/(subnet-[0-9a-f]+)$/;

/** The caller's own subnets and those shared with it in this region, by ID. */
export function usableSubnets(ctx: HandlerContext): Record<string, SubnetRecord> {
  const all: Record<string, SubnetRecord> = { ...subnets(ctx) };
  for (const arn of sharedResourceArns(ctx, ctx.account)) {
    const match = SUBNET_ARN.exec(arn);
    if (!match || match[1] !== ctx.region) continue;
    const record = ctx.collectionIn<SubnetRecord>(match[2]!, ctx.region, 'ec2', 'subnets')[match[3]!];
    if (record) all[record.id] = record;
  }
  return all;
}

/** The caller's own VPCs and the VPCs of subnets shared with it, by ID. */
export function usableVpcs(ctx: HandlerContext): Record<string, VpcRecord> {
  const all: Record<string, VpcRecord> = { ...vpcs(ctx) };
  for (const arn of sharedResourceArns(ctx, ctx.account)) {
    const match = SUBNET_ARN.exec(arn);
    if (!match || match[1] !== ctx.region) continue;
    const subnet = ctx.collectionIn<SubnetRecord>(match[2]!, ctx.region, 'ec2', 'subnets')[match[3]!];
    const vpc = subnet && ctx.collectionIn<VpcRecord>(match[2]!, ctx.region, 'ec2', 'vpcs')[subnet.vpcId];
    if (vpc) all[vpc.id] = vpc;
  }
  return all;
}

/** One usable subnet by ID: the caller's own, else one shared with it (no copy of every subnet per call). */
function usableSubnet(ctx: HandlerContext, id: string): SubnetRecord | undefined {
  const own = subnets(ctx)[id];
  if (own) return own;
  for (const arn of sharedResourceArns(ctx, ctx.account)) {
    const match = SUBNET_ARN.exec(arn);
    if (!match || match[1] !== ctx.region || match[3] !== id) continue;
    const record = ctx.collectionIn<SubnetRecord>(match[2]!, ctx.region, 'ec2', 'subnets')[id];
    if (record) return record;
  }
  return undefined;
}

/** One usable VPC by ID: the caller's own, else the VPC of a subnet shared with it. */
function usableVpc(ctx: HandlerContext, id: string): VpcRecord | undefined {
  const own = vpcs(ctx)[id];
  if (own) return own;
  for (const arn of sharedResourceArns(ctx, ctx.account)) {
    const match = SUBNET_ARN.exec(arn);
    if (!match || match[1] !== ctx.region) continue;
    const subnet = ctx.collectionIn<SubnetRecord>(match[2]!, ctx.region, 'ec2', 'subnets')[match[3]!];
    if (subnet?.vpcId !== id) continue;
    const vpc = ctx.collectionIn<VpcRecord>(match[2]!, ctx.region, 'ec2', 'vpcs')[id];
    if (vpc) return vpc;
  }
  return undefined;
}

export function requireUsableSubnet(ctx: HandlerContext, id: string | undefined): SubnetRecord {
  if (!id) throw ctx.error('MissingParameter', 'The request must contain the parameter subnetId');
  const subnet = usableSubnet(ctx, id);
  if (!subnet || !ctx.isVisible(subnet)) throw subnetNotFound(ctx, [id]);
  return subnet;
}

export function requireUsableVpc(ctx: HandlerContext, id: string | undefined): VpcRecord {
  if (!id) throw ctx.error('MissingParameter', 'The request must contain the parameter vpcId');
  const vpc = usableVpc(ctx, id);
  if (!vpc || !ctx.isVisible(vpc)) throw vpcNotFound(ctx, [id]);
  return vpc;
}
