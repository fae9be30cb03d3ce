import { randomInt, randomUUID } from 'node:crypto';
import { asAgencyId } from '@talent/data';
import { addDays } from '@talent/kernel';
import { describe, expect, it } from 'vitest';
import { residentIdFor } from '../../../test/support/people';
import { type ParticipationRecord, participationOf } from '../src/jiangsu/participation-reader';
import { readTrainee } from '../src/jiangsu/use-cases';
import {
  AG,
  addSession,
  admin,
  at,
  attend,
  call,
  closeAcceptance,
  enrol,
  OTHER,
  ok,
  putPlan,
  putUnit,
  seed,
  submitGrades,
  unitCaller,
} from './jiangsu-support';

// The participation records the cohorts service keeps for nominations intake (JS-EXCLUSIONS,
// repeat-gap): in training from enrolment, moved along by deferral and year 2 (JS-DEFERRAL,
// JS-TRACKING), ended by the final acceptance of the last tracked year.

/**
 * One trainee, a person of its own (seeded official lists repeat their resident IDs across test
 * files), in a unit of the `year` cycle with a 10-hour plan and its two sessions; `attendAll` gives
 * full attendance.
 */
const oneTrainee = async (opts: { attendAll?: boolean; year?: number } = {}) => {
  const year = opts.year ?? 2026;
  const residentId = residentIdFor(addDays('1975-01-01', randomInt(0, 5000)), 2 * randomInt(0, 500) + 1);
  const seeded = await seed([{ category: 'A', unitId: 'emp-1', nominee: { residentId } }], year);
  const unitId = `tu-${randomUUID().slice(0, 6)}`;
  await yearTwoUnit(seeded.cycleId, unitId, year);
  const theory = ok(
    await addSession(seeded.cycleId, unitId, {
      date: `${year}-03-10`,
      kind: 'theory',
      title: '前沿理论',
      hours: 4,
      credits: 1,
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
  const t = ok(await enrol(seeded.cycleId, seeded.nominationIds[0] as string, unitId), 201);
  if (opts.attendAll) {
    ok(await attend(t.traineeId, theory, { present: true, hours: 4, credits: 1 }));
    ok(await attend(t.traineeId, practice, { present: true, hours: 6, credits: 1 }));
  }
  return {
    cycleId: seeded.cycleId,
    unitId,
    traineeIds: [t.traineeId as string],
    nominationIds: seeded.nominationIds,
  };
};

const fingerprintOf = async (traineeId: string) => {
  const t = await readTrainee(asAgencyId(AG), traineeId);
  if (!t) throw new Error('no trainee');
  return t.personFingerprint;
};
const recordOf = async (fp: string): Promise<ParticipationRecord> => participationOf(asAgencyId(AG), fp);
const ids = (r: ParticipationRecord) => r.inTraining.map((t) => t.traineeId);

const continueInto = (traineeId: string, toCycleId: string) =>
  call({
    method: 'POST',
    route: '/trainees/{traineeId}/continuation',
    pathParameters: { traineeId },
    body: { toCycleId },
    caller: admin(),
  });

const yearTwoUnit = async (cycleId: string, unitId: string, year: number) => {
  ok(await putUnit(cycleId, unitId), 201);
  ok(
    await putPlan(cycleId, unitId, {
      startsOn: `${year}-03-01`,
      endsOn: `${year}-07-31`,
      theoryHours: 4,
      practiceHours: 6,
      credits: 2,
    }),
  );
};

describe('Jiangsu participation records (JS-EXCLUSIONS)', () => {
  it('records a trainee in training from enrolment, and keeps another agency out (JS-EXCLUSIONS)', async () => {
    const c = await oneTrainee();
    const t = c.traineeIds[0] as string;
    const fp = await fingerprintOf(t);
    const r = await recordOf(fp);
    expect(r.lastEndedOn).toBeUndefined();
    expect(r.inTraining).toEqual([
      { traineeId: t, cycleId: c.cycleId, year: 2026, nominationId: c.nominationIds[0] },
    ]);
    expect(await participationOf(asAgencyId(OTHER), fp)).toEqual({ inTraining: [] });
    // nothing for an unknown or unusable fingerprint
    expect(await participationOf(asAgencyId(AG), undefined)).toEqual({ inTraining: [] });
    expect(await participationOf(asAgencyId(AG), 'a b#c')).toEqual({ inTraining: [] });
  });

  it('does not end the participation on a deferral: the next year’s record is in training (JS-EXCLUSIONS, JS-DEFERRAL)', async () => {
    const c = await oneTrainee();
    const t = c.traineeIds[0] as string;
    const next = await seed([], 2027);
    ok(await putUnit(next.cycleId, c.unitId), 201);
    const r = ok(
      await call({
        method: 'POST',
        route: '/trainees/{traineeId}/deferral',
        pathParameters: { traineeId: t },
        body: { toCycleId: next.cycleId, reason: '工作原因' },
        caller: unitCaller(c.unitId),
      }),
      201,
    );
    const record = await recordOf(await fingerprintOf(t));
    expect(record.lastEndedOn).toBeUndefined();
    expect(ids(record)).toEqual([r.next.traineeId]);
  });

  it('ends a failed year 1 at its final acceptance, on the Shanghai date (JS-EXCLUSIONS)', async () => {
    const c = await oneTrainee(); // no attendance: 不合格 (JS-ATTENDANCE-FAIL), no year 2
    const t = c.traineeIds[0] as string;
    ok(await submitGrades(c.cycleId, c.unitId, [{ traineeId: t, grade: '合格' }]));
    const fp = await fingerprintOf(t);
    expect((await recordOf(fp)).lastEndedOn).toBeUndefined(); // provisional grades end nothing
    at('2026-12-31T16:30:00Z'); // 2027-01-01 in Shanghai
    await closeAcceptance(c.cycleId);
    await closeAcceptance(c.cycleId); // idempotent
    const r = await recordOf(fp);
    expect(r).toEqual({ lastEndedOn: '2027-01-01', inTraining: [] });
    at('2026-04-01T02:00:00Z');
  });

  it('keeps a passed year 1 in training and ends the participation with year 2’s final acceptance (JS-EXCLUSIONS, JS-TRACKING)', async () => {
    const y1 = await oneTrainee({ attendAll: true });
    const t = y1.traineeIds[0] as string;
    const fp = await fingerprintOf(t);
    ok(await submitGrades(y1.cycleId, y1.unitId, [{ traineeId: t, grade: '合格' }]));
    await closeAcceptance(y1.cycleId);
    const afterYear1 = await recordOf(fp);
    expect(afterYear1.lastEndedOn).toBeUndefined();
    expect(ids(afterYear1)).toEqual([t]);
    const y2 = await seed([], 2027);
    await yearTwoUnit(y2.cycleId, y1.unitId, 2027);
    const next = ok(await continueInto(t, y2.cycleId), 201).next.traineeId as string;
    expect(ids(await recordOf(fp))).toEqual([next]);
    const th = ok(
      await addSession(y2.cycleId, y1.unitId, {
        date: '2027-03-10',
        kind: 'theory',
        title: 't',
        hours: 4,
        credits: 1,
      }),
      201,
    );
    const pr = ok(
      await addSession(y2.cycleId, y1.unitId, {
        date: '2027-03-11',
        kind: 'practice',
        title: 'p',
        hours: 6,
        credits: 1,
      }),
      201,
    );
    ok(await attend(next, th.sessionId, { present: true, hours: 4, credits: 1 }));
    ok(await attend(next, pr.sessionId, { present: true, hours: 6, credits: 1 }));
    ok(await submitGrades(y2.cycleId, y1.unitId, [{ traineeId: next, grade: '合格' }]));
    at('2027-11-20T04:00:00Z');
    await closeAcceptance(y2.cycleId);
    expect(await recordOf(fp)).toEqual({ lastEndedOn: '2027-11-20', inTraining: [] });
    at('2026-04-01T02:00:00Z');
  });
});
