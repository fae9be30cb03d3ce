/**
 * Read-only view of Jiangsu trainees for the funding service's expense reports (JS-EXPENSE-SPLIT:
 * travel and lodging only for trainees from out of town): a trainee's cycle, unit and out-of-town
 * status as its training file holds them, read consistently. No personal data.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { type AgencyId, getDocumentClient, mainTableName, tenantKey } from '@talent/data';

// Self-contained on purpose (keys as in ./store.ts and the README), like ./funding-read.ts.
const traineePk = (ag: AgencyId, traineeId: string) => tenantKey(ag, 'JSTRAINEE', traineeId);

export interface TraineeForExpenses {
  readonly traineeId: string;
  readonly cycleId: string;
  readonly unitId: string;
  /** 异地参训: the trainee's home city is not the training unit's city. */
  readonly outOfTown: boolean;
}

/** The trainees of the agency with these ids (unknown ids are left out). */
export const traineesForExpenses = async (
  agency: AgencyId,
  traineeIds: readonly string[],
): Promise<Map<string, TraineeForExpenses>> => {
  const out = new Map<string, TraineeForExpenses>();
  const ids = [...new Set(traineeIds)];
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] = ids
      .slice(i, i + 100)
      .map((id) => ({ PK: traineePk(agency, id), SK: 'TRAINEE' }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 8) throw new Error('trainees could not be read (unprocessed keys)');
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const table = mainTableName();
      const r = await getDocumentClient().send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: keys,
              ConsistentRead: true,
              ProjectionExpression: 'traineeId, cycleId, unitId, outOfTown',
            },
          },
        }),
      );
      for (const item of r.Responses?.[table] ?? []) {
        const t = item as Partial<TraineeForExpenses>;
        if (typeof t.traineeId === 'string' && typeof t.cycleId === 'string' && typeof t.unitId === 'string')
          out.set(t.traineeId, {
            traineeId: t.traineeId,
            cycleId: t.cycleId,
            unitId: t.unitId,
            outOfTown: t.outOfTown === true,
          });
      }
      keys = (r.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return out;
};
