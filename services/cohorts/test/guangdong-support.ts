/**
 * Fixtures of the Guangdong pilot tests: a cycle whose official list holds institution entries
 * (试点院校专业, with their teaching and assessment team and partner enterprises), written through
 * the nominations service's repositories as test/support/official-list.ts does for people.
 */
import { randomUUID } from 'node:crypto';
import { findProgramme } from '@talent/catalogue';
import { asAgencyId, personFingerprint } from '@talent/data';
import { expect } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { freshResidentId } from '../../../test/support/people';
import type { Cycle } from '../../nominations/src/cycle';
import { planStages } from '../../nominations/src/lifecycle/stages';
import type { Member, Nomination } from '../../nominations/src/nomination';
import { DynamoCycleRepository } from '../../nominations/src/repositories/cycle-repository';
import { DynamoNominationRepository } from '../../nominations/src/repositories/nomination-repository';
import { DynamoSelectionRepository } from '../../nominations/src/repositories/selection-repository';
import { handler } from '../src/handlers/api';

export const PROGRAMME = 'guangdong-diploma-technician';

export const call = async (input: EventInput) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('cohorts')));

export const admin: Caller = { agency: 'guangdong', roles: ['admin'], user: 'gd-admin' };
export const reviewer: Caller = { agency: 'guangdong', roles: ['reviewer'], user: 'gd-reviewer' };
export const auditor: Caller = { agency: 'guangdong', roles: ['auditor'], user: 'gd-auditor' };
export const finance: Caller = { agency: 'guangdong', roles: ['finance'], user: 'gd-finance' };
export const unit = (u: string): Caller => ({
  agency: 'guangdong',
  roles: ['unit'],
  user: `gd-${u}`,
  unit: u,
});
/** The intruder: another agency that runs another programme (X-TENANT). */
export const intruder: Caller = { agency: 'zhuhai', roles: ['admin'], user: 'zh-admin' };

/** A compliant team: 10 members, 3 enterprise mentors (30%), 5 senior experts. */
export const compliantFaculty = (): Member[] => [
  { name: '张企导', role: 'enterprise-mentor', isLeader: false, skillLevel: '高级技师' },
  { name: '李企导', role: 'enterprise-mentor', isLeader: false, skillLevel: '技师' },
  { name: '王企导', role: 'enterprise-mentor', isLeader: false, professionalTitle: '中级' },
  { name: '赵教师', role: 'full-time-teacher', isLeader: true, professionalTitle: '副高级' },
  { name: '钱教师', role: 'full-time-teacher', isLeader: false, professionalTitle: '正高级' },
  { name: '孙教师', role: 'full-time-teacher', isLeader: false, skillLevel: '技师' },
  { name: '周教师', role: 'full-time-teacher', isLeader: false },
  { name: '吴教师', role: 'full-time-teacher', isLeader: false },
  { name: '郑教师', role: 'school-mentor', isLeader: false },
  { name: '冯教师', role: 'school-mentor', isLeader: false },
];

export const pilotAttributes = (major: string) => ({
  institutionName: '广州市技师学院',
  institutionBatch: 'high-level-batch-1',
  major,
  servesStrategicCluster: true,
  technicianLevelGap: true,
  integratedPlanApproved: true,
  partnerEnterprises: 1,
  materials: ['training-plan', 'enterprise-qualifications', 'school-enterprise-agreement', 'management-plan'],
});

export interface InstitutionEntry {
  readonly unitId: string;
  readonly major?: string;
  readonly faculty?: Member[];
}

/** A Guangdong cycle with every stage up to the official list closed and these pilots on its list. */
export const seedPilots = async (
  entries: readonly InstitutionEntry[],
  agency = 'guangdong',
  officialListClosed = true,
) => {
  const agencyId = asAgencyId(agency);
  const programme = findProgramme(PROGRAMME);
  if (!programme) throw new Error('no programme');
  const year = 2026;
  const cycleId = `c-${randomUUID().slice(0, 8)}`;
  const at = new Date().toISOString();
  const actor = { userId: 'seed', roles: ['admin'] };
  const planned = planStages(programme, year, {});
  const officialIndex = planned.findIndex((s) => s.kind === 'official-list') - (officialListClosed ? 0 : 1);
  const stages = planned.map((s, i) =>
    i <= officialIndex ? { ...s, status: 'closed' as const, openedAt: at, closedAt: at } : s,
  );
  const cycle: Cycle = {
    cycleId,
    agencyId,
    programmeId: programme.id,
    programmeVersion: programme.version,
    year,
    selectionDate: `${year}-03-31`,
    status: 'open',
    stages,
    execution: { name: `seed-${cycleId}`, status: 'NOT_STARTED', year: 1 },
    reviewersPerNomination: 1,
    officialList: { frozenAt: at, count: entries.length },
    version: 1,
    createdAt: at,
    createdBy: 'seed',
    updatedAt: at,
    updatedBy: 'seed',
  };
  await new DynamoCycleRepository().create(cycle, { actor, action: 'cycle.opened', at });
  const repository = new DynamoNominationRepository();
  const nominationIds: string[] = [];
  for (const entry of entries) {
    const nominationId = `n-${randomUUID().slice(0, 12)}`;
    const major = entry.major ?? '工业机器人应用与维护';
    const nomination = {
      nominationId,
      agencyId,
      programmeId: programme.id,
      programmeVersion: programme.version,
      cycleId,
      category: 'pilot-major',
      unitId: entry.unitId,
      status: 'official',
      nomineeKind: 'institution',
      institution: {
        faculty: entry.faculty ?? compliantFaculty(),
        partners: [{ name: '广汽集团', attributes: { hasScaleAndInfluence: true } }],
      },
      personFingerprint: personFingerprint(agencyId, `${entry.unitId}|${major}|${nominationId}`),
      attributes: pilotAttributes(major),
      eligibility: {
        status: 'eligible',
        programmeVersion: programme.version,
        selectionDate: cycle.selectionDate,
        pending: [],
        overridden: [],
        reported: [],
      },
      overrides: [],
      version: 1,
      createdAt: at,
      createdBy: 'seed',
      updatedAt: at,
      updatedBy: 'seed',
    } as unknown as Nomination;
    await repository.create(nomination, { actor, action: 'nomination.seeded', at });
    nominationIds.push(nominationId);
  }
  return { cycleId, pilotIds: nominationIds, cycle };
};

/** Seeds and registers the pilots through the API. */
export const pilotsReady = async (entries: readonly InstitutionEntry[]) => {
  const seeded = await seedPilots(entries);
  const r = await call({
    method: 'POST',
    route: '/cycles/{cycleId}/pilots',
    pathParameters: { cycleId: seeded.cycleId },
    caller: admin,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return seeded;
};

export const createClass = async (caller: Caller, pilotId: string, body: Record<string, unknown>) =>
  call({ method: 'POST', route: '/pilots/{pilotId}/classes', pathParameters: { pilotId }, body, caller });

export const mentors = [
  { role: 'enterprise-mentor', name: '张企导' },
  { role: 'school-mentor', name: '郑教师' },
];

export const enrol = async (caller: Caller, classId: string, residentId = freshResidentId('2006-05-01')) =>
  call({
    method: 'POST',
    route: '/classes/{classId}/students',
    pathParameters: { classId },
    body: { name: '陈学生', residentId, mentors },
    caller,
  });

/** A class ready for students; returns its id. */
export const classReady = async (caller: Caller, pilotId: string, entryLevel = 'senior-high') => {
  const r = await createClass(caller, pilotId, { name: '学制技师1班', entryLevel, intakeYear: 2026 });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.classId as string;
};

export const outcome = (over: Record<string, unknown> = {}) => ({
  graduated: true,
  graduatedOn: '2030-06-30',
  courseAssessmentPassed: true,
  enterprisePracticePassed: true,
  technicianCertificate: true,
  employed: true,
  matchedEmployment: true,
  paidAboveTechnicianPay: true,
  ...over,
});

/**
 * Registers an expert in the nominations service's reviewer registry (`POST /reviewers` of that
 * service), with the unit they belong to: recusal (X-RECUSAL) follows it even for a token without a unit.
 */
export const registerReviewer = async (reviewerId: string, unitId?: string, agency: string = 'guangdong') => {
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
