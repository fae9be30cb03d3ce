/**
 * The official schedules an agency uploaded for years the bundled data does not hold (or holds
 * wrongly): one item per year, in the agency's own partition. `agencyCalendar` is the calendar the
 * lifecycle computes publicity periods with: bundled years plus the agency's uploads (an upload
 * replaces the bundled schedule of its year).
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Actor,
  type AgencyId,
  auditPut,
  getDocumentClient,
  mainTableName,
  tenantKey,
  transactWrite,
} from '@talent/data';
import { officialCalendar, type WorkingDayCalendar } from './calendar';
import { parseYearSchedule, type YearSchedule } from './schedule';

const partition = (agency: AgencyId) => tenantKey(agency, 'CALENDAR');
const sortKey = (year: number) => `YEAR#${year}`;

export interface UploadedYear extends YearSchedule {
  readonly uploadedAt: string;
  readonly uploadedBy: string;
}

/** The agency's uploaded years, oldest first (one Query; an agency uploads a handful). */
export const uploadedYears = async (agency: AgencyId): Promise<UploadedYear[]> => {
  const out: UploadedYear[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await getDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :year)',
        ExpressionAttributeValues: { ':pk': partition(agency), ':year': 'YEAR#' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) out.push(JSON.parse(String(item.schedule)) as UploadedYear);
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
};

/**
 * Stores an agency's schedule of one year (validated: X-WORKING-DAYS). A new upload of the same
 * year replaces the old one; both are in the audit trail.
 */
export const uploadYear = async (
  agency: AgencyId,
  input: unknown,
  change: { readonly actor: Actor; readonly at: string; readonly requestId?: string },
): Promise<UploadedYear> => {
  const schedule = parseYearSchedule(input, 'body');
  const uploaded: UploadedYear = { ...schedule, uploadedAt: change.at, uploadedBy: change.actor.userId };
  const tableName = mainTableName();
  const { Item: before } = await getDocumentClient().send(
    new GetCommand({ TableName: tableName, Key: { PK: partition(agency), SK: sortKey(schedule.year) } }),
  );
  await transactWrite([
    {
      Put: {
        TableName: tableName,
        Item: {
          PK: partition(agency),
          SK: sortKey(schedule.year),
          entityKind: 'CalendarYear',
          year: schedule.year,
          schedule: JSON.stringify(uploaded),
        },
      },
    },
    auditPut(tableName, {
      agencyId: agency,
      entityType: 'CalendarYear',
      entityId: String(schedule.year),
      entityPk: partition(agency),
      action: before ? 'calendar.year-replaced' : 'calendar.year-uploaded',
      before: before ? { ...(JSON.parse(String(before.schedule)) as object) } : null,
      after: { ...uploaded },
      ...change,
    }),
  ]);
  return uploaded;
};

/** The working-day calendar of an agency: the bundled years plus its uploads. */
export const agencyCalendar = async (agency: AgencyId): Promise<WorkingDayCalendar> =>
  officialCalendar(
    (await uploadedYears(agency)).map(({ uploadedAt: _at, uploadedBy: _by, ...schedule }) => schedule),
  );
