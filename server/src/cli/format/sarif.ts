import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../../core';
import { ruleHelpMarkdown, ruleHelpText } from '../../core/rule-docs';
import { baselineJson } from '../baseline';
import type { BaselineOutcome } from '../baseline';
import type { Finding, FileReport } from '../report';
import { findingKey, occurrences, regionOf } from '../report';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * `bplanFindingKey/v1`: a hash of the file, the finding's key (rule and plan location, see findingKey,
 * the same key baselines use) and its occurrence number among findings with that key (two
 * duplicate-key errors, two workloads of one name), so each finding keeps its fingerprint when lines
 * move, and keeps it when only the value at fault changes.
 */
export function findingFingerprint(file: string, finding: Finding, occurrence: number): string {
  const { ruleId, location } = findingKey(finding);
  // Required here: only SARIF output needs crypto, which is slow to load at every start.
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(`${file}\u0000${ruleId}\u0000${location}\u0000${occurrence}`).digest('hex').slice(0, 32);
}

/** A SARIF artifact location: relative to %SRCROOT% (the working directory), or an absolute file URI. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (file === '<stdin>' || !isAbsolute(file)) {
    return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  }
  return { uri: pathToFileURL(resolve(cwd, file)).href };
}

/**
 * SARIF 2.1.0 as GitHub code scanning ingests it: every rule with full description and help, results
 * with 1-based regions (exclusive end column, UTF-16 columns), related locations and stable
 * partialFingerprints keyed by the semantic location rather than the line. With a baseline, results
 * are the new findings (`baselineState: "new"`), and the run's property bag says how many matched it
 * and which of its entries were not found again.
 */
export function formatSarif(reports: readonly FileReport[], toolVersion: string, cwd: string, baseline?: BaselineOutcome): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  const results = reports.flatMap((report) => {
    const occurrence = occurrences(report);
    const artifact = artifactLocation(report.file, cwd);
    return report.result.findings.map((f) => {
      const region = regionOf(report, f.span);
      const physical = (r: typeof region) => ({
        artifactLocation: artifact,
        region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
      });
      return {
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId) ?? 0,
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: physical(region),
            ...(f.path ? { logicalLocations: [{ fullyQualifiedName: f.path, kind: 'member' }] } : {}),
          },
        ],
        ...(f.related?.length
          ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: physical(regionOf(report, r.span)) })) }
          : {}),
        partialFingerprints: { 'bplanFindingKey/v1': findingFingerprint(report.file, f, occurrence.get(f) ?? 0) },
        ...(baseline ? { baselineState: 'new' } : {}),
      };
    });
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bplan',
            version: toolVersion,
            semanticVersion: toolVersion,
            informationUri: 'https://github.com/bplan-dev/bplan',
            rules: RULES.map((rule) => ({
              id: rule.meta.id,
              shortDescription: { text: rule.meta.description },
              fullDescription: { text: (rule.meta.docs ? `${rule.meta.description} ${rule.meta.docs.replace(/`/g, '')}` : rule.meta.description).slice(0, 1024) },
              help: { text: ruleHelpText(rule), markdown: ruleHelpMarkdown(rule) },
              helpUri: rule.meta.docsUrl,
              defaultConfiguration: { level: LEVEL[rule.meta.defaultSeverity] },
              properties: { tags: [rule.meta.category], precision: 'very-high' },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory bplan was run in.' } } },
        results,
        ...(baseline ? { properties: { baseline: baselineJson(baseline) } } : {}),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
