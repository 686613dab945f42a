import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAMES, LineIndex, parseConfigText } from '../core';
import type { FileConfig } from '../core';
import { displayPath, readConfigText, UsageError } from './files';

export interface LoadedConfig {
  /** Where the file is; undefined for the built-in defaults. */
  readonly path?: string;
  readonly dir: string;
  readonly config: FileConfig;
}

/** Reads and validates a configuration file; any problem is a UsageError naming file, line and column. */
export function loadConfigFile(path: string, cwd: string): LoadedConfig {
  let text: string;
  try {
    text = readConfigText(path, `the configuration ${displayPath(path, cwd)}`);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { config, problems } = parseConfigText(text);
  if (problems.length) {
    const lines = new LineIndex(text);
    const shown = problems.slice(0, 10).map((p) => {
      const at = lines.position(p.span.start);
      return `${displayPath(path, cwd)}:${at.line + 1}:${at.character + 1}: ${p.message}`;
    });
    throw new UsageError(`the configuration is not valid:\n  ${shown.join('\n  ')}`);
  }
  return { path, dir: dirname(path), config };
}

/**
 * Finds the configuration for files in a directory: `--config` when given, else the nearest
 * bplan.config.yaml / .yml upward. Results are cached per directory.
 */
export class ConfigFinder {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly explicit: LoadedConfig | undefined;

  constructor(
    private readonly cwd: string,
    explicitPath: string | undefined,
  ) {
    this.explicit = explicitPath ? loadConfigFile(resolve(cwd, explicitPath), cwd) : undefined;
  }

  forDirectory(dir: string): LoadedConfig {
    if (this.explicit) return this.explicit;
    const start = resolve(dir);
    const visited: string[] = [];
    let current = start;
    let found: LoadedConfig | undefined;
    for (;;) {
      const cached = this.byDir.get(current);
      if (cached) {
        found = cached;
        break;
      }
      visited.push(current);
      const name = CONFIG_FILE_NAMES.map((n) => join(current, n)).find((p) => existsSync(p));
      if (name) {
        found = loadConfigFile(name, this.cwd);
        break;
      }
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
    const result = found ?? { dir: start, config: {} };
    for (const dirVisited of visited) this.byDir.set(dirVisited, result);
    return result;
  }

  forFile(file: string): LoadedConfig {
    return this.forDirectory(file === '-' ? this.cwd : dirname(resolve(this.cwd, file)));
  }
}
