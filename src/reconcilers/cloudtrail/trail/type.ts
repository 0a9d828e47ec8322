/** `cloudtrail:trail` (home-region scoped: a multi-region trail shows as a shadow trail elsewhere), logging as a field. */
import { defineResourceType } from '../../../core/resource-type.js';

export interface TrailSpec {
  /** Immutable. */
  readonly name: string;
  readonly s3BucketName: string;
  readonly s3KeyPrefix?: string;
  readonly isMultiRegionTrail: boolean;
  readonly enableLogFileValidation: boolean;
  /** StartLogging / StopLogging (home region only), read with GetTrailStatus. */
  readonly logging: boolean;
}

export interface TrailOutputs {
  readonly arn: string;
  readonly name: string;
}

export const TRAIL = defineResourceType<TrailSpec, TrailOutputs>('cloudtrail:trail');
