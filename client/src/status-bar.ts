/**
 * The status bar item: while a plan is the active editor, the worst of its bplan findings
 * (`$(error) 3 bplan`); a click opens the Problems panel. It reads the diagnostics VS Code already
 * has, so it never asks the server anything.
 */
import { DiagnosticSeverity, languages, StatusBarAlignment, ThemeColor, window, workspace } from 'vscode';
import type { Disposable, StatusBarItem } from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { LanguageClient } from 'vscode-languageclient/node';
import { isPlan } from './plan-document';
import { COMMANDS } from './protocol';
import { statusSummary } from './status-summary';

export class PlanStatusBar implements Disposable {
  private readonly item: StatusBarItem;
  private readonly subscriptions: Disposable[] = [];
  private serverStopped = false;

  constructor(client: LanguageClient) {
    this.item = window.createStatusBarItem('bplan.status', StatusBarAlignment.Left, 0);
    this.item.name = 'bplan';
    this.subscriptions.push(
      this.item,
      window.onDidChangeActiveTextEditor(() => this.update()),
      languages.onDidChangeDiagnostics((e) => {
        const active = window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.update();
      }),
      // A first key `bplan:` typed or removed changes whether the file is a plan.
      workspace.onDidChangeTextDocument((e) => e.document === window.activeTextEditor?.document && this.update()),
      workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('bplan') && this.update()),
      client.onDidChangeState((e) => {
        this.serverStopped = e.newState === State.Stopped;
        this.update();
      }),
    );
    this.update();
  }

  private update(): void {
    const document = window.activeTextEditor?.document;
    if (!document || !isPlan(document)) {
      this.item.hide();
      return;
    }
    if (this.serverStopped) {
      this.item.text = '$(debug-disconnect) bplan';
      this.item.tooltip = 'The bplan language server is not running. Click to restart it.';
      this.item.command = COMMANDS.restartServer;
      this.item.backgroundColor = new ThemeColor('statusBarItem.warningBackground');
      this.item.show();
      return;
    }
    const counts = { errors: 0, warnings: 0, infos: 0 };
    for (const d of languages.getDiagnostics(document.uri)) {
      if (d.source !== 'bplan') continue;
      if (d.severity === DiagnosticSeverity.Error) counts.errors++;
      else if (d.severity === DiagnosticSeverity.Warning) counts.warnings++;
      else counts.infos++;
    }
    const summary = statusSummary(counts);
    this.item.text = summary.text;
    this.item.tooltip = summary.tooltip;
    this.item.command = 'workbench.actions.view.problems';
    this.item.backgroundColor = summary.worst === 'error' ? new ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
