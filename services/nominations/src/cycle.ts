import type { AgencyId } from '@talent/data';
import type { CycleStatus, CycleView } from './schemas/cycle';

/** A cycle: one year (or round) of a programme for an agency (see docs/data-model.md). */
export interface Cycle {
  readonly cycleId: string;
  readonly agencyId: AgencyId;
  readonly programmeId: string;
  /** The programme version the cycle started with; it keeps it (P-PROGRAMME-VERSION). */
  readonly programmeVersion: number;
  readonly year: number;
  /** Ages, years of teaching and "in the last N years" are counted to this date. */
  readonly selectionDate: string;
  readonly status: CycleStatus;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export const toCycleView = (c: Cycle): CycleView => ({
  cycleId: c.cycleId,
  programmeId: c.programmeId,
  programmeVersion: c.programmeVersion,
  year: c.year,
  selectionDate: c.selectionDate,
  status: c.status,
  version: c.version,
  createdAt: c.createdAt,
  createdBy: c.createdBy,
  updatedAt: c.updatedAt,
  updatedBy: c.updatedBy,
});
