/**
 * Property tests of the estimator (fast-check, seeded and bounded: `{ seed: 42, numRuns: 200 }`).
 *
 * Plans are generated as plain data in the shape of a valid plan — DPM 2012 SP1 to 2022, MABS v1 to
 * v4, MARS and Azure VM backup; every workload type; sizes 0–60,000 GB (sometimes left out);
 * churn 0–100 %; disk retention 1–448 days at 1–8 recovery points a day; online times and every
 * retention tier, with and without pointsPerPeriod — and written as YAML. Each generated plan is
 * checked to be valid (no schema or YAML finding) before its properties are.
 *
 * Properties:
 *   - estimates never decrease when a workload's size or churn, or a policy's disk or online daily
 *     retention, grows with everything else held fixed;
 *   - no number anywhere in an estimate is NaN, infinite or negative;
 *   - every non-null Quantity has a formula, the inputs its formula names, and sources when it is
 *     computed from inputs; a null one says what is missing;
 *   - JSON.stringify / JSON.parse gives back the estimate unchanged;
 *   - lintText's estimates are the estimator's own (no silent fallback to an empty estimate).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { lintText } from '../server/src/core';
import { estimatePlan } from '../server/src/core/estimate';
import type { PlanEstimate, Quantity } from '../server/src/core/estimate';
import { buildPlan } from '../server/src/core/model';
import { parsePlanText } from '../server/src/core/parse';

const RUNS = { seed: 42, numRuns: 200 } as const;
/** A generous bound on each property's wall time; a run takes a few seconds. */
const TIME = { timeout: 120_000 } as const;

// ---------------------------------------------------------------------------------------------
// Generators

interface ServerDoc {
  name: string;
  product: string;
  version?: string;
  os?: string;
  scratch?: { freeGB: number };
  storagePool?: { disks?: { name: string; sizeGB: number; type: string }[]; alertThresholdPercent?: number };
}
interface WorkloadDoc {
  name: string;
  type: string;
  host: string;
  os: string;
  sizeGB?: number;
  dailyChurnPercent?: number;
  server: string;
  policy: string;
}
interface PolicyDoc {
  name: string;
  disk?: { syncEvery: string; recoveryPoints: string[]; retentionDays: number };
  online?: {
    times: string[];
    retention: Partial<Record<'daily' | 'weekly' | 'monthly' | 'yearly', number>>;
    pointsPerPeriod?: Partial<Record<'weekly' | 'monthly' | 'yearly', number>>;
  };
}
interface PlanDoc {
  bplan: 1;
  name: string;
  vault: { name: string; region: string; encryption: { passphrase: { env: string } } };
  servers: ServerDoc[];
  workloads: WorkloadDoc[];
  policies: PolicyDoc[];
}

const OSES = ['windows-server-2012', 'windows-server-2012-r2', 'windows-server-2016', 'windows-server-2019', 'windows-server-2022'];
const ON_PREM_TYPES = ['files', 'system-state', 'bare-metal', 'hyperv-vm', 'vmware-vm', 'sql-server', 'sharepoint', 'exchange'];

/** `n` distinct times of day, three hours apart. */
function times(n: number, from: number): string[] {
  return Array.from({ length: n }, (_, i) => `${String((from + i * 3) % 24).padStart(2, '0')}:00`);
}

/** A size in GB: 0 to 60,000 with up to two decimals, the ends more often. */
const sizeArb = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 50, 500, 501, 60_000) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 6_000_000 }).map((n) => n / 100) },
);
const churnArb = fc.oneof(fc.constantFrom(0, 100), fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100));
const retentionDaysArb = fc.integer({ min: 1, max: 448 });

const serverKindArb = fc.oneof(
  fc.record({ product: fc.constant('dpm'), version: fc.constantFrom('2012-sp1', '2012-r2', '2016', '2019', '2022') }),
  fc.record({ product: fc.constant('mabs'), version: fc.constantFrom('v1', 'v2', 'v3', 'v4') }),
  fc.record({ product: fc.constant('mars'), version: fc.constant('2.0.9262.0') }),
  fc.record({ product: fc.constant('azure-vm-backup'), version: fc.constant(undefined) }),
);

const serverArb = fc.record(
  {
    kind: serverKindArb,
    os: fc.option(fc.constantFrom(...OSES), { nil: undefined }),
    scratchFreeGB: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    disks: fc.option(fc.array(fc.integer({ min: 1, max: 200_000 }), { minLength: 0, maxLength: 3 }), { nil: undefined }),
    alertThresholdPercent: fc.option(fc.oneof(fc.integer({ min: 6, max: 100 }), fc.constantFrom(5.5, 99.9)), { nil: undefined }),
  },
  { requiredKeys: ['kind'] },
);

const tierArb = (min: number, max: number) => fc.option(fc.integer({ min, max }), { nil: undefined });
const policyArb = fc.record({
  disk: fc.option(fc.record({ perDay: fc.integer({ min: 1, max: 8 }), retentionDays: retentionDaysArb }), { nil: undefined }),
  online: fc.option(
    fc.record({
      times: fc.integer({ min: 1, max: 3 }),
      daily: tierArb(1, 9999),
      weekly: tierArb(1, 5163),
      monthly: tierArb(1, 1188),
      yearly: tierArb(1, 99),
      pointsPerPeriod: fc.option(fc.record({ weekly: tierArb(1, 7), monthly: tierArb(1, 31), yearly: tierArb(1, 12) }), { nil: undefined }),
    }),
    { nil: undefined },
  ),
});

const workloadArb = fc.record({
  server: fc.nat(),
  policy: fc.nat(),
  typeIndex: fc.nat(),
  sizeGB: fc.option(sizeArb, { nil: undefined, freq: 8 }),
  churn: fc.option(churnArb, { nil: undefined, freq: 3 }),
});

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const planArb: fc.Arbitrary<PlanDoc> = fc
  .record({
    servers: fc.array(serverArb, { minLength: 1, maxLength: 2 }),
    policies: fc.array(policyArb, { minLength: 1, maxLength: 3 }),
    workloads: fc.array(workloadArb, { minLength: 1, maxLength: 5 }),
  })
  .map(({ servers, policies, workloads }) => {
    const serverDocs: ServerDoc[] = servers.map((s, i) => {
      const onPrem = s.kind.product === 'dpm' || s.kind.product === 'mabs';
      const pool = onPrem && (s.disks !== undefined || s.alertThresholdPercent !== undefined);
      return clean({
        name: `srv${i + 1}`,
        product: s.kind.product,
        version: s.kind.version,
        os: s.kind.product === 'azure-vm-backup' ? undefined : s.os,
        scratch: s.scratchFreeGB !== undefined && s.kind.product !== 'azure-vm-backup' ? { freeGB: s.scratchFreeGB } : undefined,
        storagePool: pool
          ? clean({
              disks: s.disks?.length ? s.disks.map((sizeGB, j) => ({ name: `disk${j + 1}`, sizeGB, type: 'fixed' })) : undefined,
              alertThresholdPercent: s.alertThresholdPercent,
            })
          : undefined,
      });
    });
    const policyDocs: PolicyDoc[] = policies.map((p, i) =>
      clean({
        name: `pol${i + 1}`,
        disk: p.disk ? { syncEvery: '1h', recoveryPoints: times(p.disk.perDay, 0), retentionDays: p.disk.retentionDays } : undefined,
        online: p.online
          ? clean({
              times: times(p.online.times, 1),
              retention: clean({ daily: p.online.daily, weekly: p.online.weekly, monthly: p.online.monthly, yearly: p.online.yearly }),
              pointsPerPeriod: p.online.pointsPerPeriod ? clean(p.online.pointsPerPeriod) : undefined,
            })
          : undefined,
      }),
    );
    const workloadDocs: WorkloadDoc[] = workloads.map((w, i) => {
      const server = serverDocs[w.server % serverDocs.length]!;
      const types = server.product === 'azure-vm-backup' ? ['azure-vm'] : server.product === 'mars' ? ['files', 'system-state', 'bare-metal'] : ON_PREM_TYPES;
      return clean({
        name: `wl${i + 1}`,
        type: types[w.typeIndex % types.length]!,
        host: server.product === 'mars' ? server.name : `host${i + 1}`,
        os: 'windows-server-2019',
        sizeGB: w.sizeGB,
        dailyChurnPercent: w.churn,
        server: server.name,
        policy: policyDocs[w.policy % policyDocs.length]!.name,
      });
    });
    return {
      bplan: 1 as const,
      name: 'property-plan',
      vault: { name: 'rsv-property', region: 'westeurope', encryption: { passphrase: { env: 'BPLAN_PASSPHRASE' } } },
      servers: serverDocs,
      workloads: workloadDocs,
      policies: policyDocs,
    };
  });

// ---------------------------------------------------------------------------------------------
// Helpers

function yamlOf(doc: PlanDoc): string {
  return stringify(doc);
}

/** The estimate as the estimator makes it (a throw is a failure, not hidden as lintText hides it). */
function estimateOf(text: string): PlanEstimate {
  const parsed = parsePlanText(text);
  assert.ok(parsed.doc, 'the plan parses');
  return estimatePlan(buildPlan(parsed.doc, text.length));
}

/** Asserts the plan is valid: no schema or YAML finding, and no rule that failed on it. */
function assertValid(text: string): PlanEstimate {
  const result = lintText(text);
  const bad = result.findings.filter((f) => f.ruleId === 'schema' || f.ruleId === 'yaml-syntax' || /failed on this plan|could not check/.test(f.message));
  assert.deepEqual(
    bad.map((f) => `${f.ruleId}: ${f.message}`),
    [],
    `a generated plan is valid:\n${text}`,
  );
  assert.ok(result.estimates);
  return result.estimates;
}

/**
 * Every number in a value, by its path. `poolGrowth` (a series whose days move with the retention)
 * is left out, and so are the text offsets of `span`s when `estimatesOnly` (a longer number in the
 * YAML moves the items after it).
 */
function numbers(value: unknown, estimatesOnly = false, path = '$', out = new Map<string, number>()): Map<string, number> {
  if (typeof value === 'number') out.set(path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => numbers(v, estimatesOnly, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== 'poolGrowth' && !(estimatesOnly && k === 'span')) numbers(v, estimatesOnly, `${path}.${k}`, out);
  }
  return out;
}

/** Every Quantity in an estimate (an object with value, unit, formula, inputs, assumptions, sources). */
function quantities(value: unknown, path = '$', out: [string, Quantity][] = []): [string, Quantity][] {
  if (Array.isArray(value)) value.forEach((v, i) => quantities(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    if ('formula' in value && 'inputs' in value && 'value' in value) out.push([path, value as Quantity]);
    for (const [k, v] of Object.entries(value)) quantities(v, `${path}.${k}`, out);
  }
  return out;
}

/** The formula symbols of the estimator (product-limits.md §1f): each named in a formula must be an input. */
const SYMBOLS = ['DS', 'RR', 'LC', 'AT', 'N'];

/** Asserts that no estimate goes down from `before` to `after`, number by number. */
function assertNotLess(before: PlanEstimate, after: PlanEstimate, what: string): void {
  const a = numbers(before, true);
  const b = numbers(after, true);
  for (const [path, x] of a) {
    const y = b.get(path);
    if (y === undefined) continue;
    assert.ok(y >= x, `${what}: ${path} went down from ${x} to ${y}`);
  }
  // The pool's use on the last retention day grows too.
  before.servers.forEach((s, i) =>
    s.workloads.forEach((w, j) => {
      const last = w.poolGrowth.at(-1)?.GB;
      const next = after.servers[i]?.workloads[j]?.poolGrowth.at(-1)?.GB;
      if (last !== undefined && next !== undefined) assert.ok(next >= last, `${what}: the pool growth of ${w.name} ends lower, ${last} → ${next}`);
    }),
  );
}

/** A plan and the index of one of its workloads (given a size and churn), or of one of its policies. */
const planAndWorkloadArb = planArb.chain((doc) => fc.tuple(fc.constant(doc), fc.nat({ max: doc.workloads.length - 1 })));
const planAndPolicyArb = planArb.chain((doc) => fc.tuple(fc.constant(doc), fc.nat({ max: doc.policies.length - 1 })));

// ---------------------------------------------------------------------------------------------

describe('estimator properties', () => {
  test('generated plans are valid and lintText gives the estimator\'s own estimate', TIME, () => {
    fc.assert(
      fc.property(planArb, (doc) => {
        const text = yamlOf(doc);
        assert.deepEqual(assertValid(text), estimateOf(text));
      }),
      RUNS,
    );
  });

  test('estimates never decrease when a workload grows', TIME, () => {
    fc.assert(
      fc.property(planAndWorkloadArb, sizeArb, sizeArb, (input, s1, s2) => {
        const [doc, i] = input;
        const small = structuredClone(doc);
        const big = structuredClone(doc);
        small.workloads[i]!.sizeGB = Math.min(s1, s2);
        big.workloads[i]!.sizeGB = Math.max(s1, s2);
        assertNotLess(estimateOf(yamlOf(small)), estimateOf(yamlOf(big)), `size ${Math.min(s1, s2)} → ${Math.max(s1, s2)} GB of ${doc.workloads[i]!.name}`);
      }),
      RUNS,
    );
  });

  test('estimates never decrease when a workload\'s churn grows', TIME, () => {
    fc.assert(
      fc.property(planAndWorkloadArb, churnArb, churnArb, (input, c1, c2) => {
        const [doc, i] = input;
        const low = structuredClone(doc);
        const high = structuredClone(doc);
        low.workloads[i]!.dailyChurnPercent = Math.min(c1, c2);
        high.workloads[i]!.dailyChurnPercent = Math.max(c1, c2);
        assertNotLess(estimateOf(yamlOf(low)), estimateOf(yamlOf(high)), `churn ${Math.min(c1, c2)} → ${Math.max(c1, c2)} % of ${doc.workloads[i]!.name}`);
      }),
      RUNS,
    );
  });

  test('estimates never decrease when a policy\'s disk retention grows', TIME, () => {
    fc.assert(
      fc.property(planAndPolicyArb, fc.integer({ min: 1, max: 8 }), retentionDaysArb, retentionDaysArb, (input, perDay, r1, r2) => {
        const [doc, j] = input;
        const short = structuredClone(doc);
        const long = structuredClone(doc);
        const disk = doc.policies[j]!.disk ?? { syncEvery: '1h', recoveryPoints: times(perDay, 0), retentionDays: 1 };
        short.policies[j]!.disk = { ...disk, retentionDays: Math.min(r1, r2) };
        long.policies[j]!.disk = { ...disk, retentionDays: Math.max(r1, r2) };
        assertNotLess(estimateOf(yamlOf(short)), estimateOf(yamlOf(long)), `disk retention ${Math.min(r1, r2)} → ${Math.max(r1, r2)} days of ${doc.policies[j]!.name}`);
      }),
      RUNS,
    );
  });

  test('estimates never decrease when a policy\'s online daily retention grows', TIME, () => {
    fc.assert(
      fc.property(planAndPolicyArb, fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 9999 }), (input, d1, d2) => {
        const [doc, j] = input;
        const short = structuredClone(doc);
        const long = structuredClone(doc);
        const online = doc.policies[j]!.online ?? { times: ['01:00'], retention: {} };
        short.policies[j]!.online = { ...online, retention: { ...online.retention, daily: Math.min(d1, d2) } };
        long.policies[j]!.online = { ...online, retention: { ...online.retention, daily: Math.max(d1, d2) } };
        assertNotLess(estimateOf(yamlOf(short)), estimateOf(yamlOf(long)), `online daily retention ${Math.min(d1, d2)} → ${Math.max(d1, d2)} of ${doc.policies[j]!.name}`);
      }),
      RUNS,
    );
  });

  test('no number in an estimate is NaN, infinite or negative', TIME, () => {
    fc.assert(
      fc.property(planArb, (doc) => {
        const est = estimateOf(yamlOf(doc));
        for (const [path, n] of numbers(est)) assert.ok(Number.isFinite(n) && n >= 0, `${path} = ${n}`);
        for (const s of est.servers)
          for (const w of s.workloads)
            for (const p of w.poolGrowth) assert.ok(Number.isFinite(p.GB) && p.GB >= 0 && Number.isInteger(p.day) && p.day >= 0, `${w.path} pool growth ${JSON.stringify(p)}`);
      }),
      RUNS,
    );
  });

  test('every non-null Quantity has a formula and its inputs; a null one says what is missing', TIME, () => {
    fc.assert(
      fc.property(planArb, (doc) => {
        const est = estimateOf(yamlOf(doc));
        for (const [path, q] of quantities(est)) {
          assert.equal(typeof q.formula, 'string', path);
          assert.ok(q.formula.trim().length > 0, `${path}: a formula`);
          assert.ok(q.unit.trim().length > 0, `${path}: a unit`);
          assert.ok(Array.isArray(q.assumptions) && Array.isArray(q.sources), `${path}: assumptions and sources are lists`);
          if (q.value === null) {
            assert.ok(q.missing && q.missing.length > 0, `${path}: a null value says what is missing`);
            continue;
          }
          assert.ok(Number.isFinite(q.value), `${path}: a finite value`);
          assert.equal(q.missing, undefined, `${path}: a value and a missing list at once`);
          for (const [k, v] of Object.entries(q.inputs)) assert.ok(typeof v === 'string' || Number.isFinite(v), `${path}.inputs.${k} = ${v}`);
          for (const symbol of SYMBOLS) {
            if (new RegExp(`(^|[^A-Za-z])${symbol}([^A-Za-z]|$)`).test(q.formula)) assert.ok(symbol in q.inputs, `${path}: the formula "${q.formula}" names ${symbol}, which is not among its inputs ${JSON.stringify(q.inputs)}`);
          }
          const computed = Object.keys(q.inputs).length > 0;
          if (computed) assert.ok(q.sources.length > 0, `${path}: "${q.formula}" is computed from inputs but cites no source`);
          // A quantity without inputs is a "not applicable" zero, and says why in its formula.
          else assert.equal(q.value, 0, `${path}: "${q.formula}" = ${q.value} without any input`);
        }
      }),
      RUNS,
    );
  });

  test('JSON.stringify / JSON.parse round-trips the estimate unchanged', TIME, () => {
    fc.assert(
      fc.property(planArb, (doc) => {
        const est = estimateOf(yamlOf(doc));
        assert.deepStrictEqual(JSON.parse(JSON.stringify(est)), est);
      }),
      RUNS,
    );
  });
});
