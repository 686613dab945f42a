/**
 * How large a plan bplan reads, for every host: the CLI refuses a larger file before reading it,
 * the language server does not lint a larger document. Pure (no fs, no process): each host reads
 * the override from its own configuration. See docs/robustness.md.
 */

/**
 * The default maximum size of a plan, in bytes of UTF-8 (4 MiB). The largest estate one vault
 * holds — 50 MABS servers, 2,000 data sources, 1,000 Azure VMs — written out with comments is well
 * under 1 MB; past 4 MiB a file is not a plan someone wrote, and linting it would take seconds.
 * For text already in memory, its UTF-16 length is a lower bound of its UTF-8 size.
 */
export const MAX_PLAN_BYTES = 4 * 1024 * 1024;

/** The environment variable the CLI reads to change the maximum: bytes, or a number with K, M or G (binary multiples). */
export const MAX_PLAN_BYTES_ENV = 'BPLAN_MAX_PLAN_BYTES';

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/**
 * Reads a size such as `16777216`, `512K`, `16M`, `16 MiB` or `1G` (K, M and G are multiples of
 * 1024). Undefined for anything else, or for 0: a plan of no bytes at all is no limit to set.
 */
export function parseByteSize(value: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase();
  if (!Object.hasOwn(UNITS, unit)) return undefined;
  const bytes = Math.floor(Number(match[1]) * UNITS[unit]!);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** A size as people read it: `512 bytes`, `12.3 KiB`, `4 MiB`, `50.0 MiB`. */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes < size) continue;
    const value = bytes / size;
    return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
  }
  return `${bytes} bytes`;
}
