import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lintText } from '../core';
import { displayPath, expandOperands, readPlan, ReadError, UsageError } from './files';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatStylish } from './format/stylish';
import { makeReport, totals } from './report';
import type { FileReport } from './report';
import pkg from '../../../package.json';

export const VERSION: string = pkg.version;

const HELP = `bplan ${VERSION} — backup plans as code

Usage:
  bplan lint [options] [paths|dirs|globs|-]   check plans against the documented product limits
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
      --stdin-filename N   the name to report standard input under (default: <stdin>)
      --max-warnings N     also fail (exit 1) when there are more than N warnings
      --color, --no-color  force colour on or off (default: on for a terminal, off under NO_COLOR)
  -h, --help               show this help

Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors found (or too many
warnings), 2 usage error or an input that cannot be read.
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

function lint(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      'output-file': { type: 'string', short: 'o' },
      'stdin-filename': { type: 'string' },
      'max-warnings': { type: 'string' },
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

  const operands = positionals.length ? positionals : ['.'];
  const { targets, missing } = expandOperands(operands, io.cwd);
  let unreadable = missing.length > 0;
  for (const m of missing) io.stderr.write(`bplan: ${m}: no such file, directory or matching glob\n`);

  const reports: FileReport[] = [];
  for (const target of targets) {
    const shown = target === '-' ? (values['stdin-filename'] ?? '<stdin>') : displayPath(target, io.cwd);
    let text: string;
    try {
      text = readPlan(target, shown);
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      io.stderr.write(`bplan: ${error.message}\n`);
      unreadable = true;
      continue;
    }
    reports.push(makeReport(shown, text, lintText(text)));
  }
  if (targets.length === 0 && missing.length === 0) {
    io.stderr.write(`bplan: no *.bplan.yaml or *.bplan.yml files found in ${operands.join(', ')}\n`);
    return 2;
  }

  const output =
    format === 'json'
      ? formatJson(reports, VERSION)
      : format === 'sarif'
        ? formatSarif(reports, VERSION, io.cwd)
        : // Nothing was read: no summary, since "no problems" would read as success.
          reports.length === 0
          ? ''
          : formatStylish(reports, { color: values['output-file'] ? false : useColor(values['no-color'] ? false : values.color, io) });
  if (values['output-file']) {
    const file = resolve(io.cwd, values['output-file']);
    try {
      writeFileSync(file, output);
    } catch (error) {
      throw new UsageError(`cannot write ${values['output-file']}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  } else {
    io.stdout.write(output);
  }

  if (unreadable) return 2;
  const t = totals(reports);
  if (t.errors > 0) return 1;
  if (t.warnings > maxWarnings) {
    io.stderr.write(`bplan: ${t.warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** Runs the CLI; returns the exit code. Never throws: every failure is a message and exit code 2. */
export function run(argv: readonly string[], io: Io): number {
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
    if (command === 'lint') return lint(rest, io);
    throw new UsageError(`unknown command "${command}"; try bplan --help`);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS');
    // Node's argument errors can run to several lines; one line is enough, with the help pointer.
    const message = usage
      ? `${String((error as Error).message).split('\n')[0]}${error instanceof UsageError ? '' : ' (see bplan lint --help)'}`
      : `internal error: ${String((error as Error)?.message ?? error)} (please report this)`;
    io.stderr.write(`bplan: ${message}\n`);
    return 2;
  }
}
