// Preloaded (node --require) into bplan under test: records every attempt to reach the network —
// sockets, DNS, http(s), fetch — to the file named by BPLAN_TEST_NETWORK_LOG, one JSON line each,
// and lets none of them through. Proves bplan never goes online, whatever a plan refers to.
'use strict';
const { appendFileSync } = require('node:fs');
const log = process.env.BPLAN_TEST_NETWORK_LOG;
function record(kind, detail) {
  if (log) appendFileSync(log, `${JSON.stringify({ kind, detail: String(detail), pid: process.pid })}\n`);
  throw new Error(`network access refused in test (${kind})`);
}
// The preload itself is proven active by this line.
if (log) appendFileSync(log, `${JSON.stringify({ kind: 'preloaded', detail: process.argv.slice(1).join(' '), pid: process.pid })}\n`);
const net = require('node:net');
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  const first = args[0];
  // A socket over a pipe or file descriptor (stdio, IPC) is no network.
  const path = typeof first === 'string' ? first : first && typeof first === 'object' ? first.path : undefined;
  if (path !== undefined && !(first && typeof first === 'object' && (first.port !== undefined || first.host !== undefined))) {
    return originalConnect.apply(this, args);
  }
  return record('socket', JSON.stringify(first));
};
const dns = require('node:dns');
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) dns[name] = (host) => record(`dns.${name}`, host);
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6']) dns.promises[name] = (host) => record(`dns.promises.${name}`, host);
for (const mod of ['node:http', 'node:https']) {
  const m = require(mod);
  m.request = (url) => record(`${mod}.request`, typeof url === 'object' && url ? url.href ?? url.host : url);
  m.get = (url) => record(`${mod}.get`, typeof url === 'object' && url ? url.href ?? url.host : url);
}
globalThis.fetch = (url) => record('fetch', url);
