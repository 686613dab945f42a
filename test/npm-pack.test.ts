/**
 * The npm package: `npm pack` holds the CLI as `npx bplan` runs it (bin/bplan.js, the self-contained
 * bundles of the CLI, its lint worker and the language server), the schemas, README and LICENSE, and
 * nothing else (.npmignore); it has no dependencies, so installing the tarball needs no registry; and
 * the installed `bplan` lints, fails on a broken plan and starts the language server.
 *
 * The bundles are packed as built (`--ignore-scripts`: no `prepare`, which would rebuild dist/ while
 * other test files read it).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createProtocolConnection,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { bplan, fixture, makeTmp, PACKAGE, parseJsonReport, ROOT, SAMPLES } from './support/cli';

const tmp = makeTmp('bplan-npm-pack-test-');
after(() => tmp.cleanup());

/** npm, with node's folder first on PATH (npm and the installed bin run `node` from it). */
function npm(args: readonly string[], cwd: string): { stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };
  delete env.NODE_TEST_CONTEXT;
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, env, encoding: 'utf8', timeout: 180_000, shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  assert.equal(result.status, 0, `npm ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

interface PackEntry {
  readonly path: string;
  readonly size: number;
}

let tarball: string;
let packed: { filename: string; size: number; unpackedSize: number; files: PackEntry[] };
/** Where the tarball is installed; its node_modules/.bin/bplan is what `npx bplan` runs. */
const app = join(tmp.dir, 'app');
let installedBin: string;

before(() => {
  const { stdout } = npm(['pack', '--json', '--ignore-scripts', '--pack-destination', tmp.dir], ROOT);
  [packed] = JSON.parse(stdout) as (typeof packed)[];
  tarball = join(tmp.dir, packed.filename);
  // Offline: a package without dependencies installs from the tarball alone.
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  npm(['install', '--offline', '--omit=dev', '--no-audit', '--no-fund', tarball], app);
  installedBin = join(app, 'node_modules', '.bin', process.platform === 'win32' ? 'bplan.cmd' : 'bplan');
});

describe('npm pack', () => {
  it('holds the bin, the three bundles, the CLI bundle\'s code cache, the schemas, package.json, README and LICENSE, and nothing else', () => {
    assert.equal(packed.filename, `bplan-${PACKAGE.version}.tgz`);
    assert.deepEqual(packed.files.map((f) => f.path).sort(), [
      'LICENSE',
      'README.md',
      'bin/bplan.js',
      'dist/cli.js',
      'dist/cli.js.cache',
      'dist/lint-worker.js',
      'dist/server.js',
      'package.json',
      'schemas/bplan.config.schema.json',
      'schemas/bplan.schema.json',
    ]);
  });

  it('leaves out node_modules, out, tests, sources, source maps and the VS Code client', () => {
    for (const { path } of packed.files) {
      assert.doesNotMatch(path, /(^|\/)(node_modules|out|test|src|client)\//, path);
      assert.doesNotMatch(path, /\.(ts|map|vsix|tgz)$/, path);
      assert.notEqual(path, 'dist/client.js');
    }
  });

  it('is small: under 1.5 MB packed and 6 MB unpacked', () => {
    assert.equal(statSync(tarball).size, packed.size);
    assert.ok(packed.size < 1.5 * 1024 * 1024, `${packed.size} bytes packed`);
    assert.ok(packed.unpackedSize < 6 * 1024 * 1024, `${packed.unpackedSize} bytes unpacked`);
  });

  it('has bundles that need nothing but Node.js', () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    for (const bundle of ['dist/cli.js', 'dist/lint-worker.js', 'dist/server.js']) {
      const code = readFileSync(join(app, 'node_modules', 'bplan', bundle), 'utf8');
      // ajv keeps `require("ajv/dist/runtime/…")` as text for standalone code generation, which bplan never runs.
      const required = [...code.matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((m) => m[2]!).filter((r) => !r.startsWith('ajv/dist/runtime/'));
      assert.deepEqual([...new Set(required)].filter((r) => !builtins.has(r)), [], `${bundle} requires modules the package does not ship`);
    }
  });

  it('declares no dependencies, the bplan bin and Node.js 20', () => {
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules', 'bplan', 'package.json'), 'utf8'));
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(manifest.bin, { bplan: 'bin/bplan.js' });
    assert.equal(manifest.engines.node, '>=20');
  });
});

describe('the installed package', () => {
  it('is bplan alone in node_modules: installing it fetched nothing', () => {
    assert.deepEqual(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')), ['bplan']);
  });

  /** The installed bin, in the app folder, far from the repository's node_modules. */
  function installed(args: readonly string[]) {
    const result = spawnSync(installedBin, args, {
      cwd: app,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`, NODE_TEST_CONTEXT: undefined, FORCE_COLOR: undefined },
      shell: process.platform === 'win32',
    });
    if (result.error) throw result.error;
    return result;
  }

  it('loads its CLI with the code cache made when it was packed (same Node here)', () => {
    const result = spawnSync(installedBin, ['--version'], {
      cwd: app,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`, NODE_TEST_CONTEXT: undefined, BPLAN_DEBUG_CODE_CACHE: '1' },
      shell: process.platform === 'win32',
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, 'bplan: code cache used\n');
  });

  it('prints its version', () => {
    const result = installed(['--version']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${PACKAGE.version}\n`);
  });

  it('lints a sample plan clean: exit 0', () => {
    copyFileSync(join(SAMPLES, 'mars-file-server.bplan.yaml'), join(app, 'office.bplan.yaml'));
    const result = installed(['lint', 'office.bplan.yaml']);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0, result.stdout);
    assert.equal(result.stdout, '✔ no problems in 1 file\n');
  });

  it('fails a broken plan with its findings: exit 1, the same JSON report as the repository build', () => {
    copyFileSync(fixture('errors.bplan.yaml'), join(app, 'broken.bplan.yaml'));
    const result = installed(['lint', '--format', 'json', 'broken.bplan.yaml']);
    assert.equal(result.status, 1, result.stderr);
    const report = parseJsonReport(result.stdout);
    const vault = report.files[0]!.findings.find((f) => f.ruleId === 'vault-name');
    assert.ok(vault, result.stdout);
    assert.deepEqual([vault.line, vault.column], [6, 9]);
    assert.equal(result.stdout, bplan(['lint', '--format', 'json', 'broken.bplan.yaml'], { cwd: app }).stdout);

    const stylish = installed(['lint', 'broken.bplan.yaml']);
    assert.equal(stylish.status, 1);
    assert.match(stylish.stdout, /^broken\.bplan\.yaml:6:9 {2}error {2}vault name "1bad_vault" .* {2}\[vault-name\]$/m);
  });

  it('starts the language server: `bplan lsp --stdio` answers initialize', async () => {
    const server = spawn(installedBin, ['lsp', '--stdio'], { cwd: app, stdio: ['pipe', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    const stderr: Buffer[] = [];
    server.stderr.on('data', (d: Buffer) => stderr.push(d));
    const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    connection.listen();
    const timeout = setTimeout(() => server.kill(), 20_000);
    try {
      const init = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
      assert.equal(init.serverInfo?.name, 'bplan');
      assert.equal(init.serverInfo?.version, PACKAGE.version);
      assert.ok(init.capabilities.hoverProvider, 'no hover capability');
      assert.ok(init.capabilities.completionProvider, 'no completion capability');
      await connection.sendNotification(InitializedNotification.type, {});
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
    } finally {
      clearTimeout(timeout);
      connection.dispose();
      server.kill();
    }
    assert.doesNotMatch(Buffer.concat(stderr).toString('utf8'), /Error|Cannot find module|not built/);
  });
});

describe('the prepare script, as npm runs it when installing bplan globally from git (pre-commit)', () => {
  /**
   * scripts/build.mjs in a folder of its own, as in npm's clone of the repository, with a stand-in
   * npm that records how it was run and installs a stand-in esbuild that records what it builds.
   */
  function prepareIn(name: string, env: Record<string, string>) {
    const root = join(tmp.dir, name);
    mkdirSync(join(root, 'scripts'), { recursive: true });
    copyFileSync(join(ROOT, 'scripts', 'build.mjs'), join(root, 'scripts', 'build.mjs'));
    const npmLog = join(root, 'npm.json');
    const built = join(root, 'built.txt');
    // The build first bundles the schema's standalone validators from stdin and loads them (scripts/build.mjs).
    writeFileSync(
      join(root, 'stub-esbuild.js'),
      `exports.build = async (options) => options.stdin
        ? require('node:fs').writeFileSync(options.outfile, 'exports.standaloneValidators = () => "";')
        : require('node:fs').appendFileSync(${JSON.stringify(built)}, options.outfile + '\\n');`,
    );
    writeFileSync(
      join(root, 'fake-npm.js'),
      `const fs = require('node:fs');
       fs.writeFileSync(${JSON.stringify(npmLog)}, JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), config: Object.keys(process.env).filter((k) => /^npm_config_/i.test(k)) }));
       fs.mkdirSync('node_modules/esbuild', { recursive: true });
       fs.copyFileSync('stub-esbuild.js', 'node_modules/esbuild/index.js');`,
    );
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--prepare'], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, npm_execpath: join(root, 'fake-npm.js'), ...env },
    });
    return {
      status: result.status,
      stderr: result.stderr,
      npm: existsSync(npmLog) ? (JSON.parse(readFileSync(npmLog, 'utf8')) as { args: string[]; cwd: string; config: string[] }) : undefined,
      built: existsSync(built) ? readFileSync(built, 'utf8').split('\n').filter(Boolean).sort() : [],
      root,
    };
  }

  it('installs the build tools npm left out, without the global settings, then builds every bundle', () => {
    const run = prepareIn('global-clone', { npm_config_global: 'true', npm_config_prefix: '/somewhere', NPM_CONFIG_PREFIX: '/somewhere', npm_config_cache: '/cache' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.npm?.args, ['install', '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund']);
    assert.equal(run.npm?.cwd, run.root);
    assert.deepEqual(run.npm?.config, ['npm_config_cache']);
    assert.deepEqual(run.built, ['cli.js', 'client.js', 'lint-worker.js', 'server.js'].map((f) => join(run.root, 'dist', f)));
  });

  it('installs nothing in a local install, where npm has installed the devDependencies', () => {
    const run = prepareIn('local-clone', {});
    assert.equal(run.npm, undefined);
    assert.notEqual(run.status, 0, 'built without esbuild?');
  });
});
