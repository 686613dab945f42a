import type { FileReport } from '../report';
import { maskedLine, printable, regionOf, totals } from '../report';

export interface Style {
  readonly color: boolean;
  /** With a baseline: how many findings matched it (the summary then counts the new ones). */
  readonly baselined?: number;
}

const CODES = { red: [31, 39], yellow: [33, 39], cyan: [36, 39], dim: [2, 22], bold: [1, 22], green: [32, 39] } as const;

function paint(style: Style, name: keyof typeof CODES, text: string): string {
  if (!style.color) return text;
  const [open, close] = CODES[name];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `file:line:col  severity  message  [rule-id]`, then the source line with a caret under the span
 * (secrets masked, control characters shown as symbols), then a summary line.
 */
export function formatStylish(reports: readonly FileReport[], style: Style): string {
  const out: string[] = [];
  for (const report of reports) {
    for (const finding of report.result.findings) {
      const region = regionOf(report, finding.span);
      const severity =
        finding.severity === 'error' ? paint(style, 'red', 'error') : finding.severity === 'warning' ? paint(style, 'yellow', 'warning') : paint(style, 'cyan', 'info');
      out.push(`${printable(report.file)}:${region.line}:${region.column}  ${severity}  ${printable(finding.message)}  ${paint(style, 'dim', `[${finding.ruleId}]`)}`);
      const lineText = printable(maskedLine(report, region.line - 1));
      if (lineText.length <= 400) {
        const gutter = String(region.line);
        const caretEnd = region.endLine === region.line ? region.endColumn : lineText.length + 1;
        const width = Math.max(1, caretEnd - region.column);
        const pad = lineText.slice(0, region.column - 1).replace(/[^\t]/g, ' ');
        out.push(paint(style, 'dim', `  ${gutter} | `) + lineText);
        out.push(paint(style, 'dim', `  ${' '.repeat(gutter.length)} | `) + pad + paint(style, finding.severity === 'error' ? 'red' : 'yellow', '^'.repeat(width)));
      }
      for (const related of finding.related ?? []) {
        const r = regionOf(report, related.span);
        out.push(paint(style, 'dim', `  ↳ ${printable(report.file)}:${r.line}:${r.column}  ${printable(related.message)}`));
      }
    }
  }
  const t = totals(reports);
  const problems = t.errors + t.warnings + t.infos;
  const files = plural(reports.length, 'file');
  const isNew = style.baselined === undefined ? '' : 'new ';
  const inBaseline = style.baselined === undefined ? '' : ` (${style.baselined} in the baseline)`;
  if (problems === 0) {
    out.push(paint(style, 'green', `✔ no ${isNew}problems in ${files}`) + inBaseline);
  } else {
    if (out.length) out.push('');
    out.push(
      paint(
        style,
        t.errors ? 'red' : 'yellow',
        `✖ ${problems} ${isNew}problem${problems === 1 ? '' : 's'} (${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')}, ${t.infos} info) in ${files}`,
      ) + inBaseline,
    );
  }
  return out.join('\n') + '\n';
}
