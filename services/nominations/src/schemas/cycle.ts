import { code, isoDate, pageQuery, text } from '@talent/http';
import * as z from 'zod';

export const CYCLE_STATUSES = ['open', 'completed', 'failed'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

// Built on first use (z.lazy), like every schema of the service: see schemas/nomination.ts.

/**
 * Opening a cycle (one year or round of a programme for the agency). The cycle pins the programme
 * version current at opening (P-PROGRAMME-VERSION): nominations of the cycle are validated against
 * that version even after the agency registers a newer one.
 */
export const createCycleBody = z.lazy(() =>
  z.strictObject({
    /** Chosen by the agency (`js-2026`); unique within the agency. A retried opening is a 409, never a second cycle. */
    cycleId: code(64),
    programmeId: code(64),
    /** The programme year (JS-AGE counts on 1 January of it). */
    year: z.number().int().min(2000).max(2100),
    /**
     * The date ages and durations are counted to (年龄、教龄、"近5年" 截至). Defaults to the nomination
     * deadline of the programme calendar in `year`; required when the calendar sets none.
     */
    selectionDate: isoDate().optional(),
    /**
     * Per stage of the programme calendar: its last day (`endsOn`, where the calendar sets none or
     * the agency sets another) or, for a publicity, its length in working days.
     */
    stages: z
      .record(
        code(64),
        z.strictObject({
          endsOn: isoDate().optional(),
          workingDays: z.number().int().min(1).max(60).optional(),
        }),
      )
      .optional(),
    /** Independent reviews each nomination needs before the admin decides: 1 (default) or 2. */
    reviewersPerNomination: z.union([z.literal(1), z.literal(2)]).optional(),
  }),
);
export type CreateCycleBody = z.output<typeof createCycleBody>;

export const cycleParams = z.lazy(() => z.strictObject({ cycleId: code(64) }));

export const listCyclesQuery = z.lazy(() =>
  z.strictObject({
    programmeId: code(64).optional(),
    ...pageQuery(),
  }),
);
export type ListCyclesQuery = z.output<typeof listCyclesQuery>;

const stageView = z.lazy(() =>
  z.object({
    id: z.string(),
    kind: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    closesBy: z
      .enum(['auto', 'deadline', 'decision'])
      .describe(
        'auto: closes when it opens; deadline: at the end of endsOn; decision: when an admin closes it',
      ),
    status: z.enum(['pending', 'open', 'closed']),
    endsOn: z.string().optional().describe('Last day, Asia/Shanghai'),
    workingDays: z.number().optional(),
    ruleId: z.string().optional(),
    openedAt: z.string().optional(),
    closedAt: z.string().optional(),
    closedBy: z.string().optional(),
    closeReason: z.string().optional(),
    blockedBy: z.object({ ruleId: z.string(), message: z.string() }).optional(),
  }),
);

export const cycleView = z.lazy(() =>
  z.object({
    cycleId: z.string(),
    programmeId: z.string(),
    programmeVersion: z.number(),
    year: z.number(),
    selectionDate: z.string(),
    status: z.enum(CYCLE_STATUSES),
    intakeOpen: z.boolean().describe('Whether nominations are taken now'),
    currentStageId: z.string().nullable(),
    stages: z.array(stageView),
    execution: z
      .object({
        name: z.string(),
        status: z.enum(['NOT_STARTED', 'RUNNING', 'SUCCEEDED', 'FAILED']),
        startedAt: z.string().optional(),
        year: z.number().describe('1 for the first year of the cycle, 2 for its continuation …'),
      })
      .describe('The state machine execution carrying the cycle'),
    failure: z.object({ error: z.string(), cause: z.string(), at: z.string() }).optional(),
    reviewersPerNomination: z.number().describe('Independent reviews each nomination needs (1 or 2)'),
    provisionalList: z
      .object({
        stageId: z.string(),
        drawnAt: z.string(),
        drawnBy: z.string(),
        listed: z.number(),
        notListed: z.number(),
        approximate: z.boolean(),
      })
      .optional()
      .describe('The provisional-list draw (GET /cycles/{id}/list?stage=provisional)'),
    officialList: z
      .object({ frozenAt: z.string(), count: z.number() })
      .optional()
      .describe('Frozen when the official-list stage opened; changed only by amendments'),
    filing: z
      .object({
        authority: z.string(),
        filedOn: z.string(),
        reference: z.string(),
        recordedAt: z.string(),
        recordedBy: z.string(),
      })
      .optional()
      .describe('备案'),
    version: z.number(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  }),
);
export type CycleView = z.output<typeof cycleView>;

export const cyclePage = z.lazy(() =>
  z.object({ items: z.array(cycleView), nextCursor: z.string().nullable() }),
);

export const closeStageBody = z.lazy(() => z.strictObject({ reason: text(500) }));
export const extendStageBody = z.lazy(() => z.strictObject({ endsOn: isoDate(), reason: text(500) }));
export const stageParams = z.lazy(() => z.strictObject({ cycleId: code(64), stageId: code(64) }));
