/** Request and response schemas of the KPI routes (built lazily, strict). */
import { code } from '@talent/http';
import * as z from 'zod';

export const programmeParams = z.lazy(() => z.strictObject({ programmeId: code(64) }));

export const kpisQuery = z.lazy(() =>
  z.strictObject({
    /** The report year: per-year figures of the cycles of that year, cumulative ones up to it. */
    year: z.coerce.number().int().min(2000).max(2100),
    /** `json` (default), `xlsx` (the same numbers as a workbook, base64 body) or `html` (printable). */
    format: z.enum(['json', 'xlsx', 'html']).optional(),
  }),
);

const row = () =>
  z.strictObject({
    ruleId: z.string(),
    indicator: z.string(),
    labelZh: z.string(),
    scope: z.string(),
    scopeId: z.string().optional(),
    basis: z.enum(['year', 'cumulative', 'round']),
    target: z.string(),
    value: z.number().nullable(),
    whole: z.number().optional(),
    percent: z.number().optional(),
    met: z.boolean().nullable(),
    flagged: z.boolean(),
  });

export const kpiReportView = z.lazy(() =>
  z.strictObject({
    programmeId: z.string(),
    year: z.number().int(),
    cycles: z.array(z.strictObject({ cycleId: z.string(), year: z.number().int() })),
    unitId: z.string().optional(),
    rows: z.array(row()),
    gradeDistributions: z
      .array(
        z.strictObject({
          cycleId: z.string(),
          unitId: z.string(),
          unitName: z.string(),
          final: z.boolean(),
          trainees: z.number().int(),
          grades: z.record(z.string(), z.number().int()),
          passed: z.number().int(),
          passRate: z.number().nullable(),
        }),
      )
      .optional(),
    notMeasurable: z.array(
      z.strictObject({ ruleId: z.string(), indicator: z.string(), labelZh: z.string(), reason: z.string() }),
    ),
  }),
);

export const cycleParams = z.lazy(() => z.strictObject({ cycleId: code(64) }));
export const formatQuery = z.lazy(() =>
  z.strictObject({ format: z.enum(['json', 'xlsx', 'html']).optional() }),
);
export const noticeQuery = z.lazy(() =>
  z.strictObject({
    /** `provisional` (公示, the published list) or `official` (正式名单). */
    list: z.enum(['provisional', 'official']),
    /** `json` (default) or `html` (the notice as a printable page, names masked as in the JSON). */
    format: z.enum(['json', 'html']).optional(),
  }),
);

const anyObject = () => z.record(z.string(), z.unknown());

export const selectionSummaryView = z.lazy(() =>
  z.strictObject({
    cycleId: z.string(),
    programmeId: z.string(),
    year: z.number().int(),
    unitId: z.string().optional(),
    titles: z.array(
      z.strictObject({
        category: z.string(),
        nameZh: z.string(),
        selected: z.number().int(),
        quota: z.number().int().optional(),
        approximate: z.boolean().optional(),
        flagged: z.boolean(),
        byUnit: z.array(z.strictObject({ unitId: z.string(), selected: z.number().int() })),
      }),
    ),
    total: z.number().int(),
  }),
);

export const beijingChecksView = z.lazy(() =>
  z.strictObject({
    cycleId: z.string(),
    year: z.number().int(),
    unitId: z.string().optional(),
    summary: z.record(z.string(), z.number().int()),
    projects: z.array(anyObject()),
  }),
);

export const guangdongEvaluationView = z.lazy(() =>
  z.strictObject({
    cycleId: z.string(),
    year: z.number().int(),
    unitId: z.string().optional(),
    pilots: z.array(anyObject()),
  }),
);

export const noticeView = z.lazy(() =>
  z.strictObject({
    cycleId: z.string(),
    year: z.number().int(),
    unitId: z.string().optional(),
    list: z.enum(['provisional', 'official']),
    ruleId: z.string(),
    title: z.string(),
    entries: z.array(
      z.strictObject({ category: z.string(), categoryZh: z.string(), name: z.string(), unitId: z.string() }),
    ),
    text: z.string(),
  }),
);
