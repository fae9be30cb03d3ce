import { describe, expect, it } from 'vitest';
import {
  evaluate,
  findCategory,
  kpiProgress,
  type NominationContext,
  nominationContext,
  type PairingContext,
} from '../src/index';
import { expectNoViolation, expectReported, expectViolation, lishui } from './helpers';

// Seed 000: 丽水市职业教育“百名大师、千名高徒”结对培养工程实施方案

const pairing = (overrides: Partial<PairingContext> = {}): PairingContext => ({
  type: 'pairing',
  masterId: 'master-1',
  studyStage: '2025-2026',
  activeApprenticesOfMasterInStage: 0,
  schoolApprentices: 50,
  schoolTeacherApprentices: 0,
  adding: 'student',
  apprenticeStudyYear: 2,
  masterAccepted: true,
  apprenticeAccepted: true,
  mentors: [{ role: 'school-teacher', personId: 'teacher-1' }],
  ...overrides,
});

const masterAttributes = {
  qualification: 'chief-technician',
  nominationRoute: 'self',
  hasApprenticeTeachingExperience: true,
  proposedServiceYears: 6,
  apprenticeGrade: '2024级数控1班',
};

const nomination = (category: string, attributes: Record<string, unknown> = {}): NominationContext =>
  nominationContext(lishui, {
    category,
    programmeYear: 2025,
    selectionDate: '2025-10-15',
    nominee: { birthDate: '1975-03-08', gender: 'male', skillLevel: '高级技师' },
    attributes: { ...masterAttributes, ...attributes },
  });

describe('pairing (LS)', () => {
  it('accepts the 9th and the 10th and rejects the 11th apprentice of a master in a study stage (LS-PAIR-CAP)', () => {
    expectNoViolation(lishui, pairing({ activeApprenticesOfMasterInStage: 8 }), 'LS-PAIR-CAP');
    expectNoViolation(lishui, pairing({ activeApprenticesOfMasterInStage: 9 }), 'LS-PAIR-CAP');
    const [v] = expectViolation(lishui, pairing({ activeApprenticesOfMasterInStage: 10 }), 'LS-PAIR-CAP');
    expect(v?.path).toBe('activeApprenticesOfMasterInStage');
    expect(v?.relaxable).toBe(true);
  });

  it('lets a reviewer pair an 11th apprentice only by an audited override: 原则上不超过10人 (LS-PAIR-CAP)', () => {
    const r = evaluate(lishui, pairing({ activeApprenticesOfMasterInStage: 10 }), {
      overrides: [{ ruleId: 'LS-PAIR-CAP', by: 'reviewer-7', reason: '非遗传承专业，经市局研究同意' }],
    });
    expect(r.ok).toBe(true);
    expect(r.overridden).toEqual([
      expect.objectContaining({
        ruleId: 'LS-PAIR-CAP',
        by: 'reviewer-7',
        reason: '非遗传承专业，经市局研究同意',
      }),
    ]);
  });

  it('admits a teacher apprentice at 10% of the school’s apprentices and refuses one above it (LS-TEACHER-SHARE)', () => {
    // after adding: 9/100 (just below), 10/100 (at), 10/99 (just above)
    expectNoViolation(
      lishui,
      pairing({ adding: 'teacher', schoolApprentices: 99, schoolTeacherApprentices: 8 }),
      'LS-TEACHER-SHARE',
    );
    expectNoViolation(
      lishui,
      pairing({ adding: 'teacher', schoolApprentices: 99, schoolTeacherApprentices: 9 }),
      'LS-TEACHER-SHARE',
    );
    expectViolation(
      lishui,
      pairing({ adding: 'teacher', schoolApprentices: 98, schoolTeacherApprentices: 9 }),
      'LS-TEACHER-SHARE',
    );
  });

  it('never refuses a student apprentice because of the teacher share (LS-TEACHER-SHARE)', () => {
    expectNoViolation(
      lishui,
      pairing({ adding: 'student', schoolApprentices: 10, schoolTeacherApprentices: 5 }),
      'LS-TEACHER-SHARE',
    );
  });

  it('refuses the first apprentice of a school when it is a teacher: 1 of 1 is above 10% (LS-TEACHER-SHARE)', () => {
    expectViolation(
      lishui,
      pairing({ adding: 'teacher', schoolApprentices: 0, schoolTeacherApprentices: 0 }),
      'LS-TEACHER-SHARE',
    );
  });

  it('pairs second-year students only: year 1 and year 3 are refused (LS-APPRENTICE-YEAR)', () => {
    expectViolation(lishui, pairing({ apprenticeStudyYear: 1 }), 'LS-APPRENTICE-YEAR');
    expectNoViolation(lishui, pairing({ apprenticeStudyYear: 2 }), 'LS-APPRENTICE-YEAR');
    expectViolation(lishui, pairing({ apprenticeStudyYear: 3 }), 'LS-APPRENTICE-YEAR');
    expectViolation(lishui, pairing({ apprenticeStudyYear: undefined }), 'LS-APPRENTICE-YEAR');
  });

  it('does not ask a teacher apprentice for a year of study (LS-APPRENTICE-YEAR)', () => {
    expectNoViolation(
      lishui,
      pairing({ adding: 'teacher', apprenticeStudyYear: undefined, schoolApprentices: 99 }),
      'LS-APPRENTICE-YEAR',
    );
  });

  it('needs both the master and the apprentice to accept (LS-TWO-WAY)', () => {
    expectNoViolation(lishui, pairing(), 'LS-TWO-WAY');
    expect(
      expectViolation(lishui, pairing({ masterAccepted: false }), 'LS-TWO-WAY').map((v) => v.path),
    ).toEqual(['masterAccepted']);
    expect(
      expectViolation(lishui, pairing({ apprenticeAccepted: undefined }), 'LS-TWO-WAY').map((v) => v.path),
    ).toEqual(['apprenticeAccepted']);
  });

  it('needs a school teacher as the second mentor (LS-AGREEMENTS)', () => {
    expectNoViolation(lishui, pairing(), 'LS-AGREEMENTS');
    expectViolation(lishui, pairing({ mentors: [] }), 'LS-AGREEMENTS');
  });
});

describe('master nomination (LS)', () => {
  it('accepts a tier-1 qualification and refuses a tier-2 one in tier 1 (LS-MASTER-TIER1)', () => {
    expectNoViolation(lishui, nomination('master-tier-1'), 'LS-MASTER-TIER1');
    expectViolation(
      lishui,
      nomination('master-tier-1', { qualification: 'lishui-wuyang-skill-master' }),
      'LS-MASTER-TIER1',
    );
  });

  it('accepts a tier-2 qualification and refuses a tier-1 one in tier 2 (LS-MASTER-TIER2)', () => {
    expectNoViolation(
      lishui,
      nomination('master-tier-2', { qualification: 'zhejiang-excellent-skill-talent' }),
      'LS-MASTER-TIER2',
    );
    expectViolation(
      lishui,
      nomination('master-tier-2', { qualification: 'chief-technician' }),
      'LS-MASTER-TIER2',
    );
  });

  it('refuses the wrong tier at intake, citing the tier rule at attributes.qualification (LS-MASTER-TIER1)', () => {
    const tier1 = findCategory(lishui, 'master-tier-1');
    const r = tier1
      ?.attributes()
      .safeParse({ ...masterAttributes, qualification: 'zhejiang-excellent-skill-talent' });
    expect(r?.success).toBe(false);
    expect(r?.error?.issues).toEqual([
      expect.objectContaining({
        path: ['qualification'],
        params: expect.objectContaining({ ruleId: 'LS-MASTER-TIER1' }),
      }),
    ]);
  });

  it('accepts the three nomination routes and nothing else (LS-NOMINATION-ROUTE)', () => {
    for (const route of ['self', 'industry-association', 'competent-department']) {
      expectNoViolation(
        lishui,
        nomination('master-tier-1', { nominationRoute: route }),
        'LS-NOMINATION-ROUTE',
      );
    }
    expectViolation(
      lishui,
      nomination('master-tier-1', { nominationRoute: 'headhunter' }),
      'LS-NOMINATION-ROUTE',
    );
  });

  it('refuses 5 years of service and accepts 6 and 7 (LS-SERVICE-TERM)', () => {
    expectViolation(lishui, nomination('master-tier-1', { proposedServiceYears: 5 }), 'LS-SERVICE-TERM');
    expectNoViolation(lishui, nomination('master-tier-1', { proposedServiceYears: 6 }), 'LS-SERVICE-TERM');
    expectNoViolation(lishui, nomination('master-tier-1', { proposedServiceYears: 7 }), 'LS-SERVICE-TERM');
  });

  it('refuses 5 years of service at intake with the rule id (LS-SERVICE-TERM)', () => {
    const schema = findCategory(lishui, 'master-tier-2')?.attributes();
    const ok = { ...masterAttributes, qualification: 'lishui-wuyang-skill-master' };
    expect(schema?.safeParse({ ...ok, proposedServiceYears: 6 }).success).toBe(true);
    const r = schema?.safeParse({ ...ok, proposedServiceYears: 5 });
    expect(
      r?.error?.issues.map((i) => [i.path.join('.'), (i as { params?: { ruleId?: string } }).params?.ruleId]),
    ).toEqual([['proposedServiceYears', 'LS-SERVICE-TERM']]);
  });
});

describe('completion, awards and the calendar (LS)', () => {
  const completion = (faceToFaceDays: number, skillImproved = true) =>
    ({ type: 'mentorship-completion', faceToFaceDays, skillImproved, confirmedBySchool: true }) as const;

  it('completes a master’s task at 50 days of face-to-face tutoring, not at 49 (LS-MENTOR-DAYS)', () => {
    expectViolation(lishui, completion(49), 'LS-MENTOR-DAYS');
    expectNoViolation(lishui, completion(50), 'LS-MENTOR-DAYS');
    expectNoViolation(lishui, completion(51), 'LS-MENTOR-DAYS');
  });

  it('also needs an improved skill level confirmed by the school (LS-MENTOR-DAYS)', () => {
    expectViolation(lishui, completion(60, false), 'LS-MENTOR-DAYS');
    expectViolation(lishui, { ...completion(60), confirmedBySchool: false }, 'LS-MENTOR-DAYS');
  });

  const award = (attributes: Record<string, unknown>) =>
    ({ type: 'award', award: 'outstanding-apprentice', attributes }) as const;

  it('titles an apprentice with a 3rd prize or better, not a 4th place (LS-OUTSTANDING-APPRENTICE)', () => {
    expectNoViolation(lishui, award({ competitionPrizeRank: 2 }), 'LS-OUTSTANDING-APPRENTICE');
    expectNoViolation(lishui, award({ competitionPrizeRank: 3 }), 'LS-OUTSTANDING-APPRENTICE');
    expectViolation(lishui, award({ competitionPrizeRank: 4 }), 'LS-OUTSTANDING-APPRENTICE');
  });

  it('titles an apprentice with a patent while at school (LS-OUTSTANDING-APPRENTICE)', () => {
    expectNoViolation(lishui, award({ patentsWhileAtSchool: 1 }), 'LS-OUTSTANDING-APPRENTICE');
    expectViolation(lishui, award({ patentsWhileAtSchool: 0 }), 'LS-OUTSTANDING-APPRENTICE');
  });

  const selected = (awardId: string, n: number) =>
    ({ type: 'award-selection', award: awardId, selected: n }) as const;

  it('selects at most 10 best masters and 100 best apprentices a school year (LS-TOP-TEN)', () => {
    expectNoViolation(lishui, selected('top-ten-masters', 9), 'LS-TOP-TEN');
    expectNoViolation(lishui, selected('top-ten-masters', 10), 'LS-TOP-TEN');
    expectViolation(lishui, selected('top-ten-masters', 11), 'LS-TOP-TEN');
    expectNoViolation(lishui, selected('top-hundred-apprentices', 99), 'LS-TOP-TEN');
    expectNoViolation(lishui, selected('top-hundred-apprentices', 100), 'LS-TOP-TEN');
    expectViolation(lishui, selected('top-hundred-apprentices', 101), 'LS-TOP-TEN');
  });

  const submitted = (stage: string, submittedOn: string) =>
    ({ type: 'submission', stage, cycleYear: 2025, submittedOn }) as const;

  it('takes master nominations until the end of October and not on 1 November (LS-CALENDAR)', () => {
    expectNoViolation(lishui, submitted('master-nomination', '2025-10-30'), 'LS-CALENDAR');
    expectNoViolation(lishui, submitted('master-nomination', '2025-10-31'), 'LS-CALENDAR');
    expectViolation(lishui, submitted('master-nomination', '2025-11-01'), 'LS-CALENDAR');
  });

  it('takes two-way pairing lists until the end of November (LS-CALENDAR)', () => {
    expectNoViolation(lishui, submitted('pairing-list', '2025-11-29'), 'LS-CALENDAR');
    expectNoViolation(lishui, submitted('pairing-list', '2025-11-30'), 'LS-CALENDAR');
    expectViolation(lishui, submitted('pairing-list', '2025-12-01'), 'LS-CALENDAR');
  });

  const budget = (amountFen: number) =>
    ({ type: 'budget', year: 2025, lines: [{ subjectId: 'master-1', amountFen }] }) as const;

  it('flags a master’s yearly funds 1 fen under 50,000 CNY without blocking (LS-FUNDS-FLOOR)', () => {
    const [flag] = expectReported(lishui, budget(4_999_999), 'LS-FUNDS-FLOOR');
    expect(flag?.path).toBe('lines[0].amountFen');
    expect(evaluate(lishui, budget(4_999_999)).ok).toBe(true);
    expectNoViolation(lishui, budget(5_000_000), 'LS-FUNDS-FLOOR');
    expectNoViolation(lishui, budget(5_000_001), 'LS-FUNDS-FLOOR');
  });

  const report = (year: number, metrics: Record<string, number>) =>
    ({ type: 'report', year, scope: 'college', metrics }) as const;

  it('flags a college with 49 students trained by masters in 2025, not 50 or 51 (LS-GOAL)', () => {
    expectReported(lishui, report(2025, { mastersInvolved: 10, studentsTrainedByMasters: 49 }), 'LS-GOAL');
    expectNoViolation(lishui, report(2025, { mastersInvolved: 10, studentsTrainedByMasters: 50 }), 'LS-GOAL');
    expectNoViolation(lishui, report(2025, { mastersInvolved: 10, studentsTrainedByMasters: 51 }), 'LS-GOAL');
  });

  it('does not flag the goal before 2025, nor “about 10 masters” ever; progress lists both (LS-GOAL)', () => {
    expectNoViolation(lishui, report(2024, { mastersInvolved: 3, studentsTrainedByMasters: 12 }), 'LS-GOAL');
    expectNoViolation(lishui, report(2025, { mastersInvolved: 7, studentsTrainedByMasters: 60 }), 'LS-GOAL');
    expect(kpiProgress(lishui, 'college', { mastersInvolved: 7, studentsTrainedByMasters: 60 })).toEqual([
      expect.objectContaining({ indicator: 'masters-per-college', target: '~10', value: 7 }),
      expect.objectContaining({ indicator: 'students-per-college', target: '≥ 50', value: 60, met: true }),
    ]);
  });
});
