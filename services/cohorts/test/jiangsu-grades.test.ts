import { describe, expect, it } from 'vitest';
import { jiangsuStageHooks } from '../src/jiangsu/stage-hooks';
import {
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
  hookContext,
  ok,
  putPlan,
  putUnit,
  role,
  seed,
  submitGrades,
  unitCaller,
} from './jiangsu-support';

const repeat = (grade: string, n: number) => Array.from({ length: n }, () => grade);

const acceptanceOf = async (cycleId: string, caller = role('finance')) =>
  ok(
    await call({ method: 'GET', route: '/cycles/{cycleId}/acceptance', pathParameters: { cycleId }, caller }),
  );

describe('Jiangsu grades and acceptance', () => {
  it('allows 3 优秀 and 3 良好 of 10 trainees and refuses a 4th of either (JS-GRADE-QUOTA)', async () => {
    const c = await cohort(10, { attendAll: true });
    const four = await submitGrades(
      c.cycleId,
      c.unitId,
      gradesFor(c.traineeIds, [...repeat('优秀', 4), ...repeat('合格', 6)]),
      unitCaller(c.unitId),
    );
    expect(four.status).toBe(422);
    expect(four.body.errors[0]).toMatchObject({ ruleId: 'JS-GRADE-QUOTA', field: 'body.grades' });
    const fourGood = await submitGrades(
      c.cycleId,
      c.unitId,
      gradesFor(c.traineeIds, [...repeat('良好', 4), ...repeat('合格', 6)]),
    );
    expect(fourGood.status).toBe(422);
    expect(fourGood.body.errors[0].ruleId).toBe('JS-GRADE-QUOTA');
    const g = ok(
      await submitGrades(
        c.cycleId,
        c.unitId,
        gradesFor(c.traineeIds, [
          ...repeat('优秀', 3),
          ...repeat('良好', 3),
          '合格',
          '基本合格',
          '合格',
          '不合格',
        ]),
        unitCaller(c.unitId),
      ),
    );
    expect(g.grades.filter((r: { grade: string }) => r.grade === '优秀')).toHaveLength(3);
    expect(g.version).toBe(1);
  });

  it('refuses a second submission without If-Match after the first landed, never a lost update (JS-GRADE-QUOTA)', async () => {
    const c = await cohort(4, { attendAll: true });
    const first = await submitGrades(
      c.cycleId,
      c.unitId,
      gradesFor(c.traineeIds, ['优秀', '合格', '合格', '合格']),
    );
    expect(first.status).toBe(200);
    const second = await submitGrades(
      c.cycleId,
      c.unitId,
      gradesFor(c.traineeIds, ['合格', '优秀', '合格', '合格']),
    );
    expect(second.status).toBe(409);
    expect(second.body.ruleId).toBe('JS-GRADE-QUOTA');
  });

  it('lets only one of two concurrent first submissions land (JS-GRADE-QUOTA)', async () => {
    const c = await cohort(4, { attendAll: true });
    const [a, b] = await Promise.all([
      submitGrades(c.cycleId, c.unitId, gradesFor(c.traineeIds, ['优秀', '合格', '合格', '合格'])),
      submitGrades(c.cycleId, c.unitId, gradesFor(c.traineeIds, ['合格', '优秀', '合格', '合格'])),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.ruleId).toBe('JS-GRADE-QUOTA');
    // a resubmission names the version it replaces
    const current = ok(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/training-units/{unitId}/grades',
        pathParameters: { cycleId: c.cycleId, unitId: c.unitId },
        caller: role('auditor'),
      }),
    );
    const stale = await submitGrades(
      c.cycleId,
      c.unitId,
      gradesFor(c.traineeIds, repeat('合格', 4)),
      admin(),
      {
        'if-match': '"9"',
      },
    );
    expect(stale.status).toBe(412);
    ok(
      await submitGrades(c.cycleId, c.unitId, gradesFor(c.traineeIds, repeat('合格', 4)), admin(), {
        'if-match': `"${current.version}"`,
      }),
    );
  });

  it('grades everyone in one request, on the five-grade scale (JS-GRADES)', async () => {
    const c = await cohort(3, { attendAll: true });
    const partial = await submitGrades(
      c.cycleId,
      c.unitId,
      gradesFor(c.traineeIds.slice(0, 2), ['合格', '合格']),
    );
    expect(partial.status).toBe(422);
    expect(partial.body.errors[0]).toMatchObject({ ruleId: 'JS-GRADES', field: 'body.grades' });
    const bad = await submitGrades(c.cycleId, c.unitId, gradesFor(c.traineeIds, ['合格', '中等', '合格']));
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ ruleId: 'JS-GRADES', field: 'body.grades[1].grade' });
    const stranger = await submitGrades(c.cycleId, c.unitId, [
      ...gradesFor(c.traineeIds, repeat('合格', 3)),
      { traineeId: 'nobody', grade: '合格' },
    ]);
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors[0].field).toBe('body.grades[3].traineeId');
    expect(
      (
        await submitGrades(
          c.cycleId,
          c.unitId,
          gradesFor(c.traineeIds, repeat('合格', 3)),
          unitCaller('tu-other'),
        )
      ).status,
    ).toBe(403);
  });

  it('makes 69.9% of the hours 不合格 automatically and keeps the grade at 70% (JS-ATTENDANCE-FAIL)', async () => {
    const s = await seed(entries(2));
    ok(await putUnit(s.cycleId, 'tu-h'), 201);
    ok(
      await putPlan(s.cycleId, 'tu-h', {
        startsOn: '2026-03-01',
        endsOn: '2026-07-31',
        theoryHours: 40,
        practiceHours: 60,
        credits: 2,
      }),
    );
    const sessions: { id: string; hours: number; credits: number }[] = [];
    for (const [i, [kind, hours, credits]] of (
      [
        ['theory', 20, 1],
        ['theory', 20, 0],
        ['practice', 24, 1],
        ['practice', 24, 0],
        ['practice', 12, 0],
      ] as const
    ).entries()) {
      const r = ok(
        await addSession(s.cycleId, 'tu-h', { date: `2026-03-1${i}`, kind, title: `s${i}`, hours, credits }),
        201,
      );
      sessions.push({ id: r.sessionId, hours, credits });
    }
    const ids: string[] = [];
    for (const n of s.nominationIds) ids.push(ok(await enrol(s.cycleId, n, 'tu-h'), 201).traineeId);
    const [short, enough] = ids as [string, string];
    // 20 + 20 + 24 + 5.9 = 69.9 of 100 hours; 20 + 20 + 24 + 6 = 70; credits full for both
    const plan = (last: number) => [20, 20, 24, last, 0];
    for (const [t, last] of [
      [short, 5.9],
      [enough, 6],
    ] as const) {
      for (const [i, h] of plan(last).entries()) {
        const session = sessions[i] as { id: string; credits: number };
        ok(await attend(t, session.id, { present: h > 0, hours: h, credits: h > 0 ? session.credits : 0 }));
      }
    }
    expect(ok(await file(short)).trainee.hoursAttended).toBe(69.9);
    const g = ok(await submitGrades(s.cycleId, 'tu-h', gradesFor(ids, ['合格', '合格'])));
    const byId = Object.fromEntries(g.grades.map((r: { traineeId: string }) => [r.traineeId, r]));
    expect(byId[short]).toMatchObject({ proposedGrade: '合格', grade: '不合格', autoFailed: true });
    expect(byId[enough]).toMatchObject({ grade: '合格', autoFailed: false });
  });

  it('fails by credits below 70% even with full hours (JS-ATTENDANCE-FAIL)', async () => {
    const c = await cohort(1);
    const t = c.traineeIds[0] as string;
    ok(await attend(t, c.sessions.theory, { present: true, hours: 4, credits: 0 }));
    ok(await attend(t, c.sessions.practice, { present: true, hours: 6, credits: 1 }));
    const g = ok(await submitGrades(c.cycleId, c.unitId, [{ traineeId: t, grade: '良好' }]));
    expect(g.grades[0]).toMatchObject({ grade: '不合格', autoFailed: true });
  });

  it('flags a missing research report without blocking the grades (JS-REPORT)', async () => {
    const c = await cohort(2, { attendAll: true });
    ok(
      await call({
        method: 'POST',
        route: '/trainees/{traineeId}/report',
        pathParameters: { traineeId: c.traineeIds[0] as string },
        body: { title: '研修报告', submittedOn: '2026-08-01' },
        caller: admin(),
      }),
      201,
    );
    const g = ok(await submitGrades(c.cycleId, c.unitId, gradesFor(c.traineeIds, ['合格', '合格'])));
    expect(g.flags).toHaveLength(1);
    expect(g.flags[0]).toMatchObject({ ruleId: 'JS-REPORT', path: 'body.grades[1].researchReportSubmitted' });
  });

  it('reports provisional results, blocks on units without grades, and is final and immutable once the acceptance closes (JS-ACCEPTANCE)', async () => {
    const c = await cohort(3, { attendAll: true });
    ok(await putUnit(c.cycleId, 'tu-empty'), 201);
    const grading = await hookContext(c.cycleId, 'grading');
    const blocked = await jiangsuStageHooks.grading?.blockers?.(grading);
    expect(blocked).toEqual([
      expect.objectContaining({ ruleId: 'JS-GRADES', path: `trainingUnits.${c.unitId}` }),
    ]);
    const accBlocked = await jiangsuStageHooks.acceptance?.blockers?.(
      await hookContext(c.cycleId, 'acceptance'),
    );
    expect(accBlocked?.[0]?.ruleId).toBe('JS-ACCEPTANCE');
    ok(await submitGrades(c.cycleId, c.unitId, gradesFor(c.traineeIds, ['基本合格', '合格', '不合格'])));
    expect(await jiangsuStageHooks.grading?.blockers?.(grading)).toEqual([]);
    const provisional = await acceptanceOf(c.cycleId);
    const unit = provisional.units.find((u: { unitId: string }) => u.unitId === c.unitId);
    expect(unit).toMatchObject({
      status: 'provisional',
      passed: 2,
      passedByCategory: { A: 2 },
      gradedByCategory: { A: 3 },
    });
    expect(unit.trainees.map((t: { result: string }) => t.result)).toEqual(['pass', 'pass', 'fail']);
    expect(provisional.units.find((u: { unitId: string }) => u.unitId === 'tu-empty').status).toBe(
      'not-submitted',
    );
    await closeAcceptance(c.cycleId);
    await closeAcceptance(c.cycleId); // idempotent
    const final = await acceptanceOf(c.cycleId, admin());
    expect(final.units.find((u: { unitId: string }) => u.unitId === c.unitId)).toMatchObject({
      status: 'final',
      passed: 2,
    });
    const late = await submitGrades(
      c.cycleId,
      c.unitId,
      gradesFor(c.traineeIds, repeat('合格', 3)),
      admin(),
      {
        'if-match': '"1"',
      },
    );
    expect(late.status).toBe(409);
    expect(late.body.ruleId).toBe('JS-ACCEPTANCE');
    expect(ok(await file(c.traineeIds[0] as string)).grade).toMatchObject({
      grade: '基本合格',
      status: 'final',
    });
    // a unit sees only its own unit's results
    const own = await acceptanceOf(c.cycleId, unitCaller(c.unitId));
    expect(own.units.map((u: { unitId: string }) => u.unitId)).toEqual([c.unitId]);
  });

  it('defers once to the next year with hours restarting, and refuses a second deferral (JS-DEFERRAL)', async () => {
    const c = await cohort(1, { attendAll: true });
    const next = await seed([], 2027);
    ok(await putUnit(next.cycleId, c.unitId), 201);
    const t = c.traineeIds[0] as string;
    const defer = (traineeId: string, toCycleId: string) =>
      call({
        method: 'POST',
        route: '/trainees/{traineeId}/deferral',
        pathParameters: { traineeId },
        body: { toCycleId, reason: '工作原因' },
        caller: unitCaller(c.unitId),
      });
    const wrongYear = await defer(t, c.cycleId);
    expect(wrongYear.status).toBe(422);
    expect(wrongYear.body.errors[0]).toMatchObject({ ruleId: 'JS-DEFERRAL', field: 'body.toCycleId' });
    const r = ok(await defer(t, next.cycleId), 201);
    expect(r.deferred.status).toBe('deferred');
    expect(r.next).toMatchObject({
      cycleId: next.cycleId,
      year: 2027,
      hoursAttended: 0,
      creditsEarned: 0,
      deferralsUsed: 1,
      participationYear: 1,
    });
    // the deferred trainee is not graded this year
    expect(
      (await jiangsuStageHooks.grading?.blockers?.(await hookContext(c.cycleId, 'grading')))?.length,
    ).toBe(0);
    const after = await seed([], 2028);
    ok(await putUnit(after.cycleId, c.unitId), 201);
    const second = await defer(r.next.traineeId, after.cycleId);
    expect(second.status).toBe(422);
    expect(second.body.errors[0]).toMatchObject({ ruleId: 'JS-DEFERRAL', field: 'body.deferralsUsed' });
    expect((await attend(t, c.sessions.theory, { present: true, hours: 4, credits: 1 })).status).toBe(409);
  });

  it('tracks a trainee over two years and certifies after year 2 passes (JS-TRACKING, JS-CERTIFICATE)', async () => {
    const y1 = await cohort(1, { attendAll: true });
    const t = y1.traineeIds[0] as string;
    const y2 = await seed([], 2027);
    ok(await putUnit(y2.cycleId, y1.unitId), 201);
    const cont = () =>
      call({
        method: 'POST',
        route: '/trainees/{traineeId}/continuation',
        pathParameters: { traineeId: t },
        body: { toCycleId: y2.cycleId },
        caller: admin(),
      });
    const early = await cont();
    expect(early.status).toBe(409);
    expect(early.body.ruleId).toBe('JS-TRACKING');
    ok(await submitGrades(y1.cycleId, y1.unitId, [{ traineeId: t, grade: '合格' }]));
    await closeAcceptance(y1.cycleId);
    const certify = (traineeId: string) =>
      call({
        method: 'POST',
        route: '/trainees/{traineeId}/certificate',
        pathParameters: { traineeId },
        caller: admin(),
      });
    const tooSoon = await certify(t);
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.ruleId).toBe('JS-CERTIFICATE');
    const r = ok(await cont(), 201);
    expect(r.previous.status).toBe('continued');
    expect(r.next).toMatchObject({
      participationYear: 2,
      year: 2027,
      hoursAttended: 0,
      previousTraineeId: t,
    });
    const t2 = r.next.traineeId as string;
    ok(
      await putPlan(y2.cycleId, y1.unitId, {
        startsOn: '2027-03-01',
        endsOn: '2027-07-31',
        theoryHours: 4,
        practiceHours: 6,
        credits: 2,
      }),
    );
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
    ok(await attend(t2, th.sessionId, { present: true, hours: 4, credits: 1 }));
    ok(await attend(t2, pr.sessionId, { present: true, hours: 6, credits: 1 }));
    ok(await submitGrades(y2.cycleId, y1.unitId, [{ traineeId: t2, grade: '合格' }]));
    expect((await certify(t2)).status).toBe(409); // provisional
    await closeAcceptance(y2.cycleId);
    const cert = ok(await certify(t2), 201);
    expect(cert.number).toBe(`JSZJ-2027-${t2}`);
    expect(cert.issuersZh).toEqual(['江苏省人力资源和社会保障厅', `${y1.unitId}技师学院`]);
    expect((await certify(t2)).status).toBe(409);
    expect(ok(await file(t2)).certificate.number).toBe(cert.number);
  });

  it('does not certify a trainee who failed year 2 (JS-CERTIFICATE)', async () => {
    const y1 = await cohort(1, { attendAll: true });
    const t = y1.traineeIds[0] as string;
    ok(await submitGrades(y1.cycleId, y1.unitId, [{ traineeId: t, grade: '合格' }]));
    await closeAcceptance(y1.cycleId);
    const y2 = await seed([], 2027);
    ok(await putUnit(y2.cycleId, y1.unitId), 201);
    ok(
      await putPlan(y2.cycleId, y1.unitId, {
        startsOn: '2027-03-01',
        endsOn: '2027-07-31',
        theoryHours: 4,
        practiceHours: 6,
        credits: 2,
      }),
    );
    const r = ok(
      await call({
        method: 'POST',
        route: '/trainees/{traineeId}/continuation',
        pathParameters: { traineeId: t },
        body: { toCycleId: y2.cycleId },
        caller: admin(),
      }),
      201,
    );
    ok(await submitGrades(y2.cycleId, y1.unitId, [{ traineeId: r.next.traineeId, grade: '合格' }]));
    await closeAcceptance(y2.cycleId);
    const refused = await call({
      method: 'POST',
      route: '/trainees/{traineeId}/certificate',
      pathParameters: { traineeId: r.next.traineeId },
      caller: admin(),
    });
    // no attendance in year 2: 不合格 by JS-ATTENDANCE-FAIL, so no certificate
    expect(refused.status).toBe(409);
    expect(refused.body.ruleId).toBe('JS-CERTIFICATE');
  });
});
