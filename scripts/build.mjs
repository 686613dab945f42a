// Bundles the shipped entry points with esbuild: the CLI, its lint worker thread, the language server
// and the VS Code client.
//   --minify        minified, without source maps (what the .vsix ships; see scripts/package.mjs)
//   --outdir DIR    where the bundles go (default dist)
//   --only a,b      only these bundles: cli, worker, server, client
//   --prepare       as npm's `prepare` script (see below)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { values: flags } = parseArgs({
  options: {
    minify: { type: 'boolean', default: false },
    outdir: { type: 'string', default: 'dist' },
    only: { type: 'string' },
    prepare: { type: 'boolean', default: false },
  },
});

// `npm install -g git+…` (how pre-commit installs the bplan-lint hook) prepares the clone with an
// `npm install` that inherits the global settings and so installs none of the devDependencies
// (npm/cli#8440); install them here, without those settings, so the bundles can be built.
if (flags.prepare && process.env.npm_config_global === 'true' && process.env.npm_execpath && !existsSync(join(root, 'node_modules', 'esbuild'))) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_(global|prefix|location)/i.test(name)));
  const args = [process.env.npm_execpath, 'install', '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund'];
  const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
const { build } = await import('esbuild');

// Some dependencies ship ESM that reads import.meta.url; give the CommonJS bundle a real one.
const importMetaUrl = { js: "const __bplanImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" };
const common = {
  banner: importMetaUrl,
  define: { 'import.meta.url': '__bplanImportMetaUrl' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: flags.minify ? false : 'linked',
  minify: flags.minify,
  logLevel: 'warning',
  legalComments: 'none',
  absWorkingDir: root,
};
const entries = [
  { name: 'cli', entryPoints: ['server/src/cli/bin.ts'], outfile: 'cli.js' },
  // Loaded by the CLI from beside cli.js (server/src/cli/lint-plans.ts) to lint many plans at once.
  { name: 'worker', entryPoints: ['server/src/cli/lint-worker.ts'], outfile: 'lint-worker.js' },
  { name: 'server', entryPoints: ['server/src/lsp/main.ts'], outfile: 'server.js' },
  { name: 'client', entryPoints: ['client/src/extension.ts'], outfile: 'client.js', external: ['vscode'] },
];
/**
 * The plan schema's validators as ajv standalone code, made by the core's own `standaloneValidators`
 * (bundled and run here): the bundles import them in place of server/src/core/schema-validators.ts,
 * so that no run compiles the schema at start (it took half of `bplan lint`'s cold start).
 */
async function precompiledValidators() {
  const dir = mkdtempSync(join(tmpdir(), 'bplan-build-'));
  try {
    const outfile = join(dir, 'standalone.cjs');
    await build({ ...common, banner: undefined, define: undefined, sourcemap: false, minify: false, stdin: { contents: "export { standaloneValidators } from './server/src/core/schema';", resolveDir: root, loader: 'ts' }, outfile });
    const code = createRequire(outfile)(outfile).standaloneValidators();
    return `const compiled = { exports: {} };\n(function (module, exports) {\n${code}\n})(compiled, compiled.exports);\nexport const precompiled = compiled.exports;\n`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const validators = await precompiledValidators();
const precompiledSchema = {
  name: 'bplan-precompiled-schema',
  setup(b) {
    b.onResolve({ filter: /(^|[\\/])schema-validators$/ }, () => ({ path: 'schema-validators', namespace: 'bplan-precompiled' }));
    b.onLoad({ filter: /.*/, namespace: 'bplan-precompiled' }, () => ({ contents: validators, loader: 'js', resolveDir: root }));
  },
};

/**
 * ajv loaded on first use rather than when the bundle starts: with the plan schema precompiled, a lint
 * never compiles a schema (only a bplan.config.yaml does), and loading ajv was a tenth of a cold
 * `bplan lint`. The core imports ajv as usual; in the bundles its two imports become stand-ins that
 * require the real modules when first called.
 */
const lazyAjv = {
  name: 'bplan-lazy-ajv',
  setup(b) {
    const stubs = {
      ajv: "let loaded; const real = () => (loaded ??= require('ajv').default);\nexport default function Ajv(options) { return new (real())(options); }\n",
      'ajv/dist/standalone': "export default function standaloneCode(...args) { return require('ajv/dist/standalone').default(...args); }\n",
    };
    b.onResolve({ filter: /^ajv(\/dist\/standalone)?$/ }, (args) =>
      args.namespace === 'bplan-lazy-ajv' || args.kind !== 'import-statement' ? undefined : { path: args.path, namespace: 'bplan-lazy-ajv' },
    );
    b.onLoad({ filter: /.*/, namespace: 'bplan-lazy-ajv' }, (args) => ({ contents: stubs[args.path], loader: 'js', resolveDir: root }));
  },
};

const only = flags.only?.split(',').map((s) => s.trim());
await Promise.all(
  entries
    .filter((e) => !only || only.includes(e.name))
    .map(({ name, outfile, ...e }) => build({ ...common, ...e, plugins: [precompiledSchema, lazyAjv], outfile: resolve(flags.outdir, outfile) })),
);

// V8's code cache of the CLI bundle, made by one lint of the samples through bin/bplan.js, which
// loads it (see there). Only for the bundle bin/bplan.js runs, and never fatal: without a cache the
// CLI compiles the bundle as usual.
const cliBundle = join(root, 'dist', 'cli.js');
if ((!only || only.includes('cli')) && resolve(flags.outdir, 'cli.js') === cliBundle) {
  const cacheFile = `${cliBundle}.cache`;
  rmSync(cacheFile, { force: true });
  const env = { ...process.env, BPLAN_MAKE_CODE_CACHE: '1', BPLAN_WORKERS: '0', NO_COLOR: '1' };
  const made = spawnSync(process.execPath, [join(root, 'bin', 'bplan.js'), 'lint', join(root, 'samples')], { cwd: root, env, stdio: 'ignore', timeout: 60_000 });
  if (made.error || made.status === null || made.status > 1 || !existsSync(cacheFile)) {
    rmSync(cacheFile, { force: true });
    console.warn(`build: no code cache for dist/cli.js (the lint that makes it ended with ${made.error?.message ?? made.signal ?? `exit code ${made.status}`}); the CLI starts without it`);
  }
}
