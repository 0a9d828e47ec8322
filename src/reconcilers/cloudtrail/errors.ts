/**
 * CloudTrail error codes (AWS CloudTrail API Reference, each operation's "Errors"; docs/aws-behaviour.md §7).
 * CloudTrail models its errors: the SDK throws `TrailNotFoundException`, … whose `name` is the code.
 */
import type { ErrorCodeTable } from '../../core/classify.js';

export const cloudtrailErrors: ErrorCodeTable = {
  service: 'cloudtrail',
  // "This exception is thrown when the specified resource is not ready for an operation. This can occur
  // when you try to run an operation on a resource before CloudTrail has time to fully load the
  // resource, or when another operation is modifying the resource. If this occurs, try again."
  // (CreateTrail, StartLogging, … "Errors", ConflictException).
  eventualConsistency: ['ConflictException'],
  // DeleteTrail / GetTrailStatus of a trail that does not exist.
  notFound: ['TrailNotFoundException'],
  dependencyPending: [],
};
