/**
 * The language server: a thin host over the core and the transport-free language features in
 * ../language. It works over stdio, IPC or a socket (vscode-languageserver picks the transport
 * from the command line), with any LSP client.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { CancellationToken, Connection, Diagnostic, InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions, SHOW_DOCUMENTATION_COMMAND } from '../language/code-actions';
import { codeLenses } from '../language/code-lens';
import { complete } from '../language/completion';
import { diagnostics } from '../language/diagnostics';
import { PlanDocument } from '../language/document';
import { hover } from '../language/hover';
import { definition, prepareRename, references, rename } from '../language/references';
import { documentSymbols, foldingRanges, selectionRanges } from '../language/symbols';
import { estimateReport, scaffoldPlanText } from './requests';
import type { EstimateReportParams, ScaffoldParams } from './requests';
import { ConfigFiles, DEFAULT_SETTINGS, fsPathOf, ignoredByConfig, isPlanDocument, lintOptionsFor, normalizeSettings } from './settings';
import type { LoadedConfig, Settings } from './settings';
import { RULES } from '../core';
import type { Rule } from '../core';
import pkg from '../../../package.json';

const SERVER_VERSION: string = pkg.version;

/**
 * TEST ONLY: faults to inject, so tests can show the server survives a rule or a feature that
 * throws. main.ts reads them once at start from the environment variable BPLAN_TEST_FAULTS, a
 * comma-separated list of `rule:<rule id>` (that rule throws on every plan; the core reports it as
 * a finding) and `feature:<name>` (the first request of that feature throws; the name is the one
 * in the server's log lines: hover, completion, code actions, outline, …). Unset, nothing changes.
 */
export interface TestFaults {
  readonly rules: ReadonlySet<string>;
  readonly features: ReadonlySet<string>;
}

export const NO_FAULTS: TestFaults = { rules: new Set(), features: new Set() };

export function parseTestFaults(value: string | undefined): TestFaults {
  const rules = new Set<string>();
  const features = new Set<string>();
  for (const item of (value ?? '').split(',')) {
    const [, kind, name] = /^\s*(rule|feature):(.+?)\s*$/.exec(item) ?? [];
    if (kind === 'rule') rules.add(name!);
    else if (kind === 'feature') features.add(name!);
  }
  return { rules, features };
}

/** The message of an injected fault, recognisable in findings, errors and logs. */
const INJECTED = 'fault injected by BPLAN_TEST_FAULTS';

/** A plan too large to check in the editor: its size and the limit, both in KB. */
interface Oversized {
  readonly oversized: true;
  readonly sizeKB: number;
  readonly limitKB: number;
}

export function startServer(connection: Connection, faults: TestFaults = NO_FAULTS): void {
  // The rule objects are shared with the core's lint: a test fault replaces the rule's check in this process only.
  for (const rule of RULES) {
    if (faults.rules.has(rule.meta.id)) {
      (rule as { check: Rule['check'] }).check = () => {
        throw new Error(INJECTED);
      };
    }
  }
  const featureFaults = new Set(faults.features);
  const documents = new TextDocuments(TextDocument);
  const configFiles = new ConfigFiles();
  const settingsCache = new Map<string, Promise<Settings>>();
  const planCache = new Map<string, PlanDocument>();
  const pending = new Map<string, NodeJS.Timeout>();
  /** Configuration files whose problems are shown, with what was shown: cleared when fixed, replaced when changed. */
  const shownConfigProblems = new Map<string, string>();
  let workspaceFolders: string[] = [];
  let canPullConfiguration = false;
  let canRegisterConfigurationChange = false;
  let canRegisterFileWatchers = false;
  let supportsWorkspaceFolders = false;

  const log = (message: string): void => connection.console.log(`bplan: ${message}`);

  async function settingsFor(uri: string): Promise<Settings> {
    if (!canPullConfiguration) return DEFAULT_SETTINGS;
    let cached = settingsCache.get(uri);
    if (!cached) {
      cached = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'bplan' })
        .then(normalizeSettings, () => DEFAULT_SETTINGS);
      settingsCache.set(uri, cached);
    }
    return cached;
  }

  function workspaceFolderOf(path: string | undefined): string | undefined {
    if (!path) return workspaceFolders[0];
    return workspaceFolders.filter((f) => path === f || path.startsWith(f.endsWith('/') ? f : `${f}/`)).sort((a, b) => b.length - a.length)[0];
  }

  /**
   * The analysis of an open plan at its current version; undefined for documents that are not plans
   * (or that bplan.config.yaml ignores), Oversized for plans over the size limit, which are not analysed.
   */
  async function planDocument(uri: string): Promise<PlanDocument | Oversized | undefined> {
    const text = documents.get(uri);
    if (!text) return undefined;
    const settings = await settingsFor(uri);
    if (!settings.enable || !isPlanDocument(uri, text.getText(), settings)) return undefined;
    const cached = planCache.get(uri);
    if (cached && cached.version === text.version) return cached;
    const path = fsPathOf(uri);
    const loaded = configFiles.forPlan(path, settings, workspaceFolderOf(path));
    showConfigProblems(loaded);
    if (ignoredByConfig(loaded, path)) return undefined;
    const bytes = Buffer.byteLength(text.getText(), 'utf8');
    if (bytes > settings.maxFileSizeKB * 1024) {
      planCache.delete(uri);
      return { oversized: true, sizeKB: Math.ceil(bytes / 1024), limitKB: settings.maxFileSizeKB };
    }
    // Built on the previous version's analysis where it can: only the list items an edit touched are parsed again.
    const doc = PlanDocument.fromTextDocument(text, lintOptionsFor(loaded.config, settings), cached?.uri === uri ? cached : undefined);
    planCache.set(uri, doc);
    return doc;
  }

  function showConfigProblems(loaded: LoadedConfig): void {
    if (!loaded.path) return;
    const uri = `file://${loaded.path.split('/').map(encodeURIComponent).join('/')}`;
    if (!loaded.problems.length) {
      if (shownConfigProblems.delete(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const shown = JSON.stringify(loaded.problems);
    if (shownConfigProblems.get(uri) === shown) return;
    shownConfigProblems.set(uri, shown);
    const lines = TextDocument.create(uri, 'yaml', 0, loaded.text ?? '');
    void connection.sendDiagnostics({
      uri,
      diagnostics: loaded.problems.map((p) => ({
        range: { start: lines.positionAt(p.span.start), end: lines.positionAt(p.span.end) },
        severity: 1,
        source: 'bplan',
        code: 'config',
        message: `${p.message} (bplan ignores this configuration file until it is valid)`,
      })),
    });
  }

  async function validate(uri: string): Promise<void> {
    const text = documents.get(uri);
    if (!text) return;
    const version = text.version;
    const doc = await planDocument(uri);
    // A newer edit arrived meanwhile: its own run publishes.
    if (documents.get(uri)?.version !== version) return;
    if (!doc) {
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    if (!(doc instanceof PlanDocument)) {
      void connection.sendDiagnostics({ uri, version, diagnostics: [oversizedDiagnostic(doc)] });
      return;
    }
    void connection.sendDiagnostics({ uri, version, diagnostics: diagnostics(doc) });
  }

  function schedule(uri: string, delay: number): void {
    clearTimeout(pending.get(uri));
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        validate(uri).catch((error) => log(`linting ${uri} failed: ${messageOf(error)}`));
      }, delay),
    );
  }

  async function scheduleWithSettings(uri: string, immediate: boolean): Promise<void> {
    const settings = await settingsFor(uri);
    schedule(uri, immediate ? 0 : settings.lintDelay);
  }

  function relintAll(): void {
    planCache.clear();
    for (const doc of documents.all()) void scheduleWithSettings(doc.uri, true);
  }

  /**
   * Runs one request's feature: a cancelled request answers RequestCancelled, a document that is
   * not a plan (or is over the size limit) answers `none`, and a feature that throws answers that
   * request with an error while the server goes on.
   */
  async function answer<T>(name: string, uri: string, token: CancellationToken | undefined, fn: (doc: PlanDocument) => T, none: T): Promise<T | ResponseError<void>> {
    try {
      if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      const doc = await planDocument(uri);
      if (!(doc instanceof PlanDocument)) return none;
      // The analysis is lazy: run it now, then take in what arrived meanwhile (a large plan takes
      // seconds), such as this request's $/cancelRequest.
      void doc.analysis;
      await messagesReadMeanwhile();
      if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      // Tests only (BPLAN_TEST_FAULTS): the first request of this feature throws.
      if (featureFaults.delete(name)) throw new Error(INJECTED);
      return fn(doc);
    } catch (error) {
      log(`${name} failed on ${uri}: ${messageOf(error)}`);
      return new ResponseError(ErrorCodes.InternalError, `bplan: ${name} failed: ${messageOf(error)}`);
    }
  }

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    canPullConfiguration = !!caps.workspace?.configuration;
    canRegisterConfigurationChange = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    canRegisterFileWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    supportsWorkspaceFolders = !!caps.workspace?.workspaceFolders;
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => fsPathOf(f.uri)).filter((p): p is string => !!p);
    if (!workspaceFolders.length && params.rootUri) {
      const root = fsPathOf(params.rootUri);
      if (root) workspaceFolders = [root];
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '-', '"', "'"], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false },
        documentSymbolProvider: { label: 'bplan' },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        codeLensProvider: { resolveProvider: false },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        executeCommandProvider: { commands: [SHOW_DOCUMENTATION_COMMAND] },
        ...(supportsWorkspaceFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'bplan', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    const injected = [...[...faults.rules].map((r) => `rule ${r}`), ...[...faults.features].map((f) => `feature ${f}`)];
    if (injected.length) log(`test faults injected by BPLAN_TEST_FAULTS (for tests only): ${injected.join(', ')}`);
    if (canRegisterConfigurationChange) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'bplan' });
    // Editors other than VS Code watch only what a server asks them to.
    if (canRegisterFileWatchers) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/bplan.config.{yaml,yml}' }] });
    if (supportsWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => fsPathOf(f.uri)));
        workspaceFolders = [...workspaceFolders.filter((f) => !removed.has(f)), ...event.added.map((f) => fsPathOf(f.uri)).filter((p): p is string => !!p)];
        planCache.clear();
      });
    }
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    relintAll();
  });

  connection.onDidChangeWatchedFiles((change) => {
    // A bplan.config.yaml anywhere, or a file read as the configured bplan.configFile.
    if (!change.changes.some((c) => /bplan\.config\.ya?ml$/.test(c.uri) || configFiles.hasRead(fsPathOf(c.uri)))) return;
    configFiles.clear();
    relintAll();
  });


  documents.onDidOpen((e) => void scheduleWithSettings(e.document.uri, true));
  documents.onDidChangeContent((e) => void scheduleWithSettings(e.document.uri, false));
  documents.onDidClose((e) => {
    clearTimeout(pending.get(e.document.uri));
    pending.delete(e.document.uri);
    planCache.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover((p, token) => answer('hover', p.textDocument.uri, token, (doc) => hover(doc, doc.offsetAt(p.position)), null));
  connection.onCompletion((p, token) =>
    answer('completion', p.textDocument.uri, token, (doc) => complete(doc, doc.offsetAt(p.position)), { isIncomplete: false, items: [] }),
  );
  connection.onCodeAction((p, token) =>
    answer('code actions', p.textDocument.uri, token, (doc) => codeActions(doc, p.range, p.context.diagnostics, p.context.only), []),
  );
  connection.onDocumentSymbol((p, token) => answer('outline', p.textDocument.uri, token, (doc) => documentSymbols(doc), []));
  connection.onDefinition((p, token) => answer('definition', p.textDocument.uri, token, (doc) => definition(doc, doc.offsetAt(p.position)), []));
  connection.onReferences((p, token) =>
    answer('references', p.textDocument.uri, token, (doc) => references(doc, doc.offsetAt(p.position), p.context.includeDeclaration), []),
  );
  connection.onPrepareRename((p, token) => answer('rename', p.textDocument.uri, token, (doc) => prepareRename(doc, doc.offsetAt(p.position)), null));
  connection.onRenameRequest((p, token) => answer('rename', p.textDocument.uri, token, (doc) => rename(doc, doc.offsetAt(p.position), p.newName), null));
  connection.onCodeLens(async (p, token) => {
    const settings = await settingsFor(p.textDocument.uri);
    if (!settings.codeLens) return [];
    return answer('code lens', p.textDocument.uri, token, (doc) => codeLenses(doc), []);
  });
  connection.onFoldingRanges((p, token) => answer('folding', p.textDocument.uri, token, (doc) => foldingRanges(doc), []));
  connection.onSelectionRanges((p, token) =>
    answer('selection ranges', p.textDocument.uri, token, (doc) => selectionRanges(doc, p.positions.map((pos) => doc.offsetAt(pos))), []),
  );

  connection.onExecuteCommand(async (p) => {
    if (p.command !== SHOW_DOCUMENTATION_COMMAND) return new ResponseError(ErrorCodes.InvalidParams, `bplan: unknown command ${p.command}`);
    const ruleId = String(p.arguments?.[0] ?? '');
    const rule = RULES.find((r) => r.meta.id === ruleId);
    if (!rule) return new ResponseError(ErrorCodes.InvalidParams, `bplan: no rule ${ruleId}`);
    await connection.window.showDocument({ uri: rule.meta.docsUrl, external: true }).catch(() => undefined);
    return null;
  });

  connection.onRequest('bplan/estimateReport', (p: EstimateReportParams, token) =>
    answer('estimate report', p.uri, token, (doc) => estimateReport(doc), null),
  );
  connection.onRequest('bplan/scaffold', (p: ScaffoldParams) => {
    try {
      return scaffoldPlanText(p);
    } catch (error) {
      return new ResponseError(ErrorCodes.InvalidParams, `bplan: cannot scaffold a plan: ${messageOf(error)}`);
    }
  });

  documents.listen(connection);
  connection.listen();
}

/**
 * Resolves once the messages that arrived during a long synchronous task are handled: one turn of
 * the event loop reads them, a second lets vscode-jsonrpc decode them (it does so on a setImmediate
 * of its own) and so mark a cancelled request's token.
 */
function messagesReadMeanwhile(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** The one diagnostic of a plan over the size limit, at its start. */
function oversizedDiagnostic(o: Oversized): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: 'bplan',
    code: 'file-too-large',
    message:
      `This plan is too large to check in the editor: ${o.sizeKB.toLocaleString('en-US')} KB, over the limit of ${o.limitKB.toLocaleString('en-US')} KB ` +
      '(setting bplan.maxFileSizeKB). Run `bplan lint` on the file to check it, or raise the setting.',
  };
}

function messageOf(error: unknown): string {
  return String((error as Error)?.message ?? error);
}

