import {
  AddTagsCommand,
  CloudTrailClient,
  CloudTrailServiceException,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  ListTrailsCommand,
  LookupEventsCommand,
  RemoveTagsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../core/clock.js';
import { Simulation } from '../index.js';
import type { SimOptions } from '../options.js';
import { ACCOUNT_A, REGION, rejection } from '../test-helpers.js';

const OTHER_REGION = 'us-east-1';

afterEach(() => {
  vi.useRealTimers();
});

function setup(options: SimOptions = {}) {
  const sim = new Simulation({ seed: 7, lookupEventsPerSecond: 0, ...options }, undefined, undefined, new VirtualClock(Date.parse('2026-01-01T00:00:00Z')));
  const ct = (region = REGION) => sim.client(CloudTrailClient, { account: ACCOUNT_A, region }, { maxAttempts: 1 });
  return { sim, ct, advance: (ms: number) => sim.advance(ms) };
}

async function expectCtError(promise: Promise<unknown>, name: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(CloudTrailServiceException);
  expect(error.name).toBe(name);
}

const trail = (name: string, extra: object = {}) => new CreateTrailCommand({ Name: name, S3BucketName: 'audit-bucket', ...extra });

describe('trails', () => {
  it('creates a trail that does not log until StartLogging, with its ARN, validation and tags', async () => {
    const { ct } = setup();
    const created = await ct().send(trail('audit', { IsMultiRegionTrail: true, EnableLogFileValidation: true, TagsList: [{ Key: 'trellis:owner', Value: 'x' }] }));
    expect(created).toMatchObject({
      Name: 'audit',
      TrailARN: `arn:aws:cloudtrail:${REGION}:${ACCOUNT_A}:trail/audit`,
      IsMultiRegionTrail: true,
      LogFileValidationEnabled: true,
      IncludeGlobalServiceEvents: true,
    });
    expect((await ct().send(new GetTrailStatusCommand({ Name: 'audit' }))).IsLogging).toBe(false);
    await ct().send(new StartLoggingCommand({ Name: created.TrailARN }));
    const status = await ct().send(new GetTrailStatusCommand({ Name: 'audit' }));
    expect(status.IsLogging).toBe(true);
    expect(status.StartLoggingTime).toEqual(new Date('2026-01-01T00:00:00Z'));
    await ct().send(new StopLoggingCommand({ Name: 'audit' }));
    expect((await ct().send(new GetTrailStatusCommand({ Name: 'audit' }))).IsLogging).toBe(false);
    expect((await ct().send(new ListTagsCommand({ ResourceIdList: [created.TrailARN!] }))).ResourceTagList).toEqual([
      { ResourceId: created.TrailARN, TagsList: [{ Key: 'trellis:owner', Value: 'x' }] },
    ]);
  });

  it('answers TrailAlreadyExists, the bucket errors, invalid names and the 5-trail limit', async () => {
    const { ct } = setup({ missingS3Buckets: ['gone-bucket'], s3BucketsWithoutTrailPolicy: ['locked-bucket'] });
    await ct().send(trail('audit'));
    await expectCtError(ct().send(trail('audit')), 'TrailAlreadyExistsException');
    await expectCtError(ct().send(new CreateTrailCommand({ Name: 'bkt1', S3BucketName: 'gone-bucket' })), 'S3BucketDoesNotExistException');
    await expectCtError(ct().send(new CreateTrailCommand({ Name: 'bkt2', S3BucketName: 'locked-bucket' })), 'InsufficientS3BucketPolicyException');
    await expectCtError(ct().send(new CreateTrailCommand({ Name: 'bkt3', S3BucketName: '' })), 'InvalidS3BucketNameException');
    await expectCtError(ct().send(trail('-bad')), 'InvalidTrailNameException');
    for (const name of ['tr2', 'tr3', 'tr4', 'tr5']) await ct().send(trail(name));
    await expectCtError(ct().send(trail('tr6')), 'MaximumNumberOfTrailsExceededException');
  });

  it('shows a multi-region trail as a shadow in other regions, changeable only in its home region', async () => {
    const { ct } = setup();
    await ct().send(trail('audit', { IsMultiRegionTrail: true }));
    await ct().send(trail('local'));
    const elsewhere = ct(OTHER_REGION);
    const { trailList } = await elsewhere.send(new DescribeTrailsCommand({}));
    expect(trailList).toEqual([expect.objectContaining({ Name: 'audit', HomeRegion: REGION, IsMultiRegionTrail: true })]);
    expect((await elsewhere.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList).toEqual([]);
    expect((await elsewhere.send(new GetTrailCommand({ Name: 'audit' }))).Trail!.HomeRegion).toBe(REGION);
    expect((await elsewhere.send(new ListTrailsCommand({}))).Trails).toEqual([{ Name: 'audit', HomeRegion: REGION, TrailARN: `arn:aws:cloudtrail:${REGION}:${ACCOUNT_A}:trail/audit` }]);
    await expectCtError(elsewhere.send(new GetTrailCommand({ Name: 'local' })), 'TrailNotFoundException');
    await expectCtError(elsewhere.send(new StartLoggingCommand({ Name: 'audit' })), 'InvalidHomeRegionException');
    await expectCtError(elsewhere.send(new UpdateTrailCommand({ Name: 'audit', EnableLogFileValidation: true })), 'InvalidHomeRegionException');
    await expectCtError(elsewhere.send(new DeleteTrailCommand({ Name: 'audit' })), 'InvalidHomeRegionException');
    expect((await ct().send(new UpdateTrailCommand({ Name: 'audit', EnableLogFileValidation: true }))).LogFileValidationEnabled).toBe(true);
    await ct().send(new DeleteTrailCommand({ Name: 'audit' }));
    await expectCtError(ct().send(new GetTrailCommand({ Name: 'audit' })), 'TrailNotFoundException');
    expect((await elsewhere.send(new DescribeTrailsCommand({}))).trailList).toEqual([]);
  });

  it('adds and removes tags by ARN and refuses more than 20 ARNs in ListTags', async () => {
    const { ct } = setup();
    const arn = (await ct().send(trail('audit'))).TrailARN!;
    await ct().send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await ct().send(new RemoveTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'a' }] }));
    expect((await ct().send(new ListTagsCommand({ ResourceIdList: [arn] }))).ResourceTagList![0]!.TagsList).toEqual([{ Key: 'b', Value: '2' }]);
    await expectCtError(ct().send(new ListTagsCommand({ ResourceIdList: Array.from({ length: 21 }, () => arn) })), 'InvalidParameterException');
    await expectCtError(ct().send(new AddTagsCommand({ ResourceId: 'nope', TagsList: [] })), 'CloudTrailARNInvalidException');
  });
});

describe('LookupEvents', () => {
  it('records mutating calls of every service, with the session name as Username for assumed roles', async () => {
    const { sim, ct, advance } = setup();
    const sts = sim.client(STSClient, { account: ACCOUNT_A, region: REGION });
    const role = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT_A}:role/deployer`, RoleSessionName: 'trellis-apply' }));
    const credentials = {
      accessKeyId: role.Credentials!.AccessKeyId!,
      secretAccessKey: role.Credentials!.SecretAccessKey!,
      sessionToken: role.Credentials!.SessionToken!,
    };
    advance(1000);
    const ec2 = sim.plug(new EC2Client({ region: REGION, credentials }));
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
    const { Events } = await ct().send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateVpc' }] }));
    expect(Events).toHaveLength(1);
    const event = Events![0]!;
    expect(event).toMatchObject({ EventName: 'CreateVpc', EventSource: 'ec2.amazonaws.com', Username: 'trellis-apply', ReadOnly: 'false' });
    expect(event.EventTime).toEqual(new Date('2026-01-01T00:00:01Z'));
    expect(event.Resources).toContainEqual({ ResourceType: 'AWS::EC2::VPC', ResourceName: vpcId });
    const detail = JSON.parse(event.CloudTrailEvent!) as { userIdentity: { arn: string; sessionContext: { sessionIssuer: { arn: string } } } };
    expect(detail.userIdentity.arn).toBe(`arn:aws:sts::${ACCOUNT_A}:assumed-role/deployer/trellis-apply`);
    expect(detail.userIdentity.sessionContext.sessionIssuer.arn).toBe(`arn:aws:iam::${ACCOUNT_A}:role/deployer`);
    const byResource = await ct().send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: vpcId }] }));
    expect(byResource.Events!.map((e) => e.EventName)).toEqual(['CreateVpc']);
    // Reads are not recorded; the AssumeRole call is.
    expect((await ct().send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'sts.amazonaws.com' }] }))).Events!.map((e) => e.EventName)).toEqual(['AssumeRole']);
  });

  it('takes one lookup attribute, at most 50 results, and pages newest first with a token bound to its parameters', async () => {
    const { ct, advance } = setup();
    for (const name of ['tr1', 'tr2', 'tr3', 'tr4', 'tr5']) {
      await ct().send(trail(name));
      advance(10);
    }
    const two = [
      { AttributeKey: 'EventName' as const, AttributeValue: 'CreateTrail' },
      { AttributeKey: 'EventSource' as const, AttributeValue: 'cloudtrail.amazonaws.com' },
    ];
    await expectCtError(ct().send(new LookupEventsCommand({ LookupAttributes: two })), 'InvalidLookupAttributesException');
    await expectCtError(ct().send(new LookupEventsCommand({ MaxResults: 51 })), 'InvalidMaxResultsException');
    const attribute = { LookupAttributes: [two[0]!] };
    const first = await ct().send(new LookupEventsCommand({ ...attribute, MaxResults: 2 }));
    const names = (page: typeof first) => page.Events!.map((e) => (JSON.parse(e.CloudTrailEvent!) as { requestParameters: { Name: string } }).requestParameters.Name);
    expect(names(first)).toEqual(['tr5', 'tr4']);
    const second = await ct().send(new LookupEventsCommand({ ...attribute, MaxResults: 2, NextToken: first.NextToken }));
    const third = await ct().send(new LookupEventsCommand({ ...attribute, MaxResults: 2, NextToken: second.NextToken }));
    expect([...names(second), ...names(third)]).toEqual(['tr3', 'tr2', 'tr1']);
    expect(third.NextToken).toBeUndefined();
    await expectCtError(ct().send(new LookupEventsCommand({ MaxResults: 2, NextToken: first.NextToken })), 'InvalidNextTokenException');
  });

  it('throttles more than 2 requests per second per account and region, measured on the clock', async () => {
    const { ct, advance } = setup({ lookupEventsPerSecond: 2 });
    await ct().send(new LookupEventsCommand({}));
    await ct().send(new LookupEventsCommand({}));
    await expectCtError(ct().send(new LookupEventsCommand({})), 'ThrottlingException');
    await ct(OTHER_REGION).send(new LookupEventsCommand({}));
    advance(1000);
    await ct().send(new LookupEventsCommand({}));
  });
});
