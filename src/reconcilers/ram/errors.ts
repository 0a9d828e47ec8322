/**
 * AWS RAM error codes. RAM models its errors: the SDK throws `UnknownResourceException`,
 * `MalformedArnException`, … whose `name` is the code (AWS RAM API Reference, each operation's "Errors").
 */
import type { ErrorCodeTable } from '../../core/classify.js';

export const ramErrors: ErrorCodeTable = {
  service: 'ram',
  // A subnet created a moment ago can still be unknown to RAM (CreateResourceShare /
  // AssociateResourceShare answer UnknownResourceException for its ARN), and a share created a moment
  // ago to the calls that name it. Nothing was changed then, so retrying is safe. The cost: a share or
  // resource that is really gone is retried for the length of the retry policy before failing.
  // InvalidStateTransitionException: associating a principal while its earlier disassociation is
  // still DISASSOCIATING (AssociateResourceShare, "Errors"); it ends by itself, so it is retried.
  eventualConsistency: ['UnknownResourceException', 'InvalidStateTransitionException'],
  // "The operation failed because a specified resource couldn't be found" — a delete of a share that
  // is already gone (or DELETED) counts as done.
  notFound: ['UnknownResourceException'],
  dependencyPending: [],
};
