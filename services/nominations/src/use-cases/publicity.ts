/**
 * Publicity (公示, X-PUBLICITY): while a publicity stage is open and today (Asia/Shanghai) is in its
 * period, anyone may read the published list — names, units, categories, occupations and employers,
 * never an ID, phone, birth date or score — and lodge an objection (异议) with evidence, at most a
 * few an hour from one address. Admins resolve objections; an upheld one takes the nomination off
 * the list in the same transaction. The list becomes official only when every objection is resolved
 * (the lifecycle holds the stage: use-cases/lifecycle.ts).
 */
import { findCategory } from '@talent/catalogue';
import { type AgencyId, isAgencyId, type Page } from '@talent/data';
import type { AuthContext } from '@talent/http';
import {
  ConflictError,
  NotFoundError,
  shanghaiDate,
  TooManyRequestsError,
  ValidationFailedError,
} from '@talent/kernel';
import type { Cycle } from '../cycle';
import { ObjectionResolvedError } from '../errors';
import { currentStage, isPublicity, type StageState } from '../lifecycle/stages';
import { listedFacts, type Nomination } from '../nomination';
import type { NominationWrite } from '../repositories/nomination-repository';
import type { Objection, SelectionPool } from '../repositories/selection-repository';
import type {
  ListObjectionsQuery,
  ObjectionBody,
  ObjectionView,
  ResolveObjectionBody,
} from '../schemas/selection';
import { maskContact, maskName, publicityPeriod, publishedStatus, withinPeriod } from '../selection';
import { getCycle } from './cycles';
import { selectionPool } from './lists';
import { assertVersion, changeBy, type Deps, nextVersion, programmeOf } from './nominations';

/** Objections one address may lodge against one cycle per window (P-RATE-LIMIT). */
export const OBJECTION_RATE = { max: 5, windowSeconds: 3600 } as const;

interface OpenPublicity {
  readonly cycle: Cycle;
  readonly stage: StageState;
  readonly period: { startsOn: string; endsOn: string | null };
}

/**
 * The cycle's publicity, if it runs today. Anything else — an unknown agency or cycle, no publicity
 * stage open, a day outside the period — is the same 404, so nothing about the agency leaks.
 */
const openPublicity = async (deps: Deps, agencyId: string, cycleId: string): Promise<OpenPublicity> => {
  const notFound = new NotFoundError('Publicity', `${agencyId}/${cycleId}`);
  if (!isAgencyId(agencyId)) throw notFound;
  const cycle = await deps.cycles.get(agencyId, cycleId);
  const stage = cycle ? currentStage(cycle.stages) : undefined;
  const period = stage && isPublicity(stage) ? publicityPeriod(stage) : undefined;
  if (!cycle || !stage || !period || !withinPeriod(period, shanghaiDate(deps.now()))) throw notFound;
  return { cycle, stage, period };
};

export interface PublicityEntry {
  readonly nominationId: string;
  readonly category: string;
  readonly categoryName: string;
  readonly unitId: string;
  readonly name: string;
  readonly employer?: string;
  readonly occupation?: string;
}

export const publicList = async (
  deps: Deps,
  agencyId: string,
  cycleId: string,
  query: { limit: number; cursor?: string | undefined },
) => {
  const { cycle, stage, period } = await openPublicity(deps, agencyId, cycleId);
  const programme = await programmeOf(deps, cycle);
  const page = await deps.repository.list(cycle.agencyId, {
    cycleId,
    status: publishedStatus(stage),
    limit: query.limit,
    cursor: query.cursor,
  });
  const items: PublicityEntry[] = page.items.map((n) => ({
    nominationId: n.nominationId,
    category: n.category,
    categoryName: findCategory(programme, n.category)?.nameZh ?? n.category,
    unitId: n.unitId,
    ...listedFacts(n),
  }));
  return {
    agencyId,
    cycleId,
    programmeId: cycle.programmeId,
    stageId: stage.id,
    stageName: stage.nameZh,
    startsOn: period.startsOn,
    endsOn: period.endsOn,
    items,
    nextCursor: page.nextCursor,
  };
};

/** A reference the objector quotes: the day received and the end of the id (`20260506-4Q7Z9K`). */
const referenceOf = (objectionId: string, at: string) =>
  `${shanghaiDate(at).replaceAll('-', '')}-${objectionId.slice(-6)}`;

/**
 * Lodges an objection (public): during the period, against a nomination on this cycle's published
 * list, within the address's rate limit. The contact is stored for the admin, never logged, and
 * masked in the audit trail.
 */
export const lodgeObjection = async (
  deps: Deps,
  agencyId: string,
  cycleId: string,
  body: ObjectionBody,
  sourceIp: string,
  requestId: string,
): Promise<{ objectionId: string; reference: string }> => {
  const { cycle, stage } = await openPublicity(deps, agencyId, cycleId);
  const agency = cycle.agencyId;
  // Operational time (the system clock), like every rate window.
  const attempt = await deps.selection.countAttempt(agency, cycleId, sourceIp || 'unknown', {
    ...OBJECTION_RATE,
    nowMs: Date.now(),
  });
  if (!attempt.allowed) throw new TooManyRequestsError(attempt.retryAfterSeconds);
  const published = publishedStatus(stage);
  const target = await deps.repository.get(agency, body.nominationId);
  if (!target || target.cycleId !== cycleId || target.status !== published) {
    throw new ValidationFailedError([
      {
        ruleId: 'P-OBJECTION-TARGET',
        path: 'body.nominationId',
        message: 'not a nomination on the list of this publicity',
        messageZh: '该推荐不在本次公示名单中',
      },
    ]);
  }
  const at = deps.now();
  const objectionId = deps.newId();
  const objection: Objection = {
    objectionId,
    agencyId: agency,
    reference: referenceOf(objectionId, at),
    cycleId,
    stageId: stage.id,
    nominationId: body.nominationId,
    name: body.name,
    contact: body.contact,
    grounds: body.grounds,
    evidence: body.evidence,
    status: 'open',
    receivedAt: at,
    version: 1,
  };
  await deps.selection.createObjection(objection, published, {
    actor: { userId: 'public:objector', roles: [] },
    action: 'objection.received',
    at,
    requestId,
  });
  return { objectionId, reference: objection.reference };
};

/** The objector's name and contact in full for the admin only; masked for reviewers and auditors. */
export const toObjectionView = (o: Objection, full: boolean): ObjectionView => ({
  objectionId: o.objectionId,
  reference: o.reference,
  cycleId: o.cycleId,
  stageId: o.stageId,
  nominationId: o.nominationId,
  name: full ? o.name : maskName(o.name),
  contact: full ? o.contact : maskContact(o.contact),
  contactMasked: !full,
  grounds: o.grounds,
  evidence: o.evidence.map((e) => ({ ...e })),
  status: o.status,
  receivedAt: o.receivedAt,
  ...(o.resolution ? { resolution: { ...o.resolution } } : {}),
  version: o.version,
});

export const listObjections = async (
  deps: Deps,
  auth: AuthContext,
  cycleId: string,
  query: ListObjectionsQuery,
): Promise<Page<Objection>> => {
  await getCycle(deps, auth, cycleId);
  return deps.selection.listObjections(auth.agencyId, cycleId, query);
};

/** The removal of an upheld objection's nomination, if it is still on the list it was lodged against. */
const removalFor = async (
  deps: Deps,
  auth: AuthContext,
  objection: Objection,
  reason: string,
  at: string,
  requestId: string,
): Promise<{ write: NominationWrite; pool: SelectionPool } | undefined> => {
  const agency: AgencyId = auth.agencyId;
  const [cycle, before] = await Promise.all([
    deps.cycles.get(agency, objection.cycleId),
    deps.repository.get(agency, objection.nominationId),
  ]);
  const stage = cycle?.stages.find((s) => s.id === objection.stageId);
  if (!cycle || !before || !stage || before.status === 'removed' || before.status === 'withdrawn')
    return undefined;
  if (before.status !== publishedStatus(stage)) {
    throw new ConflictError(
      'P-NOMINATION-STATUS',
      `The nomination is ${before.status}; an upheld objection removes it only from the list it was lodged against`,
      'status',
    );
  }
  const after: Nomination = nextVersion(
    before,
    {
      status: 'removed',
      removal: { at, by: auth.userId, reason, objectionId: objection.objectionId, ruleId: 'X-PUBLICITY' },
    },
    auth.userId,
    at,
  );
  return {
    write: { before, after, change: changeBy(auth, 'nomination.removed', at, requestId, reason) },
    pool: selectionPool(cycle),
  };
};

/** Resolves an objection (admin): upheld takes the nomination off the list in the same transaction. */
export const resolveObjection = async (
  deps: Deps,
  auth: AuthContext,
  objectionId: string,
  ifMatch: readonly number[] | 'any' | undefined,
  body: ResolveObjectionBody,
  requestId: string,
): Promise<Objection> => {
  const before = await deps.selection.getObjection(auth.agencyId, objectionId);
  if (!before) throw new NotFoundError('Objection', objectionId);
  assertVersion(before, ifMatch);
  if (before.status !== 'open') throw new ObjectionResolvedError(before.status);
  const at = deps.now();
  const after: Objection = {
    ...before,
    status: body.outcome,
    resolution: { outcome: body.outcome, reason: body.reason, by: auth.userId, at },
    version: before.version + 1,
  };
  const removal =
    body.outcome === 'upheld' ? await removalFor(deps, auth, before, body.reason, at, requestId) : undefined;
  await deps.selection.resolveObjection(
    before,
    after,
    changeBy(auth, `objection.${body.outcome}`, at, requestId, body.reason),
    removal,
  );
  return after;
};
