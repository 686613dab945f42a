import { createHash } from 'node:crypto';
import { RULES } from '../../core';
import { ruleHelpMarkdown, ruleHelpText } from '../../core/rule-docs';
import type { FileReport } from '../report';
import { regionOf } from '../report';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** A line-independent key: rule + file + semantic location (+ message for findings sharing a location). */
export function findingFingerprint(ruleId: string, file: string, location: string, message: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${file}\u0000${location || message}`).digest('hex').slice(0, 32);
}

/**
 * SARIF 2.1.0 as GitHub code scanning ingests it: every rule with full description and help, results
 * with 1-based regions (exclusive end column, UTF-16 columns), related locations and stable
 * partialFingerprints keyed by the semantic location rather than the line.
 */
export function formatSarif(reports: readonly FileReport[], toolVersion: string): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  const results = reports.flatMap((report) =>
    report.result.findings.map((f) => {
      const region = regionOf(report, f.span);
      const physical = (r: typeof region) => ({
        artifactLocation: { uri: encodeURI(report.file), uriBaseId: '%SRCROOT%' },
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
        partialFingerprints: { 'bplanFindingKey/v1': findingFingerprint(f.ruleId, report.file, f.path, f.message) },
      };
    }),
  );
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
              name: rule.meta.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: rule.meta.description },
              fullDescription: { text: (rule.meta.docs ? `${rule.meta.description} ${rule.meta.docs.replace(/`/g, '')}` : rule.meta.description).slice(0, 1024) },
              help: { text: ruleHelpText(rule), markdown: ruleHelpMarkdown(rule) },
              helpUri: rule.meta.docsUrl,
              defaultConfiguration: { level: LEVEL[rule.meta.defaultSeverity] },
              properties: { tags: [rule.meta.category, ...(rule.meta.category === 'security' ? ['security'] : [])], precision: 'very-high' },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory bplan was run in.' } } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
