import { randomInt, randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { asAgencyId, getDocumentClient, mainTableName, personFingerprint } from '@talent/data';
import { addDays } from '@talent/kernel';
import { describe, expect, it } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { jiangsuCycle } from '../../../test/support/cycles';
import { seedOfficialList } from '../../../test/support/official-list';
import { residentIdFor } from '../../../test/support/people';
import { jiangsuNomination } from '../../../test/support/samples';
import { handler as cohorts } from '../../cohorts/src/handlers/api';
import { endedSk, participationPk } from '../../cohorts/src/jiangsu/participation-reader';
import { jiangsuStageHooks } from '../../cohorts/src/jiangsu/stage-hooks';
import { handler } from '../src/handlers/api';
import { readCycle } from '../src/roster';

// Integration: a participation the cohorts service records as ended (final acceptance of the last
// year) or in training is read by nomination intake (JS-EXCLUSIONS, repeat-gap): the later of the
// nominator's `previousParticipationEndedOn` and the recorded end is what the catalogue rule reads
// (3 years to 1 January of the programme year), and a person in training is refused.

const AG = 'jiangsu';
const admin: Caller = { agency: AG, roles: ['admin'], user: 'js-admin' };
const reviewer: Caller = { agency: AG, roles: ['reviewer'], user: 'js-reviewer' };
const call = async (input: EventInput) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('nominations')));
const callCohorts = async (input: EventInput) =>
  parseResponse(await cohorts(apiEvent(input), lambdaContext('cohorts')));
const ok = (r: { status: number; body: unknown }, status = 200) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body as any;
};

/** A man born in the 1980s (odd sequence), fresh in every run. */
const person = () => residentIdFor(addDays('1980-01-01', randomInt(0, 3650)), 2 * randomInt(0, 500) + 1);

/** A 2029 intake cycle (1 January 2029 is the reference date of the 3 years). */
const openCycle = async (year = 2029) => {
  const cycleId = `js-${randomUUID().slice(0, 8)}`;
  ok(
    await call({
      method: 'POST',
      route: '/cycles',
      body: jiangsuCycle(cycleId, { year, selectionDate: `${year}-03-31` }),
      caller: admin,
    }),
    201,
  );
  return cycleId;
};

/**
 * A cohort year of `residentId` through the cohorts API: official list of `year`, a unit with a
 * plan, the trainee enrolled; with `endAt`, grades submitted (no attendance: 不合格 by
 * JS-ATTENDANCE-FAIL, so year 2 cannot follow) and the acceptance closed at `endAt` (its `closed`
 * hook, as the lifecycle runs it): the participation ends on the Shanghai date of `endAt`.
 */
const participation = async (residentId: string, year: number, endAt?: string) => {
  const seeded = await seedOfficialList({
    agencyId: AG,
    programmeId: 'jiangsu-excellent-technicians',
    year,
    entries: [{ category: 'A', unitId: 'emp-1', nominee: { residentId } }],
  });
  const cycleId = seeded.cycleId;
  const unitId = `tu-${randomUUID().slice(0, 6)}`;
  ok(
    await callCohorts({
      method: 'PUT',
      route: '/cycles/{cycleId}/training-units/{unitId}',
      pathParameters: { cycleId, unitId },
      body: {
        name: `${unitId}技师学院`,
        kind: 'technician-college',
        city: '南京市',
        majors: [{ code: '0102-4', name: '数控加工' }],
      },
      caller: admin,
    }),
    201,
  );
  ok(
    await callCohorts({
      method: 'PUT',
      route: '/cycles/{cycleId}/training-units/{unitId}/plan',
      pathParameters: { cycleId, unitId },
      body: {
        startsOn: `${year}-03-01`,
        endsOn: `${year}-07-31`,
        theoryHours: 4,
        practiceHours: 6,
        credits: 2,
      },
      caller: admin,
    }),
  );
  const trainee = ok(
    await callCohorts({
      method: 'POST',
      route: '/cycles/{cycleId}/trainees',
      pathParameters: { cycleId },
      body: { nominationId: seeded.nominationIds[0], unitId, majorCode: '0102-4', homeCity: '南京市' },
      caller: admin,
    }),
    201,
  );
  if (endAt) {
    ok(
      await callCohorts({
        method: 'POST',
        route: '/cycles/{cycleId}/training-units/{unitId}/grades',
        pathParameters: { cycleId, unitId },
        body: { grades: [{ traineeId: trainee.traineeId, grade: '合格' }] },
        caller: admin,
      }),
    );
    const cycle = await readCycle(asAgencyId(AG), cycleId);
    const stage = cycle?.stages.find((s) => s.kind === 'acceptance');
    if (!cycle || !stage) throw new Error('no acceptance stage');
    const { programmeOfCycle } = await import('../src/roster');
    await jiangsuStageHooks.acceptance?.closed?.({
      agencyId: asAgencyId(AG),
      cycle,
      programme: await programmeOfCycle(cycle),
      stage,
      at: endAt,
    });
  }
  return trainee.traineeId as string;
};

const nominate = async (
  residentId: string,
  attributes: Record<string, unknown> = {},
  nominee: Record<string, unknown> = {},
) =>
  call({
    method: 'POST',
    route: '/nominations',
    body: jiangsuNomination(
      await openCycle(),
      {
        attributes: {
          basis: '苏办发〔2019〕20号 高技能领军人才',
          receivedChiefTechnicianSubsidy: false,
          ...attributes,
        },
      },
      { residentId, ...nominee },
    ),
    caller: admin,
  });

// 2025-12-31T16:00Z is 2026-01-01 in Shanghai: exactly 3 years before 1 January 2029.
const ENDS_ON_BOUNDARY = '2025-12-31T16:00:00.000Z';
// 2026-01-01T16:00Z is 2026-01-02 in Shanghai: one day short.
const ENDS_A_DAY_LATE = '2026-01-01T16:00:00.000Z';

describe('the platform’s participation records in nomination intake (JS-EXCLUSIONS)', () => {
  it('accepts a person whose recorded participation ended exactly 3 years before 1 January of the programme year (JS-EXCLUSIONS)', async () => {
    const residentId = person();
    await participation(residentId, 2025, ENDS_ON_BOUNDARY);
    const r = await nominate(residentId);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // the attribute stays as the nominator typed it (empty)
    expect(r.body.attributes.previousParticipationEndedOn).toBeUndefined();
  });

  it('refuses a person whose recorded participation ended a day later, the attribute left empty (JS-EXCLUSIONS)', async () => {
    const residentId = person();
    await participation(residentId, 2025, ENDS_A_DAY_LATE);
    const r = await nominate(residentId);
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({
      ruleId: 'JS-EXCLUSIONS',
      field: 'body.attributes.previousParticipationEndedOn',
    });
    expect(r.body.errors[0].message).toContain('2026-01-02');
  });

  it('reads the later of the attribute and the recorded end (JS-EXCLUSIONS)', async () => {
    const residentId = person();
    await participation(residentId, 2025, ENDS_A_DAY_LATE);
    // an earlier typed date does not hide the recorded one
    const earlier = await nominate(residentId, { previousParticipationEndedOn: '2020-06-30' });
    expect(earlier.status).toBe(422);
    expect(earlier.body.errors[0].ruleId).toBe('JS-EXCLUSIONS');
    // a later typed date (another participation the platform has no record of) still counts
    const other = person();
    await participation(other, 2024, '2024-12-31T16:00:00.000Z');
    const typed = await nominate(other, { previousParticipationEndedOn: '2026-01-02' });
    expect(typed.status).toBe(422);
    expect(typed.body.errors[0].message).toContain('2026-01-02');
    expect((await nominate(other)).status).toBe(201);
  });

  it('refuses a person currently in training in an earlier cycle (JS-EXCLUSIONS)', async () => {
    const residentId = person();
    await participation(residentId, 2028);
    const r = await nominate(residentId);
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({
      ruleId: 'JS-EXCLUSIONS',
      field: 'body.attributes.previousParticipationEndedOn',
    });
    expect(r.body.errors[0].message).toContain('in training');
  });

  it('re-checks the records on update, submission and the reviewer’s override (JS-EXCLUSIONS)', async () => {
    const residentId = person();
    // 技师 needs a reviewer's override (JS-LEVEL), so the nomination is `needs-override`
    const created = ok(await nominate(residentId, {}, { skillLevel: '技师' }), 201);
    expect(created.eligibility.status).toBe('needs-override');
    await participation(residentId, 2025, ENDS_A_DAY_LATE);
    const id = created.nominationId as string;
    const update = await call({
      method: 'PATCH',
      route: '/nominations/{nominationId}',
      pathParameters: { nominationId: id },
      headers: { 'if-match': `"${created.version}"` },
      body: { attributes: { basis: '更新后的依据', receivedChiefTechnicianSubsidy: false } },
      caller: admin,
    });
    expect(update.status, JSON.stringify(update.body)).toBe(422);
    expect(update.body.errors[0].ruleId).toBe('JS-EXCLUSIONS');
    const submit = await call({
      method: 'POST',
      route: '/nominations/{nominationId}/submit',
      pathParameters: { nominationId: id },
      caller: admin,
    });
    expect(submit.status).toBe(422);
    expect(submit.body.errors[0].ruleId).toBe('JS-EXCLUSIONS');
    const override = await call({
      method: 'POST',
      route: '/nominations/{nominationId}/overrides',
      pathParameters: { nominationId: id },
      body: { ruleId: 'JS-LEVEL', reason: '特别优秀' },
      caller: reviewer,
    });
    expect(override.status).toBe(422);
    expect(override.body.errors[0].ruleId).toBe('JS-EXCLUSIONS');
  });

  it('ignores another agency’s participation records (JS-EXCLUSIONS, X-TENANT)', async () => {
    const residentId = person();
    // the same fingerprint under another tenant's key: never read by this agency's intake
    const fp = personFingerprint(asAgencyId(AG), residentId);
    const other = asAgencyId('lishui');
    await getDocumentClient().send(
      new PutCommand({
        TableName: mainTableName(),
        Item: {
          PK: participationPk(other, fp),
          SK: endedSk('2028-06-30', 'x-trainee'),
          traineeId: 'x-trainee',
          endedOn: '2028-06-30',
        },
      }),
    );
    const r = await nominate(residentId);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });
});
