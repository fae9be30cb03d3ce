import { describe, expect, it } from 'vitest';
import { totalsOf } from '../src/forms/use-cases/js-scorecard';
import { call, caller, JS, jsAdmin, LS } from './forms-support';

describe('forms: hostile input never gives a 5xx', () => {
  it('refuses ids that are not ids and bodies that are not the form (422)', async () => {
    const bad: { route: string; params: Record<string, string> }[] = [
      { route: '/cycles/{cycleId}/forms/js-scorecards/{unitId}', params: { cycleId: 'a#b', unitId: 'u' } },
      {
        route: '/cycles/{cycleId}/forms/js-scorecards/{unitId}',
        params: { cycleId: 'c', unitId: 'x'.repeat(65) },
      },
      { route: '/cycles/{cycleId}/forms/js-satisfaction/{unitId}', params: { cycleId: 'c', unitId: 'a b' } },
      { route: '/cycles/{cycleId}/forms/ls-masters/{schoolId}', params: { cycleId: 'c', schoolId: '../x' } },
    ];
    for (const b of bad) {
      const r = await call({ method: 'GET', route: b.route, pathParameters: b.params, caller: jsAdmin });
      expect(r.status, b.route).toBe(422);
    }
    const notJson = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/forms/js-satisfaction/responses',
      pathParameters: { cycleId: 'c' },
      rawBody: '{"traineeId":',
      caller: jsAdmin,
    });
    expect(notJson.status).toBe(400);
    const wrongType = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/forms/js-scorecards/{unitId}',
      pathParameters: { cycleId: 'c', unitId: 'u' },
      body: { items: 'all fives' },
      caller: caller(JS, ['reviewer']),
    });
    expect(wrongType.status).toBe(422);
    const unknownCycle = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/forms/ls-pairings/{schoolId}',
      pathParameters: { cycleId: 'no-such-cycle', schoolId: 's' },
      caller: caller(LS, ['admin']),
    });
    expect(unknownCycle.status).toBe(404);
  });

  it('adds section subtotals to the total for any scores (JS-FORMS)', () => {
    for (let seed = 0; seed < 50; seed++) {
      const items = Array.from({ length: 20 }, (_, i) => ({ no: i + 1, score: (seed * 7 + i * 3) % 6 }));
      const t = totalsOf(items);
      expect(t.total).toBe(items.reduce((a, x) => a + x.score, 0));
      expect(t.sections.process).toBe(items.slice(0, 11).reduce((a, x) => a + x.score, 0));
      expect(t.sections.outcomes).toBe(items.slice(11, 15).reduce((a, x) => a + x.score, 0));
      expect(t.sections.service).toBe(items.slice(15).reduce((a, x) => a + x.score, 0));
      expect(t.sections.process).toBeLessThanOrEqual(55);
      expect(t.sections.outcomes).toBeLessThanOrEqual(20);
      expect(t.sections.service).toBeLessThanOrEqual(25);
    }
  });
});
