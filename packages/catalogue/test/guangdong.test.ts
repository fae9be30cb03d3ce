import { describe, expect, it } from 'vitest';
import {
  type EnrolmentContext,
  evaluate,
  findCategory,
  type GroupMember,
  type NominationContext,
  type PartnerContext,
} from '../src/index';
import { expectNoViolation, expectReported, expectViolation, guangdong } from './helpers';

// Seed 001: 广东省深化技师学院学制技师培养改革试点工作方案（公开征求意见稿）

const faculty = (n: number, enterpriseMentors: number, seniorExperts: number): GroupMember[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `f${i}`,
    role: i < enterpriseMentors ? 'enterprise-mentor' : 'school-teacher',
    ...(i < seniorExperts
      ? { professionalTitle: '副高级' }
      : { professionalTitle: '中级', skillLevel: '高级工' }),
  }));

const application = (
  attributes: Record<string, unknown> = {},
  members = faculty(20, 6, 5),
): NominationContext => ({
  type: 'nomination',
  category: 'pilot-major',
  programmeYear: 2025,
  selectionDate: '2025-06-01',
  attributes: {
    institutionName: '广州市技师学院',
    institutionBatch: 'high-level-batch-1',
    major: '工业机器人应用与维护',
    servesStrategicCluster: true,
    technicianLevelGap: true,
    integratedPlanApproved: true,
    partnerEnterprises: 2,
    materials: [
      'training-plan',
      'enterprise-qualifications',
      'school-enterprise-agreement',
      'management-plan',
    ],
    ...attributes,
  },
  members,
});

describe('pilot institutions and majors (GD)', () => {
  it('admits first-batch high-level technician colleges only, until a new version widens it (GD-INSTITUTIONS)', () => {
    expectNoViolation(guangdong, application(), 'GD-INSTITUTIONS');
    expectViolation(guangdong, application({ institutionBatch: 'high-level-batch-2' }), 'GD-INSTITUTIONS');
  });

  it('needs 1 or 2 partner enterprises: 0 and 3 are refused (GD-MAJOR)', () => {
    expectViolation(guangdong, application({ partnerEnterprises: 0 }), 'GD-MAJOR');
    expectNoViolation(guangdong, application({ partnerEnterprises: 1 }), 'GD-MAJOR');
    expectNoViolation(guangdong, application({ partnerEnterprises: 2 }), 'GD-MAJOR');
    expectViolation(guangdong, application({ partnerEnterprises: 3 }), 'GD-MAJOR');
  });

  it('needs a 双十 cluster, a technician gap and an approved integrated plan (GD-MAJOR)', () => {
    for (const a of ['servesStrategicCluster', 'technicianLevelGap', 'integratedPlanApproved'])
      expectViolation(guangdong, application({ [a]: false }), 'GD-MAJOR');
  });

  it('refuses a major without a 双十 cluster at intake, citing the rule (GD-MAJOR)', () => {
    const schema = findCategory(guangdong, 'pilot-major')?.attributes();
    const r = schema?.safeParse({ ...application().attributes, servesStrategicCluster: false });
    expect(r?.error?.issues.map((i) => (i as { params?: { ruleId?: string } }).params?.ruleId)).toEqual([
      'GD-MAJOR',
    ]);
  });

  it('needs all four kinds of application materials (GD-MATERIALS)', () => {
    expectNoViolation(guangdong, application(), 'GD-MATERIALS');
    expectViolation(
      guangdong,
      application({
        materials: ['training-plan', 'enterprise-qualifications', 'school-enterprise-agreement'],
      }),
      'GD-MATERIALS',
    );
  });

  it('needs enterprise mentors at 30% of the team: 6 of 20 pass, 5 of 20 do not (GD-FACULTY)', () => {
    expectNoViolation(guangdong, application({}, faculty(20, 7, 5)), 'GD-FACULTY');
    expectNoViolation(guangdong, application({}, faculty(20, 6, 5)), 'GD-FACULTY');
    expect(expectViolation(guangdong, application({}, faculty(20, 5, 5)), 'GD-FACULTY')[0]?.clause).toBe(
      'enterprise-share',
    );
  });

  it('needs 5 senior experts (senior title or technician level): 4 are not enough (GD-FACULTY)', () => {
    expectNoViolation(guangdong, application({}, faculty(20, 6, 6)), 'GD-FACULTY');
    expectNoViolation(guangdong, application({}, faculty(20, 6, 5)), 'GD-FACULTY');
    expect(expectViolation(guangdong, application({}, faculty(20, 6, 4)), 'GD-FACULTY')[0]?.clause).toBe(
      'senior-experts',
    );
  });

  it('counts a technician without a senior title as an expert, and an intermediate title with a senior-worker level not (GD-FACULTY)', () => {
    const members: GroupMember[] = [
      ...faculty(10, 4, 4),
      { id: 'tech', role: 'school-teacher', professionalTitle: '初级', skillLevel: '技师' },
    ];
    expectNoViolation(guangdong, application({}, members), 'GD-FACULTY');
    const without: GroupMember[] = [
      ...faculty(10, 4, 4),
      { id: 'x', role: 'school-teacher', professionalTitle: '中级', skillLevel: '高级工' },
    ];
    expectViolation(guangdong, application({}, without), 'GD-FACULTY');
  });
});

describe('partner enterprises (GD-ENTERPRISE)', () => {
  const partner = (attributes: Record<string, unknown> = {}): PartnerContext => ({
    type: 'partner',
    selectionDate: '2025-06-01',
    attributes: {
      hasScaleAndInfluence: true,
      assignsSeniorMentors: true,
      providesRealPostsAndProjects: true,
      keepsWorkOrderRecords: true,
      joinsAssessment: true,
      canPlaceGraduates: true,
      lastJointProjectOn: '2024-03-01',
      ...attributes,
    },
  });

  it('needs a joint project with a school within the last 3 years: 2022-06-01 counts, 2022-05-31 does not (GD-ENTERPRISE)', () => {
    expectNoViolation(guangdong, partner({ lastJointProjectOn: '2022-06-02' }), 'GD-ENTERPRISE');
    expectNoViolation(guangdong, partner({ lastJointProjectOn: '2022-06-01' }), 'GD-ENTERPRISE');
    expectViolation(guangdong, partner({ lastJointProjectOn: '2022-05-31' }), 'GD-ENTERPRISE');
  });

  it('needs senior mentors, real posts with work-order records, joint assessment and placement (GD-ENTERPRISE)', () => {
    expectNoViolation(guangdong, partner(), 'GD-ENTERPRISE');
    expect(
      expectViolation(guangdong, partner({ keepsWorkOrderRecords: false }), 'GD-ENTERPRISE')[0]?.path,
    ).toBe('attributes.keepsWorkOrderRecords');
  });
});

describe('schooling and mentors (GD)', () => {
  const enrol = (
    entryLevel: string,
    plannedYears: number,
    seniorWorkerStageYears?: number,
  ): EnrolmentContext => ({
    type: 'enrolment',
    entryLevel,
    plannedYears,
    ...(seniorWorkerStageYears !== undefined ? { seniorWorkerStageYears } : {}),
    mentors: [
      { role: 'enterprise-mentor', personId: 'e1' },
      { role: 'school-mentor', personId: 's1' },
    ],
  });

  it('sets 6 years from junior high with a 4-year senior-worker stage; 5 and 7 are refused (GD-SCHOOLING)', () => {
    expectNoViolation(guangdong, enrol('junior-high', 6, 4), 'GD-SCHOOLING');
    expectViolation(guangdong, enrol('junior-high', 5, 4), 'GD-SCHOOLING');
    expectViolation(guangdong, enrol('junior-high', 7, 4), 'GD-SCHOOLING');
    expectViolation(guangdong, enrol('junior-high', 6, 3), 'GD-SCHOOLING');
  });

  it('sets 4 / 3 / 2 / 1 years from senior high, secondary vocational, higher vocational and a degree (GD-SCHOOLING)', () => {
    expectNoViolation(guangdong, enrol('senior-high', 4, 2), 'GD-SCHOOLING');
    expectNoViolation(guangdong, enrol('secondary-vocational', 3, 2), 'GD-SCHOOLING');
    expectNoViolation(guangdong, enrol('higher-vocational', 2), 'GD-SCHOOLING');
    expectViolation(guangdong, enrol('higher-vocational', 2, 1), 'GD-SCHOOLING');
    expectNoViolation(guangdong, enrol('bachelor-or-above', 1), 'GD-SCHOOLING');
    expectViolation(guangdong, enrol('bachelor-or-above', 2), 'GD-SCHOOLING');
    expectViolation(guangdong, enrol('primary', 9), 'GD-SCHOOLING');
  });

  it('gives every student an enterprise mentor and a school mentor (GD-DUAL-MENTOR)', () => {
    expectNoViolation(guangdong, enrol('senior-high', 4, 2), 'GD-DUAL-MENTOR');
    expectViolation(
      guangdong,
      { ...enrol('senior-high', 4, 2), mentors: [{ role: 'school-mentor', personId: 's1' }] },
      'GD-DUAL-MENTOR',
    );
  });
});

describe('outcomes and the application flow (GD)', () => {
  const report = (metrics: Record<string, number>) =>
    ({
      type: 'report',
      year: 2027,
      scope: 'pilot-major',
      metrics: {
        graduates: 100,
        graduatesAtTechnicianLevel: 85,
        employedGraduates: 100,
        matchedEmployment: 70,
        paidAboveTechnicianPay: 70,
        ...metrics,
      },
    }) as const;

  it('flags 79% of graduates at technician level, not 80% or 81% (GD-OUTCOME)', () => {
    expectReported(guangdong, report({ graduatesAtTechnicianLevel: 79 }), 'GD-OUTCOME');
    expectNoViolation(guangdong, report({ graduatesAtTechnicianLevel: 80 }), 'GD-OUTCOME');
    expectNoViolation(guangdong, report({ graduatesAtTechnicianLevel: 81 }), 'GD-OUTCOME');
    expect(evaluate(guangdong, report({ graduatesAtTechnicianLevel: 10 })).ok).toBe(true);
  });

  it('flags matched employment below 60% and accepts exactly 60% (GD-EMPLOYMENT)', () => {
    expectReported(guangdong, report({ matchedEmployment: 59 }), 'GD-EMPLOYMENT');
    expectNoViolation(guangdong, report({ matchedEmployment: 60 }), 'GD-EMPLOYMENT');
    expectNoViolation(guangdong, report({ matchedEmployment: 61 }), 'GD-EMPLOYMENT');
  });

  it('needs more than 60% paid above technician pay: exactly 60% is flagged, 61% is not (GD-EMPLOYMENT)', () => {
    expectReported(guangdong, report({ paidAboveTechnicianPay: 59 }), 'GD-EMPLOYMENT');
    expectReported(guangdong, report({ paidAboveTechnicianPay: 60 }), 'GD-EMPLOYMENT');
    expectNoViolation(guangdong, report({ paidAboveTechnicianPay: 61 }), 'GD-EMPLOYMENT');
  });

  it('publicises for 5 working days: 4 are refused, 5 and 6 accepted (GD-APPLY-FLOW)', () => {
    const publicity = (workingDays: number) =>
      ({ type: 'publicity', stage: 'publicity', workingDays }) as const;
    expectViolation(guangdong, publicity(4), 'GD-APPLY-FLOW');
    expectNoViolation(guangdong, publicity(5), 'GD-APPLY-FLOW');
    expectNoViolation(guangdong, publicity(6), 'GD-APPLY-FLOW');
  });

  it('runs notice → research → submission → evaluation → publicity → official list → filing (GD-APPLY-FLOW)', () => {
    const move = (from: string | null, to: string) => ({ type: 'stage-transition', from, to }) as const;
    expectNoViolation(guangdong, move(null, 'notice'), 'GD-APPLY-FLOW');
    expectNoViolation(guangdong, move('evaluation', 'publicity'), 'GD-APPLY-FLOW');
    expectNoViolation(guangdong, move('official-list', 'filing'), 'GD-APPLY-FLOW');
    expectViolation(guangdong, move('evaluation', 'official-list'), 'GD-APPLY-FLOW');
    expectViolation(guangdong, move('filing', 'notice'), 'GD-APPLY-FLOW');
  });
});
