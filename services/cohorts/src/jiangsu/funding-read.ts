/**
 * Read-only views of Jiangsu for the funding service. The acceptance (JS-ACCEPTANCE, JS-TRACKING):
 * every graded trainee of a cycle with its unit, category, grade and whether the unit's acceptance
 * is final. Driven by the units' grading items (the authority of the result), read consistently from
 * the base table — never the trainees GSI, whose lag could drop a trainee from a payment run. The
 * trainees themselves are fetched with consistent BatchGets (nomination id, participation year).
 * No resident IDs here: cohorts hold only the masked ID; funding reads the full one from the
 * official list (`@talent/svc-nominations/roster`).
 */
import { BatchGetCommand, type BatchGetCommandOutput, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AgencyId, getDocumentClient, mainTableName, tenantKey } from '@talent/data';
import type { Grading, Trainee, TrainingUnit } from './use-cases';

// Self-contained on purpose (keys as in ./store.ts and the README): the storage helpers may move.
const table = () => mainTableName();
const cyclePk = (ag: AgencyId, cycleId: string) => tenantKey(ag, 'JSCYCLE', cycleId);
const traineePk = (ag: AgencyId, traineeId: string) => tenantKey(ag, 'JSTRAINEE', traineeId);

/** Every item of a partition under `prefix`, consistent reads of the base table. */
const allOf = async <T>(pk: string, prefix: string): Promise<T[]> => {
  const out: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await getDocumentClient().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of r.Items ?? []) out.push(i as T);
    start = r.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start);
  return out;
};

const FAIL_GRADE = '不合格';

export interface JiangsuAcceptanceFact {
  readonly traineeId: string;
  readonly nominationId: string;
  readonly cycleId: string;
  /** The cycle's calendar year. */
  readonly year: number;
  /** 1 or 2 (JS-TRACKING: year 2 is a new trainee record in the next year's cycle). */
  readonly participationYear: 1 | 2;
  readonly category: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly unitCity: string;
  readonly grade: string;
  /** Any grade but 不合格. */
  readonly passed: boolean;
  /** The acceptance stage closed for the unit (`finalAt` on its grading item). */
  readonly final: boolean;
  readonly finalAt?: string;
  /** The grading item's version, +1 once final (grades never change after that): monotonic. */
  readonly factsVersion: number;
}

const batchGetConsistent = async (keys: { PK: string; SK: string }[]) => {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error('BatchGet kept returning unprocessed keys');
      if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      const r: BatchGetCommandOutput = await getDocumentClient().send(
        new BatchGetCommand({ RequestItems: { [table()]: { Keys: pending, ConsistentRead: true } } }),
      );
      out.push(...(r.Responses?.[table()] ?? []));
      pending = r.UnprocessedKeys?.[table()]?.Keys;
    }
  }
  return out;
};

/**
 * A first grade submission's lock (`state: 'locking'`, see `submitGrades` in ./use-cases.ts) rather
 * than a unit's grades: no result yet.
 */
const isLock = (item: Grading | { state?: unknown }): boolean =>
  (item as { state?: unknown }).state === 'locking';

/** Every graded trainee of the cycle (units without grades, or still locked by a first submission, contribute nothing: no result yet). */
export const acceptanceForFunding = async (
  ag: AgencyId,
  cycleId: string,
): Promise<JiangsuAcceptanceFact[]> => {
  const pk = cyclePk(ag, cycleId);
  const [items, units] = await Promise.all([
    allOf<Grading>(pk, 'GRADING#'),
    allOf<TrainingUnit>(pk, 'UNIT#'),
  ]);
  const gradings = items.filter((g) => !isLock(g));
  const unitById = new Map(units.map((u) => [u.unitId, u]));
  const rows = gradings.flatMap((g) => g.grades.map((row) => ({ g, row })));
  const trainees = new Map(
    (await batchGetConsistent(rows.map(({ row }) => ({ PK: traineePk(ag, row.traineeId), SK: 'TRAINEE' }))))
      .map((i) => i as unknown as Trainee)
      .map((t) => [t.traineeId, t]),
  );
  const out: JiangsuAcceptanceFact[] = [];
  for (const { g, row } of rows) {
    const t = trainees.get(row.traineeId);
    const unit = unitById.get(g.unitId);
    if (!t || !unit) continue;
    out.push({
      traineeId: t.traineeId,
      nominationId: t.nominationId,
      cycleId,
      year: t.year,
      participationYear: t.participationYear,
      category: row.category,
      unitId: unit.unitId,
      unitName: unit.name,
      unitCity: unit.city,
      grade: row.grade,
      passed: row.grade !== FAIL_GRADE,
      final: g.finalAt !== undefined,
      ...(g.finalAt ? { finalAt: g.finalAt } : {}),
      factsVersion: g.version + (g.finalAt ? 1 : 0),
    });
  }
  return out;
};

/** A trainee's cycle, unit and out-of-town status as the training file holds them (no personal data). */
export interface TraineeForExpenses {
  readonly traineeId: string;
  readonly cycleId: string;
  readonly unitId: string;
  /** 异地参训: the trainee's home city is not the training unit's city. */
  readonly outOfTown: boolean;
}

/**
 * The agency's trainees with these ids, read consistently (unknown ids are left out): for the
 * expense reports' JS-EXPENSE-SPLIT (travel and lodging only for trainees from out of town).
 */
export const traineesForExpenses = async (
  ag: AgencyId,
  traineeIds: readonly string[],
): Promise<Map<string, TraineeForExpenses>> => {
  const items = await batchGetConsistent(
    [...new Set(traineeIds)].map((id) => ({ PK: traineePk(ag, id), SK: 'TRAINEE' })),
  );
  return new Map(
    items
      .map((i) => i as unknown as Trainee)
      .map((t) => [
        t.traineeId,
        { traineeId: t.traineeId, cycleId: t.cycleId, unitId: t.unitId, outOfTown: t.outOfTown === true },
      ]),
  );
};
