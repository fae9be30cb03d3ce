import { describe, expect, it } from 'vitest';
import { admin, call, createBatch, finance, JS, seedJiangsu, step, unit } from './support';

const J = 'jiangsu';

describe('hostile input never yields a 5xx', () => {
  it('refuses unknown fields, fractional fen, bad cursors (P-CURSOR), years and versions with 4xx naming the field', async () => {
    const { cycleId } = await seedJiangsu(J, [{ category: 'A', unitId: 'nj-1' }], { year: 2059 });
    const extra = await createBatch(J, cycleId, { year: 2059, amountFen: 1 });
    expect(extra.status).toBe(422);
    expect(extra.body.errors[0].field).toContain('amountFen');
    const fraction = await call({
      method: 'PUT',
      route: '/budgets/{programmeId}/{year}',
      pathParameters: { programmeId: JS, year: '2059' },
      body: { limitFen: 10.5, reason: 'x' },
      caller: admin(J),
    });
    expect(fraction.status).toBe(422);
    const negative = await call({
      method: 'PUT',
      route: '/budgets/{programmeId}/{year}',
      pathParameters: { programmeId: JS, year: '1800' },
      body: { limitFen: -1, reason: 'x' },
      caller: admin(J),
    });
    expect(negative.status).toBe(422);
    for (const cursor of ['%%%', 'LTE', Buffer.from('1e9').toString('base64url')]) {
      const r = await call({
        method: 'GET',
        route: '/cycles/{cycleId}/disbursement',
        pathParameters: { cycleId },
        query: { cursor },
        caller: finance(J),
      });
      expect(r.status, cursor).toBe(422);
    }
    const b = await createBatch(J, cycleId);
    const lines = await call({
      method: 'GET',
      route: '/batches/{batchId}/lines',
      pathParameters: { batchId: b.body.batchId },
      query: { cursor: 'forged.cursor' },
      caller: finance(J),
    });
    expect(lines.status).toBe(422);
    const noIfMatch = await call({
      method: 'POST',
      route: '/batches/{batchId}/review',
      pathParameters: { batchId: b.body.batchId },
      body: {},
      caller: finance(J),
    });
    expect(noIfMatch.status).toBe(428);
    expect((await step(finance(J), b.body.batchId, 'review', '"99"')).status).toBe(412);
    const badId = await call({
      method: 'GET',
      route: '/batches/{batchId}',
      pathParameters: { batchId: 'A#jiangsu#x' },
      caller: finance(J),
    });
    expect(badId.status).toBe(422);
    const fractionalExpense = await call({
      method: 'POST',
      route: '/expense-reports',
      body: { cycleId, year: 2059, lines: [{ category: 'teaching', amountFen: 0.5, description: '授课' }] },
      caller: unit(J, 'nj-1'),
    });
    expect(fractionalExpense.status).toBe(422);
    expect(fractionalExpense.body.errors[0].field).toBe('body.lines[0].amountFen');
  });
});
