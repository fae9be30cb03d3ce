import { findProgramme } from '@talent/catalogue';
import { describe, expect, it } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { seedOfficialList } from '../../../test/support/official-list';
import { freshResidentId } from '../../../test/support/people';
import { handler } from '../src/handlers/api';
import { pyramidOf } from '../src/zhuhai/use-cases';

const call = async (input: EventInput) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('cohorts')));
const admin: Caller = { agency: 'zhuhai', roles: ['admin'], user: 'zh-admin' };
const reviewer: Caller = { agency: 'zhuhai', roles: ['reviewer'], user: 'zh-reviewer' };
const auditor: Caller = { agency: 'zhuhai', roles: ['auditor'], user: 'zh-auditor' };
const finance: Caller = { agency: 'zhuhai', roles: ['finance'], user: 'zh-finance' };
const unit = (u: string): Caller => ({ agency: 'zhuhai', roles: ['unit'], user: `zh-${u}`, unit: u });
const intruder: Caller = { agency: 'guangdong', roles: ['admin'], user: 'gd-admin' };
const programme = findProgramme('zhuhai-new-craftsmen');
if (!programme) throw new Error('no programme');

const attributes = { industry: 'new-energy', enterprise: '格力电器', transmitsSkills: true };
const seed = (year: number, entries: { category: string; unitId?: string; residentId?: string }[]) =>
  seedOfficialList({
    agencyId: 'zhuhai',
    programmeId: 'zhuhai-new-craftsmen',
    year,
    entries: entries.map((e) => ({
      category: e.category,
      unitId: e.unitId ?? 'gree',
      attributes,
      ...(e.residentId ? { nominee: { residentId: e.residentId } } : {}),
    })),
  });
const register = (caller: Caller, cycleId: string, nominationId: string) =>
  call({
    method: 'POST',
    route: '/cycles/{cycleId}/craftsman-registrations',
    pathParameters: { cycleId },
    body: { nominationId },
    caller,
  });
const pyramid = (caller: Caller, cycleId: string) =>
  call({
    method: 'GET',
    route: '/cycles/{cycleId}/craftsman-registrations/pyramid',
    pathParameters: { cycleId },
    caller,
  });

describe('Craftsman tiers per year (ZH-CRAFTSMAN-TIERS)', () => {
  it('registers official entries in their tiers and computes the year pyramid (ZH-CRAFTSMAN-TIERS)', async () => {
    const c = await seed(2031, [
      { category: 'special-craftsman' },
      { category: 'craftsman' },
      { category: 'craftsman', unitId: 'flaming' },
      { category: 'district-craftsman' },
      { category: 'district-craftsman' },
      { category: 'district-craftsman' },
    ]);
    for (const id of c.nominationIds) expect((await register(admin, c.cycleId, id)).status).toBe(201);
    const p = await pyramid(auditor, c.cycleId);
    expect(p.status).toBe(200);
    expect(p.body.year).toBe(2031);
    expect(
      p.body.tiers.map((t: { tier: string; count: number; target: number }) => [t.tier, t.count, t.target]),
    ).toEqual([
      ['special-craftsman', 1, 10],
      ['craftsman', 2, 100],
      ['district-craftsman', 3, 1000],
      ['enterprise-craftsman', 0, 10_000],
    ]);
    expect(p.body.pyramidHolds).toBe(false); // no enterprise craftsmen yet
    expect(p.body.flags).toEqual([]);
    const list = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/craftsman-registrations',
      pathParameters: { cycleId: c.cycleId },
      query: { tier: 'district-craftsman', limit: '2' },
      caller: reviewer,
    });
    expect(list.body.items).toHaveLength(2);
    expect(list.body.nextCursor).toBeTruthy();
    expect(list.raw).not.toMatch(/\d{17}[\dX]/);
    const own = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/craftsman-registrations',
      pathParameters: { cycleId: c.cycleId },
      caller: unit('flaming'),
    });
    expect(own.body.items).toHaveLength(1);
  });

  it('flags a tier above its ~target without capping it, and checks the pyramid shape (ZH-CRAFTSMAN-TIERS)', () => {
    const at = pyramidOf(
      programme,
      2030,
      new Map([
        ['special-craftsman', 10],
        ['craftsman', 100],
        ['district-craftsman', 1000],
        ['enterprise-craftsman', 10_000],
      ]),
    );
    expect(at.flags).toEqual([]);
    expect(at.pyramidHolds).toBe(true);
    const above = pyramidOf(
      programme,
      2030,
      new Map([
        ['special-craftsman', 11],
        ['craftsman', 100],
      ]),
    );
    expect(above.flags.map((f) => [f.ruleId, f.tier])).toEqual([['ZH-CRAFTSMAN-TIERS', 'special-craftsman']]);
  });

  it('registers an entry once and a person in one tier a year, also in parallel (ZH-CRAFTSMAN-TIERS)', async () => {
    const residentId = freshResidentId('1980-02-02');
    const a = await seed(2032, [{ category: 'craftsman', residentId }]);
    const b = await seed(2032, [{ category: 'district-craftsman', residentId }]);
    const results = await Promise.all([
      register(admin, a.cycleId, a.nominationIds[0] as string),
      register(admin, b.cycleId, b.nominationIds[0] as string),
      register(admin, a.cycleId, a.nominationIds[0] as string),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(results.find((r) => r.status === 409)?.body.ruleId).toBe('ZH-CRAFTSMAN-TIERS');
    const p = await pyramid(admin, a.cycleId);
    expect(p.body.tiers.reduce((n: number, t: { count: number }) => n + t.count, 0)).toBe(1);
    const other = await seed(2033, [{ category: 'craftsman' }]);
    const wrongCycle = await register(admin, a.cycleId, other.nominationIds[0] as string);
    expect(wrongCycle.status).toBe(422);
    expect(wrongCycle.body.errors[0]).toMatchObject({
      ruleId: 'ZH-CRAFTSMAN-TIERS',
      field: 'body.nominationId',
    });
  });

  it('refuses roles not allowed (403) and another agency (404 / empty) (X-TENANT)', async () => {
    const c = await seed(2034, [{ category: 'craftsman' }]);
    const id = c.nominationIds[0] as string;
    for (const caller of [unit('gree'), reviewer, auditor, finance])
      expect((await register(caller, c.cycleId, id)).status).toBe(403);
    expect((await register(intruder, c.cycleId, id)).status).toBe(404);
    expect((await pyramid(unit('gree'), c.cycleId)).status).toBe(403);
    expect((await pyramid(finance, c.cycleId)).status).toBe(403);
    expect((await pyramid(intruder, c.cycleId)).status).toBe(404);
    const list = (caller: Caller) =>
      call({
        method: 'GET',
        route: '/cycles/{cycleId}/craftsman-registrations',
        pathParameters: { cycleId: c.cycleId },
        caller,
      });
    expect((await list(finance)).status).toBe(403);
    expect((await list(intruder)).status).toBe(404);
  });
});

const promotion = (over: Record<string, unknown> = {}) => ({
  teacher: { name: '林老师', residentId: freshResidentId('1985-04-04') },
  schoolName: '珠海市某民办职业技术学校',
  employerType: 'private-vocational-school',
  industry: 'integrated-circuits',
  level: '技师',
  promotedBySkillLevelRecognition: true,
  certificateNumber: 'S000044000001',
  certificateDate: '2025-11-20',
  ...over,
});
const post = (caller: Caller, body: unknown) =>
  call({ method: 'POST', route: '/teacher-promotions', body, caller });

describe('Teacher skill promotions and the subsidy (ZH-TEACHER-SUBSIDY)', () => {
  it('computes 4,000 CNY for 技师 and 6,000 CNY for 高级技师 in fen (ZH-TEACHER-SUBSIDY)', async () => {
    const t = await post(unit('zh-private-1'), promotion());
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    expect(t.body.eligibility).toMatchObject({
      eligible: true,
      amountFen: 400_000,
      fundingKey: '技师',
      reasons: [],
    });
    expect(t.body.unitId).toBe('zh-private-1');
    expect(t.body.teacher.residentId).toContain('********');
    const s = await post(
      admin,
      promotion({ unitId: 'zh-private-2', level: '高级技师', employerType: 'private-training-institution' }),
    );
    expect(s.body.eligibility).toMatchObject({ eligible: true, amountFen: 600_000 });
  });

  it('records but does not make eligible a public-school teacher, a field outside the key industries, or a promotion not by recognition (ZH-TEACHER-SUBSIDY, ZH-INDUSTRIES)', async () => {
    for (const over of [
      { employerType: 'public-vocational-school' },
      { industry: 'other' },
      { promotedBySkillLevelRecognition: false },
    ]) {
      const r = await post(admin, promotion({ unitId: 'zh-private-1', ...over }));
      expect(r.status).toBe(201);
      expect(r.body.eligibility.eligible).toBe(false);
      expect(r.body.eligibility.amountFen).toBe(0);
      expect(r.body.eligibility.reasons.map((v: { ruleId: string }) => v.ruleId)).toEqual([
        'ZH-TEACHER-SUBSIDY',
      ]);
    }
    const future = await post(admin, promotion({ unitId: 'zh-private-1', certificateDate: '2099-01-01' }));
    expect(future.status).toBe(422);
    const badLevel = await post(admin, promotion({ unitId: 'zh-private-1', level: '高级工' }));
    expect(badLevel.status).toBe(422);
  });

  it('keeps one record per teacher per level, also in parallel (ZH-TEACHER-SUBSIDY)', async () => {
    const teacher = { name: '林老师', residentId: freshResidentId('1986-06-06') };
    const results = await Promise.all(
      [1, 2, 3].map(() => post(unit('zh-private-1'), promotion({ teacher }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(results.find((r) => r.status === 409)?.body.ruleId).toBe('ZH-TEACHER-SUBSIDY');
    expect((await post(unit('zh-private-1'), promotion({ teacher, level: '高级技师' }))).status).toBe(201);
  });

  it('lets finance read eligibility, units their own only, and hides records from other agencies (P-UNIT-SCOPE, X-TENANT)', async () => {
    const mine = await post(unit('zh-private-3'), promotion());
    const promotionId = mine.body.promotionId as string;
    const get = (caller: Caller) =>
      call({
        method: 'GET',
        route: '/teacher-promotions/{promotionId}',
        pathParameters: { promotionId },
        caller,
      });
    const asFinance = await get(finance);
    expect(asFinance.status).toBe(200);
    expect(asFinance.body.eligibility.amountFen).toBe(400_000);
    expect(asFinance.body.teacher.residentId).toContain('********');
    expect((await get(admin)).body.teacher.residentId).not.toContain('*');
    expect((await get(unit('zh-private-3'))).status).toBe(200);
    expect((await get(unit('zh-private-4'))).status).toBe(403);
    expect((await get(intruder)).status).toBe(404);
    const own = await call({ method: 'GET', route: '/teacher-promotions', caller: unit('zh-private-3') });
    expect(own.body.items.map((p: { promotionId: string }) => p.promotionId)).toEqual([promotionId]);
    const all = await call({
      method: 'GET',
      route: '/teacher-promotions',
      query: { limit: '2' },
      caller: finance,
    });
    expect(all.body.items).toHaveLength(2);
    expect(all.body.nextCursor).toBeTruthy();
    const theirs = await call({ method: 'GET', route: '/teacher-promotions', caller: intruder });
    expect(theirs.body.items.some((p: { promotionId: string }) => p.promotionId === promotionId)).toBe(false);
    for (const caller of [reviewer, auditor, finance])
      expect((await post(caller, promotion())).status).toBe(403);
    expect((await post(unit('zh-private-3'), promotion({ unitId: 'zh-private-4' }))).status).toBe(403);
  });
});

describe('Teacher enterprise practice per year (ZH-TEACHER-PRACTICE)', () => {
  const practice = (caller: Caller, promotionId: string, year: number, body: unknown) =>
    call({
      method: 'PUT',
      route: '/teacher-promotions/{promotionId}/practice/{year}',
      pathParameters: { promotionId, year: String(year) },
      body,
      caller,
    });

  it('meets the month at 30 days in the year and misses it at 29, counting only days inside the year (ZH-TEACHER-PRACTICE)', async () => {
    const p = await post(unit('zh-private-5'), promotion());
    const promotionId = p.body.promotionId as string;
    const thirty = await practice(unit('zh-private-5'), promotionId, 2026, {
      isSpecialtyTeacher: true,
      periods: [{ from: '2026-07-01', to: '2026-07-30', enterprise: '格力电器' }],
    });
    expect(thirty.status, JSON.stringify(thirty.body)).toBe(200);
    expect(thirty.body.compliant).toBe(true);
    const short = await practice(unit('zh-private-5'), promotionId, 2026, {
      isSpecialtyTeacher: true,
      periods: [{ from: '2026-07-01', to: '2026-07-29' }],
    });
    expect(short.body.compliant).toBe(false);
    expect(short.body.findings[0].ruleId).toBe('ZH-TEACHER-PRACTICE');
    expect(short.body.version).toBe(2);
    const straddle = await practice(unit('zh-private-5'), promotionId, 2027, {
      isSpecialtyTeacher: true,
      periods: [{ from: '2026-12-10', to: '2027-01-20' }],
    });
    expect(straddle.body.compliant).toBe(false);
    const notSpecialty = await practice(admin, promotionId, 2028, { isSpecialtyTeacher: false, periods: [] });
    expect(notSpecialty.body.compliant).toBe(true);
    const backwards = await practice(admin, promotionId, 2028, {
      isSpecialtyTeacher: true,
      periods: [{ from: '2026-07-10', to: '2026-07-01' }],
    });
    expect(backwards.status).toBe(422);
    const list = await call({
      method: 'GET',
      route: '/teacher-promotions/{promotionId}/practice',
      pathParameters: { promotionId },
      caller: auditor,
    });
    expect(list.body.items.map((y: { year: number; compliant: boolean }) => [y.year, y.compliant])).toEqual([
      [2026, false],
      [2027, false],
      [2028, true],
    ]);
  });

  it('refuses practice records by other units, reviewers, auditors, finance (403) and agencies (404) (P-UNIT-SCOPE, X-TENANT)', async () => {
    const p = await post(unit('zh-private-6'), promotion());
    const promotionId = p.body.promotionId as string;
    const body = { isSpecialtyTeacher: true, periods: [] };
    for (const caller of [unit('zh-private-7'), reviewer, auditor, finance])
      expect((await practice(caller, promotionId, 2026, body)).status).toBe(403);
    expect((await practice(intruder, promotionId, 2026, body)).status).toBe(404);
    const list = (caller: Caller) =>
      call({
        method: 'GET',
        route: '/teacher-promotions/{promotionId}/practice',
        pathParameters: { promotionId },
        caller,
      });
    expect((await list(finance)).status).toBe(403);
    expect((await list(unit('zh-private-7'))).status).toBe(403);
    expect((await list(intruder)).status).toBe(404);
  });
});
