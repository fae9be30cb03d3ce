/** Budgets per programme-year, set by the agency's admin; approvals charge them (P-BUDGET). */
import type { AuthContext } from '@talent/http';
import { NotFoundError, nowIso, PreconditionFailedError } from '@talent/kernel';
import { DynamoProgrammeStore } from '@talent/programmes';
import { assertVersion, type Budget } from '../model';
import { agencyOf, changeBy } from './context';
import { budgets } from './disbursement';

let programmes: DynamoProgrammeStore | undefined;

/** The programme as the agency runs it (404 for one it does not: X-TENANT). */
export const programmeOf = async (auth: AuthContext, programmeId: string) => {
  programmes ??= new DynamoProgrammeStore();
  const p = await programmes.latest(agencyOf(auth), programmeId);
  if (!p) throw new NotFoundError('Programme', programmeId);
  return p;
};

export const setBudget = async (
  auth: AuthContext,
  programmeId: string,
  year: number,
  body: { limitFen: number; reason: string },
  ifMatch: readonly number[] | 'any' | undefined,
  requestId: string,
): Promise<{ budget: Budget; created: boolean }> => {
  await programmeOf(auth, programmeId);
  const agency = agencyOf(auth);
  const before = await budgets.get(agency, programmeId, year);
  if (before && !assertVersion(before, ifMatch)) throw new PreconditionFailedError();
  const at = nowIso();
  const budget: Budget = {
    agencyId: agency,
    programmeId,
    year,
    limitFen: body.limitFen,
    committedFen: before?.committedFen ?? 0,
    version: (before?.version ?? 0) + 1,
    updatedAt: at,
    updatedBy: auth.userId,
    reason: body.reason,
  };
  await budgets.put(
    before,
    budget,
    changeBy(auth, before ? 'budget.changed' : 'budget.set', at, requestId, body.reason),
  );
  return { budget, created: !before };
};

export const getBudget = async (auth: AuthContext, programmeId: string, year: number) => {
  const b = await budgets.get(agencyOf(auth), programmeId, year);
  if (!b) throw new NotFoundError('Budget', `${programmeId}/${year}`);
  return b;
};
