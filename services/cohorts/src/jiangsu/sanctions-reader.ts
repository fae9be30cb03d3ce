/**
 * JS-SANCTIONS as the nominations intake reads them: the sanctions on record against a person (by
 * `personFingerprint`) and against a unit (the recommending / employer unit id), as the rule engine's
 * `SanctionRecord`s. Keys: `A#<agency>#JSSANCTION#PERSON#<fingerprint>` and
 * `A#<agency>#JSSANCTION#UNIT#<unitId>`, sort key `SANCTION#<imposedOn>#<id>` (written by the cohorts
 * service, services/cohorts/src/jiangsu/use-cases.ts). Depends only on @talent/data, so the
 * nominations service can import it without importing the cohorts service.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AgencyId, getDocumentClient, isKeySegment, mainTableName, tenantKey } from '@talent/data';

export type SanctionEffect = 'no-recommendation' | 'no-provincial-awards' | 'no-carrier-projects';

/** Same shape as @talent/catalogue's SanctionRecord. */
export interface SanctionRecordOut {
  readonly subject: 'person' | 'unit';
  readonly effect: SanctionEffect;
  readonly imposedOn: string;
}

/** Effects of each sanction kind of the seed (第二十一条), each for 3 years from imposition. */
export const SANCTION_EFFECTS: Readonly<Record<string, readonly SanctionEffect[]>> = {
  'trainee-misconduct': ['no-provincial-awards'],
  'employer-obstruction': ['no-recommendation', 'no-carrier-projects'],
};

export const sanctionPk = (agency: AgencyId, subject: 'person' | 'unit', key: string) =>
  tenantKey(agency, 'JSSANCTION', subject === 'person' ? 'PERSON' : 'UNIT', key);

const read = async (pk: string): Promise<Record<string, unknown>[]> => {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await getDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': pk, ':p': 'SANCTION#' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    out.push(...((r.Items ?? []) as Record<string, unknown>[]));
    start = r.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start);
  return out;
};

/** The sanctions on record for a nomination: against the person and against the recommending unit. */
export const sanctionsFor = async (
  agency: AgencyId,
  who: { readonly personFingerprint?: string; readonly unitId?: string },
): Promise<SanctionRecordOut[]> => {
  const pks: string[] = [];
  if (who.personFingerprint && isKeySegment(who.personFingerprint))
    pks.push(sanctionPk(agency, 'person', who.personFingerprint));
  if (who.unitId && isKeySegment(who.unitId)) pks.push(sanctionPk(agency, 'unit', who.unitId));
  const items = (await Promise.all(pks.map(read))).flat();
  return items.flatMap((i) =>
    ((i.effects as SanctionEffect[] | undefined) ?? []).map((effect) => ({
      subject: i.subject as 'person' | 'unit',
      effect,
      imposedOn: String(i.imposedOn),
    })),
  );
};
