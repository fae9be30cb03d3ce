/**
 * Shared steps of the Jiangsu cohort tests: the cohorts API in process against DynamoDB Local, a
 * seeded official list, and a unit with a plan, sessions and enrolled trainees.
 */
import { randomUUID } from 'node:crypto';
import { asAgencyId } from '@talent/data';
import { setClockSource } from '@talent/kernel';
import { readCycle } from '@talent/svc-nominations/roster';
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
import { handler } from '../src/handlers/api';
import { jiangsuStageHooks } from '../src/jiangsu/stage-hooks';
import { PROGRAMME_ID } from '../src/jiangsu/use-cases';

export const call = async (input: EventInput) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('cohorts')));

let now = Date.parse('2026-04-01T02:00:00Z');
export const at = (iso: string) => {
  now = Date.parse(iso);
};
setClockSource(() => now);

export const AG = 'jiangsu';
export const OTHER = 'lishui';
export const admin = (agency = AG): Caller => ({ agency, roles: ['admin'], user: `${agency}-admin` });
export const unitCaller = (unit: string, agency = AG): Caller => ({
  agency,
  roles: ['unit'],
  user: `u-${unit}`,
  unit,
});
export const role = (r: string, user?: string, agency = AG): Caller => ({
  agency,
  roles: [r],
  user: user ?? `${agency}-${r}`,
});

export const ok = (r: { status: number; body: unknown }, status = 200) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body as any;
};

export const seed = (entries: readonly SeededEntry[], year = 2026, cycleId?: string) =>
  seedOfficialList({
    agencyId: AG,
    programmeId: PROGRAMME_ID,
    year,
    entries,
    ...(cycleId ? { cycleId } : {}),
  });

export const entries = (n: number, category = 'A', employer = 'emp-1'): SeededEntry[] =>
  Array.from({ length: n }, () => ({ category, unitId: employer }));

export const PLAN_10H = {
  startsOn: '2026-03-01',
  endsOn: '2026-07-31',
  theoryHours: 4,
  practiceHours: 6,
  credits: 2,
};

export const putUnit = (cycleId: string, unitId: string, city = '南京市', caller = admin()) =>
  call({
    method: 'PUT',
    route: '/cycles/{cycleId}/training-units/{unitId}',
    pathParameters: { cycleId, unitId },
    body: {
      name: `${unitId}技师学院`,
      kind: 'technician-college',
      city,
      majors: [
        { code: '0102-4', name: '数控加工' },
        { code: '0301-4', name: '电气自动化设备安装与维修' },
      ],
    },
    caller,
  });

export const putPlan = (cycleId: string, unitId: string, plan: Record<string, unknown>, caller = admin()) =>
  call({
    method: 'PUT',
    route: '/cycles/{cycleId}/training-units/{unitId}/plan',
    pathParameters: { cycleId, unitId },
    body: plan,
    caller,
  });

export const addSession = (
  cycleId: string,
  unitId: string,
  body: Record<string, unknown>,
  caller = admin(),
) =>
  call({
    method: 'POST',
    route: '/cycles/{cycleId}/training-units/{unitId}/sessions',
    pathParameters: { cycleId, unitId },
    body,
    caller,
  });

export const enrol = (
  cycleId: string,
  nominationId: string,
  unitId: string,
  homeCity = '南京市',
  caller = admin(),
) =>
  call({
    method: 'POST',
    route: '/cycles/{cycleId}/trainees',
    pathParameters: { cycleId },
    body: { nominationId, unitId, majorCode: '0102-4', homeCity },
    caller,
  });

export const attend = (
  traineeId: string,
  sessionId: string,
  body: Record<string, unknown>,
  caller = admin(),
) =>
  call({
    method: 'PUT',
    route: '/trainees/{traineeId}/attendance/{sessionId}',
    pathParameters: { traineeId, sessionId },
    body,
    caller,
  });

export const submitGrades = (
  cycleId: string,
  unitId: string,
  grades: { traineeId: string; grade: string }[],
  caller = admin(),
  headers?: Record<string, string>,
) =>
  call({
    method: 'POST',
    route: '/cycles/{cycleId}/training-units/{unitId}/grades',
    pathParameters: { cycleId, unitId },
    body: { grades },
    caller,
    ...(headers ? { headers } : {}),
  });

export const file = (traineeId: string, caller = admin()) =>
  call({ method: 'GET', route: '/trainees/{traineeId}', pathParameters: { traineeId }, caller });

export interface Cohort {
  readonly cycleId: string;
  readonly unitId: string;
  readonly traineeIds: string[];
  readonly nominationIds: readonly string[];
  readonly sessions: { theory: string; practice: string };
}

/**
 * A cycle with one unit (10-hour plan: theory 4 h + practice 6 h, 2 credits), its two sessions, and
 * `n` enrolled trainees; `attendAll` gives each full attendance (10 h, 2 credits).
 */
export const cohort = async (
  n: number,
  opts: { attendAll?: boolean; year?: number; cycleId?: string; unitId?: string; category?: string } = {},
): Promise<Cohort> => {
  const year = opts.year ?? 2026;
  const seeded = await seed(entries(n, opts.category ?? 'A'), year, opts.cycleId);
  const unitId = opts.unitId ?? `tu-${randomUUID().slice(0, 6)}`;
  ok(await putUnit(seeded.cycleId, unitId), 201);
  const shift = (d: string) => `${year}${d.slice(4)}`;
  ok(
    await putPlan(seeded.cycleId, unitId, {
      ...PLAN_10H,
      startsOn: shift(PLAN_10H.startsOn),
      endsOn: shift(PLAN_10H.endsOn),
    }),
  );
  const theory = ok(
    await addSession(seeded.cycleId, unitId, {
      date: `${year}-03-10`,
      kind: 'theory',
      title: '前沿理论',
      hours: 4,
      credits: 1,
      onlineAllowed: true,
    }),
    201,
  ).sessionId;
  const practice = ok(
    await addSession(seeded.cycleId, unitId, {
      date: `${year}-04-10`,
      kind: 'practice',
      title: '实操实训',
      hours: 6,
      credits: 1,
    }),
    201,
  ).sessionId;
  const traineeIds: string[] = [];
  for (const nominationId of seeded.nominationIds) {
    const t = ok(await enrol(seeded.cycleId, nominationId, unitId), 201);
    traineeIds.push(t.traineeId);
    if (opts.attendAll) {
      ok(await attend(t.traineeId, theory, { present: true, hours: 4, credits: 1 }));
      ok(await attend(t.traineeId, practice, { present: true, hours: 6, credits: 1 }));
    }
  }
  return {
    cycleId: seeded.cycleId,
    unitId,
    traineeIds,
    nominationIds: seeded.nominationIds,
    sessions: { theory, practice },
  };
};

export const hookContext = async (cycleId: string, stageKind: string): Promise<StageHookContext> => {
  const cycle = await readCycle(asAgencyId(AG), cycleId);
  if (!cycle) throw new Error('no cycle');
  const stage = cycle.stages.find((s) => s.kind === stageKind);
  if (!stage) throw new Error('no stage');
  const { programmeOfCycle } = await import('@talent/svc-nominations/roster');
  return {
    agencyId: asAgencyId(AG),
    cycle,
    programme: await programmeOfCycle(cycle),
    stage,
    at: new Date(now).toISOString(),
  };
};

export const closeAcceptance = async (cycleId: string) =>
  jiangsuStageHooks.acceptance?.closed?.(await hookContext(cycleId, 'acceptance'));

export const gradesFor = (ids: readonly string[], grades: readonly string[]) =>
  ids.map((traineeId, i) => ({ traineeId, grade: grades[i] ?? '合格' }));
