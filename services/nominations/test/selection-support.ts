/**
 * Shared steps of the selection tests (review, lists, publicity): the API and lifecycle handlers in
 * process against DynamoDB Local, a controlled domain clock, and the moves of a cycle through its
 * stages as the state machine would make them.
 */
import { randomUUID } from 'node:crypto';
import { addDays, setClockSource } from '@talent/kernel';
import { expect } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { residentIdFor } from '../../../test/support/people';
import { jiangsuNomination } from '../../../test/support/samples';
import { handler as api } from '../src/handlers/api';
import { handler as lifecycle } from '../src/handlers/lifecycle';

export const call = async (input: EventInput) =>
  parseResponse(await api(apiEvent(input), lambdaContext('nominations')));

/** A request from another client address (`requestContext.http.sourceIp`). */
export const callFrom = async (sourceIp: string, input: EventInput) => {
  const event = apiEvent(input);
  (event.requestContext.http as { sourceIp: string }).sourceIp = sourceIp;
  return parseResponse(await api(event, lambdaContext('nominations')));
};

export const task = (input: Record<string, unknown>) =>
  lifecycle(input as never) as Promise<Record<string, unknown>>;

let now = Date.parse('2026-04-01T02:00:00Z');
/** Sets the domain clock (stage times, publicity days); every test file starts at 1 April 2026. */
export const at = (iso: string) => {
  now = Date.parse(iso);
};
setClockSource(() => now);

export const admin = (agency: string): Caller => ({ agency, roles: ['admin'], user: `${agency}-admin` });
export const reviewer = (agency: string, user: string, unit?: string): Caller => ({
  agency,
  roles: ['reviewer'],
  user,
  ...(unit ? { unit } : {}),
});

export const openCycle = async (caller: Caller, body: Record<string, unknown>) => {
  const cycleId = `c-${randomUUID().slice(0, 8)}`;
  const r = await call({ method: 'POST', route: '/cycles', body: { cycleId, ...body }, caller });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return cycleId;
};

export const getCycle = async (caller: Caller, cycleId: string) =>
  (await call({ method: 'GET', route: '/cycles/{cycleId}', pathParameters: { cycleId }, caller })).body;

const taskInput = (caller: Caller, cycleId: string) => ({
  agencyId: caller.agency,
  cycleId,
  year: 1,
});

export const openStage = (caller: Caller, cycleId: string, stageId: string) =>
  task({ ...taskInput(caller, cycleId), action: 'open-stage', stageId });

export const closeTask = (caller: Caller, cycleId: string, stageId: string) =>
  task({ ...taskInput(caller, cycleId), action: 'close-stage', stageId });

export const requestClose = (caller: Caller, cycleId: string, stageId: string) =>
  call({
    method: 'POST',
    route: '/cycles/{cycleId}/stages/{stageId}/close',
    pathParameters: { cycleId, stageId },
    body: { reason: '本阶段工作完成' },
    caller,
  });

/** Closes the open stage as the workflow would: a decision stage by the admin's request, then the task. */
export const finishStage = async (caller: Caller, cycleId: string, stageId: string) => {
  const stage = (await getCycle(caller, cycleId)).stages.find((s: { id: string }) => s.id === stageId);
  if (stage.closesBy === 'decision') {
    const r = await requestClose(caller, cycleId, stageId);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  expect(await closeTask(caller, cycleId, stageId)).toMatchObject({ outcome: 'advance' });
};

/** Opens every stage up to `stageId` and closes those before it (decision stages by request). */
export const walkTo = async (caller: Caller, cycleId: string, stageId: string) => {
  for (const s of (await getCycle(caller, cycleId)).stages as { id: string; status: string }[]) {
    if (s.status === 'closed') continue;
    if (s.status === 'pending') await openStage(caller, cycleId, s.id);
    if (s.id === stageId) return;
    await finishStage(caller, cycleId, s.id);
  }
};

export const drawList = (caller: Caller, cycleId: string) =>
  call({ method: 'POST', route: '/cycles/{cycleId}/provisional-list', pathParameters: { cycleId }, caller });

export const nominationRoute = (
  caller: Caller,
  nominationId: string,
  action: string,
  body?: unknown,
  headers?: Record<string, string>,
) =>
  call({
    method: 'POST',
    route: `/nominations/{nominationId}/${action}`,
    pathParameters: { nominationId },
    ...(body !== undefined ? { body } : {}),
    ...(headers ? { headers } : {}),
    caller,
  });

export const getNomination = async (caller: Caller, nominationId: string) =>
  (
    await call({
      method: 'GET',
      route: '/nominations/{nominationId}',
      pathParameters: { nominationId },
      caller,
    })
  ).body;

/** A Jiangsu nomination of a distinct person (the i-th of the cycle), created and submitted. */
export const submittedJiangsu = async (
  caller: Caller,
  cycleId: string,
  i: number,
  overrides: Record<string, unknown> = {},
  nominee: Record<string, unknown> = {},
) => {
  const body = jiangsuNomination(cycleId, overrides, {
    residentId: residentIdFor(addDays('1980-01-01', i * 3), 11),
    ...nominee,
  });
  const created = await call({ method: 'POST', route: '/nominations', body, caller });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const submitted = await nominationRoute(caller, created.body.nominationId, 'submit');
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return submitted.body as { nominationId: string; [k: string]: any };
};

export const registerReviewer = async (caller: Caller, reviewerId: string, unitId?: string) => {
  const r = await call({
    method: 'POST',
    route: '/reviewers',
    body: { reviewerId, name: '张评审', ...(unitId ? { unitId } : {}) },
    caller,
  });
  expect([200, 201]).toContain(r.status);
  return r;
};

export const reviewBody = (score: number, recommendation = 'recommend', qualificationPassed = true) => ({
  score,
  qualificationPassed,
  recommendation,
  comment: '技艺精湛，业绩突出',
});

/** Assigns `by`, has it review with `score`, and records the admin's decision. */
export const reviewAndDecide = async (
  caller: Caller,
  by: Caller,
  nominationId: string,
  score: number,
  outcome = 'recommend',
) => {
  expect(
    (await nominationRoute(caller, nominationId, 'assignments', { reviewerIds: [by.user] })).status,
  ).toBe(200);
  expect((await nominationRoute(by, nominationId, 'reviews', reviewBody(score))).status).toBe(201);
  const decided = await nominationRoute(caller, nominationId, 'decision', { outcome, reasons: '评审通过' });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  return decided.body;
};

/** Runs `f` over `items` a few at a time (DynamoDB Local likes modest concurrency). */
export const inBatches = async <T, R>(
  items: readonly T[],
  size: number,
  f: (item: T, i: number) => Promise<R>,
) => {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => f(item, i + j)))));
  }
  return out;
};

export type { Caller };
