import {
  type ApiResult,
  type AuthContext,
  healthImplementation,
  implement,
  type RouteImplementation,
} from '@talent/http';
import { maskResidentId, ValidationFailedError } from '@talent/kernel';
import { batchView, budgetView, etagOf, lineView, seesFullIds } from '../model';
import { batchPk, auditPage as readAudit } from '../repositories/batches';
import * as routes from '../routes';
import { getBudget, setBudget } from '../use-cases/budgets';
import { agencyOf } from '../use-cases/context';
import {
  approveBatch,
  batches,
  budgets,
  createBatch,
  getBatch,
  preview,
  releaseBatch,
  reviewBatch,
} from '../use-cases/disbursement';
import { getReport, listReports, reportView, submitReport, unitLedger } from '../use-cases/expenses';
import { listMasterBudgets, masterBudgetView, recordMasterBudget } from '../use-cases/master-budgets';
import { reconcileBatch } from '../use-cases/reconciliation';

/** The export use cases (CSV/XLSX writers, S3): loaded by the export routes only (cold start). */
const exportsUseCases = () => import('../use-cases/exports');

/** Offsets into a computed list (the preview is recomputed per request; nothing to sign). */
const offsetOf = (cursor: string | undefined): number => {
  if (!cursor) return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{1,9}$/.test(text))
    throw new ValidationFailedError([
      {
        ruleId: 'P-CURSOR',
        path: 'query.cursor',
        message: 'cursor is not valid for this query',
        messageZh: '分页游标无效',
      },
    ]);
  return Number(text);
};
const cursorOf = (n: number) => Buffer.from(String(n), 'utf8').toString('base64url');

const batchResult = (b: Parameters<typeof batchView>[0], status?: number) => ({
  ...(status ? { status } : {}),
  body: batchView(b),
  headers: { etag: etagOf(b) },
});

const mask = (auth: AuthContext) => !seesFullIds(auth.roles);

export const implementations: readonly RouteImplementation[] = [
  healthImplementation('funding'),
  implement(routes.previewDisbursement, async (req) => {
    const r = await preview(req.auth, req.params.cycleId, req.query.year);
    const full = seesFullIds(req.auth.roles);
    const from = offsetOf(req.query.cursor);
    const lines = r.calculation.lines.slice(from, from + req.query.limit);
    const next = from + lines.length;
    return {
      body: {
        cycleId: r.cycle.cycleId,
        programmeId: r.programme.id,
        programmeVersion: r.programme.version,
        basis: r.basis,
        ledgerScope: r.ledgerScope,
        approvedBatches: r.ledgerBasis,
        totalFen: r.calculation.totalFen,
        lineCount: r.calculation.lines.length,
        settled: r.calculation.settled,
        byYear: r.calculation.byYear,
        byCity: r.calculation.byCity,
        units: r.calculation.units,
        excluded: r.calculation.excluded.map((e) => ({
          ...e,
          residentId: full ? e.residentId : maskResidentId(e.residentId),
        })),
        lines: lines.map((l) => ({ ...l, residentId: full ? l.residentId : maskResidentId(l.residentId) })),
        nextCursor: next < r.calculation.lines.length ? cursorOf(next) : null,
      },
    };
  }),
  implement(routes.createDisbursementBatch, async (req) =>
    batchResult(await createBatch(req.auth, req.params.cycleId, req.body, req.requestId), 201),
  ),
  implement(routes.listDisbursementBatches, async (req) => {
    // The cycle must be the caller's agency's: keys are tenant-prefixed, so another agency sees an empty list.
    const page = await batches.listByCycle(
      agencyOf(req.auth),
      req.params.cycleId,
      req.query.limit,
      req.query.cursor,
    );
    return { body: { items: page.items.map(batchView), nextCursor: page.nextCursor } };
  }),
  implement(routes.getDisbursementBatch, async (req) =>
    batchResult(await getBatch(req.auth, req.params.batchId)),
  ),
  implement(routes.listDisbursementBatchLines, async (req) => {
    const batch = await getBatch(req.auth, req.params.batchId);
    const unitIdx =
      req.query.unitId === undefined
        ? undefined
        : (batch.units.find((u) => u.unitId === req.query.unitId)?.idx ?? -1);
    if (unitIdx === -1) return { body: { items: [], nextCursor: null } };
    const page = await batches.linesPage(
      agencyOf(req.auth),
      batch,
      unitIdx,
      req.query.limit,
      req.query.cursor,
    );
    return {
      body: { items: page.items.map((l) => lineView(l, !mask(req.auth))), nextCursor: page.nextCursor },
    };
  }),
  implement(routes.reviewDisbursementBatch, async (req) =>
    batchResult(await reviewBatch(req.auth, req.params.batchId, req.ifMatch, req.body.note, req.requestId)),
  ),
  implement(routes.approveDisbursementBatch, async (req) =>
    batchResult(await approveBatch(req.auth, req.params.batchId, req.ifMatch, req.body.note, req.requestId)),
  ),
  implement(routes.releaseDisbursementBatch, async (req) =>
    batchResult(await releaseBatch(req.auth, req.params.batchId, req.ifMatch, req.body, req.requestId)),
  ),
  implement(routes.listDisbursementBatchAudit, async (req) => {
    await getBatch(req.auth, req.params.batchId);
    return {
      body: await readAudit(
        agencyOf(req.auth),
        batchPk(agencyOf(req.auth), req.params.batchId),
        req.query.limit,
        req.query.cursor,
      ),
    };
  }),
  implement(routes.exportDisbursementBatch, async (req) => {
    const { exportBatch, exportView } = await exportsUseCases();
    return {
      status: 201,
      body: exportView(await exportBatch(req.auth, req.params.batchId, req.body.format, req.requestId)),
    };
  }),
  implement(routes.reconcileDisbursementBatch, async (req) => ({
    status: 201,
    body: await reconcileBatch(req.auth, req.params.batchId, req.body.csv, req.requestId),
  })),
  implement(routes.setFundingBudget, async (req) => {
    const { budget, created } = await setBudget(
      req.auth,
      req.params.programmeId,
      req.params.year,
      req.body,
      req.ifMatch,
      req.requestId,
    );
    return { status: created ? 201 : 200, body: budgetView(budget), headers: { etag: etagOf(budget) } };
  }),
  implement(routes.getFundingBudget, async (req) => {
    const b = await getBudget(req.auth, req.params.programmeId, req.params.year);
    return { body: budgetView(b), headers: { etag: etagOf(b) } };
  }),
  implement(routes.listFundingBudgets, async (req) => {
    const page = await budgets.list(
      agencyOf(req.auth),
      req.query.programmeId,
      req.query.limit,
      req.query.cursor,
    );
    return { body: { items: page.items.map(budgetView), nextCursor: page.nextCursor } };
  }),
  implement(routes.exportProgrammeYear, async (req) => {
    const { exportProgrammeYear, exportView } = await exportsUseCases();
    return {
      status: 201,
      body: exportView(
        await exportProgrammeYear(
          req.auth,
          req.params.programmeId,
          req.params.year,
          req.body.format,
          req.requestId,
        ),
      ),
    };
  }),
  implement(routes.downloadFundingExport, async (req): Promise<ApiResult> => {
    const { contentDisposition, downloadExport, LINK_SECONDS } = await exportsUseCases();
    const { record, body, link } = await downloadExport(req.auth, req.params.exportId);
    if (link !== undefined)
      return {
        status: 303,
        body: {
          ruleId: 'P-EXPORT-SIZE',
          downloadUrl: link,
          expiresInSeconds: LINK_SECONDS,
          bytes: record.bytes,
        },
        headers: { location: link, 'cache-control': 'no-store', 'x-content-sha256': record.sha256 },
      };
    return {
      body: body.toString('base64'),
      raw: { contentType: record.contentType, base64: true },
      headers: {
        'content-disposition': contentDisposition(record.filename),
        'x-content-sha256': record.sha256,
        'cache-control': 'no-store',
      },
    };
  }),
  implement(routes.submitExpenseReport, async (req) => ({
    status: 201,
    body: reportView(await submitReport(req.auth, req.body, req.requestId)),
  })),
  implement(routes.listExpenseReports, async (req) => ({ body: await listReports(req.auth, req.query) })),
  implement(routes.getExpenseReport, async (req) => ({
    body: reportView(await getReport(req.auth, req.params.reportId)),
  })),
  implement(routes.getUnitLedger, async (req) => ({
    body: await unitLedger(req.auth, req.params.unitId, req.query.cycleId),
  })),
  implement(routes.recordMasterBudget, async (req) => {
    const { budget, created } = await recordMasterBudget(
      req.auth,
      req.params.year,
      req.params.masterId,
      req.body,
      req.ifMatch,
      req.requestId,
    );
    return { status: created ? 201 : 200, body: masterBudgetView(budget), headers: { etag: etagOf(budget) } };
  }),
  implement(routes.listMasterBudgets, async (req) => ({
    body: await listMasterBudgets(req.auth, req.query),
  })),
];
