/**
 * "bplan: New backup plan": product, version and workloads from quick picks (only the choices the
 * product supports), the plan's name, then the server's scaffold (bplan/scaffold) in a new editor
 * that saves as <name>.bplan.yaml in the workspace folder.
 */
import { Uri, window, workspace, WorkspaceEdit } from 'vscode';
import type { QuickPickItem } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { productChoices, workloadChoices } from './choices';
import type { ProductChoice } from './choices';
import { ScaffoldRequest } from './protocol';

interface Picked<T> extends QuickPickItem {
  readonly value: T;
}

const TITLE = 'bplan: New backup plan';

async function pickProduct(): Promise<ProductChoice | undefined> {
  const items: Picked<ProductChoice>[] = productChoices().map((c) => ({ label: c.label, description: c.product, detail: c.detail, value: c }));
  return (await window.showQuickPick(items, { title: `${TITLE} (1/4)`, placeHolder: 'The product of the backup server', matchOnDescription: true, matchOnDetail: true }))?.value;
}

async function pickVersion(choice: ProductChoice): Promise<string | null | undefined> {
  if (!choice.versions.length) return null;
  const items: Picked<string>[] = choice.versions.map((v) => ({ label: v.label, description: v.newest ? 'newest' : undefined, value: v.version }));
  return (await window.showQuickPick(items, { title: `${TITLE} (2/4)`, placeHolder: `The version of ${choice.label}` }))?.value;
}

async function pickWorkloads(choice: ProductChoice, version: string | undefined): Promise<string[] | undefined> {
  const items: Picked<string>[] = workloadChoices(choice.product, version).map((w) => ({ label: w.label, description: w.type, value: w.type }));
  // A product that protects one type only (Azure VM backup) needs no question.
  if (items.length === 1) return [items[0]!.value];
  const picked = await window.showQuickPick(items, { title: `${TITLE} (3/4)`, placeHolder: 'The workloads to protect: one example of each in the plan', canPickMany: true });
  return picked?.map((p) => p.value);
}

async function askName(product: string): Promise<string | undefined> {
  return window.showInputBox({
    title: `${TITLE} (4/4)`,
    prompt: 'The name of the plan (also the file name, the vault name and the passphrase variable)',
    value: `${product}-backup-plan`,
    validateInput: (v) => (/[a-z0-9]/i.test(v) ? undefined : 'Give a name with at least one letter or digit'),
  });
}

/** Where the new plan will be saved: <folder>/<name>.bplan.yaml (the name as the scaffold wrote it), with -2, -3, … if that exists. */
async function newPlanUri(text: string): Promise<Uri | undefined> {
  const folder = workspace.workspaceFolders?.[0]?.uri;
  if (!folder || folder.scheme !== 'file') return undefined;
  const base = /^name: "?([a-z0-9-]+)"?$/m.exec(text)?.[1] ?? 'backup-plan';
  for (let n = 1; n < 100; n++) {
    const candidate = Uri.joinPath(folder, `${base}${n === 1 ? '' : `-${n}`}.bplan.yaml`);
    try {
      await workspace.fs.stat(candidate);
    } catch {
      return candidate;
    }
  }
  return undefined;
}

export async function newPlan(client: LanguageClient): Promise<void> {
  const product = await pickProduct();
  if (!product) return;
  const version = await pickVersion(product);
  if (version === undefined) return;
  const workloads = await pickWorkloads(product, version ?? undefined);
  if (!workloads) return;
  if (!workloads.length) {
    void window.showWarningMessage('bplan: choose at least one workload to protect.');
    return;
  }
  const name = await askName(product.product);
  if (name === undefined) return;

  let text: string;
  try {
    text = (await client.sendRequest(ScaffoldRequest, { product: product.product, ...(version ? { version } : {}), workloads, name })).text;
  } catch (error) {
    void window.showErrorMessage(error instanceof Error ? error.message : String(error));
    return;
  }

  // An untitled editor bound to a path saves there without a dialog; without a folder, a plain untitled YAML editor.
  const target = await newPlanUri(text);
  const document = target
    ? await workspace.openTextDocument(target.with({ scheme: 'untitled' }))
    : await workspace.openTextDocument({ language: 'yaml', content: text });
  if (target) {
    const edit = new WorkspaceEdit();
    edit.insert(document.uri, document.positionAt(0), text);
    await workspace.applyEdit(edit);
  }
  await window.showTextDocument(document);
}
