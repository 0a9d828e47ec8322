/**
 * CloudTrail trails and event history: CreateTrail, DescribeTrails, GetTrail, GetTrailStatus,
 * StartLogging, StopLogging, UpdateTrail, DeleteTrail, AddTags, RemoveTags, ListTags, LookupEvents;
 * and an `afterCall` hook that records a management event for every mutating call the simulation
 * answers, in any service.
 *
 * References (AWS CloudTrail API Reference, https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/):
 * - API_CreateTrail.html: `Name` (3–128 letters, digits, `.`, `_`, `-`; starts with a letter or digit;
 *   not an IP address) → InvalidTrailNameException; `S3BucketName` required; TrailAlreadyExistsException;
 *   S3BucketDoesNotExistException / InsufficientS3BucketPolicyException; 5 trails per Region →
 *   MaximumNumberOfTrailsExceededException (docs/aws-behaviour.md §7, a fixed limit; a multi-region trail counts
 *   in every Region, docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html). A new trail does not log
 *   until StartLogging (docs/aws-behaviour.md §7).
 * - API_DescribeTrails.html: `trailNameList` (names or ARNs), `includeShadowTrails` default true — "a
 *   shadow trail is the replication in a Region of a trail that was created in a different Region";
 *   only multi-region trails have shadows. Output carries `HomeRegion`.
 * - API_StartLogging.html / API_StopLogging.html / API_UpdateTrail.html / API_DeleteTrail.html: called in
 *   another Region than the trail's home → InvalidHomeRegionException.
 * - API_ListTags.html: `ResourceIdList` ≤20 trail ARNs (InvalidParameterException beyond);
 *   API_AddTags.html: ≤50 tags per trail → TagsLimitExceededException.
 * - API_LookupEvents.html: `LookupAttributes` "can contain only one item" (InvalidLookupAttributesException),
 *   keys EventId | EventName | ReadOnly | Username | ResourceType | ResourceName | EventSource | AccessKeyId;
 *   `MaxResults` 1–50 (InvalidMaxResultsException); `NextToken` only with the original parameters
 *   (InvalidNextTokenException); 90 days of history; "2 requests per second per account per Region" →
 *   ThrottlingException. Events newest first.
 * - Event fields: for assumed roles `Username` is the session name and `userIdentity.arn` is
 *   `arn:aws:sts::<acct>:assumed-role/<role>/<session>`, `sessionContext.sessionIssuer.arn` the role ARN
 *   (aws/aws-cli awscli/examples/cloudtrail/lookup-events.rst; docs/aws-behaviour.md §7).
 * Not modeled: delivery latency (unconfirmed; events are visible at once), read-only events, data events,
 * event selectors, organization trails, CloudWatch Logs/SNS/KMS settings (echoed, not checked).
 */
import { createHash } from 'node:crypto';
import type {
  AddTagsCommandInput,
  AddTagsCommandOutput,
  CreateTrailCommandInput,
  CreateTrailCommandOutput,
  DeleteTrailCommandInput,
  DeleteTrailCommandOutput,
  DescribeTrailsCommandInput,
  DescribeTrailsCommandOutput,
  Event,
  GetTrailCommandInput,
  GetTrailCommandOutput,
  GetTrailStatusCommandInput,
  GetTrailStatusCommandOutput,
  ListTrailsCommandInput,
  ListTrailsCommandOutput,
  ListTagsCommandInput,
  ListTagsCommandOutput,
  LookupEventsCommandInput,
  LookupEventsCommandOutput,
  RemoveTagsCommandInput,
  RemoveTagsCommandOutput,
  StartLoggingCommandInput,
  StartLoggingCommandOutput,
  StopLoggingCommandInput,
  StopLoggingCommandOutput,
  Tag,
  Trail,
  UpdateTrailCommandInput,
  UpdateTrailCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import { defineHandler, type HandlerContext, type Identity, type SimModule } from '../module.js';
import { DEFAULT_PAGE_SIZE } from '../options.js';
import { stableStringify, type ResourceRecord } from '../state.js';

export const TRAILS_PER_REGION = 5;
export const LOOKUP_MAX_RESULTS = 50;
const HISTORY_MS = 90 * 24 * 60 * 60_000;

export interface TrailRecord extends ResourceRecord {
  /** The trail name (also the key). */
  readonly id: string;
  arn: string;
  homeRegion: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  includeGlobalServiceEvents: boolean;
  isMultiRegionTrail: boolean;
  logFileValidationEnabled: boolean;
  isLogging: boolean;
  startLoggingAt?: number;
  stopLoggingAt?: number;
}

export interface EventRecord {
  id: string;
  name: string;
  time: number;
  source: string;
  username: string;
  accessKeyId?: string;
  resources: { type?: string; name: string }[];
  cloudTrailEvent: string;
}

function trails(ctx: HandlerContext, region = ctx.region): Record<string, TrailRecord> {
  return region === ctx.region
    ? ctx.collection<TrailRecord>('cloudtrail', 'trails')
    : ((ctx.state.accounts[ctx.account]?.[region]?.services['cloudtrail']?.['trails'] ?? {}) as Record<string, TrailRecord>);
}

/** Trails visible in this region: its own, plus multi-region trails of the account's other regions (shadows). */
function visibleTrails(ctx: HandlerContext, includeShadows: boolean): TrailRecord[] {
  const own = Object.values(trails(ctx)).filter((t) => ctx.isVisible(t));
  if (!includeShadows) return own;
  const shadows = Object.keys(ctx.state.accounts[ctx.account] ?? {})
    .filter((region) => region !== ctx.region)
    .flatMap((region) => Object.values(trails(ctx, region)).filter((t) => t.isMultiRegionTrail && ctx.isVisible(t)));
  return [...own, ...shadows];
}

function notFound(ctx: HandlerContext, name: string): Error {
  return ctx.error('TrailNotFoundException', `Unknown trail: ${name} for the user: ${ctx.account}`);
}

/** A trail by name or ARN, as seen from this region (own or shadow). */
function findTrail(ctx: HandlerContext, nameOrArn: string | undefined): TrailRecord {
  if (!nameOrArn) throw ctx.error('InvalidTrailNameException', 'Trail name or ARN is required.');
  const match = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/.exec(nameOrArn);
  const found = match
    ? visibleTrails(ctx, true).find((t) => t.arn === nameOrArn)
    : (visibleTrails(ctx, false).find((t) => t.id === nameOrArn) ?? visibleTrails(ctx, true).find((t) => t.id === nameOrArn));
  if (!found) throw notFound(ctx, nameOrArn);
  return found;
}

/** Calls that change a trail work in its home region only. */
function inHomeRegion(ctx: HandlerContext, nameOrArn: string | undefined): TrailRecord {
  const trail = findTrail(ctx, nameOrArn);
  if (trail.homeRegion !== ctx.region) {
    throw ctx.error('InvalidHomeRegionException', `This operation must be called from the trail's home region ${trail.homeRegion}.`);
  }
  return trail;
}

const TRAIL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/;

function validateName(ctx: HandlerContext, name: string | undefined): string {
  if (!name) throw ctx.error('InvalidTrailNameException', 'Trail name is required.');
  if (!TRAIL_NAME.test(name) || /[._-]{2}/.test(name) || /^\d+\.\d+\.\d+\.\d+$/.test(name)) {
    throw ctx.error('InvalidTrailNameException', `Trail name ${name} is not valid.`);
  }
  return name;
}

function checkBucket(ctx: HandlerContext, bucket: string | undefined): string {
  if (!bucket) throw ctx.error('InvalidS3BucketNameException', 'S3BucketName is required.');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw ctx.error('InvalidS3BucketNameException', `Bucket name ${bucket} is not valid.`);
  if (ctx.options.missingS3Buckets?.includes(bucket)) throw ctx.error('S3BucketDoesNotExistException', `S3 bucket ${bucket} does not exist.`);
  if (ctx.options.s3BucketsWithoutTrailPolicy?.includes(bucket)) {
    throw ctx.error('InsufficientS3BucketPolicyException', `Incorrect S3 bucket policy is detected for bucket: ${bucket}`);
  }
  return bucket;
}

function tagsOf(ctx: HandlerContext, list: readonly Tag[] | undefined, existing: Record<string, string> = {}): Record<string, string> {
  const tags = { ...existing };
  for (const { Key, Value } of list ?? []) {
    if (!Key || Key.length > 128 || (Value ?? '').length > 256) throw ctx.error('InvalidTagParameterException', `Tag ${String(Key)} is not valid.`);
    tags[Key] = Value ?? '';
  }
  if (Object.keys(tags).length > 50) throw ctx.error('TagsLimitExceededException', 'A trail can have at most 50 tags.');
  return tags;
}

function toTrail(t: TrailRecord): Trail {
  return {
    Name: t.id,
    S3BucketName: t.s3BucketName,
    ...(t.s3KeyPrefix ? { S3KeyPrefix: t.s3KeyPrefix } : {}),
    IncludeGlobalServiceEvents: t.includeGlobalServiceEvents,
    IsMultiRegionTrail: t.isMultiRegionTrail,
    HomeRegion: t.homeRegion,
    TrailARN: t.arn,
    LogFileValidationEnabled: t.logFileValidationEnabled,
    HasCustomEventSelectors: false,
    HasInsightSelectors: false,
    IsOrganizationTrail: false,
  };
}

function writeOutput(t: TrailRecord) {
  const { HomeRegion: _home, HasCustomEventSelectors: _c, HasInsightSelectors: _i, ...rest } = toTrail(t);
  return rest;
}

// ---------------------------------------------------------------------------------------------------
// Event history

/** `EventSource` of a client: `ec2.amazonaws.com`, `vpc-lattice.amazonaws.com`, … */
const EVENT_SOURCES: Readonly<Record<string, string>> = {
  EC2: 'ec2',
  RAM: 'ram',
  STS: 'sts',
  IAM: 'iam',
  ECS: 'ecs',
  VPCLattice: 'vpc-lattice',
  CloudTrail: 'cloudtrail',
  ElasticLoadBalancingV2: 'elasticloadbalancing',
  ResourceGroupsTaggingAPI: 'tagging',
};

const READ_ONLY = /^(Describe|Get|List|Lookup|Search|BatchGet)/;

/** CloudTrail resource types of well-known ID prefixes (a small table; others get no type). */
const RESOURCE_TYPES: Readonly<Record<string, string>> = {
  vpc: 'AWS::EC2::VPC',
  subnet: 'AWS::EC2::Subnet',
  sg: 'AWS::EC2::SecurityGroup',
  igw: 'AWS::EC2::InternetGateway',
  nat: 'AWS::EC2::NatGateway',
  rtb: 'AWS::EC2::RouteTable',
  vpce: 'AWS::EC2::VPCEndpoint',
  eipalloc: 'AWS::EC2::EIP',
  sn: 'AWS::VpcLattice::ServiceNetwork',
  svc: 'AWS::VpcLattice::Service',
  tg: 'AWS::VpcLattice::TargetGroup',
  rgw: 'AWS::VpcLattice::ResourceGateway',
  rcfg: 'AWS::VpcLattice::ResourceConfiguration',
  snva: 'AWS::VpcLattice::ServiceNetworkVpcAssociation',
  snsa: 'AWS::VpcLattice::ServiceNetworkServiceAssociation',
  snra: 'AWS::VpcLattice::ServiceNetworkResourceAssociation',
};

const RESOURCE_ID = /^([a-z]+)-[0-9a-f]{8,17}$/;

/** Resource IDs and ARNs in the input and output (two levels deep), as the event's `Resources`. */
function resourcesOf(values: readonly unknown[]): { type?: string; name: string }[] {
  const found = new Map<string, string | undefined>();
  const visit = (value: unknown, depth: number) => {
    if (typeof value === 'string') {
      const id = RESOURCE_ID.exec(value);
      if (id && RESOURCE_TYPES[id[1]!]) found.set(value, RESOURCE_TYPES[id[1]!]);
      else if (value.startsWith('arn:aws:') && !found.has(value)) found.set(value, undefined);
      return;
    }
    if (depth >= 3 || value === null || typeof value !== 'object' || value instanceof Date) return;
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) if (key !== '$metadata') visit(inner, depth + 1);
  };
  for (const value of values) visit(value, 0);
  return [...found].map(([name, type]) => (type ? { type, name } : { name }));
}

function userIdentity(identity: Identity) {
  if (identity.kind === 'assumed') {
    const roleArn = `arn:aws:iam::${identity.account}:role/${identity.roleName}`;
    return {
      username: identity.sessionName,
      json: {
        type: 'AssumedRole',
        principalId: `AROASIM${identity.account}:${identity.sessionName}`,
        arn: `arn:aws:sts::${identity.account}:assumed-role/${identity.roleName}/${identity.sessionName}`,
        accountId: identity.account,
        sessionContext: { sessionIssuer: { type: 'Role', principalId: `AROASIM${identity.account}`, arn: roleArn, accountId: identity.account, userName: identity.roleName } },
      },
    };
  }
  // The simulation's base credentials are the IAM user `trellis-sim` (see sts.ts).
  return {
    username: 'trellis-sim',
    json: {
      type: 'IAMUser',
      principalId: `AIDASIM${identity.account}`,
      arn: `arn:aws:iam::${identity.account}:user/trellis-sim`,
      accountId: identity.account,
      userName: 'trellis-sim',
      accessKeyId: `AKIASIM${identity.account}`,
    },
  };
}

function events(ctx: HandlerContext): Record<string, EventRecord> {
  return ctx.collection<EventRecord>('cloudtrail', 'events');
}

/** Most events kept per account and region; past it the oldest 1000 go (AWS keeps 90 days). */
const MAX_EVENTS = 5000;

/**
 * A UUID-shaped event ID derived from the account, region and a per-region counter — not from the ID
 * PRNG, so that recording events never changes the IDs other modules generate.
 */
function eventId(ctx: HandlerContext, sequence: number): string {
  const h = createHash('sha256').update(`${ctx.account}:${ctx.region}:${sequence}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function recordEvent(ctx: HandlerContext, input: Record<string, unknown>, output: unknown): void {
  if (READ_ONLY.test(ctx.operation)) return;
  const source = `${EVENT_SOURCES[ctx.service] ?? ctx.service.toLowerCase()}.amazonaws.com`;
  const who = userIdentity(ctx.identity);
  const log = events(ctx);
  const counter = ctx.collection<number>('cloudtrail', 'eventCounter');
  const sequence = (counter['next'] ?? 0) + 1;
  counter['next'] = sequence;
  const id = eventId(ctx, sequence);
  const time = new Date(ctx.now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const resources = resourcesOf([input, output]);
  const cloudTrailEvent = JSON.stringify({
    eventVersion: '1.09',
    userIdentity: who.json,
    eventTime: time,
    eventSource: source,
    eventName: ctx.operation,
    awsRegion: ctx.region,
    sourceIPAddress: '203.0.113.10',
    userAgent: 'trellis-sim',
    requestParameters: JSON.parse(stableStringify(input)) as unknown,
    responseElements: null,
    requestID: id,
    eventID: id,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ctx.account,
    eventCategory: 'Management',
  });
  // How many are kept, counted as they are recorded (not Object.keys per call: every mutating call of
  // the simulation records one); a state saved before the count existed is counted once.
  let kept = counter['kept'] ?? Object.keys(log).length;
  if (kept >= MAX_EVENTS) {
    for (const old of Object.values(log).sort((a, b) => a.time - b.time).slice(0, kept - MAX_EVENTS + 1000)) delete log[old.id];
    kept = Object.keys(log).length;
  }
  counter['kept'] = kept + 1;
  log[id] = {
    id,
    name: ctx.operation,
    time: ctx.now,
    source,
    username: who.username,
    ...('accessKeyId' in who.json ? { accessKeyId: who.json.accessKeyId } : {}),
    resources,
    cloudTrailEvent,
  };
}

const LOOKUP_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const;

function matchesAttribute(event: EventRecord, key: string, value: string): boolean {
  switch (key) {
    case 'EventId':
      return event.id === value;
    case 'EventName':
      return event.name === value;
    case 'ReadOnly':
      return value === 'false';
    case 'Username':
      return event.username === value;
    case 'ResourceType':
      return event.resources.some((r) => r.type === value);
    case 'ResourceName':
      return event.resources.some((r) => r.name === value);
    case 'EventSource':
      return event.source === value;
    case 'AccessKeyId':
      return event.accessKeyId === value;
    default:
      return false;
  }
}

/** The 2-per-second budget of LookupEvents, on a sliding one-second window of `ctx.now`. */
function throttleLookup(ctx: HandlerContext): void {
  const limit = ctx.options.lookupEventsPerSecond ?? 2;
  if (limit <= 0) return;
  const log = ctx.collection<number[]>('cloudtrail', 'lookupCalls');
  const recent = (log['times'] ?? []).filter((t) => t > ctx.now - 1000 && t <= ctx.now);
  if (recent.length >= limit) {
    log['times'] = recent;
    throw ctx.error('ThrottlingException', 'Rate exceeded');
  }
  log['times'] = [...recent, ctx.now];
}

const TOKEN_PREFIX = 'ct-sim:';

function toEvent(e: EventRecord): Event {
  return {
    EventId: e.id,
    EventName: e.name,
    ReadOnly: 'false',
    ...(e.accessKeyId ? { AccessKeyId: e.accessKeyId } : {}),
    EventTime: new Date(e.time),
    EventSource: e.source,
    Username: e.username,
    Resources: e.resources.map((r) => ({ ...(r.type ? { ResourceType: r.type } : {}), ResourceName: r.name })),
    CloudTrailEvent: e.cloudTrailEvent,
  };
}

// ---------------------------------------------------------------------------------------------------

export const trailModule: SimModule = {
  name: 'cloudtrail/trail',
  handlers: {
    'CloudTrail:CreateTrail': defineHandler<CreateTrailCommandInput, CreateTrailCommandOutput>((ctx, input) => {
      const name = validateName(ctx, input.Name);
      const bucket = checkBucket(ctx, input.S3BucketName);
      const tags = tagsOf(ctx, input.TagsList);
      if (visibleTrails(ctx, true).some((t) => t.id === name) || trails(ctx)[name]) {
        throw ctx.error('TrailAlreadyExistsException', `Trail ${name} already exists for customer: ${ctx.account}`);
      }
      if (visibleTrails(ctx, true).length >= TRAILS_PER_REGION) {
        throw ctx.error('MaximumNumberOfTrailsExceededException', `User: ${ctx.account} already has ${TRAILS_PER_REGION} trails in ${ctx.region}.`);
      }
      if (input.IsOrganizationTrail) throw ctx.error('OrganizationsNotInUseException', 'Organization trails are not simulated.');
      const record: TrailRecord = {
        id: name,
        arn: `arn:aws:cloudtrail:${ctx.region}:${ctx.account}:trail/${name}`,
        createdAt: ctx.now,
        tags,
        homeRegion: ctx.region,
        s3BucketName: bucket,
        ...(input.S3KeyPrefix ? { s3KeyPrefix: input.S3KeyPrefix } : {}),
        includeGlobalServiceEvents: input.IncludeGlobalServiceEvents ?? true,
        isMultiRegionTrail: input.IsMultiRegionTrail ?? false,
        logFileValidationEnabled: input.EnableLogFileValidation ?? false,
        isLogging: false,
      };
      if (record.isMultiRegionTrail && !record.includeGlobalServiceEvents) {
        throw ctx.error('InvalidParameterCombinationException', 'Multi-Region trail must include global service events.');
      }
      trails(ctx)[name] = record;
      return writeOutput(record);
    }),

    'CloudTrail:DescribeTrails': defineHandler<DescribeTrailsCommandInput, DescribeTrailsCommandOutput>((ctx, input) => {
      const all = visibleTrails(ctx, input.includeShadowTrails ?? true);
      const wanted = input.trailNameList ?? [];
      // Unknown names are left out, not an error (API_DescribeTrails).
      const list = wanted.length === 0 ? all : all.filter((t) => wanted.includes(t.id) || wanted.includes(t.arn));
      return { trailList: list.sort((a, b) => (a.arn < b.arn ? -1 : 1)).map(toTrail) };
    }),

    // ListTrails: every trail seen in this region, shadows included (API_ListTrails.html), paged.
    'CloudTrail:ListTrails': defineHandler<ListTrailsCommandInput, ListTrailsCommandOutput>((ctx, input) => {
      const all = visibleTrails(ctx, true).sort((a, b) => (a.arn < b.arn ? -1 : 1));
      const pageSize = Math.max(1, ctx.options.pageSize ?? DEFAULT_PAGE_SIZE);
      let start = 0;
      if (input.NextToken !== undefined) {
        const decoded = Buffer.from(input.NextToken, 'base64url').toString();
        if (!decoded.startsWith(TOKEN_PREFIX)) throw ctx.error('InvalidNextTokenException', 'The NextToken is not valid.');
        const after = decoded.slice(TOKEN_PREFIX.length);
        start = all.findIndex((t) => t.arn > after);
        if (start < 0) start = all.length;
      }
      const page = all.slice(start, start + pageSize);
      const more = start + pageSize < all.length;
      return {
        Trails: page.map((t) => ({ TrailARN: t.arn, Name: t.id, HomeRegion: t.homeRegion })),
        ...(more ? { NextToken: Buffer.from(TOKEN_PREFIX + page[page.length - 1]!.arn).toString('base64url') } : {}),
      };
    }),

    'CloudTrail:GetTrail': defineHandler<GetTrailCommandInput, GetTrailCommandOutput>((ctx, input) => ({ Trail: toTrail(findTrail(ctx, input.Name)) })),

    'CloudTrail:GetTrailStatus': defineHandler<GetTrailStatusCommandInput, GetTrailStatusCommandOutput>((ctx, input) => {
      const t = findTrail(ctx, input.Name);
      return {
        IsLogging: t.isLogging,
        ...(t.startLoggingAt !== undefined ? { StartLoggingTime: new Date(t.startLoggingAt), TimeLoggingStarted: new Date(t.startLoggingAt).toISOString() } : {}),
        ...(t.stopLoggingAt !== undefined ? { StopLoggingTime: new Date(t.stopLoggingAt), TimeLoggingStopped: new Date(t.stopLoggingAt).toISOString() } : {}),
      };
    }),

    'CloudTrail:StartLogging': defineHandler<StartLoggingCommandInput, StartLoggingCommandOutput>((ctx, input) => {
      const t = inHomeRegion(ctx, input.Name);
      if (!t.isLogging) {
        t.isLogging = true;
        t.startLoggingAt = ctx.now;
      }
      return {};
    }),

    'CloudTrail:StopLogging': defineHandler<StopLoggingCommandInput, StopLoggingCommandOutput>((ctx, input) => {
      const t = inHomeRegion(ctx, input.Name);
      if (t.isLogging) {
        t.isLogging = false;
        t.stopLoggingAt = ctx.now;
      }
      return {};
    }),

    'CloudTrail:UpdateTrail': defineHandler<UpdateTrailCommandInput, UpdateTrailCommandOutput>((ctx, input) => {
      const t = inHomeRegion(ctx, input.Name);
      if (input.S3BucketName !== undefined) t.s3BucketName = checkBucket(ctx, input.S3BucketName);
      if (input.S3KeyPrefix !== undefined) t.s3KeyPrefix = input.S3KeyPrefix;
      if (input.IncludeGlobalServiceEvents !== undefined) t.includeGlobalServiceEvents = input.IncludeGlobalServiceEvents;
      if (input.IsMultiRegionTrail !== undefined) t.isMultiRegionTrail = input.IsMultiRegionTrail;
      if (input.EnableLogFileValidation !== undefined) t.logFileValidationEnabled = input.EnableLogFileValidation;
      if (t.isMultiRegionTrail && !t.includeGlobalServiceEvents) {
        throw ctx.error('InvalidParameterCombinationException', 'Multi-Region trail must include global service events.');
      }
      return writeOutput(t);
    }),

    'CloudTrail:DeleteTrail': defineHandler<DeleteTrailCommandInput, DeleteTrailCommandOutput>((ctx, input) => {
      const t = inHomeRegion(ctx, input.Name);
      delete trails(ctx)[t.id];
      return {};
    }),

    'CloudTrail:AddTags': defineHandler<AddTagsCommandInput, AddTagsCommandOutput>((ctx, input) => {
      const t = trailByArn(ctx, input.ResourceId);
      t.tags = tagsOf(ctx, input.TagsList, t.tags);
      return {};
    }),

    'CloudTrail:RemoveTags': defineHandler<RemoveTagsCommandInput, RemoveTagsCommandOutput>((ctx, input) => {
      const t = trailByArn(ctx, input.ResourceId);
      const tags = { ...t.tags };
      for (const { Key } of input.TagsList ?? []) if (Key) delete tags[Key];
      t.tags = tags;
      return {};
    }),

    'CloudTrail:ListTags': defineHandler<ListTagsCommandInput, ListTagsCommandOutput>((ctx, input) => {
      const ids = input.ResourceIdList ?? [];
      if (ids.length === 0 || ids.length > 20) throw ctx.error('InvalidParameterException', 'ResourceIdList must hold 1 to 20 trail ARNs.');
      return { ResourceTagList: ids.map((id) => ({ ResourceId: id, TagsList: Object.entries(trailByArn(ctx, id).tags).map(([Key, Value]) => ({ Key, Value })) })) };
    }),

    'CloudTrail:LookupEvents': defineHandler<LookupEventsCommandInput, LookupEventsCommandOutput>((ctx, input) => {
      throttleLookup(ctx);
      const attributes = input.LookupAttributes ?? [];
      if (attributes.length > 1) throw ctx.error('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
      const attribute = attributes[0];
      if (attribute && (!LOOKUP_KEYS.includes(attribute.AttributeKey as (typeof LOOKUP_KEYS)[number]) || !attribute.AttributeValue)) {
        throw ctx.error('InvalidLookupAttributesException', `Lookup attribute ${String(attribute.AttributeKey)} is not valid.`);
      }
      const max = input.MaxResults ?? LOOKUP_MAX_RESULTS;
      if (max < 1 || max > LOOKUP_MAX_RESULTS) throw ctx.error('InvalidMaxResultsException', `MaxResults must be between 1 and ${LOOKUP_MAX_RESULTS}.`);
      const start = input.StartTime?.getTime() ?? ctx.now - HISTORY_MS;
      const end = input.EndTime?.getTime() ?? ctx.now;
      if (start > end) throw ctx.error('InvalidTimeRangeException', 'StartTime must be before EndTime.');
      const query = stableStringify({ a: attribute ?? null, s: input.StartTime?.getTime() ?? null, e: input.EndTime?.getTime() ?? null, c: input.EventCategory ?? null });
      const matching = Object.values(events(ctx))
        .filter((e) => e.time >= Math.max(start, ctx.now - HISTORY_MS) && e.time <= end)
        .filter((e) => !attribute || matchesAttribute(e, attribute.AttributeKey!, attribute.AttributeValue!))
        // Newest first; ties by ID so that pages are stable.
        .sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : 1));
      let offset = 0;
      if (input.NextToken !== undefined) {
        const decoded = Buffer.from(input.NextToken, 'base64url').toString();
        const parsed = decoded.startsWith(TOKEN_PREFIX) ? (JSON.parse(decoded.slice(TOKEN_PREFIX.length)) as { q: string; after: [number, string] }) : undefined;
        if (!parsed || parsed.q !== query) throw ctx.error('InvalidNextTokenException', 'A token that is not valid, or a token that was previously used in a request with different parameters.');
        const [time, id] = parsed.after;
        offset = matching.findIndex((e) => e.time < time || (e.time === time && e.id > id));
        if (offset < 0) offset = matching.length;
      }
      const page = matching.slice(offset, offset + max);
      const last = page[page.length - 1];
      const more = offset + max < matching.length;
      return {
        Events: page.map(toEvent),
        ...(more && last ? { NextToken: Buffer.from(TOKEN_PREFIX + JSON.stringify({ q: query, after: [last.time, last.id] })).toString('base64url') } : {}),
      };
    }),
  },
  afterCall: (ctx, call) => recordEvent(ctx, call.input, call.output),
  taggedResources: (ctx) =>
    Object.values(trails(ctx))
      .filter((t) => Object.keys(t.tags).length > 0)
      .map((t) => ({ arn: t.arn, resourceType: 'cloudtrail:trail', tags: t.tags })),
};

/** Tagging calls take the trail ARN; a trail of another region is found through the account's state. */
function trailByArn(ctx: HandlerContext, arn: string | undefined): TrailRecord {
  const match = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/.exec(arn ?? '');
  if (!match) throw ctx.error('CloudTrailARNInvalidException', `${String(arn)} is not a valid trail ARN.`);
  if (match[2] !== ctx.account) throw ctx.error('ResourceNotFoundException', `Resource ${arn} not found.`);
  const trail = trails(ctx, match[1]!)[match[3]!];
  if (!trail || !ctx.isVisible(trail)) throw ctx.error('ResourceNotFoundException', `Resource ${arn} not found.`);
  return trail;
}
