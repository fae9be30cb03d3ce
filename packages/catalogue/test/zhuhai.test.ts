import { describe, expect, it } from 'vitest';
import {
  type DisbursementContext,
  evaluate,
  type NominationContext,
  type TeacherYearContext,
} from '../src/index';
import { expectNoViolation, expectReported, expectViolation, zhuhai } from './helpers';

// Seed 002: 关于新时代“产业新工匠”培育工程行动方案

const craftsman = (attributes: Record<string, unknown> = {}): NominationContext => ({
  type: 'nomination',
  category: 'craftsman',
  programmeYear: 2025,
  selectionDate: '2025-05-01',
  nominee: { birthDate: '1985-01-01', gender: 'male', skillLevel: '高级技师' },
  attributes: {
    industry: 'integrated-circuits',
    enterprise: '珠海某半导体有限公司',
    transmitsSkills: true,
    ...attributes,
  },
});

describe('craftsmen (ZH)', () => {
  it('takes craftsmen from the seven key industry clusters only (ZH-INDUSTRIES)', () => {
    for (const industry of ['new-generation-it', 'new-energy', 'fine-chemicals'])
      expectNoViolation(zhuhai, craftsman({ industry }), 'ZH-INDUSTRIES');
    expectViolation(zhuhai, craftsman({ industry: 'real-estate' }), 'ZH-INDUSTRIES');
  });

  it('tracks about 10 / 100 / 1,000 / 10,000 a year: above is flagged, never refused (ZH-CRAFTSMAN-TIERS)', () => {
    const selected = (category: string, n: number) => ({ type: 'selection', category, selected: n }) as const;
    expectNoViolation(zhuhai, selected('special-craftsman', 9), 'ZH-CRAFTSMAN-TIERS');
    expectNoViolation(zhuhai, selected('special-craftsman', 10), 'ZH-CRAFTSMAN-TIERS');
    expectReported(zhuhai, selected('special-craftsman', 11), 'ZH-CRAFTSMAN-TIERS');
    expectNoViolation(zhuhai, selected('enterprise-craftsman', 10_000), 'ZH-CRAFTSMAN-TIERS');
    expectReported(zhuhai, selected('enterprise-craftsman', 10_001), 'ZH-CRAFTSMAN-TIERS');
    expect(zhuhai.categories.map((c) => c.quotaPerCycle)).toEqual([10, 100, 1000, 10_000]);
  });

  it('makes teaching skills a prerequisite of every tier (ZH-CRAFTSMAN-TIERS)', () => {
    expectNoViolation(zhuhai, craftsman(), 'ZH-CRAFTSMAN-TIERS');
    expectViolation(zhuhai, craftsman({ transmitsSkills: false }), 'ZH-CRAFTSMAN-TIERS');
  });
});

describe('city targets (ZH)', () => {
  const passing2025 = {
    employed: 10_000,
    skilledWorkers: 4_000,
    highSkilledWorkers: 1_520,
    demonstrationColleges: 10,
    vocationalStudents: 92_000,
    higherSecondaryVocationalStudents: 69_000,
    higherSecondaryGraduates: 100,
    higherSecondaryGraduatesStaying: 65,
    technicalSchoolStudents: 23_000,
    cityTechnicianCollegeStudents: 10_000,
    technicalGraduates: 100,
    technicalGraduatesStaying: 90,
    fullTimeTeachers: 100,
    dualQualifiedTeachers: 50,
  };
  const report = (year: number, metrics: Record<string, number>) =>
    ({ type: 'report', year, scope: 'city', metrics }) as const;

  it('meets every 2025 target exactly at its figure (ZH-TARGETS-2025)', () => {
    expectNoViolation(zhuhai, report(2025, passing2025), 'ZH-TARGETS-2025');
  });

  it('flags skilled workers at 39.99% of the employed and accepts 40.01% (ZH-TARGETS-2025)', () => {
    expectReported(zhuhai, report(2025, { ...passing2025, skilledWorkers: 3_999 }), 'ZH-TARGETS-2025');
    expectNoViolation(
      zhuhai,
      report(2025, { ...passing2025, skilledWorkers: 4_001, highSkilledWorkers: 1_521 }),
      'ZH-TARGETS-2025',
    );
  });

  it('flags 37% high-skilled, 9 colleges, 91,999 students, 64% and 89% retention, 49% dual-qualified (ZH-TARGETS-2025)', () => {
    for (const change of [
      { highSkilledWorkers: 1_519 },
      { demonstrationColleges: 9 },
      { vocationalStudents: 91_999 },
      { higherSecondaryVocationalStudents: 68_999 },
      { higherSecondaryGraduatesStaying: 64 },
      { technicalSchoolStudents: 22_999 },
      { cityTechnicianCollegeStudents: 9_999 },
      { technicalGraduatesStaying: 89 },
      { dualQualifiedTeachers: 49 },
    ]) {
      const flags = expectReported(zhuhai, report(2025, { ...passing2025, ...change }), 'ZH-TARGETS-2025');
      expect(flags).toHaveLength(1);
    }
  });

  it('does not flag 2025 targets in 2024 (ZH-TARGETS-2025)', () => {
    expectNoViolation(zhuhai, report(2024, { ...passing2025, demonstrationColleges: 3 }), 'ZH-TARGETS-2025');
  });

  it('needs more than 1,000,000 worker trainings by 2024: exactly 1,000,000 is flagged (ZH-TRAINING-TARGET)', () => {
    expectReported(zhuhai, report(2024, { cumulativeWorkerTrainings: 999_999 }), 'ZH-TRAINING-TARGET');
    expectReported(zhuhai, report(2024, { cumulativeWorkerTrainings: 1_000_000 }), 'ZH-TRAINING-TARGET');
    expectNoViolation(zhuhai, report(2024, { cumulativeWorkerTrainings: 1_000_001 }), 'ZH-TRAINING-TARGET');
  });

  it('needs 50 leaders, 20,000 skilled workers and 10,000 outside interns by 2025 (ZH-TALENT-TARGET)', () => {
    const talent = { highSkillLeaders: 50, skilledWorkersAttracted: 20_000, outsideInterns: 10_000 };
    expectNoViolation(zhuhai, report(2025, talent), 'ZH-TALENT-TARGET');
    expectNoViolation(
      zhuhai,
      report(2025, { highSkillLeaders: 51, skilledWorkersAttracted: 20_001, outsideInterns: 10_001 }),
      'ZH-TALENT-TARGET',
    );
    expectReported(zhuhai, report(2025, { ...talent, highSkillLeaders: 49 }), 'ZH-TALENT-TARGET');
    expectReported(zhuhai, report(2025, { ...talent, skilledWorkersAttracted: 19_999 }), 'ZH-TALENT-TARGET');
    expectReported(zhuhai, report(2025, { ...talent, outsideInterns: 9_999 }), 'ZH-TALENT-TARGET');
  });

  it('needs 50 city technical experts every year: 49 are flagged (ZH-COMPETITION)', () => {
    expectReported(zhuhai, report(2023, { cityTechnicalExperts: 49 }), 'ZH-COMPETITION');
    expectNoViolation(zhuhai, report(2023, { cityTechnicalExperts: 50 }), 'ZH-COMPETITION');
    expectNoViolation(zhuhai, report(2026, { cityTechnicalExperts: 51 }), 'ZH-COMPETITION');
  });
});

describe('teachers (ZH)', () => {
  const year = (days: number, isSpecialtyTeacher = true): TeacherYearContext => ({
    type: 'teacher-year',
    year: 2025,
    teacher: {
      isSpecialtyTeacher,
      // days inside 2025, plus ten days of 2024 that do not count
      enterprisePractice: [
        { from: '2024-12-22', to: '2024-12-31' },
        ...(days > 0 ? [{ from: '2025-07-01', to: `2025-07-${String(days).padStart(2, '0')}` }] : []),
      ],
    },
  });

  it('flags a specialty teacher with 29 days of enterprise practice in the year, not 30 or 31 (ZH-TEACHER-PRACTICE)', () => {
    expectReported(zhuhai, year(29), 'ZH-TEACHER-PRACTICE');
    expectNoViolation(zhuhai, year(30), 'ZH-TEACHER-PRACTICE');
    expectNoViolation(zhuhai, year(31), 'ZH-TEACHER-PRACTICE');
    expectNoViolation(zhuhai, year(0, false), 'ZH-TEACHER-PRACTICE');
  });

  const claim = (
    overrides: Partial<DisbursementContext> = {},
    attributes: Record<string, unknown> = {},
  ): DisbursementContext => ({
    type: 'disbursement',
    fundingKey: '技师',
    fundingYear: 1,
    passed: 1,
    perHeadFen: 400_000,
    amountFen: 400_000,
    attributes: {
      employerType: 'private-training-institution',
      industry: 'new-energy',
      promotedBySkillLevelRecognition: true,
      ...attributes,
    },
    ...overrides,
  });

  it('pays 4,000 CNY for a technician and 6,000 CNY for a senior technician, to the fen (ZH-TEACHER-SUBSIDY)', () => {
    expectNoViolation(zhuhai, claim(), 'ZH-TEACHER-SUBSIDY');
    expectViolation(zhuhai, claim({ perHeadFen: 399_999, amountFen: 399_999 }), 'ZH-TEACHER-SUBSIDY');
    expectViolation(zhuhai, claim({ perHeadFen: 400_001, amountFen: 400_001 }), 'ZH-TEACHER-SUBSIDY');
    expectNoViolation(
      zhuhai,
      claim({ fundingKey: '高级技师', perHeadFen: 600_000, amountFen: 600_000 }),
      'ZH-TEACHER-SUBSIDY',
    );
    expectViolation(
      zhuhai,
      claim({ fundingKey: '高级技师', perHeadFen: 599_999, amountFen: 599_999 }),
      'ZH-TEACHER-SUBSIDY',
    );
    expectViolation(
      zhuhai,
      claim({ fundingKey: '高级技师', perHeadFen: 600_001, amountFen: 600_001 }),
      'ZH-TEACHER-SUBSIDY',
    );
    expectViolation(zhuhai, claim({ fundingKey: '首席技师' }), 'ZH-TEACHER-SUBSIDY');
  });

  it('pays private-school teachers in key industries promoted by recognition only (ZH-TEACHER-SUBSIDY)', () => {
    expect(
      expectViolation(
        zhuhai,
        claim({}, { employerType: 'public-vocational-school' }),
        'ZH-TEACHER-SUBSIDY',
      ).map((v) => v.clause),
    ).toEqual(['eligibility']);
    expectViolation(zhuhai, claim({}, { industry: 'real-estate' }), 'ZH-TEACHER-SUBSIDY');
    expectViolation(zhuhai, claim({}, { promotedBySkillLevelRecognition: false }), 'ZH-TEACHER-SUBSIDY');
  });

  it('holds the social-training pay rule as data only: nothing evaluates it (ZH-SOCIAL-TRAINING-PAY)', () => {
    const r = evaluate(zhuhai, claim());
    expect([...r.violations, ...r.reported].some((v) => v.ruleId === 'ZH-SOCIAL-TRAINING-PAY')).toBe(false);
    expect(zhuhai.rules.find((x) => x.id === 'ZH-SOCIAL-TRAINING-PAY')?.disposition).toBe('recorded');
  });
});
