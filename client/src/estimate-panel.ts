/**
 * "bplan: Show estimate report": a webview with the page of `bplan estimate --format html` for one
 * plan, asked from the server (bplan/estimateReport) and refreshed, debounced, as the plan changes.
 * No scripts: the page is static HTML and SVG under a strict Content-Security-Policy.
 */
import { Uri, ViewColumn, window, workspace } from 'vscode';
import type { Disposable, WebviewPanel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EstimateReportRequest } from './protocol';
import { isPlan } from './plan-document';
import { messagePage, withReportCsp } from './webview-csp';

const REFRESH_DELAY_MS = 400;

class EstimatePanel implements Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: Disposable[] = [];
  /** Answers to older requests are dropped when a newer one was sent. */
  private generation = 0;

  constructor(
    readonly uri: Uri,
    readonly panel: WebviewPanel,
    private readonly client: LanguageClient,
    onDispose: () => void,
  ) {
    this.subscriptions.push(
      workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === uri.toString()) this.schedule();
      }),
      panel.onDidDispose(() => {
        this.dispose();
        onDispose();
      }),
    );
  }

  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    let html: string;
    let title = this.panel.title;
    try {
      // The server answers only for open documents: open a closed file again (an untitled one is gone).
      if (!workspace.textDocuments.some((d) => d.uri.toString() === this.uri.toString())) {
        if (this.uri.scheme === 'untitled') throw new Error('the plan was closed without being saved');
        await workspace.openTextDocument(this.uri);
      }
      const report = await this.client.sendRequest(EstimateReportRequest, { uri: this.uri.toString() });
      if (report) {
        html = withReportCsp(report.html);
        title = report.title;
      } else {
        html = messagePage('No estimate', `${this.uri.path.split('/').pop()} is not a bplan plan (a *.bplan.yaml file, a file of the bplan.files setting, or YAML whose first key is bplan), or bplan is disabled for it.`);
      }
    } catch (error) {
      html = messagePage('No estimate', `bplan could not make the estimate: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (generation !== this.generation) return;
    this.panel.title = title;
    this.panel.webview.html = html;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

/** One panel per plan, reused when the command runs again for the same plan. */
export class EstimatePanels implements Disposable {
  private readonly panels = new Map<string, EstimatePanel>();

  constructor(private readonly client: LanguageClient) {}

  /** The plan of the argument (a code lens passes its URI as a string), else the active editor's. */
  async show(arg?: unknown): Promise<void> {
    const uri = typeof arg === 'string' ? Uri.parse(arg) : arg instanceof Uri ? arg : this.activePlan();
    if (!uri) {
      void window.showInformationMessage('bplan: open a backup plan (*.bplan.yaml) to see its estimate.');
      return;
    }
    const key = uri.toString();
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal(undefined, true);
      await existing.refresh();
      return;
    }
    const webviewPanel = window.createWebviewPanel('bplan.estimateReport', `Estimate: ${uri.path.split('/').pop()}`, { viewColumn: ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: false,
      enableCommandUris: false,
      retainContextWhenHidden: false,
      localResourceRoots: [],
    });
    const panel = new EstimatePanel(uri, webviewPanel, this.client, () => this.panels.delete(key));
    this.panels.set(key, panel);
    await panel.refresh();
  }

  private activePlan(): Uri | undefined {
    const document = window.activeTextEditor?.document;
    return document && isPlan(document) ? document.uri : undefined;
  }

  dispose(): void {
    for (const p of this.panels.values()) p.panel.dispose();
    this.panels.clear();
  }
}
