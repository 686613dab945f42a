/** The language client: starts dist/server.js over IPC and restarts it, a few times, when it stops. */
import * as path from 'node:path';
import { window, workspace } from 'vscode';
import type { ExtensionContext, LogOutputChannel } from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { ErrorHandler, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV } from '../../server/src/lsp/exec-argv';
import { RestartBudget } from './restart-budget';

/** The client restarts a server that stopped at most this often in three minutes, as vscode-languageclient does by default. */
export const restartBudget = new RestartBudget(4, 3 * 60 * 1000);

function errorHandler(output: LogOutputChannel): ErrorHandler {
  return {
    // A few broken messages in a row are survivable; more mean the connection is gone.
    error: (error, _message, count) => {
      output.error(`bplan: connection to the language server failed: ${error.message}`);
      return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
    },
    closed: () => {
      const decision = restartBudget.stopped(Date.now());
      const message = restartBudget.message(decision);
      if (decision.restart) {
        output.warn(message);
        return { action: CloseAction.Restart, handled: true };
      }
      // Not handled: the client shows this message as an error notification and writes it to the output.
      return { action: CloseAction.DoNotRestart, message };
    },
  };
}

export function createLanguageClient(context: ExtensionContext, output: LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009', ...SERVER_EXEC_ARGV] } },
  };
  // bplan.config.yaml changes re-lint the plans it applies to.
  const watcher = workspace.createFileSystemWatcher('**/bplan.config.{yaml,yml}');
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    // Every YAML file: the server decides which are plans (by name, the bplan.files globs, or a first key bplan:).
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { fileEvents: watcher },
    outputChannel: output,
    traceOutputChannel: output,
    errorHandler: errorHandler(output),
    initializationFailedHandler: (error) => {
      output.error(`bplan: the language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
      void window.showErrorMessage('The bplan language server failed to start. See "bplan: Show output".');
      return false;
    },
  };
  return new LanguageClient('bplan', 'bplan', serverOptions, clientOptions);
}
