/**
 * The packaged extension: `npm run package` (scripts/package.mjs) into a temporary folder, then the
 * .vsix read as the zip it is. It holds the manifest, the two minified bundles and the schemas, and
 * nothing else (no node_modules, out, tests, sources or source maps); its manifest contributes the
 * commands and settings the client uses, a level setting per rule; and the server bundle it ships
 * runs on its own, without node_modules, answering bplan's requests.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinModules } from 'node:module';
import { inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { RULES } from '../server/src/core';
import { DEFAULT_MAX_FILE_SIZE_KB } from '../server/src/lsp/settings';
import { makeTmp, PACKAGE, ROOT } from './support/cli';

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
}

/** The entries of a zip file, from its central directory (no zip64: a .vsix of a few MB never needs it). */
function zipEntries(zip: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'not a zip file: no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'broken central directory');
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function zipRead(zip: Buffer, entry: ZipEntry): Buffer {
  assert.equal(zip.readUInt32LE(entry.offset), 0x04034b50, `no local header for ${entry.name}`);
  const start = entry.offset + 30 + zip.readUInt16LE(entry.offset + 26) + zip.readUInt16LE(entry.offset + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  return entry.method === 0 ? data : inflateRawSync(data);
}

const tmp = makeTmp('bplan-vsix-test-');
after(() => tmp.cleanup());

let zip: Buffer;
let entries: ZipEntry[];
let vsixPath: string;
const read = (name: string): Buffer => {
  const entry = entries.find((e) => e.name === name);
  assert.ok(entry, `${name} is not in the .vsix`);
  return zipRead(zip, entry);
};

before(() => {
  assert.equal((PACKAGE as { scripts?: Record<string, string> }).scripts?.package, 'node scripts/package.mjs');
  const out = join(tmp.dir, 'out');
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 240_000, stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(result.status, 0, `npm run package failed:\n${result.stdout}\n${result.stderr}`);
  vsixPath = join(out, `bplan-${PACKAGE.version}.vsix`);
  zip = readFileSync(vsixPath);
  entries = zipEntries(zip);
});

describe('the .vsix', () => {
  it('holds the manifest, the docs, both bundles and the schemas, and nothing else', () => {
    const files = entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).sort();
    assert.deepEqual(files, [
      'extension/LICENSE.txt',
      'extension/dist/client.js',
      'extension/dist/server.js',
      'extension/package.json',
      'extension/readme.md',
      'extension/schemas/bplan.config.schema.json',
      'extension/schemas/bplan.schema.json',
    ]);
    for (const name of entries.map((e) => e.name)) {
      assert.doesNotMatch(name, /(^|\/)(node_modules|out|test|src)\//, name);
      assert.doesNotMatch(name, /\.(ts|map)$/, name);
    }
  });

  it('is small: under 3 MB packed and unpacked', () => {
    assert.ok(statSync(vsixPath).size < 3 * 1024 * 1024, `${statSync(vsixPath).size} bytes`);
    const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
    assert.ok(unpacked < 3 * 1024 * 1024, `${unpacked} bytes unpacked`);
  });

  it('ships minified bundles without source maps, needing nothing but Node and VS Code', () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    for (const [bundle, allowed] of [
      ['extension/dist/server.js', builtins],
      ['extension/dist/client.js', new Set([...builtins, 'vscode'])],
    ] as const) {
      const code = read(bundle).toString('utf8');
      assert.doesNotMatch(code, /sourceMappingURL/, bundle);
      // Minified: long lines (only template literals keep their line breaks), not one line per statement.
      const lines = code.split('\n').length;
      assert.ok(code.length / lines > 1000, `${bundle}: ${lines} lines of ${Math.round(code.length / lines)} characters on average`);
      // ajv keeps `require("ajv/dist/runtime/…")` as text for its standalone code generation, never run here (the test below runs the server).
      const required = new Set([...code.matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((m) => m[2]!).filter((r) => !r.startsWith('ajv/dist/runtime/')));
      assert.deepEqual([...required].filter((r) => !allowed.has(r)), [], `${bundle} requires modules the .vsix does not ship`);
    }
  });

  it("has the project's package.json, with its commands, settings, activation and schema", () => {
    const manifest = JSON.parse(read('extension/package.json').toString('utf8'));
    assert.equal(manifest.name, 'bplan');
    assert.equal(manifest.version, PACKAGE.version);
    assert.equal(manifest.main, './dist/client.js');
    assert.equal(manifest.engines.vscode, '^1.91.0');
    assert.deepEqual(manifest.activationEvents, ['onLanguage:yaml', 'workspaceContains:**/*.bplan.{yaml,yml}']);
    assert.deepEqual(
      manifest.contributes.commands.map((c: { command: string; category: string; title: string }) => `${c.command}: ${c.category}: ${c.title}`),
      ['bplan.newPlan: bplan: New backup plan', 'bplan.showEstimateReport: bplan: Show estimate report', 'bplan.restartServer: bplan: Restart server', 'bplan.showOutput: bplan: Show output'],
    );
    const settings = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(settings), ['bplan.enable', 'bplan.rules', 'bplan.configFile', 'bplan.files', 'bplan.codeLens.enable', 'bplan.lintDelay', 'bplan.maxFileSizeKB', 'bplan.trace.server']);
    assert.deepEqual(
      Object.entries(settings).map(([k, v]) => [k, (v as { default: unknown }).default]),
      [['bplan.enable', true], ['bplan.rules', {}], ['bplan.configFile', ''], ['bplan.files', []], ['bplan.codeLens.enable', true], ['bplan.lintDelay', 150], ['bplan.maxFileSizeKB', DEFAULT_MAX_FILE_SIZE_KB], ['bplan.trace.server', 'off']],
    );
    // The ceiling the server accepts (settings.ts) is the one the settings editor offers.
    assert.deepEqual([settings['bplan.maxFileSizeKB'].minimum, settings['bplan.maxFileSizeKB'].maximum], [1, 1024 * 1024]);
    assert.deepEqual(manifest.contributes.yamlValidation, [{ fileMatch: ['*.bplan.yaml', '*.bplan.yml'], url: './schemas/bplan.schema.json' }]);
    assert.ok(entries.some((e) => e.name === `extension/${manifest.contributes.yamlValidation[0].url.slice(2)}`));
  });

  it('offers a level setting for exactly the rules bplan has, each with its default and documentation', () => {
    const rules = JSON.parse(read('extension/package.json').toString('utf8')).contributes.configuration.properties['bplan.rules'];
    const levels = ['error', 'warning', 'info', 'off'];
    assert.deepEqual(rules.additionalProperties, { type: 'string', enum: levels });
    // Out of date when a rule is added or renamed: update package.json's bplan.rules from the rule table.
    assert.deepEqual(Object.keys(rules.properties), RULES.map((r) => r.meta.id));
    for (const rule of RULES) {
      const setting = rules.properties[rule.meta.id];
      assert.deepEqual(setting.enum, levels, rule.meta.id);
      assert.equal(setting.markdownDescription, `${rule.meta.description} Default: \`${rule.meta.defaultSeverity}\`. [Rule documentation](${rule.meta.docsUrl})`);
    }
  });
});

describe('the server bundle of the .vsix, run on its own', () => {
  it('starts without node_modules and answers bplan/scaffold and bplan/estimateReport', async () => {
    // Unpacked far from the repository, so nothing can be resolved from its node_modules.
    const dir = join(tmp.dir, 'unpacked', 'dist');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'server.js'), read('extension/dist/server.js'));
    const server = spawn(process.execPath, [join(dir, 'server.js'), '--stdio'], { cwd: tmp.dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr: Buffer[] = [];
    server.stderr.on('data', (d: Buffer) => stderr.push(d));
    const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    connection.listen();
    const timeout = setTimeout(() => server.kill(), 20_000);
    try {
      await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
      await connection.sendNotification(InitializedNotification.type, {});
      const { text } = await connection.sendRequest<{ text: string }>('bplan/scaffold', { product: 'mabs', version: 'v3', workloads: ['files'], name: 'lyon' });
      assert.match(text, /^name: lyon$/m);
      const refused = await connection.sendRequest('bplan/scaffold', { product: 'mars', workloads: ['exchange'] }).then(
        () => 'answered',
        (error: Error) => error.message,
      );
      assert.equal(refused, 'bplan: cannot scaffold a plan: MARS does not protect Exchange; it protects only files and folders (files) and system state (system-state)');
      const uri = 'file:///nowhere/lyon.bplan.yaml';
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      const report = await connection.sendRequest<{ title: string; html: string } | null>('bplan/estimateReport', { uri });
      assert.ok(report, 'no report');
      assert.equal(report.title, 'Estimate: lyon');
      assert.ok(report.html.includes('<h2>lyon.bplan.yaml (lyon)</h2>'));
      assert.ok(report.html.includes('mabs01'));
      assert.equal(await connection.sendRequest('bplan/estimateReport', { uri: 'file:///nowhere/not-open.bplan.yaml' }), null);
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
    } finally {
      clearTimeout(timeout);
      connection.dispose();
      server.kill();
    }
    assert.doesNotMatch(Buffer.concat(stderr).toString('utf8'), /Error|Cannot find module/);
  });
});
