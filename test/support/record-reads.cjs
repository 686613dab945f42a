'use strict';
/**
 * Preloaded into a bplan process (`node --require test/support/record-reads.cjs dist/cli.js …`, or
 * NODE_OPTIONS for the language server) by test/secrets-everywhere.test.ts: it records every path
 * the process opens, reads, stats or checks, and every environment variable it reads, one JSON
 * line each (["open", "/path"], ["env", "NAME"]) in the file named by BPLAN_READS_LOG. The test
 * then shows bplan never touches what a secret reference ({ env: NAME }, { file: PATH }) names.
 * It changes no behaviour: each wrapper records, then calls the original.
 */
const fs = require('node:fs');

const logPath = process.env.BPLAN_READS_LOG;
if (!logPath) throw new Error('record-reads.cjs needs BPLAN_READS_LOG, the file to record to');
// Opened once, written with writeSync: recording never goes through the wrapped functions.
const logFd = fs.openSync(logPath, 'a');

function record(op, target) {
  let shown;
  if (typeof target === 'string') shown = target;
  else if (Buffer.isBuffer(target)) shown = target.toString('utf8');
  else if (target instanceof URL) shown = target.protocol === 'file:' ? require('node:url').fileURLToPath(target) : target.href;
  // A file descriptor (readFileSync(0) for standard input, fstat): no path to record.
  else return;
  fs.writeSync(logFd, `${JSON.stringify([op, shown])}\n`);
}

function wrap(owner, name, op) {
  const original = owner[name];
  if (typeof original !== 'function') return;
  owner[name] = function recorded(target, ...rest) {
    record(op, target);
    return original.call(this, target, ...rest);
  };
}

for (const [name, op] of [
  ['open', 'open'],
  ['openSync', 'open'],
  ['readFile', 'read'],
  ['readFileSync', 'read'],
  ['createReadStream', 'read'],
  ['stat', 'stat'],
  ['statSync', 'stat'],
  ['lstat', 'stat'],
  ['lstatSync', 'stat'],
  ['access', 'stat'],
  ['accessSync', 'stat'],
  ['exists', 'stat'],
  ['existsSync', 'stat'],
  ['realpath', 'stat'],
  ['realpathSync', 'stat'],
  ['opendir', 'open'],
  ['opendirSync', 'open'],
  ['readdir', 'list'],
  ['readdirSync', 'list'],
]) {
  wrap(fs, name, op);
}
for (const [name, op] of [
  ['open', 'open'],
  ['readFile', 'read'],
  ['stat', 'stat'],
  ['lstat', 'stat'],
  ['access', 'stat'],
  ['realpath', 'stat'],
  ['opendir', 'open'],
  ['readdir', 'list'],
]) {
  wrap(fs.promises, name, op);
}

// Every read of a variable by name (process.env.X, 'X' in process.env, a descriptor), and any
// enumeration of them all (a spread or Object.entries reads every value, a referenced one too).
const env = process.env;
process.env = new Proxy(env, {
  get(target, key) {
    if (typeof key === 'string') record('env', key);
    return target[key];
  },
  has(target, key) {
    if (typeof key === 'string') record('env', key);
    return key in target;
  },
  getOwnPropertyDescriptor(target, key) {
    if (typeof key === 'string') record('env', key);
    return Reflect.getOwnPropertyDescriptor(target, key);
  },
  ownKeys(target) {
    record('env-all', '*');
    return Reflect.ownKeys(target);
  },
});
