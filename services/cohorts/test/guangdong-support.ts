import { asAgencyId } from '@talent/data';
import { expect } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { seedOfficialList } from '../../../test/support/official-list';
import { freshResidentId } from '../../../test/support/people';
import type { Member } from '../../nominations/src/nomination';
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
  const seeded = await seedOfficialList({
    agencyId: agency,
    programmeId: PROGRAMME,
    year: 2026,
    officialListClosed,
    entries: entries.map((entry) => {
      const major = entry.major ?? '工业机器人应用与维护';
      return {
        category: 'pilot-major',
        unitId: entry.unitId,
        institution: {
          faculty: entry.faculty ?? compliantFaculty(),
          partners: [{ name: '广汽集团', attributes: { hasScaleAndInfluence: true } }],
        },
        uniqueness: `${entry.unitId}|${major}`,
        attributes: pilotAttributes(major),
      };
    }),
  });
  return { cycleId: seeded.cycleId, pilotIds: seeded.nominationIds, cycle: seeded.cycle };
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
