#!/usr/bin/env node
'use strict';
// The CLI is an esbuild bundle (dist/cli.js) so it starts fast; `npm install` builds it (prepare).
//
// The build also runs one lint through this file with BPLAN_MAKE_CODE_CACHE set, and saves V8's code
// cache of the bundle beside it (dist/cli.js.cache): the bytecode of the bundle and of every function
// that lint compiled. Loaded with it, the CLI neither parses the 1.4 MB bundle nor compiles the parser
// and the rules again: about a fifth of a cold `bplan lint` (docs/performance.md). V8 rejects a cache
// made by another Node or for another bundle, and the bundle is then compiled as usual.
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const cli = join(__dirname, '..', 'dist', 'cli.js');
const cacheFile = `${cli}.cache`;
const making = process.env.BPLAN_MAKE_CODE_CACHE === '1';

let source;
try {
  source = readFileSync(cli, 'utf8');
} catch {
  process.stderr.write('bplan: the CLI is not built yet; run `npm run build` in the bplan folder\n');
  process.exit(2);
}

let cache;
if (!making) {
  try {
    cache = readFileSync(cacheFile);
  } catch {
    // no cache: compile as usual
  }
}

if (!cache && !making) {
  require(cli);
} else {
  const script = new vm.Script(Module.wrap(source), { filename: cli, cachedData: cache });
  if (process.env.BPLAN_DEBUG_CODE_CACHE === '1') process.stderr.write(`bplan: code cache ${cache ? (script.cachedDataRejected ? 'rejected' : 'used') : 'being made'}\n`);
  // The bundle runs as the module dist/cli.js, as `require` would run it.
  const mod = new Module(cli, module);
  mod.filename = cli;
  mod.paths = Module._nodeModulePaths(dirname(cli));
  Module._cache[cli] = mod;
  const requireFromCli = (id) => mod.require(id);
  requireFromCli.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  requireFromCli.main = require.main;
  requireFromCli.cache = Module._cache;
  script.runInThisContext().call(mod.exports, mod.exports, requireFromCli, mod, cli, dirname(cli));
  mod.loaded = true;
  if (making) process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
}
