// `npm run package`: the VS Code extension as bplan-<version>.vsix.
// The client and server bundles are built minified, without source maps, into a staging folder that
// holds only what the extension ships (the files .vscodeignore lets in), and vsce packages that
// folder: the work tree's dist/ keeps its source maps, and nothing else can slip into the .vsix.
//   --out DIR   where the .vsix goes (default: the repository root)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { values: flags } = parseArgs({ options: { out: { type: 'string', default: root } } });
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(resolve(flags.out), `bplan-${version}.vsix`);

function run(args, cwd) {
  // No standard input: vsce must never wait for an answer.
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error(`bplan: ${args.slice(0, 2).join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

const staging = mkdtempSync(join(tmpdir(), 'bplan-vsix-'));
try {
  run([join(root, 'scripts', 'build.mjs'), '--minify', '--only', 'client,server', '--outdir', join(staging, 'dist')], root);
  for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore']) {
    if (existsSync(join(root, file))) copyFileSync(join(root, file), join(staging, file));
  }
  mkdirSync(join(staging, 'schemas'));
  for (const file of readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.json'))) copyFileSync(join(root, 'schemas', file), join(staging, 'schemas', file));
  mkdirSync(dirname(vsix), { recursive: true });
  const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
  run([vsce, 'package', '--no-dependencies', '--out', vsix], staging);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
