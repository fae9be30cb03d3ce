/**
 * A unit's grading with no per-unit limit (JS-GRADES): a first submission locks the unit through its
 * `GRADING#<unitId>` item (`state: 'locking'`), which every trainee change checks is absent, then
 * writes the grading in five items whatever the number of trainees. Units of more than 95 trainees
 * (the old one-check-per-trainee transaction limit), seeded straight into the table for speed.
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { asAgencyId, getDocumentClient, mainTableName } from '@talent/data';
import { describe, expect, it } from 'vitest';
import { acceptanceForFunding } from '../src/jiangsu/funding-read';
import { endedSk, participationPk } from '../src/jiangsu/participation-reader';
import { jiangsuStageHooks } from '../src/jiangsu/stage-hooks';
import { cyclePk, traineeIndexSk, traineePk, traineesIndexPk } from '../src/jiangsu/store';
import { GRADING_LOCK_TTL_MS, type GradeRow } from '../src/jiangsu/use-cases';
import {
  AG,
  addSession,
  admin,
  attend,
  call,
  closeAcceptance,
  enrol,
  entries,
  file,
  gradesFor,
  hookContext,
  ok,
  PLAN_10H,
  putPlan,
  putUnit,
  seed,
  submitGrades,
  unitCaller,
} from './jiangsu-support';

const ag = asAgencyId(AG);
const db = () => getDocumentClient();
const repeat = (grade: string, n: number) => Array.from({ length: n }, () => grade);

interface BigUnit {
  readonly cycleId: string;
  readonly unitId: string;
  readonly traineeIds: string[];
  readonly practice: string;
  /** Official-list nominations of the cycle not enrolled. */
  readonly spareNominationIds: readonly string[];
}

/**
 * A cycle with one unit (10-hour plan, 2 credits; a 6-hour practice session) and `n` active trainees
 * written straight into the table as enrolment writes them (the trainee item with its GSI1 keys, the
 * unit's roster count), with full attendance totals (10 h, 2 credits) unless `hours` says otherwise.
 */
const bigUnit = async (
  n: number,
  opts: {
    hours?: (i: number) => number;
    participationYear?: (i: number) => 1 | 2;
    spare?: number;
    reports?: boolean;
  } = {},
): Promise<BigUnit> => {
  const s = await seed(entries(opts.spare ?? 0));
  const unitId = `tu-${randomUUID().slice(0, 6)}`;
  ok(await putUnit(s.cycleId, unitId), 201);
  ok(await putPlan(s.cycleId, unitId, PLAN_10H));
  const practice = ok(
    await addSession(s.cycleId, unitId, {
      date: '2026-04-10',
      kind: 'practice',
      title: '实操实训',
      hours: 6,
      credits: 1,
    }),
    201,
  ).sessionId as string;
  const at = '2026-04-01T02:00:00.000Z';
  const traineeIds = Array.from({ length: n }, (_, i) => `t-${i}-${randomUUID().slice(0, 8)}`);
  const items: Record<string, unknown>[] = traineeIds.map((traineeId, i) => {
    const hours = opts.hours?.(i) ?? 10;
    return {
      PK: traineePk(ag, traineeId),
      SK: 'TRAINEE',
      GSI1PK: traineesIndexPk(ag, s.cycleId),
      GSI1SK: traineeIndexSk(unitId, traineeId),
      entityKind: 'JsTrainee',
      traineeId,
      cycleId: s.cycleId,
      year: 2026,
      nominationId: `n-${traineeId}`,
      category: i % 2 === 0 ? 'A' : 'B',
      employerUnitId: 'emp-1',
      name: `学员${i}`,
      residentIdMasked: '110101********1234',
      personFingerprint: `fp-${traineeId}`,
      unitId,
      majorCode: '0102-4',
      majorName: '数控加工',
      unitCity: '南京市',
      homeCity: '南京市',
      outOfTown: false,
      hoursAttended: hours,
      creditsEarned: hours >= 10 ? 2 : 1,
      reportSubmitted: opts.reports ?? true,
      status: 'active',
      participationYear: opts.participationYear?.(i) ?? 1,
      deferralsUsed: 0,
      version: 1,
      createdAt: at,
      updatedAt: at,
      updatedBy: 'seed',
    };
  });
  items.push({
    PK: cyclePk(ag, s.cycleId),
    SK: `ROSTER#${unitId}`,
    entityKind: 'JsUnitRoster',
    unitId,
    enrolled: n,
  });
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const r = await db().send(new BatchWriteCommand({ RequestItems: { [mainTableName()]: pending } }));
      pending = (r.UnprocessedItems?.[mainTableName()] ?? []) as typeof pending;
    }
  }
  return { cycleId: s.cycleId, unitId, traineeIds, practice, spareNominationIds: s.nominationIds };
};

const gradingItem = async (cycleId: string, unitId: string) =>
  (
    await db().send(
      new GetCommand({
        TableName: mainTableName(),
        Key: { PK: cyclePk(ag, cycleId), SK: `GRADING#${unitId}` },
        ConsistentRead: true,
      }),
    )
  ).Item;

/** A lock as a first submission writes it, `ageMs` old (a crashed request's once older than the TTL). */
const writeLock = (cycleId: string, unitId: string, ageMs: number) =>
  db().send(
    new PutCommand({
      TableName: mainTableName(),
      Item: {
        PK: cyclePk(ag, cycleId),
        SK: `GRADING#${unitId}`,
        entityKind: 'JsGradingLock',
        cycleId,
        unitId,
        state: 'locking',
        lockedBy: `crashed-${randomUUID()}`,
        lockedAt: new Date(Date.now() - ageMs).toISOString(),
      },
    }),
  );

const getGrades = (cycleId: string, unitId: string) =>
  call({
    method: 'GET',
    route: '/cycles/{cycleId}/training-units/{unitId}/grades',
    pathParameters: { cycleId, unitId },
    caller: admin(),
  });

const acceptanceOf = async (cycleId: string) =>
  ok(
    await call({
      method: 'GET',
      route: '/cycles/{cycleId}/acceptance',
      pathParameters: { cycleId },
      caller: admin(),
    }),
  );

const gradingAudit = async (cycleId: string) =>
  (
    (
      await db().send(
        new QueryCommand({
          TableName: mainTableName(),
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)',
          ExpressionAttributeValues: { ':pk': cyclePk(ag, cycleId), ':a': 'AUDIT#' },
          ConsistentRead: true,
        }),
      )
    ).Items ?? []
  ).filter((a) => a.entityType === 'JsGrading');

const defer = (traineeId: string, toCycleId: string) =>
  call({
    method: 'POST',
    route: '/trainees/{traineeId}/deferral',
    pathParameters: { traineeId },
    body: { toCycleId, reason: '工作原因' },
    caller: admin(),
  });

const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x), 'utf8');

describe('Jiangsu grading of units beyond 95 trainees', () => {
  it('grades a unit of 130 active trainees in one request: 39 优秀 of 130 allowed, 40 refused, and the stage hooks, the acceptance and its close see it graded (JS-GRADES, JS-GRADE-QUOTA, JS-ACCEPTANCE, JS-EXCLUSIONS)', async () => {
    // 110 year-2 trainees: closing the acceptance ends 110 participations (more than one transaction holds).
    const u = await bigUnit(130, { participationYear: (i) => (i < 110 ? 2 : 1), reports: false });
    const grading = await hookContext(u.cycleId, 'grading');
    expect(await jiangsuStageHooks.grading?.blockers?.(grading)).toEqual([
      expect.objectContaining({ ruleId: 'JS-GRADES', path: `trainingUnits.${u.unitId}` }),
    ]);
    const forty = await submitGrades(
      u.cycleId,
      u.unitId,
      gradesFor(u.traineeIds, [...repeat('优秀', 40), ...repeat('合格', 90)]),
      unitCaller(u.unitId),
    );
    expect(forty.status).toBe(422);
    expect(forty.body.errors[0]).toMatchObject({ ruleId: 'JS-GRADE-QUOTA', field: 'body.grades' });
    const fortyGood = await submitGrades(
      u.cycleId,
      u.unitId,
      gradesFor(u.traineeIds, [...repeat('良好', 40), ...repeat('合格', 90)]),
    );
    expect(fortyGood.status).toBe(422);
    expect(fortyGood.body.errors[0].ruleId).toBe('JS-GRADE-QUOTA');
    const missingOne = await submitGrades(u.cycleId, u.unitId, gradesFor(u.traineeIds.slice(1), []));
    expect(missingOne.status).toBe(422);
    expect(missingOne.body.errors[0]).toMatchObject({ ruleId: 'JS-GRADES', field: 'body.grades' });
    const proposed = [...repeat('优秀', 39), ...repeat('良好', 39), ...repeat('合格', 52)];
    const g = ok(
      await submitGrades(u.cycleId, u.unitId, gradesFor(u.traineeIds, proposed), unitCaller(u.unitId)),
    );
    expect(g.version).toBe(1);
    expect(g.grades).toHaveLength(130);
    expect(g.grades.filter((r: GradeRow) => r.grade === '优秀')).toHaveLength(39);
    expect(g.grades.filter((r: GradeRow) => r.grade === '良好')).toHaveLength(39);
    expect(g.flags).toHaveLength(130); // JS-REPORT: no report yet, flagged, not blocking
    const stored = await gradingItem(u.cycleId, u.unitId);
    expect(stored).toMatchObject({ entityKind: 'JsGrading', version: 1 });
    expect(stored?.state).toBeUndefined();
    expect(stored?.lockedBy).toBeUndefined();
    // the stage hooks and the acceptance see the unit as graded
    expect(await jiangsuStageHooks.grading?.blockers?.(grading)).toEqual([]);
    expect(
      await jiangsuStageHooks.acceptance?.blockers?.(await hookContext(u.cycleId, 'acceptance')),
    ).toEqual([]);
    const provisional = (await acceptanceOf(u.cycleId)).units.find(
      (x: { unitId: string }) => x.unitId === u.unitId,
    );
    expect(provisional).toMatchObject({
      status: 'provisional',
      passed: 130,
      gradedByCategory: { A: 65, B: 65 },
    });
    // a resubmission names the version (no lock, no per-trainee checks)
    const again = ok(
      await submitGrades(u.cycleId, u.unitId, gradesFor(u.traineeIds, [...proposed].reverse()), admin(), {
        'if-match': '"1"',
      }),
    );
    expect(again.version).toBe(2);
    expect(again.grades[0].grade).toBe('合格');
    // the close makes it final and ends the 110 year-2 participations
    await closeAcceptance(u.cycleId);
    await closeAcceptance(u.cycleId); // idempotent
    expect((await gradingItem(u.cycleId, u.unitId))?.finalAt).toBeDefined();
    const final = (await acceptanceOf(u.cycleId)).units.find(
      (x: { unitId: string }) => x.unitId === u.unitId,
    );
    expect(final).toMatchObject({ status: 'final', passed: 130 });
    const endedOn = '2026-04-01';
    for (const i of [0, 109]) {
      const t = u.traineeIds[i] as string;
      const ended = await db().send(
        new GetCommand({
          TableName: mainTableName(),
          Key: { PK: participationPk(ag, `fp-${t}`), SK: endedSk(endedOn, t) },
          ConsistentRead: true,
        }),
      );
      expect(ended.Item).toMatchObject({ reason: 'tracking-completed', traineeId: t });
    }
    const facts = await acceptanceForFunding(ag, u.cycleId);
    expect(facts).toHaveLength(130);
    expect(facts.every((f) => f.final)).toBe(true);
  }, 30_000);

  it('keeps the grading of 250 trainees, each flagged, far below DynamoDB’s 400 KB item limit, and its resubmission audit too (JS-GRADES)', async () => {
    const u = await bigUnit(3, { reports: false });
    const g = ok(await submitGrades(u.cycleId, u.unitId, gradesFor(u.traineeIds, [])));
    const row = g.grades[0] as GradeRow;
    const flag = g.flags[0];
    const id = () => `01${randomUUID().replaceAll('-', '').slice(0, 24).toUpperCase()}`; // a 26-char id
    const grades = Array.from({ length: 250 }, (_, i) => ({
      ...row,
      traineeId: id(),
      proposedGrade: '基本合格',
      grade: '基本合格',
      score: 87.5,
      hoursAttended: 1234.5,
      hoursRequired: 1500,
      creditsEarned: 123.5,
      creditsRequired: 150,
      ...(i % 2 === 0 ? { category: 'B' } : {}),
    }));
    const flags = grades.map((_, i) => ({ ...flag, path: `body.grades[${i}].researchReportSubmitted` }));
    const item = {
      PK: cyclePk(ag, u.cycleId),
      SK: `GRADING#size-${u.unitId}`,
      entityKind: 'JsGrading',
      cycleId: u.cycleId,
      unitId: u.unitId,
      grades,
      flags,
      version: 12,
      submittedAt: g.submittedAt,
      submittedBy: g.submittedBy,
    };
    const size = bytes(item);
    // The audit record of a resubmission holds the grading twice (before and after).
    const { PK: _pk, SK: _sk, ...snapshot } = item;
    const auditSize = bytes({ before: snapshot, after: snapshot });
    console.info(
      `grading of 250 rows: ${size} bytes JSON (rows ${bytes(grades)}, flags ${bytes(flags)}); resubmission audit: ${auditSize} bytes`,
    );
    expect(size).toBeLessThan(128 * 1024); // under a third of 400 KB
    expect(auditSize).toBeLessThan(256 * 1024);
    // DynamoDB (Local) stores both.
    const audit = {
      PK: item.PK,
      SK: `AUDIT#size-${u.unitId}`,
      entityType: 'JsGrading',
      before: snapshot,
      after: snapshot,
    };
    for (const Item of [item, audit]) {
      await db().send(new PutCommand({ TableName: mainTableName(), Item }));
      const back = await db().send(
        new GetCommand({
          TableName: mainTableName(),
          Key: { PK: Item.PK, SK: Item.SK },
          ConsistentRead: true,
        }),
      );
      expect(back.Item).toBeDefined();
    }
  });

  it('leaves no grading item after a refused submission of a unit of 130, and takes trainee changes again (JS-GRADES, JS-GRADE-QUOTA, JS-ACCEPTANCE)', async () => {
    const u = await bigUnit(130, { hours: (i) => (i === 0 ? 4 : 10) });
    const t = u.traineeIds[0] as string;
    const over = await submitGrades(
      u.cycleId,
      u.unitId,
      gradesFor(u.traineeIds, [...repeat('合格', 90), ...repeat('优秀', 40)]),
    );
    expect(over.status).toBe(422);
    expect(over.body.errors[0].ruleId).toBe('JS-GRADE-QUOTA');
    expect(await gradingItem(u.cycleId, u.unitId)).toBeUndefined();
    expect((await getGrades(u.cycleId, u.unitId)).status).toBe(404);
    ok(await attend(t, u.practice, { present: true, hours: 6, credits: 1 }));
    expect(ok(await file(t)).trainee.hoursAttended).toBe(10);
    // A refusal after the lock (the acceptance became final meanwhile: the marker fails the
    // grading's write) deletes the lock before answering.
    const v = await bigUnit(96);
    const w = v.traineeIds[0] as string;
    await closeAcceptance(v.cycleId);
    const late = await submitGrades(v.cycleId, v.unitId, gradesFor(v.traineeIds, []));
    expect(late.status).toBe(409);
    expect(late.body.ruleId).toBe('JS-ACCEPTANCE');
    expect(await gradingItem(v.cycleId, v.unitId)).toBeUndefined();
    ok(await attend(w, v.practice, { present: true, hours: 6, credits: 1 }));
    expect(ok(await file(w)).grade).toBeNull();
  }, 30_000);

  it('grades the trainees of a unit of 130 as they are: an attendance change racing the first submission lands before it and is graded, or is refused, never lost (JS-ATTENDANCE-FAIL, JS-GRADES)', async () => {
    // The change starts with the submission or a little later, to meet it before, during and after its lock.
    for (const delayMs of [0, 20, 40, 60, 90, 130]) {
      // trainee 0 has 4 of 10 hours (below 70%: 不合格) until its 6 practice hours are recorded
      const u = await bigUnit(130, { hours: (i) => (i === 0 ? 4 : 10) });
      const t = u.traineeIds[0] as string;
      const [grades, change] = await Promise.all([
        submitGrades(u.cycleId, u.unitId, gradesFor(u.traineeIds, [])),
        new Promise((r) => setTimeout(r, delayMs)).then(() =>
          attend(t, u.practice, { present: true, hours: 6, credits: 1 }),
        ),
      ]);
      const hours = ok(await file(t)).trainee.hoursAttended;
      expect(change.status === 200 ? 10 : 4).toBe(hours); // never lost
      expect(grades.status).toBe(200); // the change never fails the submission: it is refused instead
      const row = grades.body.grades.find((r: GradeRow) => r.traineeId === t);
      expect(row.hoursAttended).toBe(hours); // never graded stale
      expect(row.autoFailed).toBe(hours < 7);
      if (change.status !== 200) {
        expect(change.status).toBe(409);
        expect(change.body.ruleId).toBe('JS-GRADES');
      }
    }
  }, 30_000);

  it('refuses a concurrent submission (409) and trainee changes while a fresh lock is held, hides it from every reader, and takes over a lock left by a crashed request (JS-GRADES, JS-GRADE-QUOTA, JS-DEFERRAL, JS-ACCEPTANCE)', async () => {
    // trainee 0 has 4 of 10 hours until its 6 practice hours are recorded
    const u = await bigUnit(100, { spare: 1, hours: (i) => (i === 0 ? 4 : 10) });
    const t = u.traineeIds[0] as string;
    const next = await seed([], 2027);
    ok(await putUnit(next.cycleId, u.unitId), 201);
    await writeLock(u.cycleId, u.unitId, 1_000);
    const first = await submitGrades(u.cycleId, u.unitId, gradesFor(u.traineeIds, []));
    expect(first.status).toBe(409);
    expect(first.body.ruleId).toBe('JS-GRADE-QUOTA');
    const resubmission = await submitGrades(u.cycleId, u.unitId, gradesFor(u.traineeIds, []), admin(), {
      'if-match': '"1"',
    });
    expect(resubmission.status).toBe(409);
    expect(resubmission.body.ruleId).toBe('P-VERSION-MATCH');
    const attendance = await attend(t, u.practice, { present: true, hours: 6, credits: 1 });
    expect(attendance.status).toBe(409);
    expect(attendance.body.ruleId).toBe('JS-GRADES');
    expect(attendance.body.detail).toMatch(/being submitted/);
    const enrolled = await enrol(u.cycleId, u.spareNominationIds[0] as string, u.unitId);
    expect(enrolled.status).toBe(409);
    expect(enrolled.body.ruleId).toBe('JS-GRADES');
    const deferral = await defer(t, next.cycleId);
    expect(deferral.status).toBe(409);
    expect(deferral.body.ruleId).toBe('JS-DEFERRAL');
    const plan = await putPlan(u.cycleId, u.unitId, { ...PLAN_10H, theoryHours: 5, practiceHours: 7 });
    expect(plan.status).toBe(409);
    expect(plan.body.ruleId).toBe('JS-GRADES');
    // every reader: no grades yet
    expect((await getGrades(u.cycleId, u.unitId)).status).toBe(404);
    expect(ok(await file(t)).grade).toBeNull();
    expect(await jiangsuStageHooks.grading?.blockers?.(await hookContext(u.cycleId, 'grading'))).toEqual([
      expect.objectContaining({ path: `trainingUnits.${u.unitId}` }),
    ]);
    expect(
      (await acceptanceOf(u.cycleId)).units.find((x: { unitId: string }) => x.unitId === u.unitId).status,
    ).toBe('not-submitted');
    expect(await acceptanceForFunding(ag, u.cycleId)).toEqual([]);
    expect(ok(await file(t)).trainee).toMatchObject({ hoursAttended: 4, status: 'active', version: 1 });

    // The lock of a request that crashed more than the TTL ago: trainee changes pass it again and
    // the next submission takes it over.
    await writeLock(u.cycleId, u.unitId, GRADING_LOCK_TTL_MS + 5_000);
    ok(await attend(t, u.practice, { present: true, hours: 6, credits: 1 }));
    expect(ok(await file(t)).trainee.hoursAttended).toBe(10);
    const g = ok(await submitGrades(u.cycleId, u.unitId, gradesFor(u.traineeIds, [])));
    expect(g.version).toBe(1);
    expect(g.grades.find((r: GradeRow) => r.traineeId === t)).toMatchObject({
      hoursAttended: 10,
      autoFailed: false,
      grade: '合格',
    });
    const stored = await gradingItem(u.cycleId, u.unitId);
    expect(stored).toMatchObject({ entityKind: 'JsGrading', version: 1 });
    expect(stored?.state).toBeUndefined();
    expect((await gradingAudit(u.cycleId)).map((a) => a.action)).toEqual(['js.grades.submitted']);
    expect((await attend(t, u.practice, { present: false, hours: 0, credits: 0 })).status).toBe(409);
  }, 30_000);

  it('never makes a lock final when the acceptance closes: the unit stays without grades (JS-ACCEPTANCE)', async () => {
    const u = await bigUnit(2);
    await writeLock(u.cycleId, u.unitId, 1_000);
    await closeAcceptance(u.cycleId);
    const item = await gradingItem(u.cycleId, u.unitId);
    expect(item).toMatchObject({ state: 'locking' });
    expect(item?.finalAt).toBeUndefined();
    expect(
      (await acceptanceOf(u.cycleId)).units.find((x: { unitId: string }) => x.unitId === u.unitId).status,
    ).toBe('not-submitted');
    expect(await acceptanceForFunding(ag, u.cycleId)).toEqual([]);
  });

  it('lets exactly one of concurrent first submissions for a unit of 130 land (JS-GRADE-QUOTA)', async () => {
    const u = await bigUnit(130);
    const proposals = [0, 1, 2, 3].map((k) =>
      gradesFor(
        u.traineeIds,
        u.traineeIds.map((_, i) => ((i + k) % 10 < 3 ? '优秀' : '合格')),
      ),
    );
    const results = await Promise.all(proposals.map((p) => submitGrades(u.cycleId, u.unitId, p)));
    const landed = results.filter((r) => r.status === 200);
    expect(landed).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.ruleId).toBe('JS-GRADE-QUOTA');
    }
    const winner = results.findIndex((r) => r.status === 200);
    const stored = await gradingItem(u.cycleId, u.unitId);
    expect(stored?.version).toBe(1);
    expect(((stored?.grades ?? []) as GradeRow[]).map((r) => r.grade)).toEqual(
      (proposals[winner] as { grade: string }[]).map((p) => p.grade),
    );
    expect((await gradingAudit(u.cycleId)).map((a) => a.action)).toEqual(['js.grades.submitted']);
  }, 30_000);
});
