// Bundles the shipped entry points with esbuild: the CLI, the language server and the VS Code client.
//   --minify        minified, without source maps (what the .vsix ships; see scripts/package.mjs)
//   --outdir DIR    where the bundles go (default dist)
//   --only a,b      only these bundles: cli, server, client
import { build } from 'esbuild';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: { minify: { type: 'boolean', default: false }, outdir: { type: 'string', default: 'dist' }, only: { type: 'string' } },
});

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
};
const entries = [
  { name: 'cli', entryPoints: ['server/src/cli/bin.ts'], outfile: 'cli.js' },
  { name: 'server', entryPoints: ['server/src/lsp/main.ts'], outfile: 'server.js' },
  { name: 'client', entryPoints: ['client/src/extension.ts'], outfile: 'client.js', external: ['vscode'] },
];
const only = flags.only?.split(',').map((s) => s.trim());
await Promise.all(
  entries
    .filter((e) => !only || only.includes(e.name))
    .map(({ name, outfile, ...e }) => build({ ...common, ...e, outfile: join(flags.outdir, outfile) })),
);
