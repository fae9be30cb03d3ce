import { statutoryRetirement } from '@talent/kernel';
import { describe, expect, it } from 'vitest';
import {
  type DisbursementContext,
  type ExpenseLine,
  evaluate,
  findCategory,
  type GradingContext,
  type NominationContext,
  nominationContext,
  type TraineeResult,
  type TrainingPlanContext,
} from '../src/index';
import { expectNoViolation, expectReported, expectViolation, jiangsu } from './helpers';

// Seed 003: 江苏省卓越技师培育计划实施办法（试行）

const nomination = (
  nominee: Partial<NonNullable<NominationContext['nominee']>> = {},
  attributes: Record<string, unknown> = {},
  extra: Partial<Pick<NominationContext, 'category' | 'programmeYear' | 'selectionDate' | 'sanctions'>> = {},
): NominationContext => {
  const base = nominationContext(jiangsu, {
    category: extra.category ?? 'A',
    programmeYear: extra.programmeYear ?? 2026,
    selectionDate: extra.selectionDate ?? '2026-03-01',
    nominee: { birthDate: '1980-05-17', gender: 'male', skillLevel: '高级技师' },
    attributes: { basis: '苏办发〔2019〕20号', receivedChiefTechnicianSubsidy: false, ...attributes },
    ...(extra.sanctions ? { sanctions: extra.sanctions } : {}),
  });
  return { ...base, nominee: { ...base.nominee, ...nominee } };
};

describe('intake attributes (JS)', () => {
  const a = findCategory(jiangsu, 'A');
  const b = findCategory(jiangsu, 'B');

  it('accepts exactly what the nominations service sends for A and B', () => {
    for (const c of [a, b]) {
      expect(
        c?.attributes().safeParse({ basis: '苏人社发〔2022〕101号', receivedChiefTechnicianSubsidy: false })
          .success,
      ).toBe(true);
    }
    expect(a?.quotaPerCycle).toBe(100);
    expect(b?.nomineeKind).toBe('person');
  });

  it('refuses B for a former chief-technician subsidy recipient at attributes.receivedChiefTechnicianSubsidy (JS-EXCLUSIONS)', () => {
    const r = b
      ?.attributes()
      .safeParse({ basis: '苏人社发〔2022〕101号', receivedChiefTechnicianSubsidy: true });
    expect(r?.error?.issues).toEqual([
      expect.objectContaining({
        code: 'custom',
        path: ['receivedChiefTechnicianSubsidy'],
        params: expect.objectContaining({
          ruleId: 'JS-EXCLUSIONS',
          messageZh: expect.stringContaining('B 类'),
        }),
      }),
    ]);
    expect(a?.attributes().safeParse({ basis: 'x', receivedChiefTechnicianSubsidy: true }).success).toBe(
      true,
    );
  });

  it('refuses unknown keys and a retirement base other than 50 or 55', () => {
    expect(
      a?.attributes().safeParse({ basis: 'x', receivedChiefTechnicianSubsidy: false, extra: 1 }).success,
    ).toBe(false);
    expect(
      a
        ?.attributes()
        .safeParse({ basis: 'x', receivedChiefTechnicianSubsidy: false, femaleRetirementBase: 52 }).success,
    ).toBe(false);
    expect(
      a
        ?.attributes()
        .safeParse({ basis: 'x', receivedChiefTechnicianSubsidy: false, femaleRetirementBase: 55 }).success,
    ).toBe(true);
  });
});

describe('eligibility (JS)', () => {
  it('accepts a senior technician and above (JS-LEVEL)', () => {
    for (const skillLevel of ['高级技师', '特级技师', '首席技师'])
      expectNoViolation(jiangsu, nomination({ skillLevel }), 'JS-LEVEL');
  });

  it('holds a technician as a relaxable violation, relaxed only by an audited override: 特别优秀的放宽至技师 (JS-LEVEL)', () => {
    const [v] = expectViolation(jiangsu, nomination({ skillLevel: '技师' }), 'JS-LEVEL');
    expect(v?.relaxable).toBe(true);
    const r = evaluate(jiangsu, nomination({ skillLevel: '技师' }), {
      overrides: [{ ruleId: 'JS-LEVEL', by: 'reviewer-1', reason: '全国技术能手，特别优秀' }],
    });
    expect(r.ok).toBe(true);
    expect(r.overridden.map((o) => [o.ruleId, o.by])).toEqual([['JS-LEVEL', 'reviewer-1']]);
  });

  it('never relaxes below a technician: a senior worker stays refused even with an override (JS-LEVEL)', () => {
    const r = evaluate(jiangsu, nomination({ skillLevel: '高级工' }), {
      overrides: [{ ruleId: 'JS-LEVEL', by: 'reviewer-1', reason: 'x' }],
    });
    expect(r.violations).toEqual([expect.objectContaining({ ruleId: 'JS-LEVEL', relaxable: false })]);
    expect(r.overridden).toEqual([]);
  });

  // A man born 1969-10-01 retires at 61y3m on 2031-01-01: exactly 5 years after 1 January 2026.
  it('admits a man whose retirement is exactly 5 years after 1 January of the programme year (JS-AGE)', () => {
    expect(statutoryRetirement({ birthDate: '1969-10-01', gender: 'male' }).date).toBe('2031-01-01');
    expectNoViolation(jiangsu, nomination({ birthDate: '1969-10-01' }), 'JS-AGE');
  });

  it('refuses him when retirement is one day short of 5 years and admits one day past (JS-AGE)', () => {
    const [v] = expectViolation(jiangsu, nomination({ birthDate: '1969-09-30' }), 'JS-AGE');
    expect(v?.message).toContain('2030-12-30');
    expect(v?.relaxable).toBe(false);
    expectNoViolation(jiangsu, nomination({ birthDate: '1969-10-02' }), 'JS-AGE');
  });

  it('counts on 1 January of the programme year, not on the selection date (JS-AGE)', () => {
    expectNoViolation(
      jiangsu,
      nomination({ birthDate: '1969-10-01' }, {}, { selectionDate: '2026-11-30' }),
      'JS-AGE',
    );
    expectViolation(
      jiangsu,
      nomination({ birthDate: '1969-10-01' }, {}, { programmeYear: 2027, selectionDate: '2026-11-30' }),
      'JS-AGE',
    );
  });

  it('asks for a woman’s original retirement age instead of guessing it (JS-AGE, X-RETIREMENT-AGE)', () => {
    const r = evaluate(jiangsu, nomination({ gender: 'female', birthDate: '1985-01-01' }));
    expect(r.violations).toEqual([
      expect.objectContaining({
        ruleId: 'X-RETIREMENT-AGE',
        path: 'nominee.femaleRetirementBase',
        relaxable: false,
      }),
    ]);
  });

  it('takes a woman’s original retirement age from the attributes (JS-AGE, X-RETIREMENT-AGE)', () => {
    // woman worker (base 50) born 1980-01-01: +30 months → 52y6m → 2032-07-01, more than 5 years after 2026-01-01
    const worker = nomination({ gender: 'female', birthDate: '1980-01-01' }, { femaleRetirementBase: 50 });
    expect(worker.nominee?.femaleRetirementBase).toBe(50);
    expectNoViolation(jiangsu, worker, 'JS-AGE');
    // the same woman counted in programme year 2028: 2033-01-01 > 2032-07-01
    expectViolation(jiangsu, { ...worker, programmeYear: 2028 }, 'JS-AGE');
  });

  it('needs the basis of recognition or selection (JS-A-SOURCE)', () => {
    expectNoViolation(jiangsu, nomination(), 'JS-A-SOURCE');
    expectViolation(jiangsu, nomination({}, { basis: ' ' }), 'JS-A-SOURCE');
  });

  it('excludes former chief-technician subsidy recipients from B only (JS-EXCLUSIONS)', () => {
    expectViolation(
      jiangsu,
      nomination({}, { receivedChiefTechnicianSubsidy: true }, { category: 'B' }),
      'JS-EXCLUSIONS',
    );
    expectNoViolation(
      jiangsu,
      nomination({}, { receivedChiefTechnicianSubsidy: true }, { category: 'A' }),
      'JS-EXCLUSIONS',
    );
  });

  it('admits a repeat participant 3 years after the previous participation ended, not a day less (JS-EXCLUSIONS)', () => {
    // programme year 2025: counted to 2025-01-01
    const repeat = (ended: string) =>
      nomination(
        {},
        { previousParticipationEndedOn: ended },
        { programmeYear: 2025, selectionDate: '2025-03-01' },
      );
    expectNoViolation(jiangsu, repeat('2021-12-31'), 'JS-EXCLUSIONS');
    expectNoViolation(jiangsu, repeat('2022-01-01'), 'JS-EXCLUSIONS');
    expectViolation(jiangsu, repeat('2022-01-02'), 'JS-EXCLUSIONS');
  });

  it('bars a unit sanctioned for blocking attendance for 3 years from the sanction (JS-SANCTIONS)', () => {
    const sanctioned = (selectionDate: string) =>
      nomination(
        {},
        {},
        {
          selectionDate,
          sanctions: [{ subject: 'unit', effect: 'no-recommendation', imposedOn: '2023-03-01' }],
        },
      );
    expectViolation(jiangsu, sanctioned('2026-02-28'), 'JS-SANCTIONS');
    expectNoViolation(jiangsu, sanctioned('2026-03-01'), 'JS-SANCTIONS');
    expectNoViolation(jiangsu, sanctioned('2026-03-02'), 'JS-SANCTIONS');
  });

  it('does not bar a nomination for a sanction with another effect (JS-SANCTIONS)', () => {
    expectNoViolation(
      jiangsu,
      nomination(
        {},
        {},
        { sanctions: [{ subject: 'person', effect: 'no-provincial-awards', imposedOn: '2025-06-01' }] },
      ),
      'JS-SANCTIONS',
    );
  });
});

describe('selection and funding (JS)', () => {
  const selected = (category: string, n: number) => ({ type: 'selection', category, selected: n }) as const;

  it('selects the 100th and refuses the 101st person of a category in a year (JS-CATEGORIES)', () => {
    for (const c of ['A', 'B']) {
      expectNoViolation(jiangsu, selected(c, 99), 'JS-CATEGORIES');
      expectNoViolation(jiangsu, selected(c, 100), 'JS-CATEGORIES');
      expectViolation(jiangsu, selected(c, 101), 'JS-CATEGORIES');
    }
  });

  it('counts a year over all its cycles: the 100th of the year is selected, the 101st refused, whatever the cycle holds (JS-CATEGORIES 每年每类)', () => {
    const inYear = (n: number, cycle: number) =>
      ({ type: 'selection', category: 'A', selected: cycle, selectedInYear: n }) as const;
    expectNoViolation(jiangsu, inYear(100, 40), 'JS-CATEGORIES');
    const over = evaluate(jiangsu, inYear(101, 1)).violations;
    expect(over).toEqual([
      expect.objectContaining({
        ruleId: 'JS-CATEGORIES',
        path: 'selectedInYear',
        message: expect.stringContaining('101 selected in category A this year; the quota is 100 a year'),
        messageZh: expect.stringContaining('每年不超过100名'),
      }),
    ]);
    expect(jiangsu.categories.map((c) => [c.id, c.quotaPerCycle, c.quotaPerYear])).toEqual([
      ['A', 100, 100],
      ['B', 100, 100],
    ]);
  });

  const disbursement = (overrides: Partial<DisbursementContext> = {}): DisbursementContext => ({
    type: 'disbursement',
    fundingKey: 'A',
    fundingYear: 1,
    enrolled: 40,
    passed: 37,
    perHeadFen: 1_000_000,
    amountFen: 37_000_000,
    ...overrides,
  });

  it('pays 10,000 CNY for A and 8,000 CNY for B per person per year, to the fen (JS-SUBSIDY)', () => {
    expectNoViolation(jiangsu, disbursement(), 'JS-SUBSIDY');
    expectViolation(jiangsu, disbursement({ perHeadFen: 999_999, amountFen: 36_999_963 }), 'JS-SUBSIDY');
    expectViolation(jiangsu, disbursement({ perHeadFen: 1_000_001, amountFen: 37_000_037 }), 'JS-SUBSIDY');
    expectNoViolation(
      jiangsu,
      disbursement({ fundingKey: 'B', perHeadFen: 800_000, amountFen: 29_600_000 }),
      'JS-SUBSIDY',
    );
    expectViolation(
      jiangsu,
      disbursement({ fundingKey: 'B', perHeadFen: 799_999, amountFen: 29_599_963 }),
      'JS-SUBSIDY',
    );
    expectViolation(
      jiangsu,
      disbursement({ fundingKey: 'B', perHeadFen: 800_001, amountFen: 29_600_037 }),
      'JS-SUBSIDY',
    );
  });

  it('funds years 1 and 2 of tracking and not year 3 (JS-TRACKING)', () => {
    expectNoViolation(jiangsu, disbursement({ fundingYear: 1 }), 'JS-TRACKING');
    expectNoViolation(jiangsu, disbursement({ fundingYear: 2 }), 'JS-TRACKING');
    expectViolation(jiangsu, disbursement({ fundingYear: 3 }), 'JS-TRACKING');
    expectViolation(jiangsu, disbursement({ fundingYear: 0 }), 'JS-TRACKING');
  });

  it('disburses by the number who passed acceptance, not by the number enrolled, to the fen (JS-ACCEPTANCE)', () => {
    expectNoViolation(jiangsu, disbursement(), 'JS-ACCEPTANCE');
    expectViolation(jiangsu, disbursement({ amountFen: 40_000_000 }), 'JS-ACCEPTANCE');
    expectViolation(jiangsu, disbursement({ amountFen: 36_999_999 }), 'JS-ACCEPTANCE');
    expectViolation(jiangsu, disbursement({ amountFen: 37_000_001 }), 'JS-ACCEPTANCE');
    expectViolation(jiangsu, disbursement({ passed: 41, amountFen: 41_000_000 }), 'JS-ACCEPTANCE');
  });
});

describe('training (JS)', () => {
  const plan = (overrides: Partial<TrainingPlanContext> = {}): TrainingPlanContext => ({
    type: 'training-plan',
    year: 2025,
    startsOn: '2025-03-01',
    endsOn: '2025-07-31',
    theoryHours: 40,
    practiceHours: 60,
    ...overrides,
  });

  it('accepts a 5-month span and refuses one a day longer (JS-WINDOW)', () => {
    expectNoViolation(jiangsu, plan({ endsOn: '2025-07-30' }), 'JS-WINDOW');
    expectNoViolation(jiangsu, plan({ endsOn: '2025-07-31' }), 'JS-WINDOW');
    expectViolation(jiangsu, plan({ endsOn: '2025-08-01' }), 'JS-WINDOW');
  });

  it('keeps training within the first three quarters: ends by 30 September (JS-WINDOW)', () => {
    expectNoViolation(jiangsu, plan({ startsOn: '2025-05-01', endsOn: '2025-09-29' }), 'JS-WINDOW');
    expectNoViolation(jiangsu, plan({ startsOn: '2025-05-01', endsOn: '2025-09-30' }), 'JS-WINDOW');
    expectViolation(jiangsu, plan({ startsOn: '2025-06-01', endsOn: '2025-10-01' }), 'JS-WINDOW');
    expectViolation(jiangsu, plan({ startsOn: '2024-12-31', endsOn: '2025-03-31' }), 'JS-WINDOW');
  });

  it('keeps theory at 4:6 within 5 percentage points: 35 and 45 of 100 hours pass, 34 and 46 do not (JS-HOURS-RATIO)', () => {
    for (const theory of [35, 36, 40, 44, 45])
      expectNoViolation(
        jiangsu,
        plan({ theoryHours: theory, practiceHours: 100 - theory }),
        'JS-HOURS-RATIO',
      );
    for (const theory of [34, 46, 0, 100])
      expectViolation(jiangsu, plan({ theoryHours: theory, practiceHours: 100 - theory }), 'JS-HOURS-RATIO');
  });

  it('assigns instructors with an associate-senior title or senior-technician level (JS-INSTRUCTOR)', () => {
    const assign = (instructor: { professionalTitle?: string; skillLevel?: string }) =>
      ({ type: 'instructor-assignment', instructor }) as const;
    expectNoViolation(jiangsu, assign({ professionalTitle: '副高级' }), 'JS-INSTRUCTOR');
    expectNoViolation(
      jiangsu,
      assign({ professionalTitle: '中级', skillLevel: '高级技师' }),
      'JS-INSTRUCTOR',
    );
    expectViolation(jiangsu, assign({ professionalTitle: '中级', skillLevel: '技师' }), 'JS-INSTRUCTOR');
    expectViolation(jiangsu, assign({}), 'JS-INSTRUCTOR');
  });

  const lines = (teaching: number, travel: number, extra: Partial<ExpenseLine> = {}): ExpenseLine[] => [
    { category: 'teaching', amountFen: teaching },
    { category: 'travel', amountFen: travel, outOfTownTrainee: true, ...extra },
  ];
  const expenses = (l: ExpenseLine[]) => ({ type: 'expenses', unitId: 'unit-1', lines: l }) as const;

  it('accepts 80% teaching and 20% travel and refuses 1 fen either way (JS-EXPENSE-SPLIT)', () => {
    expectNoViolation(jiangsu, expenses(lines(8_000_001, 1_999_999)), 'JS-EXPENSE-SPLIT');
    expectNoViolation(jiangsu, expenses(lines(8_000_000, 2_000_000)), 'JS-EXPENSE-SPLIT');
    expect(expectViolation(jiangsu, expenses(lines(7_999_999, 2_000_001)), 'JS-EXPENSE-SPLIT')).toHaveLength(
      2,
    );
  });

  it('pays travel and lodging only for out-of-town trainees and meals only at the unit canteen (JS-EXPENSE-SPLIT)', () => {
    expectViolation(
      jiangsu,
      expenses(lines(9_000_000, 1_000_000, { outOfTownTrainee: false })),
      'JS-EXPENSE-SPLIT',
    );
    expectViolation(
      jiangsu,
      expenses([
        { category: 'teaching', amountFen: 9_000_000 },
        { category: 'meals', amountFen: 1_000_000, atUnitCanteenForTrainee: false },
      ]),
      'JS-EXPENSE-SPLIT',
    );
    expectViolation(
      jiangsu,
      expenses([
        { category: 'teaching', amountFen: 9_000_000 },
        { category: 'gifts', amountFen: 1_000_000 },
      ]),
      'JS-EXPENSE-SPLIT',
    );
  });
});

describe('grading (JS)', () => {
  const trainee = (i: number, grade: string, extra: Partial<TraineeResult> = {}): TraineeResult => ({
    traineeId: `t${i}`,
    grade,
    hoursAttended: 100,
    hoursRequired: 100,
    researchReportSubmitted: true,
    ...extra,
  });
  const grading = (grades: string[], extra: Partial<TraineeResult>[] = []): GradingContext => ({
    type: 'grading',
    unitId: 'unit-1',
    trainees: grades.map((g, i) => trainee(i, g, extra[i])),
  });
  const spread = (excellent: number, good: number, n: number) => [
    ...Array<string>(excellent).fill('优秀'),
    ...Array<string>(good).fill('良好'),
    ...Array<string>(n - excellent - good).fill('合格'),
  ];

  it('grades on the five-grade scale only (JS-GRADES)', () => {
    expectNoViolation(jiangsu, grading(['优秀', '良好', '合格', '基本合格', '不合格']), 'JS-GRADES');
    expectViolation(jiangsu, grading(['优']), 'JS-GRADES');
  });

  it('allows 3 优秀 and 3 良好 of 10 trainees and refuses a 4th of either (JS-GRADE-QUOTA)', () => {
    expectNoViolation(jiangsu, grading(spread(2, 2, 10)), 'JS-GRADE-QUOTA');
    expectNoViolation(jiangsu, grading(spread(3, 3, 10)), 'JS-GRADE-QUOTA');
    expectViolation(jiangsu, grading(spread(4, 3, 10)), 'JS-GRADE-QUOTA');
    expectViolation(jiangsu, grading(spread(3, 4, 10)), 'JS-GRADE-QUOTA');
  });

  it('rounds 30% of 7 trainees (2.1) down: 2 优秀 pass, 3 do not (JS-GRADE-QUOTA)', () => {
    expectNoViolation(jiangsu, grading(spread(2, 2, 7)), 'JS-GRADE-QUOTA');
    expectViolation(jiangsu, grading(spread(3, 0, 7)), 'JS-GRADE-QUOTA');
  });

  it('fails a trainee at 69 of 100 hours whatever the grade, and not at 70 (JS-ATTENDANCE-FAIL)', () => {
    expectViolation(jiangsu, grading(['合格'], [{ hoursAttended: 69 }]), 'JS-ATTENDANCE-FAIL');
    expectNoViolation(jiangsu, grading(['不合格'], [{ hoursAttended: 69 }]), 'JS-ATTENDANCE-FAIL');
    expectNoViolation(jiangsu, grading(['合格'], [{ hoursAttended: 70 }]), 'JS-ATTENDANCE-FAIL');
    expectNoViolation(jiangsu, grading(['合格'], [{ hoursAttended: 71 }]), 'JS-ATTENDANCE-FAIL');
  });

  it('fails on credits below 70% too, with decimal credits compared exactly (JS-ATTENDANCE-FAIL)', () => {
    const credits = (earned: number) => ({ creditsEarned: earned, creditsRequired: 5.7 });
    // 70% of 5.7 credits is 3.99
    expectViolation(jiangsu, grading(['良好'], [credits(3.98)]), 'JS-ATTENDANCE-FAIL');
    expectNoViolation(jiangsu, grading(['良好'], [credits(3.99)]), 'JS-ATTENDANCE-FAIL');
    expectNoViolation(jiangsu, grading(['良好'], [credits(4)]), 'JS-ATTENDANCE-FAIL');
  });

  it('refuses a grade without any recorded hours or credits (JS-ATTENDANCE-FAIL)', () => {
    expectViolation(
      jiangsu,
      grading(['合格'], [{ hoursAttended: undefined, hoursRequired: undefined }]),
      'JS-ATTENDANCE-FAIL',
    );
  });

  it('flags a trainee without the yearly research report, without blocking (JS-REPORT)', () => {
    expectReported(jiangsu, grading(['合格'], [{ researchReportSubmitted: false }]), 'JS-REPORT');
    expectNoViolation(jiangsu, grading(['合格']), 'JS-REPORT');
  });

  it('allows one deferral and no second; hours and credits do not carry over (JS-DEFERRAL)', () => {
    const defer = (deferralsUsed: number, carriedHours = 0) =>
      ({ type: 'participation', action: 'defer', deferralsUsed, carriedHours }) as const;
    expectNoViolation(jiangsu, defer(0), 'JS-DEFERRAL');
    expectViolation(jiangsu, defer(1), 'JS-DEFERRAL');
    expectViolation(jiangsu, defer(0, 12), 'JS-DEFERRAL');
  });
});
