import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { maskPhone, maskResidentId } from '../../packages/kernel/src/index';
import {
  echoOf,
  emptyHarvest,
  harvestBody,
  harvestParams,
  harvestSubmitted,
  matchOperation,
  minimalInstance,
  needlesFor,
  type OpenApiDocument,
  operationsOf,
  scanResponse,
} from './support/tenancy-scan';

// The tenancy proof's scanner and generator on their own: it must find a planted value of
// another agency wherever a response carries it, and print only a masked form (X-TENANT).

const doc = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../docs/openapi.json'), 'utf8'),
) as OpenApiDocument;
const operations = operationsOf(doc);
const json = (value: unknown) => ({ contentType: 'application/json', bytes: strToU8(JSON.stringify(value)) });

const A_ID = '01J8Z3K4M5N6P7Q8R9S0T1V2W3';
const A_RESIDENT = '320102198503100011';
const A_PHONE = '13901000001';
const harvestA = () => {
  const h = emptyHarvest();
  harvestBody(h, { nominationId: A_ID, cycleId: 'js-2026', programmeId: 'jiangsu-excellent-technicians' });
  harvestSubmitted(h, { nominee: { residentId: A_RESIDENT, phone: A_PHONE } });
  return h;
};
const harvestB = () => {
  const h = emptyHarvest();
  harvestBody(h, { cycleId: 'ls-2026', programmeId: 'jiangsu-excellent-technicians' });
  return h;
};

describe('the tenancy scanner (X-TENANT)', () => {
  it('reads all 211 operations of the OpenAPI document and matches a path to the most specific one', () => {
    expect(operations).toHaveLength(211);
    expect(matchOperation(operations, 'GET', '/nominations/health')?.operation.operationId).toBe(
      'nominationsHealth',
    );
    const m = matchOperation(operations, 'PUT', `/trainees/${A_ID}/attendance/S1`);
    expect(m?.operation.operationId).toBe('recordJsAttendance');
    expect(m?.params).toEqual({ traineeId: A_ID, sessionId: 'S1' });
    expect(
      matchOperation(operations, 'GET', '/cycles/js-2026/forms/js-scorecards.xlsx')?.operation.operationId,
    ).toBe('downloadJsUnitScorecardOverview');
  });

  it('takes A’s own ids and personal data as needles, full and masked, but not values another agency shares', () => {
    const needles = needlesFor(harvestA(), [harvestB()], new Set(['jiangsu']));
    const values = needles.map((n) => `${n.kind}:${n.value}`);
    expect(values).toContain(`id:${A_ID}`);
    expect(values).toContain('id:js-2026');
    expect(values).toContain(`resident-id:${A_RESIDENT}`);
    expect(values).toContain(`resident-id-masked:${maskResidentId(A_RESIDENT)}`);
    expect(values).toContain(`phone-masked:${maskPhone(A_PHONE)}`);
    expect(values).not.toContain('id:jiangsu-excellent-technicians'); // shared by B: a constant
  });

  it('finds a planted id, a masked resident ID and a masked phone by field path, and prints none of them', () => {
    const needles = needlesFor(harvestA(), [harvestB()], new Set());
    const hits = scanResponse(
      json({
        items: [
          { trainee: { ref: `x-${A_ID}` } },
          { residentId: maskResidentId(A_RESIDENT), tel: maskPhone(A_PHONE) },
        ],
      }),
      needles,
    );
    expect(hits.map((h) => `${h.kind}@${h.path}`).sort()).toEqual([
      'id@body.items[0].trainee.ref',
      'phone-masked@body.items[1].tel',
      'resident-id-masked@body.items[1].residentId',
    ]);
    const printed = JSON.stringify(hits);
    expect(printed).not.toContain(A_RESIDENT);
    expect(printed).not.toContain(maskResidentId(A_RESIDENT));
    expect(printed).not.toContain(A_PHONE.slice(3));
    expect(printed).not.toContain(A_ID);
  });

  it('finds them in keys, in a Location header, in CSV text and inside an XLSX workbook', () => {
    const needles = needlesFor(harvestA(), [], new Set());
    expect(scanResponse(json({ [A_ID]: 1 }), needles)).toHaveLength(1);
    expect(
      scanResponse(
        { contentType: 'application/json', bytes: new Uint8Array(), headers: { location: `/x/${A_ID}` } },
        needles,
      )[0]?.path,
    ).toBe('header.location');
    expect(
      scanResponse({ contentType: 'text/csv', bytes: strToU8(`姓名,身份证\n王,${A_RESIDENT}\n`) }, needles)[0]
        ?.path,
    ).toBe('text:2');
    const xlsx = zipSync({
      'xl/sharedStrings.xml': strToU8(`<sst><si><t>${maskResidentId(A_RESIDENT)}</t></si></sst>`),
    });
    expect(
      scanResponse(
        { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: xlsx },
        needles,
      ),
    ).toEqual([expect.objectContaining({ path: 'xlsx:xl/sharedStrings.xml', kind: 'resident-id-masked' })]);
  });

  it('ignores what the caller itself sent (an error naming the id it asked for), and a clean body has no hit', () => {
    const needles = needlesFor(harvestA(), [], new Set());
    const body = json({ title: 'Not found', detail: `nomination ${A_ID} not found` });
    expect(scanResponse(body, needles, echoOf(`/nominations/${A_ID}`))).toEqual([]);
    expect(scanResponse(body, needles, echoOf('/nominations/other'))).toHaveLength(1);
    // The masked form is an echo only of its own full ID.
    const masked = json({ residentId: maskResidentId(A_RESIDENT) });
    expect(scanResponse(masked, needles, echoOf(JSON.stringify({ residentId: A_RESIDENT })))).toEqual([]);
    expect(scanResponse(json({ items: [] }), needles)).toEqual([]);
  });

  it('harvests path parameters by name and generates minimal bodies with A’s ids under id-like names', () => {
    const h = emptyHarvest();
    harvestParams(h, { traineeId: A_ID });
    expect([...(h.byName.get('traineeId') ?? [])]).toEqual([A_ID]);
    const op = operations.find((o) => o.operationId === 'recordJsSatisfactionResponse');
    const body = minimalInstance(op?.body ?? {}, doc, (name) =>
      name === 'traineeId' ? A_ID : undefined,
    ) as Record<string, unknown>;
    expect(body.traineeId).toBe(A_ID);
    expect(Object.keys(body).sort()).toEqual([
      'courses',
      'facultyOverall',
      'satisfaction',
      'service',
      'teaching',
      'traineeId',
    ]);
  });
});
