/**
 * A small LSP client for the language server tests: it starts the built server as a real process
 * (`node bin/bplan.js lsp --stdio`), speaks JSON-RPC over its stdio, answers the server's requests
 * (workspace/configuration from a settings object the test controls, client/registerCapability,
 * window/showDocument), keeps the text of the documents it opened, and records every
 * publishDiagnostics. Every wait and request has a hard timeout, so a broken server fails the test
 * instead of hanging it; `dispose` kills the process whatever state it is in. For fault tests it
 * also writes raw bytes (malformed messages, requests it sends by hand) in order with its own
 * messages, and keeps the answers to requests whose id starts with `raw-`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowDocumentRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import type {
  CancellationToken,
  ClientCapabilities,
  DataCallback,
  Disposable,
  Message,
  ConfigurationParams,
  Diagnostic,
  FileEvent,
  InitializeResult,
  ProtocolConnection,
  ProtocolNotificationType,
  PublishDiagnosticsParams,
  Range,
  Registration,
  ResponseMessage,
  ShowDocumentParams,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { LineIndex, lintText } from '../../server/src/core';
import type { LintOptions } from '../../server/src/core';
import { BIN, ROOT } from './cli';

/** The hard limit of one wait or request, unless the call names its own. */
export const DEFAULT_TIMEOUT_MS = 5_000;

/** What a client such as VS Code announces, as far as bplan's server looks at it. */
export const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    workspaceFolders: true,
    applyEdit: true,
    workspaceEdit: { documentChanges: true },
    executeCommand: { dynamicRegistration: false },
    symbol: { dynamicRegistration: false },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true, willSave: false, willSaveWaitUntil: false },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: true,
      tagSupport: { valueSet: [1, 2] },
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: {
      contextSupport: true,
      completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], insertReplaceSupport: true, labelDetailsSupport: true },
    },
    codeAction: {
      isPreferredSupport: true,
      dataSupport: true,
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
    },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    definition: { linkSupport: false },
    references: {},
    rename: { prepareSupport: true },
    codeLens: {},
    foldingRange: { lineFoldingOnly: true },
    selectionRange: {},
  },
  window: { showDocument: { support: true }, workDoneProgress: true },
};

export interface StartOptions {
  /** The `bplan` settings section the client returns to workspace/configuration. */
  readonly settings?: Record<string, unknown>;
  /** A folder to open as the workspace folder (and root URI). */
  readonly workspaceFolder?: string;
  readonly capabilities?: ClientCapabilities;
  /** Extra environment for the server process (such as BPLAN_TEST_FAULTS). */
  readonly env?: Readonly<Record<string, string>>;
}

/** One JSON-RPC message framed as on the wire: a Content-Length header, then the body (a string is sent as it is). */
export function frame(message: object | string): string {
  const body = typeof message === 'string' ? message : JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

/** Whether a message is the answer to a request the test wrote by hand (its id starts with `raw-`). */
function isRawResponse(message: Message): message is ResponseMessage {
  const m = message as Partial<ResponseMessage> & { method?: unknown };
  return m.method === undefined && typeof m.id === 'string' && m.id.startsWith('raw-');
}

/** A writer whose raw writes queue behind the messages already written, so they never cut one in two. */
class OrderedWriter extends StreamMessageWriter {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly stream: Writable) {
    super(stream);
  }

  override write(message: Message): Promise<void> {
    const written = this.tail.then(() => super.write(message));
    this.tail = written.catch(() => undefined);
    return written;
  }

  writeRaw(bytes: string | Buffer): Promise<void> {
    const written = this.tail.then(() => new Promise<void>((resolve, reject) => this.stream.write(bytes, (error) => (error ? reject(error) : resolve()))));
    this.tail = written.catch(() => undefined);
    return written;
  }
}

/** A reader that hands the answers to hand-written requests to the test instead of the connection (which knows no such request). */
class RawAwareReader extends StreamMessageReader {
  constructor(
    stream: Readable,
    private readonly onRaw: (response: ResponseMessage) => void,
  ) {
    super(stream);
  }

  override listen(callback: DataCallback): Disposable {
    return super.listen((message) => (isRawResponse(message) ? this.onRaw(message) : callback(message)));
  }
}

/** A file:// URI for a path, encoded as a client sends it. */
export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Applies text edits to a text, as an editor would (edits of one change never overlap). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('edit://x', 'yaml', 0, text), [...edits]);
}

/** The edits a workspace edit makes to one document, from `changes` or `documentChanges`. */
export function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  const fromChanges = edit.changes?.[uri] ?? [];
  const fromDocumentChanges = (edit.documentChanges ?? []).flatMap((c) =>
    'textDocument' in c && c.textDocument.uri === uri ? c.edits.filter((e): e is TextEdit => 'newText' in e) : [],
  );
  return [...fromChanges, ...fromDocumentChanges];
}

/** The URIs a workspace edit touches. */
export function urisOf(edit: WorkspaceEdit): string[] {
  const uris = new Set(Object.keys(edit.changes ?? {}));
  for (const c of edit.documentChanges ?? []) if ('textDocument' in c) uris.add(c.textDocument.uri);
  return [...uris];
}

interface Waiter {
  readonly matches: (p: PublishDiagnosticsParams, index: number) => boolean;
  readonly resolve: (p: PublishDiagnosticsParams) => void;
  readonly reject: (error: Error) => void;
}

export class LspClient {
  /** Every publishDiagnostics the server sent, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Every workspace/configuration request the server made. */
  readonly configurationRequests: ConfigurationParams[] = [];
  /** Every window/showDocument request the server made. */
  readonly showDocumentRequests: ShowDocumentParams[] = [];
  /** Capabilities the server registered dynamically. */
  readonly registrations: Registration[] = [];
  readonly logMessages: string[] = [];
  /** Answers to the requests written by hand, by id. */
  readonly rawResponses = new Map<string, ResponseMessage>();
  initializeResult: InitializeResult | undefined;
  settings: Record<string, unknown>;

  private readonly documents = new Map<string, TextDocument>();
  /** Per URI: the index in `published` from which the next wait looks (set by each document operation). */
  private readonly marks = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private stderr = '';
  private exitCode: number | null | undefined;
  private readonly exited: Promise<number | null>;

  private readonly rawWaiters = new Map<string, (response: ResponseMessage) => void>();

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    private readonly writer: OrderedWriter,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        this.exitCode = code;
        for (const w of this.waiters) w.reject(new Error(`the server exited (code ${code}) while a test waited for diagnostics${this.stderrTail()}`));
        this.waiters.clear();
        resolve(code);
      }),
    );

    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const index = this.published.push(params) - 1;
      for (const w of [...this.waiters]) {
        if (w.matches(params, index)) {
          this.waiters.delete(w);
          w.resolve(params);
        }
      }
    });
    connection.onNotification(LogMessageNotification.type, (p) => void this.logMessages.push(p.message));
    connection.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationRequests.push(params);
      return params.items.map((item) => this.section(item.section));
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
    });
    connection.onRequest(UnregistrationRequest.type, () => undefined);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.onRequest(ShowDocumentRequest.type, (params) => {
      this.showDocumentRequests.push(params);
      return { success: true };
    });
    connection.listen();
  }

  /** Starts the server, initializes it with the client's capabilities, and sends initialized. */
  static async start(options: StartOptions = {}): Promise<LspClient> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // node --test sets this for its children; the server under test is not a test process.
    delete env.NODE_TEST_CONTEXT;
    // Faults are injected only where a test asks for them.
    delete env.BPLAN_TEST_FAULTS;
    Object.assign(env, options.env);
    const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const writer = new OrderedWriter(child.stdin);
    let client: LspClient | undefined;
    const reader = new RawAwareReader(child.stdout, (response) => client?.receivedRaw(response));
    const connection = createProtocolConnection(reader, writer);
    // A write to a server that died is reported by the waits; do not let it crash the test process.
    connection.onError(() => undefined);
    child.stdin.on('error', () => undefined);
    client = new LspClient(child, connection, writer, options.settings ?? {});
    try {
      const folder = options.workspaceFolder;
      client.initializeResult = await client.request(InitializeRequest.method, {
        processId: process.pid,
        clientInfo: { name: 'bplan-tests', version: '1' },
        locale: 'en',
        rootUri: folder ? fileUri(folder) : null,
        workspaceFolders: folder ? [{ uri: fileUri(folder), name: 'ws' }] : null,
        capabilities: options.capabilities ?? CLIENT_CAPABILITIES,
      });
      await connection.sendNotification(InitializedNotification.type, {});
    } catch (error) {
      client.dispose();
      throw error;
    }
    return client;
  }

  /** The value of a configuration section (`bplan`, `bplan.rules`), or null when it is not set. */
  private section(section: string | undefined): unknown {
    if (!section) return { bplan: this.settings };
    let value: unknown = { bplan: this.settings };
    for (const part of section.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    return value ?? null;
  }

  private stderrTail(): string {
    const tail = this.stderr.trim().split('\n').slice(-20).join('\n');
    return tail ? `\nserver stderr:\n${tail}` : '';
  }

  /**
   * Sends a request and waits for its answer, failing after `timeoutMs`. Error answers reject with
   * the ResponseError. Cancelling `token` sends $/cancelRequest for it.
   */
  async request<R>(method: string, params: unknown, timeoutMs = DEFAULT_TIMEOUT_MS, token?: CancellationToken): Promise<R> {
    if (this.exitCode !== undefined) throw new Error(`the server has exited (code ${this.exitCode}); cannot send ${method}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method} got no answer within ${timeoutMs} ms${this.stderrTail()}`)), timeoutMs);
    });
    try {
      return await Promise.race([(token ? this.connection.sendRequest(method, params, token) : this.connection.sendRequest(method, params)) as Promise<R>, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Writes bytes to the server's stdin as they are (see `frame`), after every message already sent.
   * Requests written this way should have ids starting with `raw-`: their answers go to `rawResponse`.
   */
  writeRaw(bytes: string | Buffer): Promise<void> {
    return this.writer.writeRaw(bytes);
  }

  private receivedRaw(response: ResponseMessage): void {
    const id = String(response.id);
    this.rawResponses.set(id, response);
    this.rawWaiters.get(id)?.(response);
    this.rawWaiters.delete(id);
  }

  /** The answer to the request written by hand with this id, failing after `timeoutMs`. */
  rawResponse(id: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ResponseMessage> {
    const found = this.rawResponses.get(id);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.rawWaiters.delete(id);
        reject(new Error(`no answer to the raw request ${id} within ${timeoutMs} ms${this.stderrTail()}`));
      }, timeoutMs);
      this.rawWaiters.set(id, (response) => {
        clearTimeout(timer);
        resolve(response);
      });
    });
  }

  /** The server process's id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The server's resident memory in KB (VmRSS of /proc/<pid>/status), or undefined where /proc has none (not Linux, or exited). */
  residentKB(): number | undefined {
    try {
      const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return match ? Number(match[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Sends a notification; a server that died is reported by the next wait or request, not here. */
  private notify<P>(type: ProtocolNotificationType<P, unknown>, params: P): void {
    this.connection.sendNotification(type.method, params).catch(() => undefined);
  }

  /** Starts a new wait for `uri` from now on: the next waitForDiagnostics sees only what comes after. */
  mark(uri: string): void {
    this.marks.set(uri, this.published.length);
  }

  open(uri: string, text: string, languageId = 'yaml'): void {
    const doc = TextDocument.create(uri, languageId, 1, text);
    this.documents.set(uri, doc);
    this.mark(uri);
    this.notify(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: doc.version, text } });
  }

  /** Sends incremental changes (applied in order) and returns the new version. */
  change(uri: string, changes: readonly TextDocumentContentChangeEvent[]): number {
    const doc = this.document(uri);
    const version = doc.version + 1;
    this.documents.set(uri, TextDocument.update(doc, [...changes], version));
    this.mark(uri);
    this.notify(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [...changes] });
    return version;
  }

  /** Replaces a range with text (one incremental change); returns the new version. */
  edit(uri: string, range: Range, text: string): number {
    return this.change(uri, [{ range, text }]);
  }

  /** Applies text edits (a code action's or a rename's) to an open document as one change; returns the new version. */
  applyEdits(uri: string, edits: readonly TextEdit[]): number {
    return this.change(uri, [{ text: applyTextEdits(this.text(uri), edits) }]);
  }

  close(uri: string): void {
    this.documents.delete(uri);
    this.mark(uri);
    this.notify(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  document(uri: string): TextDocument {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`${uri} is not open in the test client`);
    return doc;
  }

  text(uri: string): string {
    return this.document(uri).getText();
  }

  /** Changes the settings and tells the server (which pulls them again); every open document's wait starts anew. */
  changeSettings(settings: Record<string, unknown>): void {
    this.settings = settings;
    for (const uri of this.documents.keys()) this.mark(uri);
    this.notify(DidChangeConfigurationNotification.type, { settings: { bplan: settings } });
  }

  /** Reports changed files (such as a bplan.config.yaml); every open document's wait starts anew. */
  watchedFilesChanged(changes: readonly FileEvent[]): void {
    for (const uri of this.documents.keys()) this.mark(uri);
    for (const c of changes) this.mark(c.uri);
    this.notify(DidChangeWatchedFilesNotification.type, { changes: [...changes] });
  }

  /**
   * The first publishDiagnostics for `uri` since the last operation on it (open, change, close,
   * settings, watched files), with the given version when one is named. Fails after `timeoutMs`.
   */
  waitForDiagnostics(uri: string, version?: number, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<PublishDiagnosticsParams> {
    const from = this.marks.get(uri) ?? 0;
    const matches = (p: PublishDiagnosticsParams, index: number): boolean => index >= from && p.uri === uri && (version === undefined || p.version === version);
    const found = this.published.find((p, i) => matches(p, i));
    if (found) return Promise.resolve(found);
    if (this.exitCode !== undefined) return Promise.reject(new Error(`the server has exited (code ${this.exitCode})${this.stderrTail()}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.published.filter((p) => p.uri === uri).map((p) => `v${p.version ?? '-'}:${p.diagnostics.length}`);
        reject(new Error(`no publishDiagnostics for ${uri}${version === undefined ? '' : ` version ${version}`} within ${timeoutMs} ms (published for it so far: ${seen.join(', ') || 'none'})${this.stderrTail()}`));
      }, timeoutMs);
      const waiter: Waiter = {
        matches,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /**
   * The next publishDiagnostics of every open document, after a change that relints them all
   * (settings, watched files). Waiting for all of them keeps a late one from being taken for the
   * answer to the next change.
   */
  async waitForOpenDocuments(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Map<string, PublishDiagnosticsParams>> {
    const uris = [...this.documents.keys()];
    const published = await Promise.all(uris.map((uri) => this.waitForDiagnostics(uri, undefined, timeoutMs)));
    return new Map(uris.map((uri, i) => [uri, published[i]!]));
  }

  /** Every publishDiagnostics for `uri` so far, in order. */
  publishedFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((p) => p.uri === uri);
  }

  /** Resolves after `ms` of wall time (to check that nothing more is published). */
  static quiet(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** shutdown, then exit; resolves with the process's exit code (failing after `timeoutMs`). */
  async shutdown(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<number | null> {
    await this.request(ShutdownRequest.method, undefined, timeoutMs);
    this.connection.sendNotification(ExitNotification.type).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.exited,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the server did not exit within ${timeoutMs} ms of exit${this.stderrTail()}`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Whether the process is still running. */
  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Ends the connection and kills the process if it still runs; safe to call twice. For `after` hooks. */
  dispose(): void {
    for (const w of this.waiters) w.reject(new Error('the test client was disposed'));
    this.waiters.clear();
    this.connection.dispose();
    if (this.exitCode === undefined) this.child.kill('SIGKILL');
  }
}

/** A finding of the core as the server should publish it: rule, severity and ranges in lines and UTF-16 columns. */
export interface ExpectedDiagnostic {
  readonly code: string;
  readonly severity: 1 | 2 | 3;
  readonly message: string;
  readonly range: Range;
  readonly related: readonly { readonly range: Range; readonly message: string }[];
}

const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

/** What a fresh lint of `text` finds, converted to positions with the core's own line index (not the server's). */
export function expectedDiagnostics(text: string, options: LintOptions = {}): ExpectedDiagnostic[] {
  const lines = new LineIndex(text);
  const range = (s: { start: number; end: number }): Range => ({ start: lines.position(s.start), end: lines.position(s.end) });
  return lintText(text, options).findings.map((f) => ({
    code: f.ruleId,
    severity: SEVERITY[f.severity],
    message: f.message,
    range: range(f.span),
    related: (f.related ?? []).map((r) => ({ range: range(r.span), message: r.message })),
  }));
}

/** A published diagnostic in the shape of ExpectedDiagnostic, to compare the two with deepEqual. */
export function asExpected(d: Diagnostic): ExpectedDiagnostic {
  return {
    code: String(d.code),
    severity: d.severity as 1 | 2 | 3,
    message: typeof d.message === 'string' ? d.message : d.message.value,
    range: d.range,
    related: (d.relatedInformation ?? []).map((r) => ({ range: r.location.range, message: r.message })),
  };
}
