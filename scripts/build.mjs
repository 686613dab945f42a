// Bundles the shipped entry points with esbuild: the CLI, the language server and the VS Code client.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

// Some dependencies ship ESM that reads import.meta.url; give the CommonJS bundle a real one.
const importMetaUrl = { js: "const __bplanImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" };
const common = { banner: importMetaUrl, define: { 'import.meta.url': '__bplanImportMetaUrl' }, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'linked', logLevel: 'warning', legalComments: 'none' };
const entries = [
  { entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
];
await Promise.all(
  entries
    .filter((e) => !e.optional || existsSync(e.entryPoints[0]))
    .map(({ optional, ...e }) => build({ ...common, ...e })),
);
