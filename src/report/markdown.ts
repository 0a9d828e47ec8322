/** `--output markdown`: a pull-request comment. */
import { refusedText, type Report } from './data.js';
import { formatValue, SYMBOLS } from './text.js';

export function formatMarkdown(report: Report): string {
  const s = report.summary;
  const refused = refusedText(report);
  const lines = [
    `### trellis ${report.dryRun ? 'plan' : 'reconcile'}`,
    '',
    `**${s.create}** to create, **${s.update}** to update, **${s.replace}** to replace, **${s.delete}** to delete, ${s.noop} unchanged${refused ? `; **${refused}**` : ''}.`,
    '',
  ];
  const visible = report.changes.filter((change) => change.action !== 'noop');
  if (visible.length > 0) {
    lines.push('| | address | type | account/region | changes |', '|---|---|---|---|---|');
    for (const change of visible) {
      const fields = change.action === 'delete' ? '' : change.diff.map((field) => `\`${field.path}\`${field.replace ? ' (replace)' : ''}`).join(', ');
      lines.push(`| \`${SYMBOLS[change.action]}\` | \`${change.address}\` | ${change.type} | ${change.account}/${change.region} | ${fields} |`);
    }
    lines.push('', '<details><summary>Field-level diff</summary>', '', '```diff');
    for (const change of visible) {
      lines.push(`${change.action === 'delete' ? '-' : change.action === 'create' ? '+' : '!'} ${change.address}`);
      if (change.action === 'delete') continue;
      for (const field of change.diff) lines.push(`    ${field.path}: ${formatValue(field.from)} → ${formatValue(field.to)}`);
    }
    lines.push('```', '', '</details>');
  } else {
    lines.push(refused ? `Nothing planned: ${refused}, see below.` : 'No changes.');
  }
  for (const conflict of report.conflicts) lines.push('', `> **Conflict:** \`${conflict.address}\` is claimed by ${conflict.ids.join(', ')}.`);
  for (const refusal of report.refusals) lines.push('', `> **Refused:** ${refusal.message}`);
  for (const skipped of report.skippedScopes) lines.push('', `> **Not observed:** ${skipped.account}/${skipped.region}: ${skipped.reason}`);
  if (report.apply) {
    lines.push('', `Apply: ${report.apply.done} done, ${report.apply.failed} failed, ${report.apply.skipped} skipped.`);
    for (const failure of report.apply.failures) lines.push(`- :x: ${failure.message}`);
  }
  return `${lines.join('\n')}\n`;
}
