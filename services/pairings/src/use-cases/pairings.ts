/**
 * Two-way selection, activation under the caps, agreements, mentoring sessions, completion and the
 * end of a pairing. Caps are counter items changed by compare-and-set in the activation's own
 * transaction: the rule engine decides on the counts read, the transaction commits only if they
 * are still the counts (otherwise the request reads again and the engine decides again).
 */
import { evaluate, type PairingContext, type Programme, type RuleViolation } from '@talent/catalogue';
import { type AuditRecord, onConditionFailed, type Page, TransactionConditionFailed } from '@talent/data';
import type { AuthContext } from '@talent/http';
import {
  ConflictError,
  compareDates,
  NotFoundError,
  newId,
  nowIso,
  PreconditionFailedError,
  shanghaiDate,
  todayInShanghai,
  ValidationFailedError,
  type Violation,
} from '@talent/kernel';
import { ApprenticeAlreadyPairedError, ContendedError, PairingStatusError } from '../errors';
import { type Apprentice, type Master, type Pairing, type Session, snapshot } from '../model';
import { cycleIndexPrefix, pairingItem, sessionItem } from '../repositories/items';
import {
  auditOf,
  auditPage,
  compareAndSet,
  counters,
  decrement,
  getItem,
  increment,
  indexPage,
  keys,
  partitionPage,
  put,
  putVersioned,
  table,
  write,
} from '../repositories/pairing-store';
import type { AgreementsBody, EndReason, Party, ProposePairingBody, SessionBody } from '../schemas/pairing';
import {
  assertMayWrite,
  changeBy,
  checkIfMatch,
  cycleOf,
  listScope,
  next,
  pause,
  stamp,
  visible,
} from './access';

type IfMatch = readonly number[] | 'any' | undefined;

const pairingPk = (auth: AuthContext, id: string) => keys.pairing(auth.agencyId, id).PK;

export const getPairing = async (auth: AuthContext, pairingId: string): Promise<Pairing> => {
  const p = await getItem<Pairing>(keys.pairing(auth.agencyId, pairingId));
  if (!p || !visible(auth, p.schoolId)) throw new NotFoundError('Pairing', pairingId);
  return p;
};

const reference = (path: string, message: string) =>
  new ValidationFailedError([{ ruleId: 'P-REFERENCE', path, message }]);

const pairingContext = (
  p: Pick<
    Pairing,
    'masterId' | 'studyStage' | 'apprenticeKind' | 'masterConsent' | 'apprenticeConsent' | 'agreements'
  >,
  apprentice: Apprentice,
  master: { active: number },
  school: { total: number; teachers: number },
): PairingContext => ({
  type: 'pairing',
  masterId: p.masterId,
  studyStage: p.studyStage,
  activeApprenticesOfMasterInStage: master.active,
  schoolApprentices: school.total,
  schoolTeacherApprentices: school.teachers,
  adding: p.apprenticeKind,
  ...(apprentice.studyYear !== undefined ? { apprenticeStudyYear: apprentice.studyYear } : {}),
  masterAccepted: p.masterConsent !== undefined,
  apprenticeAccepted: p.apprenticeConsent !== undefined,
  mentors: p.agreements
    ? [
        {
          role: 'school-teacher',
          personId: p.agreements.schoolMentor.staffNo ?? p.agreements.schoolMentor.name,
        },
      ]
    : [],
});

/** A refused state change: 409 citing the first rule broken, every breach in the detail. */
const refusal = (violations: readonly Violation[]) => {
  const first = violations[0] as Violation;
  return new ConflictError(
    first.ruleId,
    violations.map((v) => `${v.ruleId}: ${v.message}`).join('; '),
    first.path,
  );
};

export const proposePairing = async (
  auth: AuthContext,
  cycleId: string,
  body: ProposePairingBody,
  requestId: string,
): Promise<Pairing> => {
  const { programme } = await cycleOf(auth, cycleId);
  const master = await getItem<Master>(keys.master(auth.agencyId, body.masterId));
  if (!master || master.cycleId !== cycleId || !visible(auth, master.schoolId))
    throw reference('body.masterId', 'no such master in this cycle');
  const apprentice = await getItem<Apprentice>(keys.apprentice(auth.agencyId, body.apprenticeId));
  if (!apprentice || apprentice.cycleId !== cycleId || !visible(auth, apprentice.schoolId))
    throw reference('body.apprenticeId', 'no such apprentice in this cycle');
  assertMayWrite(auth, apprentice.schoolId);
  if (master.schoolId !== apprentice.schoolId)
    throw reference('body.apprenticeId', `the apprentice is not at the master's school ${master.schoolId}`);
  if (master.status !== 'serving')
    throw new ConflictError('P-MASTER-STATUS', 'The master has left the school', 'masterId');
  const at = nowIso();
  const consent = { at, recordedBy: auth.userId };
  const pairing: Pairing = {
    agencyId: auth.agencyId,
    cycleId,
    pairingId: newId(),
    schoolId: apprentice.schoolId,
    masterId: master.masterId,
    apprenticeId: apprentice.apprenticeId,
    apprenticeKind: apprentice.kind,
    studyStage: apprentice.studyStage,
    status: 'proposed',
    initiatedBy: body.initiatedBy,
    ...(body.initiatedBy === 'master' ? { masterConsent: consent } : { apprenticeConsent: consent }),
    faceToFaceHours: 0,
    sessionCount: 0,
    ...stamp(auth.userId, at),
  };
  // LS-APPRENTICE-YEAR: pairing starts with second-year students (checked again on activation).
  const year = evaluate(
    programme,
    pairingContext(pairing, apprentice, { active: 0 }, { total: 0, teachers: 0 }),
  ).violations.filter((v) => v.ruleId === 'LS-APPRENTICE-YEAR');
  if (year.length > 0)
    throw new ValidationFailedError(year.map((v) => ({ ...v, path: 'body.apprenticeId' })));
  await onConditionFailed(
    write([
      putVersioned(pairingItem(pairing), null),
      put(
        {
          ...keys.openClaim(auth.agencyId, apprentice.apprenticeId),
          entityKind: 'OpenPairingClaim',
          pairingId: pairing.pairingId,
        },
        { expr: 'attribute_not_exists(PK)' },
      ),
      auditOf(
        auth.agencyId,
        'Pairing',
        pairing.pairingId,
        pairingPk(auth, pairing.pairingId),
        changeBy(auth, `pairing.${body.initiatedBy === 'master' ? 'proposed' : 'applied'}`, at, requestId),
        null,
        snapshot(pairing),
      ),
    ]),
    (failed) => (failed.includes(1) ? new ApprenticeAlreadyPairedError() : undefined),
  );
  return pairing;
};

/** Writes `after` over `before` (same version) with its audit record. */
const replace = async (
  auth: AuthContext,
  before: Pairing,
  after: Pairing,
  action: string,
  requestId: string,
  extra: readonly Parameters<typeof write>[0][number][] = [],
  reason?: string,
) => {
  try {
    await write([
      putVersioned(pairingItem(after), before.version),
      ...extra,
      auditOf(
        auth.agencyId,
        'Pairing',
        after.pairingId,
        pairingPk(auth, after.pairingId),
        changeBy(auth, action, after.updatedAt, requestId, reason),
        snapshot(before),
        snapshot(after),
      ),
    ]);
  } catch (e) {
    if (e instanceof TransactionConditionFailed && e.failedIndexes.includes(0)) {
      const now = await getPairing(auth, before.pairingId);
      if (now.status !== before.status) throw new PairingStatusError(now.status, 'changed this way');
      throw new PreconditionFailedError();
    }
    throw e;
  }
  return after;
};

const writable = async (auth: AuthContext, pairingId: string, ifMatch: IfMatch) => {
  const p = await getPairing(auth, pairingId);
  assertMayWrite(auth, p.schoolId);
  checkIfMatch(ifMatch, p.version);
  return p;
};

/**
 * The party that did not initiate accepts (LS-TWO-WAY). Masters and apprentices hold no accounts:
 * the school's unit user (or the city admin) records each party's consent, audited with its author.
 */
export const acceptPairing = async (
  auth: AuthContext,
  pairingId: string,
  party: Party,
  ifMatch: IfMatch,
  requestId: string,
): Promise<Pairing> => {
  const before = await writable(auth, pairingId, ifMatch);
  if (before.status !== 'proposed') throw new PairingStatusError(before.status, 'accepted');
  const already = party === 'master' ? before.masterConsent : before.apprenticeConsent;
  if (already)
    throw new ConflictError(
      'LS-TWO-WAY',
      `The ${party} has already accepted${before.initiatedBy === party ? ' (initiated the pairing)' : ''}; the other party accepts`,
      'party',
    );
  const at = nowIso();
  const consent = { at, recordedBy: auth.userId };
  const both = party === 'master' ? before.apprenticeConsent : before.masterConsent;
  const after = next(
    before,
    {
      ...(party === 'master' ? { masterConsent: consent } : { apprenticeConsent: consent }),
      ...(both ? { status: 'accepted' as const } : {}),
    },
    auth.userId,
    at,
  );
  return replace(auth, before, after, `pairing.accepted-by-${party}`, requestId);
};

/** The master–apprentice agreement, the school mentor (双导师) and the joint training plan (LS-AGREEMENTS). */
export const recordAgreements = async (
  auth: AuthContext,
  pairingId: string,
  body: AgreementsBody,
  ifMatch: IfMatch,
  requestId: string,
): Promise<Pairing> => {
  const before = await writable(auth, pairingId, ifMatch);
  if (before.status === 'ended') throw new PairingStatusError(before.status, 'given agreements');
  const at = nowIso();
  const after = next(
    before,
    { agreements: { ...body, recordedAt: at, recordedBy: auth.userId } },
    auth.userId,
    at,
  );
  return replace(auth, before, after, 'pairing.agreements-recorded', requestId);
};

const agreementViolations = (p: Pairing): Violation[] =>
  p.agreements
    ? []
    : [
        {
          ruleId: 'LS-AGREEMENTS',
          path: 'agreements',
          message:
            'the master–apprentice agreement, the school mentor and the joint training plan are not recorded',
          messageZh: '未签订师徒结对培养协议、未配备学校导师或未制定联合培养计划',
        },
      ];

const MAX_ATTEMPTS = 60;

/** Face-to-face hours that count as one day (and the most one date holds). */
const HOURS_PER_DAY = 8;

/**
 * Activation: both parties accepted (LS-TWO-WAY), agreements and dual mentor recorded
 * (LS-AGREEMENTS), second-year student (LS-APPRENTICE-YEAR), the master's study-stage cap
 * (LS-PAIR-CAP) and the school's teacher share (LS-TEACHER-SHARE) — all by the rule engine, on the
 * counts the transaction then guarantees.
 */
export const activatePairing = async (
  auth: AuthContext,
  pairingId: string,
  ifMatch: IfMatch,
  requestId: string,
): Promise<Pairing> => {
  const first = await writable(auth, pairingId, ifMatch);
  const { programme } = await cycleOf(auth, first.cycleId);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const before = attempt === 0 ? first : await getPairing(auth, pairingId);
    if (before.status === 'active' || before.status === 'ended')
      throw new PairingStatusError(before.status, 'activated');
    const master = await getItem<Master>(keys.master(auth.agencyId, before.masterId));
    const apprentice = await getItem<Apprentice>(keys.apprentice(auth.agencyId, before.apprenticeId));
    if (!master || !apprentice) throw new Error('pairing refers to a missing master or apprentice');
    if (master.status !== 'serving')
      throw new ConflictError('P-MASTER-STATUS', 'The master has left the school', 'masterId');
    const stageKey = keys.stageCounter(auth.agencyId, before.masterId, before.studyStage);
    const schoolKey = keys.schoolCounter(auth.agencyId, before.cycleId, before.schoolId);
    const stageRead = await counters(stageKey);
    const schoolRead = await counters(schoolKey);
    const stage = { active: stageRead.active ?? 0 };
    const school = { total: schoolRead.total ?? 0, teachers: schoolRead.teachers ?? 0 };
    const verdict = evaluate(programme, pairingContext(before, apprentice, stage, school));
    const violations: Violation[] = [...verdict.violations, ...agreementViolations(before)];
    if (violations.length > 0) throw refusal(violations);
    const at = nowIso();
    const after = next(before, { status: 'active', activatedAt: at }, auth.userId, at);
    const teacher = before.apprenticeKind === 'teacher' ? 1 : 0;
    try {
      await write([
        putVersioned(pairingItem(after), before.version),
        compareAndSet(stageKey, stage, { active: stage.active + 1 }),
        compareAndSet(schoolKey, school, { total: school.total + 1, teachers: school.teachers + teacher }),
        // The master's count of active pairings (every study stage), only while serving: leaving
        // requires it to be 0 in its own transaction, so a master never leaves with an active pairing.
        increment(keys.master(auth.agencyId, master.masterId), 'activePairings', 1, {
          expr: '#s = :serving',
          values: { ':serving': 'serving' },
          names: { '#s': 'status' },
        }),
        {
          Update: {
            TableName: table(),
            Key: keys.apprentice(auth.agencyId, apprentice.apprenticeId),
            UpdateExpression: 'SET pairedAt = if_not_exists(pairedAt, :at)',
            ExpressionAttributeValues: { ':at': at },
          },
        },
        auditOf(
          auth.agencyId,
          'Pairing',
          pairingId,
          pairingPk(auth, pairingId),
          changeBy(auth, 'pairing.activated', at, requestId),
          snapshot(before),
          snapshot(after),
        ),
      ]);
      return after;
    } catch (e) {
      if (!(e instanceof TransactionConditionFailed)) throw e;
      if (e.failedIndexes.includes(3))
        throw new ConflictError('P-MASTER-STATUS', 'The master has left the school', 'masterId');
      // The pairing or a counter moved on: read again, and let the engine decide on the new counts.
      await pause(attempt);
    }
  }
  throw new ContendedError();
};

/**
 * Ends a pairing (declined before activation; withdrawal, graduation or replacement after): the item
 * stays, with status `ended` and the reason; the caps free only now (counters decremented in the
 * same transaction), and the apprentice may be paired again.
 */
export const endPairing = async (
  auth: AuthContext,
  pairingId: string,
  body: { reason: EndReason; note?: string | undefined },
  ifMatch: IfMatch,
  requestId: string,
): Promise<Pairing> => {
  const before = await writable(auth, pairingId, ifMatch);
  if (before.status === 'ended') throw new PairingStatusError(before.status, 'ended');
  const wasActive = before.status === 'active';
  if (wasActive === (body.reason === 'declined'))
    throw new ValidationFailedError([
      {
        ruleId: 'P-PAIRING-STATUS',
        path: 'body.reason',
        message: wasActive
          ? 'an active pairing ends by withdrawal, graduation or replacement'
          : 'a pairing not yet active ends as declined',
      },
    ]);
  const at = nowIso();
  const after = next(
    before,
    {
      status: 'ended',
      ended: {
        reason: body.reason,
        ...(body.note ? { note: body.note } : {}),
        at,
        by: auth.userId,
        wasActive,
      },
    },
    auth.userId,
    at,
  );
  const teacher = before.apprenticeKind === 'teacher' ? 1 : 0;
  return replace(
    auth,
    before,
    after,
    `pairing.ended.${body.reason}`,
    requestId,
    [
      ...(wasActive
        ? [
            decrement(keys.stageCounter(auth.agencyId, before.masterId, before.studyStage), { active: 1 }),
            // A master item written before `activePairings` existed counts as 0 (never below it).
            {
              Update: {
                TableName: table(),
                Key: keys.master(auth.agencyId, before.masterId),
                UpdateExpression: 'SET activePairings = if_not_exists(activePairings, :one) - :one',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
            decrement(keys.schoolCounter(auth.agencyId, before.cycleId, before.schoolId), {
              total: 1,
              teachers: teacher,
            }),
          ]
        : []),
      {
        Delete: {
          TableName: table(),
          Key: keys.openClaim(auth.agencyId, before.apprenticeId),
          ConditionExpression: 'pairingId = :id',
          ExpressionAttributeValues: { ':id': before.pairingId },
        },
      },
    ],
    body.note,
  );
};

/**
 * A face-to-face session, confirmed by the pairing's school mentor. Sessions are logged only on an
 * active pairing (so only with agreements, mentor and plan recorded: LS-AGREEMENTS).
 */
export const logSession = async (
  auth: AuthContext,
  pairingId: string,
  body: SessionBody,
  requestId: string,
): Promise<Session> => {
  const p = await writable(auth, pairingId, undefined);
  if (p.status !== 'active')
    throw new PairingStatusError(p.status, 'given sessions (only an active pairing is)');
  const mentor = p.agreements?.schoolMentor.name;
  if (body.confirmedBy !== mentor)
    throw new ValidationFailedError([
      {
        ruleId: 'LS-AGREEMENTS',
        path: 'body.confirmedBy',
        message: `sessions are confirmed by the pairing's school mentor (${mentor ?? 'none recorded'})`,
        messageZh: '面对面辅导须经学校导师确认',
      },
    ]);
  const activatedOn = shanghaiDate(p.activatedAt ?? p.createdAt);
  if (compareDates(body.date, activatedOn) < 0 || compareDates(body.date, todayInShanghai()) > 0)
    throw new ValidationFailedError([
      { ruleId: 'P-DATE', path: 'body.date', message: `a session is between ${activatedOn} and today` },
    ]);
  const hours = body.days !== undefined ? body.days * HOURS_PER_DAY : (body.hours as number);
  const at = nowIso();
  const session: Session = {
    sessionId: newId(),
    pairingId,
    date: body.date,
    hours,
    days: hours / 8,
    content: body.content,
    confirmedBy: body.confirmedBy,
    recordedAt: at,
    recordedBy: auth.userId,
  };
  // One date holds at most one face-to-face day (8 h) of the pairing, whatever the number of
  // sessions: a per-date counter conditioned in the same transaction (LS-MENTOR-DAYS counts days).
  const dayKey = keys.sessionDay(auth.agencyId, pairingId, body.date);
  await onConditionFailed(
    write([
      increment(dayKey, 'hours', hours, {
        expr: 'attribute_not_exists(#c) OR #c <= :room',
        values: { ':room': HOURS_PER_DAY - hours },
      }),
      put(sessionItem(auth.agencyId, session), { expr: 'attribute_not_exists(PK)' }),
      {
        Update: {
          TableName: table(),
          Key: keys.pairing(auth.agencyId, pairingId),
          UpdateExpression:
            'SET faceToFaceHours = faceToFaceHours + :h, sessionCount = sessionCount + :one, version = version + :one, updatedAt = :at, updatedBy = :by',
          ConditionExpression: '#s = :active',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':h': hours,
            ':one': 1,
            ':at': at,
            ':by': auth.userId,
            ':active': 'active',
          },
        },
      },
      auditOf(
        auth.agencyId,
        'Pairing',
        pairingId,
        pairingPk(auth, pairingId),
        changeBy(auth, 'pairing.session-logged', at, requestId),
        null,
        snapshot(session),
      ),
    ]),
    (failed) =>
      failed.includes(0)
        ? new ValidationFailedError([
            {
              ruleId: 'LS-MENTOR-DAYS',
              path: 'body.date',
              message: `${body.date} already holds face-to-face tutoring of this pairing; one date counts at most one day (${HOURS_PER_DAY} hours)`,
              messageZh: '同一日期的面对面辅导至多计1天（8课时）',
            },
          ])
        : new PairingStatusError('no longer active', 'given sessions'),
  );
  return session;
};

export const listSessions = async (
  auth: AuthContext,
  pairingId: string,
  q: { limit: number; cursor?: string | undefined },
): Promise<Page<Session>> => {
  await getPairing(auth, pairingId);
  return partitionPage<Session>({
    agencyId: auth.agencyId,
    pk: pairingPk(auth, pairingId),
    prefix: 'SESSION#',
    limit: q.limit,
    cursor: q.cursor,
  });
};

/** The school confirms the master's task complete (LS-MENTOR-DAYS: ≥ 50 days and improved skill). */
export const confirmCompletion = async (
  auth: AuthContext,
  pairingId: string,
  body: { skillImproved: boolean; assessment: string; confirmedOn: string },
  ifMatch: IfMatch,
  requestId: string,
  programmeOf: (cycleId: string) => Promise<Programme> = async (c) => (await cycleOf(auth, c)).programme,
): Promise<Pairing> => {
  const before = await writable(auth, pairingId, ifMatch);
  if (before.status !== 'active') throw new PairingStatusError(before.status, 'completed');
  if (before.completion) throw new PairingStatusError('complete already', 'completed again');
  const faceToFaceDays = before.faceToFaceHours / 8;
  const verdict = evaluate(await programmeOf(before.cycleId), {
    type: 'mentorship-completion',
    faceToFaceDays,
    skillImproved: body.skillImproved,
    confirmedBySchool: true,
  });
  if (verdict.violations.length > 0)
    throw new ValidationFailedError(
      verdict.violations.map((v: RuleViolation) => ({
        ...v,
        path: v.path === 'faceToFaceDays' ? 'pairing.faceToFaceDays' : `body.${v.path}`,
      })),
    );
  const at = nowIso();
  const after = next(
    before,
    { completion: { faceToFaceDays, ...body, confirmedBy: auth.userId } },
    auth.userId,
    at,
  );
  return replace(auth, before, after, 'pairing.completed', requestId);
};

export const listPairings = async (
  auth: AuthContext,
  cycleId: string,
  q: {
    schoolId?: string | undefined;
    status?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<Pairing>> => {
  await cycleOf(auth, cycleId);
  const school = listScope(auth, q.schoolId);
  return indexPage<Pairing>({
    agencyId: auth.agencyId,
    index: 'GSI1',
    partition: keys.cyclePk(auth.agencyId, cycleId),
    prefix: cycleIndexPrefix('pairing', school),
    status: q.status,
    limit: q.limit,
    cursor: q.cursor,
  });
};

export const pairingAudit = async (
  auth: AuthContext,
  pairingId: string,
  q: { limit: number; cursor?: string | undefined },
): Promise<Page<AuditRecord>> => {
  await getPairing(auth, pairingId);
  return auditPage(auth.agencyId, pairingPk(auth, pairingId), q.limit, q.cursor);
};
