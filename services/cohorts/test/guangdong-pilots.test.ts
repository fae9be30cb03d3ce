import { describe, expect, it } from 'vitest';
import { freshResidentId, withBadCheckDigit } from '../../../test/support/people';
import {
  admin,
  auditor,
  call,
  classReady,
  compliantFaculty,
  createClass,
  enrol,
  finance,
  intruder,
  mentors,
  pilotsReady,
  reviewer,
  seedPilots,
  unit,
} from './guangdong-support';

describe('Guangdong pilots from the official list', () => {
  it('registers every institution entry of the official list as a pilot, idempotently', async () => {
    const { cycleId, pilotIds } = await seedPilots([{ unitId: 'gz-tech' }, { unitId: 'sz-tech' }]);
    const first = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/pilots',
      pathParameters: { cycleId },
      caller: admin,
    });
    expect(first.body).toEqual({ registered: 2, existing: 0 });
    const again = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/pilots',
      pathParameters: { cycleId },
      caller: admin,
    });
    expect(again.body).toEqual({ registered: 0, existing: 2 });
    const list = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/pilots',
      pathParameters: { cycleId },
      caller: auditor,
    });
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { pilotId: string }) => p.pilotId).sort()).toEqual([...pilotIds].sort());
    expect(list.body.items[0].faculty).toHaveLength(10);
    expect(list.body.items[0].status).toBe('active');
  });

  it('refuses to establish pilots before the official list is final (GD-APPLY-FLOW)', async () => {
    const { cycleId } = await seedPilots([{ unitId: 'gz-tech' }], 'guangdong', false);
    const r = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/pilots',
      pathParameters: { cycleId },
      caller: admin,
    });
    expect(r.status).toBe(409);
    expect(r.body.ruleId).toBe('GD-APPLY-FLOW');
  });

  it('paginates pilots and shows a unit only its own', async () => {
    const { cycleId } = await pilotsReady([
      { unitId: 'gz-tech' },
      { unitId: 'gz-tech', major: '数控加工' },
      { unitId: 'sz-tech' },
    ]);
    const p1 = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/pilots',
      pathParameters: { cycleId },
      query: { limit: '2' },
      caller: admin,
    });
    expect(p1.body.items).toHaveLength(2);
    expect(p1.body.nextCursor).toBeTruthy();
    const p2 = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/pilots',
      pathParameters: { cycleId },
      query: { limit: '2', cursor: p1.body.nextCursor },
      caller: admin,
    });
    expect(p2.body.items).toHaveLength(1);
    const own = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/pilots',
      pathParameters: { cycleId },
      caller: unit('sz-tech'),
    });
    expect(own.body.items).toHaveLength(1);
    expect(own.body.items[0].unitId).toBe('sz-tech');
  });

  it('refuses roles not allowed (403) and hides pilots from another agency (404 / empty) (X-TENANT)', async () => {
    const { cycleId, pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    const reg = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/pilots',
      pathParameters: { cycleId },
      caller: unit('gz-tech'),
    });
    expect(reg.status).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/cycles/{cycleId}/pilots',
          pathParameters: { cycleId },
          caller: finance,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/pilots/{pilotId}',
          pathParameters: { pilotId },
          caller: finance,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/pilots/{pilotId}',
          pathParameters: { pilotId },
          caller: unit('other'),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'POST',
          route: '/pilots/{pilotId}/revocation',
          pathParameters: { pilotId },
          body: { reason: '违规' },
          caller: reviewer,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/pilots/{pilotId}',
          pathParameters: { pilotId },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call({
          method: 'GET',
          route: '/cycles/{cycleId}/pilots',
          pathParameters: { cycleId },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call({
          method: 'POST',
          route: '/cycles/{cycleId}/pilots',
          pathParameters: { cycleId },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call({
          method: 'POST',
          route: '/pilots/{pilotId}/revocation',
          pathParameters: { pilotId },
          body: { reason: '违规' },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
  });

  it('revokes pilot status for a violation: no further classes or enrolments, history kept (GD-OVERSIGHT)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    const classId = await classReady(unit('gz-tech'), pilotId);
    expect((await enrol(unit('gz-tech'), classId)).status).toBe(201);
    const r = await call({
      method: 'POST',
      route: '/pilots/{pilotId}/revocation',
      pathParameters: { pilotId },
      body: { reason: '虚报招生人数' },
      caller: admin,
    });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('revoked');
    expect(r.body.revocation.reason).toBe('violation');
    const late = await enrol(unit('gz-tech'), classId);
    expect(late.status).toBe(409);
    expect(late.body.ruleId).toBe('GD-OVERSIGHT');
    const cls = await createClass(unit('gz-tech'), pilotId, {
      name: '新班',
      entryLevel: 'senior-high',
      intakeYear: 2027,
    });
    expect(cls.status).toBe(409);
    const students = await call({
      method: 'GET',
      route: '/classes/{classId}/students',
      pathParameters: { classId },
      caller: auditor,
    });
    expect(students.body.items).toHaveLength(1);
    const twice = await call({
      method: 'POST',
      route: '/pilots/{pilotId}/revocation',
      pathParameters: { pilotId },
      body: { reason: '再次' },
      caller: admin,
    });
    expect(twice.status).toBe(409);
  });
});

describe('Classes by entry level (GD-SCHOOLING)', () => {
  it.each([
    ['junior-high', 6, 4],
    ['senior-high', 4, 2],
    ['secondary-vocational', 3, 2],
    ['higher-vocational', 2, undefined],
    ['bachelor-or-above', 1, undefined],
  ])('computes the schooling length of a %s class (GD-SCHOOLING)', async (entryLevel, years, senior) => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const r = await createClass(unit('gz-tech'), pilotIds[0] as string, {
      name: '班',
      entryLevel,
      intakeYear: 2026,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.plannedYears).toBe(years);
    expect(r.body.seniorWorkerStageYears).toBe(senior);
    expect(r.body.graduationYear).toBe(2026 + years);
  });

  it('refuses a length or senior-worker stage other than the definition says (GD-SCHOOLING)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    const bad = await createClass(unit('gz-tech'), pilotId, {
      name: '班',
      entryLevel: 'junior-high',
      intakeYear: 2026,
      plannedYears: 5,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ ruleId: 'GD-SCHOOLING', field: 'body.plannedYears' });
    const stage = await createClass(unit('gz-tech'), pilotId, {
      name: '班',
      entryLevel: 'senior-high',
      intakeYear: 2026,
      seniorWorkerStageYears: 3,
    });
    expect(stage.status).toBe(422);
    expect(stage.body.errors[0]).toMatchObject({
      ruleId: 'GD-SCHOOLING',
      field: 'body.seniorWorkerStageYears',
    });
    const ok = await createClass(unit('gz-tech'), pilotId, {
      name: '班',
      entryLevel: 'junior-high',
      intakeYear: 2026,
      plannedYears: 6,
      seniorWorkerStageYears: 4,
    });
    expect(ok.status).toBe(201);
    const unknown = await createClass(unit('gz-tech'), pilotId, {
      name: '班',
      entryLevel: 'primary',
      intakeYear: 2026,
    });
    expect(unknown.status).toBe(422);
    const extra = await createClass(unit('gz-tech'), pilotId, {
      name: '班',
      entryLevel: 'senior-high',
      intakeYear: 2026,
      size: 30,
    });
    expect(extra.status).toBe(422);
  });

  it('lets the province (admin) keep another schooling length, with its reason, recorded on the class; a unit may not (GD-SCHOOLING 灵活学制)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    const flexible = {
      name: '灵活学制班',
      entryLevel: 'junior-high',
      intakeYear: 2026,
      plannedYears: 5,
      seniorWorkerStageYears: 3,
    };
    const byUnit = await createClass(unit('gz-tech'), pilotId, {
      ...flexible,
      lengthOverrideReason: '灵活学制试点',
    });
    expect(byUnit.status).toBe(403);
    expect(byUnit.body.ruleId).toBe('GD-SCHOOLING');
    const granted = await createClass(admin, pilotId, {
      ...flexible,
      lengthOverrideReason: '经省厅批准探索灵活学制培养',
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    expect(granted.body).toMatchObject({
      plannedYears: 5,
      seniorWorkerStageYears: 3,
      graduationYear: 2031,
      lengthOverride: { reason: '经省厅批准探索灵活学制培养', by: 'gd-admin', ruleIds: ['GD-SCHOOLING'] },
    });
    // Without the reason the same class is still refused.
    expect((await createClass(admin, pilotId, flexible)).status).toBe(422);
  });

  it('lets only the pilot unit or admin open classes, lists them, and hides them from others', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    const body = { name: '班', entryLevel: 'senior-high', intakeYear: 2026 };
    expect((await createClass(unit('sz-tech'), pilotId, body)).status).toBe(403);
    expect((await createClass(reviewer, pilotId, body)).status).toBe(403);
    expect((await createClass(auditor, pilotId, body)).status).toBe(403);
    expect((await createClass(intruder, pilotId, body)).status).toBe(404);
    const classId = await classReady(admin, pilotId);
    const list = await call({
      method: 'GET',
      route: '/pilots/{pilotId}/classes',
      pathParameters: { pilotId },
      caller: reviewer,
    });
    expect(list.body.items.map((c: { classId: string }) => c.classId)).toEqual([classId]);
    expect(
      (
        await call({
          method: 'GET',
          route: '/pilots/{pilotId}/classes',
          pathParameters: { pilotId },
          caller: finance,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/pilots/{pilotId}/classes',
          pathParameters: { pilotId },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call({
          method: 'GET',
          route: '/classes/{classId}',
          pathParameters: { classId },
          caller: unit('gz-tech'),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call({
          method: 'GET',
          route: '/classes/{classId}',
          pathParameters: { classId },
          caller: unit('sz-tech'),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/classes/{classId}',
          pathParameters: { classId },
          caller: finance,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/classes/{classId}',
          pathParameters: { classId },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
  });
});

describe('Students (GD-DUAL-MENTOR, X-RESIDENT-ID)', () => {
  it('enrols a student with an enterprise and a school mentor and masks the resident ID except for admin (GD-DUAL-MENTOR)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const classId = await classReady(unit('gz-tech'), pilotIds[0] as string);
    const residentId = freshResidentId('2006-03-01');
    const r = await enrol(unit('gz-tech'), classId, residentId);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.residentId).not.toBe(residentId);
    expect(r.body.residentId).toContain('********');
    expect(r.raw).not.toContain(residentId);
    const studentId = r.body.studentId as string;
    const asAdmin = await call({
      method: 'GET',
      route: '/students/{studentId}',
      pathParameters: { studentId },
      caller: admin,
    });
    expect(asAdmin.body.residentId).toBe(residentId);
    const asAuditor = await call({
      method: 'GET',
      route: '/students/{studentId}',
      pathParameters: { studentId },
      caller: auditor,
    });
    expect(asAuditor.body.residentId).toContain('********');
    const list = await call({
      method: 'GET',
      route: '/classes/{classId}/students',
      pathParameters: { classId },
      caller: reviewer,
    });
    expect(list.raw).not.toContain(residentId);
  });

  it('refuses a student without both mentors, or with two of one kind (GD-DUAL-MENTOR)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const classId = await classReady(unit('gz-tech'), pilotIds[0] as string);
    const send = (m: unknown[]) =>
      call({
        method: 'POST',
        route: '/classes/{classId}/students',
        pathParameters: { classId },
        body: { name: '陈学生', residentId: freshResidentId('2006-01-02'), mentors: m },
        caller: unit('gz-tech'),
      });
    const none = await send([]);
    expect(none.status).toBe(422);
    expect(none.body.errors.map((v: { ruleId: string }) => v.ruleId)).toEqual([
      'GD-DUAL-MENTOR',
      'GD-DUAL-MENTOR',
    ]);
    const onlySchool = await send([{ role: 'school-mentor', name: '郑教师' }]);
    expect(onlySchool.status).toBe(422);
    expect(onlySchool.body.errors[0]).toMatchObject({ ruleId: 'GD-DUAL-MENTOR', field: 'body.mentors' });
    const twoSchool = await send([...mentors, { role: 'school-mentor', name: '冯教师' }]);
    expect(twoSchool.status).toBe(422);
    expect((await send(mentors)).status).toBe(201);
  });

  it('validates resident IDs (X-RESIDENT-ID)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const classId = await classReady(unit('gz-tech'), pilotIds[0] as string);
    const r = await enrol(unit('gz-tech'), classId, withBadCheckDigit(freshResidentId('2006-01-02')));
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({ ruleId: 'X-RESIDENT-ID', field: 'body.residentId' });
  });

  it('enrols a person once per cycle, also under parallel requests (P-ONE-ENROLMENT-PER-CYCLE)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }, { unitId: 'sz-tech' }]);
    const a = await classReady(unit('gz-tech'), pilotIds[0] as string);
    const b = await classReady(unit('sz-tech'), pilotIds[1] as string);
    const residentId = freshResidentId('2005-07-07');
    const results = await Promise.all([
      enrol(unit('gz-tech'), a, residentId),
      enrol(unit('sz-tech'), b, residentId),
      enrol(admin, a, residentId),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(results.find((r) => r.status === 409)?.body.ruleId).toBe('P-ONE-ENROLMENT-PER-CYCLE');
  });

  it('refuses enrolment by another unit, reviewer, auditor, finance (403) and another agency (404) (P-UNIT-SCOPE, X-TENANT)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const classId = await classReady(unit('gz-tech'), pilotIds[0] as string);
    for (const caller of [unit('sz-tech'), reviewer, auditor, finance])
      expect((await enrol(caller, classId)).status).toBe(403);
    expect((await enrol(intruder, classId)).status).toBe(404);
    const s = await enrol(unit('gz-tech'), classId);
    const studentId = s.body.studentId as string;
    expect(
      (
        await call({
          method: 'GET',
          route: '/students/{studentId}',
          pathParameters: { studentId },
          caller: unit('sz-tech'),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/students/{studentId}',
          pathParameters: { studentId },
          caller: finance,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/students/{studentId}',
          pathParameters: { studentId },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call({
          method: 'GET',
          route: '/classes/{classId}/students',
          pathParameters: { classId },
          caller: unit('sz-tech'),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/classes/{classId}/students',
          pathParameters: { classId },
          caller: finance,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/classes/{classId}/students',
          pathParameters: { classId },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
  });
});

describe('Teaching and assessment team (GD-FACULTY)', () => {
  const member = (role: string, extra: Record<string, unknown> = {}) => ({ name: '新成员', role, ...extra });
  const add = (caller: Parameters<typeof call>[0]['caller'], pilotId: string, body: unknown) =>
    call({ method: 'POST', route: '/pilots/{pilotId}/faculty', pathParameters: { pilotId }, body, caller });
  const remove = (caller: Parameters<typeof call>[0]['caller'], pilotId: string, memberId: string) =>
    call({
      method: 'DELETE',
      route: '/pilots/{pilotId}/faculty/{memberId}',
      pathParameters: { pilotId, memberId },
      caller,
    });

  it('refuses a change that leaves enterprise mentors below 30%: 3 of 10 passes, 3 of 11 fails (GD-FACULTY)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    const r = await add(unit('gz-tech'), pilotId, member('full-time-teacher'));
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({ ruleId: 'GD-FACULTY', field: 'body.members' });
    const ok = await add(unit('gz-tech'), pilotId, member('enterprise-mentor'));
    expect(ok.status).toBe(201);
    expect(ok.body.faculty).toHaveLength(11);
  });

  it('refuses a change that leaves fewer than 5 senior experts (GD-FACULTY)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    const team = (
      await call({
        method: 'GET',
        route: '/pilots/{pilotId}/faculty',
        pathParameters: { pilotId },
        caller: auditor,
      })
    ).body.faculty;
    const expert = team.find((m: { name: string }) => m.name === '钱教师');
    const r = await remove(unit('gz-tech'), pilotId, expert.memberId);
    expect(r.status).toBe(422);
    expect(r.body.errors.map((v: { ruleId: string }) => v.ruleId)).toContain('GD-FACULTY');
    const plain = team.find((m: { name: string }) => m.name === '周教师');
    expect((await remove(unit('gz-tech'), pilotId, plain.memberId)).status).toBe(200);
  });

  it('replaces the whole team with If-Match, checked (GD-FACULTY)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    const current = await call({
      method: 'GET',
      route: '/pilots/{pilotId}/faculty',
      pathParameters: { pilotId },
      caller: admin,
    });
    const members = compliantFaculty().map(({ isLeader: _l, ...m }) => m);
    const put = (ifMatch: string, body: unknown) =>
      call({
        method: 'PUT',
        route: '/pilots/{pilotId}/faculty',
        pathParameters: { pilotId },
        body,
        headers: { 'if-match': ifMatch },
        caller: unit('gz-tech'),
      });
    const bad = await put(current.headers.etag as string, {
      members: members.filter((m) => m.role !== 'enterprise-mentor'),
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].ruleId).toBe('GD-FACULTY');
    const ok = await put(current.headers.etag as string, { members });
    expect(ok.status).toBe(200);
    const stale = await put(current.headers.etag as string, { members });
    expect(stale.status).toBe(412);
    const noMatch = await call({
      method: 'PUT',
      route: '/pilots/{pilotId}/faculty',
      pathParameters: { pilotId },
      body: { members },
      caller: unit('gz-tech'),
    });
    expect(noMatch.status).toBe(428);
  });

  it('never lets two parallel removals that each pass alone leave the team in breach (GD-FACULTY)', async () => {
    // 20 members, 7 enterprise mentors (35%): one removal leaves 6/19 (31.6%), two leave 5/18 (27.8%).
    const faculty = [
      ...compliantFaculty(),
      ...['甲', '乙', '丙', '丁'].map((n) => ({
        name: `${n}企导`,
        role: 'enterprise-mentor' as const,
        isLeader: false,
      })),
      ...['戊', '己', '庚', '辛', '壬', '癸'].map((n) => ({
        name: `${n}教师`,
        role: 'full-time-teacher' as const,
        isLeader: false,
      })),
    ];
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech', faculty }]);
    const pilotId = pilotIds[0] as string;
    const team = (
      await call({
        method: 'GET',
        route: '/pilots/{pilotId}/faculty',
        pathParameters: { pilotId },
        caller: admin,
      })
    ).body.faculty;
    const plainMentors = team.filter(
      (m: { role: string; name: string }) =>
        m.role === 'enterprise-mentor' && m.name.length === 3 && /[甲乙]/.test(m.name),
    );
    const results = await Promise.all(
      plainMentors.map((m: { memberId: string }) => remove(unit('gz-tech'), pilotId, m.memberId)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    const after = (
      await call({
        method: 'GET',
        route: '/pilots/{pilotId}/faculty',
        pathParameters: { pilotId },
        caller: admin,
      })
    ).body.faculty;
    expect(after.filter((m: { role: string }) => m.role === 'enterprise-mentor')).toHaveLength(6);
    expect(after).toHaveLength(19);
  });

  it('refuses team changes by other units, reviewers, auditors, finance (403) and another agency (404) (P-UNIT-SCOPE, X-TENANT)', async () => {
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const pilotId = pilotIds[0] as string;
    for (const caller of [unit('sz-tech'), reviewer, auditor, finance]) {
      expect((await add(caller, pilotId, member('enterprise-mentor'))).status).toBe(403);
      expect((await remove(caller, pilotId, 'm-1')).status).toBe(403);
    }
    expect((await add(intruder, pilotId, member('enterprise-mentor'))).status).toBe(404);
    expect((await remove(intruder, pilotId, 'm-1')).status).toBe(404);
    expect((await remove(admin, pilotId, 'm-unknown')).status).toBe(404);
    expect(
      (
        await call({
          method: 'GET',
          route: '/pilots/{pilotId}/faculty',
          pathParameters: { pilotId },
          caller: finance,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call({
          method: 'GET',
          route: '/pilots/{pilotId}/faculty',
          pathParameters: { pilotId },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
    const put = await call({
      method: 'PUT',
      route: '/pilots/{pilotId}/faculty',
      pathParameters: { pilotId },
      body: { members: [member('enterprise-mentor')] },
      headers: { 'if-match': '"1"' },
      caller: reviewer,
    });
    expect(put.status).toBe(403);
    const putOther = await call({
      method: 'PUT',
      route: '/pilots/{pilotId}/faculty',
      pathParameters: { pilotId },
      body: { members: [member('enterprise-mentor')] },
      headers: { 'if-match': '"1"' },
      caller: intruder,
    });
    expect(putOther.status).toBe(404);
  });
});

describe('Audit (X-AUDIT)', () => {
  it('records each change with who and what in the same transaction, resident IDs masked (X-AUDIT)', async () => {
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const { getDocumentClient, mainTableName, tenantKey, asAgencyId } = await import('@talent/data');
    const { pilotIds } = await pilotsReady([{ unitId: 'gz-tech' }]);
    const classId = await classReady(unit('gz-tech'), pilotIds[0] as string);
    const residentId = freshResidentId('2006-08-08');
    const s = await enrol(unit('gz-tech'), classId, residentId);
    const studentId = s.body.studentId as string;
    const out = await getDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)',
        ExpressionAttributeValues: {
          ':pk': tenantKey(asAgencyId('guangdong'), 'GDSTUDENT', studentId),
          ':a': 'AUDIT#',
        },
      }),
    );
    expect(out.Items).toHaveLength(1);
    expect(out.Items?.[0]).toMatchObject({
      action: 'gd.student.enrolled',
      actorId: 'gd-gz-tech',
      entityType: 'GdStudent',
    });
    expect(JSON.stringify(out.Items)).not.toContain(residentId);
  });
});
