/** Test fixtures shared by the ELBv2 tests (and the endpoint service tests): a VPC, subnets, an NLB. */
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, CreateTargetGroupCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Simulation } from '../simulation.js';
import type { SimOptions } from '../options.js';

export async function elbFixture(options: SimOptions = {}, scope = { account: '111111111111', region: 'eu-west-1' }) {
  const sim = new Simulation({ seed: 7, ...options });
  const ec2 = sim.client(EC2Client, scope);
  const elb = sim.client(ElasticLoadBalancingV2Client, scope);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const subnetIn = async (cidr: string, zone: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: `${scope.region}${zone}` }))).Subnet!.SubnetId!;
  const subnets = [await subnetIn('10.0.1.0/24', 'a'), await subnetIn('10.0.2.0/24', 'b')];
  const createNlb = async (Name: string, extra: Record<string, unknown> = {}) =>
    (await elb.send(new CreateLoadBalancerCommand({ Name, Type: 'network', Scheme: 'internal', Subnets: subnets, ...extra }))).LoadBalancers![0]!;
  const createTargetGroup = async (Name: string, extra: Record<string, unknown> = {}) =>
    (await elb.send(new CreateTargetGroupCommand({ Name, Protocol: 'TCP', Port: 80, VpcId: vpc, TargetType: 'ip', ...extra }))).TargetGroups![0]!;
  return { sim, ec2, elb, vpc, subnets, subnetIn, createNlb, createTargetGroup };
}
