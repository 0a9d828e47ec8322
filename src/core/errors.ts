/**
 * Typed outcomes. Commands throw these; `src/cli.ts` maps them to exit codes in one place.
 *
 * - {@link UserError}: bad input (manifest, config, flags). Clean message, exit 1, never a stack trace.
 * - {@link TerminalError}: an AWS failure that retrying cannot fix. Never retried.
 * - {@link RetryAfterError}: ask the retry loop to try again after at least `afterMs`.
 */

/** One problem in the input, located by file and JSON pointer (or line and column for syntax errors). */
export interface InputIssue {
  readonly file: string;
  /** RFC 6901 JSON pointer into the file, e.g. `/spec/subnets/1/cidrs/0`; `''` is the whole document. */
  readonly pointer?: string;
  /** For JSON syntax errors, 1-based. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

export function formatIssue(issue: InputIssue): string {
  if (issue.line !== undefined) {
    return `${issue.file}:${issue.line}:${issue.column ?? 1}: ${issue.message}`;
  }
  return `${issue.file}#${issue.pointer ?? ''}: ${issue.message}`;
}

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly issues: readonly InputIssue[] = [],
  ) {
    super(message);
  }
}

/** Input failed validation; every issue is reported at once. */
export class ValidationError extends UserError {
  constructor(issues: readonly InputIssue[]) {
    super(
      `${issues.length} problem${issues.length === 1 ? '' : 's'} in the manifests:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`,
      issues,
    );
  }
}

export class TerminalError extends Error {
  override readonly name = 'TerminalError';
}

export class RetryAfterError extends Error {
  override readonly name = 'RetryAfterError';
  constructor(
    message: string,
    readonly afterMs: number,
  ) {
    super(message);
  }
}

/** Wraps a failure with the resource address and the operation, keeping the original as `cause`. */
export class ResourceError extends Error {
  override readonly name = 'ResourceError';
  constructor(
    readonly address: string,
    readonly operation: string,
    cause: unknown,
  ) {
    super(`${address}: ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * A scope that must be observed could not be (no credentials, access denied, an outage): the run
 * stops before planning, since a partial view could duplicate or delete. Not a bug in trellis.
 */
export class ObserveError extends Error {
  override readonly name = 'ObserveError';
}
