import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './main';

const argv = process.argv.slice(2);
if (argv[0] === 'lsp') startLanguageServer(argv.slice(1));
else {
  void run(argv, {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  }).then((code) => {
    process.exitCode = code;
  });
}

/**
 * `bplan lsp [--stdio | --node-ipc | --socket=N | --pipe=NAME]`: the language server, for editors
 * other than VS Code. Loaded from its own bundle only when asked for, so linting starts fast.
 */
function startLanguageServer(args: readonly string[]): void {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('Usage: bplan lsp [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]\n\nStarts the bplan language server (stdio when no transport is given).\n');
    return;
  }
  if (!args.some((a) => /^--(stdio|node-ipc|socket|pipe)/.test(a))) process.argv.push('--stdio');
  // dist/cli.js sits beside dist/server.js; the unbundled build (out/) beside lsp/main.js.
  const entry = [join(__dirname, 'server.js'), join(__dirname, '..', 'lsp', 'main.js')].find((p) => existsSync(p));
  if (!entry) {
    process.stderr.write('bplan: the language server is not built; run `npm run build`\n');
    process.exitCode = 2;
    return;
  }
  require(entry);
}
