import { parseArgs } from 'node:util';
import { PRODUCT_NAMES } from '../core';
import type { Product } from '../core';
import { PRODUCT_VERSIONS } from '../core/products';
import { formatLimits, formatRules, selectLimits } from './format/catalogue';
import { UsageError } from './files';
import { readPlanInputs, writeReport } from './inputs';
import { estimate } from './estimate';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatStylish } from './format/stylish';
import { lintPlans } from './lint-plans';
import { totals } from './report';
import type { FileReport } from './report';
import pkg from '../../../package.json';

export const VERSION: string = pkg.version;

const HELP = `bplan ${VERSION} — backup plans as code

Usage:
  bplan lint [options] [paths|dirs|globs|-]   check plans against the documented product limits
  bplan estimate [options] [paths|dirs|globs|-]
                                              storage pool, scratch and recovery points each plan
                                              needs, with the working (bplan estimate --help)
  bplan rules [--format table|json|markdown]  list the rules, with their limits and sources
  bplan limits [--product P [--version V]] [--format table|json|markdown]
                                              print the limits catalogue, with sources
  bplan lsp [--stdio]                         start the language server (for Neovim, Helix, Emacs…)
  bplan --version
  bplan --help | bplan lint --help

Exit codes: 0 no errors, 1 findings at or above the failing severity, 2 usage error or unreadable input.
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

Options:
  -f, --format F           stylish (default), json or sarif
  -o, --output-file FILE   write the report to FILE instead of standard output
  -c, --config FILE        use this configuration instead of the nearest bplan.config.yaml
      --stdin-filename N   the name to report standard input under (default: <stdin>)
      --max-warnings N     also fail (exit 1) when there are more than N warnings
      --color, --no-color  force colour on or off (default: on for a terminal, off under NO_COLOR)
  -h, --help               show this help

Configuration: the nearest bplan.config.yaml (or .yml) upward from each plan sets rule levels and
options and which files a directory means (schema: schemas/bplan.config.schema.json).
Suppress a finding with a comment: # bplan-disable-next-line <rule-id> -- reason, or for the
whole file # bplan-disable-file <rule-id> -- reason.

Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors found (or too many
warnings), 2 usage error or an input that cannot be read.
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

function useColor(flag: boolean | undefined, io: Io): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stdout.isTTY);
}

async function lint(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      'output-file': { type: 'string', short: 'o' },
      'stdin-filename': { type: 'string' },
      'max-warnings': { type: 'string' },
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
  const format = values.format ?? 'stylish';
  if (!['stylish', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format "${format}"; use stylish, json or sarif`);
  let maxWarnings = Infinity;
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) throw new UsageError('--max-warnings takes a whole number (0 or more)');
    maxWarnings = Number(values['max-warnings']);
  }

  const { plans, unreadable, nothingFound } = readPlanInputs(positionals, { config: values.config, stdinFilename: values['stdin-filename'] }, io);
  if (nothingFound) return 2;
  const reports: FileReport[] = await lintPlans(plans);

  const output =
    format === 'json'
      ? formatJson(reports, VERSION)
      : format === 'sarif'
        ? formatSarif(reports, VERSION, io.cwd)
        : // Nothing was read: no summary, since "no problems" would read as success.
          reports.length === 0
          ? ''
          : formatStylish(reports, { color: values['output-file'] ? false : useColor(values['no-color'] ? false : values.color, io) });
  writeReport(output, values['output-file'], io);

  if (unreadable) return 2;
  const t = totals(reports);
  if (t.errors > 0) return 1;
  if (t.warnings > maxWarnings) {
    io.stderr.write(`bplan: ${t.warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
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
