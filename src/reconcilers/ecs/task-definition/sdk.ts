/** Pure builders for ECS task definitions: desired spec → RegisterTaskDefinition input, spec hash, observed. */
import { createHash } from 'node:crypto';
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { canonicalJson, containsUnknown } from '../../../core/diff.js';
import type { FieldChange } from '../../../core/reconciler.js';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { toEcsTags } from '../tags.js';
import { TASK_DEFINITION, type TaskDefinitionOutputs, type TaskDefinitionSpec } from './type.js';

export const TASK_DEFINITION_TYPE = TASK_DEFINITION.name;

/**
 * Recorded at registration: the hash of the desired spec the revision was registered from. A revision
 * is immutable (docs/aws-behaviour.md §1d), so comparing this tag is comparing the spec, without a
 * DescribeTaskDefinition per family. Not a desired tag: observe hides it from `tags`.
 */
export const TAG_SPEC_HASH = 'trellis:spec-hash';

/** The observed spec field that carries the hash (the live spec holds nothing else to compare). */
export const SPEC_HASH_FIELD = 'specHash';

export function specHash(spec: TaskDefinitionSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 32);
}

/** `arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>` → family and revision. */
export function parseTaskDefinitionArn(arn: string): { family: string; revision: number } | undefined {
  const match = /:task-definition\/([A-Za-z0-9_-]+):(\d+)$/.exec(arn);
  return match ? { family: match[1]!, revision: Number(match[2]) } : undefined;
}

export function registerTaskDefinitionInput(desired: Resolved<TaskDefinitionSpec>): RegisterTaskDefinitionCommandInput {
  const { spec } = desired;
  const { container } = spec;
  const environment = Object.entries(container.environment)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => ({ name, value }));
  return {
    family: spec.family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: spec.cpu,
    memory: spec.memory,
    executionRoleArn: spec.executionRoleArn,
    taskRoleArn: spec.taskRoleArn,
    containerDefinitions: [
      {
        name: container.name,
        image: container.image,
        essential: true,
        portMappings: [{ containerPort: container.port, protocol: 'tcp', ...(container.portName !== undefined ? { name: container.portName } : {}) }],
        environment,
        ...(container.healthCheck
          ? {
              healthCheck: {
                command: ['CMD-SHELL', container.healthCheck.command],
                interval: container.healthCheck.intervalSeconds,
                timeout: container.healthCheck.timeoutSeconds,
                retries: container.healthCheck.retries,
                startPeriod: container.healthCheck.startPeriodSeconds,
              },
            }
          : {}),
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': container.logGroup,
            'awslogs-region': container.logRegion,
            'awslogs-stream-prefix': container.logStreamPrefix,
            'awslogs-create-group': 'true',
          },
        },
      },
    ],
    tags: toEcsTags({ ...desired.tags, [TAG_SPEC_HASH]: specHash(spec) }),
  };
}

/** One revision as observed: its tags without the hash, the hash in the spec. */
export function observedRevision(
  arn: string,
  allTags: Readonly<Record<string, string>>,
  scope: Scope,
  superseded: boolean,
): Observed<TaskDefinitionSpec, TaskDefinitionOutputs> {
  const { [TAG_SPEC_HASH]: hash, ...tags } = allTags;
  const parsed = parseTaskDefinitionArn(arn) ?? { family: '', revision: 0 };
  const spec = { family: parsed.family, ...(hash !== undefined ? { [SPEC_HASH_FIELD]: hash } : {}) } as Partial<TaskDefinitionSpec>;
  return observed(TASK_DEFINITION, {
    scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec,
    outputs: { arn, family: parsed.family, revision: parsed.revision },
    // The roles it runs with: a role is deleted only after the revisions that name it.
    references: [],
    version: parsed.revision,
    ...(superseded ? { superseded: true } : {}),
  });
}

/**
 * Every field is immutable: a different spec hash means a new revision (a `replace` change, which the
 * engine turns into a registration for a versioned type). A spec not fully known before apply (a role
 * ARN still to be created) is a change too. Identical specs give no change, so never a revision.
 */
export function diffTaskDefinition(desired: Resolved<TaskDefinitionSpec>, live: Observed<TaskDefinitionSpec, TaskDefinitionOutputs>): FieldChange[] {
  const liveHash = (live.spec as Record<string, unknown>)[SPEC_HASH_FIELD];
  if (!containsUnknown(desired.spec) && liveHash === specHash(desired.spec)) return [];
  return [{ path: 'spec', from: liveHash === undefined ? '(no spec hash)' : `spec ${String(liveHash)}`, to: desired.spec, replace: true }];
}
