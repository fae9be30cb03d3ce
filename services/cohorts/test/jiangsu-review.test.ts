/**
 * The review findings on the Jiangsu cohort (c557e82): unit scope with a second role, ids from
 * import cells, work refused once grading started or the acceptance is final, consistent grading,
 * recusal through the reviewer registry, grade resubmission by import, and the import row limit.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { asAgencyId, getDocumentClient, mainTableName, tenantKey } from '@talent/data';
import { describe, expect, it } from 'vitest';
import {
  AG,
  addSession,
  admin,
  attend,
  call,
  closeAcceptance,
  cohort,
  enrol,
  entries,
  file,
  gradesFor,
  ok,
  PLAN_10H,
  putPlan,
  putUnit,
  role,
  seed,
  submitGrades,
  unitCaller,
} from './jiangsu-support';

const csv = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8').toString('base64');

const importTo = (
  kind: 'attendance' | 'grade',
  cycleId: string,
  unitId: string,
  body: Record<string, unknown>,
  caller = admin(),
  headers?: Record<string, string>,
) =>
  call({
    method: 'POST',
    route: `/cycles/{cycleId}/training-units/{unitId}/${kind}-imports`,
    pathParameters: { cycleId, unitId },
    body,
    caller,
    ...(headers ? { headers } : {}),
  });

const allPass = (ids: readonly string[]) =>
  gradesFor(
    ids,
    ids.map(() => '合格'),
  );

const submitReport = (traineeId: string, unitId: string) =>
  call({
    method: 'POST',
    route: '/trainees/{traineeId}/report',
    pathParameters: { traineeId },
    body: { title: '研修报告', submittedOn: '2026-08-20' },
    caller: unitCaller(unitId),
  });

const score = (traineeId: string, caller: Parameters<typeof call>[0]['caller'], value = 80) =>
  call({
    method: 'PUT',
    route: '/trainees/{traineeId}/report/score',
    pathParameters: { traineeId },
    body: { score: value },
    caller,
  });

const defer = (traineeId: string, toCycleId: string, caller = admin()) =>
  call({
    method: 'POST',
    route: '/trainees/{traineeId}/deferral',
    pathParameters: { traineeId },
    body: { toCycleId, reason: '工作原因' },
    caller,
  });

describe('Jiangsu review findings', () => {
  it('holds a [unit, finance] token to its own unit: trainees, files, sessions and grades of another unit are not visible (P-UNIT-SCOPE)', async () => {
    const c = await cohort(1, { attendAll: true });
    ok(await submitGrades(c.cycleId, c.unitId, allPass(c.traineeIds)));
    const t = c.traineeIds[0] as string;
    const mixed = { agency: AG, roles: ['unit', 'finance'], user: 'u-mixed', unit: 'tu-elsewhere' };
    expect((await file(t, mixed)).status).toBe(404);
    const list = ok(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/trainees',
        pathParameters: { cycleId: c.cycleId },
        query: { unitId: c.unitId },
        caller: mixed,
      }),
    );
    expect(list.items).toEqual([]);
    const all = ok(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/trainees',
        pathParameters: { cycleId: c.cycleId },
        caller: mixed,
      }),
    );
    expect(all.items).toEqual([]);
    const sessions = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/training-units/{unitId}/sessions',
      pathParameters: { cycleId: c.cycleId, unitId: c.unitId },
      caller: mixed,
    });
    expect(sessions.status).toBe(404);
    const grades = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/training-units/{unitId}/grades',
      pathParameters: { cycleId: c.cycleId, unitId: c.unitId },
      caller: mixed,
    });
    expect(grades.status).toBe(404);
    const acceptance = ok(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/acceptance',
        pathParameters: { cycleId: c.cycleId },
        caller: mixed,
      }),
    );
    expect(acceptance.units).toEqual([]);
    // the same token for its own unit sees it; finance alone reads the whole acceptance
    const own = { ...mixed, unit: c.unitId };
    expect(ok(await file(t, own)).trainee.traineeId).toBe(t);
    const finance = ok(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/acceptance',
        pathParameters: { cycleId: c.cycleId },
        caller: role('finance'),
      }),
    );
    expect(finance.units.map((u: { unitId: string }) => u.unitId)).toEqual([c.unitId]);
  });

  it('reports import id cells that are not key segments (a b#c) as row errors, never a 5xx (P-SCHEMA)', async () => {
    const c = await cohort(1);
    const t = c.traineeIds[0] as string;
    for (const mode of ['all-or-nothing', 'valid-rows']) {
      const r = ok(
        await importTo('attendance', c.cycleId, c.unitId, {
          format: 'csv',
          mode,
          contentBase64: csv([
            'traineeId,sessionId,present,hours,credits',
            `a b#c,${c.sessions.theory},是,4,1`,
            `${t},x#y,是,4,1`,
          ]),
        }),
      );
      expect(r).toMatchObject({ applied: 0, rowsRead: 2, rejected: 2 });
      expect(r.errors.map((e: { rowNumber: number; field: string }) => [e.rowNumber, e.field])).toEqual([
        [2, 'traineeId'],
        [3, 'sessionId'],
      ]);
      expect(r.errors[0].ruleId).toBe('P-SCHEMA');
    }
    const grades = ok(
      await importTo('grade', c.cycleId, c.unitId, {
        format: 'csv',
        contentBase64: csv(['traineeId,grade', 'a b#c,合格']),
      }),
    );
    expect(grades).toMatchObject({ applied: 0 });
    expect(grades.errors[0]).toMatchObject({ rowNumber: 2, field: 'traineeId', ruleId: 'P-SCHEMA' });
  });

  it('refuses enrolment, attendance, deferral and a plan change once the unit’s grading started (JS-GRADES, JS-DEFERRAL)', async () => {
    const s = await seed(entries(3));
    const unitId = `tu-${randomUUID().slice(0, 6)}`;
    ok(await putUnit(s.cycleId, unitId), 201);
    ok(await putPlan(s.cycleId, unitId, PLAN_10H));
    const session = ok(
      await addSession(s.cycleId, unitId, { date: '2026-03-10', kind: 'practice', title: '实操', hours: 6 }),
      201,
    ).sessionId;
    const [n1, n2, n3] = s.nominationIds as [string, string, string];
    const t1 = ok(await enrol(s.cycleId, n1, unitId), 201).traineeId;
    const t2 = ok(await enrol(s.cycleId, n2, unitId), 201).traineeId;
    ok(await attend(t1, session, { present: true, hours: 6 }));
    const next = await seed([], 2027);
    ok(await putUnit(next.cycleId, unitId), 201);
    ok(await submitGrades(s.cycleId, unitId, allPass([t1, t2])));
    const late = await enrol(s.cycleId, n3, unitId);
    expect(late.status).toBe(409);
    expect(late.body.ruleId).toBe('JS-GRADES');
    const attendance = await attend(t1, session, { present: true, hours: 3 });
    expect(attendance.status).toBe(409);
    expect(attendance.body.ruleId).toBe('JS-GRADES');
    const deferral = await defer(t2, next.cycleId);
    expect(deferral.status).toBe(409);
    expect(deferral.body.ruleId).toBe('JS-DEFERRAL');
    const plan = await putPlan(s.cycleId, unitId, { ...PLAN_10H, practiceHours: 7, theoryHours: 5 });
    expect(plan.status).toBe(409);
    expect(plan.body.ruleId).toBe('JS-GRADES');
    const imported = await importTo('attendance', s.cycleId, unitId, {
      format: 'csv',
      mode: 'valid-rows',
      contentBase64: csv(['traineeId,sessionId,present,hours', `${t2},${session},是,6`]),
    });
    expect(imported.status).toBe(409);
    expect(imported.body.ruleId).toBe('JS-GRADES');
    const f = ok(await file(t1));
    expect(f.trainee).toMatchObject({ hoursAttended: 6, status: 'active' });
    expect(ok(await file(t2)).trainee.status).toBe('active');
  });

  it('refuses a first grade submission, an enrolment and a report score once the acceptance is final (JS-ACCEPTANCE)', async () => {
    const s = await seed(entries(3));
    const unitId = `tu-${randomUUID().slice(0, 6)}`;
    ok(await putUnit(s.cycleId, unitId), 201);
    ok(await putUnit(s.cycleId, `${unitId}-b`), 201);
    ok(await putPlan(s.cycleId, unitId, PLAN_10H));
    const [n1, n2, n3] = s.nominationIds as [string, string, string];
    const t1 = ok(await enrol(s.cycleId, n1, unitId), 201).traineeId;
    const t2 = ok(await enrol(s.cycleId, n2, unitId), 201).traineeId;
    ok(await submitReport(t1, unitId), 201);
    // the lifecycle runs the hook right after recording the stage closed
    await closeAcceptance(s.cycleId);
    const first = await submitGrades(s.cycleId, unitId, allPass([t1, t2]));
    expect(first.status).toBe(409);
    expect(first.body.ruleId).toBe('JS-ACCEPTANCE');
    const late = await enrol(s.cycleId, n3, `${unitId}-b`);
    expect(late.status).toBe(409);
    expect(late.body.ruleId).toBe('JS-ACCEPTANCE');
    const scored = await score(t1, role('reviewer', 'expert-late'));
    expect(scored.status).toBe(409);
    expect(scored.body.ruleId).toBe('JS-ACCEPTANCE');
    expect(ok(await file(t1)).grade).toBeNull();
  });

  it('grades the trainees as they are: an attendance change racing the submission lands before it and is graded, or is refused (JS-ATTENDANCE-FAIL)', async () => {
    for (let round = 0; round < 3; round++) {
      const c = await cohort(2, { attendAll: true });
      const t = c.traineeIds[0] as string;
      // 0 of 6 practice hours: 4 of 10 hours is below 70%, so the grade must become 不合格
      const [grades, change] = await Promise.all([
        submitGrades(c.cycleId, c.unitId, allPass(c.traineeIds)),
        attend(t, c.sessions.practice, { present: false, hours: 0, credits: 0 }),
      ]);
      const hours = ok(await file(t)).trainee.hoursAttended;
      expect([grades.status, change.status]).not.toEqual([409, 409]);
      if (grades.status === 200) {
        const row = grades.body.grades.find((g: { traineeId: string }) => g.traineeId === t);
        expect(row.hoursAttended).toBe(hours);
        expect(row.autoFailed).toBe(hours < 7);
        if (change.status !== 200) expect(change.body.ruleId).toBe('JS-GRADES');
      } else {
        expect(grades.status).toBe(409);
        expect(change.status).toBe(200);
        expect(hours).toBe(4);
      }
    }
  });

  it('lets a deferral and the unit’s grades race without both landing (JS-DEFERRAL)', async () => {
    for (let round = 0; round < 2; round++) {
      const c = await cohort(2, { attendAll: true });
      const next = await seed([], 2027);
      ok(await putUnit(next.cycleId, c.unitId), 201);
      const t = c.traineeIds[0] as string;
      const [grades, deferral] = await Promise.all([
        submitGrades(c.cycleId, c.unitId, allPass(c.traineeIds)),
        defer(t, next.cycleId),
      ]);
      expect([grades.status === 200, deferral.status === 201]).not.toEqual([true, true]);
      const status = ok(await file(t)).trainee.status;
      expect(status).toBe(deferral.status === 201 ? 'deferred' : 'active');
    }
  });

  it('recuses a reviewer whose registry entry names the trainee’s employer unit, keeps one score per report (X-RECUSAL, JS-REPORT)', async () => {
    const c = await cohort(1);
    const t = c.traineeIds[0] as string;
    ok(await submitReport(t, c.unitId), 201);
    const reviewerId = `expert-${randomUUID().slice(0, 6)}`;
    await getDocumentClient().send(
      new PutCommand({
        TableName: mainTableName(),
        Item: {
          PK: tenantKey(asAgencyId(AG), 'REVIEWERS'),
          SK: `REVIEWER#${reviewerId}`,
          entityKind: 'Reviewer',
          agencyId: AG,
          reviewerId,
          name: '张专家',
          unitId: 'emp-1',
          version: 1,
        },
      }),
    );
    const recused = await score(t, role('reviewer', reviewerId));
    expect(recused.status).toBe(403);
    expect(recused.body.ruleId).toBe('X-RECUSAL');
    ok(await score(t, role('reviewer', 'expert-a'), 85));
    const second = await score(t, role('reviewer', 'expert-b'), 60);
    expect(second.status).toBe(409);
    expect(second.body.ruleId).toBe('JS-REPORT');
    expect(ok(await file(t)).report).toMatchObject({ score: 85, scoredBy: 'expert-a' });
  });

  it('resubmits a unit’s grades by import with If-Match, 412 on a stale one, 409 without (JS-GRADE-QUOTA)', async () => {
    const c = await cohort(2, { attendAll: true });
    const body = (grade: string) => ({
      format: 'csv',
      contentBase64: csv(['traineeId,grade', ...c.traineeIds.map((id) => `${id},${grade}`)]),
    });
    ok(await importTo('grade', c.cycleId, c.unitId, body('合格')));
    const blind = await importTo('grade', c.cycleId, c.unitId, body('基本合格'));
    expect(blind.status).toBe(409);
    expect(blind.body.ruleId).toBe('JS-GRADE-QUOTA');
    const stale = await importTo('grade', c.cycleId, c.unitId, body('基本合格'), admin(), {
      'if-match': '"7"',
    });
    expect(stale.status).toBe(412);
    const again = ok(
      await importTo('grade', c.cycleId, c.unitId, body('基本合格'), unitCaller(c.unitId), {
        'if-match': '"1"',
      }),
    );
    expect(again).toMatchObject({ applied: 2, errors: [] });
    const g = ok(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/training-units/{unitId}/grades',
        pathParameters: { cycleId: c.cycleId, unitId: c.unitId },
        caller: admin(),
      }),
    );
    expect(g.version).toBe(2);
    expect(g.grades.map((r: { grade: string }) => r.grade)).toEqual(['基本合格', '基本合格']);
  });

  it('reads at most 2,000 attendance rows per file: 2,000 accepted, 2,001 refused (P-IMPORT-FORMAT)', async () => {
    const c = await cohort(1);
    const rows = (n: number) =>
      csv(['traineeId,sessionId,present,hours', ...Array.from({ length: n }, () => 'nobody,s1,是,1')]);
    const atLimit = ok(
      await importTo('attendance', c.cycleId, c.unitId, {
        format: 'csv',
        mode: 'valid-rows',
        contentBase64: rows(2000),
      }),
    );
    expect(atLimit).toMatchObject({ rowsRead: 2000, applied: 0, rejected: 2000 });
    const over = await importTo('attendance', c.cycleId, c.unitId, {
      format: 'csv',
      mode: 'valid-rows',
      contentBase64: rows(2001),
    });
    expect(over.status).toBe(422);
    expect(over.body.errors[0].ruleId).toBe('P-IMPORT-FORMAT');
  });
});
