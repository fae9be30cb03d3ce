/**
 * Lishui LS-FUNDS-FLOOR: a school records each master's yearly working-fund budget; the catalogue's
 * funds-floor rule (context `budget`, disposition reported) flags a budget below 50,000 CNY. Flagged,
 * never refused.
 *
 * Keys: PK FMASTERBUDGET#<programmeId>#<year>#<masterId> SK MB; GSI1 FMASTERBUDGETS#<programmeId>#<year> / <unitId>#<masterId>.
 */
import { evaluate } from '@talent/catalogue';
import {
  type AgencyId,
  auditPut,
  queryPage,
  TransactionConditionFailed,
  tenantKey,
  transactWrite,
} from '@talent/data';
import type { AuthContext } from '@talent/http';
import {
  ConflictError,
  NotFoundError,
  nowIso,
  PreconditionFailedError,
  ValidationFailedError,
  yearOf,
} from '@talent/kernel';
import { type MasterForFunding, masterForFunding } from '@talent/svc-pairings/master-read';
import { UnitScopeError } from '../errors';
import { assertVersion } from '../model';
import { getItem, strip, table } from '../repositories/items';
import { programmeOf } from './budgets';
import { agencyOf, changeBy } from './context';
import { scopedUnit } from './expenses';

export interface MasterBudget {
  readonly agencyId: AgencyId;
  readonly programmeId: string;
  readonly year: number;
  readonly masterId: string;
  readonly masterName: string;
  readonly unitId: string;
  readonly amountFen: number;
  readonly belowFloor: boolean;
  readonly flags: readonly { ruleId: string; message: string; messageZh: string }[];
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export const masterBudgetView = ({ agencyId: _a, ...r }: MasterBudget) => r;

const pk = (agency: AgencyId, programmeId: string, year: number, masterId: string) =>
  tenantKey(agency, 'FMASTERBUDGET', programmeId, String(year), masterId);
const listPk = (agency: AgencyId, programmeId: string, year: number) =>
  tenantKey(agency, 'FMASTERBUDGETS', programmeId, String(year));

/**
 * The master a budget is for, as the pairings service registered it: it exists (404), serves at the
 * school the budget is recorded for (a school: its own masters only, P-UNIT-SCOPE; an admin naming
 * another school: 422), serves in the budget's year (from its employment to its leaving: 422), and
 * the budget carries its registered name (a `masterName` that differs is 422).
 */
const registeredMaster = async (
  auth: AuthContext,
  agency: AgencyId,
  masterId: string,
  unitId: string,
  year: number,
  masterName: string | undefined,
): Promise<MasterForFunding> => {
  const master = await masterForFunding(agency, masterId);
  if (!master) throw new NotFoundError('Master', masterId);
  const school = auth.roles.includes('unit') && !auth.roles.includes('admin');
  if (master.schoolId !== unitId) {
    if (school) throw new UnitScopeError();
    throw new ValidationFailedError([
      {
        ruleId: 'LS-FUNDS-FLOOR',
        path: 'body.unitId',
        message: `the master serves at school ${master.schoolId}`,
        messageZh: '该大师不在此学校聘任',
      },
    ]);
  }
  const first = yearOf(master.employmentStartOn);
  const last = master.leftOn ? yearOf(master.leftOn) : Number.POSITIVE_INFINITY;
  if (year < first || year > last)
    throw new ValidationFailedError([
      {
        ruleId: 'LS-FUNDS-FLOOR',
        path: 'params.year',
        message: `the master serves from ${master.employmentStartOn}${master.leftOn ? ` to ${master.leftOn}` : ''}, not in ${year}`,
        messageZh: '该年度不在大师聘任期内',
      },
    ]);
  if (masterName !== undefined && masterName !== master.name)
    throw new ValidationFailedError([
      {
        ruleId: 'LS-FUNDS-FLOOR',
        path: 'body.masterName',
        message: 'not the name the master is registered under',
        messageZh: '与登记的大师姓名不一致',
      },
    ]);
  return master;
};

export const recordMasterBudget = async (
  auth: AuthContext,
  year: number,
  masterId: string,
  body: {
    programmeId: string;
    unitId?: string | undefined;
    masterName?: string | undefined;
    amountFen: number;
    reason?: string | undefined;
  },
  ifMatch: readonly number[] | 'any' | undefined,
  requestId: string,
) => {
  const programme = await programmeOf(auth, body.programmeId);
  const unitId = scopedUnit(auth, body.unitId);
  if (!unitId)
    throw new ValidationFailedError([
      { ruleId: 'P-SCHEMA', path: 'body.unitId', message: 'name the school (unitId)' },
    ]);
  if (!programme.rules.some((r) => r.context === 'budget'))
    throw new ConflictError(
      'P-FUNDING-BASIS',
      `${programme.id} has no budget rules (LS-FUNDS-FLOOR)`,
      'body.programmeId',
    );
  const agency = agencyOf(auth);
  const master = await registeredMaster(auth, agency, masterId, unitId, year, body.masterName);
  const key = pk(agency, programme.id, year, masterId);
  const item = await getItem(key, 'MB');
  const before = item ? strip<MasterBudget>(item) : undefined;
  // A school changes only its own masters' budgets.
  if (before && before.unitId !== unitId && auth.roles.includes('unit') && !auth.roles.includes('admin'))
    throw new UnitScopeError();
  if (before && !assertVersion(before, ifMatch)) throw new PreconditionFailedError();
  const verdict = evaluate(programme, {
    type: 'budget',
    year,
    lines: [{ subjectId: master.name, amountFen: body.amountFen }],
  });
  const flags = verdict.reported.map((v) => ({
    ruleId: v.ruleId,
    message: v.message,
    messageZh: v.messageZh,
  }));
  const at = nowIso();
  const after: MasterBudget = {
    agencyId: agency,
    programmeId: programme.id,
    year,
    masterId,
    masterName: master.name,
    unitId,
    amountFen: body.amountFen,
    belowFloor: flags.length > 0,
    flags,
    version: (before?.version ?? 0) + 1,
    updatedAt: at,
    updatedBy: auth.userId,
  };
  try {
    await transactWrite([
      {
        Put: {
          TableName: table(),
          Item: {
            PK: key,
            SK: 'MB',
            entityKind: 'MasterBudget',
            GSI1PK: listPk(agency, programme.id, year),
            GSI1SK: `${unitId}#${masterId}`,
            ...after,
          },
          ConditionExpression: before ? '#v = :v' : 'attribute_not_exists(PK)',
          ...(before
            ? {
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':v': before.version },
              }
            : {}),
        },
      },
      auditPut(table(), {
        agencyId: agency,
        entityType: 'MasterBudget',
        entityId: `${programme.id}#${year}#${masterId}`,
        entityPk: key,
        before: before ? masterBudgetView(before) : null,
        after: masterBudgetView(after),
        ...changeBy(
          auth,
          before ? 'master-budget.changed' : 'master-budget.recorded',
          at,
          requestId,
          body.reason,
        ),
      }),
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) throw new PreconditionFailedError();
    throw error;
  }
  return { budget: after, created: !before };
};

export const listMasterBudgets = async (
  auth: AuthContext,
  q: {
    programmeId: string;
    year: number;
    unitId?: string | undefined;
    belowFloor?: boolean | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) => {
  const unitId = scopedUnit(auth, q.unitId);
  const agency = agencyOf(auth);
  await programmeOf(auth, q.programmeId);
  const page = await queryPage({
    tableName: table(),
    indexName: 'GSI1',
    keyCondition: unitId ? 'GSI1PK = :pk AND begins_with(GSI1SK, :u)' : 'GSI1PK = :pk',
    values: {
      ':pk': listPk(agency, q.programmeId, q.year),
      ...(unitId ? { ':u': `${unitId}#` } : {}),
      ...(q.belowFloor !== undefined ? { ':b': q.belowFloor } : {}),
    },
    ...(q.belowFloor !== undefined ? { filter: 'belowFloor = :b' } : {}),
    limit: q.limit,
    cursor: q.cursor,
    scope: `${agency}|master-budgets|${q.programmeId}|${q.year}|${unitId ?? '*'}|${q.belowFloor ?? '*'}`,
  });
  return {
    items: page.items.map((i) => masterBudgetView(strip<MasterBudget>(i))),
    nextCursor: page.nextCursor,
  };
};
