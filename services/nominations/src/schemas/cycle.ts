import { code, isoDate, pageQuery } from '@talent/http';
import * as z from 'zod';

export const CYCLE_STATUSES = ['open', 'closed'] as const;
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

export const cycleView = z.lazy(() =>
  z.object({
    cycleId: z.string(),
    programmeId: z.string(),
    programmeVersion: z.number(),
    year: z.number(),
    selectionDate: z.string(),
    status: z.enum(CYCLE_STATUSES),
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
