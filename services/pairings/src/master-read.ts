/**
 * Read-only view of a registered master for the funding service's master budgets (LS-FUNDS-FLOOR):
 * where the master serves, under which name, and from when to when (LS-SERVICE-TERM). Read
 * consistently; no resident ID.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AgencyId, getDocumentClient, mainTableName } from '@talent/data';
import { keys } from './repositories/pairing-store';

export interface MasterForFunding {
  readonly masterId: string;
  readonly schoolId: string;
  readonly name: string;
  readonly status: 'serving' | 'left';
  readonly employmentStartOn: string;
  readonly serviceTermEndsOn: string;
  readonly leftOn?: string;
}

/** The agency's registered master with this id, if any. */
export const masterForFunding = async (
  agency: AgencyId,
  masterId: string,
): Promise<MasterForFunding | undefined> => {
  const { Item } = await getDocumentClient().send(
    new GetCommand({
      TableName: mainTableName(),
      Key: keys.master(agency, masterId),
      ConsistentRead: true,
      ProjectionExpression:
        'masterId, schoolId, #name, #status, employmentStartOn, serviceTermEndsOn, leaving',
      ExpressionAttributeNames: { '#name': 'name', '#status': 'status' },
    }),
  );
  if (!Item || typeof Item.schoolId !== 'string') return undefined;
  const leaving = Item.leaving as { leftOn?: string } | undefined;
  return {
    masterId: String(Item.masterId),
    schoolId: Item.schoolId,
    name: String(Item.name),
    status: Item.status === 'left' ? 'left' : 'serving',
    employmentStartOn: String(Item.employmentStartOn),
    serviceTermEndsOn: String(Item.serviceTermEndsOn),
    ...(leaving?.leftOn ? { leftOn: leaving.leftOn } : {}),
  };
};
