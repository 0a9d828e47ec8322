/**
 * CloudTrail trails, logging as a field (StartLogging / StopLogging, read with GetTrailStatus IsLogging).
 *
 * Scoping `homeRegion`: a multi-region trail shows in every region's DescribeTrails as a shadow trail
 * ("includeShadowTrails … default true", API_DescribeTrails), and StartLogging/UpdateTrail/DeleteTrail
 * work only in its home region (InvalidHomeRegionException). Observe asks without shadow trails and
 * keeps only trails whose HomeRegion is the scope's.
 *
 * Idempotency `name`: CreateTrail takes no token; names are unique per account and region. Its
 * TrailAlreadyExistsException is resolved by adopting the trail only when it is ours (tagged with this
 * owner and address); anyone else's trail of that name is an error to show, never taken over.
 *
 * Observe cost per scope: one DescribeTrails (not paginated; ≤5 trails per region, a fixed limit,
 * docs/aws-behaviour.md §7), one ListTags per 20 trail ARNs (API_ListTags: ResourceIdList ≤20), and one
 * GetTrailStatus per owned trail — at most 5.
 */
import {
  AddTagsCommand,
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  RemoveTagsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { errorCode } from '../../../core/classify.js';
import { TerminalError } from '../../../core/errors.js';
import type { ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler } from '../../../core/resource-type.js';
import { TAG_ADDRESS, TAG_DELETION_POLICY, TAG_OWNER } from '../../../core/types.js';
import { createTrailInput, diffTrail, fromTrailTags, observedTrail } from './sdk.js';
import { TRAIL } from './type.js';

const ARNS_PER_LIST_TAGS = 20;

async function describe(ctx: ReconcilerContext, keep: (tags: Record<string, string>) => boolean, names?: string[]) {
  const client = ctx.clients.get(CloudTrailClient);
  const { trailList = [] } = await client.send(new DescribeTrailsCommand({ includeShadowTrails: false, ...(names ? { trailNameList: names } : {}) }));
  const home = trailList.filter((trail) => trail.TrailARN && trail.HomeRegion === ctx.scope.region);
  const tagsByArn = new Map<string, Record<string, string>>();
  for (let start = 0; start < home.length; start += ARNS_PER_LIST_TAGS) {
    const ResourceIdList = home.slice(start, start + ARNS_PER_LIST_TAGS).map((trail) => trail.TrailARN!);
    const { ResourceTagList = [] } = await client.send(new ListTagsCommand({ ResourceIdList }));
    for (const entry of ResourceTagList) if (entry.ResourceId) tagsByArn.set(entry.ResourceId, fromTrailTags(entry.TagsList));
  }
  const result = [];
  for (const trail of home) {
    const tags = tagsByArn.get(trail.TrailARN!) ?? {};
    if (tags[TAG_OWNER] !== ctx.owner || !keep(tags)) continue;
    const status = await client.send(new GetTrailStatusCommand({ Name: trail.TrailARN }));
    result.push(observedTrail(trail, tags, status.IsLogging ?? false, ctx.scope));
  }
  return result;
}

export const trailReconciler = defineReconciler({
  type: TRAIL,
  scoping: 'homeRegion',
  idempotency: 'name',
  dependsOn: [],
  replaceFields: ['name'],

  observe: (ctx) => describe(ctx, () => true),
  findByAddress: (ctx, address) => describe(ctx, (tags) => tags[TAG_ADDRESS] === address),
  diff: diffTrail,

  async create(ctx, desired) {
    const client = ctx.clients.get(CloudTrailClient);
    try {
      const out = await client.send(new CreateTrailCommand(createTrailInput(desired)));
      if (!out.TrailARN) throw new Error('CreateTrail returned no trail ARN');
      const { logging: _logging, ...created } = desired.spec;
      // Not logging yet: the engine starts logging through `update`.
      return { id: out.TrailARN, outputs: { arn: out.TrailARN, name: desired.spec.name }, spec: { ...created, logging: false } };
    } catch (error) {
      if (errorCode(error) !== 'TrailAlreadyExistsException') throw error;
      const [ours] = await describe(ctx, (tags) => tags[TAG_ADDRESS] === desired.address, [desired.spec.name]);
      if (!ours) throw new TerminalError(`a trail named ${desired.spec.name} already exists and is not this manifest's (no ${TAG_ADDRESS}=${desired.address} tag)`);
      return { id: ours.id, outputs: ours.outputs, spec: ours.spec };
    }
  },

  async update(ctx, desired, live, changes) {
    const client = ctx.clients.get(CloudTrailClient);
    const paths = new Set(changes.map((change) => change.path));
    const Name = live.id;
    const spec = desired.spec;
    if (['s3BucketName', 's3KeyPrefix', 'isMultiRegionTrail', 'enableLogFileValidation'].some((path) => paths.has(path))) {
      await ctx.retry('update trail', () =>
        client.send(
          new UpdateTrailCommand({
            Name,
            S3BucketName: spec.s3BucketName,
            S3KeyPrefix: spec.s3KeyPrefix ?? '',
            IsMultiRegionTrail: spec.isMultiRegionTrail,
            IncludeGlobalServiceEvents: true,
            EnableLogFileValidation: spec.enableLogFileValidation,
          }),
        ),
      );
    }
    if (paths.has('logging')) {
      await ctx.retry(spec.logging ? 'start logging' : 'stop logging', () =>
        client.send(spec.logging ? new StartLoggingCommand({ Name }) : new StopLoggingCommand({ Name })),
      );
    }
    const add: { Key: string; Value: string }[] = [];
    const remove: { Key: string }[] = [];
    for (const change of changes) {
      if (!change.path.startsWith('tags.')) continue;
      const Key = change.path.slice('tags.'.length);
      if (change.to === undefined) remove.push({ Key });
      else add.push({ Key, Value: String(change.to) });
    }
    if (add.length > 0) await ctx.retry('tag', () => client.send(new AddTagsCommand({ ResourceId: Name, TagsList: add })));
    if (remove.length > 0) await ctx.retry('untag', () => client.send(new RemoveTagsCommand({ ResourceId: Name, TagsList: remove })));
  },

  async delete(ctx, live) {
    await ctx.clients.get(CloudTrailClient).send(new DeleteTrailCommand({ Name: live.id }));
  },

  async release(ctx, live) {
    const TagsList = [TAG_OWNER, TAG_ADDRESS, TAG_DELETION_POLICY].map((Key) => ({ Key }));
    await ctx.retry('release', () => ctx.clients.get(CloudTrailClient).send(new RemoveTagsCommand({ ResourceId: live.id, TagsList })));
  },
});
