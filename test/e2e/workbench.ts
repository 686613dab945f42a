/**
 * Drives a real VS Code for the end-to-end tests: code-server (VS Code 1.100 from the npm registry,
 * installed by scripts/e2e-setup.sh outside the repo) with the packaged extension installed, opened
 * in Debian's Chromium through playwright-core. Everything here acts as a person would: keyboard
 * shortcuts, the command palette, Quick Open, and reading what the workbench shows.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM = '/usr/bin/chromium';
const SETUP_HINT = 'run scripts/e2e-setup.sh (as root) to install it, or set BPLAN_SKIP_E2E=1 to skip the end-to-end tests locally';

/** Where scripts/e2e-setup.sh installs code-server; both honour BPLAN_E2E_CACHE. */
export function codeServerBin(): string {
  const cache = process.env.BPLAN_E2E_CACHE || join(homedir(), '.cache', 'bplan-e2e');
  return join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
}

/** Why the tests cannot run here, naming the setup script; empty when code-server and Chromium are there. */
export function missingTools(): string[] {
  const problems: string[] = [];
  const bin = codeServerBin();
  const version = existsSync(bin) ? spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 }) : undefined;
  if (!version || version.status !== 0 || !version.stdout.startsWith(CODE_SERVER_VERSION)) {
    problems.push(`code-server ${CODE_SERVER_VERSION} is not installed at ${bin} (or does not start): ${SETUP_HINT}`);
  }
  if (!existsSync(CHROMIUM)) problems.push(`${CHROMIUM} not found: ${SETUP_HINT}`);
  return problems;
}

/**
 * Polls `probe` until it returns a value other than undefined. A probe throws to say what it sees
 * instead; the timeout's error names what was awaited and quotes the last of those.
 */
export async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = undefined;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const seen = last instanceof Error ? last.message : last === undefined ? '' : String(last);
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${seen ? `: ${seen}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The user settings: nothing may open on its own, take focus or ask a question while the tests type. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'editor.codeLens': true,
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  // Completion items must come from the language server, not from words already in the file.
  'editor.wordBasedSuggestions': 'off',
  'editor.accessibilitySupport': 'off',
  'outline.collapseItems': 'alwaysExpand',
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
};

/** The text of one row of the Problems panel: a finding, or a related location under one. */
export interface ProblemRow {
  readonly kind: 'marker' | 'related' | 'file';
  readonly message: string;
  readonly source: string;
  readonly code: string;
  /** `[Ln 10, Col 9]` */
  readonly position: string;
  readonly file: string;
}

/** The little of the DOM the browser-side functions use: the project compiles without the DOM library. */
interface DomElement {
  readonly textContent: string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
}

export interface StartOptions {
  readonly vsix: string;
  /** The folder to open (a copy: the tests edit files in it). */
  readonly workspace: string;
  /** A scratch folder for code-server's user data, extensions and configuration. */
  readonly tmp: string;
  /** Where code-server's output and VS Code's logs are kept (test-output/e2e). */
  readonly logDir: string;
}

export class Workbench {
  private constructor(
    private readonly server: ChildProcess,
    private readonly browser: Browser,
    readonly page: Page,
    private readonly options: StartOptions,
  ) {}

  /** Installs the extension, starts code-server on a free loopback port and opens the workspace in Chromium. */
  static async start(options: StartOptions): Promise<Workbench> {
    const bin = codeServerBin();
    const extensions = join(options.tmp, 'extensions');
    const userData = join(options.tmp, 'user-data');
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
    // code-server would otherwise write a config with a password into ~/.config/code-server.
    const config = join(options.tmp, 'config.yaml');
    writeFileSync(config, 'auth: none\ncert: false\n');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_CONFIG_HOME: join(options.tmp, 'xdg-config'),
      XDG_DATA_HOME: join(options.tmp, 'xdg-data'),
    };
    // The test runner marks its own children; code-server's extension host must not inherit that.
    delete env.NODE_TEST_CONTEXT;
    delete env.NODE_OPTIONS;

    const install = spawnSync(bin, ['--install-extension', options.vsix, '--extensions-dir', extensions, '--user-data-dir', userData, '--config', config], {
      encoding: 'utf8',
      env,
      timeout: 120_000,
    });
    if (install.status !== 0 || !/successfully installed/.test(install.stdout)) {
      throw new Error(`code-server --install-extension ${options.vsix} failed (${install.status}):\n${install.stdout}\n${install.stderr}`);
    }

    mkdirSync(options.logDir, { recursive: true });
    const log = createWriteStream(join(options.logDir, 'code-server.log'));
    let server: ChildProcess | undefined;
    let port = 0;
    // A free port can be taken between the probe and code-server's bind: try another one.
    for (let attempt = 1; !server; attempt++) {
      port = await freePort();
      const args = ['--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extensions];
      // Its own process group, so that stop() also ends the extension host and the language server.
      const child = spawn(bin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
      killOnExit.add(child);
      // false: code-server exited (a port taken meanwhile, say); no need to wait any longer.
      const up = await poll('code-server to answer on /healthz', async () => {
        if (child.exitCode !== null || child.signalCode !== null) return false;
        const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        return response?.ok ? true : undefined;
      }, 60_000).catch(() => false);
      if (up) {
        server = child;
      } else {
        killGroup(child);
        if (attempt === 3) throw new Error(`code-server did not start on 127.0.0.1:${port}; see ${join(options.logDir, 'code-server.log')}`);
      }
    }

    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      page.setDefaultTimeout(30_000);
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}`);
      await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
      // The explorer shows the folder once the workbench has connected to the server.
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 120_000 });
      // Keyboard shortcuts reach the workbench only once it has the focus.
      await page.locator('.part.editor').click();
      return new Workbench(server, browser, page, options);
    } catch (error) {
      await browser?.close().catch(() => undefined);
      killGroup(server);
      throw error;
    }
  }

  /** Closes Chromium and ends code-server with everything it started; keeps VS Code's logs in logDir. */
  async stop(): Promise<void> {
    await Promise.race([this.browser.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]).catch(() => undefined);
    killGroup(this.server);
    const logs = join(this.options.tmp, 'user-data', 'logs');
    if (existsSync(logs)) cpSync(logs, join(this.options.logDir, 'vscode-logs'), { recursive: true });
  }

  /** The visible text of the whole window: what a person would have seen when a check failed. */
  async visibleText(): Promise<string> {
    return this.page.locator('body').innerText({ timeout: 10_000 });
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, timeout: 30_000 });
  }

  /** Closes whatever quick input, hover, suggest widget or notification is open. */
  async dismiss(): Promise<void> {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
  }

  private async quickInput(keys: string, text: string): Promise<void> {
    await this.page.keyboard.press(keys);
    await this.page.locator('.quick-input-widget').waitFor({ state: 'visible' });
    await this.page.keyboard.type(text);
  }

  /** Runs a command from the command palette (F1) by its exact title. */
  async runCommand(title: string): Promise<void> {
    await this.dismiss();
    await this.quickInput('F1', title);
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) });
    await row.first().click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Opens a workspace file through Quick Open (Ctrl+P) and waits until its editor has the focus. */
  async openFile(name: string): Promise<void> {
    await this.dismiss();
    await this.quickInput('Control+P', name);
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) });
    await row.first().click();
    await this.editor(name).locator('.view-lines').waitFor({ state: 'visible' });
    await poll(`the editor of ${name} to have the focus`, async () => ((await this.editor(name).getAttribute('class'))?.split(' ').includes('focused') ? true : undefined), 30_000);
  }

  /** The editor of a workspace file (VS Code puts the model's URI on the editor element). */
  editor(name: string) {
    return this.page.locator(`.monaco-editor[data-uri$="/${name}"]`);
  }

  /** Moves the cursor with Go to Line (Ctrl+G), 1-based like the status bar, and waits until it shows there. */
  async goTo(line: number, column: number): Promise<void> {
    await this.dismiss();
    await this.quickInput('Control+G', `${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
  }

  /** Every row the Problems panel renders. */
  async problems(): Promise<ProblemRow[]> {
    return this.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows: unknown[]) =>
      (rows as DomElement[]).map((row) => {
        const text = (selector: string) => row.querySelector(selector)?.textContent?.trim() ?? '';
        const kind = row.querySelector('.marker-message') ? 'marker' : row.querySelector('.marker-description') ? 'related' : 'file';
        return {
          kind,
          message: text(kind === 'related' ? '.marker-description' : '.marker-message'),
          source: text('.marker-source'),
          code: text('.marker-code'),
          position: text('.marker-line'),
          file: text(kind === 'related' ? '.related-info-resource' : '.label-name'),
        } as const;
      }),
    );
  }

  /** The text of the hover widget that is showing, or undefined. */
  async hoverText(): Promise<string | undefined> {
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden)');
    return (await hover.count()) ? (await hover.first().innerText()).trim() : undefined;
  }

  /** The labels the suggest widget lists (those it renders: the first dozen or so). */
  async suggestions(): Promise<string[]> {
    const rows = this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
    return rows.evaluateAll((els: unknown[]) => (els as DomElement[]).map((row) => row.querySelector('.label-name')?.textContent?.trim() ?? ''));
  }

  /** Outline rows as `name` and `detail` with their tree depth (1 = the plan). */
  async outline(): Promise<{ name: string; detail: string; level: number }[]> {
    const pane = this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: /^Outline/i }) });
    return pane.locator('.monaco-list-row').evaluateAll((els: unknown[]) =>
      (els as DomElement[]).map((row) => ({
        name: row.querySelector('.label-name')?.textContent?.trim() ?? '',
        detail: row.querySelector('.label-description')?.textContent?.trim() ?? '',
        level: Number(row.getAttribute('aria-level')),
      })),
    );
  }

  /** The titles of every code lens of an editor, in the order of the document (VS Code keeps those out of view in the DOM too). */
  async codeLenses(name: string): Promise<string[]> {
    return this.editor(name).locator('.codelens-decoration a').allTextContents();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Processes to end even when the test process exits without running its after hooks. */
const killOnExit = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of killOnExit) killGroup(child);
});

function killGroup(child: ChildProcess): void {
  killOnExit.delete(child);
  if (child.pid === undefined) return;
  // The whole group, even when code-server itself has exited: its extension host may live on.
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
