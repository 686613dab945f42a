/**
 * `bplan init`: a new plan from the scaffold (core/scaffold.ts, as the editor's "New backup plan"),
 * written atomically and never over an existing file unless asked. The choices are checked here, so
 * that a mistyped value gets a usage error naming the closest valid one and listing the rest.
 */
import { statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { WorkloadType } from '../core/model';
import { isProduct, PRODUCT_NAMES, PRODUCT_VERSIONS, PRODUCTS, versionLabel, WORKLOAD_NAMES } from '../core/products';
import { defaultVersion, scaffoldPlan, ScaffoldError, supportedWorkloads } from '../core/scaffold';
import { closest } from '../core/text';
import type { Product } from '../core/types';
import { commandArgs, PLAN_FILE, UsageError } from './files';
import type { Io } from './main';
import { printable } from './report';
import { describeWriteError, writeFileAtomic } from './write-file';

const DEFAULT_PLAN_FILE = 'backup.bplan.yaml';
/** Azure Backup Server: the product most of the documents are about, and it protects every on-premises workload. */
const DEFAULT_PRODUCT: Product = 'mabs';

const ALL_TYPES = Object.keys(WORKLOAD_NAMES) as WorkloadType[];

const INIT_HELP = `Usage: bplan init [FILE|-] [--product P] [--version V] [--workloads A,B] [--name N] [--force]

Writes a new backup plan that lints clean: a vault whose passphrase comes from an environment
variable, one server of the product, one example workload of each type with a policy for it,
every value a documented limit bounds with that limit in a comment, and the storage pool and
scratch sized by the estimate. Replace the example hosts, sizes and times with your own.

  FILE              the file to write (default: ${DEFAULT_PLAN_FILE} in the current folder);
                    - prints the plan on standard output instead
  --product P       ${PRODUCTS.join(', ')} (default: ${DEFAULT_PRODUCT})
  --version V       dpm: ${PRODUCT_VERSIONS.dpm!.join(', ')}; mabs: ${PRODUCT_VERSIONS.mabs!.join(', ')}
                    (default: the newest); mars: the agent build, such as 2.0.9262.0 (optional);
                    azure-vm-backup: none
  --workloads A,B   the workload types to protect, one example each (default: files, or azure-vm
                    for azure-vm-backup): ${ALL_TYPES.join(', ')}
  --name N          the plan's name; the vault and the passphrase variable are named after it
                    (default: the file's name)
  --force           replace FILE if it exists (atomically); without it an existing file is
                    never touched
  -h, --help        show this help

Exit codes: 0 written, 2 usage error (an unknown value, FILE exists) or FILE cannot be written.
`;

/** "unknown product "mbas" (did you mean mabs?)" */
function unknown(what: string, given: string, candidates: readonly string[]): string {
  const near = closest(given, candidates);
  return `unknown ${what} "${given}"${near ? ` (did you mean ${near}?)` : ''}`;
}

function label(product: Product, version: string | undefined): string {
  const short = PRODUCT_NAMES[product].short;
  return version && PRODUCT_VERSIONS[product] ? `${short} ${versionLabel(version)}` : short;
}

function checkProduct(given: string | undefined, io: Io): Product {
  if (given === undefined) {
    io.stderr.write(`bplan: no --product given: writing a ${label(DEFAULT_PRODUCT, defaultVersion(DEFAULT_PRODUCT))} plan (--product ${PRODUCTS.join(', ')} chooses another)\n`);
    return DEFAULT_PRODUCT;
  }
  if (isProduct(given)) return given;
  throw new UsageError(`${unknown('product', given, PRODUCTS)}; use ${PRODUCTS.join(', ')}`);
}

function checkVersion(product: Product, given: string | undefined): string | undefined {
  if (given === undefined) return defaultVersion(product);
  const versions = PRODUCT_VERSIONS[product];
  if (versions) {
    if (versions.includes(given)) return given;
    throw new UsageError(`${unknown(`${product} version`, given, versions)}; use ${versions.join(', ')}`);
  }
  if (product === 'azure-vm-backup') throw new UsageError(`azure-vm-backup has no version (it is a service of the vault): leave --version out`);
  if (!/^\d+(\.\d+){1,3}$/.test(given)) throw new UsageError(`"${given}" is not a MARS agent version: give the agent build, such as 2.0.9262.0, or leave --version out`);
  return given;
}

function checkWorkloads(product: Product, version: string | undefined, given: readonly string[] | undefined, io: Io): WorkloadType[] {
  const supported = supportedWorkloads(product, version);
  const offer = `${label(product, version)} protects ${supported.join(', ')}`;
  const wanted = (given ?? []).flatMap((g) => g.split(',')).map((t) => t.trim()).filter(Boolean);
  if (given === undefined) {
    const chosen = supported.includes('files') ? ['files' as const] : [...supported];
    io.stderr.write(`bplan: no --workloads given: the plan protects ${chosen.join(', ')} (${offer}; --workloads A,B chooses)\n`);
    return chosen;
  }
  if (wanted.length === 0) throw new UsageError(`--workloads names no workload type; ${offer}`);
  for (const type of wanted) {
    if (!(ALL_TYPES as string[]).includes(type)) throw new UsageError(`${unknown('workload type', type, ALL_TYPES)}; ${offer}`);
    if (!supported.includes(type as WorkloadType)) throw new UsageError(`${label(product, version)} does not protect ${type} (${WORKLOAD_NAMES[type as WorkloadType]}); it protects ${supported.join(', ')}`);
  }
  return [...new Set(wanted)] as WorkloadType[];
}

/** `contoso.bplan.yaml` → `contoso`: the plan named after its file. */
function nameOfFile(file: string): string {
  return basename(file).replace(/(\.bplan)?\.ya?ml$/i, '');
}

/** A usage error for a folder, and for an existing file unless forced. */
function refuseTarget(file: string, path: string, force: boolean): void {
  let folder: boolean;
  try {
    folder = statSync(path).isDirectory();
  } catch {
    return;
  }
  if (folder) throw new UsageError(`${printable(file)} is a folder; name the file to write, such as ${printable(join(file, DEFAULT_PLAN_FILE))}`);
  if (!force) throw new UsageError(`${printable(file)} exists; bplan init replaces a file only with --force`);
}

export function init(args: string[], io: Io): number {
  const { values, positionals } = commandArgs('init', args, {
    product: { type: 'string' },
    version: { type: 'string' },
    workloads: { type: 'string', multiple: true },
    name: { type: 'string' },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(INIT_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`bplan init writes one plan: give one FILE (or -), not ${positionals.length}`);
  const file = positionals[0] ?? DEFAULT_PLAN_FILE;
  // Said before anything else; the write itself refuses too, should a file appear meanwhile.
  if (file !== '-') refuseTarget(file, resolve(io.cwd, file), values.force === true);
  const product = checkProduct(values.product, io);
  const version = checkVersion(product, values.version);
  const workloads = checkWorkloads(product, version, values.workloads, io);
  const name = values.name ?? (file === '-' ? undefined : nameOfFile(file));
  let text: string;
  try {
    text = scaffoldPlan({ product, version, workloads, name });
  } catch (error) {
    if (error instanceof ScaffoldError) throw new UsageError(error.message);
    throw error;
  }
  if (file === '-') {
    io.stdout.write(text);
    return 0;
  }

  const shown = printable(file);
  try {
    writeFileAtomic(resolve(io.cwd, file), text, { overwrite: values.force === true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'EISDIR') refuseTarget(file, resolve(io.cwd, file), values.force === true);
    throw new UsageError(`cannot write ${shown}: ${describeWriteError(error)}`);
  }
  io.stderr.write(`bplan: wrote ${shown}, a ${label(product, version)} plan protecting ${workloads.join(', ')}: replace its example hosts, sizes and times with yours, then run bplan lint ${shown}\n`);
  if (!PLAN_FILE.test(file)) io.stderr.write(`bplan: ${shown} does not end in .bplan.yaml or .bplan.yml: bplan lint finds it when it is named, not in a folder\n`);
  return 0;
}
