/** Shared by the ELBv2 reconcilers' sim tests: a VPC with two subnets and a security group, desired resources. */
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { DesiredResource, Scope } from '../../core/types.js';
import type { SimOptions } from '../../sim/index.js';
import { simContext } from '../test-context.js';

export const SCOPE: Scope = { account: '111111111111', region: 'eu-west-1' };

export function desired(type: string, address: string, spec: Record<string, unknown>, tags: Record<string, string> = {}, scope: Scope = SCOPE): DesiredResource {
  return {
    address,
    type,
    scope,
    spec,
    tags: { Name: address.split('/').pop()!, 'trellis:owner': 'trellis', 'trellis:address': address, ...tags },
    source: { file: 'svc.json', pointer: '/spec/expose' },
    deletionPolicy: 'Delete',
    ignoreDrift: [],
    mode: 'enforce',
  };
}

export async function network(options: SimOptions = {}, scope: Scope = SCOPE) {
  const { sim, ctx } = await simContext(options, scope);
  const ec2 = ctx.clients.get(EC2Client);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const subnetIn = async (cidr: string, zone: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: `${scope.region}${zone}` }))).Subnet!.SubnetId!;
  const subnets = [await subnetIn('10.0.1.0/24', 'a'), await subnetIn('10.0.2.0/24', 'b')];
  const groupId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'nlb', Description: 'nlb' }))).GroupId!;
  return { sim, ctx, ec2, vpcId, subnets, subnetIn, groupId };
}
