/**
 * IAM error codes. IAM (query protocol) sends `NoSuchEntity`, `DeleteConflict`, …, which the JS SDK v3
 * deserializes to the modeled classes `NoSuchEntityException`, `DeleteConflictException`, … (their `name`
 * is what trellis reads; see `iamError` in src/sim/errors.ts). Codes: IAM API Reference, each operation's
 * "Errors" (e.g. API_DeleteRole.html, API_AttachRolePolicy.html).
 */
import type { ErrorCodeTable } from '../../core/classify.js';

export const iamErrors: ErrorCodeTable = {
  service: 'iam',
  // IAM is eventually consistent (IAM User Guide, troubleshoot_general.html#troubleshoot_general_eventual-consistency):
  // a role created a moment ago can be unknown to AttachRolePolicy/PutRolePolicy/TagRole. Nothing was
  // changed then. ConcurrentModification: "multiple requests to change this object were submitted
  // simultaneously" — retrying is what the reference advises.
  eventualConsistency: ['NoSuchEntityException', 'ConcurrentModificationException'],
  // DeleteRole / DetachRolePolicy / DeleteRolePolicy of what is already gone.
  notFound: ['NoSuchEntityException'],
  // DeleteRole while a policy or instance profile is still attached (API_DeleteRole.html).
  dependencyPending: ['DeleteConflictException'],
};
