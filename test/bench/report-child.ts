/**
 * One step of the province-sized report benchmark in a process of its own (`npm run bench`
 * spawns it; see reports.ts), so each measurement's peak RSS is its own. Modes:
 * - `seed <cycleId> <nominations> <trainees> <units>`: writes the Jiangsu cycle (see `seed` below);
 * - `raw-kpi <cycleId>` / `raw-summary <cycleId>`: plain DynamoDB Queries (DocumentClient, page after
 *   page) of the items the report reads: the cohort's cycle partition (units, gradings) and the
 *   trainees index; the nominations' cycle index partition filtered to the official nominations
 *   (full items: the official list the summary counts);
 * - `kpis-json`, `kpis-xlsx`, `summary-json`, `summary-xlsx` `<cycleId>`: the reporting API handler in
 *   process (`GET /programmes/jiangsu-excellent-technicians/kpis?year=2026`,
 *   `GET /cycles/{cycleId}/reports/selection-summary`).
 * Every DynamoDB request of the process is counted by a middleware on the shared DocumentClient.
 * Prints one JSON line: { mode, ms, items, bytes, status, requests, byCommand, rssBeforeMB, peakRssMB }.
 */
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { findProgramme } from '@talent/catalogue';
import { asAgencyId, getDocumentClient, mainTableName, personFingerprint, tenantKey } from '@talent/data';
import { maskResidentId } from '@talent/kernel';
import { traineeIndexSk, traineePk, traineesIndexPk } from '@talent/svc-cohorts/jiangsu/store';
import type { Cycle } from '../../services/nominations/src/cycle';
import { planStages } from '../../services/nominations/src/lifecycle/stages';
import type { Nomination } from '../../services/nominations/src/nomination';
import { cyclePk as nominationsCyclePk } from '../../services/nominations/src/repositories/cycle-repository';
import type { NominationStatus } from '../../services/nominations/src/schemas/nomination';
import { apiEvent, lambdaContext, parseResponse } from '../support/api-event';
import { residentIdFor } from '../support/people';
import { runConcurrently } from './stats';

const [mode, cycleId, ...rest] = process.argv.slice(2) as [string, string, ...string[]];
const AGENCY = asAgencyId('jiangsu');
const PROGRAMME = 'jiangsu-excellent-technicians';
const YEAR = 2026;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

const byCommand: Record<string, number> = {};
getDocumentClient().middlewareStack.add(
  (next, context) => async (args) => {
    const name = String(context.commandName ?? 'unknown');
    byCommand[name] = (byCommand[name] ?? 0) + 1;
    return next(args);
  },
  { step: 'initialize', name: 'benchRequestCounter' },
);

/** Pages of a Query until the end; returns the item count. */
const queryAll = async (input: Record<string, unknown>): Promise<number> => {
  let items = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await getDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        ...input,
        ...(start ? { ExclusiveStartKey: start } : {}),
      } as ConstructorParameters<typeof QueryCommand>[0]),
    );
    items += out.Items?.length ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
};

const batchWrite = async (items: Record<string, unknown>[]) => {
  await runConcurrently(Math.ceil(items.length / 25), 16, async (g) => {
    let requests = items.slice(g * 25, g * 25 + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const out = await getDocumentClient().send(
        new BatchWriteCommand({ RequestItems: { [mainTableName()]: requests } }),
      );
      requests = (out.UnprocessedItems?.[mainTableName()] ?? []) as typeof requests;
    }
  });
};

/**
 * The cycle and its nominations through the nominations service's own repositories
 * (`DynamoCycleRepository.create`, `DynamoNominationRepository.create`: the nomination, its person
 * claim and its audit record in one transaction each, as seedOfficialList does, 32 in parallel);
 * `trainees` of them `official`, the others `not-listed` / `not-recommended`. The cohort (training
 * units, trainees, one person claim per trainee, the units' final grading items) by BatchWrite of
 * the items cohorts' use cases write (shapes of services/cohorts/src/jiangsu/use-cases.ts unitItem,
 * traineeItem, writeNewTrainee's PERSON item, grading's GRADING item with finalAt); their audit,
 * roster-counter and participation items are not written (no report reads them).
 */
const seed = async (nominations: number, trainees: number, units: number) => {
  const { DynamoCycleRepository } = await import(
    '../../services/nominations/src/repositories/cycle-repository'
  );
  const { DynamoNominationRepository } = await import(
    '../../services/nominations/src/repositories/nomination-repository'
  );
  const programme = findProgramme(PROGRAMME);
  if (!programme) throw new Error('no Jiangsu programme');
  const at = new Date().toISOString();
  const actor = { userId: 'bench', roles: ['admin'] };
  const planned = planStages(
    programme,
    YEAR,
    Object.fromEntries(
      programme.calendar.stages
        .filter((s) => s.kind === 'publicity' && s.workingDays === undefined)
        .map((s) => [s.id, { workingDays: 5 }]),
    ),
  );
  const officialIndex = planned.findIndex((s) => s.kind === 'official-list');
  const cycle: Cycle = {
    cycleId,
    agencyId: AGENCY,
    programmeId: programme.id,
    programmeVersion: programme.version,
    year: YEAR,
    selectionDate: `${YEAR}-03-31`,
    status: 'open',
    stages: planned.map((s, i) =>
      i <= officialIndex ? { ...s, status: 'closed' as const, openedAt: at, closedAt: at } : s,
    ),
    execution: { name: `bench-${cycleId}`, status: 'NOT_STARTED', year: 1 },
    reviewersPerNomination: 1,
    officialList: { frozenAt: at, count: trainees },
    version: 1,
    createdAt: at,
    createdBy: 'bench',
    updatedAt: at,
    updatedBy: 'bench',
  };
  await new DynamoCycleRepository().create(cycle, { actor, action: 'cycle.opened', at });

  const repository = new DynamoNominationRepository();
  const employerUnits = 200;
  const made: Nomination[] = [];
  await runConcurrently(nominations, 32, async (i) => {
    const residentId = residentIdFor(
      new Date(Date.UTC(1975, 0, 1) + (i % 7000) * 86_400_000).toISOString().slice(0, 10),
      1 + Math.floor(i / 7000),
    );
    const status: NominationStatus =
      i < trainees ? 'official' : i % 2 === 0 ? 'not-listed' : 'not-recommended';
    const unitId = `js-emp-${pad(i % employerUnits, 3)}`;
    const n = {
      nominationId: `n-${pad(i, 6)}`,
      agencyId: AGENCY,
      programmeId: programme.id,
      programmeVersion: programme.version,
      cycleId,
      category: i % 3 === 0 ? 'B' : 'A',
      unitId,
      status,
      nomineeKind: 'person',
      nominee: {
        name: `学员${i}`,
        residentId,
        birthDate: `${residentId.slice(6, 10)}-${residentId.slice(10, 12)}-${residentId.slice(12, 14)}`,
        gender: Number(residentId.charAt(16)) % 2 === 1 ? 'male' : 'female',
        phone: '13800138000',
        employer: `${unitId}单位`,
        occupation: '电工',
        skillLevel: '高级技师',
        titles: [],
        honours: [],
      },
      personFingerprint: personFingerprint(AGENCY, residentId),
      attributes: {},
      eligibility: {
        status: 'eligible',
        programmeVersion: programme.version,
        selectionDate: cycle.selectionDate,
        pending: [],
        overridden: [],
        reported: [],
      },
      overrides: [],
      version: 1,
      createdAt: at,
      createdBy: 'bench',
      updatedAt: at,
      updatedBy: 'bench',
    } as unknown as Nomination;
    await repository.create(n, { actor, action: 'nomination.seeded', at });
    made[i] = n;
  });

  const cyclePk = tenantKey(AGENCY, 'JSCYCLE', cycleId);
  const unitIds = Array.from({ length: units }, (_, u) => `js-tu-${pad(u, 3)}`);
  const unitItems = unitIds.map((unitId, u) => ({
    PK: cyclePk,
    SK: `UNIT#${unitId}`,
    entityKind: 'JsTrainingUnit',
    cycleId,
    unitId,
    name: `江苏省第${u + 1}技师学院`,
    kind: 'technician-college',
    city: '南京市',
    majors: [{ code: '0601', name: '电工' }],
    version: 1,
    updatedAt: at,
    updatedBy: 'bench',
  }));
  const scale = ['优秀', '良好', '合格', '基本合格', '不合格'];
  const traineeItems: Record<string, unknown>[] = [];
  const personItems: Record<string, unknown>[] = [];
  const rowsByUnit = new Map<string, Record<string, unknown>[]>();
  for (let i = 0; i < trainees; i++) {
    const n = made[i] as Nomination;
    const unitId = unitIds[i % units] as string;
    const traineeId = `t-${pad(i, 6)}`;
    const residentId = n.nominee?.residentId ?? '';
    traineeItems.push({
      PK: traineePk(AGENCY, traineeId),
      SK: 'TRAINEE',
      GSI1PK: traineesIndexPk(AGENCY, cycleId),
      GSI1SK: traineeIndexSk(unitId, traineeId),
      entityKind: 'JsTrainee',
      traineeId,
      cycleId,
      year: YEAR,
      nominationId: n.nominationId,
      category: n.category,
      employerUnitId: n.unitId,
      name: n.nominee?.name,
      residentIdMasked: maskResidentId(residentId),
      personFingerprint: n.personFingerprint,
      unitId,
      majorCode: '0601',
      majorName: '电工',
      unitCity: '南京市',
      homeCity: '南京市',
      outOfTown: false,
      hoursAttended: 120,
      creditsEarned: 30,
      reportSubmitted: true,
      status: 'active',
      participationYear: 1,
      deferralsUsed: 0,
      version: 1,
      createdAt: at,
      createdBy: 'bench',
      updatedAt: at,
      updatedBy: 'bench',
    });
    personItems.push({
      PK: cyclePk,
      SK: `PERSON#${n.personFingerprint}`,
      entityKind: 'JsTraineePerson',
      traineeId,
    });
    const rows = rowsByUnit.get(unitId) ?? [];
    // 10% 优秀, 20% 良好 (JS-GRADE-QUOTA ≤ 30%), then 合格, 基本合格, 不合格.
    const k = rows.length % 10;
    const grade = scale[k === 0 ? 0 : k <= 2 ? 1 : k <= 7 ? 2 : k === 8 ? 3 : 4] as string;
    rows.push({
      traineeId,
      category: n.category,
      proposedGrade: grade,
      grade,
      autoFailed: false,
      hoursAttended: 120,
      hoursRequired: 120,
      creditsEarned: 30,
      creditsRequired: 30,
      reportSubmitted: true,
    });
    rowsByUnit.set(unitId, rows);
  }
  const gradingItems = unitIds.map((unitId) => ({
    PK: cyclePk,
    SK: `GRADING#${unitId}`,
    entityKind: 'JsGrading',
    cycleId,
    unitId,
    grades: rowsByUnit.get(unitId) ?? [],
    flags: [],
    version: 1,
    submittedAt: at,
    submittedBy: 'bench',
    finalAt: at,
  }));
  await batchWrite([...unitItems, ...traineeItems, ...personItems, ...gradingItems]);
  return nominations + unitItems.length + traineeItems.length + personItems.length + gradingItems.length;
};

let handler: ((event: unknown, context: unknown) => Promise<unknown>) | undefined;
if (mode.startsWith('kpis') || mode.startsWith('summary')) {
  handler = (await import('../../services/reporting/src/handlers/api')).handler as typeof handler;
}
const rssBeforeMB = process.memoryUsage().rss / 1024 / 1024;
for (const k of Object.keys(byCommand)) delete byCommand[k];

let items = 0;
let bytes = 0;
let status = 200;
const started = performance.now();
if (mode === 'seed') {
  items = await seed(Number(rest[0]), Number(rest[1]), Number(rest[2]));
} else if (mode === 'raw-kpi') {
  const pk = tenantKey(AGENCY, 'JSCYCLE', cycleId);
  for (const prefix of ['GRADING#', 'UNIT#']) {
    items += await queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
      ConsistentRead: true,
    });
  }
  items += await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': tenantKey(AGENCY, 'JSCYCLE', cycleId, 'TRAINEES') },
  });
} else if (mode === 'raw-summary') {
  items = await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :nom)',
    FilterExpression: '#status = :official',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':pk': nominationsCyclePk(AGENCY, cycleId),
      ':nom': 'NOM#',
      ':official': 'official',
    },
  });
} else if (handler) {
  const format: Record<string, string> = mode.endsWith('xlsx') ? { format: 'xlsx' } : {};
  const event = mode.startsWith('kpis')
    ? apiEvent({
        method: 'GET',
        route: '/programmes/{programmeId}/kpis',
        pathParameters: { programmeId: PROGRAMME },
        query: { year: String(YEAR), ...format },
        caller: { agency: AGENCY, roles: ['admin'], user: 'bench-admin' },
      })
    : apiEvent({
        method: 'GET',
        route: '/cycles/{cycleId}/reports/selection-summary',
        pathParameters: { cycleId },
        ...(mode.endsWith('xlsx') ? { query: format } : {}),
        caller: { agency: AGENCY, roles: ['admin'], user: 'bench-admin' },
      });
  const result = (await handler(event, lambdaContext('reporting'))) as { body?: string };
  bytes = Buffer.byteLength(result.body ?? '');
  const r = parseResponse(result as Parameters<typeof parseResponse>[0]);
  status = r.status;
  if (r.status !== 200)
    throw new Error(`${mode} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
  // What the report counted: trainees graded (KPIs) or official selections (summary); 0 for XLSX.
  const body = r.body as {
    gradeDistributions?: { trainees: number }[];
    titles?: { selected: number }[];
  };
  items =
    body.gradeDistributions?.reduce((a, g) => a + g.trainees, 0) ??
    body.titles?.reduce((a, t) => a + t.selected, 0) ??
    0;
} else {
  throw new Error(`unknown mode ${mode}`);
}
const ms = performance.now() - started;
const requests = Object.values(byCommand).reduce((a, b) => a + b, 0);
// maxRSS is in kilobytes (Linux, macOS): the peak of this process's whole life.
const peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ mode, ms, items, bytes, status, requests, byCommand, rssBeforeMB, peakRssMB }));
process.exit(0);
