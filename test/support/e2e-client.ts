/**
 * The end-to-end tests' HTTP client against a running local stack: requests with the agencies'
 * tokens, the virtual clock, and the selection steps every programme's cycle goes through.
 */
import type { LocalStack } from '@talent/local';
import { expect } from 'vitest';

export const applicationBody = (cycleId: string, unitId: string, major: string) => ({
  programmeId: 'guangdong-diploma-technician',
  cycleId,
  category: 'pilot-major',
  unitId,
  institution: {
    faculty: Array.from({ length: 10 }, (_, i) => ({
      name: '李老师',
      role: i < 3 ? 'enterprise-mentor' : 'full-time-teacher',
      ...(i < 5 ? { professionalTitle: '副高级' } : {}),
    })),
    partners: [
      {
        name: '广州某数控机床有限公司',
        attributes: {
          hasScaleAndInfluence: true,
          assignsSeniorMentors: true,
          providesRealPostsAndProjects: true,
          keepsWorkOrderRecords: true,
          joinsAssessment: true,
          canPlaceGraduates: true,
          lastJointProjectOn: '2025-09-01',
        },
      },
    ],
  },
  attributes: {
    institutionName: `${unitId} 技师学院`,
    institutionBatch: 'high-level-batch-1',
    major,
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
  },
});

let person = 0;
/** A man born in 1985 (eligible for every age rule of the seeds in 2026), a fresh one each call. */
export const personId = () => {
  const first17 = `110105198503${String(10 + (person % 18)).padStart(2, '0')}${String(101 + 2 * person++).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, d, i) => a + Number(d) * (weights[i] as number), 0);
  return first17 + '10X98765432'[sum % 11];
};
export const nominee = (occupation: string) => ({
  name: '王师傅',
  residentId: personId(),
  phone: '13812345678',
  employer: '某装备制造有限公司',
  occupation,
  skillLevel: '高级技师',
});

/** A Beijing team nomination (优秀匠师团队) of six members, the leader with an associate-senior title. */
export const beijingTeamNomination = (cycleId: string) => ({
  programmeId: 'beijing-craftsman-teachers',
  cycleId,
  category: 'team',
  unitId: 'bj-school-01',
  team: {
    name: '数控技术教师团队',
    members: Array.from({ length: 6 }, (_, i) => ({
      name: '李老师',
      residentId: personId(),
      role: i === 5 ? 'enterprise-staff' : 'full-time-teacher',
      isLeader: i === 0,
      ...(i === 0 ? { professionalTitle: '副高级' } : {}),
    })),
  },
  attributes: { school: '北京市工业技师学院', specialty: '数控技术应用' },
});

/** `getStack` is read at each call (the stack starts in `beforeAll`); `tokens` are the agencies' admin tokens. */
export const e2eClient = (getStack: () => LocalStack, tokens: Record<string, string>) => {
  const request = async (method: string, path: string, token?: string, body?: unknown) => {
    const r = await fetch(`${getStack().url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };

  const advanceTo = async (to: string) => {
    const r = await request('POST', '/_local/clock', undefined, { to });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const advance = async (duration: string) => {
    const r = await request('POST', '/_local/clock', undefined, { advance: duration });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const cycle = async (agency: string, cycleId: string) => {
    const r = await request('GET', `/cycles/${cycleId}`, tokens[agency]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  /** Nominate and submit. */
  const nominate = async (agency: string, body: Record<string, unknown>) => {
    const created = await request('POST', '/nominations', tokens[agency], body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.nominationId as string;
    expect((await request('POST', `/nominations/${id}/submit`, tokens[agency])).status).toBe(200);
    return id;
  };

  /** Nominate and submit, then review and decide at once (programmes without a review stage). */
  const selectOne = async (agency: string, body: Record<string, unknown>) =>
    reviewAndDecide(agency, await nominate(agency, body));

  /** Review (one registered reviewer, assigned) and decide: a recommended nomination. */
  const reviewAndDecide = async (agency: string, id: string) => {
    const reviewerId = `${agency}-expert`;
    const registered = await request('POST', '/reviewers', tokens[agency], { reviewerId, name: '陈专家' });
    expect([200, 201, 409]).toContain(registered.status);
    expect(
      (await request('POST', `/nominations/${id}/assignments`, tokens[agency], { reviewerIds: [reviewerId] }))
        .status,
    ).toBe(200);
    const reviewerToken = await getStack().issueToken({ agency, roles: ['reviewer'], user: reviewerId });
    const review = await request('POST', `/nominations/${id}/reviews`, reviewerToken, {
      score: 90,
      qualificationPassed: true,
      recommendation: 'recommend',
      comment: '符合条件，业绩突出',
    });
    expect(review.status, JSON.stringify(review.body)).toBe(201);
    const decided = await request('POST', `/nominations/${id}/decision`, tokens[agency], {
      outcome: 'recommend',
      reasons: '推荐',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    return id;
  };
  const officialIds = async (agency: string, cycleId: string) =>
    (await request('GET', `/cycles/${cycleId}/list?stage=official`, tokens[agency])).body.items.map(
      (e: { nominationId: string }) => e.nominationId,
    );

  const closeStage = async (agency: string, cycleId: string, stageId: string) => {
    const r = await request('POST', `/cycles/${cycleId}/stages/${stageId}/close`, tokens[agency], {
      reason: '本阶段工作已完成',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await advance('P1D'); // the state machine's next daily look
  };

  return {
    request,
    advanceTo,
    advance,
    cycle,
    nominate,
    selectOne,
    reviewAndDecide,
    officialIds,
    closeStage,
  };
};
