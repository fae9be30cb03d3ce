/**
 * The lists of a cycle: the provisional list drawn from the recommended nominations (ranked, the
 * category quota applied through the rule engine: JS-CATEGORIES enforced, BJ-ROUND "左右" reported),
 * the official list frozen when its stage opens, its filing (备案), and amendments after freezing.
 */
import { type Category, evaluate, findCategory, type Programme } from '@talent/catalogue';
import type { Page } from '@talent/data';
import type { AuthContext } from '@talent/http';
import {
  ConflictError,
  compareDates,
  maskResidentId,
  NotFoundError,
  PreconditionFailedError,
  shanghaiDate,
  ValidationFailedError,
} from '@talent/kernel';
import type { CategoryDraw, Cycle, ProvisionalListSummary } from '../cycle';
import {
  OfficialListNotFrozenError,
  QuotaFullError,
  ReviewsPendingError,
  SelectionChangedError,
} from '../errors';
import { currentStage, listStage, type StageState } from '../lifecycle/stages';
import { listedFacts, type Nomination } from '../nomination';
import type { CycleRepository } from '../repositories/cycle-repository';
import type { Change, NominationRepository, NominationWrite } from '../repositories/nomination-repository';
import type {
  QuotaLimit,
  QuotaLimits,
  SelectionPool,
  SelectionRepository,
} from '../repositories/selection-repository';
import type { AmendmentBody, FilingBody, ListQuery } from '../schemas/selection';
import { DRAWN, IN_REVIEW, rank, requireStatus } from '../selection';
import { getCycle, type ProgrammeSource } from './cycles';
import { changeBy, type Deps, nextVersion, programmeOf } from './nominations';

/**
 * A category's quota as the rule engine enforces it (`selection` context): the number when a
 * selection beyond it is a violation (JS-CATEGORIES), with the year's number when the quota caps a
 * programme year; none when it is only reported ("左右", BJ-ROUND) or the category has no quota.
 */
export const quotaLimit = (programme: Programme, category: string): QuotaLimit | undefined => {
  const found = findCategory(programme, category);
  const quota = found?.quotaPerCycle;
  if (quota === undefined) return undefined;
  const over = evaluate(programme, { type: 'selection', category, selected: quota + 1 }).violations[0];
  if (!over) return undefined;
  const perYear = found?.quotaPerYear;
  return perYear === undefined
    ? { ruleId: over.ruleId, limit: quota }
    : { ruleId: over.ruleId, limit: quota, perYear };
};

/** Where the cycle's selections are counted for its programme year (JS-CATEGORIES 每年每类). */
export const selectionPool = (cycle: Pick<Cycle, 'programmeId' | 'year'>): SelectionPool => ({
  programmeId: cycle.programmeId,
  year: cycle.year,
});

const sameListing = (n: Nomination, target: Partial<Nomination>) =>
  n.status === target.status &&
  n.listing?.position === target.listing?.position &&
  n.listing?.rank === target.listing?.rank &&
  n.listing?.reason === target.listing?.reason;

/**
 * Ranks one category's candidates and places each: listed with its rank, or not listed with the
 * rule. `inOtherCycles` counts the category's selections in the year's other cycles (a `perYear`
 * quota counts them with this cycle's).
 */
const drawCategory = (
  programme: Programme,
  category: Pick<Category, 'id' | 'quota' | 'quotaPerCycle' | 'quotaPerYear'>,
  candidates: readonly Nomination[],
  at: string,
  inOtherCycles: number,
): { summary: CategoryDraw; targets: { nomination: Nomination; changes: Partial<Nomination> }[] } => {
  let listed = 0;
  const targets = rank(candidates).map((nomination, i) => {
    const meanScore = nomination.decision?.meanScore ?? 0;
    const over = evaluate(programme, {
      type: 'selection',
      category: category.id,
      selected: listed + 1,
      selectedInYear: inOtherCycles + listed + 1,
    }).violations[0];
    if (over) {
      return {
        nomination,
        changes: {
          status: 'not-listed' as const,
          listing: { position: i + 1, meanScore, drawnAt: at, ruleId: over.ruleId, reason: over.message },
        },
      };
    }
    listed++;
    return {
      nomination,
      changes: {
        status: 'listed' as const,
        listing: { position: i + 1, rank: listed, meanScore, drawnAt: at },
      },
    };
  });
  const flags =
    listed > 0
      ? evaluate(programme, {
          type: 'selection',
          category: category.id,
          selected: listed,
          selectedInYear: inOtherCycles + listed,
        }).reported.map((f) => ({
          ruleId: f.ruleId,
          message: f.message,
          messageZh: f.messageZh,
        }))
      : [];
  return {
    summary: {
      category: category.id,
      quota: category.quotaPerCycle ?? null,
      ...(category.quotaPerYear !== undefined
        ? { quotaPerYear: category.quotaPerYear, listedInOtherCycles: inOtherCycles }
        : {}),
      approximate: category.quota?.approximate ?? false,
      enforced: quotaLimit(programme, category.id) !== undefined,
      candidates: candidates.length,
      listed,
      notListed: candidates.length - listed,
      flags,
    },
    targets,
  };
};

/** JSON with sorted keys: stored maps come back in any key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );

const sameSummary = (a: ProvisionalListSummary | undefined, b: ProvisionalListSummary) =>
  a !== undefined &&
  canonical({ ...a, drawnAt: '', drawnBy: '' }) === canonical({ ...b, drawnAt: '', drawnBy: '' });

/** What drawing and freezing lists needs: the API's dependencies, or the lifecycle function's. */
export interface ListDeps {
  readonly cycles: CycleRepository;
  readonly programmes: ProgrammeSource;
  readonly repository: NominationRepository;
  readonly selection: SelectionRepository;
  readonly now: () => string;
}

/**
 * Draws the provisional list in the open list stage `stage` of `cycle`: per category, the
 * recommended nominations ranked by mean review score (then submission time), the quota applied by
 * the rule engine; listed ones get their rank, the others `not-listed` with the rule. Drawing again
 * gives the same list and writes nothing. Answers the summary and the cycle as it now is.
 */
export const drawInStage = async (
  deps: ListDeps,
  auth: AuthContext,
  cycle: Cycle,
  stage: StageState,
  requestId: string,
): Promise<{ summary: ProvisionalListSummary; cycle: Cycle }> => {
  // A draw of another cycle of the year may take places between this draw's reading of the year's
  // counter and its writes: the counter's condition refuses the write, and drawing again counts them.
  for (let attempt = 1; ; attempt++) {
    try {
      return await drawOnce(deps, auth, cycle, stage, requestId);
    } catch (error) {
      if (!(error instanceof QuotaFullError) || attempt >= DRAW_ATTEMPTS) throw error;
    }
  }
};

/** Draws after a year's quota met a concurrent draw of another cycle (JS-CATEGORIES). */
const DRAW_ATTEMPTS = 3;

const drawOnce = async (
  deps: ListDeps,
  auth: AuthContext,
  cycle: Cycle,
  stage: StageState,
  requestId: string,
): Promise<{ summary: ProvisionalListSummary; cycle: Cycle }> => {
  const programme = await programmeOf(deps, cycle);
  const pool = selectionPool(cycle);
  const candidates = await deps.repository.ofCycle(cycle.agencyId, cycle.cycleId, DRAWN);
  // The year's other cycles hold what the year's counter has beyond this cycle's own (JS-CATEGORIES).
  const counts = await deps.selection.selectedCounts(
    cycle.agencyId,
    cycle.cycleId,
    pool,
    programme.categories.filter((c) => c.quotaPerYear !== undefined).map((c) => c.id),
  );
  const at = deps.now();
  const draws = programme.categories.map((category) => {
    const count = counts[category.id];
    return drawCategory(
      programme,
      category,
      candidates.filter((n) => n.category === category.id),
      at,
      count ? Math.max(0, count.year - count.cycle) : 0,
    );
  });
  const writes: NominationWrite[] = draws.flatMap((d) =>
    d.targets
      .filter((t) => !sameListing(t.nomination, t.changes))
      .map((t) => ({
        before: t.nomination,
        after: nextVersion(t.nomination, t.changes, auth.userId, at),
        change: changeBy(
          auth,
          t.changes.status === 'listed' ? 'nomination.listed' : 'nomination.not-listed',
          at,
          requestId,
          t.changes.listing?.reason,
        ),
      })),
  );
  const limits: QuotaLimits = Object.fromEntries(
    programme.categories.map((c) => [c.id, quotaLimit(programme, c.id)]),
  );
  await deps.selection.applyNominations(writes, pool, limits);
  const categories = draws.map((d) => d.summary);
  const summary: ProvisionalListSummary = {
    stageId: stage.id,
    drawnAt: at,
    drawnBy: auth.userId,
    listed: categories.reduce((a, c) => a + c.listed, 0),
    notListed: categories.reduce((a, c) => a + c.notListed, 0),
    approximate: categories.some((c) => c.approximate),
    categories,
  };
  if (writes.length === 0 && cycle.provisionalList && sameSummary(cycle.provisionalList, summary)) {
    return { summary: cycle.provisionalList, cycle };
  }
  const after = await replaceCycle(
    deps,
    auth,
    cycle,
    { provisionalList: summary },
    'cycle.provisional-list-drawn',
    requestId,
  );
  return { summary, cycle: after };
};

/**
 * `POST /cycles/{id}/provisional-list` (admin): only while the list stage is open (the
 * provisional-list stage, else the last review stage) and every nomination in review has its decision.
 */
export const drawProvisionalList = async (
  deps: Deps,
  auth: AuthContext,
  cycleId: string,
  requestId: string,
): Promise<ProvisionalListSummary> => {
  const cycle = await getCycle(deps, auth, cycleId);
  const stage = listStage(cycle.stages);
  if (stage?.status !== 'open' || cycle.status !== 'open') {
    throw new ConflictError(
      'P-CYCLE-STAGE',
      stage
        ? `The provisional list is drawn while stage ${stage.id} is open; it is ${stage.status}`
        : 'This programme draws no provisional list',
      'stageId',
    );
  }
  const undecided = await deps.repository.ofCycle(auth.agencyId, cycleId, IN_REVIEW);
  if (undecided.length > 0) {
    throw new ReviewsPendingError(undecided.length, 'decide them before drawing the list');
  }
  // One draw at a time per cycle (P-LIST-DRAW): a draw reads every candidate and writes in
  // several transactions, so fifty at once would each do all of that only to lose at the first
  // write, and run past the function's time limit. The claim outlives the function's timeout.
  if (!(await deps.selection.claimDraw(auth.agencyId, cycleId, requestId, DRAW_CLAIM_MS))) {
    throw new ConflictError(
      'P-LIST-DRAW',
      'Another draw of this list is running; send the request again when it has finished',
      'cycleId',
    );
  }
  try {
    return (await drawInStage(deps, auth, cycle, stage, requestId)).summary;
  } finally {
    await deps.selection.releaseDraw(auth.agencyId, cycleId, requestId);
  }
};

/** Longer than the API function's 29 s timeout: a claim is never taken from a draw still running. */
const DRAW_CLAIM_MS = 60_000;

/** Writes the cycle's next version (audited); a concurrent write (the lifecycle's): send again. */
const replaceCycle = async (
  deps: Pick<ListDeps, 'cycles' | 'now'>,
  auth: AuthContext,
  cycle: Cycle,
  changes: Partial<Cycle>,
  action: string,
  requestId: string,
  reason?: string,
): Promise<Cycle> => {
  const at = deps.now();
  const after: Cycle = {
    ...cycle,
    ...changes,
    version: cycle.version + 1,
    updatedAt: at,
    updatedBy: auth.userId,
  };
  try {
    await deps.cycles.replace(cycle, after, changeBy(auth, action, at, requestId, reason));
  } catch (error) {
    if (error instanceof PreconditionFailedError) throw new SelectionChangedError();
    throw error;
  }
  return after;
};

export interface ListEntry {
  readonly nominationId: string;
  readonly category: string;
  readonly rank?: number;
  readonly status: string;
  readonly unitId: string;
  readonly nomineeKind: Nomination['nomineeKind'];
  readonly name: string;
  readonly residentId?: string;
  readonly employer?: string;
  readonly occupation?: string;
  readonly meanScore?: number;
}

const SEES_SCORES = ['admin', 'reviewer', 'auditor'];

/** `GET /cycles/{id}/list`: names shown, resident IDs masked for every role (X-RESIDENT-ID). */
export const listOf = async (
  deps: Deps,
  auth: AuthContext,
  cycleId: string,
  query: ListQuery,
): Promise<Page<ListEntry>> => {
  await getCycle(deps, auth, cycleId);
  const page = await deps.repository.list(auth.agencyId, {
    cycleId,
    category: query.category,
    status: query.stage === 'official' ? 'official' : 'listed',
    limit: query.limit,
    cursor: query.cursor,
  });
  const scores = auth.roles.some((r) => SEES_SCORES.includes(r));
  return {
    items: page.items.map((n) => ({
      nominationId: n.nominationId,
      category: n.category,
      ...(n.listing?.rank !== undefined ? { rank: n.listing.rank } : {}),
      status: n.status,
      unitId: n.unitId,
      nomineeKind: n.nomineeKind,
      ...listedFacts(n),
      ...(n.nominee ? { residentId: maskResidentId(n.nominee.residentId) } : {}),
      ...(scores && n.listing ? { meanScore: n.listing.meanScore } : {}),
    })),
    nextCursor: page.nextCursor,
  };
};

/**
 * The official-list stage opens: every listed nomination becomes official (the lifecycle task; a
 * retry finds the ones already frozen and counts them too).
 */
export const freezeOfficialList = async (
  deps: Pick<ListDeps, 'repository' | 'selection'>,
  cycle: Cycle,
  at: string,
  change: Change,
): Promise<{ frozenAt: string; count: number }> => {
  const listed = await deps.repository.ofCycle(cycle.agencyId, cycle.cycleId, ['listed']);
  await deps.selection.applyNominations(
    listed.map((n) => ({
      before: n,
      after: nextVersion(n, { status: 'official', officialAt: at }, change.actor.userId, at),
      change,
    })),
    selectionPool(cycle),
  );
  const official = await deps.repository.ofCycle(cycle.agencyId, cycle.cycleId, ['official']);
  return { frozenAt: at, count: official.length };
};

const frozen = (cycle: Cycle): NonNullable<Cycle['officialList']> => {
  if (!cycle.officialList) throw new OfficialListNotFrozenError(cycle.cycleId);
  return cycle.officialList;
};

/**
 * Records the filing (备案) of the official list; when the filing stage is open and closes by
 * decision, it also requests that close (the workflow moves on at its next look).
 */
export const fileList = async (
  deps: Deps,
  auth: AuthContext,
  cycleId: string,
  body: FilingBody,
  requestId: string,
): Promise<Cycle> => {
  const cycle = await getCycle(deps, auth, cycleId);
  const list = frozen(cycle);
  const today = shanghaiDate(deps.now());
  const frozenOn = shanghaiDate(list.frozenAt);
  if (compareDates(body.filedOn, today) > 0 || compareDates(body.filedOn, frozenOn) < 0) {
    throw new ValidationFailedError([
      {
        ruleId: 'P-FILING-DATE',
        path: 'body.filedOn',
        message: `a filing date from the day the list was frozen (${frozenOn}) to today (${today})`,
        messageZh: '备案日期须在名单确定之日至今日之间',
      },
    ]);
  }
  const at = deps.now();
  const stage = currentStage(cycle.stages);
  const closes = stage?.kind === 'filing' && stage.closesBy === 'decision' && stage.closedBy === undefined;
  const reason = `备案 ${body.authority} ${body.reference} (${body.filedOn})`;
  return replaceCycle(
    deps,
    auth,
    cycle,
    {
      filing: { ...body, recordedAt: at, recordedBy: auth.userId },
      ...(closes && stage
        ? {
            stages: cycle.stages.map((s) =>
              s.id === stage.id ? { ...s, closedBy: auth.userId, closeReason: reason } : s,
            ),
          }
        : {}),
    },
    'cycle.filed',
    requestId,
    reason,
  );
};

/**
 * Changes the frozen official list (admin, audited): `remove` takes an official nomination off it;
 * `reinstate` puts a removed one back, within the category's quota (the selection counter).
 */
export const amendList = async (
  deps: Deps,
  auth: AuthContext,
  cycleId: string,
  body: AmendmentBody,
  requestId: string,
): Promise<Nomination> => {
  const cycle = await getCycle(deps, auth, cycleId);
  frozen(cycle);
  const before = await deps.repository.get(auth.agencyId, body.nominationId);
  if (!before || before.cycleId !== cycleId) throw new NotFoundError('Nomination', body.nominationId);
  const at = deps.now();
  const amendment = { action: body.action, reason: body.reason, by: auth.userId, at };
  const amendments = [...(before.amendments ?? []), amendment];
  let changes: Partial<Nomination>;
  if (body.action === 'remove') {
    requireStatus(before, ['official'], 'removed from the official list');
    changes = {
      status: 'removed',
      amendments,
      removal: { at, by: auth.userId, reason: body.reason, ruleId: 'P-AMENDMENT' },
    };
  } else {
    requireStatus(before, ['removed'], 'reinstated');
    changes = { status: 'official', amendments, officialAt: at, removal: undefined };
  }
  const after = nextVersion(before, changes, auth.userId, at);
  const programme = await programmeOf(deps, cycle);
  await deps.selection.applyNominations(
    [
      {
        before,
        after,
        change: changeBy(auth, `nomination.amended-${body.action}`, at, requestId, body.reason),
      },
    ],
    selectionPool(cycle),
    { [before.category]: quotaLimit(programme, before.category) },
  );
  return after;
};
