/** Pure builders for CloudTrail trails: desired spec → SDK inputs, SDK outputs → observed. */
import type { CreateTrailCommandInput, Tag, Trail } from '@aws-sdk/client-cloudtrail';
import { valueChange } from '../../../core/diff.js';
import type { FieldChange } from '../../../core/reconciler.js';
import { observed, type Observed, type Resolved } from '../../../core/resource-type.js';
import { TAG_ADDRESS, type Scope } from '../../../core/types.js';
import { TRAIL, type TrailOutputs, type TrailSpec } from './type.js';

export function toTrailTags(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function fromTrailTags(tags: readonly Tag[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { Key, Value } of tags ?? []) if (Key !== undefined) result[Key] = Value ?? '';
  return result;
}

/** Everything but logging in the creating call (a new trail does not log until StartLogging, docs/aws-behaviour.md §7). */
export function createTrailInput(desired: Resolved<TrailSpec>): CreateTrailCommandInput {
  const spec = desired.spec;
  return {
    Name: spec.name,
    S3BucketName: spec.s3BucketName,
    ...(spec.s3KeyPrefix !== undefined ? { S3KeyPrefix: spec.s3KeyPrefix } : {}),
    IsMultiRegionTrail: spec.isMultiRegionTrail,
    // A multi-region trail must include global service events (InvalidParameterCombinationException).
    IncludeGlobalServiceEvents: true,
    EnableLogFileValidation: spec.enableLogFileValidation,
    TagsList: toTrailTags(desired.tags),
  };
}

export function observedTrail(trail: Trail, tags: Record<string, string>, logging: boolean, scope: Scope): Observed<TrailSpec, TrailOutputs> {
  const arn = trail.TrailARN ?? '';
  return observed(TRAIL, {
    scope,
    id: arn,
    address: tags[TAG_ADDRESS],
    tags,
    spec: {
      name: trail.Name,
      s3BucketName: trail.S3BucketName,
      ...(trail.S3KeyPrefix ? { s3KeyPrefix: trail.S3KeyPrefix } : {}),
      isMultiRegionTrail: trail.IsMultiRegionTrail ?? false,
      enableLogFileValidation: trail.LogFileValidationEnabled ?? false,
      logging,
    },
    outputs: { arn, name: trail.Name ?? '' },
    references: [],
  });
}

export function diffTrail(desired: Resolved<TrailSpec>, live: Observed<TrailSpec, TrailOutputs>): FieldChange[] {
  const spec = desired.spec;
  return [
    valueChange('name', spec.name, live.spec.name, true),
    valueChange('s3BucketName', spec.s3BucketName, live.spec.s3BucketName),
    valueChange('s3KeyPrefix', spec.s3KeyPrefix ?? null, live.spec.s3KeyPrefix ?? null),
    valueChange('isMultiRegionTrail', spec.isMultiRegionTrail, live.spec.isMultiRegionTrail),
    valueChange('enableLogFileValidation', spec.enableLogFileValidation, live.spec.enableLogFileValidation),
    valueChange('logging', spec.logging, live.spec.logging),
  ].filter((change): change is FieldChange => change !== undefined);
}
