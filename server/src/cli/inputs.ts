import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FileConfig } from '../core';
import { ConfigFinder } from './config';
import { displayPath, expandOperands, maxPlanBytes, readPlan, ReadError, UsageError } from './files';
import type { Io } from './main';
import { writeFileAtomic } from './write-file';

export interface PlanInput {
  /** Path on disk, or `-`. */
  readonly target: string;
  /** The name shown to the user and in reports. */
  readonly shown: string;
  readonly text: string;
  /** The configuration that applies to this plan. */
  readonly config: FileConfig;
}

export interface PlanInputs {
  readonly plans: readonly PlanInput[];
  /** Some operand was missing or some file could not be read (each already said on stderr): exit 2. */
  readonly unreadable: boolean;
  /** The operands named no plan at all (said on stderr): exit 2. */
  readonly nothingFound: boolean;
}

/**
 * Reads the plans the operands name, as `bplan lint` and `bplan estimate` both take them: files,
 * directories, globs and `-`, each with the configuration found for it. Problems go to stderr.
 */
export function readPlanInputs(
  positionals: readonly string[],
  options: { readonly config?: string; readonly stdinFilename?: string },
  io: Io,
): PlanInputs {
  const maxBytes = maxPlanBytes(io.env);
  const operands = positionals.length ? positionals : ['.'];
  const configs = new ConfigFinder(io.cwd, options.config);
  const { targets, missing } = expandOperands(operands, io.cwd, (dir) => configs.forDirectory(dir));
  let unreadable = missing.length > 0;
  for (const m of missing) io.stderr.write(`bplan: ${m}: no such file, directory or matching glob\n`);
  const nothingFound = targets.length === 0 && missing.length === 0;
  if (nothingFound) io.stderr.write(`bplan: no *.bplan.yaml or *.bplan.yml files found in ${operands.join(', ')}\n`);

  const plans: PlanInput[] = [];
  for (const target of targets) {
    const shown = target === '-' ? (options.stdinFilename ?? '<stdin>') : displayPath(target, io.cwd);
    try {
      plans.push({ target, shown, text: readPlan(target, shown, maxBytes), config: configs.forFile(target).config });
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      io.stderr.write(`bplan: ${error.message}\n`);
      unreadable = true;
    }
  }
  return { plans, unreadable, nothingFound };
}

/** Writes a report to --output-file, or else to standard output; an unwritable file is a usage error. */
export function writeReport(output: string, outputFile: string | undefined, io: Io): void {
  if (!outputFile) {
    io.stdout.write(output);
    return;
  }
  const path = resolve(io.cwd, outputFile);
  try {
    // A report file is replaced atomically, as every file bplan writes; a device or a pipe
    // (`-o /dev/stderr`) is written as it is.
    if (isSpecialFile(path)) writeFileSync(path, output);
    else writeFileAtomic(path, output);
  } catch (error) {
    throw new UsageError(`cannot write ${outputFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function isSpecialFile(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false;
  }
}

