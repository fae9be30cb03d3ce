import { addDays } from '@talent/kernel';
import { describe, expect, it } from 'vitest';
import { freshResidentId, withBadCheckDigit } from '../../../test/support/people';
import {
  activate,
  activePairings,
  admin,
  agreements,
  at,
  auditor,
  call,
  holdWriteUntil,
  masterAtSchool,
  newSchool,
  pairingCall,
  readyPairing,
  registerApprentice,
  registerMaster,
  schoolCounts,
  seedCycle,
  stageCount,
  unit,
} from './support';

describe('masters', () => {
  it('registers a master of the official list at the hiring school with tier and service term (LS-NOMINATION-ROUTE, LS-SERVICE-TERM)', async () => {
    const c = await seedCycle(1, 1);
    const school = newSchool();
    const r = await registerMaster(c.cycleId, c.nominationIds[0] as string, school);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      schoolId: school,
      tier: 1,
      serviceYears: 6,
      employmentStartOn: '2026-11-03',
      serviceTermEndsOn: '2032-11-03',
      status: 'serving',
      nominationRoute: 'industry-association',
    });
    expect(r.body.residentId).toMatch(/\*/);
    const t2 = await registerMaster(c.cycleId, c.nominationIds[1] as string, school);
    expect(t2.body.tier).toBe(2);
    const again = await registerMaster(c.cycleId, c.nominationIds[0] as string, newSchool());
    expect(again.status).toBe(409);
    expect(again.body.ruleId).toBe('P-ONE-REGISTRATION-PER-CYCLE');
    const full = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/masters/{masterId}',
      pathParameters: { cycleId: c.cycleId, masterId: r.body.masterId },
      caller: admin,
    });
    expect(full.body.residentId).toMatch(/^\d{17}[\dX]$/);
  });

  it('refuses a nomination that is not on the official master list (LS-NOMINATION-ROUTE)', async () => {
    const c = await seedCycle(1);
    const r = await registerMaster(c.cycleId, 'n-not-official', newSchool());
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({ ruleId: 'LS-NOMINATION-ROUTE', field: 'body.nominationId' });
  });

  it('refuses a service term under 6 years and accepts exactly 6 (LS-SERVICE-TERM)', async () => {
    const c = await seedCycle(2);
    const five = await registerMaster(c.cycleId, c.nominationIds[0] as string, newSchool(), {
      serviceYears: 5,
    });
    expect(five.status).toBe(422);
    expect(JSON.stringify(five.body)).toContain('LS-SERVICE-TERM');
    const six = await registerMaster(c.cycleId, c.nominationIds[1] as string, newSchool(), {
      serviceYears: 6,
    });
    expect(six.status).toBe(201);
  });

  it('flags a master leaving before the 6-year term, and refuses it while pairings are active (LS-SERVICE-TERM)', async () => {
    const c = await seedCycle(2);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    const [only] = await activePairings(c.cycleId, schoolId, masterId, 1);
    const leave = (body: object) =>
      call({
        method: 'POST',
        route: '/cycles/{cycleId}/masters/{masterId}/leave',
        pathParameters: { cycleId: c.cycleId, masterId },
        body,
        caller: unit(schoolId),
      });
    const blocked = await leave({ leftOn: '2027-06-30', reason: '企业工作调动' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.ruleId).toBe('P-MASTER-PAIRINGS');
    const end = await pairingCall('POST', only?.pairingId as string, 'end', schoolId, {
      reason: 'replacement',
    });
    expect(end.status).toBe(200);
    const left = await leave({ leftOn: '2027-06-30', reason: '企业工作调动' });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect(left.body.status).toBe('left');
    expect(left.body.leaving).toMatchObject({ early: true, flags: [{ ruleId: 'LS-SERVICE-TERM' }] });
    // A master who served the full term leaves without a flag.
    const other = await masterAtSchool(c.cycleId, c.nominationIds[1] as string);
    const full = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/masters/{masterId}/leave',
      pathParameters: { cycleId: c.cycleId, masterId: other.masterId },
      body: { leftOn: '2032-11-03', reason: '服务期满' },
      caller: admin,
    });
    expect(full.body.leaving).toMatchObject({ early: false, flags: [] });
  });

  it('a master leaving races the first activation in a new study stage: never both, the master counts active pairings (P-MASTER-PAIRINGS)', async () => {
    const c = await seedCycle(2);
    const leave = (cycleId: string, masterId: string, schoolId: string) =>
      call({
        method: 'POST',
        route: '/cycles/{cycleId}/masters/{masterId}/leave',
        pathParameters: { cycleId, masterId },
        body: { leftOn: '2026-11-15', reason: '企业工作调动' },
        caller: unit(schoolId),
      });
    const masterOf = async (masterId: string) =>
      (
        await call({
          method: 'GET',
          route: '/cycles/{cycleId}/masters/{masterId}',
          pathParameters: { cycleId: c.cycleId, masterId },
          caller: admin,
        })
      ).body;

    // The leaving request reads the master (no active pairing yet) before the activation commits,
    // and writes after it: refused.
    const m1 = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    const r1 = await readyPairing(c.cycleId, m1.schoolId, m1.masterId, { studyStage: 'higher-vocational' });
    let release = holdWriteUntil('master.left', 'pairing.activated');
    const [activated, refused] = await Promise.all([
      activate(r1.pairingId, m1.schoolId),
      leave(c.cycleId, m1.masterId, m1.schoolId),
    ]).finally(release);
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.ruleId).toBe('P-MASTER-PAIRINGS');
    expect(await masterOf(m1.masterId)).toMatchObject({ status: 'serving', activePairings: 1 });
    // Ending the pairing frees the master to leave.
    const end = await pairingCall('POST', r1.pairingId, 'end', m1.schoolId, { reason: 'replacement' });
    expect(end.status).toBe(200);
    expect((await masterOf(m1.masterId)).activePairings).toBe(0);
    expect((await leave(c.cycleId, m1.masterId, m1.schoolId)).status).toBe(200);

    // The activation reads the master serving before the leaving commits, and writes after it: refused.
    const m2 = await masterAtSchool(c.cycleId, c.nominationIds[1] as string);
    const r2 = await readyPairing(c.cycleId, m2.schoolId, m2.masterId, { studyStage: 'technician-college' });
    release = holdWriteUntil('pairing.activated', 'master.left');
    const [late, left] = await Promise.all([
      activate(r2.pairingId, m2.schoolId),
      leave(c.cycleId, m2.masterId, m2.schoolId),
    ]).finally(release);
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect(late.status, JSON.stringify(late.body)).toBe(409);
    expect(late.body.ruleId).toBe('P-MASTER-STATUS');
    const after = await masterOf(m2.masterId);
    expect(after.status).toBe('left');
    expect(after.activePairings ?? 0).toBe(0);
  });
});

describe('apprentices', () => {
  it('validates and masks resident IDs, one registration per person per cycle (X-RESIDENT-ID)', async () => {
    const c = await seedCycle(0);
    const school = newSchool();
    const bad = await registerApprentice(c.cycleId, school, {
      residentId: withBadCheckDigit(freshResidentId('2008-01-01')),
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('X-RESIDENT-ID');
    const id = freshResidentId('2008-02-02');
    const ok = await registerApprentice(c.cycleId, school, { residentId: id });
    expect(ok.status).toBe(201);
    expect(ok.body.residentId).not.toBe(id);
    expect(ok.body.residentId).toContain('*');
    expect(ok.body.phone).toContain('*');
    const adminView = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/apprentices/{apprenticeId}',
      pathParameters: { cycleId: c.cycleId, apprenticeId: ok.body.apprenticeId },
      caller: admin,
    });
    expect(adminView.body.residentId).toBe(id);
    const twice = await registerApprentice(c.cycleId, newSchool(), { residentId: id });
    expect(twice.status).toBe(409);
    expect(twice.body.ruleId).toBe('P-ONE-REGISTRATION-PER-CYCLE');
  });

  it('pairs only second-year students (LS-APPRENTICE-YEAR)', async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    for (const [year, status] of [
      [1, 422],
      [3, 422],
      [2, 201],
    ] as const) {
      const a = await registerApprentice(c.cycleId, schoolId, { studyYear: year });
      const p = await call({
        method: 'POST',
        route: '/cycles/{cycleId}/pairings',
        pathParameters: { cycleId: c.cycleId },
        body: { masterId, apprenticeId: a.body.apprenticeId, initiatedBy: 'apprentice' },
        caller: unit(schoolId),
      });
      expect(p.status, `year ${year}: ${JSON.stringify(p.body)}`).toBe(status);
      if (status === 422) expect(JSON.stringify(p.body)).toContain('LS-APPRENTICE-YEAR');
    }
  });
});

describe('two-way selection and agreements', () => {
  it('activates only after both parties accepted; the initiator does not accept twice (LS-TWO-WAY)', async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    const a = await registerApprentice(c.cycleId, schoolId);
    const p = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/pairings',
      pathParameters: { cycleId: c.cycleId },
      body: { masterId, apprenticeId: a.body.apprenticeId, initiatedBy: 'apprentice' },
      caller: unit(schoolId),
    });
    expect(p.body).toMatchObject({ status: 'proposed', initiatedBy: 'apprentice' });
    const id = p.body.pairingId as string;
    await pairingCall('PUT', id, 'agreements', schoolId, agreements);
    const early = await activate(id, schoolId);
    expect(early.status).toBe(409);
    expect(early.body.ruleId).toBe('LS-TWO-WAY');
    const self = await pairingCall('POST', id, 'accept', schoolId, { party: 'apprentice' });
    expect(self.status).toBe(409);
    expect(self.body.ruleId).toBe('LS-TWO-WAY');
    const accepted = await pairingCall('POST', id, 'accept', schoolId, { party: 'master' });
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.masterConsent.recordedBy).toBe(`${schoolId}-user`);
    const ok = await activate(id, schoolId);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('active');
    // A second open pairing of the same apprentice is refused.
    const dup = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/pairings',
      pathParameters: { cycleId: c.cycleId },
      body: { masterId, apprenticeId: a.body.apprenticeId, initiatedBy: 'master' },
      caller: unit(schoolId),
    });
    expect(dup.status).toBe(409);
    expect(dup.body.ruleId).toBe('P-ONE-OPEN-PAIRING');
  });

  it('refuses activation without the agreements, school mentor and training plan, and sessions before activation (LS-AGREEMENTS)', async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    const a = await registerApprentice(c.cycleId, schoolId);
    const p = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/pairings',
      pathParameters: { cycleId: c.cycleId },
      body: { masterId, apprenticeId: a.body.apprenticeId, initiatedBy: 'master' },
      caller: unit(schoolId),
    });
    const id = p.body.pairingId as string;
    await pairingCall('POST', id, 'accept', schoolId, { party: 'apprentice' });
    const refused = await activate(id, schoolId);
    expect(refused.status).toBe(409);
    expect(refused.body.ruleId).toBe('LS-AGREEMENTS');
    const session = await pairingCall('POST', id, 'sessions', schoolId, {
      date: '2026-11-10',
      days: 1,
      content: '车削',
      confirmedBy: '李老师',
    });
    expect(session.status).toBe(409);
    const incomplete = await pairingCall('PUT', id, 'agreements', schoolId, {
      ...agreements,
      trainingPlan: undefined,
    });
    expect(incomplete.status).toBe(422);
    await pairingCall('PUT', id, 'agreements', schoolId, agreements);
    expect((await activate(id, schoolId)).status).toBe(200);
    const wrongMentor = await pairingCall('POST', id, 'sessions', schoolId, {
      date: '2026-11-15',
      days: 1,
      content: '车削',
      confirmedBy: '王老师',
    });
    expect(wrongMentor.status).toBe(422);
    expect(JSON.stringify(wrongMentor.body)).toContain('LS-AGREEMENTS');
  });
});

describe('caps', () => {
  it('refuses the 11th apprentice of a master in one study stage, not in another stage (LS-PAIR-CAP)', async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    await activePairings(c.cycleId, schoolId, masterId, 10);
    const eleventh = await readyPairing(c.cycleId, schoolId, masterId);
    const r = await activate(eleventh.pairingId, schoolId);
    expect(r.status).toBe(409);
    expect(r.body.ruleId).toBe('LS-PAIR-CAP');
    const otherStage = await readyPairing(c.cycleId, schoolId, masterId, { studyStage: 'higher-vocational' });
    expect((await activate(otherStage.pairingId, schoolId)).status).toBe(200);
    expect(await stageCount(masterId)).toBe(10);
    expect(await stageCount(masterId, 'higher-vocational')).toBe(1);
  });

  it('50 concurrent activations against a master with 8 active apprentices: exactly 2 succeed (LS-PAIR-CAP)', async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    await activePairings(c.cycleId, schoolId, masterId, 8);
    const ready = await Promise.all(
      Array.from({ length: 50 }, () => readyPairing(c.cycleId, schoolId, masterId)),
    );
    const results = await Promise.all(ready.map((r) => activate(r.pairingId, schoolId)));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 409);
    expect(ok).toHaveLength(2);
    expect(refused).toHaveLength(48);
    for (const r of refused) expect(r.body.ruleId).toBe('LS-PAIR-CAP');
    expect(await stageCount(masterId)).toBe(10);
    expect(await schoolCounts(c.cycleId, schoolId)).toEqual({ total: 10, teachers: 0 });
    const active = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/pairings',
      pathParameters: { cycleId: c.cycleId },
      query: { schoolId, status: 'active', limit: '100' },
      caller: admin,
    });
    expect(active.body.items).toHaveLength(10);
  }, 60_000);

  it('frees the cap only when a pairing ends, keeping its history and audit trail (LS-PAIR-CAP, X-AUDIT)', async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    const ten = await activePairings(c.cycleId, schoolId, masterId, 10);
    const waiting = await readyPairing(c.cycleId, schoolId, masterId);
    expect((await activate(waiting.pairingId, schoolId)).body.ruleId).toBe('LS-PAIR-CAP');
    const first = ten[0]?.pairingId as string;
    const badReason = await pairingCall('POST', first, 'end', schoolId, { reason: 'declined' });
    expect(badReason.status).toBe(422);
    const ended = await pairingCall('POST', first, 'end', schoolId, {
      reason: 'withdrawal',
      note: '学生转学',
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'ended', ended: { reason: 'withdrawal', wasActive: true } });
    expect(await stageCount(masterId)).toBe(9);
    expect((await activate(waiting.pairingId, schoolId)).status).toBe(200);
    expect(await stageCount(masterId)).toBe(10);
    const history = await call({
      method: 'GET',
      route: '/pairings/{pairingId}',
      pathParameters: { pairingId: first },
      caller: admin,
    });
    expect(history.body.status).toBe('ended');
    const audit = await call({
      method: 'GET',
      route: '/pairings/{pairingId}/audit',
      pathParameters: { pairingId: first },
      caller: auditor,
    });
    expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual([
      'pairing.proposed',
      'pairing.accepted-by-apprentice',
      'pairing.agreements-recorded',
      'pairing.activated',
      'pairing.ended.withdrawal',
    ]);
    expect(JSON.stringify(audit.body)).not.toMatch(/\d{17}[\dX]/);
    const again = await pairingCall('POST', first, 'end', schoolId, { reason: 'graduation' });
    expect(again.status).toBe(409);
  });

  it("admits a teacher apprentice only within 10% of the school's active pairings, counting the new one (LS-TEACHER-SHARE)", async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    await activePairings(c.cycleId, schoolId, masterId, 8);
    const teacher = await readyPairing(c.cycleId, schoolId, masterId, {
      kind: 'teacher',
      studyStage: 'higher-vocational',
    });
    // 1 teacher of 9 pairings = 11.1% > 10%
    const refused = await activate(teacher.pairingId, schoolId);
    expect(refused.status).toBe(409);
    expect(refused.body.ruleId).toBe('LS-TEACHER-SHARE');
    await activePairings(c.cycleId, schoolId, masterId, 1);
    // 1 teacher of 10 pairings = 10%: admitted
    const ok = await activate(teacher.pairingId, schoolId);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(await schoolCounts(c.cycleId, schoolId)).toEqual({ total: 10, teachers: 1 });
  });
});

describe('mentoring', () => {
  const completionBody = {
    skillImproved: true,
    assessment: '技能等级由中级工提升为高级工',
    confirmedOn: '2027-01-09',
  };

  it('completes a mentorship at 50 face-to-face days on 50 dates with improved skill, not at 49 (LS-MENTOR-DAYS)', async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    const [p] = await activePairings(c.cycleId, schoolId, masterId, 1);
    const id = p?.pairingId as string;
    // Activated on 2026-11-15; the school logs the days until 10 January 2027.
    at('2027-01-10T02:00:00Z');
    try {
      const log = (date: string, body: object) =>
        pairingCall('POST', id, 'sessions', schoolId, {
          content: '面对面辅导',
          confirmedBy: '李老师',
          date,
          ...body,
        });
      for (let i = 0; i < 48; i++)
        expect((await log(addDays('2026-11-15', i), { days: 1 })).status).toBe(201);
      // Day 49: two half days (4 h + 4 h) on one date count one day.
      const day49 = addDays('2026-11-15', 48);
      expect((await log(day49, { hours: 4 })).status).toBe(201);
      expect((await log(day49, { days: 0.5 })).status).toBe(201);
      const at49 = await pairingCall('POST', id, 'completion', schoolId, completionBody);
      expect(at49.status).toBe(422);
      expect(JSON.stringify(at49.body)).toContain('LS-MENTOR-DAYS');
      const day50 = addDays('2026-11-15', 49);
      expect((await log(day50, { days: 1 })).status).toBe(201);
      const notImproved = await pairingCall('POST', id, 'completion', schoolId, {
        ...completionBody,
        skillImproved: false,
      });
      expect(notImproved.status).toBe(422);
      const at50 = await pairingCall('POST', id, 'completion', schoolId, completionBody);
      expect(at50.status, JSON.stringify(at50.body)).toBe(200);
      expect(at50.body.completion).toMatchObject({ faceToFaceDays: 50, skillImproved: true });
      expect(at50.body.faceToFaceDays).toBe(50);
      const sessions = await call({
        method: 'GET',
        route: '/pairings/{pairingId}/sessions',
        pathParameters: { pairingId: id },
        query: { limit: '3' },
        caller: auditor,
      });
      expect(sessions.body.items).toHaveLength(3);
      const rest = await call({
        method: 'GET',
        route: '/pairings/{pairingId}/sessions',
        pathParameters: { pairingId: id },
        query: { limit: '100', cursor: sessions.body.nextCursor },
        caller: auditor,
      });
      expect(rest.body.items).toHaveLength(48);
      expect(rest.body.nextCursor).toBeNull();
    } finally {
      at('2026-11-15T02:00:00Z');
    }
  });

  it('counts at most one face-to-face day per date: no session over 8 h or 1 day, no second day on a date (LS-MENTOR-DAYS)', async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    const [p] = await activePairings(c.cycleId, schoolId, masterId, 1);
    const id = p?.pairingId as string;
    const log = (body: object) =>
      pairingCall('POST', id, 'sessions', schoolId, {
        content: '面对面辅导',
        confirmedBy: '李老师',
        date: '2026-11-15',
        ...body,
      });
    const tenDays = await log({ days: 10 });
    expect(tenDays.status).toBe(422);
    expect(JSON.stringify(tenDays.body)).toContain('body.days');
    expect((await log({ days: 1.5 })).status).toBe(422);
    const nineHours = await log({ hours: 9 });
    expect(nineHours.status).toBe(422);
    expect(JSON.stringify(nineHours.body)).toContain('body.hours');
    expect((await log({ days: 1 })).status).toBe(201);
    const second = await log({ hours: 1 });
    expect(second.status).toBe(422);
    expect(second.body).toMatchObject({
      errors: [expect.objectContaining({ ruleId: 'LS-MENTOR-DAYS', field: 'body.date' })],
    });
    const pairing = await call({
      method: 'GET',
      route: '/pairings/{pairingId}',
      pathParameters: { pairingId: id },
      caller: admin,
    });
    expect(pairing.body).toMatchObject({ faceToFaceDays: 1, sessionCount: 1 });
  });

  it('3 concurrent half-day sessions on one date: exactly 2 are logged, the date holds one day (LS-MENTOR-DAYS)', async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    const [p] = await activePairings(c.cycleId, schoolId, masterId, 1);
    const id = p?.pairingId as string;
    const results = await Promise.all(
      Array.from({ length: 3 }, () =>
        pairingCall('POST', id, 'sessions', schoolId, {
          content: '面对面辅导',
          confirmedBy: '李老师',
          date: '2026-11-15',
          hours: 4,
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses, JSON.stringify(results.map((r) => r.body))).toEqual([201, 201, 422]);
    expect(JSON.stringify(results.find((r) => r.status === 422)?.body)).toContain('LS-MENTOR-DAYS');
    const pairing = await call({
      method: 'GET',
      route: '/pairings/{pairingId}',
      pathParameters: { pairingId: id },
      caller: admin,
    });
    expect(pairing.body).toMatchObject({ faceToFaceDays: 1, sessionCount: 2 });
  });
});
