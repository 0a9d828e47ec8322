/**
 * ECS task definitions: versioned. A revision is immutable (docs/aws-behaviour.md §1d); a changed spec registers
 * a new revision of the family, the latest ACTIVE revision is the resource, older ACTIVE ones are
 * reported `superseded` with their `version` (the revision number), and the engine deregisters those
 * past the newest `keep`. Identical specs never register: the diff is empty.
 *
 * How the spec is compared — by a tag, not by describing: at registration the revision is tagged
 * `trellis:spec-hash` = hash of the desired spec, and `diff` compares that hash. Measured observe cost
 * per scope (R = owned revisions RGTA lists, F = owned families):
 * - the scope's one Resource Groups Tagging API listing (`../../tagging.ts`: owner TagFilters, shared with
 *   the ECS services and the Lattice types, ⌈owned resources / 100⌉ GetResources for all of them): every
 *   owned revision with its tags;
 * - which revisions of the families RGTA names and the desired ones (observe's hints, `ctx.desired`)
 *   are still ACTIVE, as RGTA lags and keeps deregistered and deleted ARNs (docs/aws-behaviour.md §8):
 *   one ListTaskDefinitions (status ACTIVE, maxResults 100) of the whole region when it has at most 100
 *   ACTIVE revisions and F > 1, else F (familyPrefix; after that first page when F > 1);
 * - one DescribeTaskDefinition (include TAGS) only for an ACTIVE revision of an owned family that
 *   RGTA does not list yet (its lag after a registration), usually none.
 * For one Service: 1 call and its share of the tagging listing. Describing the latest revision of each family instead would add F
 * DescribeTaskDefinition calls per run (3 for one Service) and a field-by-field normalisation of what
 * ECS echoes back (defaults it adds), for no gain: nothing can drift in an immutable revision. The cost
 * of the hash: a plan shows the whole desired spec as the change, not the one field that changed.
 * ListTaskDefinitions alone cannot replace RGTA: it returns ARNs without tags, for every family of the
 * account.
 *
 * Idempotency: RegisterTaskDefinition takes no token and a repeat registers another revision. Before
 * registering, create reads the family's latest ACTIVE revision (ListTaskDefinitions sort DESC,
 * maxResults 1, and DescribeTaskDefinition include TAGS): if it carries this address and this spec hash,
 * it is an earlier attempt whose response was lost and is returned instead — name-keyed by (family, spec
 * hash). The registering call is sent without SDK retries of ambiguous failures, so only this check
 * decides.
 *
 * Delete: DeregisterTaskDefinition (→ INACTIVE), then DeleteTaskDefinitions (→ DELETE_IN_PROGRESS;
 * API_DeleteTaskDefinitions.html), whose failures come back per item.
 */
import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  paginateListTaskDefinitions,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { errorCode } from '../../../core/classify.js';
import { TerminalError } from '../../../core/errors.js';
import type { ReconcilerContext } from '../../../core/reconciler.js';
import { defineReconciler, type Observed } from '../../../core/resource-type.js';
import { TAG_ADDRESS, TAG_OWNER } from '../../../core/types.js';
import { ownedOfType } from '../../tagging.js';
import { ROLE_TYPE } from '../../iam/role/sdk.js';
import { applyEcsTagChanges, fromEcsTags, releaseEcsOwnership } from '../tags.js';
import { diffTaskDefinition, observedRevision, parseTaskDefinitionArn, registerTaskDefinitionInput, specHash, TAG_SPEC_HASH } from './sdk.js';
import { TASK_DEFINITION, type TaskDefinitionOutputs, type TaskDefinitionSpec } from './type.js';

/** ListTaskDefinitions maxResults 1–100 (API Reference). */
export const LIST_PAGE_SIZE = 100;
/** Old revisions kept besides the current one, for a rollback (the engine counts `keep` in old versions). */
export const KEEP_REVISIONS = 3;

type Revision = Observed<TaskDefinitionSpec, TaskDefinitionOutputs>;

/** ClientException "Unable to describe task definition." is how ECS answers an unknown revision. */
const isUnknownRevision = (error: unknown) =>
  errorCode(error) === 'ClientException' && /unable to describe task definition|does not exist/i.test((error as Error).message ?? '');

async function list(ctx: ReconcilerContext, address?: string): Promise<Revision[]> {
  // The scope's one tagging API listing (shared with the Lattice types and ECS services); with an address
  // (before a retry) a GetResources of its own.
  const tagged = await ownedOfType(ctx, 'ecs:task-definition', address);
  // The families the listing names, and in observe the desired ones (its hints, `ctx.desired`): a
  // family registered a moment ago that the listing does not show yet is still found.
  const desiredFamilies = address === undefined ? (ctx.desired ?? []).flatMap((resource) => (typeof resource.spec.family === 'string' ? [resource.spec.family] : [])) : [];
  const families = [...new Set([...[...tagged.keys()].flatMap((arn) => parseTaskDefinitionArn(arn)?.family ?? []), ...desiredFamilies])].sort();
  const live: { arn: string; tags: Record<string, string> }[] = [];
  const keep = async (arn: string) => {
    const tags = tagged.get(arn) ?? (await revisionTags(ctx, arn));
    if (tags && tags[TAG_OWNER] === ctx.owner && (address === undefined || tags[TAG_ADDRESS] === address)) live.push({ arn, tags });
  };
  for (const arn of await activeRevisions(ctx, families)) await keep(arn);
  // The latest revision of each address is the resource; the older ACTIVE ones are its old versions.
  const latest = new Map<string, number>();
  for (const { arn, tags } of live) {
    const revision = parseTaskDefinitionArn(arn)?.revision ?? 0;
    const key = tags[TAG_ADDRESS] ?? arn;
    latest.set(key, Math.max(latest.get(key) ?? 0, revision));
  }
  const revisions = live.map(({ arn, tags }) =>
    observedRevision(arn, tags, ctx.scope, (parseTaskDefinitionArn(arn)?.revision ?? 0) < latest.get(tags[TAG_ADDRESS] ?? arn)!),
  );
  return revisions;
}

/**
 * The ACTIVE revisions of `families`. One page of the region's ACTIVE revisions, every family's
 * (ListTaskDefinitions without `familyPrefix`, maxResults 100), answers for all of them when it is the
 * only page; past 100 revisions, one paginated ListTaskDefinitions per family (`familyPrefix` is one
 * family per call) after that first page. More than one family: the first try; one family or none:
 * straight to the per-family listing, which is never more calls.
 */
async function activeRevisions(ctx: ReconcilerContext, families: readonly string[]): Promise<string[]> {
  const ecs = ctx.clients.get(ECSClient);
  if (families.length > 1) {
    const first = await ecs.send(new ListTaskDefinitionsCommand({ status: 'ACTIVE', maxResults: LIST_PAGE_SIZE }));
    if (!first.nextToken) {
      const wanted = new Set(families);
      return (first.taskDefinitionArns ?? []).filter((arn) => wanted.has(parseTaskDefinitionArn(arn)?.family ?? ''));
    }
  }
  const arns: string[] = [];
  for (const familyPrefix of families) {
    const pages = paginateListTaskDefinitions({ client: ecs, pageSize: LIST_PAGE_SIZE }, { familyPrefix, status: 'ACTIVE' });
    for await (const page of pages) arns.push(...(page.taskDefinitionArns ?? []));
  }
  return arns;
}

/** A revision's tags, read now: one RGTA does not list yet (registered a moment ago), or one about to be deleted. */
async function revisionTags(ctx: ReconcilerContext, arn: string): Promise<Record<string, string> | undefined> {
  try {
    const out = await ctx.clients.get(ECSClient).send(
      new DescribeTaskDefinitionCommand({
        taskDefinition: arn,
        include: ['TAGS'],
      }),
    );
    return fromEcsTags(out.tags);
  } catch (error) {
    if (isUnknownRevision(error)) return undefined;
    throw error;
  }
}

/** The family's latest ACTIVE revision, if it is this address at this spec (an earlier attempt of this create). */
async function registeredAlready(ctx: ReconcilerContext, family: string, address: string, hash: string): Promise<Revision | undefined> {
  const ecs = ctx.clients.get(ECSClient);
  const out = await ecs.send(
    new ListTaskDefinitionsCommand({
      familyPrefix: family,
      status: 'ACTIVE',
      sort: 'DESC',
      maxResults: 1,
    }),
  );
  const arn = out.taskDefinitionArns?.[0];
  if (!arn) return undefined;
  const tags = await revisionTags(ctx, arn);
  if (!tags || tags[TAG_OWNER] !== ctx.owner || tags[TAG_ADDRESS] !== address || tags[TAG_SPEC_HASH] !== hash) return undefined;
  return observedRevision(arn, tags, ctx.scope, false);
}

export const taskDefinitionReconciler = defineReconciler({
  type: TASK_DEFINITION,
  idempotency: 'name',
  versioned: { keep: KEEP_REVISIONS },
  replacement: 'createBeforeDelete',
  dependsOn: [ROLE_TYPE],
  replaceFields: ['family', 'cpu', 'memory', 'executionRoleArn', 'taskRoleArn', 'container'],
  // A service keeps running tasks of a deregistered revision: nothing it names is held.
  holdsReferences: false,

  observe: (ctx) => list(ctx),
  findByAddress: async (ctx, address) => (await list(ctx, address)).filter((revision) => !revision.superseded),
  diff: diffTaskDefinition,

  async create(ctx, desired) {
    const existing = await registeredAlready(ctx, desired.spec.family, desired.address, specHash(desired.spec));
    if (existing) return { id: existing.id, outputs: existing.outputs };
    const ecs = ctx.clients.get(ECSClient, { retryAmbiguous: false });
    const { taskDefinition } = await ecs.send(new RegisterTaskDefinitionCommand(registerTaskDefinitionInput(desired)));
    const arn = taskDefinition?.taskDefinitionArn;
    if (!arn || taskDefinition.revision === undefined) throw new Error('RegisterTaskDefinition returned no task definition ARN');
    return {
      id: arn,
      outputs: {
        arn,
        family: taskDefinition.family ?? desired.spec.family,
        revision: taskDefinition.revision,
      },
    };
  },

  /** Only tags can change on a revision (TagResource/UntagResource on its ARN). */
  update: (ctx, _desired, live, changes) => applyEcsTagChanges(ctx, live.id, changes),

  /**
   * An old version: that revision only. The current one: the resource is gone from the manifests, so
   * its old versions go too (the engine prunes old versions only past `keep`, and only while the
   * address is desired), found by address (one GetResources, one ListTaskDefinitions).
   */
  async delete(ctx, live) {
    if (!live.superseded && live.address !== undefined) {
      for (const old of await list(ctx, live.address)) if (old.id !== live.id) await deregister(ctx, old);
    }
    await deregister(ctx, live);
  },

  release: (ctx, live) => releaseEcsOwnership(ctx, live.id),
});

/**
 * DeregisterTaskDefinition, then DeleteTaskDefinitions; an unknown revision is gone. Observe took the
 * owner from the tagging API, which lags behind tag changes too (docs/aws-behaviour.md §8): the revision's
 * tags are read now (DescribeTaskDefinition include TAGS), and one released (`deletionPolicy: Retain`) or
 * taken over a moment ago is left alone.
 */
async function deregister(ctx: ReconcilerContext, live: Revision): Promise<void> {
  const ecs = ctx.clients.get(ECSClient);
  if ((await revisionTags(ctx, live.id))?.[TAG_OWNER] !== ctx.owner) return;
  try {
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: live.id }));
  } catch (error) {
    if (isUnknownRevision(error)) return;
    throw error;
  }
  const out = await ctx.retry('delete task definition', () => ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: [live.id] })));
  const failure = (out.failures ?? []).find((item) => item.reason !== 'TASK_DEFINITION_NOT_FOUND');
  if (failure) throw new TerminalError(`DeleteTaskDefinitions ${live.id}: ${failure.reason ?? ''} ${failure.detail ?? ''}`.trim());
}
