/**
 * Shared steps of the funding tests: the API handler in process against DynamoDB Local, the
 * in-memory facts source and a directory export store, a Jiangsu cycle seeded with
 * `seedOfficialList` and acceptance facts whose ids match its official list.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { asAgencyId, getDocumentClient, mainTableName } from '@talent/data';
import { traineePk } from '@talent/svc-cohorts/jiangsu/store';
import { keys as pairingKeys } from '@talent/svc-pairings/repositories/pairing-store';
import { expect } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { seedOfficialList } from '../../../test/support/official-list';
import { residentIdFor } from '../../../test/support/people';
import { DirectoryExportStore, setExportStore } from '../src/export-store';
import { type AcceptedTrainee, InMemoryFundingFacts } from '../src/facts';
import { setFundingFacts } from '../src/facts-source';
import { handler } from '../src/handlers/api';

export const facts = new InMemoryFundingFacts();
setFundingFacts(facts);
export const exportDir = mkdtempSync(join(tmpdir(), 'funding-exports-'));
setExportStore(new DirectoryExportStore(exportDir));

export const JS = 'jiangsu-excellent-technicians';
export const ZH = 'zhuhai-new-craftsmen';
export const LS = 'lishui-masters';

export const call = async (input: EventInput) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('funding')));

export const finance = (agency: string, user = `${agency}-finance`): Caller => ({
  agency,
  roles: ['finance'],
  user,
});
export const admin = (agency: string): Caller => ({ agency, roles: ['admin'], user: `${agency}-admin` });
export const auditor = (agency: string): Caller => ({
  agency,
  roles: ['auditor'],
  user: `${agency}-auditor`,
});
export const reviewer = (agency: string): Caller => ({
  agency,
  roles: ['reviewer'],
  user: `${agency}-reviewer`,
});
export const unit = (agency: string, unitId: string): Caller => ({
  agency,
  roles: ['unit'],
  user: `${agency}-${unitId}`,
  unit: unitId,
});

let serial = 0;
/** A person for facts: a fresh valid resident ID. */
export const person = () => {
  serial += 1;
  const day = String(1 + (serial % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(serial / 28) % 12)).padStart(2, '0');
  return residentIdFor(`198${serial % 10}-${month}-${day}`, 100 + (serial % 800));
};

/**
 * A Jiangsu trainee's training-file item as the cohorts service stores it (`A#<ag>#JSTRAINEE#<id>` /
 * `TRAINEE`), only the fields the expense checks read: for expense lines that name their trainee.
 */
export const seedTraineeFile = async (
  agency: string,
  trainee: { cycleId: string; unitId: string; outOfTown: boolean },
): Promise<string> => {
  const traineeId = `t-${randomUUID()}`;
  await getDocumentClient().send(
    new PutCommand({
      TableName: mainTableName(),
      Item: {
        PK: traineePk(asAgencyId(agency), traineeId),
        SK: 'TRAINEE',
        entityKind: 'JsTrainee',
        traineeId,
        ...trainee,
      },
    }),
  );
  return traineeId;
};

/**
 * A registered Lishui master as the pairings service stores it (`A#<ag>#PMASTER#<id>` / `MASTER`),
 * only the fields master budgets read (LS-FUNDS-FLOOR).
 */
export const seedMaster = async (
  agency: string,
  master: { schoolId: string; name?: string; employmentStartOn?: string; leftOn?: string },
): Promise<string> => {
  const masterId = `m-${randomUUID().slice(0, 8)}`;
  const start = master.employmentStartOn ?? '2026-01-01';
  await getDocumentClient().send(
    new PutCommand({
      TableName: mainTableName(),
      Item: {
        ...pairingKeys.master(asAgencyId(agency), masterId),
        entityKind: 'Master',
        masterId,
        schoolId: master.schoolId,
        name: master.name ?? '叶大师',
        status: master.leftOn ? 'left' : 'serving',
        employmentStartOn: start,
        serviceTermEndsOn: `${Number(start.slice(0, 4)) + 6}${start.slice(4)}`,
        ...(master.leftOn
          ? { leaving: { leftOn: master.leftOn, reason: '离职', early: true, flags: [] } }
          : {}),
      },
    }),
  );
  return masterId;
};

export interface SeededTrainee {
  readonly category: 'A' | 'B';
  readonly unitId: string;
}

/**
 * A Jiangsu cycle with its official list, and one passed, final year-1 acceptance fact per entry
 * (the fact's traineeId/nominationId match the official list). Returns the cycle id and the facts.
 */
export const seedJiangsu = async (
  agency: string,
  entries: readonly SeededTrainee[],
  options: { year?: number } = {},
) => {
  const year = options.year ?? 2026;
  const seeded = await seedOfficialList({
    agencyId: agency,
    programmeId: JS,
    year,
    entries: entries.map((e) => ({ category: e.category, unitId: e.unitId })),
  });
  const rows: AcceptedTrainee[] = entries.map((e, i) => {
    const nominationId = seeded.nominationIds[i] as string;
    return {
      traineeId: `t-${nominationId}`,
      nominationId,
      cycleId: seeded.cycleId,
      year,
      trackingYear: 1,
      category: e.category,
      trainingUnitId: e.unitId,
      trainingUnitName: `${e.unitId}技师学院`,
      city: e.unitId.startsWith('nj') ? '南京市' : '苏州市',
      name: `学员${i + 1}`,
      residentId: person(),
      passed: true,
      final: true,
      grade: '合格',
      factsVersion: 1,
    };
  });
  facts.setTrainees(agency, seeded.cycleId, rows);
  return { cycleId: seeded.cycleId, rows };
};

export const setBudget = async (agency: string, programmeId: string, year: number, limitFen: number) => {
  const current = await call({
    method: 'GET',
    route: '/budgets/{programmeId}/{year}',
    pathParameters: { programmeId, year: String(year) },
    caller: admin(agency),
  });
  const r = await call({
    method: 'PUT',
    route: '/budgets/{programmeId}/{year}',
    pathParameters: { programmeId, year: String(year) },
    body: { limitFen, reason: '年度预算' },
    ...(current.status === 200 ? { headers: { 'if-match': current.headers.etag as string } } : {}),
    caller: admin(agency),
  });
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return r.body;
};

export const createBatch = async (agency: string, cycleId: string, body: Record<string, unknown> = {}) =>
  call({
    method: 'POST',
    route: '/cycles/{cycleId}/disbursement-batches',
    pathParameters: { cycleId },
    body,
    caller: finance(agency),
  });

export const step = async (
  caller: Caller,
  batchId: string,
  action: 'review' | 'approve' | 'release',
  etag: string,
  body: Record<string, unknown> = {},
) =>
  call({
    method: 'POST',
    route: `/batches/{batchId}/${action}`,
    pathParameters: { batchId },
    headers: { 'if-match': etag },
    body,
    caller,
  });

/** A batch through review (by finance user A) and approval (by finance user B). */
export const approved = async (agency: string, batch: { batchId: string }, etag: string) => {
  const reviewed = await step(finance(agency, 'fin-a'), batch.batchId, 'review', etag);
  expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
  const ok = await step(finance(agency, 'fin-b'), batch.batchId, 'approve', reviewed.headers.etag as string);
  expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  return ok;
};

export const lines = async (caller: Caller, batchId: string) => {
  const out: Record<string, any>[] = [];
  let cursor: string | undefined;
  do {
    const r = await call({
      method: 'GET',
      route: '/batches/{batchId}/lines',
      pathParameters: { batchId },
      query: { limit: '100', ...(cursor ? { cursor } : {}) },
      caller,
    });
    expect(r.status).toBe(200);
    out.push(...r.body.items);
    cursor = r.body.nextCursor ?? undefined;
  } while (cursor);
  return out;
};
