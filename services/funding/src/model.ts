/** The funding service's entities (see README.md for keys). Money is integer fen. */
import type { AgencyId } from '@talent/data';
import { maskResidentId } from '@talent/kernel';
import type { CityTotal, ComputedLine, UnitTotal } from './calculation';

export const BATCH_STATUSES = ['draft', 'reviewed', 'approved', 'released'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** Roles that see full resident IDs (payment needs them): X-RESIDENT-ID. */
export const FULL_ID_ROLES: readonly string[] = ['finance', 'admin'];
export const seesFullIds = (roles: readonly string[]) => roles.some((r) => FULL_ID_ROLES.includes(r));

export interface BatchUnit extends UnitTotal {
  /** Position of the unit's lines in the batch (their sort key prefix). */
  readonly idx: number;
}

export interface DisbursementBatch {
  readonly agencyId: AgencyId;
  readonly batchId: string;
  readonly cycleId: string;
  readonly programmeId: string;
  readonly programmeVersion: number;
  readonly basis: string;
  /** The ledger the batch pays against (`cycle:<id>` or `programme:<id>`) and its approvals when calculated. */
  readonly ledgerScope: string;
  readonly ledgerBasis: number;
  /** Only acceptances of this calendar year, when set. */
  readonly yearFilter?: number;
  readonly status: BatchStatus;
  readonly years: readonly number[];
  readonly byYear: readonly { readonly year: number; readonly amountFen: number }[];
  readonly byCity?: readonly CityTotal[];
  readonly totalFen: number;
  readonly lineCount: number;
  readonly headCount: number;
  readonly kinds: Readonly<Record<string, number>>;
  readonly units: readonly BatchUnit[];
  readonly factsVersion: number;
  readonly note?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly reviewedAt?: string;
  readonly reviewedBy?: string;
  readonly approvedAt?: string;
  readonly approvedBy?: string;
  readonly releasedAt?: string;
  readonly releasedBy?: string;
  readonly releaseReference?: string;
  readonly releasedOn?: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface BatchLine extends ComputedLine {
  readonly lineId: string;
  readonly batchId: string;
  readonly cycleId: string;
  readonly programmeId: string;
  readonly seq: number;
  readonly unitIdx: number;
}

export const batchView = (b: DisbursementBatch) => {
  const { agencyId: _a, ...rest } = b;
  return rest;
};

export const lineView = (l: BatchLine, full: boolean) => ({
  ...l,
  residentId: full ? l.residentId : maskResidentId(l.residentId),
  residentIdMasked: !full,
});

export const etagOf = (x: { version: number }) => `"${x.version}"`;

export const assertVersion = (
  entity: { version: number },
  ifMatch: readonly number[] | 'any' | undefined,
) => {
  if (ifMatch === undefined || ifMatch === 'any') return true;
  return ifMatch.includes(entity.version);
};

export interface Budget {
  readonly agencyId: AgencyId;
  readonly programmeId: string;
  readonly year: number;
  readonly limitFen: number;
  /** Sum of approved batches' lines of the year (clawbacks lower it). */
  readonly committedFen: number;
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly reason?: string;
}

export const budgetView = (b: Budget) => {
  const { agencyId: _a, ...rest } = b;
  return { ...rest, remainingFen: b.limitFen - b.committedFen };
};
