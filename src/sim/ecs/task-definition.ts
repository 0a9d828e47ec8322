/**
 * ECS task definitions: RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions,
 * DeregisterTaskDefinition, DeleteTaskDefinitions.
 *
 * References (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/):
 * - API_RegisterTaskDefinition.html: `family` (up to 255 letters, numbers, hyphens, underscores) and
 *   `containerDefinitions` required; each call registers revision n+1 of the family, ACTIVE.
 * - API_DescribeTaskDefinition.html: `taskDefinition` is `family` (latest ACTIVE revision),
 *   `family:revision` or the full ARN; `include: ["TAGS"]` adds `tags` beside `taskDefinition`.
 * - API_ListTaskDefinitions.html: `familyPrefix` ("limits the listed task definitions to task definition
 *   revisions that belong to that family": an exact family, despite the name), `status` (default
 *   ACTIVE), `sort` ASC|DESC by family then revision, `maxResults` 1–100 (default 100), `nextToken`.
 * - API_DeregisterTaskDefinition.html: → INACTIVE; the family keeps its revision count
 *   (docs/aws-behaviour.md 1d: revision numbers keep increasing).
 * - API_DeleteTaskDefinitions.html: ≤10; an INACTIVE revision → DELETE_IN_PROGRESS; an ACTIVE one is a
 *   `failures[]` entry.
 */
import type {
  ContainerDefinition,
  DeleteTaskDefinitionsCommandInput,
  DeleteTaskDefinitionsCommandOutput,
  DeregisterTaskDefinitionCommandInput,
  DeregisterTaskDefinitionCommandOutput,
  DescribeTaskDefinitionCommandInput,
  DescribeTaskDefinitionCommandOutput,
  Failure,
  ListTaskDefinitionsCommandInput,
  ListTaskDefinitionsCommandOutput,
  NetworkMode,
  RegisterTaskDefinitionCommandInput,
  RegisterTaskDefinitionCommandOutput,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import { fromJsonSafe, toJsonSafe } from '../json-safe.js';
import { defineHandler, type HandlerContext, type SimModule, type TaggedResource } from '../module.js';
import { pageAfter } from '../paging.js';
import type { ResourceRecord } from '../state.js';
import { ecsArn, ecsPageSize, ecsTagList, invalidToken, mergeEcsTags } from './common.js';

export type TaskDefinitionStatus = 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';

/** Keyed `family:revision`. */
export interface TaskDefinitionRecord extends ResourceRecord {
  arn: string;
  family: string;
  revision: number;
  status: TaskDefinitionStatus;
  /** The registered definition without family/tags, JSON-safe. */
  definition: unknown;
  deregisteredAt?: number;
}

interface FamilyRecord {
  id: string;
  lastRevision: number;
}

export function taskDefinitions(ctx: HandlerContext): Record<string, TaskDefinitionRecord> {
  return ctx.collection<TaskDefinitionRecord>('ecs', 'taskDefinitions');
}

function families(ctx: HandlerContext): Record<string, FamilyRecord> {
  return ctx.collection<FamilyRecord>('ecs', 'taskDefinitionFamilies');
}

function notFound(ctx: HandlerContext): Error {
  return ctx.error('ClientException', 'Unable to describe task definition.');
}

/** `family`, `family:revision` or the ARN → the record (a bare family → its latest ACTIVE revision). */
export function findTaskDefinition(ctx: HandlerContext, reference: string | undefined): TaskDefinitionRecord | undefined {
  if (!reference) return undefined;
  const all = taskDefinitions(ctx);
  const bare = reference.startsWith('arn:') ? reference.slice(reference.indexOf('task-definition/') + 'task-definition/'.length) : reference;
  const visible = (r: TaskDefinitionRecord | undefined) => (r && ctx.isVisible(r) && r.status !== 'DELETE_IN_PROGRESS' ? r : undefined);
  if (bare.includes(':')) return visible(all[bare]);
  return Object.values(all)
    .filter((r) => r.family === bare && r.status === 'ACTIVE' && ctx.isVisible(r))
    .sort((a, b) => b.revision - a.revision)[0];
}

export function requireTaskDefinition(ctx: HandlerContext, reference: string | undefined): TaskDefinitionRecord {
  const record = findTaskDefinition(ctx, reference);
  if (!record) throw notFound(ctx);
  return record;
}

function toTaskDefinition(record: TaskDefinitionRecord): TaskDefinition {
  return {
    ...(fromJsonSafe(record.definition) as TaskDefinition),
    taskDefinitionArn: record.arn,
    family: record.family,
    revision: record.revision,
    status: record.status,
    registeredAt: new Date(record.createdAt),
    ...(record.deregisteredAt !== undefined ? { deregisteredAt: new Date(record.deregisteredAt) } : {}),
  };
}

export const taskDefinitionModule: SimModule = {
  name: 'ecs/task-definition',
  taggedResources: (ctx): TaggedResource[] =>
    Object.values(taskDefinitions(ctx))
      .filter((r) => r.status !== 'DELETE_IN_PROGRESS' && Object.keys(r.tags).length > 0)
      .map((r) => ({ arn: r.arn, resourceType: 'ecs:task-definition', tags: r.tags, createdAt: r.createdAt })),
  handlers: {
    'ECS:RegisterTaskDefinition': defineHandler<RegisterTaskDefinitionCommandInput, RegisterTaskDefinitionCommandOutput>((ctx, input) => {
      const family = input.family ?? '';
      if (!/^[A-Za-z0-9_-]{1,255}$/.test(family)) {
        throw ctx.error('ClientException', 'Family contains invalid characters or is not between 1 and 255 characters.');
      }
      const containers: ContainerDefinition[] = input.containerDefinitions ?? [];
      if (containers.length === 0) throw ctx.error('ClientException', 'Container list cannot be empty.');
      const tags = mergeEcsTags(ctx, {}, input.tags);
      const familyRecord = (families(ctx)[family] ??= { id: family, lastRevision: 0 });
      const revision = ++familyRecord.lastRevision;
      const { tags: _tags, ...definition } = input;
      const networkMode: NetworkMode = input.networkMode ?? 'bridge';
      const record: TaskDefinitionRecord = {
        id: `${family}:${revision}`,
        createdAt: ctx.now,
        tags,
        arn: ecsArn(ctx, `task-definition/${family}:${revision}`),
        family,
        revision,
        status: 'ACTIVE',
        definition: toJsonSafe({ ...definition, networkMode, requiresCompatibilities: input.requiresCompatibilities ?? [] }),
      };
      taskDefinitions(ctx)[record.id] = record;
      return { taskDefinition: toTaskDefinition(record), tags: ecsTagList(tags) };
    }),

    'ECS:DescribeTaskDefinition': defineHandler<DescribeTaskDefinitionCommandInput, DescribeTaskDefinitionCommandOutput>((ctx, input) => {
      const record = requireTaskDefinition(ctx, input.taskDefinition);
      const withTags = (input.include ?? []).includes('TAGS');
      return { taskDefinition: toTaskDefinition(record), ...(withTags ? { tags: ecsTagList(record.tags) } : {}) };
    }),

    'ECS:ListTaskDefinitions': defineHandler<ListTaskDefinitionsCommandInput, ListTaskDefinitionsCommandOutput>((ctx, input) => {
      const size = ecsPageSize(ctx, input.maxResults, 100);
      const status = input.status ?? 'ACTIVE';
      const descending = input.sort === 'DESC';
      const matching = Object.values(taskDefinitions(ctx)).filter(
        (r) => r.status === status && ctx.isVisible(r) && (input.familyPrefix === undefined || r.family === input.familyPrefix),
      );
      // The sort key orders by family, then revision (zero-padded), in the requested direction.
      const ascendingKey = (r: TaskDefinitionRecord) => `${r.family}\u0000${String(r.revision).padStart(10, '0')}`;
      const key = descending
        ? (r: TaskDefinitionRecord) => [...ascendingKey(r)].map((c) => String.fromCharCode(0xffff - c.charCodeAt(0))).join('')
        : ascendingKey;
      const { page, next } = pageAfter(matching, key, input.nextToken, size, invalidToken(ctx));
      return { taskDefinitionArns: page.map((r) => r.arn), nextToken: next };
    }),

    'ECS:DeregisterTaskDefinition': defineHandler<DeregisterTaskDefinitionCommandInput, DeregisterTaskDefinitionCommandOutput>((ctx, input) => {
      const reference = input.taskDefinition ?? '';
      // "You must specify a revision": a bare family is an error here.
      if (!reference.includes(':')) throw ctx.error('InvalidParameterException', 'Invalid revision number. Number: ' + reference);
      const record = requireTaskDefinition(ctx, reference);
      if (record.status === 'ACTIVE') {
        record.status = 'INACTIVE';
        record.deregisteredAt = ctx.now;
      }
      return { taskDefinition: toTaskDefinition(record) };
    }),

    'ECS:DeleteTaskDefinitions': defineHandler<DeleteTaskDefinitionsCommandInput, DeleteTaskDefinitionsCommandOutput>((ctx, input) => {
      const references = input.taskDefinitions ?? [];
      if (references.length < 1 || references.length > 10) {
        throw ctx.error('InvalidParameterException', 'taskDefinitions must contain between 1 and 10 elements.');
      }
      const deleted: TaskDefinition[] = [];
      const failures: Failure[] = [];
      for (const reference of references) {
        const record = reference.includes(':') ? findTaskDefinition(ctx, reference) : undefined;
        if (!record) {
          failures.push({ arn: reference, reason: 'TASK_DEFINITION_NOT_FOUND', detail: 'The specified task definition does not exist.' });
        } else if (record.status === 'ACTIVE') {
          failures.push({
            arn: record.arn,
            reason: 'The specified task definition is still in ACTIVE status. Please deregister the target and try again.',
          });
        } else {
          record.status = 'DELETE_IN_PROGRESS';
          deleted.push(toTaskDefinition(record));
        }
      }
      return { taskDefinitions: deleted, failures };
    }),
  },
};
