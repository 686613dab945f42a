/**
 * The extension in a real VS Code: the packaged .vsix (`npm run package`) installed into code-server
 * (VS Code 1.100, see workbench.ts) and driven in Chromium as a person would, on a copy of
 * test/e2e/workspace/. Each check leaves a screenshot in test-output/e2e/<check>.png, and on failure
 * also the window's visible text in <check>.failed.txt; code-server's output and VS Code's logs
 * (with the language server's) are kept there too.
 *
 * Needs code-server and Chromium: when they are missing, the tests run scripts/e2e-setup.sh first
 * (apt and npm; minutes once, then cached), and fail, saying so, if that cannot install them.
 * BPLAN_SKIP_E2E=1 skips them (for a developer's machine; CI never sets it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LIMITS } from '../../server/src/core/limits';
import { codeLenses } from '../../server/src/language/code-lens';
import { PlanDocument } from '../../server/src/language/document';
import { SERVER_EXEC_ARGV } from '../../server/src/lsp/exec-argv';
import { bplan, makeTmp, PACKAGE, parseJsonReport, ROOT } from '../support/cli';
import type { JsonFinding } from '../support/cli';
import { missingTools, poll, Workbench } from './workbench';

const OUT = join(ROOT, 'test-output', 'e2e');
const BROKEN = 'broken-branch.bplan.yaml';
const CLEAN = 'clean-branch.bplan.yaml';
/** The passphrase written in the broken plan: no view may show it. */
const SECRET = 'Lyon-Branch-Backup-2024!';

const SKIP = process.env.BPLAN_SKIP_E2E === '1' ? 'BPLAN_SKIP_E2E=1 is set: the VS Code end-to-end tests do not run' : false;

/** 1-based line and column of the first occurrence of `needle` in a line that contains `lineText`. */
function positionOf(text: string, lineText: string, needle: string): { line: number; column: number } {
  const lines = text.split('\n');
  const index = lines.findIndex((l) => l.includes(lineText));
  assert.ok(index >= 0, `no line with ${JSON.stringify(lineText)}`);
  return { line: index + 1, column: lines[index]!.indexOf(needle) + 1 };
}

/**
 * `npm run package` as a contributor runs it, but writing the .vsix into `dir` (its --out option), so
 * that the test leaves no file in the repository.
 */
function packageExtension(dir: string): string {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const result = spawnSync('npm', ['run', 'package', '--', '--out', dir], { cwd: ROOT, env, encoding: 'utf8', timeout: 300_000 });
  assert.equal(result.status, 0, `npm run package failed:\n${result.stdout}\n${result.stderr}`);
  const vsix = join(dir, `bplan-${PACKAGE.version}.vsix`);
  assert.ok(existsSync(vsix), `npm run package did not write ${vsix}:\n${result.stdout}`);
  return vsix;
}

/** "4.5 TB" → GB as the code lens rounds it (1 TB = 1024 GB), with the tolerance of that rounding. */
function lensGB(value: string, unit: string): { gb: number; tolerance: number } {
  const n = Number(value.replace(/,/g, ''));
  return unit === 'TB' ? { gb: n * 1024, tolerance: 0.05 * 1024 } : { gb: n, tolerance: 0.05 };
}

/** The command lines of the language servers VS Code clients started (over IPC: no other test starts one so). */
function serverCommandLines(): string[][] {
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .flatMap((pid) => {
      try {
        return [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')];
      } catch {
        return [];
      }
    })
    .filter((args) => args.some((a) => a.endsWith(join('dist', 'server.js'))) && args.includes('--node-ipc'));
}

describe('the extension in VS Code (code-server + Chromium)', { skip: SKIP }, () => {
  const tmp = makeTmp('bplan-e2e-');
  const workspace = join(tmp.dir, 'workspace');
  let wb: Workbench | undefined;
  let expected: JsonFinding[] = [];

  before(
    async () => {
      rmSync(OUT, { recursive: true, force: true });
      mkdirSync(OUT, { recursive: true });
      // A fresh machine: install code-server and Chromium first (idempotent; minutes once, then cached).
      if (missingTools().length) {
        const setup = spawnSync('bash', [join(ROOT, 'scripts', 'e2e-setup.sh')], { stdio: ['ignore', 2, 2], timeout: 540_000 });
        if (setup.status !== 0) throw new Error(`scripts/e2e-setup.sh failed (${setup.status ?? setup.signal}): see its output above`);
      }
      const missing = missingTools();
      if (missing.length) throw new Error(missing.join('\n'));

      cpSync(join(ROOT, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
      const lint = bplan(['lint', '--format', 'json', BROKEN], { cwd: workspace });
      assert.equal(lint.status, 1, lint.stderr);
      expected = parseJsonReport(lint.stdout).files[0]!.findings;
      assert.deepEqual(
        expected.map((f) => f.ruleId),
        ['vault-name', 'passphrase-literal', 'online-frequency'],
        'the broken plan should have exactly its three faults',
      );

      let started = Date.now();
      const vsix = packageExtension(tmp.dir);
      const packaged = (Date.now() - started) / 1000;
      started = Date.now();
      wb = await Workbench.start({ vsix, workspace, tmp: join(tmp.dir, 'vscode'), logDir: OUT });
      console.log(`e2e: npm run package took ${packaged.toFixed(1)} s, installing and starting VS Code ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
    { timeout: 600_000 },
  );

  after(async () => {
    await wb?.stop();
    tmp.cleanup();
  });

  /**
   * One check: its body leaves the window in the state to look at, which is photographed; `cleanup`
   * then puts the window back for the next check. A failure also keeps the window's text.
   */
  function check(name: string, body: (wb: Workbench) => Promise<void>, cleanup?: (wb: Workbench) => Promise<void>) {
    return async () => {
      assert.ok(wb, 'VS Code did not start (see the before hook)');
      let failure: unknown;
      await body(wb).catch((error: unknown) => (failure = error));
      await wb.screenshot(join(OUT, `${name}.png`)).catch((error: unknown) => (failure ??= error));
      // A cleanup that fails would leave the next check in a state it does not expect: that fails this one.
      await cleanup?.(wb).catch((error: unknown) => (failure ??= error));
      if (failure !== undefined) {
        writeFileSync(join(OUT, `${name}.failed.txt`), await wb.visibleText().catch((e) => `(could not read the window: ${String(e)})`));
        throw failure;
      }
    };
  }

  it(
    'lists the broken plan\'s findings with their rule ids in the Problems panel',
    { timeout: 180_000 },
    check('problems', async (wb) => {
      await wb.openFile(BROKEN);
      await wb.page.keyboard.press('Control+Shift+M');
      await wb.page.locator('.markers-panel').waitFor({ state: 'visible' });
      // The language server starts with the first plan: allow it time for its first diagnostics.
      const rows = await poll(`the Problems panel to list ${expected.length} findings`, async () => {
        const rows = await wb.problems();
        if (rows.filter((r) => r.kind === 'marker').length < expected.length) throw new Error(`it lists ${JSON.stringify(rows)}`);
        return rows;
      });
      const markers = rows.filter((r) => r.kind === 'marker');
      assert.deepEqual(
        markers.map((r) => ({ message: r.message, source: r.source, code: r.code, position: r.position })),
        expected.map((f) => ({ message: f.message, source: 'bplan', code: f.ruleId, position: `[Ln ${f.line}, Col ${f.column}]` })),
      );
      assert.deepEqual(rows.filter((r) => r.kind === 'file').map((r) => r.file), [BROKEN]);
      // The related location of online-frequency: the server whose product sets the limit.
      const related = expected.flatMap((f) => f.related.map((r) => ({ message: r.message, position: `[Ln ${r.line}, Col ${r.column}]`, file: BROKEN })));
      assert.ok(related.length > 0);
      assert.deepEqual(rows.filter((r) => r.kind === 'related').map((r) => ({ message: r.message, position: r.position, file: r.file })), related);
      const panelText = await wb.page.locator('.markers-panel').innerText();
      assert.ok(!panelText.includes(SECRET), 'the Problems panel shows the passphrase');
      // The language server the client started runs with the node options it gives (exec-argv.ts).
      const servers = serverCommandLines();
      assert.ok(servers.length > 0, 'no language server process started over IPC');
      for (const args of servers) for (const option of SERVER_EXEC_ARGV) assert.ok(args.includes(option), `the server runs as: ${args.join(' ')}`);
    }),
  );

  it(
    'shows the limit and its source when hovering the online times of a MABS policy',
    { timeout: 180_000 },
    check(
      'hover',
      async (wb) => {
        const text = readFileSync(join(workspace, BROKEN), 'utf8');
        const at = positionOf(text, 'times: ["01:00"', 'times');
        const limit = LIMITS.find((l) => l.id === 'online-backups-per-day-mabs');
        assert.ok(limit, 'the MABS online frequency limit is in the catalogue');
        await wb.openFile(BROKEN);
        // On the key, not the value: the value's squiggle would show the finding instead.
        await wb.goTo(at.line, at.column + 2);
        const shown = await poll('a hover with the MABS limit (Ctrl+K Ctrl+I on "times")', async () => {
          await wb.page.keyboard.press('Escape');
          await wb.page.keyboard.press('Control+K');
          await wb.page.keyboard.press('Control+I');
          const hover = await poll('the hover widget', () => wb.hoverText(), 5_000).catch(() => undefined);
          if (!hover || !/at most 2\b/.test(hover)) throw new Error(hover ? `the hover shows: ${hover}` : 'no hover shows');
          return hover;
        });
        assert.match(shown, /at most 2 backups per day/);
        assert.match(shown, /lyo-mabs01/, "the limit of the policy's server");
        assert.match(shown, /Azure Backup Server/);
        // Each source document by its name, with the exact quote (line breaks in the window aside).
        const flat = shown.replace(/\s+/g, ' ');
        for (const source of limit.sources) {
          assert.ok(flat.includes(source.ref), `the hover does not name the source ${source.ref}:\n${shown}`);
          assert.ok(flat.includes(source.quote.replace(/\s+/g, ' ')), `the hover does not quote ${source.ref}:\n${shown}`);
        }
      },
      (wb) => wb.dismiss(),
    ),
  );

  it(
    'offers the products as completions for a server\'s product',
    { timeout: 180_000 },
    check(
      'completion',
      async (wb) => {
        const text = readFileSync(join(workspace, BROKEN), 'utf8');
        const at = positionOf(text, 'product: mabs', 'mabs');
        await wb.openFile(BROKEN);
        await wb.goTo(at.line, at.column);
        await wb.page.keyboard.press('Shift+End');
        await wb.page.keyboard.press('Delete');
        await wb.editor(BROKEN).locator('.view-line', { hasText: /^\s*product:\s*$/ }).waitFor();
        const labels = await poll('the suggest widget to list the products (Ctrl+Space after "product: ")', async () => {
          await wb.page.keyboard.press('Escape');
          await wb.page.keyboard.press('Control+Space');
          const labels = await poll('suggestions', async () => {
            const labels = await wb.suggestions();
            return labels.length ? labels : undefined;
          }, 5_000).catch(() => [] as string[]);
          if (!labels.includes('mabs')) throw new Error(`the suggest widget lists ${JSON.stringify(labels)}`);
          return labels;
        });
        // The products, and nothing else: no words picked from the file.
        assert.deepEqual([...labels].sort(), ['azure-vm-backup', 'dpm', 'mabs', 'mars']);
      },
      async (wb) => {
        await wb.runCommand('File: Revert File');
        await wb.editor(BROKEN).locator('.view-line', { hasText: /^\s*product:\s+mabs$/ }).waitFor();
      },
    ),
  );

  it(
    'outlines the plan: vault, servers, workloads and policies',
    { timeout: 180_000 },
    check('outline', async (wb) => {
      await wb.openFile(BROKEN);
      // Fold the file tree away so that the outline has the side bar's height.
      const folders = wb.page.locator('.pane', { has: wb.page.locator('.explorer-folders-view') }).locator('.pane-header');
      if ((await folders.getAttribute('aria-expanded')) === 'true') await folders.click();
      await wb.runCommand('Explorer: Focus on Outline View');
      const rows = await poll('the outline to list the servers and workloads', async () => {
        const rows = await wb.outline();
        if (!['lyo-mabs01', 'sales-db', 'branch-shares'].every((n) => rows.some((r) => r.name === n))) throw new Error(`the outline lists ${JSON.stringify(rows)}`);
        return rows;
      });
      const row = (name: string) => {
        const found = rows.find((r) => r.name === name);
        assert.ok(found, `no outline entry "${name}" in ${JSON.stringify(rows)}`);
        return found;
      };
      assert.equal(row('contoso-lyon-branch').level, 1);
      for (const section of ['vault', 'servers', 'workloads', 'policies']) assert.equal(row(section).level, 2, section);
      assert.equal(row('lyo-mabs01').detail, 'Azure Backup Server v3');
      assert.equal(row('lyo-mabs01').level, 3);
      assert.equal(row('sales-db').detail, 'sql-server · lyo-sql01 · 500 GB');
      assert.equal(row('branch-shares').detail, 'files · lyo-fs01 · 1,200 GB');
      for (const name of ['sales-db', 'branch-shares', 'sql-hourly', 'files-nightly']) assert.equal(row(name).level, 3, name);
      assert.ok(!rows.some((r) => `${r.name} ${r.detail}`.includes(SECRET)), 'the outline shows the passphrase');
    }),
  );

  it(
    'shows the estimates in code lenses above each server and workload of the clean plan',
    { timeout: 180_000 },
    check('code-lens', async (wb) => {
      const text = readFileSync(join(workspace, CLEAN), 'utf8');
      // What the server computes for this text, to compare with what VS Code shows.
      const titles = codeLenses(new PlanDocument(pathToFileURL(join(workspace, CLEAN)).href, 1, text)).map((l) => l.command!.title);
      assert.ok(titles.length > 1, 'the clean plan has servers and workloads');
      await wb.openFile(CLEAN);
      const shown = await poll(`${titles.length} code lenses in ${CLEAN}`, async () => {
        const shown = await wb.codeLenses(CLEAN);
        if (shown.length < titles.length) throw new Error(`the editor shows ${JSON.stringify(shown)}`);
        return shown;
      });
      assert.deepEqual([...shown].sort(), [...titles].sort());

      // The server's lens against the CLI's estimate of the same plan.
      const estimate = JSON.parse(bplan(['estimate', '--format', 'json', CLEAN], { cwd: workspace }).stdout) as {
        files: { servers: { name: string; storagePool: { requiredGB: { value: number }; capacityGB: number }; scratch: { requiredGB: { value: number }; freeGB: number } }[] }[];
      };
      const server = estimate.files[0]!.servers[0]!;
      const lens = shown.find((s) => s.startsWith('pool '));
      const m = lens && /^pool ([\d.,]+) (GB|TB) of ([\d.,]+) (GB|TB) · scratch ([\d.,]+) (GB|TB) of ([\d.,]+) (GB|TB)$/.exec(lens);
      assert.ok(m, `no "pool … of … · scratch … of …" lens among ${JSON.stringify(shown)}`);
      const near = (shownValue: { gb: number; tolerance: number }, gb: number, what: string) =>
        assert.ok(Math.abs(shownValue.gb - gb) <= shownValue.tolerance, `${what}: the lens shows ${shownValue.gb} GB, the CLI estimates ${gb} GB`);
      near(lensGB(m[1]!, m[2]!), server.storagePool.requiredGB.value, 'pool needed');
      near(lensGB(m[3]!, m[4]!), server.storagePool.capacityGB, 'pool capacity');
      near(lensGB(m[5]!, m[6]!), server.scratch.requiredGB.value, 'scratch needed');
      near(lensGB(m[7]!, m[8]!), server.scratch.freeGB, 'scratch free');

      // Bring the server's lens into view for the screenshot, and see that it is drawn there.
      const name = positionOf(text, `- name: ${server.name}`, server.name);
      await wb.goTo(name.line, name.column);
      await wb.editor(CLEAN).locator('.codelens-decoration', { hasText: lens }).waitFor({ state: 'visible' });

      // The clean plan has been analysed (it has its lenses) and has no problems.
      await wb.runCommand('Problems: Focus on Problems View');
      assert.deepEqual((await wb.problems()).filter((r) => r.kind === 'file').map((r) => r.file), [BROKEN]);
    }),
  );
});
