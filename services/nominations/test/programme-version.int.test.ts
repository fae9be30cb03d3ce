import { describe, expect, it } from 'vitest';
import { definitionFrom, freshAgency } from '../../../packages/programmes/test/fixtures';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { jiangsuNomination } from '../../../test/support/samples';
import { handler as platform } from '../../platform/src/handlers/api';
import { handler as nominations } from '../src/handlers/api';

// Integration: an agency registers its own programme (platform service), opens cycles of it, and
// each cycle keeps the version it started with (nominations service), against DynamoDB Local.

const call = async (h: typeof nominations, input: EventInput) =>
  parseResponse(await h(apiEvent(input), lambdaContext()));

describe('a cycle keeps the programme version it started with (P-PROGRAMME-VERSION)', () => {
  it('validates nominations of a v1 cycle by v1 after v2 tightens a rule, and of a v2 cycle by v2', async () => {
    const agency = freshAgency();
    const admin: Caller = { agency, roles: ['admin'], user: `${agency}-admin` };
    const id = 'own-technicians';
    const v1 = definitionFrom('jiangsu-excellent-technicians', { id, agencyId: agency });
    expect(
      (await call(platform, { method: 'POST', route: '/programmes', body: v1, caller: admin })).status,
    ).toBe(201);

    const open = async (cycleId: string) => {
      const r = await call(nominations, {
        method: 'POST',
        route: '/cycles',
        body: { cycleId, programmeId: id, year: 2026, selectionDate: '2026-03-31' },
        caller: admin,
      });
      expect(r.status).toBe(201);
      return r.body;
    };
    expect((await open('own-2026a')).programmeVersion).toBe(1);

    // v2: technicians no longer relaxable — only 高级技师 and above (JS-LEVEL without relaxableTo).
    const v2 = {
      ...v1,
      version: 2,
      rules: v1.rules.map((r) =>
        r.id === 'JS-LEVEL' ? { ...r, relaxable: false, params: { min: '高级技师' } } : r,
      ),
    };
    expect(
      (await call(platform, { method: 'POST', route: '/programmes', body: v2, caller: admin })).status,
    ).toBe(201);
    expect((await open('own-2026b')).programmeVersion).toBe(2);

    const nominate = (cycleId: string) =>
      call(nominations, {
        method: 'POST',
        route: '/nominations',
        body: jiangsuNomination(cycleId, { programmeId: id }, { skillLevel: '技师' }),
        caller: admin,
      });
    const underV1 = await nominate('own-2026a');
    expect(underV1.status).toBe(201);
    expect(underV1.body.programmeVersion).toBe(1);
    expect(underV1.body.eligibility.status).toBe('needs-override');
    const underV2 = await nominate('own-2026b');
    expect(underV2.status).toBe(422);
    expect(underV2.body.ruleId).toBe('JS-LEVEL');
  });
});
