#!/usr/bin/env node
'use strict';
// The CLI is an esbuild bundle (dist/cli.js) so it starts fast; `npm install` builds it (prepare).
try {
  require.resolve('../dist/cli.js');
} catch {
  process.stderr.write('bplan: the CLI is not built yet; run `npm run build` in the bplan folder\n');
  process.exit(2);
}
require('../dist/cli.js');
