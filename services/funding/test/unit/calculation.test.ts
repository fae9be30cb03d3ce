import { findProgramme } from '@talent/catalogue';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Entitlement,
  linesAgainstPaid,
  type PaidSubject,
  promotionEntitlements,
  traineeEntitlements,
} from '../../src/calculation';
import type { AcceptedTrainee, TeacherPromotion } from '../../src/facts';
import { yuanGrouped } from '../../src/money-text';

const jiangsu = findProgramme('jiangsu-excellent-technicians')!;
const zhuhai = findProgramme('zhuhai-new-craftsmen')!;

const trainee = (over: Partial<AcceptedTrainee> = {}): AcceptedTrainee => ({
  traineeId: 't1',
  nominationId: 'n1',
  cycleId: 'c1',
  year: 2026,
  trackingYear: 1,
  category: 'A',
  trainingUnitId: 'u1',
  trainingUnitName: '南京技师学院',
  city: '南京市',
  name: '张三',
  residentId: '110105198001010011',
  passed: true,
  final: true,
  factsVersion: 1,
  ...over,
});

const teacher = (over: Partial<TeacherPromotion> = {}): TeacherPromotion => ({
  recordId: 'r1',
  name: '李四',
  residentId: '110105198001010011',
  school: '珠海市某职业培训学校',
  schoolKind: 'private-training-institution',
  industry: 'new-energy',
  level: '技师',
  certifiedOn: '2026-05-01',
  eligible: true,
  factsVersion: 1,
  ...over,
});

const none = new Map<string, PaidSubject>();
const paidAll = (
  lines: readonly { subjectKey: string; amountFen: number }[],
  ents: readonly Entitlement[],
) => {
  const m = new Map<string, PaidSubject>();
  for (const l of lines) {
    const e = ents.find((x) => x.subjectKey === l.subjectKey) as Entitlement;
    const prev = m.get(l.subjectKey)?.paidFen ?? 0;
    m.set(l.subjectKey, { subjectKey: l.subjectKey, paidFen: prev + l.amountFen, last: e });
  }
  return m;
};

describe('Jiangsu per-head subsidy', () => {
  it('pays 10,000.00 for A and 8,000.00 for B per person per year (JS-SUBSIDY)', () => {
    const calc = linesAgainstPaid(
      traineeEntitlements(jiangsu, [trainee(), trainee({ traineeId: 't2', category: 'B' })]),
      none,
    );
    expect(calc.lines.map((l) => [l.fundingKey, l.amountFen, l.rateFen])).toEqual([
      ['A', 1_000_000, 1_000_000],
      ['B', 800_000, 800_000],
    ]);
    expect(calc.totalFen).toBe(1_800_000);
    expect(calc.lines[0]?.explanationZh).toBe(
      'A类 1名 × 10,000.00元 = 10,000.00元（JS-SUBSIDY，第1年，验收合格）',
    );
    expect(calc.lines[0]?.ruleIds).toEqual(
      expect.arrayContaining(['JS-SUBSIDY', 'JS-TRACKING', 'JS-ACCEPTANCE']),
    );
  });

  it('funds tracked years 1 and 2 and refuses year 3 and year 0 (JS-TRACKING)', () => {
    const r = traineeEntitlements(jiangsu, [
      trainee({ trackingYear: 1 }),
      trainee({ trackingYear: 2, year: 2027 }),
      trainee({ trackingYear: 3, year: 2028 }),
      trainee({ trackingYear: 0 }),
    ]);
    expect(r.entitlements.map((e) => e.fundingYear).sort()).toEqual([1, 2]);
    expect(r.excluded.map((x) => x.ruleId)).toEqual(['JS-TRACKING', 'JS-TRACKING']);
    const calc = linesAgainstPaid(r, none);
    expect(calc.lines.find((l) => l.fundingYear === 2)?.explanationZh).toContain('第2年');
    expect(calc.byYear).toEqual([
      { year: 2026, amountFen: 1_000_000 },
      { year: 2027, amountFen: 1_000_000 },
    ]);
  });

  it('pays only trainees whose acceptance passed and is final (JS-ACCEPTANCE)', () => {
    const r = traineeEntitlements(jiangsu, [
      trainee({ traineeId: 'pass' }),
      trainee({ traineeId: 'fail', passed: false, grade: '不合格' }),
      trainee({ traineeId: 'open', final: false }),
    ]);
    const calc = linesAgainstPaid(r, none);
    expect(calc.lines.map((l) => l.sourceId)).toEqual(['pass']);
    expect(calc.excluded.map((x) => [x.sourceId, x.ruleId])).toEqual(
      expect.arrayContaining([
        ['fail', 'JS-ACCEPTANCE'],
        ['open', 'JS-ACCEPTANCE'],
      ]),
    );
    expect(r.pending.has('JS:open:1')).toBe(true);
  });

  it('takes the latest version of a corrected fact and claws back a paid trainee who then failed (JS-ACCEPTANCE)', () => {
    const first = traineeEntitlements(jiangsu, [trainee()]);
    const paid = paidAll(linesAgainstPaid(first, none).lines, first.entitlements);
    const corrected = traineeEntitlements(jiangsu, [trainee(), trainee({ passed: false, factsVersion: 2 })]);
    const calc = linesAgainstPaid(corrected, paid);
    expect(calc.lines).toHaveLength(1);
    expect(calc.lines[0]).toMatchObject({
      kind: 'clawback',
      amountFen: -1_000_000,
      paidBeforeFen: 1_000_000,
      ruleId: 'JS-ACCEPTANCE',
      headCount: -1,
      factsVersion: 2,
    });
    expect(calc.lines[0]?.explanationZh).toBe(
      'A类 验收不合格，应拨 0.00元，已拨 10,000.00元，追回 10,000.00元（JS-ACCEPTANCE，第1年，更正）',
    );
  });

  it('adds an adjustment when a category is corrected from B to A (JS-SUBSIDY)', () => {
    const first = traineeEntitlements(jiangsu, [trainee({ category: 'B' })]);
    const paid = paidAll(linesAgainstPaid(first, none).lines, first.entitlements);
    const calc = linesAgainstPaid(
      traineeEntitlements(jiangsu, [trainee({ category: 'A', factsVersion: 2 })]),
      paid,
    );
    expect(calc.lines[0]).toMatchObject({ kind: 'adjustment', amountFen: 200_000, headCount: 0 });
    expect(calc.lines[0]?.explanationZh).toContain('补拨 2,000.00元');
  });

  it('leaves a pending (not final) trainee alone even when paid before, and claws back a vanished one (JS-ACCEPTANCE)', () => {
    const first = traineeEntitlements(jiangsu, [trainee({ traineeId: 'a' }), trainee({ traineeId: 'b' })]);
    const paid = paidAll(linesAgainstPaid(first, none).lines, first.entitlements);
    const calc = linesAgainstPaid(
      traineeEntitlements(jiangsu, [trainee({ traineeId: 'a', final: false, factsVersion: 2 })]),
      paid,
    );
    expect(calc.lines.map((l) => [l.sourceId, l.kind, l.amountFen])).toEqual([['b', 'clawback', -1_000_000]]);
  });
});

describe('registered programmes', () => {
  it('take their per-head rates and years from the definition funding items (JS-SUBSIDY, JS-TRACKING kinds)', () => {
    const registered = {
      ...jiangsu,
      funding: {
        basis: 'passed-acceptance' as const,
        payerZh: '某市财政局',
        items: [
          { key: 'A', labelZh: '一档', perHeadFen: 123_45, years: 3, ruleId: 'JS-SUBSIDY' },
          { key: 'B', labelZh: '二档', perHeadFen: 1, years: 1, ruleId: 'JS-SUBSIDY' },
        ],
      },
    };
    const r = traineeEntitlements(registered, [
      trainee({ trackingYear: 3 }),
      trainee({ traineeId: 't2', category: 'B', trackingYear: 2 }),
    ]);
    expect(r.entitlements.map((e) => [e.labelZh, e.rateFen, e.fundingYear])).toEqual([['一档', 123_45, 3]]);
    expect(r.excluded.map((x) => x.ruleId)).toEqual(['JS-TRACKING']);
    expect(linesAgainstPaid(r, none).lines[0]?.explanationZh).toBe(
      '一档 1名 × 123.45元 = 123.45元（JS-SUBSIDY，第3年，验收合格）',
    );
  });
});

describe('Zhuhai teacher subsidy', () => {
  const key = (rid: string) => `fp-${rid}`;
  it('pays 4,000.00 for 技师 and 6,000.00 for 高级技师 one-off (ZH-TEACHER-SUBSIDY)', () => {
    const r = promotionEntitlements(
      zhuhai,
      [teacher(), teacher({ recordId: 'r2', residentId: '110105198001020016', level: '高级技师' })],
      2026,
      key,
    );
    const calc = linesAgainstPaid(r, none);
    expect(calc.lines.map((l) => l.amountFen)).toEqual([400_000, 600_000]);
    expect(calc.lines[0]?.explanationZh).toBe(
      '晋升技师 1名 × 4,000.00元 = 4,000.00元（ZH-TEACHER-SUBSIDY，一次性，认定晋升）',
    );
  });

  it('pays once per teacher per level, and again for the next level (ZH-TEACHER-SUBSIDY)', () => {
    const r = promotionEntitlements(
      zhuhai,
      [
        teacher(),
        teacher({ recordId: 'r2' }),
        teacher({ recordId: 'r3', level: '高级技师', certifiedOn: '2026-09-01' }),
      ],
      2026,
      key,
    );
    expect(r.entitlements.map((e) => e.fundingKey)).toEqual(['技师', '高级技师']);
    expect(r.excluded.map((x) => [x.sourceId, x.ruleId])).toEqual([['r2', 'ZH-TEACHER-SUBSIDY']]);
    const paid = paidAll(linesAgainstPaid(r, none).lines, r.entitlements);
    expect(linesAgainstPaid(r, paid).lines).toEqual([]);
    expect(linesAgainstPaid(r, paid).settled).toBe(2);
  });

  it('refuses public schools, other industries and promotions not by recognition (ZH-TEACHER-SUBSIDY)', () => {
    const r = promotionEntitlements(
      zhuhai,
      [
        teacher({
          recordId: 'public',
          residentId: '110105198001030011',
          schoolKind: 'public-vocational-school',
        }),
        teacher({ recordId: 'industry', residentId: '110105198001040017', industry: 'tourism' }),
        teacher({ recordId: 'exam', residentId: '110105198001050012', eligible: false }),
      ],
      2026,
      key,
    );
    expect(r.entitlements).toEqual([]);
    expect(r.excluded.map((x) => x.ruleId)).toEqual([
      'ZH-TEACHER-SUBSIDY',
      'ZH-TEACHER-SUBSIDY',
      'ZH-TEACHER-SUBSIDY',
    ]);
  });
});

describe('money', () => {
  it('formats fen as grouped yuan exactly', () => {
    expect(yuanGrouped(1_000_000)).toBe('10,000.00');
    expect(yuanGrouped(-105)).toBe('-1.05');
    expect(yuanGrouped(0)).toBe('0.00');
    expect(yuanGrouped(123_456_789_01)).toBe('123,456,789.01');
  });

  const facts = fc.array(
    fc.record({
      traineeId: fc.constantFrom('t1', 't2', 't3', 't4', 't5', 't6'),
      trackingYear: fc.integer({ min: 0, max: 3 }),
      category: fc.constantFrom('A', 'B', 'C'),
      unit: fc.constantFrom('u1', 'u2', 'u3'),
      passed: fc.boolean(),
      final: fc.boolean(),
      factsVersion: fc.integer({ min: 1, max: 5 }),
    }),
    { maxLength: 30 },
  );
  type FactSpec = {
    traineeId: string;
    trackingYear: number;
    category: string;
    unit: string;
    passed: boolean;
    final: boolean;
    factsVersion: number;
  };
  const toFacts = (xs: readonly FactSpec[]) =>
    xs.map((x) =>
      trainee({
        traineeId: x.traineeId,
        trackingYear: x.trackingYear,
        year: 2025 + x.trackingYear,
        category: x.category,
        trainingUnitId: x.unit,
        passed: x.passed,
        final: x.final,
        factsVersion: x.factsVersion,
      }),
    );

  it('totals equal the sum of the lines, per unit and per year, in integer fen (JS-SUBSIDY property)', () => {
    fc.assert(
      fc.property(facts, (xs) => {
        const calc = linesAgainstPaid(traineeEntitlements(jiangsu, toFacts(xs)), none);
        const sum = calc.lines.reduce((a, l) => a + l.amountFen, 0);
        expect(calc.totalFen).toBe(sum);
        expect(calc.units.reduce((a, u) => a + u.amountFen, 0)).toBe(sum);
        expect(calc.byYear.reduce((a, y) => a + y.amountFen, 0)).toBe(sum);
        for (const l of calc.lines) {
          expect(Number.isSafeInteger(l.amountFen)).toBe(true);
          expect([800_000, 1_000_000]).toContain(l.amountFen);
          expect(l.amountFen).toBe(l.rateFen * l.headCount);
        }
      }),
    );
  });

  it('after a correction, what was paid plus the difference lines is what is owed, subject by subject (JS-ACCEPTANCE property)', () => {
    fc.assert(
      fc.property(facts, facts, (before, after) => {
        const first = traineeEntitlements(jiangsu, toFacts(before));
        const firstLines = linesAgainstPaid(first, none).lines;
        const paid = paidAll(firstLines, first.entitlements);
        const second = traineeEntitlements(jiangsu, toFacts(after));
        const diff = linesAgainstPaid(second, paid);
        const owed = new Map(second.entitlements.map((e) => [e.subjectKey, e.entitledFen]));
        const keys = new Set([...paid.keys(), ...owed.keys()]);
        for (const k of keys) {
          if (second.pending.has(k)) continue;
          const paidFen = paid.get(k)?.paidFen ?? 0;
          const delta = diff.lines.filter((l) => l.subjectKey === k).reduce((a, l) => a + l.amountFen, 0);
          expect(paidFen + delta).toBe(owed.get(k) ?? 0);
        }
        expect(diff.totalFen).toBe(diff.lines.reduce((a, l) => a + l.amountFen, 0));
      }),
    );
  });
});
