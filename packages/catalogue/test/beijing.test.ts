import { describe, expect, it } from 'vitest';
import { evaluate, type GroupMember, type NominationContext, nominationContext } from '../src/index';
import { beijing, expectNoViolation, expectReported, expectViolation } from './helpers';

// Seed 004: 北京市技工院校高水平工匠之师培养工程实施方案

const SELECTION = '2026-06-15';

const teacher = (
  category: 'master-teacher' | 'leader' | 'backbone',
  nominee: Partial<NonNullable<NominationContext['nominee']>> = {},
  attributes: Record<string, unknown> = {},
): NominationContext => {
  const defaults: Record<string, Record<string, unknown>> = {
    'master-teacher': { achievements: ['city-honour'] },
    leader: {
      ledCityResearchOn: '2025-01-10',
      bestCompetitionResult: 'city-first',
      enterpriseExperience: [{ from: '2015-01-01', to: '2017-12-31' }],
    },
    backbone: {},
  };
  const base = nominationContext(beijing, {
    category,
    programmeYear: 2026,
    selectionDate: SELECTION,
    nominee: {
      birthDate: '1985-04-01',
      gender: 'female',
      education: '本科',
      professionalTitle: '副高级',
      skillLevel: '高级技师',
    },
    attributes: {
      school: '北京市工业技师学院',
      isSpecialtyTeacher: true,
      teachingStartedOn: '2008-09-01',
      enterprisePractice: [{ from: '2023-01-01', to: '2023-12-31' }],
      ...defaults[category],
      ...attributes,
    },
  });
  return { ...base, nominee: { ...base.nominee, ...nominee } };
};

describe('工匠名师 (BJ-MASTER-TEACHER)', () => {
  it('admits a candidate of 50 on the selection date, to the last day before 51 (BJ-MASTER-TEACHER)', () => {
    expectNoViolation(beijing, teacher('master-teacher', { birthDate: '1976-06-15' }), 'BJ-MASTER-TEACHER'); // exactly 50
    expectNoViolation(beijing, teacher('master-teacher', { birthDate: '1975-06-16' }), 'BJ-MASTER-TEACHER'); // 50, 51 tomorrow
    const [v] = expectViolation(
      beijing,
      teacher('master-teacher', { birthDate: '1975-06-15' }),
      'BJ-MASTER-TEACHER',
    ); // 51 today
    expect(v).toMatchObject({ clause: 'age', relaxable: true, path: 'nominee.birthDate' });
  });

  it('relaxes “一般不超过50岁” only by an override of the age clause, audited (BJ-MASTER-TEACHER)', () => {
    const over = teacher('master-teacher', { birthDate: '1974-01-01' });
    const wrongClause = evaluate(beijing, over, {
      overrides: [{ ruleId: 'BJ-MASTER-TEACHER', clause: 'education', by: 'r', reason: 'x' }],
    });
    expect(wrongClause.violations.map((v) => v.clause)).toEqual(['age']);
    const relaxed = evaluate(beijing, over, {
      overrides: [{ ruleId: 'BJ-MASTER-TEACHER', clause: 'age', by: 'reviewer-2', reason: '国家级技能大师' }],
    });
    expect(relaxed.ok).toBe(true);
    expect(relaxed.overridden).toEqual([expect.objectContaining({ clause: 'age', by: 'reviewer-2' })]);
  });

  it('holds a junior-college degree as relaxable for the exceptional (BJ-MASTER-TEACHER)', () => {
    const [v] = expectViolation(
      beijing,
      teacher('master-teacher', { education: '大专' }),
      'BJ-MASTER-TEACHER',
    );
    expect(v).toMatchObject({ clause: 'education', relaxable: true });
    expectNoViolation(beijing, teacher('master-teacher', { education: '硕士' }), 'BJ-MASTER-TEACHER');
  });

  it('needs 10 full years of teaching on the selection date: 10 pass, a day short does not (BJ-MASTER-TEACHER)', () => {
    expectNoViolation(
      beijing,
      teacher('master-teacher', {}, { teachingStartedOn: '2016-06-14' }),
      'BJ-MASTER-TEACHER',
    );
    expectNoViolation(
      beijing,
      teacher('master-teacher', {}, { teachingStartedOn: '2016-06-15' }),
      'BJ-MASTER-TEACHER',
    );
    const [v] = expectViolation(
      beijing,
      teacher('master-teacher', {}, { teachingStartedOn: '2016-06-16' }),
      'BJ-MASTER-TEACHER',
    );
    expect(v).toMatchObject({ clause: 'teaching', relaxable: false });
  });

  it('needs an associate-senior title or a senior-technician level (BJ-MASTER-TEACHER)', () => {
    expectNoViolation(
      beijing,
      teacher('master-teacher', { professionalTitle: '中级', skillLevel: '高级技师' }),
      'BJ-MASTER-TEACHER',
    );
    expectNoViolation(
      beijing,
      teacher('master-teacher', { professionalTitle: '正高级', skillLevel: '技师' }),
      'BJ-MASTER-TEACHER',
    );
    expectViolation(
      beijing,
      teacher('master-teacher', { professionalTitle: '中级', skillLevel: '技师' }),
      'BJ-MASTER-TEACHER',
    );
  });

  it('needs 6 months (180 days) of enterprise practice in the 5 years before selection from a specialty teacher (BJ-MASTER-TEACHER)', () => {
    // window 2021-06-15 .. 2026-06-14
    const practice = (from: string, to: string) =>
      teacher('master-teacher', {}, { enterprisePractice: [{ from, to }] });
    expectNoViolation(beijing, practice('2024-01-01', '2024-06-29'), 'BJ-MASTER-TEACHER'); // 181 days
    expectNoViolation(beijing, practice('2024-01-01', '2024-06-28'), 'BJ-MASTER-TEACHER'); // 180 days
    expectViolation(beijing, practice('2024-01-01', '2024-06-27'), 'BJ-MASTER-TEACHER'); // 179 days
    // only days inside the window count: 2021-01-01..2021-06-14 is outside
    expectViolation(beijing, practice('2021-01-01', '2021-12-10'), 'BJ-MASTER-TEACHER'); // 179 days inside
    expectNoViolation(beijing, practice('2021-01-01', '2021-12-11'), 'BJ-MASTER-TEACHER'); // 180 days inside
  });

  it('asks no enterprise practice of a teacher who is not a specialty teacher (BJ-MASTER-TEACHER)', () => {
    expectNoViolation(
      beijing,
      teacher('master-teacher', {}, { isSpecialtyTeacher: false, enterprisePractice: [] }),
      'BJ-MASTER-TEACHER',
    );
  });

  it('needs concluded city research, a city first prize or a city honour (BJ-MASTER-TEACHER)', () => {
    expectViolation(beijing, teacher('master-teacher', {}, { achievements: [] }), 'BJ-MASTER-TEACHER');
    expectNoViolation(
      beijing,
      teacher('master-teacher', {}, { achievements: ['city-research-concluded'] }),
      'BJ-MASTER-TEACHER',
    );
  });
});

describe('匠师带头人 (BJ-LEADER)', () => {
  it('admits 50 and refuses 51 on the selection date, relaxably (BJ-LEADER)', () => {
    expectNoViolation(beijing, teacher('leader', { birthDate: '1976-06-15' }), 'BJ-LEADER');
    expect(
      expectViolation(beijing, teacher('leader', { birthDate: '1975-06-15' }), 'BJ-LEADER')[0],
    ).toMatchObject({
      clause: 'age',
      relaxable: true,
    });
  });

  it('relaxes the education requirement for the exceptional too, as the seed says (BJ-LEADER)', () => {
    expect(expectViolation(beijing, teacher('leader', { education: '大专' }), 'BJ-LEADER')[0]).toMatchObject({
      clause: 'education',
      relaxable: true,
    });
  });

  it('needs 5 full years of teaching (BJ-LEADER)', () => {
    expectNoViolation(beijing, teacher('leader', {}, { teachingStartedOn: '2021-06-14' }), 'BJ-LEADER');
    expectNoViolation(beijing, teacher('leader', {}, { teachingStartedOn: '2021-06-15' }), 'BJ-LEADER');
    expectViolation(beijing, teacher('leader', {}, { teachingStartedOn: '2021-06-16' }), 'BJ-LEADER');
  });

  it('needs an associate-senior title: a senior-technician level alone is not enough (BJ-LEADER)', () => {
    expectViolation(
      beijing,
      teacher('leader', { professionalTitle: '中级', skillLevel: '高级技师' }),
      'BJ-LEADER',
    );
  });

  it('needs a technician level or above from a specialty teacher only (BJ-LEADER)', () => {
    expectViolation(beijing, teacher('leader', { skillLevel: '高级工' }), 'BJ-LEADER');
    expectNoViolation(beijing, teacher('leader', { skillLevel: '技师' }), 'BJ-LEADER');
    expectNoViolation(
      beijing,
      teacher('leader', { skillLevel: undefined }, { isSpecialtyTeacher: false }),
      'BJ-LEADER',
    );
  });

  it('needs city research led within the last 3 years: 2023-06-15 counts, 2023-06-14 does not (BJ-LEADER)', () => {
    expectNoViolation(beijing, teacher('leader', {}, { ledCityResearchOn: '2023-06-16' }), 'BJ-LEADER');
    expectNoViolation(beijing, teacher('leader', {}, { ledCityResearchOn: '2023-06-15' }), 'BJ-LEADER');
    expectViolation(beijing, teacher('leader', {}, { ledCityResearchOn: '2023-06-14' }), 'BJ-LEADER');
    expectViolation(beijing, teacher('leader', {}, { ledCityResearchOn: undefined }), 'BJ-LEADER');
  });

  it('needs 2 years (720 days) of enterprise work or service (BJ-LEADER)', () => {
    const experience = (to: string) =>
      teacher('leader', {}, { enterpriseExperience: [{ from: '2020-01-01', to }] });
    expectViolation(beijing, experience('2021-12-19'), 'BJ-LEADER'); // 719 days
    expectNoViolation(beijing, experience('2021-12-20'), 'BJ-LEADER'); // 720 days
    expectNoViolation(beijing, experience('2021-12-21'), 'BJ-LEADER'); // 721 days
  });

  it('needs a city first prize or a national second prize or above (BJ-LEADER)', () => {
    for (const r of ['city-first', 'national-second', 'national-first'])
      expectNoViolation(beijing, teacher('leader', {}, { bestCompetitionResult: r }), 'BJ-LEADER');
    for (const r of ['city-second', 'national-third', 'none'])
      expectViolation(beijing, teacher('leader', {}, { bestCompetitionResult: r }), 'BJ-LEADER');
  });
});

describe('优秀骨干匠师 (BJ-BACKBONE)', () => {
  it('admits 45 and refuses 46 on the selection date (BJ-BACKBONE)', () => {
    expectNoViolation(beijing, teacher('backbone', { birthDate: '1981-06-15' }), 'BJ-BACKBONE');
    expectNoViolation(beijing, teacher('backbone', { birthDate: '1980-06-16' }), 'BJ-BACKBONE');
    expectViolation(beijing, teacher('backbone', { birthDate: '1980-06-15' }), 'BJ-BACKBONE');
  });

  it('needs 5 years of teaching and an intermediate title (BJ-BACKBONE)', () => {
    expectViolation(beijing, teacher('backbone', {}, { teachingStartedOn: '2021-06-16' }), 'BJ-BACKBONE');
    expectNoViolation(beijing, teacher('backbone', {}, { teachingStartedOn: '2021-06-15' }), 'BJ-BACKBONE');
    expectNoViolation(beijing, teacher('backbone', { professionalTitle: '中级' }), 'BJ-BACKBONE');
    expectViolation(beijing, teacher('backbone', { professionalTitle: '初级' }), 'BJ-BACKBONE');
  });

  it('needs a senior-worker level or above from a specialty teacher (BJ-BACKBONE)', () => {
    expectNoViolation(beijing, teacher('backbone', { skillLevel: '高级工' }), 'BJ-BACKBONE');
    expectViolation(beijing, teacher('backbone', { skillLevel: '中级工' }), 'BJ-BACKBONE');
  });

  it('relaxes the education requirement for the exceptional, as the seed says (BJ-BACKBONE)', () => {
    expect(
      expectViolation(beijing, teacher('backbone', { education: '大专' }), 'BJ-BACKBONE')[0]?.relaxable,
    ).toBe(true);
  });
});

describe('优秀匠师团队 (BJ-TEAM)', () => {
  const members = (n: number, fullTime: number, leader: Partial<GroupMember> = {}): GroupMember[] =>
    Array.from({ length: n }, (_, i) =>
      i === 0
        ? { id: 'm0', role: 'full-time-teacher', isLeader: true, professionalTitle: '副高级', ...leader }
        : { id: `m${i}`, role: i < fullTime ? 'full-time-teacher' : 'enterprise-staff' },
    );
  const team = (m: GroupMember[]): NominationContext => ({
    type: 'nomination',
    category: 'team',
    programmeYear: 2026,
    selectionDate: SELECTION,
    attributes: { school: '北京市工业技师学院', specialty: '智能制造' },
    members: m,
  });

  it('accepts 14 and 15 members and holds a 16th as relaxable: 原则上不多于15名 (BJ-TEAM)', () => {
    expectNoViolation(beijing, team(members(14, 10)), 'BJ-TEAM');
    expectNoViolation(beijing, team(members(15, 10)), 'BJ-TEAM');
    const [v] = expectViolation(beijing, team(members(16, 10)), 'BJ-TEAM');
    expect(v).toMatchObject({ clause: 'size', relaxable: true });
  });

  it('needs a leader with an associate-senior title or a senior-technician level (BJ-TEAM)', () => {
    expectNoViolation(
      beijing,
      team(members(10, 8, { professionalTitle: '中级', skillLevel: '高级技师' })),
      'BJ-TEAM',
    );
    expectViolation(
      beijing,
      team(members(10, 8, { professionalTitle: '中级', skillLevel: '技师' })),
      'BJ-TEAM',
    );
    expectViolation(beijing, team(members(10, 8, { isLeader: false })), 'BJ-TEAM');
  });

  it('flags a team that is not mostly full-time teachers: 8 of 15 pass, 7 of 14 are flagged (BJ-TEAM)', () => {
    expectNoViolation(beijing, team(members(15, 8)), 'BJ-TEAM');
    expectReported(beijing, team(members(14, 7)), 'BJ-TEAM');
    expect(evaluate(beijing, team(members(14, 7))).ok).toBe(true);
  });
});

describe('rounds, targets, flow and plans (BJ)', () => {
  it('selects every 2 years, about 5 / 15 / 30 / 8: a 6th master teacher is flagged, never refused (BJ-ROUND)', () => {
    expect(beijing.calendar.cycleYears).toBe(2);
    expect(beijing.categories.map((c) => [c.id, c.quotaPerCycle])).toEqual([
      ['master-teacher', 5],
      ['leader', 15],
      ['backbone', 30],
      ['team', 8],
    ]);
    const selected = (n: number) => ({ type: 'selection', category: 'master-teacher', selected: n }) as const;
    expectNoViolation(beijing, selected(4), 'BJ-ROUND');
    expectNoViolation(beijing, selected(5), 'BJ-ROUND');
    expectReported(beijing, selected(6), 'BJ-ROUND');
  });

  it('flags 19 master teachers in 2030 but not 20, and nothing before 2030 (BJ-TARGETS)', () => {
    const report = (year: number, masters: number) =>
      ({
        type: 'report',
        year,
        scope: 'programme',
        metrics: {
          'selected.master-teacher': masters,
          'selected.leader': 60,
          'selected.backbone': 120,
          'selected.team': 30,
        },
      }) as const;
    expectReported(beijing, report(2030, 19), 'BJ-TARGETS');
    expectNoViolation(beijing, report(2030, 20), 'BJ-TARGETS');
    expectNoViolation(beijing, report(2030, 21), 'BJ-TARGETS');
    expectNoViolation(beijing, report(2029, 4), 'BJ-TARGETS');
  });

  it('moves through the selection flow in order, without skipping the school publicity (BJ-SELECTION-FLOW)', () => {
    const move = (from: string | null, to: string) => ({ type: 'stage-transition', from, to }) as const;
    expectNoViolation(beijing, move(null, 'school-recommendation'), 'BJ-SELECTION-FLOW');
    expectNoViolation(beijing, move('school-recommendation', 'school-publicity'), 'BJ-SELECTION-FLOW');
    expectNoViolation(beijing, move('publicity', 'confirmed'), 'BJ-SELECTION-FLOW');
    expectViolation(beijing, move('school-recommendation', 'qualification-review'), 'BJ-SELECTION-FLOW');
    expectViolation(beijing, move('provisional-list', 'confirmed'), 'BJ-SELECTION-FLOW');
  });

  it('accepts projects of 2 to 3 years and refuses a day less or more (BJ-PLAN)', () => {
    const plan = (endsOn: string) => ({ type: 'project-plan', startsOn: '2024-09-01', endsOn }) as const;
    expectViolation(beijing, plan('2026-08-30'), 'BJ-PLAN');
    expectNoViolation(beijing, plan('2026-08-31'), 'BJ-PLAN');
    expectNoViolation(beijing, plan('2027-08-31'), 'BJ-PLAN');
    expectViolation(beijing, plan('2027-09-01'), 'BJ-PLAN');
  });
});
