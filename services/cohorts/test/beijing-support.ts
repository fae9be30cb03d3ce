/**
 * Shared steps of the Beijing cohort tests: the cohorts API in process against DynamoDB Local, a
 * seeded Beijing cycle (persons through test/support/official-list.ts; teams written here through
 * the nominations repository, since that fixture seeds persons only), stage moves as the lifecycle
 * would make them, and stage-hook contexts.
 */
import { randomUUID } from 'node:crypto';
import { asAgencyId, personFingerprint } from '@talent/data';
import { setClockSource } from '@talent/kernel';
import { programmeOfCycle, readCycle } from '@talent/svc-nominations/roster';
import type { StageHookContext } from '@talent/svc-nominations/stage-hooks';
import { expect } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { type SeededEntry, seedOfficialList } from '../../../test/support/official-list';
import { freshResidentId } from '../../../test/support/people';
import { setCycleStage } from '../../../test/support/stages';
import type { Nomination } from '../../nominations/src/nomination';
import { DynamoCycleRepository } from '../../nominations/src/repositories/cycle-repository';
import { DynamoNominationRepository } from '../../nominations/src/repositories/nomination-repository';
import { DynamoSelectionRepository } from '../../nominations/src/repositories/selection-repository';
import { handler } from '../src/handlers/api';

export const PROGRAMME = 'beijing-craftsman-teachers';
export const AGENCY = 'beijing';
/** Another agency (X-TENANT): runs another programme. */
export const INTRUDER = 'jiangsu';

let now = Date.parse('2026-06-01T02:00:00Z');
export const at = (iso: string) => {
  now = Date.parse(iso);
};
setClockSource(() => now);

export const call = async (input: EventInput) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('cohorts')));

export const admin: Caller = { agency: AGENCY, roles: ['admin'], user: 'bj-admin' };
export const auditor: Caller = { agency: AGENCY, roles: ['auditor'], user: 'bj-auditor' };
export const reviewer: Caller = {
  agency: AGENCY,
  roles: ['reviewer'],
  user: 'bj-expert',
  unit: 'expert-pool',
};
export const unit = (u: string): Caller => ({ agency: AGENCY, roles: ['unit'], user: `bj-${u}`, unit: u });
export const intruder: Caller = { agency: INTRUDER, roles: ['admin'], user: 'js-admin' };

export interface TeamMemberSeed {
  readonly name: string;
  readonly role: 'full-time-teacher' | 'enterprise-staff' | 'enterprise-mentor' | 'school-mentor' | 'other';
  readonly isLeader?: boolean;
  readonly professionalTitle?: string;
  readonly skillLevel?: string;
  readonly residentId?: string;
}

/** A team of `n` members: a leader (副高级) and full-time teachers, with one enterprise staff from 4 members. */
export const teamOf = (n: number): TeamMemberSeed[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `成员${String.fromCharCode(0x4e00 + i)}`,
    role: i === 3 ? 'enterprise-staff' : 'full-time-teacher',
    isLeader: i === 0,
    ...(i === 0 ? { professionalTitle: '副高级' } : {}),
    residentId: freshResidentId(),
  }));

/**
 * A Beijing cycle whose official list holds `persons` (category per entry) and `teams` (members),
 * with the official-list stage closed. Returns the nomination ids (persons first, then teams).
 */
export const seedBeijing = async (input: {
  persons?: readonly SeededEntry[];
  teams?: readonly { unitId: string; name: string; members: readonly TeamMemberSeed[] }[];
}) => {
  const seeded = await seedOfficialList({
    agencyId: AGENCY,
    programmeId: PROGRAMME,
    entries: input.persons ?? [],
  });
  const agencyId = asAgencyId(AGENCY);
  const repository = new DynamoNominationRepository();
  const teamIds: string[] = [];
  const stamp = new Date().toISOString();
  for (const t of input.teams ?? []) {
    const nominationId = `n-${randomUUID().slice(0, 12)}`;
    const nomination = {
      nominationId,
      agencyId,
      programmeId: PROGRAMME,
      programmeVersion: 1,
      cycleId: seeded.cycleId,
      category: 'team',
      unitId: t.unitId,
      status: 'official',
      nomineeKind: 'team',
      team: { name: t.name, members: t.members.map((m) => ({ isLeader: false, ...m })) },
      personFingerprint: personFingerprint(agencyId, `team:${t.unitId}:${t.name}:${nominationId}`),
      attributes: { school: `${t.unitId}技工学校`, specialty: '智能制造' },
      eligibility: {
        status: 'eligible',
        programmeVersion: 1,
        selectionDate: `${seeded.year}-03-31`,
        pending: [],
        overridden: [],
        reported: [],
      },
      overrides: [],
      version: 1,
      createdAt: stamp,
      createdBy: 'seed',
      updatedAt: stamp,
      updatedBy: 'seed',
    } as unknown as Nomination;
    await repository.create(nomination, {
      actor: { userId: 'seed', roles: ['admin'] },
      action: 'nomination.seeded',
      at: stamp,
    });
    teamIds.push(nominationId);
  }
  return { ...seeded, personIds: seeded.nominationIds, teamIds };
};

/** Sets the status of the cycle's (first) stage of `kind`, as the lifecycle would. */
export const setStage = (cycleId: string, kind: string, status: 'pending' | 'open' | 'closed') =>
  setCycleStage(AGENCY, cycleId, kind, status, new Date(now).toISOString());

/** Puts the cycle back before its official list froze (no `officialList`, official-list stage open). */
export const unfreeze = async (cycleId: string) => {
  const repository = new DynamoCycleRepository();
  const agency = asAgencyId(AGENCY);
  const before = await repository.get(agency, cycleId);
  if (!before) throw new Error(`no cycle ${cycleId}`);
  const { officialList: _frozen, ...rest } = before;
  const after = {
    ...rest,
    stages: before.stages.map((s) => (s.kind === 'official-list' ? { ...s, status: 'open' as const } : s)),
    version: before.version + 1,
  };
  const stamp = new Date(now).toISOString();
  await repository.replace(before, after, {
    actor: { userId: 'seed', roles: ['admin'] },
    action: 'cycle.stage',
    at: stamp,
  });
};

/** The context the lifecycle hands a stage hook of `kind`. */
export const hookContext = async (cycleId: string, kind: string): Promise<StageHookContext> => {
  const agencyId = asAgencyId(AGENCY);
  const cycle = await readCycle(agencyId, cycleId);
  if (!cycle) throw new Error(`no cycle ${cycleId}`);
  const stage = cycle.stages.find((s) => s.kind === kind);
  if (!stage) throw new Error(`no stage ${kind}`);
  return {
    agencyId,
    cycle,
    programme: await programmeOfCycle(cycle),
    stage,
    at: new Date(now).toISOString(),
  };
};

export const openProjects = async (cycleId: string) => {
  const r = await call({
    method: 'POST',
    route: '/cycles/{cycleId}/projects',
    pathParameters: { cycleId },
    body: {},
    caller: admin,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { created: number; existing: number; projectIds: string[] };
};

export const getProject = async (projectId: string, caller: Caller = admin) =>
  call({ method: 'GET', route: '/projects/{projectId}', pathParameters: { projectId }, caller });

/** A two-year plan (2026-09-01..2028-08-31) with targets o1, y1a, y1b, y2a; three years with `years: 3`. */
export const planBody = (years: 2 | 3 = 2, startsOn = '2026-09-01') => {
  const endYear = Number(startsOn.slice(0, 4)) + years;
  return {
    startsOn,
    endsOn: `${endYear}-08-31`,
    growthPlan: '围绕工学一体化课程开发开展个性化成长',
    taskBook: '任务书：完成两门一体化课程开发，指导学生参赛',
    overallTargets: [{ targetId: 'o1', description: '建成一门市级精品课程' }],
    yearlyTargets: [
      {
        year: 1,
        targets: [
          { targetId: 'y1a', description: '完成课程标准' },
          { targetId: 'y1b', description: '企业实践一个月' },
        ],
      },
      { year: 2, targets: [{ targetId: 'y2a', description: '指导学生获市级奖项' }] },
      ...(years === 3 ? [{ year: 3, targets: [{ targetId: 'y3a', description: '推广成果' }] }] : []),
    ],
  };
};

/** Writes, submits and approves a plan (as the unit and an expert). */
export const approvePlan = async (projectId: string, unitId: string, years: 2 | 3 = 2) => {
  const p = await getProject(projectId);
  const put = await call({
    method: 'PUT',
    route: '/projects/{projectId}/plan',
    pathParameters: { projectId },
    headers: { 'if-match': p.headers.etag ?? '*' },
    body: planBody(years),
    caller: unit(unitId),
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const sub = await call({
    method: 'POST',
    route: '/projects/{projectId}/plan/submit',
    pathParameters: { projectId },
    body: {},
    caller: unit(unitId),
  });
  expect(sub.status, JSON.stringify(sub.body)).toBe(200);
  const rev = await call({
    method: 'POST',
    route: '/projects/{projectId}/plan/review',
    pathParameters: { projectId },
    body: { decision: 'approve', comments: '方案可行' },
    caller: reviewer,
  });
  expect(rev.status, JSON.stringify(rev.body)).toBe(200);
  return rev.body;
};

export const recordCheck = (projectId: string, body: Record<string, unknown>, caller: Caller = reviewer) =>
  call({
    method: 'POST',
    route: '/projects/{projectId}/checks',
    pathParameters: { projectId },
    body,
    caller,
  });

export const annual = (year: number, met: Record<string, boolean>) => ({
  kind: 'annual',
  year,
  results: Object.entries(met).map(([targetId, m]) => ({ targetId, met: m })),
  comments: '年度检查',
});

/**
 * Registers an expert in the nominations service's reviewer registry (`POST /reviewers` of that
 * service), with the unit they belong to: recusal (X-RECUSAL) follows it even for a token without a unit.
 */
export const registerReviewer = async (reviewerId: string, unitId?: string, agency: string = AGENCY) => {
  const stamp = new Date().toISOString();
  await new DynamoSelectionRepository().saveReviewer(
    undefined,
    {
      agencyId: asAgencyId(agency),
      reviewerId,
      name: '张评审',
      ...(unitId ? { unitId } : {}),
      version: 1,
      createdAt: stamp,
      createdBy: 'seed',
      updatedAt: stamp,
      updatedBy: 'seed',
    },
    { actor: { userId: 'seed', roles: ['admin'] }, action: 'reviewer.registered', at: stamp },
  );
};
