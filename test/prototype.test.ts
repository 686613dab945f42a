/**
 * Prototype pollution: `__proto__`, `constructor` and `prototype` written as keys of a plan, at
 * every level, in merged mappings and in the configuration, alter no object; each is an unknown key
 * the schema reports where it is written. The same names written as values — as a product, a
 * workload type, an operating system, in a list — are invalid values, never table entries: no rule
 * finds a function where it looks a product or a type up, and no message shows one.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { lintText, parseConfigText } from '../server/src/core';
import type { Finding } from '../server/src/core';
import { resolveRule } from '../server/src/core/lint';
import { parsePlanText } from '../server/src/core/parse';
import { RULES } from '../server/src/core/rules';

const KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const INHERITED = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'] as const;

/** A complete plan with `K: { polluted: 1 }` in every mapping, and where each one is, for the expected messages. */
function planWithKeyEverywhere(key: string): string {
  const k = `${key}: { polluted: 1 }`;
  return `bplan: 1
${k}
vault:
  name: rsv01
  ${k}
  encryption:
    ${k}
    passphrase: { env: P, ${k} }
servers:
  - name: mabs01
    product: mabs
    version: v3
    ${k}
    hardware: { cores: 8, memoryGB: 16, ${k} }
    scratch: { freeGB: 100, ${k} }
    storagePool:
      ${k}
      disks:
        - { name: d1, sizeGB: 1000, type: fixed, ${k} }
workloads:
  - name: share
    type: files
    host: fs01
    server: mabs01
    policy: daily
    ${k}
policies:
  - name: daily
    ${k}
    disk: { syncEvery: 1h, recoveryPoints: ["20:00"], retentionDays: 7, ${k} }
    online:
      ${k}
      times: ["21:00"]
      retention: { daily: 30, ${k} }
      pointsPerPeriod: { weekly: 1, ${k} }
`;
}

/** Where each `K:` of planWithKeyEverywhere is, in the order written (the passphrase's is reported on its mapping). */
const PLACES = [
  'the plan',
  'vault',
  'vault.encryption',
  undefined,
  'servers[mabs01]',
  'servers[mabs01].hardware',
  'servers[mabs01].scratch',
  'servers[mabs01].storagePool',
  'servers[mabs01].storagePool.disks[d1]',
  'workloads[share]',
  'policies[daily]',
  'policies[daily].disk',
  'policies[daily].online',
  'policies[daily].online.retention',
  'policies[daily].online.pointsPerPeriod',
] as const;

function offsetsOf(text: string, word: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) out.push(i);
  return out;
}

/** What a polluted Object.prototype would show. */
function prototypeState(): string {
  return JSON.stringify({
    names: Object.getOwnPropertyNames(Object.prototype).sort(),
    proto: Object.getPrototypeOf(Object.prototype),
    polluted: ({} as { polluted?: unknown }).polluted,
    constructorPolluted: (Object as unknown as { polluted?: unknown }).polluted,
  });
}

function assertSane(findings: readonly Finding[], text: string): void {
  for (const f of findings) {
    assert.doesNotMatch(f.message, /please report this|\[native code\]|\[object Object\]|function \w*\(/, `${f.ruleId}: ${f.message}`);
    if (!text.includes('undefined')) assert.ok(!f.message.includes('undefined'), `${f.ruleId}: ${f.message}`);
  }
}

describe('prototype pollution', () => {
  let before: string;
  beforeEach(() => {
    before = prototypeState();
  });
  afterEach(() => {
    assert.equal(prototypeState(), before, 'Object.prototype changed');
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });

  for (const key of KEYS) {
    test(`"${key}" as a key at every level is an unknown key there, and alters no object`, () => {
      const text = planWithKeyEverywhere(key);
      const result = lintText(text);
      assertSane(result.findings, text);
      const written = offsetsOf(text, `${key}: {`);
      assert.equal(written.length, PLACES.length);
      const schema = result.findings.filter((f) => f.ruleId === 'schema');
      const expected = written.map((start, i) => {
        const place = PLACES[i];
        if (place === undefined) {
          // The passphrase is a reference ({ env } or { file }) or nothing: the whole mapping is wrong.
          const mapping = text.lastIndexOf('{ env: P', start);
          return { span: { start: mapping, end: text.indexOf('} }', start) + 3 }, message: /^the value is not valid for vault\.encryption\.passphrase; expected a reference/ };
        }
        return { span: { start, end: start + key.length }, message: new RegExp(`^unknown key "${key}" in ${place.replace(/[.[\]]/g, '\\$&')}; expected one of: `) };
      });
      assert.equal(schema.length, expected.length, schema.map((f) => f.message).join('\n'));
      schema.forEach((f, i) => {
        assert.deepEqual(f.span, expected[i]!.span, f.message);
        assert.match(f.message, expected[i]!.message);
      });
      // The plain data keeps the key as data: an own property, the object's prototype untouched.
      const data = parsePlanText(text).data as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(data), Object.prototype);
      assert.ok(Object.hasOwn(data, key), `${key} is not an own property of the data`);
    });
  }

  test('merged mappings and anchors carry __proto__ as a key, not as a prototype', () => {
    const text = `bplan: 1
vault:
  <<: &evil { __proto__: { polluted: 1 }, constructor: { prototype: { polluted: 1 } } }
  name: rsv01
servers:
  - { <<: [*evil, { name: mabs01 }], product: mabs, version: v3 }
`;
    const result = lintText(text);
    assertSane(result.findings, text);
    const data = parsePlanText(text).data as { vault: Record<string, unknown>; servers: Record<string, unknown>[] };
    assert.equal(Object.getPrototypeOf(data.vault), Object.prototype);
    assert.equal(Object.getPrototypeOf(data.servers[0]), Object.prototype);
    assert.ok(Object.hasOwn(data.vault, '__proto__'));
    const unknown = result.findings.filter((f) => f.ruleId === 'schema').map((f) => f.message.replace(/;.*/, ''));
    assert.deepEqual(unknown.sort(), [
      'unknown key "__proto__" in servers[mabs01]',
      'unknown key "__proto__" in vault',
      'unknown key "constructor" in servers[mabs01]',
      'unknown key "constructor" in vault',
    ]);
  });

  test('a configuration with __proto__ among its rules is refused, and alters no object', () => {
    const parsed = parseConfigText('rules:\n  __proto__: { polluted: 1 }\n  constructor: off\n');
    assert.deepEqual(parsed.config, {});
    assert.deepEqual(
      parsed.problems.map((p) => p.message.replace(/;.*/, '')),
      ['unknown key "__proto__" in rules', 'unknown key "constructor" in rules'],
    );
    // A configuration object built with JSON.parse (as editors' settings are) cannot switch a rule off through its prototype.
    const rules = JSON.parse('{"__proto__": {"schema": "off", "vault-name": "off"}}') as Record<string, never>;
    for (const rule of RULES) assert.equal(resolveRule(rule, { rules }).level, rule.meta.defaultSeverity, rule.meta.id);
    const findings = lintText('bplan: 1\nvault: { name: 1bad }\n', { config: { rules } }).findings;
    assert.deepEqual(findings.map((f) => f.ruleId), ['vault-name']);
  });
});

describe('names of Object.prototype properties as values', () => {
  for (const value of INHERITED) {
    test(`"${value}" as a product, type, os and every other enumerated value is an invalid value, never a table entry`, () => {
      const text = `bplan: 1
vault: { name: v1, region: ${value}, redundancy: ${value}, primaryBackup: true }
servers:
  - { name: a, product: mabs, version: v3, os: ${value}, edition: ${value}, locale: ${value}, deployment: ${value}, sql: ${value}, installedAgents: [${value}], storagePool: { deduplication: true, disks: [{ name: d, type: ${value}, sizeGB: 1 }] } }
  - { name: b, product: ${value}, version: ${value}, os: ${value}, tape: { enabled: true } }
  - { name: c, product: mars, os: ${value} }
workloads:
  - { name: w1, type: ${value}, host: h, os: ${value}, server: a, policy: p, sizeGB: 99999, fileAttributes: [${value}] }
  - { name: w2, type: files, host: h, os: ${value}, server: c, policy: p, sizeGB: 99999, fileAttributes: [${value}] }
  - { name: w3, type: files, host: h, os: windows-server-2019, server: b, policy: p }
policies:
  - { name: p, consistency: ${value}, disk: { syncEvery: ${value}, recoveryPoints: [${value}] }, online: { times: [${value}], retention: { daily: 30 } }, tape: { retentionYears: 1 } }
`;
      const result = lintText(text);
      assertSane(result.findings, text);
      // Every value written is reported at the value, by the schema or (times of day) by schedule-times; but a
      // lowercase word is a region id as far as the schema can tell, and a version is checked only for a known product.
      const exempt = [text.indexOf(`version: ${value}`) + 'version: '.length];
      if (/^[a-z][a-z0-9]*$/.test(value)) exempt.push(text.indexOf(`region: ${value}`) + 'region: '.length);
      const reported = result.findings.filter((f) => f.ruleId === 'schema' || f.ruleId === 'schedule-times');
      for (const at of offsetsOf(text, value).filter((o) => !exempt.includes(o))) {
        const f = reported.find((x) => x.span.start === at && x.span.end === at + value.length);
        assert.ok(f, `nothing reported at ${at} (${text.slice(at - 20, at + value.length)}); findings at ${reported.map((x) => x.span.start).join(', ')}`);
        assert.ok(f.message.startsWith(`"${value}" is not`), f.message);
      }
      // The rules that look values up did not crash on them (assertSane) and still check the rest: the 54400 GB
      // limit (not the 1700 GB of MARS on Windows Server 2008, which a table of legacy systems once matched).
      assert.deepEqual(
        result.findings.filter((f) => f.ruleId === 'datasource-size').map((f) => f.message.replace(/ to the vault.*/, '')),
        ['data source "w1" is 99999 GB; MABS v3 backs up a data source of at most 54400 GB', 'data source "w2" is 99999 GB; MARS backs up a data source of at most 54400 GB'],
      );
    });
  }

  test('servers and policies named after prototype properties are found by name like any other', () => {
    const text = `bplan: 1
servers:
  - { name: constructor, product: mabs, version: v3 }
workloads:
  - { name: __proto__, type: files, host: fs01, server: constructor, policy: toString }
policies:
  - { name: toString, online: { times: ["01:00", "05:00", "09:00"], retention: { daily: 30 } } }
`;
    const result = lintText(text);
    assertSane(result.findings, text);
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'unknown-reference'), []);
    const frequency = result.findings.find((f) => f.ruleId === 'online-frequency');
    assert.ok(frequency, result.findings.map((f) => f.message).join('\n'));
    assert.match(frequency.message, /^online backups per day is 3; MABS allows at most 2/);
    assert.deepEqual(frequency.related?.map((r) => r.message), ['server "constructor" runs Azure Backup Server']);
  });
});
