/**
 * Table tests for the infrastructure rules: approaching-limit (values within 10 % of a maximum),
 * unused-suppression and suppression-syntax (the `# bplan-disable-next-line` and
 * `# bplan-disable-file` comments). Plans come from `plan()`; lines 1-20 never move:
 *
 *   1  bplan: 1
 *   2  name: suppression-test
 *   3  vault:
 *   4    name: rsv-suppression-test
 *   5    region: westeurope
 *   6    encryption:
 *   7      passphrase: { env: BPLAN_PASSPHRASE }
 *   8  servers:
 *   9    - name: mabs01
 *  10      product: mabs
 *  11      version: v3
 *  12  workloads:
 *  13    - name: share01
 *  14      type: files
 *  15      host: fs01
 *  16      os: windows-server-2019
 *  17      server: mabs01
 *  18      policy: pol01
 *  19  policies:
 *  20    - name: pol01
 *  21      (the `before` lines, if any: comments, directives, blank lines)
 *  21+b    disk: { syncEvery: 1h, recoveryPoints: [...], retentionDays: N }   recoveryPoints at column 44
 *  22+b    online:
 *  23+b      times: [...]
 *  24+b      retention: { daily: 30, weekly: 12 }
 *  25+b  (extra: raw lines appended here)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../server/src/core';
import type { LintConfig, Severity } from '../server/src/core';
import { at, checkFinding, describeFinding } from './support/rule-tester';
import type { ExpectedFinding } from './support/rule-tester';

interface PlanParts {
  /** Lines inserted just above `disk:` (indent them yourself). */
  before?: string[];
  points?: string[];
  days?: number;
  type?: string;
  syncEvery?: string;
  times?: string[];
  /** Raw text appended after the last line. */
  extra?: string;
}

function plan(parts: PlanParts = {}): string {
  const list = (items: string[]) => `[${items.map((t) => JSON.stringify(t)).join(', ')}]`;
  const lines = [
    'bplan: 1',
    'name: suppression-test',
    'vault:',
    '  name: rsv-suppression-test',
    '  region: westeurope',
    '  encryption:',
    '    passphrase: { env: BPLAN_PASSPHRASE }',
    'servers:',
    '  - name: mabs01',
    '    product: mabs',
    '    version: v3',
    'workloads:',
    '  - name: share01',
    `    type: ${parts.type ?? 'files'}`,
    '    host: fs01',
    '    os: windows-server-2019',
    '    server: mabs01',
    '    policy: pol01',
    'policies:',
    '  - name: pol01',
    ...(parts.before ?? []),
    `    disk: { syncEvery: ${parts.syncEvery ?? '1h'}, recoveryPoints: ${list(parts.points ?? ['08:00'])}, retentionDays: ${parts.days ?? 14} }`,
    '    online:',
    `      times: ${list(parts.times ?? ['21:00'])}`,
    '      retention: { daily: 30, weekly: 12 }',
  ];
  return `${lines.join('\n')}\n${parts.extra ?? ''}`;
}

/** 4 file recovery points a day × 15 days = 60 of 64: approaching-limit reports it. */
const SIXTY = { points: ['06:00', '10:00', '14:00', '18:00'], days: 15 };
/** 5 a day × 13 days = 65 of 64: disk-recovery-points reports it. */
const SIXTY_FIVE = { points: ['08:00', '11:00', '14:00', '17:00', '20:00'], days: 13 };

/** An expected finding of a suppressions table, which names the rule of each. */
type Expected = ExpectedFinding & { readonly ruleId: string };

interface Case {
  readonly name: string;
  readonly code: string;
  readonly config?: LintConfig;
  /** Every finding of the plan, in lintText order; [] for a clean plan. */
  readonly findings: readonly Expected[];
  /** A known bug: the case documents the right behaviour and is run as a todo until the bug is fixed. */
  readonly todo?: string;
}

/** Unlike a per-rule table, every finding of the plan is listed: suppressions are about all rules. */
function table(name: string, cases: readonly Case[]): void {
  describe(name, () => {
    for (const c of cases) {
      test(c.name, c.todo ? { todo: c.todo } : {}, () => {
        const { findings } = lintText(c.code, c.config ? { config: c.config } : {});
        const all = findings.map((f) => describeFinding(c.code, f)).join('\n  ');
        assert.equal(findings.length, c.findings.length, `expected ${c.findings.length} finding(s), got:\n  ${all}`);
        c.findings.forEach((expected, i) => {
          assert.equal(findings[i]!.ruleId, expected.ruleId, `rule of finding ${i + 1}: ${all}`);
          checkFinding(c.code, findings[i]!, expected, i + 1);
        });
      });
    }
  });
}

const f = (ruleId: string, line: number, column: number, message: RegExp, extra: { severity?: Severity; end?: [number, number] } = {}): Expected => ({
  ruleId,
  line,
  column,
  message,
  ...extra,
});

describe('plan() template', () => {
  test('is clean, with the recovery points where the header says', () => {
    const code = plan();
    assert.deepEqual(lintText(code).findings.map((x) => describeFinding(code, x)), []);
    assert.deepEqual(at(code, code.indexOf('recoveryPoints: [') + 16), { line: 21, column: 44 });
    const moved = plan({ before: ['    # a comment', ''] });
    assert.deepEqual(at(moved, moved.indexOf('recoveryPoints: [') + 16), { line: 23, column: 44 });
  });
});

// --- approaching-limit -----------------------------------------------------------------------

table('approaching-limit', [
  {
    name: '60 of 64 file recovery points: information on the recovery points',
    code: plan(SIXTY),
    findings: [
      f('approaching-limit', 21, 44, /^recovery points on disk for file data \(4 a day × 15 days\) is 60 of at most 64 recovery points \(94 %, file data on DPM and MABS disk, all versions\): within 10 % of the limit of rule disk-recovery-points$/, {
        severity: 'info',
        end: [21, 80],
      }),
    ],
  },
  {
    name: '64 of 64, exactly at the limit',
    code: plan({ points: ['06:00', '08:00', '10:00', '12:00', '14:00', '16:00', '18:00', '20:00'], days: 8 }),
    findings: [f('approaching-limit', 21, 44, /is 64 of at most 64 recovery points \(100 %/, { severity: 'info' })],
  },
  {
    name: '58 of 64 (90.6 %) is still inside the 10 % band',
    code: plan({ points: ['08:00', '18:00'], days: 29 }),
    findings: [f('approaching-limit', 21, 44, /\(2 a day × 29 days\) is 58 of at most 64 recovery points \(91 %/)],
  },
  {
    name: '57 of 64 (89 %) is not reported',
    code: plan({ points: ['08:00', '12:00', '18:00'], days: 19 }),
    findings: [],
  },
  {
    name: '440 of 448 days for SQL Server: the retention and the 440 recovery points',
    code: plan({ type: 'sql-server', syncEvery: '15m', points: ['20:00'], days: 440 }),
    findings: [
      f('approaching-limit', 21, 45, /^recovery points on disk for application data \(1 a day × 440 days\) is 440 of at most 448 recovery points \(98 %/),
      f('approaching-limit', 21, 71, /^disk retention in days is 440 of at most 448 days \(98 %, DPM and MABS disk, all versions\): within 10 % of the limit of rule disk-retention-range$/),
    ],
  },
  {
    name: '2 of the 2 online backups a day MABS allows: limits below 10 are left out',
    code: plan({ times: ['13:00', '23:00'] }),
    findings: [],
  },
  {
    name: 'a configured maximum is the one measured against: 60 of 448 is far from it',
    code: plan(SIXTY),
    config: { rules: { 'disk-recovery-points': { options: { fileRecoveryPoints: 448 } } } },
    findings: [],
  },
  {
    name: 'a configured maximum: 7 a day × 60 days = 420 of 448',
    code: plan({ points: ['06:00', '08:00', '10:00', '12:00', '14:00', '16:00', '18:00'], days: 60 }),
    config: { rules: { 'disk-recovery-points': { options: { fileRecoveryPoints: 448 } } } },
    findings: [f('approaching-limit', 21, 44, /is 420 of at most 448 recovery points \(94 %, file data on DPM and MABS disk, all versions\)/)],
  },
  {
    name: 'turned off in the configuration',
    code: plan(SIXTY),
    config: { rules: { 'approaching-limit': 'off' } },
    findings: [],
  },
  {
    name: 'nothing is measured for a rule turned off',
    code: plan(SIXTY),
    config: { rules: { 'disk-recovery-points': 'off' } },
    findings: [],
  },
  {
    name: 'a value over the limit is the measuring rule\'s error, not information',
    code: plan(SIXTY_FIVE),
    findings: [f('disk-recovery-points', 21, 44, /= 65; file data allows at most 64/, { severity: 'error' })],
  },
]);

// --- unused-suppression ----------------------------------------------------------------------

const NEXT_LINE = (ids: string, reason = 'reviewed') => `    # bplan-disable-next-line ${ids} -- ${reason}`;

table('unused-suppression', [
  {
    name: 'a next-line suppression that hides a finding: no finding at all',
    code: plan({ ...SIXTY_FIVE, before: [NEXT_LINE('disk-recovery-points')] }),
    findings: [],
  },
  {
    name: 'the same comment where nothing is reported: warned on the rule id',
    code: plan({ before: [NEXT_LINE('disk-recovery-points')] }),
    findings: [
      f('unused-suppression', 21, 31, /^this suppression of disk-recovery-points suppresses nothing on the next line: remove it$/, { severity: 'warning', end: [21, 51] }),
    ],
  },
  {
    name: 'a file-level suppression that hides a finding',
    code: plan({ ...SIXTY_FIVE, extra: '# bplan-disable-file disk-recovery-points -- pruned by a script\n' }),
    findings: [],
  },
  {
    name: 'a file-level suppression that hides nothing',
    code: plan({ extra: '# bplan-disable-file vault-name -- named before the rule existed\n' }),
    findings: [f('unused-suppression', 25, 22, /^this suppression of vault-name suppresses nothing in this file: remove it$/, { end: [25, 32] })],
  },
  {
    name: 'two rule ids in one comment, one used',
    code: plan({ ...SIXTY, before: [NEXT_LINE('disk-recovery-points, approaching-limit')] }),
    findings: [f('unused-suppression', 21, 31, /^this suppression of disk-recovery-points suppresses nothing on the next line/)],
  },
  {
    name: 'two rule ids in one comment, both used',
    code: plan({ points: ['8:00', '11:00', '14:00', '17:00', '20:00'], days: 13, before: [NEXT_LINE('disk-recovery-points, schedule-times')] }),
    findings: [],
  },
  {
    name: 'the same line without the comment: both findings',
    code: plan({ points: ['8:00', '11:00', '14:00', '17:00', '20:00'], days: 13 }),
    findings: [f('disk-recovery-points', 21, 44, /= 65/), f('schedule-times', 21, 45, /^"8:00" is not a time of day/)],
  },
  {
    name: 'a suppression of approaching-limit hides its information',
    code: plan({ ...SIXTY, before: [NEXT_LINE('approaching-limit', '60 recovery points are planned')] }),
    findings: [],
  },
  {
    name: 'next-line skips blank lines and comment lines',
    code: plan({ ...SIXTY_FIVE, before: [NEXT_LINE('disk-recovery-points'), '', '    # five recovery points a day', '   '] }),
    findings: [],
  },
  {
    name: 'next-line covers only the next line',
    code: plan({ ...SIXTY_FIVE, times: ['20:00'], before: [NEXT_LINE('schedule-times')] }),
    findings: [
      f('unused-suppression', 21, 31, /^this suppression of schedule-times suppresses nothing on the next line/),
      f('disk-recovery-points', 22, 44, /= 65/),
      f('schedule-times', 24, 15, /the online backup at 20:00/),
    ],
  },
  {
    name: 'a next-line suppression with no line after it',
    code: plan({ extra: '# bplan-disable-next-line disk-recovery-points -- nothing follows\n' }),
    findings: [f('unused-suppression', 25, 27, /suppresses nothing on the next line/)],
  },
  {
    name: 'a suppression of a rule turned off in the configuration is not unused',
    code: plan({ before: [NEXT_LINE('disk-recovery-points')], extra: '# bplan-disable-file approaching-limit -- not wanted here\n' }),
    config: { rules: { 'disk-recovery-points': 'off', 'approaching-limit': 'off' } },
    findings: [],
  },
  {
    name: 'the same plan with the rules on: both suppressions are unused',
    code: plan({ before: [NEXT_LINE('disk-recovery-points')], extra: '# bplan-disable-file approaching-limit -- not wanted here\n' }),
    findings: [f('unused-suppression', 21, 31, /disk-recovery-points suppresses nothing on the next line/), f('unused-suppression', 26, 22, /approaching-limit suppresses nothing in this file/)],
  },
  {
    name: 'unused-suppression turned off: nothing reported',
    code: plan({ before: [NEXT_LINE('disk-recovery-points')] }),
    config: { rules: { 'unused-suppression': 'off' } },
    findings: [],
  },
  {
    name: 'the suppression rules run last and cannot be suppressed themselves',
    code: plan({ extra: '# bplan-disable-file unused-suppression -- quiet please\n' }),
    findings: [f('unused-suppression', 25, 22, /this suppression of unused-suppression suppresses nothing in this file/)],
  },
  {
    name: 'a # inside a quoted value is not a directive',
    code: plan({ extra: 'description: "run # bplan-disable-file vault-name -- by hand"\n' }),
    findings: [],
  },
  {
    name: 'a # inside a quoted value hides nothing',
    code: plan({ ...SIXTY_FIVE, extra: 'description: "see # bplan-disable-file disk-recovery-points -- ticket 42"\n' }),
    findings: [f('disk-recovery-points', 21, 44, /= 65/)],
  },
  {
    name: 'a misspelt directive is reported, and suppresses nothing',
    code: plan({ ...SIXTY_FIVE, before: ['    # bplan-disable-nextline disk-recovery-points -- typo'] }),
    findings: [
      f('suppression-syntax', 21, 5, /^"bplan-disable-nextline" is not a bplan directive; did you mean "bplan-disable-next-line"\?/),
      f('disk-recovery-points', 22, 44, /= 65/),
    ],
  },
  {
    name: 'a # at the end of a plain value starts a comment, so it is a directive',
    code: plan({ extra: 'description: run by hand # bplan-disable-file vault-name -- by hand\n' }),
    findings: [f('unused-suppression', 25, 47, /this suppression of vault-name suppresses nothing in this file/)],
  },
]);

// --- suppression-syntax ----------------------------------------------------------------------

table('suppression-syntax', [
  {
    name: 'a well-formed suppression: no finding',
    code: plan({ ...SIXTY_FIVE, before: [NEXT_LINE('disk-recovery-points', 'the 65th point is pruned by a script')] }),
    findings: [],
  },
  {
    name: 'an unknown rule id, with a "did you mean"; the finding it meant to hide stays',
    code: plan({ ...SIXTY_FIVE, before: [NEXT_LINE('disk-recovery-pionts')] }),
    findings: [
      // Only suppression-syntax speaks of an unknown id; unused-suppression leaves it alone.
      f('suppression-syntax', 21, 31, /^"disk-recovery-pionts" is not a bplan rule; did you mean "disk-recovery-points"\?$/, { severity: 'warning', end: [21, 51] }),
      f('disk-recovery-points', 22, 44, /= 65/),
    ],
  },
  {
    name: 'an unknown rule id too far from any rule: no suggestion',
    code: plan({ extra: '# bplan-disable-file frobnicate -- test\n' }),
    findings: [f('suppression-syntax', 25, 22, /^"frobnicate" is not a bplan rule$/)],
  },
  {
    name: 'no reason after --: reported, and the suppression still works',
    code: plan({ ...SIXTY_FIVE, before: ['    # bplan-disable-next-line disk-recovery-points'] }),
    findings: [f('suppression-syntax', 21, 5, /^this suppression gives no reason: add one after "--"/, { end: [21, 51] })],
  },
  {
    name: 'an empty reason after --',
    code: plan({ ...SIXTY_FIVE, before: ['    # bplan-disable-next-line disk-recovery-points --   '] }),
    findings: [f('suppression-syntax', 21, 5, /gives no reason/)],
  },
  {
    name: 'no rule named',
    code: plan({ extra: '# bplan-disable-file -- everything is reviewed\n' }),
    findings: [f('suppression-syntax', 25, 1, /^this suppression names no rule: write the rule id after the directive/)],
  },
  {
    name: 'suppression-syntax turned off',
    code: plan({ ...SIXTY_FIVE, before: ['    # bplan-disable-next-line disk-recovery-points'] }),
    config: { rules: { 'suppression-syntax': 'off' } },
    findings: [],
  },
]);
