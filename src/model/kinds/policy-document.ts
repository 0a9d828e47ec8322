/**
 * Checks of IAM policy documents beyond the schema's grammar: which elements a statement needs where the
 * policy is used (IAM JSON policy elements reference: an identity-based policy names no `Principal`; a
 * resource-based policy must; both need `Resource` or `NotResource`; `Action`/`NotAction`,
 * `Resource`/`NotResource` and `Principal`/`NotPrincipal` are alternatives, never both), and statement
 * IDs unique within the policy.
 */
import type { PolicyDocument, PolicyStatement } from '../generated/manifest.js';
import { pointer } from '../pointer.js';
import type { CheckContext } from './kind.js';

/** `resource`: attached to a resource (a Lattice auth policy). `identity`: attached to a role. */
export type PolicyUse = 'resource' | 'identity';

/** The statements of a document with their pointers (`Statement` may be one object or a list). */
export function statementsOf(document: PolicyDocument, at: string): Array<{ statement: PolicyStatement; at: string }> {
  const statements = document.Statement;
  return Array.isArray(statements)
    ? statements.map((statement, index) => ({ statement, at: pointer(at, 'Statement', index) }))
    : [{ statement: statements, at: pointer(at, 'Statement') }];
}

export function checkPolicyStatements(
  statements: ReadonlyArray<{ statement: PolicyStatement; at: string }>,
  use: PolicyUse,
  context: CheckContext,
): void {
  const sids = new Map<string, string>();
  for (const { statement, at } of statements) {
    const alternatives = [
      ['Action', 'NotAction'],
      ['Resource', 'NotResource'],
      ['Principal', 'NotPrincipal'],
    ] as const;
    for (const [element, negated] of alternatives) {
      if (statement[element] !== undefined && statement[negated] !== undefined) {
        context.report(pointer(at, negated), `a statement has ${element} or ${negated}, not both`);
      }
    }
    if (statement.Action === undefined && statement.NotAction === undefined) {
      context.report(at, 'a statement needs Action (or NotAction)');
    }
    if (statement.Resource === undefined && statement.NotResource === undefined) {
      context.report(at, `a statement of ${use === 'resource' ? 'a resource-based' : 'an identity-based'} policy needs Resource (or NotResource)`);
    }
    if (use === 'resource' && statement.Principal === undefined && statement.NotPrincipal === undefined) {
      context.report(at, 'a statement of a resource-based policy needs Principal (or NotPrincipal): whom it applies to');
    }
    if (use === 'identity') {
      for (const element of ['Principal', 'NotPrincipal'] as const) {
        if (statement[element] !== undefined) {
          context.report(pointer(at, element), `an identity-based policy applies to the role it is attached to, so its statements have no ${element}`);
        }
      }
    }
    if (statement.Sid !== undefined && statement.Sid !== '') {
      const first = sids.get(statement.Sid);
      if (first === undefined) sids.set(statement.Sid, pointer(at, 'Sid'));
      else context.report(pointer(at, 'Sid'), `duplicate statement ID "${statement.Sid}" (first at ${context.locate(first)}); Sids are unique within a policy`);
    }
  }
}

/** Whether a principal element names everyone: `"*"` or `{ "AWS": "*" }` (or a list containing `*`). */
export function isEveryone(principal: PolicyStatement['Principal']): boolean {
  if (principal === undefined) return false;
  if (principal === '*') return true;
  const aws = principal.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}
