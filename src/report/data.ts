/**
 * The report as plain data: what the JSON formatter prints and what the text and Markdown
 * formatters render. Built from the plan and the apply result; no I/O.
 */
import type { ApplyResult } from '../engine/apply.js';
import { isKnownAfterApply } from '../core/diff.js';
import type { Action, Plan } from '../engine/plan.js';
import type { Scope } from '../core/types.js';

export const KNOWN_AFTER_APPLY_TEXT = '(known after apply)';

export interface ReportChange {
  readonly address: string;
  readonly type: string;
  readonly account: string;
  readonly region: string;
  readonly action: Action;
  readonly diff: readonly { path: string; from?: unknown; to?: unknown; replace: boolean }[];
  readonly reason?: string;
  readonly observeOnly?: boolean;
  readonly retain?: boolean;
  readonly blockedBy?: string;
}

export interface Report {
  readonly runId: string;
  readonly owner: string;
  readonly dryRun: boolean;
  readonly changes: readonly ReportChange[];
  readonly summary: Plan['summary'];
  readonly conflicts: readonly { address: string; type: string; account: string; region: string; ids: readonly string[] }[];
  readonly refusals: readonly { message: string; withheld: readonly string[] }[];
  readonly unaddressed: readonly { type: string; id: string; account: string; region: string }[];
  /** Configured accounts without manifests that could not be observed. */
  readonly skippedScopes: readonly { account: string; region: string; reason: string }[];
  readonly apply?: {
    readonly done: number;
    readonly failed: number;
    readonly skipped: number;
    readonly failures: readonly { address: string; step: string; message: string }[];
    readonly skippedSteps: readonly { address: string; step: string; reason: string }[];
  };
}

/** How many deletions the refusals withheld (an address withheld by two refusals counts once), as text. */
export function refusedText(report: Pick<Report, 'refusals'>): string | undefined {
  const withheld = new Set(report.refusals.flatMap((refusal) => refusal.withheld));
  if (report.refusals.length === 0) return undefined;
  return `${withheld.size} ${withheld.size === 1 ? 'deletion' : 'deletions'} refused`;
}

/** Values not known before apply, at any depth (a route's target, one of a list's IDs), as text. */
function display(value: unknown): unknown {
  if (isKnownAfterApply(value)) return KNOWN_AFTER_APPLY_TEXT;
  if (Array.isArray(value)) return value.map(display);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, display(item)]));
  return value;
}

export function buildReport(
  plan: Plan,
  applied: ApplyResult | undefined,
  skippedScopes: readonly { readonly scope: Scope; readonly reason: string }[] = [],
): Report {
  return {
    runId: plan.runId,
    owner: plan.owner,
    dryRun: applied === undefined,
    changes: plan.changes.map((change) => ({
      address: change.address,
      type: change.type,
      account: change.scope.account,
      region: change.scope.region,
      action: change.action,
      diff: change.diff.map((field) => ({ path: field.path, from: field.from, to: display(field.to), replace: field.replace })),
      ...(change.reason ? { reason: change.reason } : {}),
      ...(change.observeOnly ? { observeOnly: true } : {}),
      ...(change.retain ? { retain: true } : {}),
      ...(change.blockedBy ? { blockedBy: change.blockedBy } : {}),
    })),
    summary: plan.summary,
    conflicts: plan.conflicts.map(({ address, type, scope, ids }) => ({ address, type, ...scope, ids })),
    refusals: plan.refusals.map(({ message, withheld }) => ({ message, withheld: withheld.map((change) => change.address) })),
    unaddressed: plan.unaddressed.map(({ type, id, scope }) => ({ type, id, ...scope })),
    skippedScopes: skippedScopes.map(({ scope, reason }) => ({ ...scope, reason })),
    ...(applied ? { apply: applySummary(applied) } : {}),
  };
}

function applySummary(applied: ApplyResult): NonNullable<Report['apply']> {
  const count = (status: string) => applied.outcomes.filter((outcome) => outcome.status === status).length;
  return {
    done: count('done'),
    failed: count('failed'),
    skipped: count('skipped'),
    failures: applied.outcomes.flatMap((outcome) =>
      outcome.status === 'failed' ? [{ address: outcome.address, step: outcome.step, message: outcome.error?.message ?? 'failed' }] : [],
    ),
    skippedSteps: applied.outcomes.flatMap((outcome) =>
      outcome.status === 'skipped' ? [{ address: outcome.address, step: outcome.step, reason: outcome.reason ?? '' }] : [],
    ),
  };
}
