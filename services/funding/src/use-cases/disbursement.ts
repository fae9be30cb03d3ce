/** Calculating disbursements and moving batches draft → reviewed → approved → released. */
import type { Programme } from '@talent/catalogue';
import { type AgencyId, personFingerprint } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { NotFoundError, newId, nowIso, PreconditionFailedError, sumFen } from '@talent/kernel';
import type { Cycle } from '@talent/svc-nominations/roster';
import {
  type Calculation,
  type Entitlement,
  linesAgainstPaid,
  type PaidSubject,
  promotionEntitlements,
  traineeEntitlements,
} from '../calculation';
import {
  BatchStatusError,
  BudgetError,
  FourEyesError,
  FundingBasisError,
  NothingToPayError,
} from '../errors';
import { fundingFacts } from '../facts-source';
import { assertVersion, type BatchLine, type DisbursementBatch } from '../model';
import { BatchRepository, type BudgetCharge, BudgetRepository } from '../repositories/batches';
import { agencyOf, changeBy, cycleAndProgramme } from './context';

export const batches = new BatchRepository();
export const budgets = new BudgetRepository();

export interface Computed {
  readonly calculation: Calculation;
  readonly ledgerScope: string;
  readonly ledgerBasis: number;
  readonly basis: string;
}

/** What the approved batches of a ledger paid, per subject (consistent reads of their lines). */
const paidOf = async (agency: AgencyId, batchIds: readonly string[]) => {
  const paid = new Map<string, PaidSubject>();
  for (const batchId of batchIds) {
    for await (const l of batches.lines(agency, batchId)) {
      const before = paid.get(l.subjectKey);
      paid.set(l.subjectKey, {
        subjectKey: l.subjectKey,
        paidFen: sumFen([before?.paidFen ?? 0, l.amountFen] as never[]),
        last: l as Entitlement,
      });
    }
  }
  return paid;
};

export const compute = async (
  agency: AgencyId,
  cycle: Cycle,
  programme: Programme,
  year: number | undefined,
): Promise<Computed> => {
  const basis = programme.funding?.basis;
  if (basis !== 'passed-acceptance' && basis !== 'per-claim')
    throw new FundingBasisError(programme.id, basis);
  const ledgerScope = basis === 'per-claim' ? `programme:${programme.id}` : `cycle:${cycle.cycleId}`;
  // The ledger first: an approval after this read makes the batch stale (P-BATCH-STALE), never double-pays.
  const ledger = await batches.ledger(agency, ledgerScope);
  const facts = fundingFacts();
  const current =
    basis === 'per-claim'
      ? promotionEntitlements(
          programme,
          await facts.teacherPromotions(agency, year ?? cycle.year),
          year ?? cycle.year,
          (rid) => personFingerprint(agency, rid),
        )
      : traineeEntitlements(programme, await facts.acceptedTrainees(agency, cycle.cycleId), year);
  const paid = await paidOf(agency, ledger.batchIds);
  const factYear = basis === 'per-claim' ? (year ?? cycle.year) : year;
  const calculation = linesAgainstPaid(current, paid, (e) => factYear === undefined || e.year === factYear);
  return { calculation, ledgerScope, ledgerBasis: ledger.approved, basis };
};

export const preview = async (auth: AuthContext, cycleId: string, year: number | undefined) => {
  const { cycle, programme } = await cycleAndProgramme(auth, cycleId);
  return { cycle, programme, ...(await compute(agencyOf(auth), cycle, programme, year)) };
};

export const createBatch = async (
  auth: AuthContext,
  cycleId: string,
  body: { year?: number | undefined; note?: string | undefined },
  requestId: string,
): Promise<DisbursementBatch> => {
  const agency = agencyOf(auth);
  const { cycle, programme } = await cycleAndProgramme(auth, cycleId);
  const {
    calculation: calc,
    ledgerScope,
    ledgerBasis,
    basis,
  } = await compute(agency, cycle, programme, body.year);
  if (calc.lines.length === 0) throw new NothingToPayError();
  const batchId = newId();
  const at = nowIso();
  const units = calc.units.map((u, idx) => ({ ...u, idx }));
  const idxOf = new Map(units.map((u) => [u.unitId, u.idx]));
  const lines: BatchLine[] = calc.lines.map((l, i) => ({
    ...l,
    lineId: `${batchId}-${String(i + 1).padStart(6, '0')}`,
    batchId,
    cycleId,
    programmeId: programme.id,
    seq: i + 1,
    unitIdx: idxOf.get(l.unitId) ?? 0,
  }));
  const kinds: Record<string, number> = { payment: 0, adjustment: 0, clawback: 0 };
  for (const l of lines) kinds[l.kind] = (kinds[l.kind] ?? 0) + 1;
  const batch: DisbursementBatch = {
    agencyId: agency,
    batchId,
    cycleId,
    programmeId: programme.id,
    programmeVersion: programme.version,
    basis,
    ledgerScope,
    ledgerBasis,
    ...(body.year !== undefined ? { yearFilter: body.year } : {}),
    status: 'draft',
    years: calc.byYear.map((y) => y.year),
    byYear: calc.byYear,
    byCity: calc.byCity,
    totalFen: calc.totalFen,
    lineCount: lines.length,
    headCount: lines.reduce((a, l) => a + l.headCount, 0),
    kinds,
    units,
    factsVersion: calc.factsVersion,
    ...(body.note ? { note: body.note } : {}),
    createdAt: at,
    createdBy: auth.userId,
    version: 1,
    updatedAt: at,
    updatedBy: auth.userId,
  };
  await batches.create(batch, lines, changeBy(auth, 'batch.calculated', at, requestId, body.note));
  return batch;
};

export const getBatch = async (auth: AuthContext, batchId: string): Promise<DisbursementBatch> => {
  const batch = await batches.get(agencyOf(auth), batchId);
  if (!batch) throw new NotFoundError('Batch', batchId);
  return batch;
};

type IfMatch = readonly number[] | 'any' | undefined;

const step = async (
  auth: AuthContext,
  batchId: string,
  ifMatch: IfMatch,
  from: DisbursementBatch['status'],
  stepName: string,
) => {
  const before = await getBatch(auth, batchId);
  if (before.status !== from) throw new BatchStatusError(before.status, stepName, from);
  if (!assertVersion(before, ifMatch)) throw new PreconditionFailedError();
  return before;
};

export const reviewBatch = async (
  auth: AuthContext,
  batchId: string,
  ifMatch: IfMatch,
  note: string | undefined,
  requestId: string,
) => {
  const before = await step(auth, batchId, ifMatch, 'draft', 'reviewed');
  const at = nowIso();
  const after: DisbursementBatch = {
    ...before,
    status: 'reviewed',
    reviewedAt: at,
    reviewedBy: auth.userId,
    version: before.version + 1,
    updatedAt: at,
    updatedBy: auth.userId,
  };
  await batches.transition(before, after, changeBy(auth, 'batch.reviewed', at, requestId, note));
  return after;
};

/** Two-person rule, ledger freshness and the budgets of its years, all in one transaction. */
export const approveBatch = async (
  auth: AuthContext,
  batchId: string,
  ifMatch: IfMatch,
  note: string | undefined,
  requestId: string,
) => {
  const before = await step(auth, batchId, ifMatch, 'reviewed', 'approved');
  if (before.reviewedBy === auth.userId) throw new FourEyesError();
  const charges: BudgetCharge[] = [];
  for (const { year, amountFen } of before.byYear) {
    const budget = await budgets.get(before.agencyId, before.programmeId, year);
    if (!budget)
      throw new BudgetError(
        `No budget is set for ${before.programmeId} in ${year} (PUT /budgets/${before.programmeId}/${year})`,
      );
    if (amountFen > 0 && budget.committedFen + amountFen > budget.limitFen)
      throw new BudgetError(
        `Approving adds ${amountFen} fen to ${budget.committedFen} of the ${budget.limitFen} fen budget of ${year}: it would exceed it`,
      );
    charges.push({ year, amountFen, budget });
  }
  const at = nowIso();
  const after: DisbursementBatch = {
    ...before,
    status: 'approved',
    approvedAt: at,
    approvedBy: auth.userId,
    version: before.version + 1,
    updatedAt: at,
    updatedBy: auth.userId,
  };
  await batches.approve(before, after, charges, changeBy(auth, 'batch.approved', at, requestId, note));
  return after;
};

export const releaseBatch = async (
  auth: AuthContext,
  batchId: string,
  ifMatch: IfMatch,
  body: { reference: string; releasedOn: string; note?: string | undefined },
  requestId: string,
) => {
  const before = await step(auth, batchId, ifMatch, 'approved', 'released');
  const at = nowIso();
  const after: DisbursementBatch = {
    ...before,
    status: 'released',
    releasedAt: at,
    releasedBy: auth.userId,
    releaseReference: body.reference,
    releasedOn: body.releasedOn,
    version: before.version + 1,
    updatedAt: at,
    updatedBy: auth.userId,
  };
  await batches.transition(before, after, changeBy(auth, 'batch.released', at, requestId, body.note));
  return after;
};
