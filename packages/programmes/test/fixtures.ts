import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { compileProgramme, findProgramme, type Programme, type ProgrammeDefinition } from '@talent/catalogue';
import { type AgencyId, asAgencyId, getDocumentClient, mainTableName } from '@talent/data';

/** A fresh agency per test, so that registrations never meet another test's (the five seeds stay untouched). */
export const freshAgency = (): AgencyId => asAgencyId(`t-${randomUUID().slice(0, 12)}`);

/** A built-in definition as JSON data (what a client would send), with the identity changed. */
export const definitionFrom = (
  builtInId: string,
  change: { id: string; agencyId: string; version?: number },
): Record<string, unknown> & { rules: Record<string, unknown>[] } => {
  const builtIn = findProgramme(builtInId);
  if (!builtIn) throw new Error(`no built-in ${builtInId}`);
  return {
    ...(JSON.parse(JSON.stringify(builtIn)) as Record<string, unknown> & {
      rules: Record<string, unknown>[];
    }),
    id: change.id,
    agencyIds: [change.agencyId],
    version: change.version ?? 1,
  };
};

/** A built-in for a test agency: a seed's definition under another id, run by `agency` only. */
export const builtInFor = (agency: AgencyId, id: string, seed = 'jiangsu-excellent-technicians'): Programme =>
  compileProgramme(definitionFrom(seed, { id, agencyId: agency }) as unknown as ProgrammeDefinition);

/**
 * Every stored item of the agency's programmes: versions, latest copies and audit records (a Scan:
 * tests only, to prove what a request wrote or did not write).
 */
export const storedProgrammeItems = async (agency: string): Promise<Record<string, unknown>[]> => {
  // Every page: a Scan reads 1 MB at a time, and the run's shared table holds far more than that.
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await getDocumentClient().send(
      new ScanCommand({
        TableName: mainTableName(),
        FilterExpression: 'begins_with(PK, :p)',
        ExpressionAttributeValues: { ':p': `A#${agency}#PROG` },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};
