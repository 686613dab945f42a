/**
 * Language servers over stdio: the time from a one-character didChange to the publishDiagnostics
 * that answers it, for bplan's server (dist/server.js, bplan.lintDelay 0) and for
 * yaml-language-server validating the same plan with bplan's JSON Schema, with each server's peak
 * resident memory. bplan's diagnostics after every edit are compared with a fresh lintText of the
 * same text; yaml-language-server is first shown to really apply the schema.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LineIndex, lintText } from '../server/src/core';
import { DEFAULT_SETTINGS } from '../server/src/lsp/settings';
import { SERVER_EXEC_ARGV } from '../server/src/lsp/exec-argv';
import { generatePlan } from './generate';
import { LspSession } from './lsp-session';
import type { Published } from './lsp-session';
import { ROOT, spread } from './stats';
import type { Spread } from './stats';

/**
 * yaml-language-server's fixed validation debounce: `this.validationDelayMs = 200` in
 * node_modules/yaml-language-server/out/server/src/yamlSettings.js, used by ValidationHandler.validate
 * (out/server/src/languageserver/handlers/validationHandlers.js) as the delay of a setTimeout before
 * every validation; no setting changes it.
 */
export const YLS_DEBOUNCE_MS = 200;

/** bplan's default bplan.lintDelay (server/src/lsp/settings.ts); the benchmark sets 0 and reports it apart. */
export const BPLAN_DEFAULT_LINT_DELAY_MS = DEFAULT_SETTINGS.lintDelay;

export type ServerKind = 'bplan' | 'yaml-language-server';

export interface EditTiming {
  /** What was edited: `workload sizeGB` or `server scratch freeGB`. */
  readonly target: string;
  readonly ms: number;
  readonly diagnostics: number;
}

export interface ServerRun {
  readonly server: ServerKind;
  readonly workloads: number;
  readonly lines: number;
  /** didOpen → first publishDiagnostics, ms (for yaml-language-server including its debounce). */
  readonly openMs: number;
  /** didChange → publishDiagnostics of the measured edits, ms, as measured. */
  readonly edit: Spread;
  /** The same less the server's fixed debounce (yaml-language-server), or equal to `edit` (bplan, run with lintDelay 0). */
  readonly editAdjusted: Spread;
  readonly debounceSubtractedMs: number;
  readonly edits: readonly EditTiming[];
  /** bplan: every publish equal to a fresh lint; yaml-language-server: undefined. */
  readonly equalsFreshLint: boolean | undefined;
  readonly mismatches: readonly string[];
  /** A one-character edit that breaks the schema (a digit of sizeGB → "x") was reported, and its undo cleared it. */
  readonly schemaCheck: { readonly pass: boolean; readonly detail: string };
  readonly peakRssMB: number | undefined;
  readonly rssMB: number | undefined;
}

export interface ServerRunOptions {
  readonly server: ServerKind;
  readonly workloads: number;
  readonly warmupEdits: number;
  readonly edits: number;
  readonly log: (line: string) => void;
}

const TMP = join(ROOT, 'bench', 'results', 'tmp', 'lsp');
const TIMEOUT_MS = 120_000;

/** Offset of the first digit after `key` in the `nth` list item (`\n  - name: `) after `section`. */
function digitOffset(text: string, section: string, nth: number, key: string): number {
  let at = text.indexOf(`\n${section}:\n`);
  for (let i = 0; i <= nth; i++) at = text.indexOf('\n  - name: ', at + 1);
  const keyAt = text.indexOf(key, at);
  if (at < 0 || keyAt < 0) throw new Error(`no ${key} in ${section} item ${nth}`);
  return keyAt + key.length;
}

interface OneCharEdit {
  readonly target: string;
  readonly offset: number;
  readonly text: string;
}

/**
 * The measured edits, cycling through four texts: a workload's size up, a server's scratch up, the
 * size back, the scratch back. Both stay within every limit, so the plan stays clean.
 */
function editCycle(text: string, workloads: number): OneCharEdit[] {
  const servers = Math.ceil(workloads / 25);
  const workload = digitOffset(text, 'workloads', workloads >> 1, 'sizeGB: ');
  const server = digitOffset(text, 'servers', servers >> 1, 'freeGB: ');
  const up = (d: string): string => String((Number(d) % 9) + 1);
  const w = text[workload]!;
  const s = text[server]!;
  return [
    { target: 'workload sizeGB', offset: workload, text: up(w) },
    { target: 'server scratch freeGB', offset: server, text: up(s) },
    { target: 'workload sizeGB', offset: workload, text: w },
    { target: 'server scratch freeGB', offset: server, text: s },
  ];
}

interface Comparable {
  readonly code: string;
  readonly severity: number;
  readonly message: string;
  readonly range: string;
  readonly related: readonly string[];
}

const SEVERITY = { error: 1, warning: 2, info: 3 } as const;
const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }): string =>
  `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** What a fresh lint of `text` finds, as diagnostics, with positions from the core's own line index (not the server's). */
function freshDiagnostics(text: string): Comparable[] {
  const lines = new LineIndex(text);
  const range = (s: { start: number; end: number }): string => at({ start: lines.position(s.start), end: lines.position(s.end) });
  return lintText(text).findings.map((f) => ({
    code: f.ruleId,
    severity: SEVERITY[f.severity],
    message: f.message,
    range: range(f.span),
    related: (f.related ?? []).map((r) => `${range(r.span)} ${r.message}`),
  }));
}

/** A diagnostic's message as text (LSP 3.18 also allows markup). */
function messageText(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function published(diagnostics: readonly Diagnostic[]): Comparable[] {
  return diagnostics.map((d) => ({
    code: String(d.code),
    severity: d.severity ?? 0,
    message: messageText(d),
    range: at(d.range),
    related: (d.relatedInformation ?? []).map((r) => `${at(r.location.range)} ${r.message}`),
  }));
}

function configurationFor(server: ServerKind, schemaUri: string): (section: string | undefined) => unknown {
  if (server === 'bplan') return (section) => (section === 'bplan' ? { lintDelay: 0 } : null);
  // What VS Code with Red Hat's YAML extension answers, bplan's schema mapped as its yamlValidation
  // contribution does; the schema store and Kubernetes CRD store stay off (no network).
  const yaml = {
    validate: true,
    hover: true,
    completion: true,
    schemas: { [schemaUri]: ['*.bplan.yaml'] },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    format: { enable: false },
  };
  const sections: Record<string, unknown> = { yaml, http: { proxy: '', proxyStrictSSL: false }, '[yaml]': {}, editor: {} };
  return (section) => (section ? (sections[section] ?? null) : { yaml });
}

/** Runs one server on one plan: open, the schema check, warm-up and measured edits, memory. */
export async function runServer(options: ServerRunOptions): Promise<ServerRun> {
  const { server, workloads, log } = options;
  mkdirSync(TMP, { recursive: true });
  const path = join(TMP, `bench-${workloads}.bplan.yaml`);
  const original = generatePlan(workloads);
  writeFileSync(path, original);
  const uri = pathToFileURL(path).href;
  const schemaUri = pathToFileURL(join(ROOT, 'schemas', 'bplan.schema.json')).href;
  const args = server === 'bplan' ? [...SERVER_EXEC_ARGV, 'dist/server.js', '--stdio'] : ['node_modules/yaml-language-server/bin/yaml-language-server', '--stdio'];
  const session = await LspSession.start({ args, cwd: ROOT, folderUri: pathToFileURL(TMP).href, configuration: configurationFor(server, schemaUri) });
  const versioned = server === 'bplan';
  const debounce = server === 'bplan' ? 0 : YLS_DEBOUNCE_MS;

  // Fresh lints by text: the edit cycle comes back to the same few texts.
  const fresh = new Map<string, Comparable[]>();
  const mismatches: string[] = [];
  const compare = (p: Published, what: string): void => {
    if (server !== 'bplan') return;
    const text = session.document(uri).getText();
    const key = createHash('sha1').update(text).digest('hex');
    let expected = fresh.get(key);
    if (!expected) fresh.set(key, (expected = freshDiagnostics(text)));
    if (!isDeepStrictEqual(published(p.params.diagnostics), expected)) {
      mismatches.push(`${what}: published ${p.params.diagnostics.length} diagnostics, a fresh lint finds ${expected.length}`);
    }
  };

  const change = async (edit: OneCharEdit): Promise<{ ms: number; published: Published }> => {
    const doc = session.document(uri);
    const range = { start: doc.positionAt(edit.offset), end: doc.positionAt(edit.offset + 1) };
    const from = session.mark();
    const { version, sent } = await session.edit(uri, range, edit.text);
    const result = await session.waitForDiagnostics(uri, from, versioned ? version : undefined, TIMEOUT_MS);
    return { ms: result.at - sent, published: result };
  };

  try {
    if (server === 'yaml-language-server') {
      // As VS Code does after start: the server pulls `yaml`, `http`, `[yaml]` and `editor` again
      // (it pulled them once on initialized). Opening the plan after both pulls keeps a validation
      // of the second from being taken for the answer to an edit.
      await session.changeConfiguration({ yaml: configurationFor(server, schemaUri)('yaml') });
      await session.until(() => session.configurationRequests.filter((s) => s === 'yaml').length >= 2, 10_000, 'yaml-language-server pulling its configuration twice');
      await session.settle(300, 10_000);
    }
    const from = session.mark();
    const sent = await session.open(uri, original);
    const opened = await session.waitForDiagnostics(uri, from, versioned ? 1 : undefined, TIMEOUT_MS);
    const openMs = opened.at - sent;
    compare(opened, 'open');
    // Nothing more is expected; a late publish would be taken for the answer to the first edit.
    await session.settle(500, 30_000);
    log(`${server} ${workloads}: open → diagnostics ${openMs.toFixed(0)} ms (${opened.params.diagnostics.length} diagnostics)`);

    const cycle = editCycle(original, workloads);
    const schemaCheck = await checkSchema(change, cycle[0]!, original, session.document(uri).positionAt(cycle[0]!.offset).line, compare);

    for (let i = 0; i < options.warmupEdits; i++) compare((await change(cycle[i % cycle.length]!)).published, `warm-up edit ${i + 1}`);
    const edits: EditTiming[] = [];
    for (let i = 0; i < options.edits; i++) {
      const edit = cycle[(options.warmupEdits + i) % cycle.length]!;
      const result = await change(edit);
      edits.push({ target: edit.target, ms: result.ms, diagnostics: result.published.params.diagnostics.length });
      compare(result.published, `edit ${i + 1} (${edit.target})`);
    }
    const memory = session.memory();
    const times = edits.map((e) => e.ms);
    const edit = spread(times);
    const editAdjusted = spread(times.map((t) => t - debounce));
    log(
      `${server} ${workloads}: edit → diagnostics median ${edit.median.toFixed(1)} ms` +
        (debounce ? ` (${editAdjusted.median.toFixed(1)} ms less its ${debounce} ms debounce)` : '') +
        `, peak RSS ${memory ? memory.peakMB.toFixed(0) : '?'} MB, schema check ${schemaCheck.pass ? 'passed' : 'FAILED'}` +
        (server === 'bplan' ? `, ${mismatches.length ? `${mismatches.length} MISMATCHES with a fresh lint` : 'equal to a fresh lint'}` : ''),
    );
    return {
      server,
      workloads,
      lines: original.split('\n').length - 1,
      openMs,
      edit,
      editAdjusted,
      debounceSubtractedMs: debounce,
      edits,
      equalsFreshLint: server === 'bplan' ? mismatches.length === 0 : undefined,
      mismatches,
      schemaCheck,
      peakRssMB: memory?.peakMB,
      rssMB: memory?.rssMB,
    };
  } finally {
    await session.close();
  }
}

/**
 * Replaces a digit of a workload's sizeGB with "x" (a string where the schema wants a number): the
 * server must report it on that line; undoing the edit must clear it. Without this a server that
 * silently validates nothing would look fast.
 */
async function checkSchema(
  change: (edit: OneCharEdit) => Promise<{ published: Published }>,
  sizeEdit: OneCharEdit,
  original: string,
  line: number,
  compare: (p: Published, what: string) => void,
): Promise<{ pass: boolean; detail: string }> {
  const broken = (await change({ ...sizeEdit, text: 'x' })).published;
  compare(broken, 'schema check (broken)');
  const restored = (await change({ ...sizeEdit, text: original[sizeEdit.offset]! })).published;
  compare(restored, 'schema check (undone)');
  const onLine = broken.params.diagnostics.filter((d) => d.range.start.line === line);
  const pass = onLine.length > 0 && restored.params.diagnostics.length === 0;
  const first = onLine[0];
  const detail = first
    ? `line ${line + 1}: [${[first.source, typeof first.code === 'string' ? first.code : undefined].filter(Boolean).join(' ')}] ${messageText(first).split('\n')[0]}; cleared by the undo: ${restored.params.diagnostics.length === 0 ? 'yes' : 'no'}`
    : `no diagnostic on line ${line + 1} (${broken.params.diagnostics.length} elsewhere)`;
  return { pass, detail };
}
