/**
 * The editor settings (`bplan.*`), read per resource through workspace/configuration and merged
 * with the bplan.config.yaml that applies to the file. Nothing is held in globals: a cache per
 * URI, dropped when settings or configuration files change.
 */
import { MAX_PLAN_BYTES } from '../core/limits-input';
import { existsSync, statSync } from 'node:fs';
import { readConfigText, ReadError } from '../cli/files';
import { dirname, isAbsolute, join, matchesGlob, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE_NAMES, parseConfigText } from '../core';
import type { FileConfig, Level, LintOptions, Span } from '../core';

export interface Settings {
  /** Lint plan files at all. */
  readonly enable: boolean;
  /** Per-rule levels over the configuration file's: `{ "vault-region": "off" }`. */
  readonly rules: Readonly<Record<string, Level>>;
  /** A configuration file to use instead of the nearest bplan.config.yaml; relative to the workspace folder. */
  readonly configFile: string;
  /** More files to treat as plans (globs), besides *.bplan.yaml / *.bplan.yml and YAML files starting with `bplan:`. */
  readonly files: readonly string[];
  /** Estimates above servers and workloads. */
  readonly codeLens: boolean;
  /** Milliseconds to wait after the last keystroke before linting. */
  readonly lintDelay: number;
  /** Plans larger than this (KB of UTF-8 text) are not checked in the editor, which stays responsive; `bplan lint` checks them. */
  readonly maxFileSizeKB: number;
}

/** The editor's default size limit: the CLI's plan size limit (4 MiB), far above any real plan. */
export const DEFAULT_MAX_FILE_SIZE_KB = MAX_PLAN_BYTES / 1024;
/** The largest limit the setting takes (1 GB): above it a single lint would stall the editor for minutes. */
const MAX_FILE_SIZE_KB_CEILING = 1024 * 1024;

export const DEFAULT_SETTINGS: Settings = { enable: true, rules: {}, configFile: '', files: [], codeLens: true, lintDelay: 150, maxFileSizeKB: DEFAULT_MAX_FILE_SIZE_KB };

const LEVELS = new Set(['error', 'warning', 'info', 'off']);

/** Reads what the client sent, keeping only well-formed values: a bad setting never breaks linting. */
export function normalizeSettings(raw: unknown): Settings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, Level> = {};
  if (s.rules && typeof s.rules === 'object') {
    for (const [id, level] of Object.entries(s.rules as Record<string, unknown>)) if (typeof level === 'string' && LEVELS.has(level)) rules[id] = level as Level;
  }
  const codeLens = s.codeLens && typeof s.codeLens === 'object' ? (s.codeLens as { enable?: unknown }).enable : s.codeLens;
  return {
    enable: typeof s.enable === 'boolean' ? s.enable : DEFAULT_SETTINGS.enable,
    rules,
    configFile: typeof s.configFile === 'string' ? s.configFile : '',
    files: Array.isArray(s.files) ? s.files.filter((f): f is string => typeof f === 'string' && f.length > 0) : [],
    codeLens: typeof codeLens === 'boolean' ? codeLens : DEFAULT_SETTINGS.codeLens,
    lintDelay: typeof s.lintDelay === 'number' && s.lintDelay >= 0 && s.lintDelay <= 10_000 ? s.lintDelay : DEFAULT_SETTINGS.lintDelay,
    maxFileSizeKB:
      typeof s.maxFileSizeKB === 'number' && s.maxFileSizeKB >= 1 && s.maxFileSizeKB <= MAX_FILE_SIZE_KB_CEILING ? s.maxFileSizeKB : DEFAULT_SETTINGS.maxFileSizeKB,
  };
}

export function fsPathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Whether a document is a plan: by name, by the `files` setting, or by its first key being `bplan`. */
export function isPlanDocument(uri: string, text: string, settings: Settings): boolean {
  const path = fsPathOf(uri) ?? decodeURIComponent(uri.replace(/^[a-z-]+:\/*/i, '/'));
  if (/\.bplan\.ya?ml$/i.test(path)) return true;
  if (settings.files.some((glob) => safeMatch(path, glob))) return true;
  return /^(?:\uFEFF)?(?:[ \t]*(?:#.*)?\r?\n)*(?:---[ \t]*\r?\n)?bplan[ \t]*:/.test(text.slice(0, 4096));
}

/** A glob matches a path, or any trailing part of it (`plans/*.yaml` matches `/ws/plans/a.yaml`). */
function safeMatch(path: string, glob: string): boolean {
  try {
    return matchesGlob(path, glob) || (!glob.startsWith('/') && matchesGlob(path, `**/${glob}`));
  } catch {
    return false;
  }
}

export interface ConfigProblem {
  readonly message: string;
  readonly span: Span;
}

export interface LoadedConfig {
  /** The configuration file, when one applies. */
  readonly path?: string;
  readonly text?: string;
  readonly config: FileConfig;
  readonly problems: readonly ConfigProblem[];
}

/** Finds and reads configuration files, caching by directory until a configuration file changes. */
export class ConfigFiles {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly byFile = new Map<string, LoadedConfig>();

  clear(): void {
    this.byDir.clear();
    this.byFile.clear();
  }

  /** Whether a file was read as a configuration file (so a change to it matters, whatever its name). */
  hasRead(path: string | undefined): boolean {
    return !!path && this.byFile.has(path);
  }

  /** The configuration for a plan: the configured file, else the nearest bplan.config.yaml upward. */
  forPlan(planPath: string | undefined, settings: Settings, workspaceFolder: string | undefined): LoadedConfig {
    if (settings.configFile) {
      const base = workspaceFolder ?? (planPath ? dirname(planPath) : process.cwd());
      return this.read(isAbsolute(settings.configFile) ? settings.configFile : resolve(base, settings.configFile));
    }
    if (!planPath) return { config: {}, problems: [] };
    const visited: string[] = [];
    let dir = dirname(planPath);
    let found: LoadedConfig = { config: {}, problems: [] };
    for (;;) {
      const cached = this.byDir.get(dir);
      if (cached) {
        found = cached;
        break;
      }
      visited.push(dir);
      const file = CONFIG_FILE_NAMES.map((n) => join(dir, n)).find((p) => isFile(p));
      if (file) {
        found = this.read(file);
        break;
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    for (const d of visited) this.byDir.set(d, found);
    return found;
  }

  private read(path: string): LoadedConfig {
    const cached = this.byFile.get(path);
    if (cached) return cached;
    let loaded: LoadedConfig;
    try {
      const text = readConfigText(path, 'the configuration file');
      const { config, problems } = parseConfigText(text);
      // An invalid file still applies what it validly says? No: like the CLI, a broken configuration is not used.
      loaded = { path, text, config: problems.length ? {} : config, problems };
    } catch (error) {
      const why = error instanceof ReadError ? error.message : `cannot read the configuration file (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
      loaded = { path, config: {}, problems: [{ message: `${why}; bplan uses its defaults`, span: { start: 0, end: 0 } }] };
    }
    this.byFile.set(path, loaded);
    return loaded;
  }
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Whether the configuration's `ignore` patterns (relative to its folder, as for the CLI) exclude a plan. */
export function ignoredByConfig(loaded: LoadedConfig, planPath: string | undefined): boolean {
  const patterns = loaded.config.ignore ?? [];
  if (!loaded.path || !planPath || !patterns.length) return false;
  const rel = relative(dirname(loaded.path), planPath).split(sep).join('/');
  return patterns.some((glob) => safeMatch(rel, glob));
}

/** The lint options for one plan: the configuration file's, with the editor's per-rule levels on top. */
export function lintOptionsFor(config: FileConfig, settings: Settings): LintOptions {
  if (!Object.keys(settings.rules).length) return { config };
  const rules: Record<string, NonNullable<NonNullable<FileConfig['rules']>[string]>> = { ...(config.rules ?? {}) };
  for (const [id, level] of Object.entries(settings.rules)) {
    const existing = rules[id];
    rules[id] = existing && typeof existing === 'object' ? { ...existing, level } : level;
  }
  return { config: { ...config, rules } };
}
