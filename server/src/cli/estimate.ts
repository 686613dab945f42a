/**
 * `bplan estimate`: the storage pool, scratch, recovery points and protected instances each plan
 * needs, with the working of every number. Operands and configuration are those of `bplan lint`.
 * Estimates never fail a run — lint is the judge: exit 0 when estimates were printed, 2 for a usage
 * error or an input that cannot be read.
 */
import { lintText } from '../core';
import { estimatePlan } from '../core/estimate';
import { commandArgs, UsageError } from './files';
import type { FileEstimate } from './format/estimate-common';
import { readPlanInputs, writeReport } from './inputs';
import { formatEstimateHtml } from './format/estimate-html';
import { formatEstimateJson } from './format/estimate-json';
import { formatEstimateMarkdown } from './format/estimate-markdown';
import { formatEstimateTable } from './format/estimate-table';
import type { Io } from './main';

export const ESTIMATE_FORMATS = ['table', 'json', 'markdown', 'html'] as const;

export const ESTIMATE_HELP = `Usage: bplan estimate [options] [paths|dirs|globs|-]

Estimates what each plan needs: per DPM/MABS server the storage pool (replica and recovery point
volumes of each workload, against the pool's capacity and the 1.5× / 2–3× rules of thumb), the
scratch location against its free space, and per workload the recovery points on disk and in the
vault against their limits and the protected instances billed. Every number comes with its
formula, its inputs, the assumptions made and its sources; a number that lacks an input says
what is missing instead of showing 0.

Operands: as for bplan lint (a file, a directory, a quoted glob, - for standard input; none means
the current directory).

Options:
  -f, --format F           table (default), json, markdown or html (one self-contained page)
  -o, --output-file FILE   write the estimate to FILE instead of standard output
  -c, --config FILE        use this configuration instead of the nearest bplan.config.yaml
      --stdin-filename N   the name to show standard input under (default: <stdin>)
  -h, --help               show this help

Sizes are in GB below 1,000 GB and in TB (1 TB = 1,024 GB) from there. The JSON shape is
documented in docs/estimates.md.

Exit codes: 0 estimates printed (estimates never fail a run; bplan lint checks the limits),
2 usage error or an input that cannot be read.
`;

const EMPTY: Parameters<typeof estimatePlan>[0] = { span: { start: 0, end: 0 }, servers: [], workloads: [], policies: [] };

export function estimate(args: string[], io: Io, toolVersion: string): number {
  const { values, positionals } = commandArgs('estimate', args, {
    format: { type: 'string', short: 'f' },
    'output-file': { type: 'string', short: 'o' },
    'stdin-filename': { type: 'string' },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(ESTIMATE_HELP);
    return 0;
  }
  const format = values.format ?? 'table';
  if (!(ESTIMATE_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"; use ${ESTIMATE_FORMATS.join(', ')}`);

  const { plans, unreadable, nothingFound } = readPlanInputs(positionals, { config: values.config, stdinFilename: values['stdin-filename'] }, io);
  if (nothingFound) return 2;

  const files: FileEstimate[] = [];
  for (const { shown, text, config } of plans) {
    const result = lintText(text, { config });
    const yamlErrors = result.findings.filter((f) => f.ruleId === 'yaml-syntax').length;
    if (yamlErrors > 0) {
      const note = `the plan has ${yamlErrors === 1 ? 'a YAML error' : `${yamlErrors} YAML errors`}; bplan lint shows ${yamlErrors === 1 ? 'it' : 'them'}`;
      io.stderr.write(`bplan: ${shown}: no estimate: ${note}\n`);
      files.push({ file: shown, estimate: estimatePlan(EMPTY), note });
      continue;
    }
    files.push({ file: shown, estimate: result.estimates ?? estimatePlan(EMPTY) });
  }

  const output =
    files.length === 0 && format !== 'json'
      ? ''
      : format === 'json'
        ? formatEstimateJson(files, toolVersion)
        : format === 'markdown'
          ? formatEstimateMarkdown(files)
          : format === 'html'
            ? formatEstimateHtml(files)
            : formatEstimateTable(files);
  writeReport(output, values['output-file'], io);
  return unreadable ? 2 : 0;
}
