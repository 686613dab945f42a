/**
 * `--format junit`: JUnit XML in the Ant/Surefire shape CI servers read (Jenkins, GitLab, Azure
 * Pipelines): `testsuites` > one `testsuite` per plan > one `testcase` per rule with findings in it
 * (or one passing `no findings` case for a clean plan) > a `failure` listing the findings with their
 * positions. A finding below --fail-on does not fail the run, so it does not fail its test case
 * either: it is listed in the case's `system-out`, and the report agrees with the exit code.
 */
import { RULES } from '../../core';
import type { Severity } from '../../core';
import type { Finding, FileReport } from '../report';
import { regionOf, SEVERITY_ORDER } from '../report';

export type FailOn = Severity | 'never';

const DOCS = new Map(RULES.map((r) => [r.meta.id, r.meta.docsUrl]));

/**
 * Text XML 1.0 can hold: characters it forbids (most C0 controls, U+FFFE, U+FFFF) are written as
 * `\uXXXX`, and a lone surrogate as U+FFFD, so that a name in a plan can never make the file unreadable.
 */
function xmlSafe(text: string): string {
  return text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Element text: markup escaped; a carriage return as a reference, since parsers turn a raw one into a line feed. */
export function xmlText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** An attribute value in double quotes: tabs and line breaks as references, or parsers would turn them into spaces. */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

const attributes = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`)
    .join('');

function line(report: FileReport, finding: Finding): string {
  const r = regionOf(report, finding.span);
  return `${report.file}:${r.line}:${r.column}  ${finding.severity}  ${finding.message}  [${finding.ruleId}]`;
}

export function formatJunit(reports: readonly FileReport[], failOn: FailOn): string {
  const fails = (f: Finding) => failOn !== 'never' && SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[failOn];
  let allTests = 0;
  let allFailures = 0;
  const suites = reports.map((report) => {
    const byRule = new Map<string, Finding[]>();
    for (const f of report.result.findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
    const cases: string[] = [];
    let failures = 0;
    for (const ruleId of [...byRule.keys()].sort()) {
      const findings = byRule.get(ruleId)!;
      const failing = findings.filter(fails);
      const passing = findings.filter((f) => !fails(f));
      const body: string[] = [];
      if (failing.length) {
        failures++;
        const worst = failing.reduce((a, b) => (SEVERITY_ORDER[b.severity] < SEVERITY_ORDER[a.severity] ? b : a)).severity;
        const message = failing.length === 1 ? failing[0]!.message : `${failing.length} findings; the first: ${failing[0]!.message}`;
        const text = [...failing.map((f) => line(report, f)), ...(DOCS.get(ruleId) ? [`Rule documentation: ${DOCS.get(ruleId)}`] : [])].join('\n');
        body.push(`      <failure${attributes({ message, type: worst })}>${xmlText(text)}</failure>`);
      }
      if (passing.length) body.push(`      <system-out>${xmlText(passing.map((f) => line(report, f)).join('\n'))}</system-out>`);
      cases.push(`    <testcase${attributes({ name: ruleId, classname: report.file, time: '0' })}>\n${body.join('\n')}\n    </testcase>`);
    }
    if (cases.length === 0) cases.push(`    <testcase${attributes({ name: 'no findings', classname: report.file, time: '0' })}/>`);
    allTests += cases.length;
    allFailures += failures;
    const head = attributes({ name: report.file, tests: cases.length, failures, errors: 0, skipped: 0, time: '0' });
    return `  <testsuite${head}>\n${cases.join('\n')}\n  </testsuite>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'bplan lint', tests: allTests, failures: allFailures, errors: 0, time: '0' })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
