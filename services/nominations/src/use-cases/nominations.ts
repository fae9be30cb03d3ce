import {
  type Category,
  findCategory,
  type Programme,
  type SanctionRecord,
  withBase,
} from '@talent/catalogue';
import { type AuditRecord, type Page, personFingerprint } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { violationsFrom } from '@talent/http';
import {
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ValidationFailedError,
} from '@talent/kernel';
// JS-SANCTIONS: the cohorts service records sanctions; intake reads them (a reader that needs only
// @talent/data, so nominations does not import the cohorts service).
import { participationOf } from '@talent/svc-cohorts/jiangsu/participation';
import { sanctionsFor } from '@talent/svc-cohorts/jiangsu/sanctions';
import type { Cycle } from '../cycle';
import {
  assess,
  type Eligibility,
  type ParticipationFacts,
  type RuleOverride,
  readsParticipation,
} from '../eligibility';
import {
  CycleClosedError,
  NominationAlreadyWithdrawnError,
  NominationNotDraftError,
  NothingToOverrideError,
  OwnUnitReviewError,
} from '../errors';
import { intakeOpen, reviewOpen } from '../lifecycle/stages';
import type { Nomination } from '../nomination';
import type { Change, NominationRepository } from '../repositories/nomination-repository';
import type { SelectionRepository } from '../repositories/selection-repository';
import type {
  CreateNominationBody,
  ListNominationsQuery,
  OverrideBody,
  UpdateNominationBody,
} from '../schemas/nomination';
import { EDITABLE, requireStatus, WITHDRAWABLE } from '../selection';
import { type Subject, subjectOf, uniquenessText } from '../subject';
import type { CycleDeps } from './cycles';

export interface Deps extends CycleDeps {
  readonly repository: NominationRepository;
  readonly selection: SelectionRepository;
  readonly newId: () => string;
}

/**
 * Whose unit a caller is held to (P-UNIT-SCOPE): `undefined` when the caller may act for every
 * unit of the agency — writes need `admin`, reads `admin`, `reviewer` or `auditor` — otherwise the
 * unit of the token (`null` when a unit user's token names none). A user holding `unit` plus
 * another lesser role is still held to its unit.
 */
const UNRESTRICTED: Record<'read' | 'write', readonly string[]> = {
  write: ['admin'],
  read: ['admin', 'reviewer', 'auditor'],
};
const restrictedUnit = (auth: AuthContext, access: 'read' | 'write'): string | null | undefined => {
  if (auth.roles.some((r) => UNRESTRICTED[access].includes(r))) return undefined;
  return auth.unitId ?? null;
};

const assertUnitMayAct = (auth: AuthContext, unitId: string): void => {
  const unit = restrictedUnit(auth, 'write');
  if (unit !== undefined && unit !== unitId) {
    throw new ForbiddenError('A unit may act only for its own unit', 'P-UNIT-SCOPE');
  }
};

/**
 * The cycle a nomination belongs to and the programme version it started with (P-PROGRAMME-VERSION).
 * An unknown cycle, or another agency's, is reported as unknown (X-TENANT).
 */
const cycleAndProgramme = async (
  deps: Deps,
  auth: AuthContext,
  cycleId: string,
  programmeId: string,
): Promise<{ cycle: Cycle; programme: Programme }> => {
  const cycle = await deps.cycles.get(auth.agencyId, cycleId);
  if (!cycle) {
    throw new ValidationFailedError([
      { ruleId: 'P-CYCLE', path: 'body.cycleId', message: 'no such cycle in this agency' },
    ]);
  }
  if (cycle.programmeId !== programmeId) {
    throw new ValidationFailedError([
      {
        ruleId: 'P-CYCLE',
        path: 'body.programmeId',
        message: `cycle ${cycle.cycleId} is a cycle of ${cycle.programmeId}`,
      },
    ]);
  }
  return { cycle, programme: await programmeOf(deps, cycle) };
};

/** The programme version the cycle started with. */
export const programmeOf = async (deps: Pick<CycleDeps, 'programmes'>, cycle: Cycle): Promise<Programme> => {
  const programme = await deps.programmes.version(cycle.agencyId, cycle.programmeId, cycle.programmeVersion);
  // Versions are never deleted; a missing one is a broken invariant, not a client error.
  if (!programme) throw new Error(`programme version of cycle ${cycle.cycleId} is missing`);
  return programme;
};

/**
 * Runs the programme's nomination rules (the rule engine, every violation citing its rule id):
 * a breach no override can lift is refused with 422; relaxable breaches are kept as `pending`
 * on the nomination until a reviewer overrides them (never silently).
 */
const eligibilityOf = (
  programme: Programme,
  cycle: Cycle,
  input: {
    category: string;
    subject: Subject;
    attributes: Readonly<Record<string, unknown>>;
    overrides?: readonly RuleOverride[];
    sanctions?: readonly SanctionRecord[];
    participation?: ParticipationFacts;
  },
): Eligibility => {
  const { blocking, eligibility } = assess(programme, cycle, input);
  if (blocking.length > 0) throw new ValidationFailedError(withBase('body', blocking));
  return eligibility;
};

const categoryOf = (programme: Programme, categoryId: string): Category => {
  const category = findCategory(programme, categoryId);
  if (!category) {
    throw new ValidationFailedError([
      {
        ruleId: 'P-CATEGORY',
        path: 'body.category',
        message: `no category "${categoryId}" in ${programme.id}; one of ${programme.categories.map((c) => c.id).join(', ')}`,
      },
    ]);
  }
  return category;
};

const checkAttributes = (category: Category, attributes: Record<string, unknown>) => {
  const parsed = category.attributes().safeParse(attributes);
  if (!parsed.success)
    throw new ValidationFailedError(violationsFrom('body.attributes', parsed.error.issues));
  return parsed.data as Record<string, unknown>;
};

/**
 * Sanctions on record against the person and the recommending unit (JS-SANCTIONS), read only for a
 * programme that has a sanction rule in the nomination context.
 */
const sanctionsOf = async (
  auth: AuthContext,
  programme: Programme,
  who: { unitId: string; personFingerprint?: string | undefined },
): Promise<SanctionRecord[]> => {
  if (!programme.rules.some((r) => r.kind === 'sanction-ban' && r.context === 'nomination')) return [];
  return sanctionsFor(auth.agencyId, {
    unitId: who.unitId,
    ...(who.personFingerprint ? { personFingerprint: who.personFingerprint } : {}),
  });
};

/**
 * The person's participations on the platform's records (JS-EXCLUSIONS), read only for a programme
 * with a repeat-participation rule and a person nominee: the latest recorded end, and the trainee
 * records not ended that belong to another nomination (this nomination's own trainee record, once it
 * has one, is the participation it leads to, not a previous one).
 */
const participationFactsOf = async (
  auth: AuthContext,
  programme: Programme,
  who: { personFingerprint?: string | undefined; nominationId?: string },
): Promise<ParticipationFacts | undefined> => {
  if (!who.personFingerprint || !readsParticipation(programme)) return undefined;
  const record = await participationOf(auth.agencyId, who.personFingerprint);
  return {
    ...(record.lastEndedOn ? { lastEndedOn: record.lastEndedOn } : {}),
    inTraining: record.inTraining.filter((t) => t.nominationId !== who.nominationId),
  };
};

/** The keyed hash of what the nomination nominates once per cycle (see `uniquenessText`). */
const fingerprintOf = (
  auth: AuthContext,
  subject: Subject,
  n: { unitId: string; category: string; attributes: Readonly<Record<string, unknown>> },
) => personFingerprint(auth.agencyId, uniquenessText(subject, n.unitId, n.category, n.attributes));

export const changeBy = (
  auth: AuthContext,
  action: string,
  at: string,
  requestId: string,
  reason?: string,
): Change => ({
  actor: { userId: auth.userId, roles: auth.roles },
  action,
  at,
  requestId,
  ...(reason ? { reason } : {}),
});

/** `before` + `changes` as the next version, by `userId` at `at`. */
export const nextVersion = (
  before: Nomination,
  changes: Partial<Nomination>,
  userId: string,
  at: string,
): Nomination => ({ ...before, ...changes, version: before.version + 1, updatedAt: at, updatedBy: userId });

/** Writes `before` + `changes` as the next version, with its audit record, and returns it. */
export const saveChange = async (
  deps: Deps,
  auth: AuthContext,
  before: Nomination,
  action: string,
  requestId: string,
  changes: Partial<Nomination> | ((at: string) => Partial<Nomination>),
  reason?: string,
): Promise<Nomination> => {
  const at = deps.now();
  const after = nextVersion(before, typeof changes === 'function' ? changes(at) : changes, auth.userId, at);
  await deps.repository.replace(before, after, changeBy(auth, action, at, requestId, reason));
  return after;
};

export const createNomination = async (
  deps: Deps,
  auth: AuthContext,
  body: CreateNominationBody,
  requestId: string,
): Promise<Nomination> => {
  assertUnitMayAct(auth, body.unitId);
  const { cycle, programme } = await cycleAndProgramme(deps, auth, body.cycleId, body.programmeId);
  if (cycle.status !== 'open' || !intakeOpen(cycle.stages)) throw new CycleClosedError(cycle.cycleId);
  const category = categoryOf(programme, body.category);
  const subject = subjectOf(category.nomineeKind, body);
  const attributes = checkAttributes(category, body.attributes);
  const fingerprint = fingerprintOf(auth, subject, { ...body, attributes });
  // The records later services keep about the person and the unit, read side by side.
  const [sanctions, participation] = await Promise.all([
    sanctionsOf(auth, programme, {
      unitId: body.unitId,
      ...(subject.nominee ? { personFingerprint: fingerprint } : {}),
    }),
    participationFactsOf(auth, programme, {
      ...(subject.nominee ? { personFingerprint: fingerprint } : {}),
    }),
  ]);
  const eligibility = eligibilityOf(programme, cycle, {
    category: body.category,
    subject,
    attributes,
    sanctions,
    ...(participation ? { participation } : {}),
  });
  const at = deps.now();
  const nomination: Nomination = {
    nominationId: deps.newId(),
    agencyId: auth.agencyId,
    programmeId: programme.id,
    programmeVersion: programme.version,
    cycleId: body.cycleId,
    category: body.category,
    unitId: body.unitId,
    status: 'draft',
    ...subject,
    personFingerprint: fingerprint,
    attributes,
    eligibility,
    overrides: [],
    reviewRound: 1,
    assignments: [],
    reviewerIds: [],
    amendments: [],
    version: 1,
    createdAt: at,
    createdBy: auth.userId,
    updatedAt: at,
    updatedBy: auth.userId,
  };
  await deps.repository.create(nomination, changeBy(auth, 'nomination.created', at, requestId));
  return nomination;
};

/** Another agency's nomination, or another unit's for a unit user, is simply not found (X-TENANT). */
export const getNomination = async (
  deps: Deps,
  auth: AuthContext,
  nominationId: string,
  access: 'read' | 'write' = 'read',
): Promise<Nomination> => {
  const nomination = await deps.repository.get(auth.agencyId, nominationId);
  if (!nomination) throw new NotFoundError('Nomination', nominationId);
  const unit = restrictedUnit(auth, 'read');
  if (unit !== undefined && nomination.unitId !== unit) throw new NotFoundError('Nomination', nominationId);
  if (access === 'write') assertUnitMayAct(auth, nomination.unitId);
  return nomination;
};

export const listNominations = async (
  deps: Deps,
  auth: AuthContext,
  query: ListNominationsQuery,
): Promise<Page<Nomination>> => {
  const unit = restrictedUnit(auth, 'read');
  if (unit === null) throw new ForbiddenError('This unit token names no unit', 'P-UNIT-SCOPE');
  if (unit !== undefined && query.unitId !== undefined && query.unitId !== unit) {
    throw new ForbiddenError('A unit may list only its own nominations', 'P-UNIT-SCOPE');
  }
  const unitId = unit ?? query.unitId;
  if (!query.cycleId && !unitId) {
    throw new ValidationFailedError([
      {
        ruleId: 'P-LIST-SCOPE',
        path: 'query.cycleId',
        message: 'give cycleId or unitId',
        messageZh: '请指定 cycleId 或 unitId',
      },
    ]);
  }
  return deps.repository.list(auth.agencyId, {
    cycleId: query.cycleId,
    category: query.category,
    status: query.status,
    unitId,
    limit: query.limit,
    cursor: query.cursor,
  });
};

/** `If-Match` (when sent) must name the current version (P-VERSION-MATCH). */
export const assertVersion = (
  entity: { version: number },
  ifMatch: readonly number[] | 'any' | undefined,
) => {
  if (ifMatch === undefined || ifMatch === 'any') return;
  if (!ifMatch.includes(entity.version)) throw new PreconditionFailedError();
};

export const updateNomination = async (
  deps: Deps,
  auth: AuthContext,
  nominationId: string,
  ifMatch: readonly number[] | 'any' | undefined,
  body: UpdateNominationBody,
  requestId: string,
): Promise<Nomination> => {
  const before = await getNomination(deps, auth, nominationId, 'write');
  assertVersion(before, ifMatch);
  if (!EDITABLE.includes(before.status)) throw new NominationNotDraftError(before.status);
  const { cycle, programme } = await cycleAndProgramme(deps, auth, before.cycleId, before.programmeId);
  const category = categoryOf(programme, before.category);
  const subject = subjectOf(category.nomineeKind, body, before);
  const attributes = body.attributes ? checkAttributes(category, body.attributes) : before.attributes;
  // Overrides were granted on the facts as they were: changed facts need a reviewer's look again.
  const fingerprint = fingerprintOf(auth, subject, { ...before, attributes });
  const [sanctions, participation] = await Promise.all([
    sanctionsOf(auth, programme, {
      unitId: before.unitId,
      ...(subject.nominee ? { personFingerprint: fingerprint } : {}),
    }),
    participationFactsOf(auth, programme, {
      ...(subject.nominee ? { personFingerprint: fingerprint } : {}),
      nominationId: before.nominationId,
    }),
  ]);
  const eligibility = eligibilityOf(programme, cycle, {
    category: before.category,
    subject,
    attributes,
    sanctions,
    ...(participation ? { participation } : {}),
  });
  return saveChange(deps, auth, before, 'nomination.updated', requestId, {
    ...subject,
    personFingerprint: fingerprint,
    attributes,
    eligibility,
    overrides: [],
  });
};

export const submitNomination = async (
  deps: Deps,
  auth: AuthContext,
  nominationId: string,
  ifMatch: readonly number[] | 'any' | undefined,
  requestId: string,
): Promise<Nomination> => {
  const before = await getNomination(deps, auth, nominationId, 'write');
  assertVersion(before, ifMatch);
  if (!EDITABLE.includes(before.status)) throw new NominationNotDraftError(before.status);
  const { cycle, programme } = await cycleAndProgramme(deps, auth, before.cycleId, before.programmeId);
  // A draft goes in during intake; a returned nomination also comes back while the review runs.
  const open = intakeOpen(cycle.stages) || (before.status === 'returned' && reviewOpen(cycle.stages));
  if (cycle.status !== 'open' || !open) throw new CycleClosedError(cycle.cycleId);
  const [sanctions, participation] = await Promise.all([
    sanctionsOf(auth, programme, {
      unitId: before.unitId,
      ...(before.nominee ? { personFingerprint: before.personFingerprint } : {}),
    }),
    participationFactsOf(auth, programme, {
      ...(before.nominee ? { personFingerprint: before.personFingerprint } : {}),
      nominationId: before.nominationId,
    }),
  ]);
  const eligibility = eligibilityOf(programme, cycle, {
    category: before.category,
    subject: before,
    attributes: before.attributes,
    overrides: before.overrides,
    sanctions,
    ...(participation ? { participation } : {}),
  });
  return saveChange(deps, auth, before, 'nomination.submitted', requestId, (at) => ({
    status: 'submitted',
    submittedAt: at,
    eligibility,
  }));
};

export const withdrawNomination = async (
  deps: Deps,
  auth: AuthContext,
  nominationId: string,
  ifMatch: readonly number[] | 'any' | undefined,
  reason: string,
  requestId: string,
): Promise<Nomination> => {
  const before = await getNomination(deps, auth, nominationId, 'write');
  assertVersion(before, ifMatch);
  if (before.status === 'withdrawn') throw new NominationAlreadyWithdrawnError();
  requireStatus(before, WITHDRAWABLE, 'withdrawn');
  return saveChange(
    deps,
    auth,
    before,
    'nomination.withdrawn',
    requestId,
    (at) => ({ status: 'withdrawn', withdrawnAt: at, withdrawReason: reason }),
    reason,
  );
};

export const nominationAudit = async (
  deps: Deps,
  auth: AuthContext,
  nominationId: string,
  limit: number,
  cursor?: string,
): Promise<Page<AuditRecord>> => {
  await getNomination(deps, auth, nominationId);
  return deps.repository.audit(auth.agencyId, nominationId, limit, cursor);
};

/**
 * A reviewer relaxes a relaxable rule for one nomination ("特别优秀的可放宽", "一般不超过", "原则上"),
 * with a written reason, in the audit trail (X-AUDIT). Only a breach the nomination actually has
 * can be overridden, never by a reviewer of the nominee's own unit (X-RECUSAL).
 */
export const overrideRule = async (
  deps: Deps,
  auth: AuthContext,
  nominationId: string,
  ifMatch: readonly number[] | 'any' | undefined,
  body: OverrideBody,
  requestId: string,
): Promise<Nomination> => {
  const before = await getNomination(deps, auth, nominationId);
  assertVersion(before, ifMatch);
  if (auth.unitId !== undefined && auth.unitId === before.unitId) throw new OwnUnitReviewError();
  if (before.status === 'withdrawn') throw new NominationAlreadyWithdrawnError();
  // Overrides lift breaches before the decision; after it, the decision stands on the facts it had.
  requireStatus(before, WITHDRAWABLE, 'overridden');
  const target = before.eligibility.pending.find(
    (f) => f.ruleId === body.ruleId && (body.clause === undefined || f.clause === body.clause),
  );
  if (!target) throw new NothingToOverrideError(body.ruleId, before.eligibility.pending);
  const { cycle, programme } = await cycleAndProgramme(deps, auth, before.cycleId, before.programmeId);
  const at = deps.now();
  const override: RuleOverride = {
    ruleId: body.ruleId,
    ...((body.clause ?? target.clause) ? { clause: body.clause ?? target.clause } : {}),
    by: auth.userId,
    reason: body.reason,
    at,
  };
  const overrides = [...before.overrides, override];
  const who = {
    ...(before.nominee ? { personFingerprint: before.personFingerprint } : {}),
    nominationId: before.nominationId,
  };
  const [sanctions, participation] = await Promise.all([
    sanctionsOf(auth, programme, { unitId: before.unitId, ...who }),
    participationFactsOf(auth, programme, who),
  ]);
  const eligibility = eligibilityOf(programme, cycle, {
    category: before.category,
    subject: before,
    attributes: before.attributes,
    overrides,
    sanctions,
    ...(participation ? { participation } : {}),
  });
  return saveChange(
    deps,
    auth,
    before,
    'nomination.rule-overridden',
    requestId,
    { overrides, eligibility },
    `${override.ruleId}${override.clause ? ` (${override.clause})` : ''}: ${body.reason}`,
  );
};
