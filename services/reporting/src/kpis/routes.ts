import { defineRoute, type RouteContract } from '@talent/http';
import * as s from './schemas';

const tags = ['reporting-kpis'];
/** Readers of the KPI reports; a `unit` caller gets its own unit's slice only (P-UNIT-SCOPE). */
export const KPI_READERS = ['admin', 'reviewer', 'auditor', 'finance', 'unit'] as const;

export const getProgrammeKpis = defineRoute({
  operationId: 'getProgrammeKpis',
  method: 'GET',
  path: '/programmes/{programmeId}/kpis',
  roles: KPI_READERS,
  summary:
    "A programme's targets against actuals for a year (LS-GOAL, ZH-CRAFTSMAN-TIERS, ZH-TARGETS-2025, BJ-TARGETS, BJ-ROUND, GD-OUTCOME, GD-EMPLOYMENT, JS-GRADES, JS-ACCEPTANCE)",
  description:
    'Per-year figures come from the cycles of `year`, cumulative ones from every cycle up to it. `format=xlsx` returns the same rows as a workbook, `format=html` as a printable page (A4, every text escaped). A unit sees its own unit only; an agency without a cycle of the programme gets 404.',
  tags,
  params: s.programmeParams,
  query: s.kpisQuery,
  response: s.kpiReportView,
});

export const getCycleSelectionSummary = defineRoute({
  operationId: 'getCycleSelectionSummary',
  method: 'GET',
  path: '/cycles/{cycleId}/reports/selection-summary',
  roles: KPI_READERS,
  summary: "A cycle's official selections per title against the round quotas, by unit (BJ-ROUND)",
  description:
    '`format=xlsx` for the same figures as a workbook, `format=html` as a printable page. A unit sees its own selections.',
  tags,
  params: s.cycleParams,
  query: s.formatQuery,
  response: s.selectionSummaryView,
});

export const getBeijingChecksReport = defineRoute({
  operationId: 'getBeijingChecksReport',
  method: 'GET',
  path: '/cycles/{cycleId}/reports/beijing-checks',
  roles: KPI_READERS,
  summary: 'Annual check, mid-term and final acceptance per selectee and team of a Beijing cycle (BJ-CHECKS)',
  description: '`format=xlsx` for the same rows as a workbook, `format=html` as a printable page.',
  tags,
  params: s.cycleParams,
  query: s.formatQuery,
  response: s.beijingChecksView,
});

export const getGuangdongEvaluationReport = defineRoute({
  operationId: 'getGuangdongEvaluationReport',
  method: 'GET',
  path: '/cycles/{cycleId}/reports/guangdong-evaluation',
  roles: KPI_READERS,
  summary:
    'Mid-term and completion evaluations of the pilots with their KPIs (GD-OVERSIGHT, GD-OUTCOME, GD-EMPLOYMENT)',
  description: '`format=xlsx` for the same rows as a workbook, `format=html` as a printable page.',
  tags,
  params: s.cycleParams,
  query: s.formatQuery,
  response: s.guangdongEvaluationView,
});

export const getCycleNotice = defineRoute({
  operationId: 'getCycleNotice',
  method: 'GET',
  path: '/cycles/{cycleId}/reports/notice',
  roles: KPI_READERS,
  summary:
    'The publicity announcement (公示公告) or the official-list notice text, names masked (X-PUBLICITY)',
  description:
    'Names of persons are masked (surname kept); units by id; never resident IDs. `format=html`: the notice as a printable page (title, intro, the entries table, the issuers).',
  tags,
  params: s.cycleParams,
  query: s.noticeQuery,
  response: s.noticeView,
});

/** The reporting service's kpis routes (contracts only). */
export const kpisRoutes: readonly RouteContract[] = [
  getProgrammeKpis,
  getCycleSelectionSummary,
  getBeijingChecksReport,
  getGuangdongEvaluationReport,
  getCycleNotice,
];
