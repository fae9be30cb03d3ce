import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiEvent, type Caller, lambdaContext, parseResponse } from '../../../test/support/api-event';
import { jiangsuCycle } from '../../../test/support/cycles';
import { jiangsuNomination } from '../../../test/support/samples';
import { handler } from '../src/handlers/api';

// Property: whatever a client sends to POST /nominations, the answer is 201 or a 4xx
// problem+json — never a 5xx — and a rejected request writes nothing.

const admin: Caller = { agency: 'jiangsu', roles: ['admin'], user: 'fuzz' };

const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '\udfff\ud800',
    '../../etc/passwd',
    "' OR '1'='1",
    'A#beijing#NOM#x',
    '<script>alert(1)</script>',
    ['$', '{jndi:ldap://x}'].join(''),
    '𠮷𠮷𠮷',
    '1e309',
    'x'.repeat(5000),
  ),
);

const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, -1, 0.5, Number.MAX_SAFE_INTEGER + 2, [], {}),
  fc.array(fc.string(), { maxLength: 300 }),
  fc.object({ maxDepth: 3 }),
);

/** A valid body with one field (possibly nested) replaced, removed or added. */
const mutatedBody = (cycleId: string) =>
  fc
    .record({
      path: fc.constantFrom<readonly string[]>(
        ['programmeId'],
        ['cycleId'],
        ['category'],
        ['unitId'],
        ['attributes'],
        ['attributes', 'basis'],
        ['attributes', 'receivedChiefTechnicianSubsidy'],
        ['nominee'],
        ['nominee', 'name'],
        ['nominee', 'residentId'],
        ['nominee', 'birthDate'],
        ['nominee', 'gender'],
        ['nominee', 'phone'],
        ['nominee', 'skillLevel'],
        ['nominee', 'titles'],
        ['nominee', 'yearsInOccupation'],
        ['nominee', 'unexpected'],
        ['unexpected'],
      ),
      action: fc.constantFrom('replace', 'delete'),
      value: nastyValue,
    })
    .map(({ path, action, value }) => {
      const body = jiangsuNomination(cycleId) as Record<string, any>;
      const [head = '', leaf] = path;
      const target = leaf === undefined ? body : body[head];
      const key = leaf ?? head;
      if (action === 'delete') delete target[key];
      else target[key] = value;
      return JSON.stringify(body);
    });

const deepJson = fc.integer({ min: 1, max: 3000 }).map((n) => '['.repeat(n) + ']'.repeat(n));

const rawBody = (cycleId: string) =>
  fc.oneof(
    { weight: 6, arbitrary: mutatedBody(cycleId) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: deepJson },
  );

describe('hostile input to POST /nominations', () => {
  it('never answers 5xx, answers every rejection with problem+json, and writes nothing for it', async () => {
    const cycleId = `fuzz-${randomUUID().slice(0, 8)}`;
    const opened = parseResponse(
      await handler(
        apiEvent({ method: 'POST', route: '/cycles', body: jiangsuCycle(cycleId), caller: admin }),
        lambdaContext(),
      ),
    );
    expect(opened.status).toBe(201);
    let created = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(
        rawBody(cycleId),
        fc.constantFrom('application/json', 'text/plain', ''),
        async (raw, type) => {
          const event = apiEvent({
            method: 'POST',
            route: '/nominations',
            rawBody: raw,
            caller: admin,
            headers: type ? { 'content-type': type } : {},
          });
          if (!type) delete (event.headers as Record<string, string>)['content-type'];
          const r = parseResponse(await handler(event, lambdaContext()));
          expect(r.status).toBeLessThan(500);
          if (r.status === 201) {
            created++;
          } else {
            rejected++;
            expect(r.status).toBeGreaterThanOrEqual(400);
            expect(r.headers['content-type']).toBe('application/problem+json');
            expect(typeof r.body.type).toBe('string');
          }
        },
      ),
      { numRuns: 400 },
    );
    expect(rejected).toBeGreaterThan(200);
    let stored = 0;
    let cursor: string | undefined;
    do {
      const query: Record<string, string> = { cycleId, limit: '100', ...(cursor ? { cursor } : {}) };
      const page = parseResponse(
        await handler(
          apiEvent({ method: 'GET', route: '/nominations', query, caller: admin }),
          lambdaContext(),
        ),
      );
      stored += page.body.items.length;
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    // Only accepted requests left a nomination behind (mutations that happened to stay valid).
    expect(stored).toBe(created);
  });
});
