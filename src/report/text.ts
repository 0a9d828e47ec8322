/** `--output text`: the human plan, `+ ~ - -/+`, colored only when asked to (on a TTY). */
import { createColors } from 'picocolors';
import type { Action } from '../engine/plan.js';
import type { Report, ReportChange } from './data.js';
import { KNOWN_AFTER_APPLY_TEXT, refusedText } from './data.js';

export const SYMBOLS: Record<Action, string> = { create: '+', update: '~', replace: '-/+', delete: '-', noop: ' ' };

export function formatValue(value: unknown): string {
  if (value === undefined) return '(none)';
  if (value === KNOWN_AFTER_APPLY_TEXT) return KNOWN_AFTER_APPLY_TEXT;
  return JSON.stringify(value);
}

export function formatText(report: Report, options: { color: boolean }): string {
  const c = createColors(options.color);
  const paint: Record<Action, (text: string) => string> = {
    create: c.green,
    update: c.yellow,
    replace: c.magenta,
    delete: c.red,
    noop: c.dim,
  };
  const lines: string[] = [];
  const visible = report.changes.filter((change) => change.action !== 'noop' || change.blockedBy);
  for (const change of visible) {
    lines.push(paint[change.action](`${SYMBOLS[change.action].padStart(3)} ${change.address}`) + c.dim(` (${change.type}, ${change.account}/${change.region})`) + annotation(change));
    if (change.action === 'delete') continue;
    for (const field of change.diff) {
      const arrow = change.action === 'create' ? formatValue(field.to) : `${formatValue(field.from)} → ${formatValue(field.to)}`;
      lines.push(`        ${field.path}: ${arrow}${field.replace ? c.magenta('  # forces replacement') : ''}`);
    }
  }
  const refused = refusedText(report);
  // A refusal is not "in sync": the summary says what was held back, the `refused:` lines why.
  if (visible.length === 0) lines.push(refused ? `Nothing planned: ${refused} (see "refused:" below).` : 'No changes: live AWS matches the manifests.');
  for (const conflict of report.conflicts) {
    lines.push(c.red(`conflict: ${conflict.address} is claimed by ${conflict.ids.join(', ')} in ${conflict.account}/${conflict.region}; neither is modified or deleted`));
  }
  for (const refusal of report.refusals) {
    lines.push(c.red(`refused: ${refusal.message}`));
    for (const address of refusal.withheld) lines.push(c.red(`    withheld: - ${address}`));
  }
  for (const resource of report.unaddressed) {
    lines.push(c.yellow(`warning: ${resource.type} ${resource.id} in ${resource.account}/${resource.region} carries this owner's tag but no trellis:address; left alone`));
  }
  for (const skipped of report.skippedScopes) {
    lines.push(c.yellow(`warning: ${skipped.account}/${skipped.region} (no manifest there) was not observed: ${skipped.reason}`));
  }
  const s = report.summary;
  lines.push('');
  lines.push(
    c.bold(`Plan: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete, ${s.noop} unchanged${refused ? `; ${refused}` : ''}.`),
  );
  if (report.apply) {
    const a = report.apply;
    for (const failure of a.failures) lines.push(c.red(`error: ${failure.message}`));
    for (const skipped of a.skippedSteps) lines.push(c.yellow(`skipped: ${skipped.step} ${skipped.address} (${skipped.reason})`));
    lines.push(c.bold(`Apply: ${a.done} done, ${a.failed} failed, ${a.skipped} skipped.`));
  }
  return `${lines.join('\n')}\n`;
}

function annotation(change: ReportChange): string {
  const notes = [
    change.reason,
    change.retain ? 'deletionPolicy Retain: ownership tags removed, resource kept' : undefined,
    change.observeOnly ? 'mode observe: drift reported, not changed' : undefined,
    change.blockedBy ? `blocked by the conflict at ${change.blockedBy}` : undefined,
  ].filter(Boolean);
  return notes.length > 0 ? ` — ${notes.join('; ')}` : '';
}
