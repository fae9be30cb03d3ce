import { randomUUID } from 'node:crypto';
import { setClockSource } from '@talent/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { handler as nominations } from '../../services/nominations/src/handlers/api';
import { handler as lifecycle } from '../../services/nominations/src/handlers/lifecycle';
import { handler as platform } from '../../services/platform/src/handlers/api';
import { apiEvent, type Caller, type EventInput, lambdaContext, parseResponse } from '../support/api-event';

// Cross-service: an agency uploads a year's official schedule (platform) and a publicity blocked
// on that missing year (nominations lifecycle) proceeds — X-WORKING-DAYS, never a silent guess.

const agency = `t-${randomUUID().slice(0, 10)}`;
const admin: Caller = { agency, roles: ['admin'], user: `${agency}-admin` };
const call = async (h: typeof platform, input: EventInput) =>
  parseResponse(await h(apiEvent(input), lambdaContext()));

/** The 2027 schedule as the State Council would publish it (a test fixture: the real notice is not out). */
const schedule2027 = {
  year: 2027,
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
  holidays: [
    '2027-01-01',
    '2027-02-05',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-02-11',
    '2027-04-05',
    '2027-05-03',
    '2027-05-04',
    '2027-05-05',
    '2027-06-09',
    '2027-09-15',
    '2027-10-01',
    '2027-10-04',
    '2027-10-05',
    '2027-10-06',
    '2027-10-07',
  ],
  workdays: ['2027-02-13', '2027-05-08', '2027-09-26', '2027-10-09'],
};

let now = Date.parse('2027-04-01T02:00:00Z');
setClockSource(() => now);
afterAll(() => setClockSource(undefined));

const upload = (body: unknown, caller: Caller = admin, year = 2027) =>
  call(platform, {
    method: 'PUT',
    route: '/calendar/years/{year}',
    pathParameters: { year: String(year) },
    body,
    caller,
  });

describe('uploading an official calendar year (X-WORKING-DAYS)', () => {
  it('lists the bundled years and the agency’s uploads', async () => {
    const r = await call(platform, { method: 'GET', route: '/calendar/years', caller: admin });
    expect(r.status).toBe(200);
    expect(r.body.bundled).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(r.body.covered).not.toContain(2027);
  });

  it.each([
    [{ ...schedule2027, workdays: ['2027-02-15'] }, 'body.workdays[0]'], // a Monday is no make-up day
    [{ ...schedule2027, holidays: ['2027-13-01'] }, 'body.holidays[0]'],
    [{ ...schedule2027, year: 2028 }, 'body.year'],
    [{ ...schedule2027, holidays: [] }, 'body.holidays'],
    ['not an object', 'body'],
  ])('refuses a bad schedule %#, naming the field', async (body, field) => {
    const r = await upload(body);
    expect(r.status).toBe(422);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.body.errors).toContainEqual(expect.objectContaining({ field, ruleId: 'X-WORKING-DAYS' }));
  });

  it.each([['reviewer'], ['unit'], ['finance'], ['auditor']])(
    'lets only the admin upload: %s gets 403 (P-ROLE)',
    async (role) => {
      expect((await upload(schedule2027, { agency, roles: [role], user: 'x', unit: 'u' })).status).toBe(403);
    },
  );

  it('unblocks a 2027 publicity that waited for the year, and only for the uploading agency (X-TENANT)', async () => {
    const cycleId = `gd-${randomUUID().slice(0, 8)}`;
    // The agency runs its own copy of the Guangdong programme (publicity of 5 working days).
    const { definitionFrom } = await import('../../packages/programmes/test/fixtures');
    const definition = definitionFrom('guangdong-diploma-technician', { id: 'own-pilot', agencyId: agency });
    expect(
      (await call(platform, { method: 'POST', route: '/programmes', body: definition, caller: admin }))
        .status,
    ).toBe(201);
    const opened = await call(nominations, {
      method: 'POST',
      route: '/cycles',
      body: { cycleId, programmeId: 'own-pilot', year: 2027, selectionDate: '2027-03-01' },
      caller: admin,
    });
    expect(opened.status).toBe(201);
    const task = (action: string, stageId: string) =>
      lifecycle({
        action,
        agencyId: agency,
        cycleId,
        stageId,
        year: 1,
      } as never) as Promise<Record<string, unknown>>;
    for (const s of opened.body.stages as { id: string; closesBy: string }[]) {
      if (s.id === 'publicity') break;
      await task('open-stage', s.id);
      if (s.closesBy === 'decision') {
        await call(nominations, {
          method: 'POST',
          route: '/cycles/{cycleId}/stages/{stageId}/close',
          pathParameters: { cycleId, stageId: s.id },
          body: { reason: '完成' },
          caller: admin,
        });
      }
      expect(await task('close-stage', s.id)).toMatchObject({ outcome: 'advance' });
    }
    await task('open-stage', 'publicity');
    const blocked = await call(nominations, {
      method: 'GET',
      route: '/cycles/{cycleId}',
      pathParameters: { cycleId },
      caller: admin,
    });
    expect(blocked.body.stages.find((s: { id: string }) => s.id === 'publicity').blockedBy.ruleId).toBe(
      'X-WORKING-DAYS',
    );

    // Another agency's upload changes nothing here.
    expect(
      (await upload(schedule2027, { agency: `${agency}-other`, roles: ['admin'], user: 'o' })).status,
    ).toBe(200);
    now = Date.parse('2027-04-02T02:00:00Z');
    expect(await task('close-stage', 'publicity')).toMatchObject({ outcome: 'wait' });

    const uploaded = await upload(schedule2027);
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({ year: 2027, uploadedBy: `${agency}-admin` });
    now = Date.parse('2027-04-03T02:00:00Z');
    // Opened on Thursday 1 April 2027: 1, 2, 6 (5 April is Qingming), 7, 8 April.
    expect(await task('close-stage', 'publicity')).toMatchObject({
      outcome: 'wait',
      checkAt: '2027-04-08T16:00:00.000Z',
    });
    const publicity = (
      await call(nominations, {
        method: 'GET',
        route: '/cycles/{cycleId}',
        pathParameters: { cycleId },
        caller: admin,
      })
    ).body.stages.find((s: { id: string }) => s.id === 'publicity');
    expect(publicity).toMatchObject({ endsOn: '2027-04-08' });
    expect(publicity.blockedBy).toBeUndefined();
    const years = await call(platform, { method: 'GET', route: '/calendar/years', caller: admin });
    expect(years.body.covered).toContain(2027);
  });
});
