import { defineRoute, healthRoute } from '@talent/http';
import {
  auditPageView,
  batchPage,
  batchParams,
  batchView,
  budgetBody,
  budgetPage,
  budgetParams,
  budgetsQuery,
  budgetView,
  createBatchBody,
  cycleParams,
  expenseReportBody,
  exportBody,
  exportParams,
  exportView,
  ledgerQuery,
  ledgerView,
  linePage,
  linesQuery,
  masterBudgetBody,
  masterBudgetPage,
  masterBudgetParams,
  masterBudgetsQuery,
  masterBudgetView,
  pageOnlyQuery,
  previewQuery,
  previewView,
  reconcileBody,
  reconciliationView,
  releaseBody,
  reportPage,
  reportParams,
  reportsQuery,
  reportView,
  stepBody,
  unitLedgerParams,
} from './schemas/funding';

const tags = ['funding'];
const finance = ['finance'] as const;
const readers = ['finance', 'admin', 'auditor'] as const;

export const previewDisbursement = defineRoute({
  operationId: 'previewDisbursement',
  method: 'GET',
  path: '/cycles/{cycleId}/disbursement',
  roles: readers,
  summary: 'Calculate what the cycle owes now (nothing is written): lines, exclusions, unit and year totals',
  description:
    "From the cycle's pinned programme version and the facts (JS-SUBSIDY, JS-TRACKING, JS-ACCEPTANCE, ZH-TEACHER-SUBSIDY), against what approved batches paid. Lines are paged (limit/cursor).",
  tags,
  params: cycleParams,
  query: previewQuery,
  response: previewView,
});

export const createDisbursementBatch = defineRoute({
  operationId: 'createDisbursementBatch',
  method: 'POST',
  path: '/cycles/{cycleId}/disbursement-batches',
  roles: finance,
  summary:
    'Calculate a draft disbursement batch (payments, adjustments and clawbacks against approved batches)',
  description:
    '409 P-BATCH-EMPTY when everything is paid; 409 P-FUNDING-BASIS for a programme without per-head funding.',
  tags,
  params: cycleParams,
  body: createBatchBody,
  response: batchView,
  successStatus: 201,
});

export const listDisbursementBatches = defineRoute({
  operationId: 'listDisbursementBatches',
  method: 'GET',
  path: '/cycles/{cycleId}/disbursement-batches',
  roles: readers,
  summary: 'The batches of a cycle, oldest first',
  tags,
  params: cycleParams,
  query: pageOnlyQuery,
  response: batchPage,
});

export const getDisbursementBatch = defineRoute({
  operationId: 'getDisbursementBatch',
  method: 'GET',
  path: '/batches/{batchId}',
  roles: readers,
  summary: 'A batch with its unit and year totals (ETag carries its version)',
  tags,
  params: batchParams,
  response: batchView,
});

export const listDisbursementBatchLines = defineRoute({
  operationId: 'listDisbursementBatchLines',
  method: 'GET',
  path: '/batches/{batchId}/lines',
  roles: readers,
  summary: 'The lines of a batch by unit (resident IDs full for finance and admin only)',
  tags,
  params: batchParams,
  query: linesQuery,
  response: linePage,
});

export const reviewDisbursementBatch = defineRoute({
  operationId: 'reviewDisbursementBatch',
  method: 'POST',
  path: '/batches/{batchId}/review',
  roles: finance,
  summary: 'draft → reviewed (the reviewer is recorded: P-FOUR-EYES)',
  tags,
  params: batchParams,
  body: stepBody,
  response: batchView,
  requiresIfMatch: true,
});

export const approveDisbursementBatch = defineRoute({
  operationId: 'approveDisbursementBatch',
  method: 'POST',
  path: '/batches/{batchId}/approve',
  roles: finance,
  summary: 'reviewed → approved by another person than the reviewer; charges the programme-year budgets',
  description:
    '409 P-FOUR-EYES (approver = reviewer), P-BUDGET (over or no budget), P-BATCH-STALE (another batch of the ledger was approved since), P-BATCH-STATUS. Atomic: one transaction.',
  tags,
  params: batchParams,
  body: stepBody,
  response: batchView,
  requiresIfMatch: true,
});

export const releaseDisbursementBatch = defineRoute({
  operationId: 'releaseDisbursementBatch',
  method: 'POST',
  path: '/batches/{batchId}/release',
  roles: finance,
  summary: 'approved → released (the payment order reference and date)',
  tags,
  params: batchParams,
  body: releaseBody,
  response: batchView,
  requiresIfMatch: true,
});

export const listDisbursementBatchAudit = defineRoute({
  operationId: 'listDisbursementBatchAudit',
  method: 'GET',
  path: '/batches/{batchId}/audit',
  roles: readers,
  summary: "The batch's audit trail, newest first (X-AUDIT)",
  tags,
  params: batchParams,
  query: pageOnlyQuery,
  response: auditPageView,
});

export const exportDisbursementBatch = defineRoute({
  operationId: 'exportDisbursementBatch',
  method: 'POST',
  path: '/batches/{batchId}/exports',
  roles: readers,
  summary:
    'Write the batch as CSV or XLSX to the export store (resident IDs full for finance and admin only)',
  tags,
  params: batchParams,
  body: exportBody,
  response: exportView,
  successStatus: 201,
});

export const reconcileDisbursementBatch = defineRoute({
  operationId: 'reconcileDisbursementBatch',
  method: 'POST',
  path: '/batches/{batchId}/reconciliations',
  roles: finance,
  summary:
    'Match a released batch against a payment confirmation CSV (line ids or resident IDs; fen or yuan)',
  tags,
  params: batchParams,
  body: reconcileBody,
  response: reconciliationView,
  successStatus: 201,
  maxBodyBytes: 2_100_000,
});

export const setFundingBudget = defineRoute({
  operationId: 'setFundingBudget',
  method: 'PUT',
  path: '/budgets/{programmeId}/{year}',
  roles: ['admin'],
  summary: 'Set the budget of a programme-year (never below what approved batches commit: P-BUDGET)',
  tags,
  params: budgetParams,
  body: budgetBody,
  response: budgetView,
});

export const getFundingBudget = defineRoute({
  operationId: 'getFundingBudget',
  method: 'GET',
  path: '/budgets/{programmeId}/{year}',
  roles: readers,
  summary: 'A programme-year budget: limit, committed, remaining',
  tags,
  params: budgetParams,
  response: budgetView,
});

export const listFundingBudgets = defineRoute({
  operationId: 'listFundingBudgets',
  method: 'GET',
  path: '/budgets',
  roles: readers,
  summary: 'The budgets of the agency, by programme and year',
  tags,
  query: budgetsQuery,
  response: budgetPage,
});

export const exportProgrammeYear = defineRoute({
  operationId: 'exportProgrammeYearDisbursement',
  method: 'POST',
  path: '/budgets/{programmeId}/{year}/exports',
  roles: readers,
  summary: "Write a programme-year's approved and released lines as CSV or XLSX",
  tags,
  params: budgetParams,
  body: exportBody,
  response: exportView,
  successStatus: 201,
});

export const downloadFundingExport = defineRoute({
  operationId: 'downloadFundingExport',
  method: 'GET',
  path: '/exports/{exportId}',
  roles: readers,
  summary:
    'The export file (≤ 4 MiB inline, base64); larger: 303 to a download link valid 5 minutes (P-EXPORT-SIZE)',
  tags,
  params: exportParams,
});

export const submitExpenseReport = defineRoute({
  operationId: 'submitExpenseReport',
  method: 'POST',
  path: '/expense-reports',
  roles: ['unit'],
  summary:
    'A training unit reports its spending of the subsidy by category (JS-EXPENSE-SPLIT); own unit only',
  tags,
  body: expenseReportBody,
  response: reportView,
  successStatus: 201,
});

export const listExpenseReports = defineRoute({
  operationId: 'listExpenseReports',
  method: 'GET',
  path: '/expense-reports',
  roles: ['unit', 'finance', 'admin', 'auditor'],
  summary: "A unit's expense reports (a unit sees its own)",
  tags,
  query: reportsQuery,
  response: reportPage,
});

export const getExpenseReport = defineRoute({
  operationId: 'getExpenseReport',
  method: 'GET',
  path: '/expense-reports/{reportId}',
  roles: ['unit', 'finance', 'admin', 'auditor'],
  summary: 'An expense report',
  tags,
  params: reportParams,
  response: reportView,
});

export const getUnitLedger = defineRoute({
  operationId: 'getUnitFundingLedger',
  method: 'GET',
  path: '/expense-reports/ledgers/{unitId}',
  roles: ['unit', 'finance', 'admin', 'auditor'],
  summary: "A unit's subsidy ledger for a cycle (JS-LEDGER): released income, expense lines, balance",
  tags,
  params: unitLedgerParams,
  query: ledgerQuery,
  response: ledgerView,
});

export const recordMasterBudget = defineRoute({
  operationId: 'recordMasterBudget',
  method: 'PUT',
  path: '/master-budgets/{year}/{masterId}',
  roles: ['unit', 'admin'],
  summary:
    "A school records a master's yearly working-fund budget; below 50,000 CNY is flagged (LS-FUNDS-FLOOR)",
  tags,
  params: masterBudgetParams,
  body: masterBudgetBody,
  response: masterBudgetView,
});

export const listMasterBudgets = defineRoute({
  operationId: 'listMasterBudgets',
  method: 'GET',
  path: '/master-budgets',
  roles: ['unit', 'finance', 'admin', 'auditor'],
  summary: "Masters' yearly budgets of a programme-year (belowFloor=true: the flagged ones)",
  tags,
  query: masterBudgetsQuery,
  response: masterBudgetPage,
});

export const routes = [
  healthRoute('funding'),
  previewDisbursement,
  createDisbursementBatch,
  listDisbursementBatches,
  getDisbursementBatch,
  listDisbursementBatchLines,
  reviewDisbursementBatch,
  approveDisbursementBatch,
  releaseDisbursementBatch,
  listDisbursementBatchAudit,
  exportDisbursementBatch,
  reconcileDisbursementBatch,
  setFundingBudget,
  getFundingBudget,
  listFundingBudgets,
  exportProgrammeYear,
  downloadFundingExport,
  submitExpenseReport,
  listExpenseReports,
  getExpenseReport,
  getUnitLedger,
  recordMasterBudget,
  listMasterBudgets,
] as const;
