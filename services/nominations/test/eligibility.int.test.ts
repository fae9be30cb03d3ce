import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { jiangsuCycle } from '../../../test/support/cycles';
import { residentIdFor } from '../../../test/support/people';
import { jiangsuNomination } from '../../../test/support/samples';
import { handler } from '../src/handlers/api';

// Integration: nomination intake runs the programme's rules through the rule engine, under the
// programme version its cycle pinned; relaxable breaches wait for an audited reviewer override.

const admin: Caller = { agency: 'jiangsu', roles: ['admin'], user: 'js-admin' };
const reviewer: Caller = { agency: 'jiangsu', roles: ['reviewer'], user: 'js-reviewer' };
const ownUnitReviewer: Caller = {
  agency: 'jiangsu',
  roles: ['reviewer'],
  user: 'js-rev-2',
  unit: 'unit-001',
};
const auditor: Caller = { agency: 'jiangsu', roles: ['auditor'], user: 'js-auditor' };
const beijingReviewer: Caller = { agency: 'beijing', roles: ['reviewer'], user: 'bj-reviewer' };

const call = async (input: EventInput) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('nominations')));

const openCycle = async (overrides: Record<string, unknown> = {}) => {
  const cycleId = `js-${randomUUID().slice(0, 8)}`;
  const r = await call({
    method: 'POST',
    route: '/cycles',
    body: jiangsuCycle(cycleId, overrides),
    caller: admin,
  });
  expect(r.status).toBe(201);
  return cycleId;
};

const nominate = async (nominee: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  call({
    method: 'POST',
    route: '/nominations',
    body: jiangsuNomination(await openCycle(), overrides, nominee),
    caller: admin,
  });

const override = (
  id: string,
  body: unknown,
  caller: Caller = reviewer,
  headers: Record<string, string> = {},
) =>
  call({
    method: 'POST',
    route: '/nominations/{nominationId}/overrides',
    pathParameters: { nominationId: id },
    body,
    caller,
    headers,
  });

const man = (birthDate: string) => residentIdFor(birthDate, 11);
const woman = (birthDate: string) => residentIdFor(birthDate, 12);

describe('nomination intake in a cycle (P-CYCLE)', () => {
  it('refuses a nomination into a cycle that does not exist', async () => {
    const r = await call({
      method: 'POST',
      route: '/nominations',
      body: jiangsuNomination(`js-none-${randomUUID().slice(0, 8)}`),
      caller: admin,
    });
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({ field: 'body.cycleId', ruleId: 'P-CYCLE' }),
    );
  });

  it("refuses another agency's cycle as unknown (X-TENANT)", async () => {
    const cycleId = await openCycle();
    const r = await call({
      method: 'POST',
      route: '/nominations',
      body: jiangsuNomination(cycleId, { programmeId: 'beijing-craftsman-teachers', category: 'leader' }),
      caller: { agency: 'beijing', roles: ['admin'], user: 'bj-admin' },
    });
    expect(r.status).toBe(422);
    expect(r.body.ruleId).toBe('P-CYCLE');
    expect(r.raw).not.toContain('jiangsu-excellent');
  });

  it("refuses a programme that is not the cycle's", async () => {
    const cycleId = await openCycle();
    const r = await call({
      method: 'POST',
      route: '/nominations',
      body: jiangsuNomination(cycleId, { programmeId: 'lishui-masters' }),
      caller: admin,
    });
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({ field: 'body.programmeId', ruleId: 'P-CYCLE' }),
    );
  });

  it('records the programme version and selection date the verdict was reached under', async () => {
    const r = await nominate({ residentId: man('1985-04-02') });
    expect(r.status).toBe(201);
    expect(r.body.programmeVersion).toBe(1);
    expect(r.body.eligibility).toMatchObject({
      status: 'eligible',
      programmeVersion: 1,
      selectionDate: '2026-03-31',
      pending: [],
      overridden: [],
    });
  });
});

describe('eligibility computed by the rule engine at intake', () => {
  it('refuses a man born 1969-03-01: statutory retirement 2030-04-01 is under 5 years after 2026-01-01 (JS-AGE)', async () => {
    const r = await nominate({ residentId: man('1969-03-01') });
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({ field: 'body.nominee.birthDate', ruleId: 'JS-AGE' }),
    );
    expect(r.body.errors[0].messageZh).toContain('2030-04-01');
  });

  it('accepts a man born 1970-06-01: retirement 2031-11-01 is over 5 years after 2026-01-01 (JS-AGE)', async () => {
    expect((await nominate({ residentId: man('1970-06-01') })).status).toBe(201);
  });

  it("needs a woman's original retirement age to compute hers (X-RETIREMENT-AGE, JS-AGE)", async () => {
    const missing = await nominate({ residentId: woman('1985-04-02') });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toContainEqual(
      expect.objectContaining({ field: 'body.nominee.femaleRetirementBase', ruleId: 'X-RETIREMENT-AGE' }),
    );
    const given = await nominate(
      { residentId: woman('1985-04-02') },
      {
        attributes: {
          basis: '苏办发〔2019〕20号',
          receivedChiefTechnicianSubsidy: false,
          femaleRetirementBase: 50,
        },
      },
    );
    expect(given.status).toBe(201);
  });

  it('refuses a repeat within 3 years of the previous participation (JS-EXCLUSIONS)', async () => {
    const r = await nominate(
      { residentId: man('1985-04-02') },
      {
        attributes: {
          basis: '苏办发〔2019〕20号',
          receivedChiefTechnicianSubsidy: false,
          previousParticipationEndedOn: '2023-06-30',
        },
      },
    );
    expect(r.status).toBe(422);
    expect(r.body.ruleId).toBe('JS-EXCLUSIONS');
  });

  it('refuses a senior worker (高级工) outright: below even the relaxed level 技师 (JS-LEVEL)', async () => {
    const r = await nominate({ residentId: man('1985-04-02'), skillLevel: '高级工' });
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(
      expect.objectContaining({ field: 'body.nominee.skillLevel', ruleId: 'JS-LEVEL' }),
    );
  });

  it('keeps a technician (技师) pending a reviewer override, never silently eligible (JS-LEVEL)', async () => {
    const r = await nominate({ residentId: man('1985-04-02'), skillLevel: '技师' });
    expect(r.status).toBe(201);
    expect(r.body.eligibility.status).toBe('needs-override');
    expect(r.body.eligibility.pending).toEqual([
      expect.objectContaining({ ruleId: 'JS-LEVEL', path: 'nominee.skillLevel' }),
    ]);
  });
});

describe('reviewer overrides of relaxable rules (JS-LEVEL, X-AUDIT)', () => {
  const technician = async () => {
    const r = await nominate({ residentId: man('1986-08-09'), skillLevel: '技师' });
    expect(r.status).toBe(201);
    return r.body.nominationId as string;
  };
  const reason = '全国技术能手，特别优秀，放宽至技师';

  it('lets a reviewer relax JS-LEVEL with a reason, and records who, when and why', async () => {
    const id = await technician();
    const r = await override(id, { ruleId: 'JS-LEVEL', reason }, reviewer, { 'if-match': '"1"' });
    expect(r.status).toBe(200);
    expect(r.body.eligibility.status).toBe('eligible');
    expect(r.body.eligibility.pending).toEqual([]);
    expect(r.body.eligibility.overridden).toEqual([
      expect.objectContaining({ ruleId: 'JS-LEVEL', by: 'js-reviewer', reason }),
    ]);
    expect(r.body.overrides).toEqual([
      expect.objectContaining({ ruleId: 'JS-LEVEL', by: 'js-reviewer', reason, at: expect.any(String) }),
    ]);
    const audit = await call({
      method: 'GET',
      route: '/nominations/{nominationId}/audit',
      pathParameters: { nominationId: id },
      caller: auditor,
    });
    const record = audit.body.items.find(
      (a: { action: string }) => a.action === 'nomination.rule-overridden',
    );
    expect(record).toMatchObject({ actorId: 'js-reviewer', reason: `JS-LEVEL: ${reason}` });
    expect(record.after.eligibility.status).toBe('eligible');
  });

  it('refuses an override of a rule the nomination does not breach (P-OVERRIDE)', async () => {
    const id = await technician();
    const r = await override(id, { ruleId: 'JS-AGE', reason });
    expect(r.status).toBe(422);
    expect(r.body.ruleId).toBe('P-OVERRIDE');
    expect(r.body.detail).toContain('JS-LEVEL');
  });

  it('refuses an override without a reason (P-SCHEMA)', async () => {
    const id = await technician();
    const r = await override(id, { ruleId: 'JS-LEVEL', reason: '  ' });
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(expect.objectContaining({ field: 'body.reason' }));
  });

  it('refuses a reviewer of the nominee’s own unit (X-RECUSAL)', async () => {
    const id = await technician();
    const r = await override(id, { ruleId: 'JS-LEVEL', reason }, ownUnitReviewer);
    expect(r.status).toBe(403);
    expect(r.body.ruleId).toBe('X-RECUSAL');
  });

  it.each([
    ['admin', admin],
    ['unit', { agency: 'jiangsu', roles: ['unit'], user: 'u', unit: 'unit-001' } as Caller],
    ['auditor', auditor],
  ])('refuses the %s role: only reviewers override (P-ROLE)', async (_role, caller) => {
    const id = await technician();
    const r = await override(id, { ruleId: 'JS-LEVEL', reason }, caller);
    expect(r.status).toBe(403);
  });

  it("does not reach another agency's nomination (X-TENANT)", async () => {
    const id = await technician();
    const r = await override(id, { ruleId: 'JS-LEVEL', reason }, beijingReviewer);
    expect(r.status).toBe(404);
  });

  it('refuses a stale If-Match (P-VERSION-MATCH)', async () => {
    const id = await technician();
    const r = await override(id, { ruleId: 'JS-LEVEL', reason }, reviewer, { 'if-match': '"7"' });
    expect(r.status).toBe(412);
  });

  it('clears the override when the unit changes the facts it was granted on', async () => {
    const id = await technician();
    const granted = await override(id, { ruleId: 'JS-LEVEL', reason });
    expect(granted.body.eligibility.status).toBe('eligible');
    const patched = await call({
      method: 'PATCH',
      route: '/nominations/{nominationId}',
      pathParameters: { nominationId: id },
      body: { attributes: { basis: '更新后的依据', receivedChiefTechnicianSubsidy: false } },
      headers: { 'if-match': granted.headers.etag as string },
      caller: admin,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.overrides).toEqual([]);
    expect(patched.body.eligibility.status).toBe('needs-override');
  });

  it('keeps the override through submission', async () => {
    const id = await technician();
    await override(id, { ruleId: 'JS-LEVEL', reason });
    const submitted = await call({
      method: 'POST',
      route: '/nominations/{nominationId}/submit',
      pathParameters: { nominationId: id },
      caller: admin,
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.eligibility.status).toBe('eligible');
    expect(submitted.body.eligibility.overridden).toHaveLength(1);
  });
});
