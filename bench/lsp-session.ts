/**
 * A minimal LSP client for timing language servers over a real stdio connection, as an editor
 * talks to them: it spawns the server, initializes it with VS Code's capabilities as far as the
 * servers look at them, answers workspace/configuration from a function, keeps the text of the
 * documents it opened (incremental changes applied as the server applies them) and stamps each
 * publishDiagnostics with the time it arrived. Unlike test/support/lsp-client.ts it starts any
 * server command (bplan's bundle or yaml-language-server) and waits for a publish by time, since
 * yaml-language-server publishes without a version.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type { ClientCapabilities, ConfigurationParams, ProtocolConnection, PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol/node';
import { memoryOf } from './stats';

const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    workspaceFolders: true,
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
  window: { workDoneProgress: true },
};

/** Server-to-client requests the servers send besides workspace/configuration. */
const ACKNOWLEDGED = [
  'client/registerCapability',
  'client/unregisterCapability',
  'window/workDoneProgress/create',
  'workspace/codeLens/refresh',
  'workspace/semanticTokens/refresh',
  'workspace/inlayHint/refresh',
  'workspace/diagnostic/refresh',
];

/** A publishDiagnostics and when it arrived (performance.now()). */
export interface Published {
  readonly params: PublishDiagnosticsParams;
  readonly at: number;
}

export interface SessionOptions {
  /** The command's arguments after `node`. */
  readonly args: readonly string[];
  readonly cwd: string;
  /** A workspace folder to open (also the root URI). */
  readonly folderUri: string;
  /** The value of a configuration section the server asks for (`bplan`, `yaml`, `editor`…). */
  readonly configuration: (section: string | undefined) => unknown;
}

export class LspSession {
  readonly published: Published[] = [];
  /** Sections asked for by workspace/configuration, in order. */
  readonly configurationRequests: string[] = [];
  private readonly documents = new Map<string, TextDocument>();
  private waiter: { readonly from: number; readonly match: (p: Published) => boolean; readonly done: (p: Published) => void } | undefined;
  private stderr = '';
  private exited = false;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly connection: ProtocolConnection,
    configuration: SessionOptions['configuration'],
  ) {
    child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000)));
    child.on('exit', () => (this.exited = true));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const entry = { params, at: performance.now() };
      this.published.push(entry);
      if (this.waiter && this.published.length > this.waiter.from && this.waiter.match(entry)) this.waiter.done(entry);
    });
    connection.onRequest('workspace/configuration', (params: ConfigurationParams) =>
      params.items.map((item) => {
        this.configurationRequests.push(item.section ?? '');
        return configuration(item.section) ?? null;
      }),
    );
    // Accepted as VS Code accepts them, with nothing to do; other notifications are ignored.
    for (const method of ACKNOWLEDGED) connection.onRequest(method, () => null);
    connection.onError(() => undefined);
    child.stdin.on('error', () => undefined);
    connection.listen();
  }

  static async start(options: SessionOptions): Promise<LspSession> {
    const child = spawn(process.execPath, [...options.args], { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const session = new LspSession(child, connection, options.configuration);
    try {
      await session.withTimeout(
        connection.sendRequest(InitializeRequest.type, {
          processId: process.pid,
          clientInfo: { name: 'bplan-bench', version: '1' },
          locale: 'en',
          rootUri: options.folderUri,
          workspaceFolders: [{ uri: options.folderUri, name: 'bench' }],
          capabilities: CAPABILITIES,
        }),
        30_000,
        'initialize',
      );
      await connection.sendNotification(InitializedNotification.type, {});
    } catch (error) {
      session.kill();
      throw error;
    }
    return session;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  memory(): { peakMB: number; rssMB: number } | undefined {
    return memoryOf(this.child.pid);
  }

  /** Sends didChangeConfiguration with the settings VS Code would send (the server pulls the rest). */
  async changeConfiguration(settings: unknown): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  /** Opens a document; returns the time the notification was written. */
  async open(uri: string, text: string): Promise<number> {
    const doc = TextDocument.create(uri, 'yaml', 1, text);
    this.documents.set(uri, doc);
    const sent = performance.now();
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return sent;
  }

  /** Replaces one range (an incremental didChange); returns the new version and the time it was sent. */
  async edit(uri: string, range: Range, text: string): Promise<{ version: number; sent: number }> {
    const doc = this.document(uri);
    const version = doc.version + 1;
    this.documents.set(uri, TextDocument.update(doc, [{ range, text }], version));
    const sent = performance.now();
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return { version, sent };
  }

  document(uri: string): TextDocument {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    return doc;
  }

  /** A position after which waitForDiagnostics looks (call it before the operation whose answer it waits for). */
  mark(): number {
    return this.published.length;
  }

  /**
   * The first publishDiagnostics for `uri` after `from` (a mark), with `version` when given (servers
   * that publish no version match any). Fails after `timeoutMs`. One wait at a time: the benchmark
   * sends an edit, waits for its answer, then sends the next.
   */
  waitForDiagnostics(uri: string, from: number, version: number | undefined, timeoutMs: number): Promise<Published> {
    const match = (p: Published): boolean => p.params.uri === uri && (version === undefined || p.params.version === undefined || p.params.version === version);
    const found = this.published.slice(from).find(match);
    if (found) return Promise.resolve(found);
    return this.withTimeout(
      new Promise<Published>((done) => (this.waiter = { from, match, done })),
      timeoutMs,
      `publishDiagnostics for ${uri}${version === undefined ? '' : ` version ${version}`}`,
    ).finally(() => (this.waiter = undefined));
  }

  /** Polls `condition` until it holds, failing after `timeoutMs`. */
  async until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!condition()) {
      if (this.exited || performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${this.exited ? ' (the server exited)' : ''}`);
      await new Promise((done) => setTimeout(done, 20));
    }
  }

  /** Waits until nothing is published for `quietMs` (servers that validate twice on open). */
  async settle(quietMs: number, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    let count = this.published.length;
    for (;;) {
      await new Promise((done) => setTimeout(done, quietMs));
      if (this.published.length === count || performance.now() > deadline) return;
      count = this.published.length;
    }
  }

  private withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const tail = this.stderr.trim().split('\n').slice(-10).join('\n');
          reject(new Error(`${what}: no answer within ${timeoutMs} ms${this.exited ? ' (the server exited)' : ''}${tail ? `\nserver stderr:\n${tail}` : ''}`));
        }, timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
  }

  /** shutdown and exit, killing the process if it does not exit in time. */
  async close(): Promise<void> {
    try {
      await this.withTimeout(this.connection.sendRequest(ShutdownRequest.type), 10_000, 'shutdown');
      await this.connection.sendNotification(ExitNotification.type);
      await this.withTimeout(
        new Promise<void>((done) => (this.exited ? done() : this.child.once('exit', () => done()))),
        5_000,
        'exit',
      );
    } catch {
      // A server that does not shut down cleanly is still stopped below.
    } finally {
      this.kill();
    }
  }

  private kill(): void {
    this.connection.dispose();
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
