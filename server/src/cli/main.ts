import { appendFileSync, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PRODUCT_NAMES } from '../core';
import type { Product } from '../core';
import { applyBaseline, baselineSize, pruneBaseline, readBaseline, serializeBaseline, updateBaseline, writeBaselineFile } from './baseline';
import type { Baseline, BaselineEntry, BaselineOutcome } from './baseline';
import { PRODUCT_VERSIONS } from '../core/products';
import { formatLimits, formatRules, selectLimits } from './format/catalogue';
import { UsageError } from './files';
import { readPlanInputs, writeReport } from './inputs';
import { estimate } from './estimate';
import { fixPlans, MAX_FIX_PASSES } from './fix';
import { init } from './init';
import { formatGithub, formatGithubSummary, repositoryLinks, SUMMARY_LIMIT } from './format/github';
import { formatJson } from './format/json';
import { formatJunit } from './format/junit';
import type { FailOn } from './format/junit';
import { formatSarif } from './format/sarif';
import { formatStylish } from './format/stylish';
import { lintPlans } from './lint-plans';
import { totals, withFindings } from './report';
import type { FileReport } from './report';
import pkg from '../../../package.json';

export const VERSION: string = pkg.version;

const HELP = `bplan ${VERSION} — backup plans as code

Usage:
  bplan lint [options] [paths|dirs|globs|-]   check plans against the documented product limits
  bplan lint --fix [options] [paths|dirs|globs|-]
                                              apply the fixes that need no choice, then report
                                              what remains (--fix-dry-run: write nothing)
  bplan estimate [options] [paths|dirs|globs|-]
                                              storage pool, scratch and recovery points each plan
                                              needs, with the working (bplan estimate --help)
  bplan init [FILE|-] [--product P] [--version V] [--workloads A,B] [--force]
                                              write a new plan that lints clean (bplan init --help)
  bplan rules [--format table|json|markdown]  list the rules, with their limits and sources
  bplan limits [--product P [--version V]] [--format table|json|markdown]
                                              print the limits catalogue, with sources
  bplan lsp [--stdio]                         start the language server (for Neovim, Helix, Emacs…)
  bplan --version
  bplan --help | bplan lint --help | bplan init --help

Exit codes: 0 no errors, 1 findings at or above the failing severity, 2 usage error, unreadable
input or a file that cannot be written.
`;

const LINT_HELP = `Usage: bplan lint [options] [paths|dirs|globs|-]

Checks backup plans (*.bplan.yaml, *.bplan.yml) against the plan format and the documented limits
of DPM, Azure Backup Server, the MARS agent and Azure VM backup.

Operands:
  path             a plan file (any name)
  dir              every *.bplan.yaml / *.bplan.yml below it, skipping node_modules and dot-folders
  glob             e.g. 'plans/**/*.bplan.yaml' (quote it so the shell leaves it alone)
  -                standard input (name it with --stdin-filename)
  (none)           the current directory

Output:
  -f, --format F           stylish (default), json, sarif, github (GitHub Actions annotations, and
                           a job summary in $GITHUB_STEP_SUMMARY) or junit (JUnit XML); repeat it
                           for several reports at once
  -o, --output-file FILE   write the report of the --format just before it to FILE; a format
                           without a file goes to standard output (one at most)
                           e.g. -f sarif -o bplan.sarif -f junit -o bplan.xml -f stylish
      --quiet              report errors only (warnings and info still count for --fail-on and
                           --max-warnings)
      --color, --no-color  force colour on or off; otherwise on for a terminal, off when NO_COLOR
                           is set, and FORCE_COLOR=1 (or 0) forces it on (or off)

Failing:
      --fail-on LEVEL      error (default), warning, info or never: exit 1 when a finding at or
                           above LEVEL is reported
      --max-warnings N     also exit 1 when there are more than N warnings

Fixing:
      --fix                apply the fixes that need no choice (a finding's one preferred fix, as
                           the editor marks it) to each plan, lint again, repeat (at most ${MAX_FIX_PASSES}
                           passes), then report what remains. A file is written only when it
                           changes, atomically, and not if it changed since bplan read it;
                           comments, layout, line endings and a BOM are kept. The fixes applied
                           are listed on standard error
      --fix-dry-run        the same without writing: report what would remain, and list the
                           fixes --fix would apply on standard error
                           With - (standard input), both print the fixed plan on standard output,
                           whole, even when nothing changed; a report meant for standard output
                           goes to standard error instead

Baseline (adopt bplan on plans with known findings, then fail only on new ones):
      --write-baseline FILE  record today's findings in FILE (by plan, rule and location in the
                           plan, not by line), keeping entries of plans not linted in this run
      --baseline FILE      report only findings not in FILE (count-aware), and list its entries
                           no longer found as fixed
      --prune-baseline     with --baseline: remove the fixed entries from FILE (adds none)

Input:
  -c, --config FILE        use this configuration instead of the nearest bplan.config.yaml
      --stdin-filename N   the name to report standard input under (default: <stdin>)
  -h, --help               show this help

Configuration: the nearest bplan.config.yaml (or .yml) upward from each plan sets rule levels and
options and which files a directory means (schema: schemas/bplan.config.schema.json).
Suppress a finding with a comment: # bplan-disable-next-line <rule-id> -- reason, or for the
whole file # bplan-disable-file <rule-id> -- reason.

Exit codes: 0 no errors (no findings at or above --fail-on, and warnings within --max-warnings),
1 findings that fail the run (with a baseline, new ones only; with --fix, those that remain),
2 usage error, an unreadable or invalid baseline, an input that cannot be read, or fixes that
could not be written.
`;

const RULES_HELP = `Usage: bplan rules [--format table|json|markdown]

Lists every rule: id, default severity, description, and with json or markdown the limits it
enforces, the products and versions they apply to, and the sources with their exact words.
`;

const LIMITS_HELP = `Usage: bplan limits [--product P [--version V]] [--format table|json|markdown]

Prints the limits catalogue: each documented limit with its value, unit, the products and versions
it applies to, its sources (exact quotes) and, where documents disagree, the alternatives.

  --product P   mars, dpm, mabs or azure-vm-backup: only the limits that apply to it
  --version V   with --product: only those for that version (dpm: 2012-sp1, 2012-r2, 2016, 2019,
                2022; mabs: v1, v2, v3, v4)
`;

export interface Io {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: { write(s: string): unknown; isTTY?: boolean };
  readonly stderr: { write(s: string): unknown };
}

/**
 * Colour for a report on standard output. A flag wins (the last of --color and --no-color); then
 * FORCE_COLOR (0 or false: off; 1, 2, 3, true or empty: on; it overrides NO_COLOR, as in Node.js);
 * then NO_COLOR (any non-empty value: off); then whether standard output is a terminal.
 */
export function useColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR?.trim().toLowerCase();
  if (force === '0' || force === 'false') return false;
  if (force !== undefined && ['', '1', '2', '3', 'true'].includes(force)) return true;
  if (env.NO_COLOR) return false;
  return isTTY;
}

const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit'] as const;
type Format = (typeof FORMATS)[number];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'never'];

interface Output {
  readonly format: Format;
  /** Absent: standard output. */
  readonly file?: string;
}

type Token = ReturnType<typeof parseArgs>['tokens'] extends (infer T)[] | undefined ? T : never;

/**
 * Pairs each --format with the --output-file that follows it (before the next --format). An
 * --output-file before any --format belongs to the one format given (stylish when none is).
 */
function outputsOf(tokens: readonly Token[], cwd: string): Output[] {
  const outputs: { format: string; file?: string }[] = [];
  const leading: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    if (token.name === 'format') outputs.push({ format: token.value });
    if (token.name !== 'output-file') continue;
    const last = outputs.at(-1);
    if (!last) leading.push(token.value);
    else if (last.file !== undefined) throw new UsageError(`--format ${last.format} has two --output-file; give each --format its own, right after it`);
    else last.file = token.value;
  }
  if (outputs.length === 0) outputs.push({ format: 'stylish' });
  if (leading.length) {
    if (leading.length > 1 || outputs.length > 1 || outputs[0]!.file !== undefined) {
      throw new UsageError('with several reports, put each --output-file right after the --format it is for');
    }
    outputs[0]!.file = leading[0];
  }
  for (const { format } of outputs) {
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"; use ${FORMATS.join(', ')}`);
  }
  const toStdout = outputs.filter((o) => o.file === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(`only one report can go to standard output, not ${toStdout.map((o) => o.format).join(' and ')}: give the others an --output-file`);
  }
  const seen = new Map<string, string>();
  for (const { format, file } of outputs) {
    if (file === undefined) continue;
    const full = resolve(cwd, file);
    if (seen.has(full)) throw new UsageError(`--format ${seen.get(full)} and --format ${format} both write ${file}`);
    seen.set(full, format);
  }
  return outputs as Output[];
}

/** The last of --color / --no-color, if either was given. */
function colorFlag(tokens: readonly Token[]): boolean | undefined {
  let flag: boolean | undefined;
  for (const token of tokens) {
    if (token.kind === 'option' && token.name === 'color') flag = true;
    if (token.kind === 'option' && token.name === 'no-color') flag = false;
  }
  return flag;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The baseline's entries no longer found, for standard error. */
function describeFixed(outcome: BaselineOutcome): string {
  const count = outcome.fixed.reduce((n, e) => n + e.count, 0);
  const was = count === 1 ? 'was' : 'were';
  const head = outcome.pruned
    ? `bplan: ${plural(count, 'finding')} of the baseline ${outcome.file} ${was} not found again and ${was} removed from it:`
    : `bplan: ${plural(count, 'finding')} of the baseline ${outcome.file} ${was} not found again (fixed); --prune-baseline removes ${count === 1 ? 'it' : 'them'}:`;
  const line = (e: BaselineEntry) => `  ${e.file}  ${e.ruleId}  ${e.location}${e.count > 1 ? `  (×${e.count})` : ''}${e.location === e.message ? '' : `  ${e.message}`}`;
  return [head, ...outcome.fixed.map(line)].join('\n') + '\n';
}

interface BaselineRun {
  /** The baseline file as the user named it. */
  readonly shown: string;
  readonly path: string;
  /** Its entries, read before linting; none for a --write-baseline file not there yet. */
  readonly recorded?: Baseline;
  readonly write: boolean;
  readonly prune: boolean;
}

/**
 * Applies --baseline (and --prune-baseline), or writes --write-baseline: the reports with only new
 * findings, and what happened, for the reports and standard error.
 */
function withBaseline(reports: FileReport[], run: BaselineRun | undefined, io: Io): { reports: FileReport[]; outcome?: BaselineOutcome } {
  if (!run) return { reports };
  const dir = dirname(run.path);
  const exists = (p: string) => existsSync(p);
  let baseline: Baseline = run.recorded ?? new Map();
  if (run.write) {
    baseline = updateBaseline(run.recorded, reports, io.cwd, dir, exists);
    writeBaselineFile(run.path, serializeBaseline(baseline), run.shown);
    const plans = new Set([...baseline.values()].map((e) => e.file)).size;
    io.stderr.write(`bplan: wrote ${plural(baselineSize(baseline), 'finding')} in ${plural(plans, 'plan')} to the baseline ${run.shown}\n`);
  }
  const applied = applyBaseline(reports, baseline, io.cwd, dir, exists);
  const pruned = run.prune && applied.fixed.length > 0;
  if (pruned) writeBaselineFile(run.path, serializeBaseline(pruneBaseline(baseline, applied.fixed)), run.shown);
  const outcome: BaselineOutcome = { file: run.shown, matched: applied.matched, fixed: applied.fixed, written: run.write, pruned };
  if (outcome.fixed.length) io.stderr.write(describeFixed(outcome));
  return { reports: applied.reports, outcome };
}

async function lint(args: string[], io: Io): Promise<number> {
  const { values, positionals, tokens } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    tokens: true,
    options: {
      format: { type: 'string', short: 'f', multiple: true },
      'output-file': { type: 'string', short: 'o', multiple: true },
      'stdin-filename': { type: 'string' },
      'fail-on': { type: 'string' },
      'max-warnings': { type: 'string' },
      quiet: { type: 'boolean' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
      'prune-baseline': { type: 'boolean' },
      fix: { type: 'boolean' },
      'fix-dry-run': { type: 'boolean' },
      config: { type: 'string', short: 'c' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(LINT_HELP);
    return 0;
  }
  const outputs = outputsOf(tokens, io.cwd);
  const failOn = (values['fail-on'] ?? 'error') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on takes ${FAIL_ON.join(', ')}, not "${values['fail-on']}"`);
  let maxWarnings = Infinity;
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) throw new UsageError('--max-warnings takes a whole number (0 or more)');
    maxWarnings = Number(values['max-warnings']);
  }
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run do not go together: --fix-dry-run is --fix without writing');
  const fixing = values.fix || values['fix-dry-run'];
  const { baseline, 'write-baseline': write, 'prune-baseline': prune = false } = values;
  if (baseline !== undefined && write !== undefined) {
    throw new UsageError('--baseline and --write-baseline do not go together: --write-baseline alone updates the baseline');
  }
  if (prune && baseline === undefined) throw new UsageError('--prune-baseline goes with --baseline FILE');
  const baselineFile = baseline ?? write;
  let baselineRun: BaselineRun | undefined;
  if (baselineFile !== undefined) {
    const path = resolve(io.cwd, baselineFile);
    if (outputs.some((o) => o.file !== undefined && resolve(io.cwd, o.file) === path)) throw new UsageError(`${baselineFile} is the baseline; write the report to another file`);
    // Read before any plan is: a missing or invalid baseline is a usage error, and so is a file to
    // write over that is not a baseline.
    baselineRun = { shown: baselineFile, path, recorded: readBaseline(path, baselineFile, write !== undefined), write: write !== undefined, prune };
  }

  const read = readPlanInputs(positionals, { config: values.config, stdinFilename: values['stdin-filename'] }, io);
  if (read.nothingFound) return 2;
  const fixed = fixing ? fixPlans(read.plans, values.fix === true, io) : undefined;
  const linted: FileReport[] = await lintPlans(fixed?.plans ?? read.plans);
  // Standard output carries the fixed standard input: a report meant for it goes to standard error.
  const reportIo: Io = fixed?.stdinText === undefined ? io : { ...io, stdout: { write: (s: string) => io.stderr.write(s) } };

  const { reports: fresh, outcome } = withBaseline(linted, baselineRun, io);
  const shown = values.quiet ? fresh.map((r) => withFindings(r, (f) => f.severity === 'error')) : fresh;

  const summaryFile = io.env.GITHUB_STEP_SUMMARY || undefined;
  const github = { cwd: io.cwd, workspace: io.env.GITHUB_WORKSPACE || undefined };
  const render = ({ format, file }: Output): string => {
    switch (format) {
      case 'json':
        return formatJson(shown, VERSION, outcome);
      case 'sarif':
        return formatSarif(shown, VERSION, io.cwd, outcome);
      case 'github':
        return formatGithub(shown, { ...github, summary: summaryFile !== undefined });
      case 'junit':
        return formatJunit(shown, failOn);
      case 'stylish':
        // Nothing was read: no summary, since "no problems" would read as success.
        return shown.length === 0
          ? ''
          : formatStylish(shown, { color: file === undefined && useColor(colorFlag(tokens), io.env, Boolean(reportIo.stdout.isTTY)), baselined: outcome?.matched });
    }
  };
  // Files first: one that cannot be written stops the run before standard output says anything.
  for (const output of [...outputs].sort((a, b) => Number(a.file === undefined) - Number(b.file === undefined))) {
    writeReport(render(output), output.file, reportIo);
  }
  if (fixed?.stdinText !== undefined) io.stdout.write(fixed.stdinText);
  // As for stylish: when no plan was read, no summary, since "no problems" would read as success.
  if (summaryFile !== undefined && shown.length > 0 && outputs.some((o) => o.format === 'github')) {
    let used = 0;
    try {
      used = statSync(summaryFile).size;
    } catch {
      // not there yet
    }
    const summary = formatGithubSummary(shown, { ...github, links: repositoryLinks(io.env), baseline: outcome, limit: SUMMARY_LIMIT - used });
    try {
      appendFileSync(summaryFile, summary);
    } catch (error) {
      throw new UsageError(`cannot write the job summary $GITHUB_STEP_SUMMARY (${summaryFile}): ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }

  if (read.unreadable || fixed?.failed) return 2;
  // Findings --quiet left out of the reports still count.
  const t = totals(fresh);
  const failing = failOn === 'never' ? 0 : failOn === 'error' ? t.errors : failOn === 'warning' ? t.errors + t.warnings : t.errors + t.warnings + t.infos;
  if (failing > 0) {
    if (values.quiet && t.errors === 0) io.stderr.write(`bplan: ${plural(failing, 'finding')} not shown under --quiet fail the run (--fail-on ${failOn})\n`);
    return 1;
  }
  if (t.warnings > maxWarnings) {
    io.stderr.write(`bplan: ${t.warnings} warnings, more than --max-warnings ${maxWarnings}${values.quiet ? ' (not shown under --quiet)' : ''}\n`);
    return 1;
  }
  return 0;
}

function catalogueArgs(args: string[], extra: Record<string, { type: 'string' }>) {
  return parseArgs({
    args,
    allowPositionals: false,
    strict: true,
    options: { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' }, ...extra },
  }).values as { format?: string; help?: boolean; product?: string; version?: string };
}

function checkFormat(format: string | undefined): string {
  const f = format ?? 'table';
  if (!['table', 'json', 'markdown'].includes(f)) throw new UsageError(`unknown format "${f}"; use table, json or markdown`);
  return f;
}

function rules(args: string[], io: Io): number {
  const values = catalogueArgs(args, {});
  if (values.help) {
    io.stdout.write(RULES_HELP);
    return 0;
  }
  io.stdout.write(formatRules(checkFormat(values.format)));
  return 0;
}

function limits(args: string[], io: Io): number {
  const values = catalogueArgs(args, { product: { type: 'string' }, version: { type: 'string' } });
  if (values.help) {
    io.stdout.write(LIMITS_HELP);
    return 0;
  }
  const format = checkFormat(values.format);
  const product = values.product;
  if (product !== undefined && !(product in PRODUCT_NAMES)) {
    throw new UsageError(`unknown product "${product}"; use ${Object.keys(PRODUCT_NAMES).join(', ')}`);
  }
  if (values.version !== undefined) {
    if (product === undefined) throw new UsageError('--version goes with --product');
    const known = PRODUCT_VERSIONS[product as Product];
    if (!known) throw new UsageError(`${product} has no versions bplan distinguishes`);
    if (!known.includes(values.version)) throw new UsageError(`unknown ${product} version "${values.version}"; use ${known.join(', ')}`);
  }
  io.stdout.write(formatLimits(selectLimits(product as Product | undefined, values.version), format));
  return 0;
}

/** Runs the CLI; resolves to the exit code. Never rejects: every failure is a message and exit code 2. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v' || command === 'version') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (command === 'lint') return await lint(rest, io);
    if (command === 'estimate') return estimate(rest, io, VERSION);
    if (command === 'init') return init(rest, io);
    if (command === 'rules') return rules(rest, io);
    if (command === 'limits') return limits(rest, io);
    throw new UsageError(`unknown command "${command}"; try bplan --help`);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS');
    // Node's argument errors can run to several lines; one line is enough, with the help pointer.
    const message = usage
      ? error instanceof UsageError
        ? error.message
        : `${String((error as Error).message).split('\n')[0]} (see bplan lint --help)`
      : `internal error: ${String((error as Error)?.message ?? error)} (please report this)`;
    io.stderr.write(`bplan: ${message}\n`);
    return 2;
  }
}
