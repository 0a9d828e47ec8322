/**
 * VPC Lattice error codes (Amazon VPC Lattice API Reference, "Common errors" and each operation's
 * "Errors"; docs/aws-behaviour.md §5e). Lattice models its errors: the SDK throws
 * `ResourceNotFoundException`, `ConflictException`, … whose `name` is the code.
 */
import type { ErrorCodeTable } from '../../core/classify.js';

export const latticeErrors: ErrorCodeTable = {
  // The prefix of the types `vpc-lattice:service-network`, `vpc-lattice:resource-gateway`, …
  service: 'vpc-lattice',
  // A service network or resource configuration created a moment ago may be unknown to the calls that
  // name it (an association's create); nothing was changed then, so retrying is safe.
  eventualConsistency: ['ResourceNotFoundException'],
  // "The request references a resource that does not exist" (404): a delete of what is gone is done.
  notFound: ['ResourceNotFoundException'],
  // DeleteServiceNetwork while associations remain: 409 ConflictException "…has VPC(s) associated"
  // (gruntwork-io/cloud-nuke#1158); DeleteResourceGateway with configurations, DeleteResourceConfiguration
  // with associations answer it too. Retried on deletes only, while the dependents go away.
  dependencyPending: ['ConflictException'],
};
