/**
 * The extension checked from inside a desktop VS Code's extension host, for machines that can
 * download VS Code (`npm run test:electron`, through @vscode/test-electron). On machines without
 * that download the same checks run in code-server through a real browser (test/e2e/).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Called by @vscode/test-electron inside the extension host; throws on the first failed check. */
export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'the runner opens a workspace folder');
  const broken = vscode.Uri.file(path.join(folder, 'broken.bplan.yaml'));
  const doc = await vscode.workspace.openTextDocument(broken);
  await vscode.window.showTextDocument(doc);

  const diagnostics = await until('bplan diagnostics', () => {
    const found = vscode.languages.getDiagnostics(broken).filter((d) => d.source === 'bplan');
    return found.length ? found : undefined;
  });
  const codes = new Set(diagnostics.map((d) => String(typeof d.code === 'object' ? d.code.value : d.code)));
  for (const id of ['online-frequency', 'vault-name']) assert.ok(codes.has(id), `diagnostics include ${id}: ${[...codes].join(', ')}`);

  const timesLine = doc.getText().split(/\r?\n/).findIndex((l) => /^\s+times:/.test(l));
  const hoverAt = new vscode.Position(timesLine, doc.lineAt(timesLine).text.indexOf('times') + 1);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', broken, hoverAt);
  assert.match(hoverText(hovers), /at most 2/, 'the hover on online.times gives the MABS limit');

  const productLine = doc.getText().split(/\r?\n/).findIndex((l) => /^\s+product:/.test(l));
  const completions = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    broken,
    new vscode.Position(productLine, doc.lineAt(productLine).text.length),
  );
  const labels = completions.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  for (const product of ['mabs', 'dpm', 'mars', 'azure-vm-backup']) assert.ok(labels.includes(product), `completion offers ${product}`);

  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', broken);
  const names = JSON.stringify(symbols.map(function flat(s): unknown[] { return [s.name, ...s.children.map(flat)]; }));
  assert.match(names, /mabs01/, 'the outline lists the server');

  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', broken);
  assert.ok(lenses.some((l) => /pool/.test(l.command?.title ?? '')), 'a code lens shows the pool estimate');
}
