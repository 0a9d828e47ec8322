import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteVpcCommand,
  DescribeInternetGatewaysCommand,
  DetachInternetGatewayCommand,
  EC2Client,
  EC2ServiceException,
  paginateDescribeInternetGateways,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../index.js';
import { ACCOUNT_A, REGION, rejection } from '../test-helpers.js';

const scope = { account: ACCOUNT_A, region: REGION };

async function setup(options: ConstructorParameters<typeof Simulation>[0] = {}) {
  const sim = new Simulation({ seed: 3, ...options });
  const ec2 = sim.client(EC2Client, scope);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const createGateway = async (name = 'igw') =>
    (
      await ec2.send(
        new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: [{ Key: 'Name', Value: name }] }] }),
      )
    ).InternetGateway!.InternetGatewayId!;
  return { sim, ec2, vpc, createGateway };
}

async function expectEc2Error(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(EC2ServiceException);
  expect(error.name).toBe(code);
}

describe('internet gateways', () => {
  it('creates a detached, tagged gateway and shows the attachment as available once attached', async () => {
    const { ec2, vpc, createGateway } = await setup();
    const igw = await createGateway('main');
    expect(igw).toMatch(/^igw-[0-9a-f]{17}$/);
    const before = await ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [igw] }));
    expect(before.InternetGateways![0]).toMatchObject({ Attachments: [], Tags: [{ Key: 'Name', Value: 'main' }], OwnerId: ACCOUNT_A });
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    const after = await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpc] }] }));
    expect(after.InternetGateways!.map((g) => [g.InternetGatewayId, g.Attachments])).toEqual([[igw, [{ VpcId: vpc, State: 'available' }]]]);
  });

  it('attaches one gateway per VPC and one VPC per gateway (Resource.AlreadyAssociated)', async () => {
    const { ec2, vpc, createGateway } = await setup();
    const first = await createGateway();
    const second = await createGateway();
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: first, VpcId: vpc }));
    await expectEc2Error(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: second, VpcId: vpc })), 'Resource.AlreadyAssociated');
    const other = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
    await expectEc2Error(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: first, VpcId: other })), 'Resource.AlreadyAssociated');
  });

  it('answers Gateway.NotAttached when detaching from a VPC the gateway is not attached to', async () => {
    const { ec2, vpc, createGateway } = await setup();
    const igw = await createGateway();
    await expectEc2Error(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc })), 'Gateway.NotAttached');
  });

  it('refuses to delete an attached gateway, and an attached gateway blocks DeleteVpc', async () => {
    const { ec2, vpc, createGateway } = await setup();
    const igw = await createGateway();
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    await expectEc2Error(ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw })), 'DependencyViolation');
    await expectEc2Error(ec2.send(new DeleteVpcCommand({ VpcId: vpc })), 'DependencyViolation');
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw }));
    await ec2.send(new DeleteVpcCommand({ VpcId: vpc }));
    await expectEc2Error(ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [igw] })), 'InvalidInternetGatewayID.NotFound');
  });

  it('gives the default VPC an attached gateway', async () => {
    const { ec2 } = await setup();
    const all = await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.state', Values: ['available'] }] }));
    expect(all.InternetGateways).toHaveLength(1);
  });

  it('paginates, filtering by tag on the server', async () => {
    const { ec2, createGateway } = await setup({ pageSize: 2 });
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await createGateway('paged'));
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeInternetGateways({ client: ec2 }, { Filters: [{ Name: 'tag:Name', Values: ['paged'] }] })) {
      pages++;
      seen.push(...page.InternetGateways!.map((g) => g.InternetGatewayId!));
    }
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(created.sort());
  });

  it('hides a new gateway from Describe and from Attach during the consistency window', async () => {
    const { ec2, createGateway } = await setup({ consistencyDelayMs: 60_000 });
    const igw = await createGateway('new');
    const listed = await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'tag:Name', Values: ['new'] }] }));
    expect(listed.InternetGateways).toEqual([]);
    const defaultVpc = (await ec2.send(new DescribeInternetGatewaysCommand({}))).InternetGateways![0]!.Attachments![0]!.VpcId!;
    await expectEc2Error(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: defaultVpc })), 'InvalidInternetGatewayID.NotFound');
  });
});
