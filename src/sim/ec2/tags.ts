/**
 * EC2 tags: CreateTags/DeleteTags on any ID a module declares taggable, and the validation that
 * TagSpecifications on create calls share.
 *
 * Rules (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions and
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTags.html): at most 50 tags per
 * resource (`TagLimitExceeded`), keys up to 128 and values up to 256 characters, and the `aws:` prefix
 * reserved (`InvalidParameterValue`). A missing value is the empty string. DeleteTags with a value
 * deletes the tag only if the value matches; without one it deletes the key whatever its value.
 */
import type {
  CreateTagsCommandInput,
  CreateTagsCommandOutput,
  DeleteTagsCommandInput,
  DeleteTagsCommandOutput,
  Tag,
  TagSpecification,
} from '@aws-sdk/client-ec2';
import { defineHandler, type HandlerContext, type SimModule } from '../module.js';
import type { ResourceRecord } from '../state.js';

export const MAX_TAGS_PER_RESOURCE = 50;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;

function validateTag(ctx: HandlerContext, tag: Tag): void {
  const key = tag.Key;
  if (key === undefined || key === '') throw ctx.error('InvalidParameterValue', 'Tag key must not be empty');
  if ([...key].length > MAX_KEY_LENGTH) {
    throw ctx.error('InvalidParameterValue', `Tag key exceeds the maximum length of ${MAX_KEY_LENGTH} characters`);
  }
  if (tag.Value !== undefined && [...tag.Value].length > MAX_VALUE_LENGTH) {
    throw ctx.error('InvalidParameterValue', `Tag value exceeds the maximum length of ${MAX_VALUE_LENGTH} characters`);
  }
  if (key.toLowerCase().startsWith('aws:')) {
    throw ctx.error('InvalidParameterValue', `Tag keys starting with 'aws:' are reserved for internal use`);
  }
}

function mergeTags(ctx: HandlerContext, existing: Record<string, string>, tags: readonly Tag[]): Record<string, string> {
  const merged = { ...existing };
  for (const tag of tags) {
    validateTag(ctx, tag);
    merged[tag.Key!] = tag.Value ?? '';
  }
  if (Object.keys(merged).length > MAX_TAGS_PER_RESOURCE) {
    throw ctx.error('TagLimitExceeded', 'The maximum number of Tags for a resource has been reached.');
  }
  return merged;
}

/**
 * The tags a create call's TagSpecifications give a resource of `resourceType`. A specification for
 * another type is `InvalidParameterValue` (AWS: "'x' is not a valid taggable resource type for this
 * operation").
 */
export function tagsFromSpecifications(
  ctx: HandlerContext,
  specifications: readonly TagSpecification[] | undefined,
  resourceType: string,
): Record<string, string> {
  let tags: Record<string, string> = {};
  for (const specification of specifications ?? []) {
    if (specification.ResourceType !== resourceType) {
      throw ctx.error(
        'InvalidParameterValue',
        `'${String(specification.ResourceType)}' is not a valid taggable resource type for this operation.`,
      );
    }
    tags = mergeTags(ctx, tags, specification.Tags ?? []);
  }
  return tags;
}

/** Tags in the SDK's shape; absent when there are none, as EC2 omits an empty tagSet. */
export function tagList(tags: Readonly<Record<string, string>>): Tag[] | undefined {
  const entries = Object.entries(tags);
  return entries.length === 0 ? undefined : entries.map(([Key, Value]) => ({ Key, Value }));
}

/** Resolves IDs to their records, failing like AWS on an unknown prefix or a missing resource. */
function taggedRecords(ctx: HandlerContext, ids: readonly string[] | undefined): ResourceRecord[] {
  if (!ids || ids.length === 0) throw ctx.error('MissingParameter', 'The request must contain the parameter resourceIdSet');
  return ids.map((id) => {
    const kind = ctx.taggableKindOf(id);
    if (!kind) throw ctx.error('InvalidID', `The ID '${id}' is not valid`);
    const record = ctx.collection<ResourceRecord>(kind.service, kind.collection)[id];
    if (!record || !ctx.isVisible(record)) {
      throw ctx.error(kind.notFoundCode, `The ${kind.prefix.replace(/-$/, '')} ID '${id}' does not exist`);
    }
    return record;
  });
}

export const tagsModule: SimModule = {
  name: 'ec2/tags',
  handlers: {
    'EC2:CreateTags': defineHandler<CreateTagsCommandInput, CreateTagsCommandOutput>((ctx, input) => {
      const records = taggedRecords(ctx, input.Resources);
      if (!input.Tags || input.Tags.length === 0) throw ctx.error('MissingParameter', 'The request must contain the parameter tagSet');
      // Validate every resource before changing any, so a failed call changes nothing.
      const merged = records.map((record) => mergeTags(ctx, record.tags, input.Tags!));
      records.forEach((record, i) => (record.tags = merged[i]!));
      return {};
    }),
    'EC2:DeleteTags': defineHandler<DeleteTagsCommandInput, DeleteTagsCommandOutput>((ctx, input) => {
      const records = taggedRecords(ctx, input.Resources);
      for (const tag of input.Tags ?? []) validateTag(ctx, tag);
      for (const record of records) {
        if (input.Tags === undefined) {
          // No Tags at all deletes every tag except the aws: ones (API_DeleteTags: "If you omit this
          // parameter, we delete all user-defined tags for the specified resources").
          record.tags = Object.fromEntries(Object.entries(record.tags).filter(([k]) => k.startsWith('aws:')));
          continue;
        }
        for (const tag of input.Tags) {
          const key = tag.Key!;
          if (!(key in record.tags)) continue;
          if (tag.Value === undefined || tag.Value === record.tags[key]) delete record.tags[key];
        }
      }
      return {};
    }),
  },
};
