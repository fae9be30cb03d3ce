/**
 * Expense reports of training units against the subsidy (JS-EXPENSE-SPLIT through the catalogue's
 * expense-split rule) and each unit's ledger (JS-LEDGER): the subsidy released to it, its reported
 * expense lines, and the balance.
 *
 * Keys: report PK FEXPREPORT#<reportId> SK REPORT; GSI1 FEXPUNIT#<unitId> / <cycleId>#<createdAt>#<reportId>.
 */
import { evaluate, type Programme, withBase } from '@talent/catalogue';
import { type AgencyId, auditPut, queryPage, tenantKey, transactWrite } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { NotFoundError, newId, nowIso, sumFen, ValidationFailedError, type Violation } from '@talent/kernel';
import { traineesForExpenses } from '@talent/svc-cohorts/jiangsu/funding-read';
import { UnitScopeError } from '../errors';
import { unitKey } from '../repositories/batches';
import { getItem, queryAll, strip, table } from '../repositories/items';
import { agencyOf, changeBy, cycleAndProgramme } from './context';
import { batches } from './disbursement';

export interface ExpenseLineInput {
  readonly category: string;
  readonly amountFen: number;
  readonly description: string;
  readonly spentOn?: string | undefined;
  readonly traineeId?: string | undefined;
  readonly outOfTownTrainee?: boolean | undefined;
  readonly atUnitCanteenForTrainee?: boolean | undefined;
}

export interface ExpenseReport {
  readonly agencyId: AgencyId;
  readonly reportId: string;
  readonly cycleId: string;
  readonly programmeId: string;
  readonly unitId: string;
  readonly year: number;
  readonly lines: readonly ExpenseLineInput[];
  readonly totalFen: number;
  readonly byCategory: Readonly<Record<string, number>>;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly version: number;
}

export const reportView = ({ agencyId: _a, ...r }: ExpenseReport) => r;

/**
 * A unit user acts for and reads only its own unit, also when it holds another lesser role
 * (finance, auditor: docs/api.md, P-UNIT-SCOPE); only admin, or a finance/auditor user without the
 * unit role, names any unit.
 */
export const scopedUnit = (auth: AuthContext, unitId: string | undefined): string | undefined => {
  if (auth.roles.includes('unit') && !auth.roles.includes('admin')) {
    if (!auth.unitId || (unitId !== undefined && unitId !== auth.unitId)) throw new UnitScopeError();
    return auth.unitId;
  }
  return unitId;
};

const reportPk = (agency: AgencyId, reportId: string) => tenantKey(agency, 'FEXPREPORT', reportId);

/** The expense-split rule's categories that only out-of-town trainees may claim (JS: travel, lodging). */
const outOfTownOnly = (
  programme: Programme,
): { ruleId: string; categories: readonly string[] } | undefined => {
  const rule = programme.rules.find((r) => r.kind === 'expense-split');
  const categories = (rule?.params as { outOfTownOnly?: readonly string[] } | undefined)?.outOfTownOnly;
  return rule && categories && categories.length > 0 ? { ruleId: rule.id, categories } : undefined;
};

/**
 * The lines with the out-of-town status their trainee's training file holds (异地参训, never the
 * unit's word for it): a travel or lodging line names its trainee, who must be of this cycle and
 * unit; a line's own `outOfTownTrainee` that contradicts the file is refused (JS-EXPENSE-SPLIT).
 */
const checkedLines = async (
  agency: AgencyId,
  programme: Programme,
  cycleId: string,
  unitId: string,
  lines: readonly ExpenseLineInput[],
): Promise<readonly ExpenseLineInput[]> => {
  const restricted = outOfTownOnly(programme);
  if (!restricted) return lines;
  const named = lines.flatMap((l) => (l.traineeId ? [l.traineeId] : []));
  const trainees = named.length > 0 ? await traineesForExpenses(agency, named) : new Map();
  const problems: Violation[] = [];
  const out = lines.map((line, i) => {
    const at = (field: string) => `body.lines[${i}].${field}`;
    if (!line.traineeId) {
      if (restricted.categories.includes(line.category))
        problems.push({
          ruleId: restricted.ruleId,
          path: at('traineeId'),
          message: `a ${line.category} line names the out-of-town trainee it is for (traineeId)`,
          messageZh: '交通和住宿补贴须注明对应的异地参训培育对象',
        });
      return line;
    }
    const trainee = trainees.get(line.traineeId);
    if (!trainee || trainee.cycleId !== cycleId || trainee.unitId !== unitId) {
      problems.push({
        ruleId: restricted.ruleId,
        path: at('traineeId'),
        message: 'not a trainee of this unit in this cycle',
        messageZh: '不是本承训单位本年度的培育对象',
      });
      return line;
    }
    if (line.outOfTownTrainee !== undefined && line.outOfTownTrainee !== trainee.outOfTown)
      problems.push({
        ruleId: restricted.ruleId,
        path: at('outOfTownTrainee'),
        message: `the trainee's training file says ${trainee.outOfTown ? 'out of town' : 'local (not out of town)'}`,
        messageZh: trainee.outOfTown
          ? '培训档案记载该培育对象为异地参训'
          : '培训档案记载该培育对象为本地参训',
      });
    return { ...line, outOfTownTrainee: trainee.outOfTown };
  });
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return out;
};

export const submitReport = async (
  auth: AuthContext,
  body: { cycleId: string; unitId?: string | undefined; year: number; lines: readonly ExpenseLineInput[] },
  requestId: string,
): Promise<ExpenseReport> => {
  const unitId = scopedUnit(auth, body.unitId);
  if (!unitId) throw new UnitScopeError();
  const { programme } = await cycleAndProgramme(auth, body.cycleId);
  const agency = agencyOf(auth);
  const lines = await checkedLines(agency, programme, body.cycleId, unitId, body.lines);
  const verdict = evaluate(programme, {
    type: 'expenses',
    unitId,
    lines: lines.map((l) => ({
      category: l.category,
      amountFen: l.amountFen,
      ...(l.outOfTownTrainee !== undefined ? { outOfTownTrainee: l.outOfTownTrainee } : {}),
      ...(l.atUnitCanteenForTrainee !== undefined
        ? { atUnitCanteenForTrainee: l.atUnitCanteenForTrainee }
        : {}),
    })),
  });
  if (!verdict.ok) throw new ValidationFailedError(withBase('body', verdict.violations));
  const byCategory: Record<string, number> = {};
  for (const l of lines) byCategory[l.category] = (byCategory[l.category] ?? 0) + l.amountFen;
  const at = nowIso();
  const report: ExpenseReport = {
    agencyId: agency,
    reportId: newId(),
    cycleId: body.cycleId,
    programmeId: programme.id,
    unitId,
    year: body.year,
    lines,
    totalFen: sumFen(lines.map((l) => l.amountFen) as never[]),
    byCategory,
    createdAt: at,
    createdBy: auth.userId,
    version: 1,
  };
  const pk = reportPk(agency, report.reportId);
  await transactWrite([
    {
      Put: {
        TableName: table(),
        Item: {
          PK: pk,
          SK: 'REPORT',
          entityKind: 'ExpenseReport',
          GSI1PK: tenantKey(agency, 'FEXPUNIT', unitId),
          GSI1SK: `${body.cycleId}#${at}#${report.reportId}`,
          ...report,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    auditPut(table(), {
      agencyId: agency,
      entityType: 'ExpenseReport',
      entityId: report.reportId,
      entityPk: pk,
      before: null,
      after: reportView(report),
      ...changeBy(auth, 'expense-report.submitted', at, requestId),
    }),
  ]);
  return report;
};

export const getReport = async (auth: AuthContext, reportId: string) => {
  const item = await getItem(reportPk(agencyOf(auth), reportId), 'REPORT');
  const report = item ? strip<ExpenseReport>(item) : undefined;
  // Another unit's report is as absent as another agency's.
  if (!report || (scopedUnit(auth, undefined) ?? report.unitId) !== report.unitId)
    throw new NotFoundError('Expense report', reportId);
  return report;
};

export const listReports = async (
  auth: AuthContext,
  q: {
    unitId?: string | undefined;
    cycleId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) => {
  const unitId = scopedUnit(auth, q.unitId);
  if (!unitId)
    throw new ValidationFailedError([
      { ruleId: 'P-SCHEMA', path: 'query.unitId', message: 'name the unit (unitId)' },
    ]);
  const agency = agencyOf(auth);
  const page = await queryPage({
    tableName: table(),
    indexName: 'GSI1',
    keyCondition: q.cycleId ? 'GSI1PK = :pk AND begins_with(GSI1SK, :c)' : 'GSI1PK = :pk',
    values: { ':pk': tenantKey(agency, 'FEXPUNIT', unitId), ...(q.cycleId ? { ':c': `${q.cycleId}#` } : {}) },
    limit: q.limit,
    cursor: q.cursor,
    scope: `${agency}|expense-reports|${unitId}|${q.cycleId ?? '*'}`,
  });
  return { items: page.items.map((i) => reportView(strip<ExpenseReport>(i))), nextCursor: page.nextCursor };
};

/**
 * JS-LEDGER: income (lines of released batches paid to the unit in the cycle) and expenses
 * (every reported line), in date order of their records, with the balance.
 */
export const unitLedger = async (auth: AuthContext, unitIdParam: string, cycleId: string) => {
  const unitId = scopedUnit(auth, unitIdParam) as string;
  const agency = agencyOf(auth);
  await cycleAndProgramme(auth, cycleId);
  const statuses = new Map<string, string>();
  const income: {
    batchId: string;
    lineId: string;
    releasedOn?: string;
    amountFen: number;
    explanationZh: string;
  }[] = [];
  for await (const item of queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :c)',
    ExpressionAttributeValues: {
      ':pk': tenantKey(agency, 'FUNITLINES', unitKey(unitId)),
      ':c': `${cycleId}#`,
    },
  })) {
    const batchId = String(item.batchId);
    if (!statuses.has(batchId)) {
      const b = await batches.get(agency, batchId);
      statuses.set(batchId, b?.status === 'released' ? (b.releasedOn ?? '') : '-');
    }
    const releasedOn = statuses.get(batchId) as string;
    if (releasedOn === '-') continue;
    income.push({
      batchId,
      lineId: String(item.lineId),
      releasedOn,
      amountFen: Number(item.amountFen),
      explanationZh: String(item.explanationZh),
    });
  }
  const expenses: {
    reportId: string;
    line: number;
    category: string;
    description: string;
    spentOn?: string;
    amountFen: number;
  }[] = [];
  for await (const item of queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :c)',
    ExpressionAttributeValues: { ':pk': tenantKey(agency, 'FEXPUNIT', unitId), ':c': `${cycleId}#` },
  })) {
    const r = strip<ExpenseReport>(item);
    for (const [i, l] of r.lines.entries())
      expenses.push({
        reportId: r.reportId,
        line: i + 1,
        category: l.category,
        description: l.description,
        ...(l.spentOn ? { spentOn: l.spentOn } : {}),
        amountFen: l.amountFen,
      });
  }
  const incomeFen = sumFen(income.map((i) => i.amountFen) as never[]);
  const expenseFen = sumFen(expenses.map((e) => e.amountFen) as never[]);
  return {
    unitId,
    cycleId,
    ruleId: 'JS-LEDGER',
    income,
    expenses,
    incomeFen,
    expenseFen,
    balanceFen: incomeFen - expenseFen,
    overspent: expenseFen > incomeFen,
  };
};
