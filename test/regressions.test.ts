/** Cases found in review: each once slipped past the rules or the YAML layer. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex, lintText } from '../server/src/core';

function at(text: string, offset: number): string {
  const p = new LineIndex(text).position(offset);
  return `${p.line + 1}:${p.character + 1}`;
}

function summary(text: string): string[] {
  return lintText(text).findings.map((f) => `${at(text, f.span.start)} ${f.ruleId}: ${f.message}`);
}

const HEAD = 'bplan: 1\nservers:\n  - { name: mabs01, product: mabs, version: v3 }\n';

describe('merge keys', () => {
  it('values merged in with <<: *anchor are checked like written ones', () => {
    const text = `${HEAD}workloads:
  - { name: share, type: files, server: mabs01, policy: files-daily }
policies:
  - &base
    name: template
    online: { times: ["08:00", "13:00", "21:00"] }
  - <<: *base
    name: files-daily
`;
    const found = summary(text).filter((s) => s.includes('online-frequency'));
    assert.equal(found.length, 1, summary(text).join('\n'));
    assert.match(found[0]!, /^9:22 online-frequency: online backups per day is 3; MABS allows at most 2/);
  });
});

describe('aliases', () => {
  it('an alias with no anchor is named as such, on the alias', () => {
    const text = `${HEAD}workloads:\n  - { name: share, type: files, server: mabs01, policy: *keep }\n`;
    assert.deepEqual(summary(text), ['5:57 yaml-syntax: the alias *keep refers to no anchor: define &keep before it, or write the value out']);
  });
});

describe('passphrase in a mapping that is not a reference', () => {
  it('is a literal passphrase, masked, and never echoed', () => {
    const secret = 'Mapping-Hidden-Secret-987';
    const text = `bplan: 1\nvault:\n  name: rsv01\n  encryption:\n    passphrase: { value: "${secret}" }\n`;
    const result = lintText(text);
    assert.ok(result.findings.some((f) => f.ruleId === 'passphrase-literal'));
    for (const f of result.findings) assert.ok(!f.message.includes(secret));
    const masked = result.secretSpans.some((s) => text.slice(s.start, s.end).includes(secret));
    assert.ok(masked, 'the value inside the mapping is a secret span');
  });
});

describe('schema alternatives', () => {
  it('one finding per mistake when the alternatives go through a $ref', () => {
    for (const [snippet, expected] of [
      ['os: windows-server-2020', /^"windows-server-2020" is not valid for workloads\[w\]\.os; expected a Windows id/],
      ['server: mabs01', undefined],
    ] as const) {
      const text = `${HEAD}workloads:\n  - { name: w, type: files, ${snippet}, server: mabs01, policy: p }\npolicies:\n  - { name: p, online: { times: ["21:00"], retention: { daily: 30 } } }\n`;
      const schema = lintText(text).findings.filter((f) => f.ruleId === 'schema');
      if (!expected) continue;
      assert.equal(schema.length, 1, schema.map((f) => f.message).join('\n'));
      assert.match(schema[0]!.message, expected);
    }
    for (const value of ['{ env: A, file: b }', '~']) {
      const text = `bplan: 1\nvault:\n  name: rsv01\n  encryption:\n    passphrase: ${value}\n`;
      const schema = lintText(text).findings.filter((f) => f.ruleId === 'schema');
      assert.equal(schema.length, 1, `${value}: ${schema.map((f) => f.message).join(' | ')}`);
      assert.match(schema[0]!.message, /expected a reference \{ env: NAME \} or \{ file: PATH \}/);
    }
  });
});

describe('disk goals of a policy only MARS follows', () => {
  it('are not checked against DPM/MABS limits', () => {
    const text = `bplan: 1
servers:
  - { name: fs01, product: mars }
workloads:
  - { name: data, type: files, host: fs01, server: fs01, policy: p }
policies:
  - { name: p, disk: { syncEvery: 10m, retentionDays: 500 }, online: { times: ["21:00"], retention: { daily: 30 } } }
`;
    // disk-schedule-unsupported says the disk goals are ignored; no DPM/MABS limit is applied to them.
    assert.deepEqual(summary(text).filter((s) => /disk-(sync|retention|recovery)/.test(s)), []);
  });
});
