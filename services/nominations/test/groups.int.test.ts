import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { residentIdFor } from '../../../test/support/people';
import { handler } from '../src/handlers/api';
import { member, teamNominationBody, teamOf } from './team-samples';

// Integration: team (Beijing 优秀匠师团队, BJ-TEAM) and institution (Guangdong pilot majors,
// GD-FACULTY, GD-ENTERPRISE, GD-MAJOR) nominations, evaluated by the rule engine at intake.

const bjAdmin: Caller = { agency: 'beijing', roles: ['admin'], user: 'bj-admin' };
const bjReviewer: Caller = { agency: 'beijing', roles: ['reviewer'], user: 'bj-reviewer' };
const gdAdmin: Caller = { agency: 'guangdong', roles: ['admin'], user: 'gd-admin' };
const gdReviewer: Caller = { agency: 'guangdong', roles: ['reviewer'], user: 'gd-reviewer' };

const call = async (input: EventInput) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('nominations')));

const openCycle = async (caller: Caller, programmeId: string) => {
  const cycleId = `c-${randomUUID().slice(0, 8)}`;
  const r = await call({
    method: 'POST',
    route: '/cycles',
    body: {
      cycleId,
      programmeId,
      year: 2026,
      selectionDate: '2026-05-31',
      ...(programmeId.startsWith('beijing') ? { stages: { publicity: { workingDays: 5 } } } : {}),
    },
    caller,
  });
  expect(r.status).toBe(201);
  return cycleId;
};

const teamNomination = async (team: unknown, extra: Record<string, unknown> = {}) =>
  call({
    method: 'POST',
    route: '/nominations',
    body: {
      programmeId: 'beijing-craftsman-teachers',
      cycleId: await openCycle(bjAdmin, 'beijing-craftsman-teachers'),
      category: 'team',
      unitId: 'bj-school-01',
      team,
      attributes: { school: '北京市工业技师学院', specialty: '数控技术应用' },
      ...extra,
    },
    caller: bjAdmin,
  });

describe('team nominations (BJ-TEAM)', () => {
  it('takes a team of 15 with a leader holding an associate-senior title', async () => {
    const team = teamOf(15);
    const r = await teamNomination(team);
    expect(r.status).toBe(201);
    expect(r.body.nomineeKind).toBe('team');
    expect(r.body.nominee).toBeUndefined();
    expect(r.body.team.members).toHaveLength(15);
    expect(r.body.eligibility.status).toBe('eligible');
    // the admin sees member IDs; a reviewer sees them masked (X-RESIDENT-ID)
    expect(r.body.team.members[0].residentId).toBe(team.members[0]?.residentId);
    const masked = await call({
      method: 'GET',
      route: '/nominations/{nominationId}',
      pathParameters: { nominationId: r.body.nominationId },
      caller: bjReviewer,
    });
    expect(masked.body.team.members[0].residentId).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(masked.raw).not.toContain(team.members[0]?.residentId);
  });

  it('holds a team of 16 for a reviewer override: 原则上不多于15名 (BJ-TEAM)', async () => {
    const r = await teamNomination(teamOf(16));
    expect(r.status).toBe(201);
    expect(r.body.eligibility.status).toBe('needs-override');
    expect(r.body.eligibility.pending).toEqual([
      expect.objectContaining({ ruleId: 'BJ-TEAM', clause: 'size', path: 'team.members' }),
    ]);
    const o = await call({
      method: 'POST',
      route: '/nominations/{nominationId}/overrides',
      pathParameters: { nominationId: r.body.nominationId },
      body: { ruleId: 'BJ-TEAM', clause: 'size', reason: '跨专业团队，核心成员16名确有必要' },
      caller: bjReviewer,
    });
    expect(o.status).toBe(200);
    expect(o.body.eligibility.status).toBe('eligible');
  });

  it('refuses a leader with neither an associate-senior title nor senior technician level (BJ-TEAM)', async () => {
    const r = await teamNomination(teamOf(5, { professionalTitle: '中级', skillLevel: '技师' }));
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({ ruleId: 'BJ-TEAM', field: 'body.team.members[0].professionalTitle' }),
    );
  });

  it('takes a leader who is a senior technician without the title (BJ-TEAM: 或高级技师及以上)', async () => {
    expect((await teamNomination(teamOf(5, { skillLevel: '高级技师' }))).status).toBe(201);
  });

  it('needs exactly one leader and no one twice (P-MEMBERS)', async () => {
    const noLeader = teamOf(3);
    noLeader.members[0] = { ...noLeader.members[0], isLeader: false } as never;
    const r = await teamNomination(noLeader);
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({ field: 'body.team.members', ruleId: 'P-MEMBERS' }),
    );
    const twice = teamOf(3);
    twice.members[2] = { ...twice.members[1] } as never;
    const d = await teamNomination(twice);
    expect(d.status).toBe(422);
    expect(d.body.errors).toContainEqual(
      expect.objectContaining({ field: 'body.team.members[2].residentId', ruleId: 'P-MEMBERS' }),
    );
  });

  it('checks member resident IDs (X-RESIDENT-ID)', async () => {
    const team = teamOf(3);
    const bad = team.members[1]?.residentId as string;
    team.members[1] = {
      ...team.members[1],
      residentId: bad.slice(0, 17) + (bad.endsWith('0') ? '1' : '0'),
    } as never;
    const r = await teamNomination(team);
    expect(r.status).toBe(422);
    expect(r.body.ruleId).toBe('X-RESIDENT-ID');
  });

  it('refuses a person where the category nominates a team, and a team without members (P-NOMINEE-KIND)', async () => {
    const none = await teamNomination(undefined);
    expect(none.status).toBe(422);
    expect(none.body.errors).toContainEqual(
      expect.objectContaining({ field: 'body.team', ruleId: 'P-NOMINEE-KIND' }),
    );
    const person = await teamNomination(teamOf(3), {
      nominee: {
        name: '王小明',
        residentId: residentIdFor('1985-04-02', 13),
        phone: '13812345678',
        employer: '学校',
        occupation: '教师',
        skillLevel: '高级技师',
      },
    });
    expect(person.status).toBe(422);
    expect(person.body.errors).toContainEqual(
      expect.objectContaining({ field: 'body.nominee', ruleId: 'P-NOMINEE-KIND' }),
    );
  });

  it('nominates a team of a unit once per cycle: 10 concurrent → one 201 (P-ONE-NOMINATION-PER-CYCLE)', async () => {
    const cycleId = await openCycle(bjAdmin, 'beijing-craftsman-teachers');
    const team = teamOf(4);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        call({
          method: 'POST',
          route: '/nominations',
          body: teamNominationBody(cycleId, team, 'bj-school-02'),
          caller: bjAdmin,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    expect(results.find((r) => r.status === 409)?.body.field).toBe('team.name');
  });
});

const partner = (extra: Record<string, unknown> = {}) => ({
  name: '广州某数控机床有限公司',
  creditCode: '91440101MA5CXXXX0X'.replace(/X/g, '1'),
  attributes: {
    hasScaleAndInfluence: true,
    assignsSeniorMentors: true,
    providesRealPostsAndProjects: true,
    keepsWorkOrderRecords: true,
    joinsAssessment: true,
    canPlaceGraduates: true,
    lastJointProjectOn: '2024-09-01',
    ...extra,
  },
});

/** 10 people: `mentors` enterprise mentors, `seniors` of them and the teachers with 副高级. */
const faculty = (mentors: number, seniors: number) =>
  Array.from({ length: 10 }, (_, i) =>
    member(
      i < mentors ? 'enterprise-mentor' : 'full-time-teacher',
      i < seniors ? { professionalTitle: '副高级' } : {},
    ),
  );

const application = async (institution: unknown, attributes: Record<string, unknown> = {}) =>
  call({
    method: 'POST',
    route: '/nominations',
    body: {
      programmeId: 'guangdong-diploma-technician',
      cycleId: await openCycle(gdAdmin, 'guangdong-diploma-technician'),
      category: 'pilot-major',
      unitId: 'gd-college-01',
      institution,
      attributes: {
        institutionName: '广州市技师学院',
        institutionBatch: 'high-level-batch-1',
        major: '数控加工',
        servesStrategicCluster: true,
        technicianLevelGap: true,
        integratedPlanApproved: true,
        partnerEnterprises: 1,
        materials: [
          'training-plan',
          'enterprise-qualifications',
          'school-enterprise-agreement',
          'management-plan',
        ],
        ...attributes,
      },
    },
    caller: gdAdmin,
  });

describe('institution applications (GD-FACULTY, GD-ENTERPRISE, GD-MAJOR)', () => {
  it('takes an application with 3 of 10 enterprise mentors and 5 seniors (GD-FACULTY at its boundaries)', async () => {
    const r = await application({ faculty: faculty(3, 5), partners: [partner()] });
    expect(r.status).toBe(201);
    expect(r.body.nomineeKind).toBe('institution');
    expect(r.body.eligibility.status).toBe('eligible');
    const asReviewer = await call({
      method: 'GET',
      route: '/nominations/{nominationId}',
      pathParameters: { nominationId: r.body.nominationId },
      caller: gdReviewer,
    });
    expect(asReviewer.body.institution.faculty[0].residentId).toContain('********');
  });

  it('refuses 2 of 10 enterprise mentors: under 30% (GD-FACULTY)', async () => {
    const r = await application({ faculty: faculty(2, 5), partners: [partner()] });
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({
        ruleId: 'GD-FACULTY',
        field: expect.stringMatching(/^body\.institution\.faculty/),
      }),
    );
  });

  it('refuses 4 senior members: at least 5 hold 副高级 or 技师 (GD-FACULTY)', async () => {
    const r = await application({ faculty: faculty(3, 4), partners: [partner()] });
    expect(r.status).toBe(422);
    expect(r.body.ruleId).toBe('GD-FACULTY');
  });

  it('checks each partner enterprise in its own context, naming the partner (GD-ENTERPRISE)', async () => {
    const r = await application({
      faculty: faculty(3, 5),
      partners: [partner({ keepsWorkOrderRecords: false })],
    });
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({
        ruleId: 'GD-ENTERPRISE',
        field: expect.stringMatching(/^body\.institution\.partners\[0\]\.attributes/),
      }),
    );
  });

  it('needs a joint project with a school in the last 3 years (GD-ENTERPRISE)', async () => {
    const r = await application({
      faculty: faculty(3, 5),
      partners: [partner({ lastJointProjectOn: '2023-05-30' })],
    });
    expect(r.status).toBe(422);
    expect(r.body.ruleId).toBe('GD-ENTERPRISE');
    const ok = await application({
      faculty: faculty(3, 5),
      partners: [partner({ lastJointProjectOn: '2023-05-31' })],
    });
    expect(ok.status).toBe(201);
  });

  it('refuses a college outside the first high-level batch (GD-INSTITUTIONS) and 3 partners (GD-MAJOR)', async () => {
    const batch = await application(
      { faculty: faculty(3, 5), partners: [partner()] },
      { institutionBatch: 'technician-college' },
    );
    expect(batch.status).toBe(422);
    expect(batch.body.ruleId).toBe('GD-INSTITUTIONS');
    const three = await application(
      { faculty: faculty(3, 5), partners: [partner()] },
      { partnerEnterprises: 3 },
    );
    expect(three.status).toBe(422);
    expect(three.body.errors).toContainEqual(
      expect.objectContaining({ ruleId: 'GD-MAJOR', field: 'body.attributes.partnerEnterprises' }),
    );
  });
});
