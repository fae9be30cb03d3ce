import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type AgencySeed, seedAgencies as agencies } from '../../catalogue/src/agencies';

export const agencyKey = (agencyId: string) => ({ PK: `A#${agencyId}`, SK: 'AGENCY' }) as const;

export interface SeedResult {
  readonly created: readonly string[];
  readonly existing: readonly string[];
}

/**
 * One `Agency` item per seed agency; items that exist are left untouched (a restart keeps
 * `createdAt` and any change made through the API).
 */
export const seedAgencies = async (
  docClient: DynamoDBDocumentClient,
  tableName: string,
  list: readonly AgencySeed[] = agencies,
  now: () => Date = () => new Date(),
): Promise<SeedResult> => {
  const created: string[] = [];
  const existing: string[] = [];
  for (const agency of list) {
    try {
      await docClient.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...agencyKey(agency.agencyId),
            entityType: 'Agency',
            agencyId: agency.agencyId,
            nameZh: agency.nameZh,
            nameEn: agency.nameEn,
            programmeIds: [...agency.programmeIds],
            createdAt: now().toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      created.push(agency.agencyId);
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      existing.push(agency.agencyId);
    }
  }
  return { created, existing };
};

export const seedAgencyIds = (): string[] => agencies.map((a) => a.agencyId);
