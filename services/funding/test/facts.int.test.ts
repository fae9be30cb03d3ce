/**
 * The real facts readers end to end: the cohorts API runs Jiangsu units to (final) acceptance and
 * records Zhuhai teacher promotions; the funding API then calculates from what cohorts stored
 * (`realFundingFacts()`, no in-memory facts), with the full resident IDs of the official list.
 */
import { randomUUID } from 'node:crypto';
import { maskResidentId, setClockSource } from '@talent/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiEvent, type Caller, lambdaContext, parseResponse } from '../../../test/support/api-event';
import { seedOfficialList } from '../../../test/support/official-list';
import { freshResidentId } from '../../../test/support/people';
import {
  addSession,
  attend,
  closeAcceptance,
  admin as cohortsAdmin,
  call as cohortsCall,
  enrol,
  ok,
  PLAN_10H,
  putPlan,
  putUnit,
  submitGrades,
} from '../../cohorts/test/jiangsu-support';
import { setFundingFacts } from '../src/facts-source';
import { handler } from '../src/handlers/api';

const J = 'jiangsu';
const JS = 'jiangsu-excellent-technicians';
const ZH = 'zhuhai-new-craftsmen';

const fundingCall = async (input: Parameters<typeof apiEvent>[0]) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('funding')));
const as = (agency: string, role: string): Caller => ({ agency, roles: [role], user: `${agency}-${role}` });

const preview = async (cycleId: string, caller: Caller) => {
  const r = await fundingCall({
    method: 'GET',
    route: '/cycles/{cycleId}/disbursement',
    pathParameters: { cycleId },
    query: { limit: '100' },
    caller,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { totalFen: number; lines: Record<string, any>[] };
};

beforeAll(() => setFundingFacts(undefined)); // the real readers (no in-memory facts in this file)
afterAll(() => setFundingFacts(undefined));

/** A unit in `city` with a 10-hour plan, both sessions, and the nominations enrolled with full attendance. */
const unitWith = async (cycleId: string, unitId: string, city: string, nominationIds: readonly string[]) => {
  ok(await putUnit(cycleId, unitId, city), 201);
  ok(await putPlan(cycleId, unitId, PLAN_10H));
  const th = ok(
    await addSession(cycleId, unitId, {
      date: '2026-03-10',
      kind: 'theory',
      title: '前沿理论',
      hours: 4,
      credits: 1,
    }),
    201,
  ).sessionId;
  const pr = ok(
    await addSession(cycleId, unitId, {
      date: '2026-04-10',
      kind: 'practice',
      title: '实操',
      hours: 6,
      credits: 1,
    }),
    201,
  ).sessionId;
  const ids: string[] = [];
  for (const n of nominationIds) {
    const t = ok(await enrol(cycleId, n, unitId, city), 201);
    ok(await attend(t.traineeId, th, { present: true, hours: 4, credits: 1 }));
    ok(await attend(t.traineeId, pr, { present: true, hours: 6, credits: 1 }));
    ids.push(t.traineeId);
  }
  return ids;
};

describe('real funding facts from cohorts (Jiangsu acceptance)', () => {
  it('pays passed trainees of a final acceptance at the category rate, routed to the unit city, full IDs for finance only (JS-ACCEPTANCE, JS-SUBSIDY)', async () => {
    const people = [
      freshResidentId('1985-01-02'),
      freshResidentId('1986-02-03'),
      freshResidentId('1987-03-04'),
    ];
    const seeded = await seedOfficialList({
      agencyId: J,
      programmeId: JS,
      year: 2026,
      entries: [
        { category: 'A', unitId: 'emp-1', nominee: { name: '张一', residentId: people[0] as string } },
        { category: 'A', unitId: 'emp-1', nominee: { name: '张二', residentId: people[1] as string } },
        { category: 'B', unitId: 'emp-2', nominee: { name: '张三', residentId: people[2] as string } },
      ],
    });
    const [n1, n2, n3] = seeded.nominationIds as [string, string, string];
    const sz = `tu-sz-${randomUUID().slice(0, 6)}`;
    const nj = `tu-nj-${randomUUID().slice(0, 6)}`;
    const [t1, t2] = (await unitWith(seeded.cycleId, sz, '苏州市', [n1, n2])) as [string, string];
    const [t3] = (await unitWith(seeded.cycleId, nj, '南京市', [n3])) as [string];

    // no grades yet: no facts, nothing to pay
    expect((await preview(seeded.cycleId, as(J, 'finance'))).lines).toEqual([]);

    ok(
      await submitGrades(seeded.cycleId, sz, [
        { traineeId: t1, grade: '合格' },
        { traineeId: t2, grade: '不合格' },
      ]),
    );
    ok(await submitGrades(seeded.cycleId, nj, [{ traineeId: t3, grade: '基本合格' }]));
    // provisional grades: pending, neither paid nor clawed back
    const pending = await preview(seeded.cycleId, as(J, 'finance'));
    expect(pending.lines).toEqual([]);
    expect(pending.totalFen).toBe(0);

    await closeAcceptance(seeded.cycleId);
    const asFinance = await preview(seeded.cycleId, as(J, 'finance'));
    const byTrainee = new Map(asFinance.lines.map((l) => [l.subjectKey, l]));
    expect(asFinance.lines).toHaveLength(2);
    expect(asFinance.totalFen).toBe(1_000_000 + 800_000);
    expect(byTrainee.get(`JS:${t1}:1`)).toMatchObject({
      kind: 'payment',
      ruleId: 'JS-SUBSIDY',
      fundingKey: 'A',
      fundingYear: 1,
      year: 2026,
      unitId: sz,
      unitName: `${sz}技师学院`,
      city: '苏州市',
      personName: '张一',
      residentId: people[0],
      headCount: 1,
      rateFen: 1_000_000,
      amountFen: 1_000_000,
      factsVersion: 2,
    });
    expect(byTrainee.get(`JS:${t1}:1`)?.payeeZh).toContain('苏州市');
    expect(byTrainee.get(`JS:${t3}:1`)).toMatchObject({
      fundingKey: 'B',
      city: '南京市',
      personName: '张三',
      residentId: people[2],
      rateFen: 800_000,
      amountFen: 800_000,
    });
    expect(byTrainee.has(`JS:${t2}:1`)).toBe(false); // failed (JS-ACCEPTANCE): entitled 0, never paid

    const asAuditor = await preview(seeded.cycleId, as(J, 'auditor'));
    expect(asAuditor.lines.map((l) => l.residentId).sort()).toEqual(
      [maskResidentId(people[0] as string), maskResidentId(people[2] as string)].sort(),
    );
    expect(JSON.stringify(asAuditor)).not.toContain(people[0]);

    // another agency sees no such cycle (X-TENANT)
    const intruder = await fundingCall({
      method: 'GET',
      route: '/cycles/{cycleId}/disbursement',
      pathParameters: { cycleId: seeded.cycleId },
      caller: as('lishui', 'finance'),
    });
    expect(intruder.status).toBe(404);
  });

  it('reads the acceptance consistently right after it becomes final, also under parallel previews (JS-ACCEPTANCE)', async () => {
    const seeded = await seedOfficialList({
      agencyId: J,
      programmeId: JS,
      year: 2026,
      entries: Array.from({ length: 4 }, () => ({ category: 'A', unitId: 'emp-1' })),
    });
    const unitId = `tu-${randomUUID().slice(0, 6)}`;
    const ids = await unitWith(seeded.cycleId, unitId, '无锡市', seeded.nominationIds);
    ok(
      await submitGrades(
        seeded.cycleId,
        unitId,
        ids.map((traineeId) => ({ traineeId, grade: '合格' })),
      ),
    );
    await closeAcceptance(seeded.cycleId);
    const runs = await Promise.all(Array.from({ length: 5 }, () => preview(seeded.cycleId, as(J, 'admin'))));
    for (const r of runs) {
      expect(r.lines).toHaveLength(4);
      expect(r.totalFen).toBe(4_000_000);
      expect(new Set(r.lines.map((l) => l.city))).toEqual(new Set(['无锡市']));
    }
  });

  it('pays year 2 of a continued trainee as tracking year 2 in the next cycle (JS-TRACKING)', async () => {
    const y1 = await seedOfficialList({
      agencyId: J,
      programmeId: JS,
      year: 2026,
      entries: [{ category: 'A', unitId: 'emp-1', nominee: { name: '李二年' } }],
    });
    const unitId = `tu-${randomUUID().slice(0, 6)}`;
    const [t1] = (await unitWith(y1.cycleId, unitId, '常州市', y1.nominationIds)) as [string];
    ok(await submitGrades(y1.cycleId, unitId, [{ traineeId: t1, grade: '合格' }]));
    await closeAcceptance(y1.cycleId);
    const y2 = await seedOfficialList({ agencyId: J, programmeId: JS, year: 2027, entries: [] });
    ok(await putUnit(y2.cycleId, unitId, '常州市'), 201);
    const cont = ok(
      await cohortsCall({
        method: 'POST',
        route: '/trainees/{traineeId}/continuation',
        pathParameters: { traineeId: t1 },
        body: { toCycleId: y2.cycleId },
        caller: cohortsAdmin(),
      }),
      201,
    );
    const t2 = cont.next.traineeId as string;
    ok(await putPlan(y2.cycleId, unitId, { ...PLAN_10H, startsOn: '2027-03-01', endsOn: '2027-07-31' }));
    const th = ok(
      await addSession(y2.cycleId, unitId, {
        date: '2027-03-10',
        kind: 'theory',
        title: 't',
        hours: 4,
        credits: 1,
      }),
      201,
    ).sessionId;
    const pr = ok(
      await addSession(y2.cycleId, unitId, {
        date: '2027-03-11',
        kind: 'practice',
        title: 'p',
        hours: 6,
        credits: 1,
      }),
      201,
    ).sessionId;
    ok(await attend(t2, th, { present: true, hours: 4, credits: 1 }));
    ok(await attend(t2, pr, { present: true, hours: 6, credits: 1 }));
    ok(await submitGrades(y2.cycleId, unitId, [{ traineeId: t2, grade: '合格' }]));
    await closeAcceptance(y2.cycleId);
    const p = await preview(y2.cycleId, as(J, 'finance'));
    expect(p.lines).toHaveLength(1);
    expect(p.lines[0]).toMatchObject({
      subjectKey: `JS:${t2}:2`,
      fundingYear: 2,
      year: 2027,
      personName: '李二年',
      city: '常州市',
      amountFen: 1_000_000,
    });
  });
});

describe('real funding facts from cohorts (Zhuhai teacher promotions)', () => {
  it('pays recorded promotions of the year by level and skips the ineligible (ZH-TEACHER-SUBSIDY)', async () => {
    const YEAR = 2043; // a year no other test records promotions in
    setClockSource(() => Date.parse(`${YEAR}-06-01T02:00:00Z`));
    const zh = (role: string) => as('zhuhai', role);
    const t1 = freshResidentId('1980-05-05');
    const t2 = freshResidentId('1981-06-06');
    const t3 = freshResidentId('1982-07-07');
    const record = (teacher: { name: string; residentId: string }, over: Record<string, unknown> = {}) =>
      cohortsCall({
        method: 'POST',
        route: '/teacher-promotions',
        body: {
          unitId: 'zh-private-1',
          teacher,
          schoolName: '珠海市某民办职业技术学校',
          employerType: 'private-vocational-school',
          industry: 'integrated-circuits',
          level: '技师',
          promotedBySkillLevelRecognition: true,
          certificateNumber: `S${randomUUID().slice(0, 8)}`,
          certificateDate: `${YEAR}-03-01`,
          ...over,
        },
        caller: { agency: 'zhuhai', roles: ['admin'], user: 'zh-admin' },
      });
    ok(await record({ name: '林一', residentId: t1 }), 201);
    ok(await record({ name: '林二', residentId: t2 }, { level: '高级技师' }), 201);
    ok(await record({ name: '林三', residentId: t3 }, { employerType: 'public-vocational-school' }), 201);
    ok(
      await record({ name: '林四', residentId: freshResidentId() }, { certificateDate: `${YEAR - 1}-12-01` }),
      201,
    );
    const cycle = await seedOfficialList({ agencyId: 'zhuhai', programmeId: ZH, year: YEAR, entries: [] });
    const p = await preview(cycle.cycleId, zh('finance'));
    expect(p.lines.map((l) => [l.personName, l.fundingKey, l.amountFen]).sort()).toEqual([
      ['林一', '技师', 400_000],
      ['林二', '高级技师', 600_000],
    ]);
    expect(p.lines.find((l) => l.personName === '林一')?.residentId).toBe(t1);
    const audited = await preview(cycle.cycleId, zh('auditor'));
    expect(audited.lines.find((l) => l.personName === '林一')?.residentId).toBe(maskResidentId(t1));
  });
});
