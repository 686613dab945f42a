/**
 * The VS Code extension: starts the bplan language server (over IPC) for YAML files, which decides
 * which are plans, and adds what an editor needs around it: a new-plan command, the estimate report
 * webview, a status bar item and server restart. No linting happens here.
 */
import { commands, window } from 'vscode';
import type { ExtensionContext } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EstimatePanels } from './estimate-panel';
import { createLanguageClient, restartBudget } from './language-client';
import { newPlan } from './new-plan';
import { COMMANDS } from './protocol';
import { PlanStatusBar } from './status-bar';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('bplan', { log: true });
  const languageClient = createLanguageClient(context, output);
  client = languageClient;
  const panels = new EstimatePanels(languageClient);
  context.subscriptions.push(
    output,
    panels,
    new PlanStatusBar(languageClient),
    commands.registerCommand(COMMANDS.newPlan, () => newPlan(languageClient)),
    commands.registerCommand(COMMANDS.showEstimateReport, (uri?: unknown) => panels.show(uri)),
    commands.registerCommand(COMMANDS.restartServer, async () => {
      restartBudget.reset();
      output.info('bplan: restarting the language server');
      await languageClient.restart();
    }),
    commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
  );
  // Commands stay registered when the server cannot start, so "Restart server" and "Show output" still work.
  await languageClient.start().catch((error: unknown) => output.error(`bplan: the language server did not start: ${error instanceof Error ? error.message : String(error)}`));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
