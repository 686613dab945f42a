/**
 * `--format github`: GitHub Actions workflow commands (`::error file=…,line=…::message`) that GitHub
 * turns into annotations on the pull request, and a Markdown job summary listing every finding.
 *
 * GitHub renders at most 10 error, 10 warning and 10 notice annotations per step and drops the rest,
 * so the most severe come first, only as many as are rendered are written as commands, the others
 * become plain log lines, and a final notice says how many were not annotated and where they are.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { RULES } from '../../core';
import type { Severity } from '../../core';
import { markdownEscape } from '../../core/text';
import type { BaselineOutcome } from '../baseline';
import type { Finding, FileReport, Region } from '../report';
import { regionOf, SEVERITY_ORDER, totals } from '../report';

/** Annotations of each kind GitHub renders per step. */
export const ANNOTATIONS_PER_KIND = 10;
/** The most a step's summary may hold; GitHub shows none of a larger one. */
export const SUMMARY_LIMIT = 1024 * 1024;

const DOCS = new Map(RULES.map((r) => [r.meta.id, r.meta.docsUrl]));
const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes workflow-command data (the message), as @actions/core does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow-command property value (file, title): data escaping, plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface GithubContext {
  readonly cwd: string;
  /** `$GITHUB_WORKSPACE`: paths are made relative to it, as GitHub wants repository paths. */
  readonly workspace?: string;
}

/** A plan's path for GitHub: relative to the workspace when it lies inside it, else as shown. */
export function githubPath(file: string, context: GithubContext): string {
  if (!context.workspace) return file;
  const rel = relative(context.workspace, resolve(context.cwd, file));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}

interface Item {
  readonly path: string;
  readonly finding: Finding;
  readonly region: Region;
}

/** Every finding, errors first, then warnings, then infos; report order within each. */
function ordered(reports: readonly FileReport[], context: GithubContext): Item[] {
  const items = reports.flatMap((report) => {
    const path = githubPath(report.file, context);
    return report.result.findings.map((finding) => ({ path, finding, region: regionOf(report, finding.span) }));
  });
  // Array.prototype.sort is stable, so report order holds within a severity.
  return items.sort((a, b) => SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity]);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The workflow commands. `summary` says whether a job summary is written, so the closing notice
 * can point to it.
 */
export function formatGithub(reports: readonly FileReport[], context: GithubContext & { readonly summary: boolean }): string {
  const items = ordered(reports, context);
  const t = totals(reports);
  // A closing notice is needed when some kind has more than GitHub renders; it takes a notice's place.
  const overflow = t.errors > ANNOTATIONS_PER_KIND || t.warnings > ANNOTATIONS_PER_KIND || t.infos > ANNOTATIONS_PER_KIND;
  const quota: Record<Severity, number> = { error: ANNOTATIONS_PER_KIND, warning: ANNOTATIONS_PER_KIND, info: overflow ? ANNOTATIONS_PER_KIND - 1 : ANNOTATIONS_PER_KIND };
  const lines: string[] = [];
  let notAnnotated = 0;
  for (const { path, finding, region } of items) {
    if (quota[finding.severity] > 0) {
      quota[finding.severity]--;
      const properties = [
        `file=${escapeProperty(path)}`,
        `line=${region.line}`,
        `endLine=${region.endLine}`,
        `col=${region.column}`,
        `endColumn=${region.endColumn}`,
        `title=${escapeProperty(finding.ruleId)}`,
      ];
      lines.push(`::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(finding.message)}`);
    } else {
      // A plain log line; it starts with "bplan:" and has no line breaks, so it can never be read as a command.
      lines.push(`bplan: ${finding.severity} ${escapeData(path)}:${region.line}:${region.column} ${escapeData(finding.message)} [${finding.ruleId}]`);
      notAnnotated++;
    }
  }
  if (notAnnotated > 0) {
    const where = context.summary ? `the log lists them, and the job summary lists all ${items.length}` : 'the log lists them';
    lines.push(
      `::notice title=bplan::${escapeData(
        `${plural(notAnnotated, 'more finding')} not shown as annotations (GitHub shows ${ANNOTATIONS_PER_KIND} errors, ${ANNOTATIONS_PER_KIND} warnings and ${ANNOTATIONS_PER_KIND} notices per step): ${where}`,
      )}`,
    );
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** Links to a file on GitHub, from the variables every workflow run has. */
export interface RepositoryLinks {
  /** `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA` */
  readonly blobBase: string;
}

export function repositoryLinks(env: NodeJS.ProcessEnv): RepositoryLinks | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env;
  if (!server || !repo || !sha || !/^https?:\/\//.test(server) || !/^[\w.-]+\/[\w.-]+$/.test(repo) || !/^[0-9a-f]{7,64}$/i.test(sha)) return undefined;
  return { blobBase: `${server.replace(/\/+$/, '')}/${repo}/blob/${sha}` };
}

/** A table cell: escaped, and on one line (CommonMark ends a line at a lone carriage return too). */
const cell = (text: string) => markdownEscape(text).replace(/[\r\n]+/g, ' ');

export interface SummaryContext extends GithubContext {
  readonly links?: RepositoryLinks;
  readonly baseline?: BaselineOutcome;
  /** Bytes the summary may take (GitHub's limit less what the step already wrote). */
  readonly limit?: number;
}

/**
 * The job summary: totals, every finding in a table (location linked to the file where the
 * repository is known, rule linked to its documentation), counts per rule and, with a baseline,
 * what it matched and which entries were fixed. Rows that would take it past the limit are left out,
 * and it says how many.
 */
export function formatGithubSummary(reports: readonly FileReport[], context: SummaryContext): string {
  const items = ordered(reports, context);
  const t = totals(reports);
  const problems = t.errors + t.warnings + t.infos;
  const files = plural(reports.length, 'file');
  const head = [
    '## bplan lint',
    '',
    problems === 0
      ? `✔ No problems in ${files}.`
      : `✖ ${plural(problems, 'problem')} (${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')}, ${t.infos} info) in ${files}.`,
  ];
  const { baseline } = context;
  if (baseline) {
    head.push(
      '',
      `${plural(baseline.matched, 'finding')} matched the baseline \`${baseline.file.replace(/`/g, "'")}\` and ${baseline.matched === 1 ? 'is' : 'are'} not listed.`,
    );
  }

  const findingRows = items.map(({ path, finding, region }) => {
    const where = `${path}:${region.line}:${region.column}`;
    const link = context.links && !isAbsolute(path) && !path.startsWith('..') ? `${context.links.blobBase}/${path.split('/').map(encodeURIComponent).join('/')}#L${region.line}` : undefined;
    const docs = DOCS.get(finding.ruleId);
    return `| ${link ? `[${cell(where)}](${link})` : cell(where)} | ${finding.severity} | ${docs ? `[${cell(finding.ruleId)}](${docs})` : cell(finding.ruleId)} | ${cell(finding.message)} |`;
  });

  const perRule = new Map<string, Record<Severity, number>>();
  for (const { finding } of items) {
    const counts = perRule.get(finding.ruleId) ?? { error: 0, warning: 0, info: 0 };
    counts[finding.severity]++;
    perRule.set(finding.ruleId, counts);
  }
  const ruleSection = problems
    ? [
        '',
        '### Findings per rule',
        '',
        '| Rule | Errors | Warnings | Info |',
        '| --- | ---: | ---: | ---: |',
        ...[...perRule.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([id, c]) => `| ${DOCS.get(id) ? `[${cell(id)}](${DOCS.get(id)})` : cell(id)} | ${c.error} | ${c.warning} | ${c.info} |`),
        `| **Total** | **${t.errors}** | **${t.warnings}** | **${t.infos}** |`,
      ]
    : [];

  const fixed = baseline?.fixed ?? [];
  const fixedRows = fixed.map((e) => `| ${cell(e.file)} | ${cell(e.ruleId)} | ${cell(e.location)} | ${e.count} | ${cell(e.message)} |`);
  const fixedCount = fixed.reduce((n, e) => n + e.count, 0);
  const fixedHead = fixed.length
    ? [
        '',
        '### Fixed since the baseline',
        '',
        baseline!.pruned
          ? `${plural(fixedCount, 'finding')} of the baseline ${fixedCount === 1 ? 'was' : 'were'} not found again and ${fixedCount === 1 ? 'was' : 'were'} removed from it (\`--prune-baseline\`):`
          : `${plural(fixedCount, 'finding')} of the baseline ${fixedCount === 1 ? 'was' : 'were'} not found again; \`--prune-baseline\` removes ${fixedCount === 1 ? 'it' : 'them'}:`,
        '',
        '| Plan | Rule | Location | Count | Message |',
        '| --- | --- | --- | ---: | --- |',
      ]
    : [];

  // Rows go in while they fit; the head, the per-rule table and a note about left-out rows always do.
  const bytes = (lines: readonly string[]) => lines.reduce((n, l) => n + Buffer.byteLength(l, 'utf8') + 1, 0);
  const tableHead = ['', '| Location | Severity | Rule | Message |', '| --- | --- | --- | --- |'];
  let budget = (context.limit ?? SUMMARY_LIMIT) - bytes(head) - bytes(ruleSection) - bytes(fixedHead) - bytes(tableHead) - 400;
  const take = (rows: readonly string[]) => {
    const kept: string[] = [];
    for (const row of rows) {
      const size = Buffer.byteLength(row, 'utf8') + 1;
      if (size > budget) break;
      budget -= size;
      kept.push(row);
    }
    return kept;
  };
  const shownFindings = take(findingRows);
  const shownFixed = take(fixedRows);
  const tooBig = (left: number, one: string, many: string) =>
    left > 0 ? ['', `… and ${left} more ${left === 1 ? one : many} not listed: a step summary holds at most 1 MiB. The \`json\` and \`sarif\` formats list everything.`] : [];

  const out = [
    ...head,
    ...(problems ? [...tableHead, ...shownFindings, ...tooBig(findingRows.length - shownFindings.length, 'finding', 'findings')] : []),
    ...ruleSection,
    ...(fixed.length ? [...fixedHead, ...shownFixed, ...tooBig(fixedRows.length - shownFixed.length, 'fixed entry', 'fixed entries')] : []),
  ];
  return out.join('\n') + '\n\n';
}
