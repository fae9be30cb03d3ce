import { code, isoDate, pageQuery, text } from '@talent/http';
import * as z from 'zod';

// Built on first use (z.lazy), like every schema of the platform.

const fenAmount = () => z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const year = () => z.number().int().min(2000).max(2100);
const yearParam = () => z.coerce.number().int().min(2000).max(2100);

export const cycleParams = z.lazy(() => z.strictObject({ cycleId: code(64) }));
export const batchParams = z.lazy(() => z.strictObject({ batchId: code(64) }));
export const exportParams = z.lazy(() => z.strictObject({ exportId: code(64) }));
export const reportParams = z.lazy(() => z.strictObject({ reportId: code(64) }));
export const unitLedgerParams = z.lazy(() => z.strictObject({ unitId: code(64) }));
export const budgetParams = z.lazy(() => z.strictObject({ programmeId: code(64), year: yearParam() }));
export const masterBudgetParams = z.lazy(() => z.strictObject({ year: yearParam(), masterId: code(64) }));

export const previewQuery = z.lazy(() => z.strictObject({ year: yearParam().optional(), ...pageQuery() }));
export const pageOnlyQuery = z.lazy(() => z.strictObject({ ...pageQuery() }));
export const linesQuery = z.lazy(() =>
  z.strictObject({ unitId: z.string().min(1).max(200).optional(), ...pageQuery() }),
);
export const budgetsQuery = z.lazy(() =>
  z.strictObject({ programmeId: code(64).optional(), ...pageQuery() }),
);
export const reportsQuery = z.lazy(() =>
  z.strictObject({ unitId: code(64).optional(), cycleId: code(64).optional(), ...pageQuery() }),
);
export const ledgerQuery = z.lazy(() => z.strictObject({ cycleId: code(64) }));
export const masterBudgetsQuery = z.lazy(() =>
  z.strictObject({
    programmeId: code(64),
    year: yearParam(),
    unitId: code(64).optional(),
    belowFloor: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    ...pageQuery(),
  }),
);

export const createBatchBody = z.lazy(() =>
  z.strictObject({
    /** Only acceptances of this calendar year (Jiangsu); the promotions' year (Zhuhai, default: the cycle's). */
    year: year().optional(),
    note: text(500).optional(),
  }),
);
export const stepBody = z.lazy(() => z.strictObject({ note: text(500).optional() }));
export const releaseBody = z.lazy(() =>
  z.strictObject({ reference: text(100), releasedOn: isoDate(), note: text(500).optional() }),
);
export const exportBody = z.lazy(() => z.strictObject({ format: z.enum(['csv', 'xlsx']) }));
export const reconcileBody = z.lazy(() => z.strictObject({ csv: z.string().min(1).max(2_000_000) }));
export const budgetBody = z.lazy(() => z.strictObject({ limitFen: fenAmount(), reason: text(500) }));

export const expenseReportBody = z.lazy(() =>
  z.strictObject({
    cycleId: code(64),
    /** A unit user's own unit (the token's); admin and finance do not report. */
    unitId: code(64).optional(),
    year: year(),
    lines: z
      .array(
        z.strictObject({
          /** teaching | consumables | travel | meals | lodging (JS-EXPENSE-SPLIT) */
          category: code(64),
          amountFen: fenAmount(),
          description: text(200),
          spentOn: isoDate().optional(),
          /** Required on travel and lodging lines: the out-of-town trainee they are for (JS-EXPENSE-SPLIT). */
          traineeId: code(64).optional(),
          /** Optional: must agree with the trainee's training file (which decides). */
          outOfTownTrainee: z.boolean().optional(),
          atUnitCanteenForTrainee: z.boolean().optional(),
        }),
      )
      .min(1)
      .max(500),
  }),
);

export const masterBudgetBody = z.lazy(() =>
  z.strictObject({
    programmeId: code(64),
    unitId: code(64).optional(),
    /** Optional: the budget takes the name the master is registered under; a different one is 422. */
    masterName: text(50).optional(),
    amountFen: fenAmount(),
    reason: text(500).optional(),
  }),
);

// ——— views (documentation) ———

const lineView = z.lazy(() =>
  z.object({
    lineId: z.string().optional(),
    kind: z.enum(['payment', 'adjustment', 'clawback']),
    subjectKey: z.string(),
    ruleId: z.string(),
    ruleIds: z.array(z.string()),
    fundingKey: z.string(),
    fundingYear: z.number(),
    year: z.number(),
    unitId: z.string(),
    unitName: z.string(),
    city: z.string(),
    payeeZh: z.string(),
    personName: z.string(),
    residentId: z.string().describe('Full for finance and admin; masked otherwise (X-RESIDENT-ID)'),
    headCount: z.number(),
    rateFen: z.number(),
    entitledFen: z.number(),
    paidBeforeFen: z.number(),
    amountFen: z.number(),
    factsVersion: z.number(),
    explanationZh: z.string(),
  }),
);

export const batchView = z.lazy(() =>
  z.object({
    batchId: z.string(),
    cycleId: z.string(),
    programmeId: z.string(),
    status: z.enum(['draft', 'reviewed', 'approved', 'released']),
    totalFen: z.number(),
    lineCount: z.number(),
    headCount: z.number(),
    byYear: z.array(z.object({ year: z.number(), amountFen: z.number() })),
    units: z.array(
      z.object({ unitId: z.string(), unitName: z.string(), lines: z.number(), amountFen: z.number() }),
    ),
    version: z.number(),
  }),
);
export const batchPage = z.lazy(() =>
  z.object({ items: z.array(batchView), nextCursor: z.string().nullable() }),
);
export const linePage = z.lazy(() =>
  z.object({ items: z.array(lineView), nextCursor: z.string().nullable() }),
);
export const previewView = z.lazy(() =>
  z.object({
    cycleId: z.string(),
    programmeId: z.string(),
    programmeVersion: z.number(),
    totalFen: z.number(),
    lines: z.array(lineView),
    nextCursor: z.string().nullable(),
  }),
);
export const budgetView = z.lazy(() =>
  z.object({
    programmeId: z.string(),
    year: z.number(),
    limitFen: z.number(),
    committedFen: z.number(),
    remainingFen: z.number(),
    version: z.number(),
  }),
);
export const budgetPage = z.lazy(() =>
  z.object({ items: z.array(budgetView), nextCursor: z.string().nullable() }),
);
export const exportView = z.lazy(() =>
  z.object({
    exportId: z.string(),
    format: z.enum(['csv', 'xlsx']),
    rows: z.number(),
    bytes: z.number(),
    sha256: z.string(),
    filename: z.string(),
  }),
);
export const reconciliationView = z.lazy(() =>
  z.object({
    reconciliationId: z.string(),
    ok: z.boolean(),
    matched: z.number(),
    mismatchCount: z.number(),
    mismatches: z.array(z.object({ kind: z.string(), key: z.string() })),
  }),
);
export const auditPageView = z.lazy(() =>
  z.object({ items: z.array(z.record(z.string(), z.unknown())), nextCursor: z.string().nullable() }),
);
export const reportView = z.lazy(() =>
  z.object({ reportId: z.string(), unitId: z.string(), cycleId: z.string(), totalFen: z.number() }),
);
export const reportPage = z.lazy(() =>
  z.object({ items: z.array(reportView), nextCursor: z.string().nullable() }),
);
export const ledgerView = z.lazy(() =>
  z.object({ unitId: z.string(), incomeFen: z.number(), expenseFen: z.number(), balanceFen: z.number() }),
);
export const masterBudgetView = z.lazy(() =>
  z.object({ masterId: z.string(), year: z.number(), amountFen: z.number(), belowFloor: z.boolean() }),
);
export const masterBudgetPage = z.lazy(() =>
  z.object({ items: z.array(masterBudgetView), nextCursor: z.string().nullable() }),
);
