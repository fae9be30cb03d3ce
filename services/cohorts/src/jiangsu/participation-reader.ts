/**
 * JS-EXCLUSIONS (repeat-gap) as the nominations intake reads it: a person's participations in the
 * 江苏省卓越技师培育计划 on record, by `personFingerprint` (HMAC of the resident ID). Partition
 * `A#<agency>#JSPARTICIPATION#<fingerprint>`:
 *
 * | SK | written when |
 * |---|---|
 * | `TRAINEE#<traineeId>` | a trainee record is created (enrolment, deferral's next-year record, year 2); deleted when that record is closed into the next one (deferral, continuation) |
 * | `ENDED#<endedOn>#<traineeId>` | the participation ended: the acceptance of its last year became final (year 2, or a failed year 1, which cannot continue) |
 *
 * Both are written by the cohorts service (services/cohorts/src/jiangsu/use-cases.ts) in the same
 * transaction as the change. A trainee record is "in training" while it has a `TRAINEE#` item and no
 * `ENDED#…#<traineeId>`. Depends only on @talent/data, so the nominations service can import it
 * without importing the cohorts service.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AgencyId, getDocumentClient, isKeySegment, mainTableName, tenantKey } from '@talent/data';

export const participationPk = (agency: AgencyId, fingerprint: string) =>
  tenantKey(agency, 'JSPARTICIPATION', fingerprint);
export const inTrainingSk = (traineeId: string) => `TRAINEE#${traineeId}`;
export const endedSk = (endedOn: string, traineeId: string) => `ENDED#${endedOn}#${traineeId}`;

/** A trainee record that has not ended (the person is in training, or awaiting year 2). */
export interface InTraining {
  readonly traineeId: string;
  readonly cycleId: string;
  readonly year: number;
  readonly nominationId: string;
}

export interface ParticipationRecord {
  /** The latest end of a participation on record ('YYYY-MM-DD'), if any. */
  readonly lastEndedOn?: string;
  /** Trainee records not ended. */
  readonly inTraining: readonly InTraining[];
}

export const participationOf = async (
  agency: AgencyId,
  fingerprint: string | undefined,
): Promise<ParticipationRecord> => {
  if (!fingerprint || !isKeySegment(fingerprint)) return { inTraining: [] };
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await getDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': participationPk(agency, fingerprint) },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...((r.Items ?? []) as Record<string, unknown>[]));
    start = r.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start);
  const ended = items.filter((i) => String(i.SK).startsWith('ENDED#'));
  const endedIds = new Set(ended.map((i) => String(i.traineeId)));
  const lastEndedOn = ended
    .map((i) => String(i.endedOn))
    .sort()
    .at(-1);
  const inTraining = items
    .filter((i) => String(i.SK).startsWith('TRAINEE#') && !endedIds.has(String(i.traineeId)))
    .map((i) => ({
      traineeId: String(i.traineeId),
      cycleId: String(i.cycleId),
      year: Number(i.year),
      nominationId: String(i.nominationId),
    }));
  return { ...(lastEndedOn ? { lastEndedOn } : {}), inTraining };
};
