import { describe, expect, it } from 'vitest';
import {
  addSession,
  admin,
  attend,
  call,
  cohort,
  enrol,
  entries,
  file,
  ok,
  PLAN_10H,
  putPlan,
  putUnit,
  role,
  seed,
  unitCaller,
} from './jiangsu-support';

describe('Jiangsu training units, trainees and training files', () => {
  it('registers training units with national-catalogue majors and records each trainee’s choice and city (JS-TRAINING-UNITS)', async () => {
    const s = await seed(entries(2));
    const unit = ok(await putUnit(s.cycleId, 'tu-nj', '南京市'), 201);
    expect(unit.majors).toEqual([
      { code: '0102-4', name: '数控加工' },
      { code: '0301-4', name: '电气自动化设备安装与维修' },
    ]);
    const local = ok(await enrol(s.cycleId, s.nominationIds[0] as string, 'tu-nj', '南京市'), 201);
    expect(local).toMatchObject({
      unitId: 'tu-nj',
      majorCode: '0102-4',
      majorName: '数控加工',
      unitCity: '南京市',
      outOfTown: false,
    });
    expect(local.residentIdMasked).toMatch(/^\d{6}\*{8}/);
    expect(local.personFingerprint).toBeUndefined();
    const away = ok(await enrol(s.cycleId, s.nominationIds[1] as string, 'tu-nj', '苏州市'), 201);
    expect(away.outOfTown).toBe(true);
    // the same person twice in a cycle
    const again = await enrol(s.cycleId, s.nominationIds[0] as string, 'tu-nj');
    expect(again.status).toBe(409);
    expect(again.body.ruleId).toBe('P-ONE-TRAINEE-PER-CYCLE');
  });

  it('enrols a person once even when two requests race', async () => {
    const s = await seed(entries(1));
    ok(await putUnit(s.cycleId, 'tu-race'), 201);
    const n = s.nominationIds[0] as string;
    const results = await Promise.all([enrol(s.cycleId, n, 'tu-race'), enrol(s.cycleId, n, 'tu-race')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const list = ok(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/trainees',
        pathParameters: { cycleId: s.cycleId },
        caller: admin(),
      }),
    );
    expect(list.items).toHaveLength(1);
  });

  it('refuses a major the unit does not offer, an unknown unit and a nomination off the official list (JS-TRAINING-UNITS)', async () => {
    const s = await seed(entries(1));
    ok(await putUnit(s.cycleId, 'tu-a'), 201);
    const badMajor = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/trainees',
      pathParameters: { cycleId: s.cycleId },
      body: { nominationId: s.nominationIds[0], unitId: 'tu-a', majorCode: '9999-9', homeCity: '南京市' },
      caller: admin(),
    });
    expect(badMajor.status).toBe(422);
    expect(badMajor.body.errors[0]).toMatchObject({ ruleId: 'JS-TRAINING-UNITS', field: 'body.majorCode' });
    const badUnit = await enrol(s.cycleId, s.nominationIds[0] as string, 'tu-none');
    expect(badUnit.status).toBe(422);
    expect(badUnit.body.errors[0]).toMatchObject({ ruleId: 'JS-TRAINING-UNITS', field: 'body.unitId' });
    const other = await seed(entries(1));
    const offList = await enrol(s.cycleId, other.nominationIds[0] as string, 'tu-a');
    expect(offList.status).toBe(422);
    expect(offList.body.errors[0].field).toBe('body.nominationId');
    // a unit enrols only into itself (P-UNIT-SCOPE)
    const foreign = await enrol(
      s.cycleId,
      s.nominationIds[0] as string,
      'tu-a',
      '南京市',
      unitCaller('tu-b'),
    );
    expect(foreign.status).toBe(403);
  });

  it('accepts a plan of 03-01..07-31 (5 months) and refuses 03-01..08-01 and one ending after September (JS-WINDOW)', async () => {
    const s = await seed([]);
    ok(await putUnit(s.cycleId, 'tu-w'), 201);
    ok(await putPlan(s.cycleId, 'tu-w', PLAN_10H));
    const tooLong = await putPlan(s.cycleId, 'tu-w', { ...PLAN_10H, endsOn: '2026-08-01' });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors[0]).toMatchObject({ ruleId: 'JS-WINDOW', field: 'body.endsOn' });
    const q4 = await putPlan(s.cycleId, 'tu-w', {
      ...PLAN_10H,
      startsOn: '2026-06-01',
      endsOn: '2026-10-01',
    });
    expect(q4.status).toBe(422);
    expect(q4.body.errors.map((v: { ruleId: string }) => v.ruleId)).toContain('JS-WINDOW');
    ok(await putPlan(s.cycleId, 'tu-w', { ...PLAN_10H, startsOn: '2026-05-01', endsOn: '2026-09-30' }));
  });

  it('keeps theory : practice at 4 : 6 within 5 points: 45:55 accepted, 46:54 refused (JS-HOURS-RATIO)', async () => {
    const s = await seed([]);
    ok(await putUnit(s.cycleId, 'tu-r'), 201);
    ok(await putPlan(s.cycleId, 'tu-r', { ...PLAN_10H, theoryHours: 45, practiceHours: 55 }));
    const off = await putPlan(s.cycleId, 'tu-r', { ...PLAN_10H, theoryHours: 46, practiceHours: 54 });
    expect(off.status).toBe(422);
    expect(off.body.errors[0]).toMatchObject({ ruleId: 'JS-HOURS-RATIO', field: 'body.theoryHours' });
    // a unit sets its own plan, not another's
    ok(await putPlan(s.cycleId, 'tu-r', PLAN_10H, unitCaller('tu-r')));
    expect((await putPlan(s.cycleId, 'tu-r', PLAN_10H, unitCaller('tu-x'))).status).toBe(403);
  });

  it('places sessions inside the plan only (JS-WINDOW) and online attendance only for theory of out-of-town trainees (JS-HOURS-RATIO)', async () => {
    const c = await cohort(0);
    const outside = await addSession(c.cycleId, c.unitId, {
      date: '2026-08-15',
      kind: 'theory',
      title: 't',
      hours: 2,
    });
    expect(outside.status).toBe(422);
    expect(outside.body.errors[0]).toMatchObject({ ruleId: 'JS-WINDOW', field: 'body.date' });
    const onlinePractice = await addSession(c.cycleId, c.unitId, {
      date: '2026-05-15',
      kind: 'practice',
      title: 'p',
      hours: 2,
      onlineAllowed: true,
    });
    expect(onlinePractice.status).toBe(422);
    expect(onlinePractice.body.errors[0].ruleId).toBe('JS-HOURS-RATIO');
    const s = await seed(entries(2));
    ok(await putUnit(s.cycleId, 'tu-on'), 201);
    ok(await putPlan(s.cycleId, 'tu-on', PLAN_10H));
    const theory = ok(
      await addSession(s.cycleId, 'tu-on', {
        date: '2026-03-10',
        kind: 'theory',
        title: 't',
        hours: 4,
        credits: 1,
        onlineAllowed: true,
      }),
      201,
    );
    const practice = ok(
      await addSession(s.cycleId, 'tu-on', { date: '2026-03-11', kind: 'practice', title: 'p', hours: 6 }),
      201,
    );
    const local = ok(await enrol(s.cycleId, s.nominationIds[0] as string, 'tu-on', '南京市'), 201).traineeId;
    const away = ok(await enrol(s.cycleId, s.nominationIds[1] as string, 'tu-on', '苏州市'), 201).traineeId;
    const online = ok(
      await attend(away, theory.sessionId, { present: true, hours: 4, credits: 1, online: true }),
    );
    expect(online.online).toBe(true);
    const refused = await attend(local, theory.sessionId, { present: true, hours: 4, online: true });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({ ruleId: 'JS-HOURS-RATIO', field: 'body.online' });
    const onlineAtPractice = await attend(away, practice.sessionId, {
      present: true,
      hours: 6,
      online: true,
    });
    expect(onlineAtPractice.status).toBe(422);
    const tooMany = await attend(local, practice.sessionId, { present: true, hours: 7 });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors[0].field).toBe('body.hours');
  });

  it('keeps running totals when attendance is corrected and shows everything in the training file', async () => {
    const c = await cohort(1);
    const t = c.traineeIds[0] as string;
    ok(await attend(t, c.sessions.practice, { present: true, hours: 6, credits: 1 }));
    ok(await attend(t, c.sessions.practice, { present: true, hours: 5, credits: 1 }));
    ok(await attend(t, c.sessions.theory, { present: true, hours: 4, credits: 1 }));
    const f = ok(await file(t));
    expect(f.trainee).toMatchObject({ hoursAttended: 9, creditsEarned: 2 });
    expect(f.sessions).toHaveLength(2);
    expect(f.attendance).toHaveLength(2);
    expect(f).toMatchObject({ leave: [], report: null, grade: null });
    // a unit reads its own trainees only
    ok(await file(t, unitCaller(c.unitId)));
    expect((await file(t, unitCaller('tu-other'))).status).toBe(404);
  });

  it('assigns one instructor with a 副高级 title or 高级技师 level and refuses a 技师 with a 中级 title (JS-INSTRUCTOR)', async () => {
    const c = await cohort(1);
    const t = c.traineeIds[0] as string;
    const put = (body: Record<string, unknown>, caller = admin()) =>
      call({
        method: 'PUT',
        route: '/trainees/{traineeId}/instructor',
        pathParameters: { traineeId: t },
        body,
        caller,
      });
    const low = await put({ name: '李老师', professionalTitle: '中级', skillLevel: '技师' });
    expect(low.status).toBe(422);
    expect(low.body.errors[0].ruleId).toBe('JS-INSTRUCTOR');
    expect(ok(await put({ name: '李老师', professionalTitle: '副高级' })).instructor).toMatchObject({
      name: '李老师',
    });
    expect(
      ok(await put({ name: '张师傅', skillLevel: '高级技师' }, unitCaller(c.unitId))).instructor.name,
    ).toBe('张师傅');
    expect(ok(await file(t)).trainee.instructor.name).toBe('张师傅');
  });

  it('lets only the named lead of the unit’s city decide leave (JS-CITY-LEAD)', async () => {
    const c = await cohort(1);
    const t = c.traineeIds[0] as string;
    const lead = (city: string, userId: string) =>
      call({
        method: 'PUT',
        route: '/cycles/{cycleId}/city-leads/{city}',
        pathParameters: { cycleId: c.cycleId, city },
        body: { userId, name: '陈主任', bureau: `${city}人力资源和社会保障局` },
        caller: admin(),
      });
    ok(await lead('南京市', 'nj-lead'));
    ok(await lead('苏州市', 'sz-lead'));
    const leaves = ok(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/city-leads',
        pathParameters: { cycleId: c.cycleId },
        caller: role('auditor'),
      }),
    );
    expect(leaves.items.map((l: { city: string }) => l.city).sort()).toEqual(['南京市', '苏州市'].sort());
    const leave = ok(
      await call({
        method: 'POST',
        route: '/trainees/{traineeId}/leave',
        pathParameters: { traineeId: t },
        body: { from: '2026-04-10', to: '2026-04-11', reason: '家中有事' },
        caller: unitCaller(c.unitId),
      }),
      201,
    );
    expect(leave).toMatchObject({ status: 'pending', city: '南京市' });
    const decide = (caller: ReturnType<typeof role>, approve = true) =>
      call({
        method: 'POST',
        route: '/trainees/{traineeId}/leave/{leaveId}/decision',
        pathParameters: { traineeId: t, leaveId: leave.leaveId },
        body: { approve },
        caller,
      });
    const wrongCity = await decide(role('reviewer', 'sz-lead'));
    expect(wrongCity.status).toBe(403);
    expect(wrongCity.body.ruleId).toBe('JS-CITY-LEAD');
    expect((await decide(admin())).status).toBe(403);
    expect(ok(await decide(role('reviewer', 'nj-lead')))).toMatchObject({
      status: 'approved',
      decidedBy: 'nj-lead',
    });
    expect((await decide(role('reviewer', 'nj-lead'), false)).status).toBe(409);
    expect(ok(await file(t)).leave[0].status).toBe('approved');
  });

  it('takes one research report per trainee per year with an expert score (JS-REPORT)', async () => {
    const c = await cohort(1);
    const t = c.traineeIds[0] as string;
    const submit = () =>
      call({
        method: 'POST',
        route: '/trainees/{traineeId}/report',
        pathParameters: { traineeId: t },
        body: { title: '数控加工精度提升研修报告', submittedOn: '2026-08-20' },
        caller: unitCaller(c.unitId),
      });
    ok(await submit(), 201);
    const second = await submit();
    expect(second.status).toBe(409);
    expect(second.body.ruleId).toBe('JS-REPORT');
    const scored = ok(
      await call({
        method: 'PUT',
        route: '/trainees/{traineeId}/report/score',
        pathParameters: { traineeId: t },
        body: { score: 88.5, comment: '质量较高' },
        caller: role('reviewer', 'expert-1'),
      }),
    );
    expect(scored).toMatchObject({ score: 88.5, scoredBy: 'expert-1' });
    const ownUnit = await call({
      method: 'PUT',
      route: '/trainees/{traineeId}/report/score',
      pathParameters: { traineeId: t },
      body: { score: 99 },
      caller: { agency: 'jiangsu', roles: ['reviewer'], user: 'expert-2', unit: 'emp-1' },
    });
    expect(ownUnit.status).toBe(403);
    expect(ownUnit.body.ruleId).toBe('X-RECUSAL');
    const f = ok(await file(t));
    expect(f.report).toMatchObject({ score: 88.5 });
    expect(f.trainee.reportSubmitted).toBe(true);
  });
});

describe('Jiangsu hostile input', () => {
  it('refuses enrolment before the official list is final (JS-TRAINING-UNITS)', async () => {
    const { handler: nominations } = await import('../../nominations/src/handlers/api');
    const { apiEvent, lambdaContext, parseResponse } = await import('../../../test/support/api-event');
    const cycleId = `c-open-${Date.now().toString(36)}`;
    const opened = parseResponse(
      await nominations(
        apiEvent({
          method: 'POST',
          route: '/cycles',
          body: {
            cycleId,
            programmeId: 'jiangsu-excellent-technicians',
            year: 2026,
            selectionDate: '2026-03-31',
          },
          caller: admin(),
        }),
        lambdaContext('nominations'),
      ),
    );
    expect(opened.status).toBe(201);
    ok(await putUnit(cycleId, 'tu-early'), 201);
    const r = await enrol(cycleId, 'n-none', 'tu-early');
    expect(r.status).toBe(409);
    expect(r.body.ruleId).toBe('JS-TRAINING-UNITS');
  });

  it('answers 4xx, never 5xx, to malformed and hostile input', async () => {
    const c = await cohort(1);
    const t = c.traineeIds[0] as string;
    const unknownField = await addSession(c.cycleId, c.unitId, {
      date: '2026-03-12',
      kind: 'theory',
      title: 't',
      hours: 2,
      extra: 1,
    });
    expect(unknownField.status).toBe(422);
    const badDate = await addSession(c.cycleId, c.unitId, {
      date: '2026-02-30',
      kind: 'theory',
      title: 't',
      hours: 2,
    });
    expect(badDate.status).toBe(422);
    expect(badDate.body.errors[0].field).toBe('body.date');
    const hugeHours = await attend(t, c.sessions.theory, { present: true, hours: 1e308 });
    expect(hugeHours.status).toBe(422);
    const hashInId = await file('A#jiangsu#x');
    expect(hashInId.status).toBe(422);
    expect(hashInId.body.errors[0]).toMatchObject({ ruleId: 'P-SCHEMA', field: 'path.traineeId' });
    const badCity = await call({
      method: 'PUT',
      route: '/cycles/{cycleId}/city-leads/{city}',
      pathParameters: { cycleId: c.cycleId, city: '../南京#' },
      body: { userId: 'x', name: '陈主任', bureau: '局' },
      caller: admin(),
    });
    expect(badCity.status).toBe(422);
    const backwardsLeave = await call({
      method: 'POST',
      route: '/trainees/{traineeId}/leave',
      pathParameters: { traineeId: t },
      body: { from: '2026-05-02', to: '2026-05-01', reason: '事假' },
      caller: admin(),
    });
    expect(backwardsLeave.status).toBe(422);
    const dupMajors = await call({
      method: 'PUT',
      route: '/cycles/{cycleId}/training-units/{unitId}',
      pathParameters: { cycleId: c.cycleId, unitId: 'tu-dup' },
      body: {
        name: '学院',
        kind: 'training-base',
        city: '南京市',
        majors: [
          { code: '0102-4', name: 'a' },
          { code: '0102-4', name: 'b' },
        ],
      },
      caller: admin(),
    });
    expect(dupMajors.status).toBe(422);
    const unknownCycle = await putUnit('c-nope', 'tu-x');
    expect(unknownCycle.status).toBe(404);
  });
});
