/**
 * The Jiangsu cohort (江苏省卓越技师培育计划, seed 003): training units and majors, trainees' choices,
 * instructors, plans, sessions and attendance, leave, research reports, grades, deferral, the
 * second tracked year, sanctions, acceptance and certificates. Every rule the catalogue holds is run
 * through the engine; every change is written with its audit record in one transaction (X-AUDIT).
 */

import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import {
  evaluate,
  failsAttendance,
  findProgramme,
  type Programme,
  type TraineeResult,
  withBase,
} from '@talent/catalogue';
import {
  type AgencyId,
  getDocumentClient,
  onConditionFailed,
  type Page,
  personFingerprint,
  queryPage,
  type TransactItem,
  TransactionConditionFailed,
  tenantKey,
  transactWrite,
} from '@talent/data';
import {
  type AuthContext,
  assertIfMatch,
  assertNotOwnUnit,
  assertUnitActs,
  changeBy,
  heldToUnit,
  type IfMatch,
} from '@talent/http';
import {
  addYears,
  ConflictError,
  compareDates,
  ForbiddenError,
  maskResidentId,
  NotFoundError,
  newId,
  PreconditionFailedError,
  shanghaiDate,
  ValidationFailedError,
  type Violation,
} from '@talent/kernel';
import { DynamoProgrammeStore } from '@talent/programmes';
import { type Cycle, officialEntry } from '@talent/svc-nominations/roster';
import { cycleOf, stageStatus } from '../shared/cycle-access';
import { endedSk, inTrainingSk, participationPk } from './participation-reader';
import { SANCTION_EFFECTS, sanctionPk } from './sanctions-reader';
import type {
  AttendanceBody,
  CityLeadBody,
  ContinuationBody,
  DeferralBody,
  EnrolBody,
  GradesBody,
  InstructorBody,
  LeaveBody,
  LeaveDecisionBody,
  ReportBody,
  ReportScoreBody,
  SanctionBody,
  SanctionQuery,
  SessionBody,
  TrainingPlanBody,
  TrainingUnitBody,
} from './schemas';
import {
  allOf,
  audit,
  type Change,
  cyclePk,
  getItem,
  pageOf,
  put,
  strip,
  table,
  traineeIndexSk,
  traineePk,
  traineesIndexPk,
  traineesIndexPrefix,
} from './store';

export const PROGRAMME_ID = 'jiangsu-excellent-technicians';
/** 3年内 (第二十一条): the years of each sanction kind, from the programme definition. */
const sanctionYears = (kind: string): number =>
  findProgramme(PROGRAMME_ID)?.sanctions.find((x) => x.id === kind)?.years ?? 3;
const FAIL_GRADE = '不合格';

// ——— entities ———

export interface TrainingPlan extends TrainingPlanBody {}

export interface TrainingUnit {
  readonly cycleId: string;
  readonly unitId: string;
  readonly name: string;
  readonly kind: TrainingUnitBody['kind'];
  readonly city: string;
  readonly majors: readonly { code: string; name: string }[];
  readonly plan?: TrainingPlan;
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface Instructor {
  readonly name: string;
  readonly professionalTitle?: string;
  readonly skillLevel?: string;
  readonly assignedAt: string;
}

export interface Trainee {
  readonly traineeId: string;
  readonly cycleId: string;
  readonly year: number;
  readonly nominationId: string;
  readonly category: string;
  /** The recommending (employer) unit of the nomination: JS-SANCTIONS employer sanctions key on it. */
  readonly employerUnitId: string;
  readonly name: string;
  readonly residentIdMasked: string;
  readonly personFingerprint: string;
  readonly unitId: string;
  readonly majorCode: string;
  readonly majorName: string;
  readonly unitCity: string;
  readonly homeCity: string;
  /** 异地参训: theory may be online (JS-HOURS-RATIO); travel and lodging allowed (JS-EXPENSE-SPLIT). */
  readonly outOfTown: boolean;
  readonly instructor?: Instructor;
  readonly hoursAttended: number;
  readonly creditsEarned: number;
  readonly reportSubmitted: boolean;
  /** active; deferred (to the next year's cycle, JS-DEFERRAL); continued (year 2 enrolled, JS-TRACKING). */
  readonly status: 'active' | 'deferred' | 'continued';
  /** 1 or 2 of the two tracked years (JS-TRACKING). */
  readonly participationYear: 1 | 2;
  readonly deferralsUsed: number;
  readonly previousTraineeId?: string;
  readonly nextTraineeId?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface Session extends SessionBody {
  readonly sessionId: string;
  readonly cycleId: string;
  readonly unitId: string;
  readonly createdAt: string;
}

export interface GradeRow {
  readonly traineeId: string;
  readonly category: string;
  readonly proposedGrade: string;
  readonly grade: string;
  /** JS-ATTENDANCE-FAIL: hours or credits below 70% made it 不合格. */
  readonly autoFailed: boolean;
  readonly score?: number;
  readonly hoursAttended: number;
  readonly hoursRequired: number;
  readonly creditsEarned: number;
  readonly creditsRequired: number;
  readonly reportSubmitted: boolean;
}

export interface Grading {
  readonly cycleId: string;
  readonly unitId: string;
  readonly grades: readonly GradeRow[];
  /** Reported rules (JS-REPORT: a missing research report). */
  readonly flags: readonly Violation[];
  readonly version: number;
  readonly submittedAt: string;
  readonly submittedBy: string;
  /** Set when the acceptance stage closes: the results are final and immutable (JS-ACCEPTANCE). */
  readonly finalAt?: string;
}

// ——— access ———

/**
 * The unit a reader is held to (P-UNIT-SCOPE, docs/api.md): a caller holding `unit` without `admin`
 * sees only the unit of its token, whatever other role it also holds (a `[unit, finance]` token is
 * a unit user); null when held but the token names no unit. Without `unit`, admin, reviewer,
 * auditor and finance read every unit (finance only reaches the routes its role allows).
 */
export const readScope = (auth: AuthContext): string | null | undefined => {
  if (auth.roles.includes('admin')) return undefined;
  if (auth.roles.includes('unit')) return auth.unitId ?? null;
  return heldToUnit(auth, 'read', ['finance']);
};

/** A unit user sees only its own unit (P-UNIT-SCOPE): another unit's is not found. */
const assertReads = (auth: AuthContext, unitId: string, what: string, id: string) => {
  const held = readScope(auth);
  if (held !== undefined && held !== unitId) throw new NotFoundError(what, id);
};

/** Only admin, or the unit itself, changes a unit's things (P-UNIT-SCOPE). */
export const assertWrites = (auth: AuthContext, unitId: string) =>
  assertUnitActs(auth, unitId, 'A training unit may act only for its own trainees');

const changeOf = (auth: AuthContext, action: string, requestId: string, reason?: string): Change =>
  changeBy(auth, action, requestId, reason);

const fail = (ruleId: string, path: string, message: string, messageZh?: string): never => {
  throw new ValidationFailedError([{ ruleId, path, message, ...(messageZh ? { messageZh } : {}) }]);
};

const jsCycle = (ag: AgencyId, cycleId: string) => cycleOf(ag, cycleId, [PROGRAMME_ID]);

const assertVersion = (entity: { version: number }, ifMatch: IfMatch) =>
  assertIfMatch(ifMatch, entity.version);

// ——— items ———

const unitItem = (ag: AgencyId, u: TrainingUnit) => ({
  PK: cyclePk(ag, u.cycleId),
  SK: `UNIT#${u.unitId}`,
  entityKind: 'JsTrainingUnit',
  ...u,
});
const traineeItem = (ag: AgencyId, t: Trainee) => ({
  PK: traineePk(ag, t.traineeId),
  SK: 'TRAINEE',
  GSI1PK: traineesIndexPk(ag, t.cycleId),
  GSI1SK: traineeIndexSk(t.unitId, t.traineeId),
  entityKind: 'JsTrainee',
  ...t,
});

export const readUnit = (ag: AgencyId, cycleId: string, unitId: string) =>
  getItem<TrainingUnit>(cyclePk(ag, cycleId), `UNIT#${unitId}`);
export const readTrainee = (ag: AgencyId, traineeId: string) =>
  getItem<Trainee>(traineePk(ag, traineeId), 'TRAINEE');
/**
 * A first grade submission's lock on the unit (`GRADING#<unitId>` with `state: 'locking'`, see
 * `submitGrades`): it makes every trainee change of the unit fail its `gradingNotStarted` check
 * while the grades are computed, and is replaced by the grading (or deleted) by the request holding
 * it. Readers treat it as "no grades yet". Its lease is on the wall clock (not the domain clock).
 */
export interface GradingLock {
  readonly cycleId: string;
  readonly unitId: string;
  readonly state: typeof GRADING_LOCKING;
  /** The request holding it (request id and a nonce). */
  readonly lockedBy: string;
  readonly lockedAt: string;
}
export const GRADING_LOCKING = 'locking';
/** After this a lock is a crashed request's: the next submission takes it over, trainee changes pass it. */
export const GRADING_LOCK_TTL_MS = 60_000;
/** The holder writes the grading only within this of its `lockedAt` (a margin below the TTL for clock skew). */
const GRADING_LOCK_COMMIT_MS = 50_000;
const wallClockIso = (ms = Date.now()) => new Date(ms).toISOString();

/** A lock item rather than a unit's grades. */
export const isGradingLock = (item: unknown): item is GradingLock =>
  typeof item === 'object' && item !== null && (item as { state?: unknown }).state === GRADING_LOCKING;

/** The unit's `GRADING#` item as stored: its grades, a first submission's lock, or nothing. */
const readGradingItem = (ag: AgencyId, cycleId: string, unitId: string) =>
  getItem<Grading | GradingLock>(cyclePk(ag, cycleId), `GRADING#${unitId}`);
/** The unit's grades, if submitted (a first submission still holding its lock is "no grades yet"). */
export const readGrading = async (
  ag: AgencyId,
  cycleId: string,
  unitId: string,
): Promise<Grading | undefined> => {
  const item = await readGradingItem(ag, cycleId, unitId);
  return item && !isGradingLock(item) ? item : undefined;
};
/** The acceptance's final marker (written first by the acceptance `closed` hook): no grade, score or enrolment after it. */
export const ACCEPTANCE_SK = 'ACCEPTANCE#FINAL';
/** How many trainee records were ever created in a unit for a cycle (the set grading must see in full). */
const rosterSk = (unitId: string) => `ROSTER#${unitId}`;

/** DynamoDB's limit of items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

/** A ConditionCheck: the item `sk` of the cycle partition does not exist. */
const absent = (ag: AgencyId, cycleId: string, sk: string): TransactItem => ({
  ConditionCheck: {
    TableName: table(),
    Key: { PK: cyclePk(ag, cycleId), SK: sk },
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});
/**
 * Grading of the unit has not started: no `GRADING#<unit>` item (no grades, no first submission
 * holding its lock; a lock older than its TTL is a crashed request's and does not count), so the
 * unit's trainees may still change. Every change of a trainee's graded facts checks it.
 */
export const gradingNotStarted = (ag: AgencyId, cycleId: string, unitId: string): TransactItem => ({
  ConditionCheck: {
    TableName: table(),
    Key: { PK: cyclePk(ag, cycleId), SK: `GRADING#${unitId}` },
    ConditionExpression: 'attribute_not_exists(PK) OR (#state = :locking AND lockedAt < :cutoff)',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: {
      ':locking': GRADING_LOCKING,
      ':cutoff': wallClockIso(Date.now() - GRADING_LOCK_TTL_MS),
    },
  },
});
/** The acceptance of the cycle is not final (no marker). */
export const acceptanceOpen = (ag: AgencyId, cycleId: string): TransactItem =>
  absent(ag, cycleId, ACCEPTANCE_SK);
/** Counts one more trainee record of the unit in the cycle. */
const rosterAdd = (ag: AgencyId, cycleId: string, unitId: string): TransactItem => ({
  Update: {
    TableName: table(),
    Key: { PK: cyclePk(ag, cycleId), SK: rosterSk(unitId) },
    UpdateExpression: 'ADD enrolled :one SET entityKind = :k, unitId = :u',
    ExpressionAttributeValues: { ':one': 1, ':k': 'JsUnitRoster', ':u': unitId },
  },
});

export const gradingStarted = (unitId: string, ruleId = 'JS-GRADES') =>
  new ConflictError(
    ruleId,
    `grading of training unit ${unitId} has started (its grades are submitted or being submitted): its trainees, plan and attendance are fixed`,
  );
const acceptanceFinal = (field?: string) =>
  new ConflictError(
    'JS-ACCEPTANCE',
    'the acceptance is final: the year’s results can no longer change',
    field,
  );

const unitTrainees = (ag: AgencyId, cycleId: string, unitId: string) =>
  allOf<Trainee>('', traineesIndexPrefix(unitId), { name: 'GSI1', pk: traineesIndexPk(ag, cycleId) });

const mustUnit = async (ag: AgencyId, cycleId: string, unitId: string) => {
  const u = await readUnit(ag, cycleId, unitId);
  if (!u) throw new NotFoundError('Training unit', unitId);
  return u;
};

/** The trainee as the caller may see it: another agency's or (for a unit) another unit's is not found. */
const traineeFor = async (auth: AuthContext, traineeId: string): Promise<Trainee> => {
  const t = await readTrainee(auth.agencyId, traineeId);
  if (!t) throw new NotFoundError('Trainee', traineeId);
  assertReads(auth, t.unitId, 'Trainee', traineeId);
  return t;
};

export const traineeView = (t: Trainee) => ({ ...t, personFingerprint: undefined });

// ——— training units (JS-TRAINING-UNITS) and plans (JS-WINDOW, JS-HOURS-RATIO) ———

export const putTrainingUnit = async (
  auth: AuthContext,
  cycleId: string,
  unitId: string,
  body: TrainingUnitBody,
  requestId: string,
): Promise<TrainingUnit> => {
  await jsCycle(auth.agencyId, cycleId);
  const before = await readUnit(auth.agencyId, cycleId, unitId);
  const change = changeOf(auth, before ? 'js.unit.updated' : 'js.unit.registered', requestId);
  const after: TrainingUnit = {
    ...(before ?? {}),
    cycleId,
    unitId,
    ...body,
    version: (before?.version ?? 0) + 1,
    updatedAt: change.at,
    updatedBy: auth.userId,
  };
  const pk = cyclePk(auth.agencyId, cycleId);
  await onConditionFailed(
    transactWrite([
      before
        ? put(unitItem(auth.agencyId, after), 'version = :v', { ':v': before.version })
        : put(unitItem(auth.agencyId, after), 'attribute_not_exists(PK)'),
      audit(auth.agencyId, 'JsTrainingUnit', `${cycleId}/${unitId}`, pk, change, before, after),
    ]),
    () => new PreconditionFailedError(),
  );
  return after;
};

export const getTrainingUnit = async (auth: AuthContext, cycleId: string, unitId: string) => {
  await jsCycle(auth.agencyId, cycleId);
  assertReads(auth, unitId, 'Training unit', unitId);
  return mustUnit(auth.agencyId, cycleId, unitId);
};

export const listTrainingUnits = async (
  auth: AuthContext,
  cycleId: string,
  limit: number,
  cursor?: string,
): Promise<Page<TrainingUnit>> => {
  await jsCycle(auth.agencyId, cycleId);
  const held = readScope(auth);
  if (held !== undefined) {
    const own = held ? await readUnit(auth.agencyId, cycleId, held) : undefined;
    return { items: own ? [own] : [], nextCursor: null };
  }
  return pageOf<TrainingUnit>(auth.agencyId, cyclePk(auth.agencyId, cycleId), 'UNIT#', limit, cursor);
};

export const putTrainingPlan = async (
  auth: AuthContext,
  cycleId: string,
  unitId: string,
  body: TrainingPlanBody,
  ifMatch: readonly number[] | 'any' | undefined,
  requestId: string,
): Promise<TrainingUnit> => {
  assertWrites(auth, unitId);
  const { cycle, programme } = await jsCycle(auth.agencyId, cycleId);
  const before = await mustUnit(auth.agencyId, cycleId, unitId);
  assertVersion(before, ifMatch);
  if (await readGrading(auth.agencyId, cycleId, unitId)) throw gradingStarted(unitId);
  const result = evaluate(programme, {
    type: 'training-plan',
    year: cycle.year,
    startsOn: body.startsOn,
    endsOn: body.endsOn,
    theoryHours: body.theoryHours,
    practiceHours: body.practiceHours,
  });
  if (!result.ok) throw new ValidationFailedError(withBase('body', result.violations));
  const change = changeOf(auth, 'js.plan.set', requestId);
  const after: TrainingUnit = {
    ...before,
    plan: body,
    version: before.version + 1,
    updatedAt: change.at,
    updatedBy: auth.userId,
  };
  await onConditionFailed(
    transactWrite([
      put(unitItem(auth.agencyId, after), 'version = :v', { ':v': before.version }),
      audit(
        auth.agencyId,
        'JsTrainingUnit',
        `${cycleId}/${unitId}`,
        cyclePk(auth.agencyId, cycleId),
        change,
        before,
        after,
      ),
      // The plan's hours and credits are what grading compared with: fixed once grading started.
      gradingNotStarted(auth.agencyId, cycleId, unitId),
    ]),
    (failed) => (failed.includes(2) ? gradingStarted(unitId) : new PreconditionFailedError()),
  );
  return after;
};

// ——— city leads (JS-CITY-LEAD) ———

export interface CityLead extends CityLeadBody {
  readonly cycleId: string;
  readonly city: string;
  readonly version: number;
  readonly updatedAt: string;
}

export const putCityLead = async (
  auth: AuthContext,
  cycleId: string,
  city: string,
  body: CityLeadBody,
  requestId: string,
): Promise<CityLead> => {
  await jsCycle(auth.agencyId, cycleId);
  const pk = cyclePk(auth.agencyId, cycleId);
  const before = await getItem<CityLead>(pk, `CITYLEAD#${city}`);
  const change = changeOf(auth, 'js.city-lead.named', requestId);
  const after: CityLead = {
    cycleId,
    city,
    ...body,
    version: (before?.version ?? 0) + 1,
    updatedAt: change.at,
  };
  await onConditionFailed(
    transactWrite([
      before
        ? put({ PK: pk, SK: `CITYLEAD#${city}`, entityKind: 'JsCityLead', ...after }, 'version = :v', {
            ':v': before.version,
          })
        : put(
            { PK: pk, SK: `CITYLEAD#${city}`, entityKind: 'JsCityLead', ...after },
            'attribute_not_exists(PK)',
          ),
      audit(auth.agencyId, 'JsCityLead', `${cycleId}/${city}`, pk, change, before, after),
    ]),
    () => new PreconditionFailedError(),
  );
  return after;
};

export const listCityLeads = async (auth: AuthContext, cycleId: string, limit: number, cursor?: string) => {
  await jsCycle(auth.agencyId, cycleId);
  return pageOf<CityLead>(auth.agencyId, cyclePk(auth.agencyId, cycleId), 'CITYLEAD#', limit, cursor);
};

// ——— trainees ———

export const enrolTrainee = async (
  auth: AuthContext,
  cycleId: string,
  body: EnrolBody,
  requestId: string,
): Promise<Trainee> => {
  assertWrites(auth, body.unitId);
  const { cycle } = await jsCycle(auth.agencyId, cycleId);
  if (stageStatus(cycle, 'official-list') !== 'closed') {
    throw new ConflictError('JS-TRAINING-UNITS', 'trainees enrol once the official list is final', 'cycleId');
  }
  if (stageStatus(cycle, 'acceptance') === 'closed') throw acceptanceFinal();
  const entry = await officialEntry(auth.agencyId, body.nominationId);
  if (!entry || entry.cycleId !== cycleId || !entry.nominee) {
    fail(
      'P-OFFICIAL-LIST',
      'body.nominationId',
      'not a nomination on this cycle’s official list',
      '不在本年度正式名单上',
    );
  }
  const unit = await readUnit(auth.agencyId, cycleId, body.unitId);
  if (!unit)
    fail('JS-TRAINING-UNITS', 'body.unitId', 'no such training unit in this cycle', '本年度无此承训单位');
  const major = unit?.majors.find((m) => m.code === body.majorCode);
  if (!major)
    fail('JS-TRAINING-UNITS', 'body.majorCode', 'the unit offers no such major', '该承训单位未提供此专业');
  const nominee = entry?.nominee;
  if (!unit || !major || !entry || !nominee) throw new Error('unreachable');
  const fingerprint = personFingerprint(auth.agencyId, nominee.residentId);
  const change = changeOf(auth, 'js.trainee.enrolled', requestId);
  const trainee: Trainee = {
    traineeId: newId(),
    cycleId,
    year: cycle.year,
    nominationId: entry.nominationId,
    category: entry.category,
    employerUnitId: entry.unitId,
    name: nominee.name,
    residentIdMasked: maskResidentId(nominee.residentId),
    personFingerprint: fingerprint,
    unitId: unit.unitId,
    majorCode: major.code,
    majorName: major.name,
    unitCity: unit.city,
    homeCity: body.homeCity,
    outOfTown: body.homeCity !== unit.city,
    hoursAttended: 0,
    creditsEarned: 0,
    reportSubmitted: false,
    status: 'active',
    participationYear: 1,
    deferralsUsed: 0,
    version: 1,
    createdAt: change.at,
    updatedAt: change.at,
    updatedBy: auth.userId,
  };
  await writeNewTrainee(auth.agencyId, trainee, change);
  return trainee;
};

/** A transaction item and the error its failed condition means. */
interface Guarded {
  readonly item: TransactItem;
  readonly error: () => Error;
}

/**
 * The trainee, its one-per-person-per-cycle item, the audit record and the unit's roster count, in
 * one transaction, refused once the unit's grading started or the cycle's acceptance is final
 * (JS-GRADES, JS-ACCEPTANCE: a trainee enrolled then would never be graded). `extra` items are
 * written in the same transaction, each with the error of its failed condition.
 */
const writeNewTrainee = (ag: AgencyId, t: Trainee, change: Change, extra: readonly Guarded[] = []) => {
  const guarded: Guarded[] = [
    {
      item: put(
        {
          PK: cyclePk(ag, t.cycleId),
          SK: `PERSON#${t.personFingerprint}`,
          entityKind: 'JsTraineePerson',
          traineeId: t.traineeId,
        },
        'attribute_not_exists(PK)',
      ),
      error: () =>
        new ConflictError(
          'P-ONE-TRAINEE-PER-CYCLE',
          'this person is already a trainee of the cycle',
          'body.nominationId',
        ),
    },
    { item: put(traineeItem(ag, t), 'attribute_not_exists(PK)'), error: () => new PreconditionFailedError() },
    {
      item: audit(ag, 'JsTrainee', t.traineeId, traineePk(ag, t.traineeId), change, null, traineeView(t)),
      error: () => new PreconditionFailedError(),
    },
    { item: gradingNotStarted(ag, t.cycleId, t.unitId), error: () => gradingStarted(t.unitId) },
    { item: acceptanceOpen(ag, t.cycleId), error: () => acceptanceFinal() },
    { item: rosterAdd(ag, t.cycleId, t.unitId), error: () => new PreconditionFailedError() },
    // JS-EXCLUSIONS: the person is in training (read by nominations intake, participation-reader.ts).
    {
      item: put({
        PK: participationPk(ag, t.personFingerprint),
        SK: inTrainingSk(t.traineeId),
        entityKind: 'JsParticipationInTraining',
        traineeId: t.traineeId,
        cycleId: t.cycleId,
        year: t.year,
        nominationId: t.nominationId,
        participationYear: t.participationYear,
        since: change.at,
      }),
      error: () => new PreconditionFailedError(),
    },
    ...extra,
  ];
  return onConditionFailed(transactWrite(guarded.map((g) => g.item)), (failed) => {
    const first = failed.map((i) => guarded[i]).find((g) => g !== undefined);
    return first ? first.error() : new PreconditionFailedError();
  });
};

export const listTrainees = async (
  auth: AuthContext,
  cycleId: string,
  query: { unitId?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<Trainee>> => {
  await jsCycle(auth.agencyId, cycleId);
  let unitId = query.unitId;
  const held = readScope(auth);
  if (held !== undefined) {
    if (!held || (unitId !== undefined && unitId !== held)) return { items: [], nextCursor: null };
    unitId = held;
  }
  const pk = traineesIndexPk(auth.agencyId, cycleId);
  const page = await queryPage({
    tableName: table(),
    indexName: 'GSI1',
    keyCondition: unitId ? 'GSI1PK = :pk AND begins_with(GSI1SK, :u)' : 'GSI1PK = :pk',
    values: { ':pk': pk, ...(unitId ? { ':u': traineesIndexPrefix(unitId) } : {}) },
    limit: query.limit,
    cursor: query.cursor,
    scope: `${auth.agencyId}|GSI1|${pk}|${unitId ?? ''}`,
  });
  return { items: page.items.map((i) => strip<Trainee>(i)), nextCursor: page.nextCursor };
};

/** The individual training file (逐人建立培训档案, JS-INSTRUCTOR): the trainee, sessions, attendance, leave, report, grade. */
export const traineeFile = async (auth: AuthContext, traineeId: string) => {
  const t = await traineeFor(auth, traineeId);
  const [items, sessions, grading, cert] = await Promise.all([
    allOf<Record<string, unknown>>(traineePk(auth.agencyId, traineeId), ''),
    allOf<Session>(cyclePk(auth.agencyId, t.cycleId), `SESSION#${t.unitId}#`),
    readGrading(auth.agencyId, t.cycleId, t.unitId),
    getItem<Record<string, unknown>>(traineePk(auth.agencyId, traineeId), 'CERT'),
  ]);
  const attendance = items.filter((i) => typeof i.attendanceOf === 'string');
  const leave = items.filter((i) => typeof i.leaveId === 'string');
  const report = items.find((i) => i.reportOf === traineeId);
  const row = grading?.grades.find((g) => g.traineeId === traineeId);
  return {
    trainee: traineeView(t),
    sessions,
    attendance,
    leave,
    report: report ?? null,
    grade: row ? { ...row, status: grading?.finalAt ? 'final' : 'provisional' } : null,
    certificate: cert ?? null,
  };
};

const saveTrainee = (
  ag: AgencyId,
  before: Trainee,
  after: Trainee,
  change: Change,
  extra: Parameters<typeof transactWrite>[0] = [],
) =>
  onConditionFailed(
    transactWrite([
      put(traineeItem(ag, after), 'version = :v', { ':v': before.version }),
      audit(
        ag,
        'JsTrainee',
        after.traineeId,
        traineePk(ag, after.traineeId),
        change,
        traineeView(before),
        traineeView(after),
      ),
      ...extra,
    ]),
    (failed) =>
      failed.includes(0)
        ? new PreconditionFailedError()
        : new ConflictError('P-STATE', 'the change conflicts with the current state'),
  );

export const assignInstructor = async (
  auth: AuthContext,
  traineeId: string,
  body: InstructorBody,
  ifMatch: readonly number[] | 'any' | undefined,
  requestId: string,
): Promise<Trainee> => {
  const before = await traineeFor(auth, traineeId);
  assertWrites(auth, before.unitId);
  assertVersion(before, ifMatch);
  const { programme } = await jsCycle(auth.agencyId, before.cycleId);
  const result = evaluate(programme, {
    type: 'instructor-assignment',
    instructor: {
      ...(body.professionalTitle ? { professionalTitle: body.professionalTitle } : {}),
      ...(body.skillLevel ? { skillLevel: body.skillLevel } : {}),
    },
  });
  if (!result.ok) throw new ValidationFailedError(withBase('body', result.violations));
  const change = changeOf(auth, 'js.instructor.assigned', requestId);
  const after: Trainee = {
    ...before,
    instructor: { ...body, assignedAt: change.at },
    version: before.version + 1,
    updatedAt: change.at,
    updatedBy: auth.userId,
  };
  await saveTrainee(auth.agencyId, before, after, change);
  return after;
};

// ——— sessions and attendance ———

export const addSession = async (
  auth: AuthContext,
  cycleId: string,
  unitId: string,
  body: SessionBody,
  requestId: string,
): Promise<Session> => {
  assertWrites(auth, unitId);
  await jsCycle(auth.agencyId, cycleId);
  const unit = await mustUnit(auth.agencyId, cycleId, unitId);
  const plan = unit.plan;
  if (!plan)
    return fail('JS-WINDOW', 'body.date', 'the unit has no training plan yet', '承训单位尚未制定培训计划');
  if (compareDates(body.date, plan.startsOn) < 0 || compareDates(body.date, plan.endsOn) > 0) {
    fail(
      'JS-WINDOW',
      'body.date',
      `sessions take place within the plan ${plan.startsOn}..${plan.endsOn}`,
      '培训须在培训计划期间内',
    );
  }
  if (body.onlineAllowed && body.kind !== 'theory') {
    fail('JS-HOURS-RATIO', 'body.onlineAllowed', 'only theory may be taken online', '仅理论学习可线上参加');
  }
  const change = changeOf(auth, 'js.session.added', requestId);
  const session: Session = { ...body, sessionId: newId(), cycleId, unitId, createdAt: change.at };
  const pk = cyclePk(auth.agencyId, cycleId);
  await transactWrite([
    put(
      { PK: pk, SK: `SESSION#${unitId}#${session.sessionId}`, entityKind: 'JsSession', ...session },
      'attribute_not_exists(PK)',
    ),
    audit(auth.agencyId, 'JsSession', session.sessionId, pk, change, null, session),
  ]);
  return session;
};

export const listSessions = async (
  auth: AuthContext,
  cycleId: string,
  unitId: string,
  limit: number,
  cursor?: string,
) => {
  await jsCycle(auth.agencyId, cycleId);
  assertReads(auth, unitId, 'Training unit', unitId);
  return pageOf<Session>(auth.agencyId, cyclePk(auth.agencyId, cycleId), `SESSION#${unitId}#`, limit, cursor);
};

export interface Attendance extends AttendanceBody {
  readonly attendanceOf: string;
  readonly sessionId: string;
  readonly version: number;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/** Attendance of a trainee at a session, checked but not written (shared by the route and the import). */
export const checkAttendance = (
  t: Trainee,
  session: Session | undefined,
  body: AttendanceBody,
  base: string,
): Violation[] => {
  const out: Violation[] = [];
  if (!session)
    return [
      { ruleId: 'JS-WINDOW', path: `${base}.sessionId`, message: 'no such session of the trainee’s unit' },
    ];
  if (body.hours > session.hours) {
    out.push({
      ruleId: 'JS-HOURS-RATIO',
      path: `${base}.hours`,
      message: `at most the session’s ${session.hours} hours`,
    });
  }
  if (body.credits > session.credits) {
    out.push({
      ruleId: 'JS-HOURS-RATIO',
      path: `${base}.credits`,
      message: `at most the session’s ${session.credits} credits`,
    });
  }
  if (!body.present && (body.hours > 0 || body.credits > 0)) {
    out.push({
      ruleId: 'JS-HOURS-RATIO',
      path: `${base}.hours`,
      message: 'an absent trainee earns no hours or credits',
    });
  }
  if (body.online && !(session.kind === 'theory' && session.onlineAllowed && t.outOfTown)) {
    out.push({
      ruleId: 'JS-HOURS-RATIO',
      path: `${base}.online`,
      message: 'only out-of-town trainees take theory online, at sessions that allow it',
      messageZh: '选取异地承训单位的培育对象，理论学习部分可以线上形式参加',
    });
  }
  return out;
};

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Adds attendance hours and credits (rounded to 0.1) to an active trainee's totals and bumps its
 * version; a trainee no longer active fails the condition.
 */
export const addToTotals = (
  traineeItemPk: string,
  hours: number,
  credits: number,
  at: string,
): TransactItem => ({
  Update: {
    TableName: table(),
    Key: { PK: traineeItemPk, SK: 'TRAINEE' },
    UpdateExpression: 'ADD hoursAttended :h, creditsEarned :c, version :one SET updatedAt = :at',
    ConditionExpression: '#s = :active',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: {
      ':h': round1(hours),
      ':c': round1(credits),
      ':one': 1,
      ':at': at,
      ':active': 'active',
    },
  },
});

/** The index of the grading-not-started check among `attendanceItems`. */
export const ATTENDANCE_GRADING_CHECK = 3;

/** The transaction items of one attendance record (replacing an earlier one adjusts the totals by the difference). */
export const attendanceItems = (
  ag: AgencyId,
  t: Trainee,
  before: Attendance | undefined,
  body: AttendanceBody,
  sessionId: string,
  change: Change,
): {
  items: Parameters<typeof transactWrite>[0];
  record: Attendance;
  /** The row's own items (its put and audit record), for writes that add the totals and check once. */
  own: TransactItem[];
} => {
  const record: Attendance = {
    ...body,
    attendanceOf: t.traineeId,
    sessionId,
    version: (before?.version ?? 0) + 1,
    recordedAt: change.at,
    recordedBy: change.actor.userId,
  };
  const pk = traineePk(ag, t.traineeId);
  const row = put(
    { PK: pk, SK: `ATT#${sessionId}`, entityKind: 'JsAttendance', ...record },
    before ? 'version = :v' : 'attribute_not_exists(PK)',
    before ? { ':v': before.version } : undefined,
  );
  const audited = audit(
    ag,
    'JsAttendance',
    `${t.traineeId}/${sessionId}`,
    pk,
    change,
    before ?? null,
    record,
  );
  return {
    record,
    own: [row, audited],
    items: [
      row,
      addToTotals(pk, body.hours - (before?.hours ?? 0), body.credits - (before?.credits ?? 0), change.at),
      audited,
      // The hours grading compared with are fixed once it started (index ATTENDANCE_GRADING_CHECK).
      gradingNotStarted(ag, t.cycleId, t.unitId),
    ],
  };
};

export const recordAttendance = async (
  auth: AuthContext,
  traineeId: string,
  sessionId: string,
  body: AttendanceBody,
  requestId: string,
): Promise<Attendance> => {
  const t = await traineeFor(auth, traineeId);
  assertWrites(auth, t.unitId);
  const session = await getItem<Session>(
    cyclePk(auth.agencyId, t.cycleId),
    `SESSION#${t.unitId}#${sessionId}`,
  );
  if (!session) throw new NotFoundError('Session', sessionId);
  if (await readGrading(auth.agencyId, t.cycleId, t.unitId)) throw gradingStarted(t.unitId);
  const violations = checkAttendance(t, session, body, 'body');
  if (violations.length > 0) throw new ValidationFailedError(violations);
  const before = await getItem<Attendance>(traineePk(auth.agencyId, traineeId), `ATT#${sessionId}`);
  const change = changeOf(auth, 'js.attendance.recorded', requestId);
  const { items, record } = attendanceItems(auth.agencyId, t, before, body, sessionId, change);
  await onConditionFailed(transactWrite(items), (failed) =>
    failed.includes(ATTENDANCE_GRADING_CHECK)
      ? gradingStarted(t.unitId)
      : failed.includes(1)
        ? new ConflictError(
            'JS-DEFERRAL',
            `the trainee is ${t.status}: attendance is recorded only for active trainees`,
          )
        : new PreconditionFailedError(),
  );
  return record;
};

// ——— leave (JS-CITY-LEAD) ———

export interface Leave extends LeaveBody {
  readonly leaveId: string;
  readonly traineeId: string;
  readonly city: string;
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly requestedAt: string;
  readonly requestedBy: string;
  readonly decidedAt?: string;
  readonly decidedBy?: string;
  readonly comment?: string;
}

export const requestLeave = async (
  auth: AuthContext,
  traineeId: string,
  body: LeaveBody,
  requestId: string,
) => {
  const t = await traineeFor(auth, traineeId);
  assertWrites(auth, t.unitId);
  if (compareDates(body.from, body.to) > 0) fail('P-DATE', 'body.to', 'the leave ends on or after it starts');
  const change = changeOf(auth, 'js.leave.requested', requestId);
  const leave: Leave = {
    ...body,
    leaveId: newId(),
    traineeId,
    city: t.unitCity,
    status: 'pending',
    requestedAt: change.at,
    requestedBy: auth.userId,
  };
  const pk = traineePk(auth.agencyId, traineeId);
  await transactWrite([
    put(
      { PK: pk, SK: `LEAVE#${leave.leaveId}`, entityKind: 'JsLeave', ...leave },
      'attribute_not_exists(PK)',
    ),
    audit(auth.agencyId, 'JsLeave', leave.leaveId, pk, change, null, leave),
  ]);
  return leave;
};

/** Only the official named for the city of the trainee's unit approves or rejects its leave (JS-CITY-LEAD). */
export const decideLeave = async (
  auth: AuthContext,
  traineeId: string,
  leaveId: string,
  body: LeaveDecisionBody,
  requestId: string,
) => {
  const t = await traineeFor(auth, traineeId);
  const pk = traineePk(auth.agencyId, traineeId);
  const before = await getItem<Leave>(pk, `LEAVE#${leaveId}`);
  if (!before) throw new NotFoundError('Leave', leaveId);
  const lead = await getItem<CityLead>(cyclePk(auth.agencyId, t.cycleId), `CITYLEAD#${before.city}`);
  if (!lead || lead.userId !== auth.userId) {
    throw new ForbiddenError(`only the city lead of ${before.city} decides this leave`, 'JS-CITY-LEAD');
  }
  if (before.status !== 'pending')
    throw new ConflictError('JS-CITY-LEAD', `the leave is already ${before.status}`);
  const change = changeOf(
    auth,
    body.approve ? 'js.leave.approved' : 'js.leave.rejected',
    requestId,
    body.comment,
  );
  const after: Leave = {
    ...before,
    status: body.approve ? 'approved' : 'rejected',
    decidedAt: change.at,
    decidedBy: auth.userId,
    ...(body.comment ? { comment: body.comment } : {}),
  };
  await onConditionFailed(
    transactWrite([
      put(
        { PK: pk, SK: `LEAVE#${leaveId}`, entityKind: 'JsLeave', ...after },
        '#s = :pending',
        { ':pending': 'pending' },
        { '#s': 'status' },
      ),
      audit(auth.agencyId, 'JsLeave', leaveId, pk, change, before, after),
    ]),
    () => new ConflictError('JS-CITY-LEAD', 'the leave was decided meanwhile'),
  );
  return after;
};

// ——— research report (JS-REPORT) ———

export interface Report extends ReportBody {
  readonly reportOf: string;
  readonly year: number;
  readonly score?: number;
  readonly comment?: string;
  readonly scoredBy?: string;
  readonly scoredAt?: string;
  readonly version: number;
}

export const submitReport = async (
  auth: AuthContext,
  traineeId: string,
  body: ReportBody,
  requestId: string,
) => {
  const t = await traineeFor(auth, traineeId);
  assertWrites(auth, t.unitId);
  const change = changeOf(auth, 'js.report.submitted', requestId);
  const report: Report = { ...body, reportOf: traineeId, year: t.year, version: 1 };
  const pk = traineePk(auth.agencyId, traineeId);
  await onConditionFailed(
    transactWrite([
      put({ PK: pk, SK: 'REPORT', entityKind: 'JsReport', ...report }, 'attribute_not_exists(PK)'),
      {
        Update: {
          TableName: table(),
          Key: { PK: pk, SK: 'TRAINEE' },
          UpdateExpression: 'SET reportSubmitted = :t, updatedAt = :at ADD version :one',
          ExpressionAttributeValues: { ':t': true, ':at': change.at, ':one': 1 },
        },
      },
      audit(auth.agencyId, 'JsReport', traineeId, pk, change, null, report),
    ]),
    () =>
      new ConflictError(
        'JS-REPORT',
        'one research report per trainee per year: it is already submitted',
        'body',
      ),
  );
  return report;
};

export const scoreReport = async (
  auth: AuthContext,
  traineeId: string,
  body: ReportScoreBody,
  requestId: string,
) => {
  const t = await traineeFor(auth, traineeId);
  // An expert never scores a trainee from the expert's own (employer) unit (X-RECUSAL): the unit
  // of the token, and the unit the reviewer registry records for the expert.
  const recused = 'an expert does not score a trainee of their own unit';
  assertNotOwnUnit(auth, t.employerUnitId, recused);
  if (!auth.roles.includes('admin')) {
    const registered = await registeredReviewerUnit(auth.agencyId, auth.userId);
    if (registered !== undefined && registered === t.employerUnitId) {
      throw new ForbiddenError(recused, 'X-RECUSAL');
    }
  }
  const pk = traineePk(auth.agencyId, traineeId);
  const [before, grading] = await Promise.all([
    getItem<Report>(pk, 'REPORT'),
    readGrading(auth.agencyId, t.cycleId, t.unitId),
  ]);
  if (!before) throw new NotFoundError('Research report of trainee', traineeId);
  if (grading?.finalAt) throw acceptanceFinal();
  if (before.score !== undefined) {
    throw new ConflictError('JS-REPORT', `the report is already scored by ${before.scoredBy ?? 'an expert'}`);
  }
  const change = changeOf(auth, 'js.report.scored', requestId);
  const after: Report = {
    ...before,
    score: body.score,
    ...(body.comment ? { comment: body.comment } : {}),
    scoredBy: auth.userId,
    scoredAt: change.at,
    version: before.version + 1,
  };
  await onConditionFailed(
    transactWrite([
      // One score per report: a second expert never overwrites the first (JS-REPORT).
      put(
        { PK: pk, SK: 'REPORT', entityKind: 'JsReport', ...after },
        'version = :v AND attribute_not_exists(score)',
        { ':v': before.version },
      ),
      audit(auth.agencyId, 'JsReport', traineeId, pk, change, before, after),
      acceptanceOpen(auth.agencyId, t.cycleId),
    ]),
    (failed) =>
      failed.includes(2)
        ? acceptanceFinal()
        : new ConflictError('JS-REPORT', 'the report was scored or changed meanwhile'),
  );
  return after;
};

/**
 * The unit the nominations reviewer registry records for a reviewer (`A#<agency>#REVIEWERS` /
 * `REVIEWER#<userId>`, services/nominations/src/repositories/selection-repository.ts), read only;
 * undefined when the user is not registered or the registry names no unit.
 */
export const registeredReviewerUnit = async (ag: AgencyId, userId: string): Promise<string | undefined> => {
  const r = await getItem<{ unitId?: string }>(tenantKey(ag, 'REVIEWERS'), `REVIEWER#${userId}`);
  return typeof r?.unitId === 'string' && r.unitId !== '' ? r.unitId : undefined;
};

// ——— grades (JS-GRADES, JS-GRADE-QUOTA, JS-ATTENDANCE-FAIL, JS-REPORT) ———

/** The trainee items by id, strongly consistent (BatchGet, 100 keys a request, unprocessed keys retried). */
const consistentTrainees = async (ag: AgencyId, ids: readonly string[]): Promise<Trainee[]> => {
  const out: Trainee[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] = ids
      .slice(i, i + 100)
      .map((id) => ({ PK: traineePk(ag, id), SK: 'TRAINEE' }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      if (attempt > 8) throw new Error('trainees could not be read (unprocessed keys)');
      const r = await getDocumentClient().send(
        new BatchGetCommand({ RequestItems: { [table()]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const item of r.Responses?.[table()] ?? [])
        out.push(strip<Trainee>(item as Record<string, unknown>));
      keys = (r.UnprocessedKeys?.[table()]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return out;
};

const attendanceMinPercent = (programme: Programme): number => {
  const rule = programme.rules.find((r) => r.kind === 'attendance-fail');
  const p = rule?.params as { minPercent?: number } | undefined;
  return p?.minPercent ?? 70;
};

/** One reading of the unit's trainees, graded: the rows, the engine's flags and the roster count read. */
interface GradedUnit {
  readonly rows: GradeRow[];
  readonly flags: Violation[];
  /** The unit's roster count as read; undefined when the unit has no roster item. */
  readonly enrolled: number | undefined;
}

/**
 * Reads the unit's active trainees and grades them: every active trainee exactly once (JS-GRADES),
 * hours or credits below 70% make the grade 不合格 (JS-ATTENDANCE-FAIL), then the engine checks the
 * scale and the quotas on the final grades (JS-GRADES, JS-GRADE-QUOTA) and flags a missing report
 * (JS-REPORT). GSI1 gives the ids (eventually consistent); the roster count proves none is missing,
 * and the trainees' status, hours, credits and report are read consistently. Throws 422 / 409.
 */
const gradeUnit = async (
  ag: AgencyId,
  programme: Programme,
  cycleId: string,
  unitId: string,
  plan: TrainingPlan,
  body: GradesBody,
): Promise<GradedUnit> => {
  const roster = await getItem<{ enrolled?: number }>(cyclePk(ag, cycleId), rosterSk(unitId));
  const enrolled = roster?.enrolled ?? 0;
  let listed = await unitTrainees(ag, cycleId, unitId);
  for (let attempt = 1; roster && listed.length < enrolled && attempt <= 3; attempt++) {
    await new Promise((r) => setTimeout(r, 100 * attempt)); // the index catches up
    listed = await unitTrainees(ag, cycleId, unitId);
  }
  // (More listed than counted: records from before the count existed; the check below still holds.)
  if (roster && listed.length < enrolled) {
    throw new ConflictError(
      'P-VERSION-MATCH',
      'a trainee was enrolled in the unit a moment ago: send the grades again',
      'body.grades',
    );
  }
  const trainees = (
    await consistentTrainees(
      ag,
      listed.map((t) => t.traineeId),
    )
  ).filter((t) => t.status !== 'deferred' && t.cycleId === cycleId && t.unitId === unitId);
  const byId = new Map(trainees.map((t) => [t.traineeId, t]));
  const violations: Violation[] = [];
  const seen = new Set<string>();
  body.grades.forEach((g, i) => {
    if (!byId.has(g.traineeId)) {
      violations.push({
        ruleId: 'JS-GRADES',
        path: `body.grades[${i}].traineeId`,
        message: 'not an active trainee of this unit',
      });
    } else if (seen.has(g.traineeId)) {
      violations.push({ ruleId: 'JS-GRADES', path: `body.grades[${i}].traineeId`, message: 'graded twice' });
    }
    seen.add(g.traineeId);
  });
  const missing = trainees.filter((t) => !seen.has(t.traineeId));
  if (missing.length > 0) {
    violations.push({
      ruleId: 'JS-GRADES',
      path: 'body.grades',
      message: `every active trainee of the unit is graded in one request; missing ${missing.map((t) => t.traineeId).join(', ')}`,
      messageZh: '须一次提交本单位全部培育对象的等次',
    });
  }
  if (violations.length > 0) throw new ValidationFailedError(violations);
  const minPercent = attendanceMinPercent(programme);
  const hoursRequired = plan.theoryHours + plan.practiceHours;
  const rows: GradeRow[] = body.grades.map((g) => {
    const t = byId.get(g.traineeId) as Trainee;
    const facts: TraineeResult = {
      traineeId: t.traineeId,
      grade: g.grade,
      hoursAttended: t.hoursAttended,
      hoursRequired,
      creditsEarned: t.creditsEarned,
      creditsRequired: plan.credits,
      researchReportSubmitted: t.reportSubmitted,
    };
    const autoFailed = failsAttendance(facts, minPercent) === true;
    return {
      traineeId: t.traineeId,
      category: t.category,
      proposedGrade: g.grade,
      grade: autoFailed ? FAIL_GRADE : g.grade,
      autoFailed,
      ...(g.score !== undefined ? { score: g.score } : {}),
      hoursAttended: t.hoursAttended,
      hoursRequired,
      creditsEarned: t.creditsEarned,
      creditsRequired: plan.credits,
      reportSubmitted: t.reportSubmitted,
    };
  });
  const result = evaluate(programme, {
    type: 'grading',
    unitId,
    trainees: rows.map((r) => ({
      traineeId: r.traineeId,
      grade: r.grade,
      hoursAttended: r.hoursAttended,
      hoursRequired: r.hoursRequired,
      creditsEarned: r.creditsEarned,
      creditsRequired: r.creditsRequired,
      researchReportSubmitted: r.reportSubmitted,
    })),
  });
  const toBody = (v: Violation): Violation => ({ ...v, path: v.path.replace(/^trainees/, 'body.grades') });
  if (!result.ok) throw new ValidationFailedError(result.violations.map(toBody));
  return { rows, flags: result.reported.map(toBody), enrolled: roster ? enrolled : undefined };
};

const gradingKey = (ag: AgencyId, cycleId: string, unitId: string) => ({
  PK: cyclePk(ag, cycleId),
  SK: `GRADING#${unitId}`,
});

/** Another first submission holds the unit's lock, or its grades landed meanwhile. */
const anotherSubmission = () =>
  new ConflictError(
    'JS-GRADE-QUOTA',
    'another grade submission for this unit is being written or landed first: read the grades and resubmit with If-Match, or send again',
    'body.grades',
  );

/**
 * Takes the unit's grading lock for a first submission: the `GRADING#<unit>` item in the `locking`
 * state, written only if there is none or the one there is a lock older than its TTL (a crashed
 * request's). From then on every trainee change of the unit fails its `gradingNotStarted` check.
 */
const takeGradingLock = async (ag: AgencyId, cycleId: string, unitId: string, lockedBy: string) => {
  const now = Date.now();
  const lock: GradingLock = {
    cycleId,
    unitId,
    state: GRADING_LOCKING,
    lockedBy,
    lockedAt: wallClockIso(now),
  };
  await onConditionFailed(
    transactWrite([
      put(
        { ...gradingKey(ag, cycleId, unitId), entityKind: 'JsGradingLock', ...lock },
        'attribute_not_exists(PK) OR (#state = :locking AND lockedAt < :cutoff)',
        { ':locking': GRADING_LOCKING, ':cutoff': wallClockIso(now - GRADING_LOCK_TTL_MS) },
        { '#state': 'state' },
      ),
    ]),
    anotherSubmission,
  );
};

/** Deletes the unit's grading lock if this request still holds it; a lock left behind expires after its TTL. */
const releaseGradingLock = async (ag: AgencyId, cycleId: string, unitId: string, lockedBy: string) => {
  try {
    await transactWrite([
      {
        Delete: {
          TableName: table(),
          Key: gradingKey(ag, cycleId, unitId),
          ConditionExpression: '#state = :locking AND lockedBy = :me',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':locking': GRADING_LOCKING, ':me': lockedBy },
        },
      },
    ]);
  } catch {
    // Not ours any more (taken over after its TTL), or the delete failed: the answer stays the
    // original error, and a lock left behind stops counting after GRADING_LOCK_TTL_MS.
  }
};

/**
 * The unit's grading, in one transaction of five items whatever the number of trainees: the
 * grading item (a first submission replaces its own lock, a resubmission the version it read and
 * only while not final), its audit record, the acceptance marker's absence, the roster count (no
 * trainee enrolled since) and the unit's version (the plan graded against).
 */
const writeGrading = async (
  auth: AuthContext,
  cycleId: string,
  unit: TrainingUnit,
  /** The grades a resubmission replaces, or the lock a first submission holds. */
  replaces: { readonly before: Grading } | { readonly lockedBy: string },
  graded: GradedUnit,
  requestId: string,
): Promise<Grading> => {
  const ag = auth.agencyId;
  const before = 'before' in replaces ? replaces.before : undefined;
  const { unitId } = unit;
  const change = changeOf(auth, before ? 'js.grades.resubmitted' : 'js.grades.submitted', requestId);
  const after: Grading = {
    cycleId,
    unitId,
    grades: graded.rows,
    flags: graded.flags,
    version: (before?.version ?? 0) + 1,
    submittedAt: change.at,
    submittedBy: auth.userId,
  };
  const pk = cyclePk(ag, cycleId);
  const item = { ...gradingKey(ag, cycleId, unitId), entityKind: 'JsGrading', ...after };
  const versionOf = (key: { PK: string; SK: string }, version: number): TransactItem => ({
    ConditionCheck: {
      TableName: table(),
      Key: key,
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':v': version },
    },
  });
  await onConditionFailed(
    transactWrite([
      'before' in replaces
        ? put(item, 'version = :v AND attribute_not_exists(finalAt)', { ':v': replaces.before.version })
        : // Our own lock, still within its lease (never after another request could take it over).
          put(
            item,
            '#state = :locking AND lockedBy = :me AND lockedAt >= :leased',
            {
              ':locking': GRADING_LOCKING,
              ':me': replaces.lockedBy,
              ':leased': wallClockIso(Date.now() - GRADING_LOCK_COMMIT_MS),
            },
            { '#state': 'state' },
          ),
      audit(ag, 'JsGrading', `${cycleId}/${unitId}`, pk, change, before ?? null, after),
      acceptanceOpen(ag, cycleId),
      graded.enrolled !== undefined
        ? {
            ConditionCheck: {
              TableName: table(),
              Key: { PK: pk, SK: rosterSk(unitId) },
              ConditionExpression: 'enrolled = :n',
              ExpressionAttributeValues: { ':n': graded.enrolled },
            },
          }
        : absent(ag, cycleId, rosterSk(unitId)),
      versionOf({ PK: pk, SK: `UNIT#${unitId}` }, unit.version),
    ]),
    (failed) =>
      failed.includes(2)
        ? acceptanceFinal('body.grades')
        : failed.includes(0)
          ? before
            ? new ConflictError(
                'JS-GRADE-QUOTA',
                'another grade submission for this unit landed first (or the acceptance became final); read the grades and resubmit',
                'body.grades',
              )
            : anotherSubmission()
          : new ConflictError(
              'P-VERSION-MATCH',
              'the unit’s trainees or plan changed while the grades were checked: send them again',
              'body.grades',
            ),
  );
  return after;
};

/**
 * A unit's grades for its active trainees, in one request covering all of them, any number of
 * them (see `gradeUnit` for the rules). The unit's `GRADING#<unitId>` item is the lock that freezes
 * its trainees: every change of a trainee (enrolment, attendance, deferral, the plan) checks that
 * it is absent.
 *
 * - A first submission is checked on the trainees as they are (an invalid one is refused without
 *   locking anything), then takes the lock (the item in the `locking` state), reads and grades the
 *   now frozen trainees again, and replaces its lock with the grading (`writeGrading`, 5 items).
 *   Any failure after the lock (422, 409, an error) deletes it before answering; a crashed request's
 *   lock stops counting after GRADING_LOCK_TTL_MS. Two concurrent first submissions: one lock, one
 *   grading; the other gets 409.
 * - A resubmission (If-Match with the grades' version) needs no lock: the existing grading already
 *   freezes the trainees; it replaces that version while not final. A resubmission meeting a lock
 *   gets 409 P-VERSION-MATCH (send again).
 * - Refused once the acceptance is final (409 JS-ACCEPTANCE).
 */
export const submitGrades = async (
  auth: AuthContext,
  cycleId: string,
  unitId: string,
  body: GradesBody,
  ifMatch: readonly number[] | 'any' | undefined,
  requestId: string,
): Promise<Grading> => {
  assertWrites(auth, unitId);
  const ag = auth.agencyId;
  const { cycle, programme } = await jsCycle(ag, cycleId);
  const unit = await mustUnit(ag, cycleId, unitId);
  const stored = await readGradingItem(ag, cycleId, unitId);
  const lock = isGradingLock(stored) ? stored : undefined;
  const before = stored && !isGradingLock(stored) ? stored : undefined;
  // Refused (first submission or resubmission) once the acceptance stage is closed: the lifecycle
  // runs the `closed` hook right after recording the stage closed, and the hook's marker is checked
  // in the write below, so no grade lands after the hook made the results final.
  if (before?.finalAt || stageStatus(cycle, 'acceptance') === 'closed') throw acceptanceFinal('body.grades');
  if (lock && lock.lockedAt >= wallClockIso(Date.now() - GRADING_LOCK_TTL_MS)) {
    throw ifMatch === undefined
      ? anotherSubmission()
      : new ConflictError('P-VERSION-MATCH', 'grades are being submitted; send again', 'body.grades');
  }
  // A resubmission names the version it replaces: without If-Match, a second submission that
  // arrives after the first landed would silently replace it (a lost update).
  if (before && ifMatch === undefined) {
    throw new ConflictError(
      'JS-GRADE-QUOTA',
      'the unit’s grades are submitted already: read them and resubmit with If-Match and their version',
      'body.grades',
    );
  }
  if (before) assertVersion(before, ifMatch);
  const plan = unit.plan;
  if (!plan)
    return fail('JS-HOURS-RATIO', 'body', 'the unit has no training plan: required hours are unknown');
  const grade = () => gradeUnit(ag, programme, cycleId, unitId, plan, body);
  // A resubmission: the trainees are frozen by the grading item already.
  if (before) return writeGrading(auth, cycleId, unit, { before }, await grade(), requestId);
  // A first submission: checked on the trainees as they are first, so an invalid one never holds
  // the lock (and never makes a valid concurrent one fail on it); then graded again under the lock.
  await grade();
  const lockedBy = `${requestId}/${newId()}`;
  await takeGradingLock(ag, cycleId, unitId, lockedBy);
  try {
    return await writeGrading(auth, cycleId, unit, { lockedBy }, await grade(), requestId);
  } catch (error) {
    await releaseGradingLock(ag, cycleId, unitId, lockedBy);
    throw error;
  }
};

export const getGrades = async (auth: AuthContext, cycleId: string, unitId: string) => {
  await jsCycle(auth.agencyId, cycleId);
  assertReads(auth, unitId, 'Grades of unit', unitId);
  const g = await readGrading(auth.agencyId, cycleId, unitId);
  if (!g) throw new NotFoundError('Grades of unit', unitId);
  return g;
};

// ——— deferral (JS-DEFERRAL) and the second tracked year (JS-TRACKING) ———

const nextCycle = async (ag: AgencyId, source: Trainee, toCycleId: string, ruleId: string) => {
  const target = await cycleOf(ag, toCycleId).catch(() => undefined);
  if (!target || target.cycle.programmeId !== PROGRAMME_ID || target.cycle.year !== source.year + 1) {
    fail(
      ruleId,
      'body.toCycleId',
      `the next year's cycle (${source.year + 1}) of the programme`,
      '须为次年度的培育计划',
    );
  }
  const cycle = target?.cycle as Cycle;
  const unit = await readUnit(ag, toCycleId, source.unitId);
  if (!unit)
    fail(ruleId, 'body.toCycleId', `the training unit ${source.unitId} is not registered in ${toCycleId}`);
  return { cycle, unit: unit as TrainingUnit };
};

const carried = (
  source: Trainee,
  cycle: Cycle,
  unit: TrainingUnit,
  change: Change,
  changes: Partial<Trainee>,
): Trainee => {
  const { instructor, nextTraineeId: _n, ...rest } = source;
  return {
    ...rest,
    ...(instructor ? { instructor } : {}),
    traineeId: newId(),
    cycleId: cycle.cycleId,
    year: cycle.year,
    unitCity: unit.city,
    outOfTown: source.homeCity !== unit.city,
    // Hours and credits never carry across years (JS-DEFERRAL); nor does the report.
    hoursAttended: 0,
    creditsEarned: 0,
    reportSubmitted: false,
    status: 'active',
    previousTraineeId: source.traineeId,
    version: 1,
    createdAt: change.at,
    updatedAt: change.at,
    updatedBy: change.actor.userId,
    ...changes,
  };
};

/**
 * Closes `before` as `status`, linked to `next` (its record in the next cycle), and writes both with
 * their audit records in one transaction (`before` conditioned on the version read).
 */
const closeInto = async (
  auth: AuthContext,
  before: Trainee,
  next: Trainee,
  status: 'deferred' | 'continued',
  change: Change,
  nextAction: string,
  checks: readonly Guarded[] = [],
): Promise<Trainee> => {
  const after: Trainee = {
    ...before,
    status,
    nextTraineeId: next.traineeId,
    version: before.version + 1,
    updatedAt: change.at,
    updatedBy: auth.userId,
  };
  await writeNewTrainee(auth.agencyId, next, { ...change, action: nextAction }, [
    {
      item: put(traineeItem(auth.agencyId, after), 'version = :v', { ':v': before.version }),
      error: () => new PreconditionFailedError(),
    },
    {
      item: audit(
        auth.agencyId,
        'JsTrainee',
        before.traineeId,
        traineePk(auth.agencyId, before.traineeId),
        change,
        traineeView(before),
        traineeView(after),
      ),
      error: () => new PreconditionFailedError(),
    },
    {
      // The closed record is no longer in training: `next` is (JS-EXCLUSIONS; deferral is not an end).
      item: {
        Delete: {
          TableName: table(),
          Key: {
            PK: participationPk(auth.agencyId, before.personFingerprint),
            SK: inTrainingSk(before.traineeId),
          },
        },
      },
      error: () => new PreconditionFailedError(),
    },
    ...checks,
  ]);
  return after;
};
/** Defers a trainee to the next year once (JS-DEFERRAL): a new trainee record there, hours from zero. */
export const deferTrainee = async (
  auth: AuthContext,
  traineeId: string,
  body: DeferralBody,
  requestId: string,
) => {
  const before = await traineeFor(auth, traineeId);
  assertWrites(auth, before.unitId);
  const { programme } = await jsCycle(auth.agencyId, before.cycleId);
  const result = evaluate(programme, {
    type: 'participation',
    action: 'defer',
    deferralsUsed: before.deferralsUsed,
    carriedHours: 0,
    carriedCredits: 0,
  });
  if (!result.ok) throw new ValidationFailedError(withBase('body', result.violations));
  if (before.status !== 'active') throw new ConflictError('JS-DEFERRAL', `the trainee is ${before.status}`);
  if (await readGrading(auth.agencyId, before.cycleId, before.unitId)) {
    throw gradingStarted(before.unitId, 'JS-DEFERRAL');
  }
  const { cycle, unit } = await nextCycle(auth.agencyId, before, body.toCycleId, 'JS-DEFERRAL');
  const change = changeOf(auth, 'js.trainee.deferred', requestId, body.reason);
  const next = carried(before, cycle, unit, change, { deferralsUsed: before.deferralsUsed + 1 });
  const after = await closeInto(auth, before, next, 'deferred', change, 'js.trainee.enrolled-deferred', [
    {
      // Not once the unit's grades are in (the grading counted this trainee).
      item: gradingNotStarted(auth.agencyId, before.cycleId, before.unitId),
      error: () => gradingStarted(before.unitId, 'JS-DEFERRAL'),
    },
  ]);
  return { deferred: after, next };
};

const passedFinal = async (ag: AgencyId, t: Trainee): Promise<GradeRow | undefined> => {
  const g = await readGrading(ag, t.cycleId, t.unitId);
  const row = g?.finalAt ? g.grades.find((r) => r.traineeId === t.traineeId) : undefined;
  return row && row.grade !== FAIL_GRADE ? row : undefined;
};

/**
 * Year 2 of the tracking (JS-TRACKING): a trainee who passed the final acceptance of year 1 continues
 * into the next year's cycle as participation year 2, with the same unit, major and instructor.
 */
export const continueTrainee = async (
  auth: AuthContext,
  traineeId: string,
  body: ContinuationBody,
  requestId: string,
) => {
  const before = await traineeFor(auth, traineeId);
  if (before.participationYear !== 1 || before.status !== 'active') {
    throw new ConflictError('JS-TRACKING', 'only an active year-1 trainee continues into year 2');
  }
  if (!(await passedFinal(auth.agencyId, before))) {
    throw new ConflictError('JS-TRACKING', 'year 2 follows a passed, final acceptance of year 1');
  }
  const { cycle, unit } = await nextCycle(auth.agencyId, before, body.toCycleId, 'JS-TRACKING');
  const change = changeOf(auth, 'js.trainee.continued', requestId);
  const next = carried(before, cycle, unit, change, { participationYear: 2 });
  const after = await closeInto(auth, before, next, 'continued', change, 'js.trainee.enrolled-year-2');
  return { previous: after, next };
};

// ——— sanctions (JS-SANCTIONS) ———

export interface Sanction {
  readonly sanctionId: string;
  readonly kind: SanctionBody['kind'];
  readonly subject: 'person' | 'unit';
  /** The unit id, or the person's fingerprint (never the resident ID). */
  readonly subjectKey: string;
  readonly traineeId?: string;
  readonly effects: readonly string[];
  readonly imposedOn: string;
  readonly until: string;
  readonly reason: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

let programmes: DynamoProgrammeStore | undefined;
/**
 * Sanctions are the Jiangsu programme's (JS-SANCTIONS): an agency that does not run it has none
 * to record or list (404, X-TENANT), as it has no Jiangsu cycle.
 */
const assertRunsJiangsu = async (agency: AgencyId): Promise<void> => {
  programmes ??= new DynamoProgrammeStore();
  if (!(await programmes.latest(agency, PROGRAMME_ID))) throw new NotFoundError('Programme', PROGRAMME_ID);
};

export const recordSanction = async (
  auth: AuthContext,
  body: SanctionBody,
  requestId: string,
): Promise<Sanction> => {
  await assertRunsJiangsu(auth.agencyId);
  let subjectKey: string;
  let traineeId: string | undefined;
  if (body.kind === 'employer-obstruction') subjectKey = body.unitId as string;
  else if (body.traineeId) {
    const t = await traineeFor(auth, body.traineeId);
    subjectKey = t.personFingerprint;
    traineeId = t.traineeId;
  } else subjectKey = personFingerprint(auth.agencyId, body.residentId as string);
  const subject = body.kind === 'employer-obstruction' ? 'unit' : 'person';
  const change = changeOf(auth, 'js.sanction.recorded', requestId, body.reason);
  const sanction: Sanction = {
    sanctionId: newId(),
    kind: body.kind,
    subject,
    subjectKey,
    ...(traineeId ? { traineeId } : {}),
    effects: SANCTION_EFFECTS[body.kind] ?? [],
    imposedOn: body.imposedOn,
    until: addYears(body.imposedOn, sanctionYears(body.kind)),
    reason: body.reason,
    recordedAt: change.at,
    recordedBy: auth.userId,
  };
  const pk = sanctionPk(auth.agencyId, subject, subjectKey);
  await transactWrite([
    put(
      {
        PK: pk,
        SK: `SANCTION#${body.imposedOn}#${sanction.sanctionId}`,
        entityKind: 'JsSanction',
        ...sanction,
      },
      'attribute_not_exists(PK)',
    ),
    audit(auth.agencyId, 'JsSanction', sanction.sanctionId, pk, change, null, sanction),
  ]);
  return sanction;
};

export const listSanctions = async (auth: AuthContext, q: SanctionQuery): Promise<Page<Sanction>> => {
  await assertRunsJiangsu(auth.agencyId);
  let pk: string;
  if (q.unitId && !q.traineeId) pk = sanctionPk(auth.agencyId, 'unit', q.unitId);
  else if (q.traineeId && !q.unitId) {
    const t = await traineeFor(auth, q.traineeId);
    pk = sanctionPk(auth.agencyId, 'person', t.personFingerprint);
  } else
    return fail('P-LIST-SCOPE', 'query.unitId', 'give unitId or traineeId', '请指定 unitId 或 traineeId');
  return pageOf<Sanction>(auth.agencyId, pk, 'SANCTION#', q.limit, q.cursor);
};

// ——— acceptance (JS-ACCEPTANCE) and certificates (JS-CERTIFICATE) ———

const unitAcceptance = (unit: TrainingUnit, g: Grading | undefined) => {
  const passedByCategory: Record<string, number> = {};
  const gradedByCategory: Record<string, number> = {};
  const trainees = (g?.grades ?? []).map((r) => {
    const passed = r.grade !== FAIL_GRADE;
    gradedByCategory[r.category] = (gradedByCategory[r.category] ?? 0) + 1;
    if (passed) passedByCategory[r.category] = (passedByCategory[r.category] ?? 0) + 1;
    return { traineeId: r.traineeId, category: r.category, grade: r.grade, result: passed ? 'pass' : 'fail' };
  });
  return {
    unitId: unit.unitId,
    name: unit.name,
    city: unit.city,
    status: !g ? 'not-submitted' : g.finalAt ? 'final' : 'provisional',
    ...(g?.finalAt ? { finalAt: g.finalAt } : {}),
    passedByCategory,
    gradedByCategory,
    passed: trainees.filter((t) => t.result === 'pass').length,
    trainees,
  };
};

export const acceptance = async (auth: AuthContext, cycleId: string, limit: number, cursor?: string) => {
  const { cycle } = await jsCycle(auth.agencyId, cycleId);
  const page = await listTrainingUnits(auth, cycleId, limit, cursor);
  const units = await Promise.all(
    page.items.map(async (u) => unitAcceptance(u, await readGrading(auth.agencyId, cycleId, u.unitId))),
  );
  return {
    cycleId,
    year: cycle.year,
    stage: stageStatus(cycle, 'acceptance'),
    units,
    nextCursor: page.nextCursor,
  };
};

export interface Certificate {
  readonly number: string;
  readonly traineeId: string;
  readonly name: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly majorName: string;
  readonly year: number;
  readonly issuersZh: readonly string[];
  readonly issuedAt: string;
  readonly issuedBy: string;
}

/**
 * 合格证书 (JS-CERTIFICATE): for a trainee who completed the training (the second tracked year) and
 * passed its final acceptance, issued jointly by the provincial HRSS and the training unit.
 */
export const issueCertificate = async (auth: AuthContext, traineeId: string, requestId: string) => {
  const t = await traineeFor(auth, traineeId);
  if (t.participationYear !== 2) {
    throw new ConflictError(
      'JS-CERTIFICATE',
      'the certificate follows the second tracked year (JS-TRACKING)',
    );
  }
  if (!(await passedFinal(auth.agencyId, t))) {
    throw new ConflictError('JS-CERTIFICATE', 'the trainee has not passed a final acceptance');
  }
  const unit = await mustUnit(auth.agencyId, t.cycleId, t.unitId);
  const change = changeOf(auth, 'js.certificate.issued', requestId);
  const cert: Certificate = {
    number: `JSZJ-${t.year}-${t.traineeId}`,
    traineeId,
    name: t.name,
    unitId: t.unitId,
    unitName: unit.name,
    majorName: t.majorName,
    year: t.year,
    issuersZh: ['江苏省人力资源和社会保障厅', unit.name],
    issuedAt: change.at,
    issuedBy: auth.userId,
  };
  const pk = traineePk(auth.agencyId, traineeId);
  await onConditionFailed(
    transactWrite([
      put({ PK: pk, SK: 'CERT', entityKind: 'JsCertificate', ...cert }, 'attribute_not_exists(PK)'),
      audit(auth.agencyId, 'JsCertificate', cert.number, pk, change, null, cert),
    ]),
    () => new ConflictError('JS-CERTIFICATE', 'the certificate is already issued'),
  );
  return cert;
};

// ——— stage hooks ———

/**
 * The trainees whose participation ends when the unit's grades become final (JS-EXCLUSIONS, with
 * JS-TRACKING): a year-2 trainee (the last tracked year, passed or not), and a year-1 trainee graded
 * 不合格 (year 2 follows only a passed year 1). A year-1 trainee who passed goes on to year 2 and is
 * still in training; a deferred one is not graded here (deferral is not an end).
 */
const endedParticipations = async (ag: AgencyId, g: Grading): Promise<Trainee[]> => {
  const failed = new Set(g.grades.filter((r) => r.grade === FAIL_GRADE).map((r) => r.traineeId));
  const trainees = await consistentTrainees(
    ag,
    g.grades.map((r) => r.traineeId),
  );
  return trainees.filter(
    (t) => t.status === 'active' && (t.participationYear === 2 || failed.has(t.traineeId)),
  );
};

/** Units with active trainees whose grades are not submitted. */
export const unitsWithoutGrades = async (ag: AgencyId, cycleId: string): Promise<string[]> => {
  const units = await allOf<TrainingUnit>(cyclePk(ag, cycleId), 'UNIT#');
  const out: string[] = [];
  for (const u of units) {
    const trainees = (await unitTrainees(ag, cycleId, u.unitId)).filter((t) => t.status !== 'deferred');
    if (trainees.length > 0 && !(await readGrading(ag, cycleId, u.unitId))) out.push(u.unitId);
  }
  return out;
};

/**
 * Makes every unit's grades final (idempotent: already final ones are left as they are). The marker
 * is written first, so every grade submission, enrolment or report score still in flight fails its
 * condition on it; what landed before is read back consistently and made final.
 */
export const finaliseAcceptance = async (ag: AgencyId, cycleId: string, at: string): Promise<void> => {
  const change: Change = { actor: { userId: 'system', roles: [] }, action: 'js.acceptance.finalised', at };
  try {
    await transactWrite([
      put(
        {
          PK: cyclePk(ag, cycleId),
          SK: ACCEPTANCE_SK,
          entityKind: 'JsAcceptanceFinal',
          cycleId,
          finalAt: at,
        },
        'attribute_not_exists(PK)',
      ),
      audit(ag, 'JsAcceptance', cycleId, cyclePk(ag, cycleId), change, null, {
        status: 'final',
        finalAt: at,
      }),
    ]);
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error; // a retried hook: already final
  }
  // A first submission still holding its lock has no grades: nothing to make final (its write
  // fails on the marker and deletes the lock).
  const gradings = (await allOf<Grading | GradingLock>(cyclePk(ag, cycleId), 'GRADING#')).filter(
    (g): g is Grading => !isGradingLock(g),
  );
  const endedOn = shanghaiDate(at);
  for (const g of gradings) {
    if (g.finalAt) continue;
    const pk = cyclePk(ag, cycleId);
    const ended = (await endedParticipations(ag, g)).map((t) =>
      // JS-EXCLUSIONS: a participation this final acceptance ends (a plain put: a retried hook
      // writes the same item).
      put({
        PK: participationPk(ag, t.personFingerprint),
        SK: endedSk(endedOn, t.traineeId),
        entityKind: 'JsParticipationEnded',
        traineeId: t.traineeId,
        cycleId: t.cycleId,
        year: t.year,
        nominationId: t.nominationId,
        participationYear: t.participationYear,
        endedOn,
        reason: t.participationYear === 2 ? 'tracking-completed' : 'failed-acceptance',
      }),
    );
    const finalised: TransactItem[] = [
      {
        Update: {
          TableName: table(),
          Key: { PK: pk, SK: `GRADING#${g.unitId}` },
          UpdateExpression: 'SET finalAt = :at',
          // Never a lock (a submitted grading has no `state`).
          ConditionExpression:
            'attribute_exists(PK) AND attribute_not_exists(finalAt) AND attribute_not_exists(#state)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':at': at },
        },
      },
      audit(
        ag,
        'JsGrading',
        `${cycleId}/${g.unitId}`,
        pk,
        change,
        { status: 'provisional' },
        { status: 'final', finalAt: at },
      ),
    ];
    try {
      if (ended.length + finalised.length <= MAX_TRANSACTION_ITEMS) {
        // The ended participations in the transaction that makes the grades final.
        await transactWrite([...ended, ...finalised]);
      } else {
        // A unit of more graded trainees than one transaction holds: the ended participations
        // first, in transactions of 100 (the marker above already made these grades immutable, so
        // they end whatever happens next; a retried hook rewrites the same items), then the grades.
        for (let i = 0; i < ended.length; i += MAX_TRANSACTION_ITEMS) {
          await transactWrite(ended.slice(i, i + MAX_TRANSACTION_ITEMS));
        }
        await transactWrite(finalised);
      }
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
    }
  }
};
