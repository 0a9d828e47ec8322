/** Shared by the VPC Lattice module tests. */
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { VPCLatticeClient, VPCLatticeServiceException } from '@aws-sdk/client-vpc-lattice';
import { expect } from 'vitest';
import { VirtualClock } from '../../core/clock.js';
import { Simulation } from '../index.js';
import type { SimOptions } from '../options.js';
import { ACCOUNT_A, REGION, rejection } from '../test-helpers.js';

export const scope = { account: ACCOUNT_A, region: REGION };

/** A simulation on a fake Date clock (no sleeps: tests move time with `advance`). */
export async function latticeSetup(options: SimOptions = {}) {
  const sim = new Simulation({ seed: 11, ...options }, undefined, undefined, new VirtualClock(Date.parse('2026-01-01T00:00:00Z')));
  const ec2 = sim.client(EC2Client, scope);
  const lattice = sim.client(VPCLatticeClient, scope);
  const vpc = async (cidr = '10.0.0.0/16') => {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr.replace('.0.0/16', '.1.0/24') }))).Subnet!.SubnetId!;
    const groupId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `g-${cidr}`, Description: 'g' }))).GroupId!;
    return { vpcId, subnetId, groupId };
  };
  return { sim, ec2, lattice, vpc, advance: (ms: number) => sim.advance(ms) };
}

/** The call fails with this Lattice exception class (name, class and HTTP status). */
export async function expectLatticeError(promise: Promise<unknown>, name: string, status?: number): Promise<VPCLatticeServiceException> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(VPCLatticeServiceException);
  expect(error.name).toBe(name);
  if (status !== undefined) expect(error.$metadata?.httpStatusCode).toBe(status);
  return error as VPCLatticeServiceException;
}
