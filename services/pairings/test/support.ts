/** Shared steps of the pairings tests: the API handler in process against DynamoDB Local, a controlled clock. */
import { randomInt, randomUUID } from 'node:crypto';
import { asAgencyId, getDocumentClient } from '@talent/data';
import { addDays, setClockSource } from '@talent/kernel';
import { expect } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { seedOfficialList } from '../../../test/support/official-list';
import { residentIdFor } from '../../../test/support/people';
import { handler } from '../src/handlers/api';
import { counters, keys } from '../src/repositories/pairing-store';

export const call = async (input: EventInput) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('pairings')));

let now = Date.parse('2026-11-15T02:00:00Z');
/** The domain clock; every test file starts on 15 November 2026 (before the 30 November deadline). */
export const at = (iso: string) => {
  now = Date.parse(iso);
};
setClockSource(() => now);

export const AGENCY = 'lishui';
export const admin: Caller = { agency: AGENCY, roles: ['admin'], user: 'city-admin' };
export const unit = (school: string): Caller => ({
  agency: AGENCY,
  roles: ['unit'],
  unit: school,
  user: `${school}-user`,
});
export const reviewer: Caller = { agency: AGENCY, roles: ['reviewer'], user: 'rev' };
export const auditor: Caller = { agency: AGENCY, roles: ['auditor'], user: 'aud' };
export const finance: Caller = { agency: AGENCY, roles: ['finance'], user: 'fin' };
export const intruder: Caller = { agency: 'jiangsu', roles: ['admin'], user: 'js-admin' };

export const masterAttributes = {
  qualification: 'chief-technician',
  nominationRoute: 'industry-association',
  hasApprenticeTeachingExperience: true,
  proposedServiceYears: 6,
  apprenticeGrade: '2025级数控1班',
};

/** A Lishui cycle whose master list holds `masters` tier-1 masters (and one tier-2 when asked). */
export const seedCycle = async (masters = 1, tier2 = 0) => {
  const seeded = await seedOfficialList({
    agencyId: AGENCY,
    programmeId: 'lishui-masters',
    entries: [
      ...Array.from({ length: masters }, () => ({
        category: 'master-tier-1',
        unitId: 'county-liandu',
        attributes: masterAttributes,
      })),
      ...Array.from({ length: tier2 }, () => ({
        category: 'master-tier-2',
        unitId: 'county-liandu',
        attributes: { ...masterAttributes, qualification: 'lishui-wuyang-skill-master' },
      })),
    ],
  });
  return seeded;
};

export const newSchool = () => `school-${randomUUID().slice(0, 8)}`;

export const registerMaster = async (
  cycleId: string,
  nominationId: string,
  schoolId: string,
  extra: object = {},
) => {
  const r = await call({
    method: 'POST',
    route: '/cycles/{cycleId}/masters',
    pathParameters: { cycleId },
    body: {
      nominationId,
      schoolId,
      employmentAgreement: { signedOn: '2026-11-02', reference: 'PY-001' },
      employmentStartOn: '2026-11-03',
      ...extra,
    },
    caller: unit(schoolId),
  });
  return r;
};

export const registerApprentice = async (
  cycleId: string,
  schoolId: string,
  opts: { kind?: 'student' | 'teacher'; studyStage?: string; studyYear?: number; residentId?: string } = {},
) => {
  const kind = opts.kind ?? 'student';
  return call({
    method: 'POST',
    route: '/cycles/{cycleId}/apprentices',
    pathParameters: { cycleId },
    body: {
      schoolId,
      kind,
      name: '张小明',
      residentId: opts.residentId ?? nextResidentId(),
      phone: '13912345678',
      studyStage: opts.studyStage ?? 'secondary-vocational',
      ...(kind === 'student' ? { studyYear: opts.studyYear ?? 2 } : {}),
    },
    caller: unit(schoolId),
  });
};

let serial = randomInt(0, 2000);
/** A resident ID not used before in this test file (a new birth date each time). */
export const nextResidentId = () => residentIdFor(addDays('2001-01-01', serial++), randomInt(0, 1000));

export const mentor = '李老师';

/** Register an apprentice and take a pairing with the master up to accepted with agreements. */
export const readyPairing = async (
  cycleId: string,
  schoolId: string,
  masterId: string,
  opts: { kind?: 'student' | 'teacher'; studyStage?: string } = {},
): Promise<{ pairingId: string; apprenticeId: string }> => {
  const a = await registerApprentice(cycleId, schoolId, opts);
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  const apprenticeId = a.body.apprenticeId as string;
  const p = await call({
    method: 'POST',
    route: '/cycles/{cycleId}/pairings',
    pathParameters: { cycleId },
    body: { masterId, apprenticeId, initiatedBy: 'master' },
    caller: unit(schoolId),
  });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  const pairingId = p.body.pairingId as string;
  const acc = await pairingCall('POST', pairingId, 'accept', schoolId, { party: 'apprentice' });
  expect(acc.status, JSON.stringify(acc.body)).toBe(200);
  const ag = await pairingCall('PUT', pairingId, 'agreements', schoolId, agreements);
  expect(ag.status, JSON.stringify(ag.body)).toBe(200);
  return { pairingId, apprenticeId };
};

export const agreements = {
  apprenticeshipAgreement: { signedOn: '2026-11-05' },
  schoolMentor: { name: mentor, staffNo: 'T-01' },
  trainingPlan: { agreedOn: '2026-11-06', summary: '数控加工联合培养计划' },
};

export const pairingCall = (
  method: string,
  pairingId: string,
  action: string,
  schoolId: string,
  body?: unknown,
  caller?: Caller,
) =>
  call({
    method,
    route: `/pairings/{pairingId}/${action}`,
    pathParameters: { pairingId },
    ...(body !== undefined ? { body } : {}),
    caller: caller ?? unit(schoolId),
  });

export const activate = (pairingId: string, schoolId: string) =>
  pairingCall('POST', pairingId, 'activate', schoolId);

/** A registered master at a new school. */
export const masterAtSchool = async (cycleId: string, nominationId: string) => {
  const schoolId = newSchool();
  const r = await registerMaster(cycleId, nominationId, schoolId);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { schoolId, masterId: r.body.masterId as string };
};

/** `count` active student pairings of the master (sequential activations). */
export const activePairings = async (
  cycleId: string,
  schoolId: string,
  masterId: string,
  count: number,
  opts: { studyStage?: string } = {},
) => {
  const ready = await Promise.all(
    Array.from({ length: count }, () => readyPairing(cycleId, schoolId, masterId, opts)),
  );
  for (const r of ready) {
    const res = await activate(r.pairingId, schoolId);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return ready;
};

const lishui = asAgencyId(AGENCY);
export const stageCount = async (masterId: string, stage = 'secondary-vocational') =>
  (await counters(keys.stageCounter(lishui, masterId, stage))).active ?? 0;
export const schoolCounts = async (cycleId: string, schoolId: string) => {
  const c = await counters(keys.schoolCounter(lishui, cycleId, schoolId));
  return { total: c.total ?? 0, teachers: c.teachers ?? 0 };
};

/**
 * Orders two concurrent requests' transactions through the shared DynamoDB client: the first
 * TransactWrite whose input contains `held` is sent only after the one containing `other` has
 * completed, and that one only once the held one has arrived (so the held request did all its reads
 * before the other commits). Returns the function that removes the middleware.
 */
export const holdWriteUntil = (held: string, other: string): (() => void) => {
  let heldArrived: () => void = () => {};
  const arrived = new Promise<void>((r) => {
    heldArrived = r;
  });
  let otherDone: () => void = () => {};
  const done = new Promise<void>((r) => {
    otherDone = r;
  });
  let heldSeen = false;
  let otherSeen = false;
  const client = getDocumentClient();
  const name = `hold-write-${randomUUID()}`;
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = (args as { input?: Record<string, unknown> }).input ?? {};
      if (!('TransactItems' in input)) return next(args);
      const text = JSON.stringify(input);
      if (!heldSeen && text.includes(held)) {
        heldSeen = true;
        heldArrived();
        await done;
        return next(args);
      }
      if (!otherSeen && text.includes(other)) {
        otherSeen = true;
        await arrived;
        try {
          return await next(args);
        } finally {
          otherDone();
        }
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => {
    client.middlewareStack.remove(name);
  };
};
