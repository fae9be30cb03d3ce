/** Guangdong 学制技师 pilot: pilots from the official list, classes, students, faculty, evaluations, outcomes. */
import { evaluate, type Programme, withBase } from '@talent/catalogue';
import { type AgencyId, asAgencyId, personFingerprint } from '@talent/data';
import { type AuthContext, assertIfMatch, assertNotOwnUnit, changeBy, heldToUnit } from '@talent/http';
import {
  ConflictError,
  ForbiddenError,
  maskResidentId,
  NotFoundError,
  newId,
  nowIso,
  PreconditionFailedError,
  ValidationFailedError,
  type Violation,
} from '@talent/kernel';
import { officialRoster } from '@talent/svc-nominations/roster';
import { cycleOf, stageStatus } from '../shared/cycle-access';
import { registeredReviewerUnit } from '../shared/reviewer-units';
import { kpiReport } from './kpis';
import * as repo from './repository';
import type { EvaluationKind, MemberInput, OutcomeInput } from './schemas';
import { assertUnit, isAdmin } from './store';

export const PROGRAMME_ID = 'guangdong-diploma-technician';
const PROGRAMMES = [PROGRAMME_ID];
/** The calendar stage kind of each evaluation (GD-OVERSIGHT). */
export const STAGE_OF: Record<EvaluationKind, string> = { 'mid-term': 'mid-term', completion: 'acceptance' };

const agencyOf = (auth: AuthContext): AgencyId => asAgencyId(auth.agencyId);

// ——— pilots ———

/** 试点: every institution-and-major of the official list becomes a pilot (idempotent). */
export const registerPilots = async (auth: AuthContext, cycleId: string, requestId: string) => {
  const a = agencyOf(auth);
  const { cycle } = await cycleOf(a, cycleId, PROGRAMMES);
  if (stageStatus(cycle, 'official-list') !== 'closed') {
    throw new ConflictError('GD-APPLY-FLOW', 'The official list of this cycle is not final yet', 'cycleId');
  }
  const roster = await officialRoster(a, cycleId);
  let registered = 0;
  for (const entry of roster) {
    const at = nowIso();
    const pilot: repo.Pilot = {
      pilotId: entry.nominationId,
      agencyId: a,
      cycleId,
      programmeId: cycle.programmeId,
      unitId: entry.unitId,
      ...(typeof entry.attributes.institutionName === 'string'
        ? { institutionName: entry.attributes.institutionName }
        : {}),
      ...(typeof entry.attributes.major === 'string' ? { major: entry.attributes.major } : {}),
      partners: (entry.institution?.partners ?? []).map((p) => ({ ...p })),
      attributes: entry.attributes,
      faculty: (entry.institution?.faculty ?? []).map((m) => ({
        memberId: newId(),
        name: m.name,
        role: m.role,
        ...(m.professionalTitle ? { professionalTitle: m.professionalTitle } : {}),
        ...(m.skillLevel ? { skillLevel: m.skillLevel } : {}),
        ...(m.employer ? { employer: m.employer } : {}),
      })),
      status: 'active',
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    if (await repo.createPilot(pilot, changeBy(auth, 'gd.pilot.registered', requestId))) registered += 1;
  }
  return { registered, existing: roster.length - registered };
};

/** The pilot as the caller may see it (404 for another agency's or an unknown one; 403 another unit's). */
export const pilotFor = async (auth: AuthContext, pilotId: string, access: 'read' | 'write') => {
  const pilot = await repo.getPilot(agencyOf(auth), pilotId);
  if (!pilot) throw new NotFoundError('Pilot', pilotId);
  assertUnit(auth, access, pilot.unitId);
  return pilot;
};

export const listPilots = async (auth: AuthContext, cycleId: string, limit: number, cursor?: string) => {
  const a = agencyOf(auth);
  await cycleOf(a, cycleId, PROGRAMMES);
  const unit = heldToUnit(auth, 'read');
  if (unit === null) return { items: [], nextCursor: null };
  return repo.listPilots(a, cycleId, unit, limit, cursor);
};

export const pilotView = ({ agencyId: _a, attributes: _x, ...p }: repo.Pilot) => p;

/** 动态退出: a violation revokes pilot status; history (classes, students, outcomes) is kept. */
export const revokePilot = async (auth: AuthContext, pilotId: string, reason: string, requestId: string) => {
  const before = await pilotFor(auth, pilotId, 'write');
  if (before.status === 'revoked')
    throw new ConflictError('GD-OVERSIGHT', 'The pilot status is already revoked', 'pilotId');
  const at = nowIso();
  const after: repo.Pilot = {
    ...before,
    status: 'revoked',
    revocation: { reason: 'violation', detail: reason, at, by: auth.userId },
    version: before.version + 1,
    updatedAt: at,
  };
  try {
    await repo.replacePilot(before, after, changeBy(auth, 'gd.pilot.revoked', requestId, reason));
  } catch (e) {
    if (e instanceof repo.VersionMoved) throw new PreconditionFailedError();
    throw e;
  }
  return after;
};

// ——— faculty (GD-FACULTY) ———

/** The catalogue's GD-FACULTY rules on a team (they live in the nomination context, with `members`). */
export const facultyViolations = (
  programme: Programme,
  pilot: repo.Pilot,
  year: number,
  selectionDate: string,
  faculty: readonly repo.FacultyMember[],
): Violation[] =>
  evaluate(programme, {
    type: 'nomination',
    category: 'pilot-major',
    programmeYear: year,
    selectionDate,
    attributes: pilot.attributes,
    members: faculty.map((m) => ({
      id: m.memberId,
      role: m.role,
      ...(m.professionalTitle ? { professionalTitle: m.professionalTitle } : {}),
      ...(m.skillLevel ? { skillLevel: m.skillLevel } : {}),
    })),
  }).violations.filter((v) => v.ruleId === 'GD-FACULTY');

const toMember = (m: MemberInput): repo.FacultyMember => ({ memberId: newId(), ...m });

/**
 * Every change of the team is checked against GD-FACULTY on the team it produces and written only
 * if the pilot is still the version the check read (retried on a concurrent change), so two
 * changes that each pass alone can never together leave the team in breach.
 */
const changeFaculty = async (
  auth: AuthContext,
  pilotId: string,
  requestId: string,
  action: string,
  next: (pilot: repo.Pilot) => repo.FacultyMember[],
  ifMatch?: readonly number[] | 'any',
) => {
  for (let attempt = 0; attempt < 6; attempt++) {
    const before = await pilotFor(auth, pilotId, 'write');
    assertIfMatch(ifMatch, before.version);
    if (before.status === 'revoked')
      throw new ConflictError('GD-OVERSIGHT', 'The pilot status is revoked', 'pilotId');
    const { cycle, programme } = await cycleOf(before.agencyId, before.cycleId, PROGRAMMES);
    const faculty = next(before);
    const violations = facultyViolations(programme, before, cycle.year, cycle.selectionDate, faculty);
    if (violations.length > 0) throw new ValidationFailedError(withBase('body', violations));
    const after: repo.Pilot = { ...before, faculty, version: before.version + 1, updatedAt: nowIso() };
    try {
      await repo.replacePilot(before, after, changeBy(auth, action, requestId));
      return after;
    } catch (e) {
      if (!(e instanceof repo.VersionMoved)) throw e;
      if (ifMatch && ifMatch !== 'any') throw new PreconditionFailedError();
    }
  }
  throw new ConflictError('P-CONCURRENCY', 'The team is changing too often; retry', 'pilotId');
};

export const replaceFaculty = (
  auth: AuthContext,
  pilotId: string,
  members: readonly MemberInput[],
  ifMatch: readonly number[] | 'any' | undefined,
  requestId: string,
) =>
  changeFaculty(
    auth,
    pilotId,
    requestId,
    'gd.faculty.replaced',
    () => members.map(toMember),
    ifMatch ?? 'any',
  );

export const addFacultyMember = (
  auth: AuthContext,
  pilotId: string,
  member: MemberInput,
  requestId: string,
) => {
  const added = toMember(member);
  return changeFaculty(auth, pilotId, requestId, 'gd.faculty.member-added', (p) => [...p.faculty, added]);
};

export const removeFacultyMember = (
  auth: AuthContext,
  pilotId: string,
  memberId: string,
  requestId: string,
) =>
  changeFaculty(auth, pilotId, requestId, 'gd.faculty.member-removed', (p) => {
    if (!p.faculty.some((m) => m.memberId === memberId)) throw new NotFoundError('Faculty member', memberId);
    return p.faculty.filter((m) => m.memberId !== memberId);
  });

// ——— classes (GD-SCHOOLING) ———

interface SchoolingEntry {
  readonly entryLevel: string;
  readonly years: number;
  readonly seniorWorkerStageYears?: number;
}

const schooling = (programme: Programme, entryLevel: string): SchoolingEntry | undefined => {
  const rule = programme.rules.find((r) => r.id === 'GD-SCHOOLING');
  const table = (rule?.params as { byEntryLevel?: SchoolingEntry[] } | undefined)?.byEntryLevel ?? [];
  return table.find((e) => e.entryLevel === entryLevel);
};

export const createClass = async (
  auth: AuthContext,
  pilotId: string,
  body: {
    name: string;
    entryLevel: string;
    intakeYear: number;
    plannedYears?: number | undefined;
    seniorWorkerStageYears?: number | undefined;
    lengthOverrideReason?: string | undefined;
  },
  requestId: string,
) => {
  if (body.lengthOverrideReason && !isAdmin(auth))
    throw new ForbiddenError('Only the province (admin) lets another schooling length stand', 'GD-SCHOOLING');
  const pilot = await pilotFor(auth, pilotId, 'write');
  if (pilot.status === 'revoked')
    throw new ConflictError(
      'GD-OVERSIGHT',
      `Pilot ${pilotId} has lost its pilot status: no further enrolments`,
      'pilotId',
    );
  const { programme } = await cycleOf(pilot.agencyId, pilot.cycleId, PROGRAMMES);
  const entry = schooling(programme, body.entryLevel);
  const plannedYears = body.plannedYears ?? entry?.years ?? 0;
  const senior = body.seniorWorkerStageYears ?? entry?.seniorWorkerStageYears;
  const result = evaluate(
    programme,
    {
      type: 'enrolment',
      entryLevel: body.entryLevel,
      plannedYears,
      ...(senior !== undefined ? { seniorWorkerStageYears: senior } : {}),
    },
    body.lengthOverrideReason
      ? { overrides: [{ ruleId: 'GD-SCHOOLING', by: auth.userId, reason: body.lengthOverrideReason }] }
      : {},
  );
  const violations = result.violations.filter((v) => v.ruleId === 'GD-SCHOOLING');
  if (violations.length > 0) throw new ValidationFailedError(withBase('body', violations));
  const overridden = result.overridden.filter((v) => v.ruleId === 'GD-SCHOOLING');
  const c: repo.PilotClass = {
    classId: newId(),
    pilotId,
    cycleId: pilot.cycleId,
    unitId: pilot.unitId,
    name: body.name,
    entryLevel: body.entryLevel,
    intakeYear: body.intakeYear,
    plannedYears,
    ...(senior !== undefined ? { seniorWorkerStageYears: senior } : {}),
    graduationYear: body.intakeYear + plannedYears,
    ...(overridden.length > 0 && body.lengthOverrideReason
      ? {
          lengthOverride: {
            reason: body.lengthOverrideReason,
            by: auth.userId,
            ruleIds: [...new Set(overridden.map((v) => v.ruleId))],
          },
        }
      : {}),
    version: 1,
    createdAt: nowIso(),
    createdBy: auth.userId,
  };
  await repo.createClass(
    pilot.agencyId,
    c,
    changeBy(auth, 'gd.class.created', requestId, c.lengthOverride?.reason),
  );
  return c;
};

export const classFor = async (auth: AuthContext, classId: string, access: 'read' | 'write') => {
  const c = await repo.getClass(agencyOf(auth), classId);
  if (!c) throw new NotFoundError('Class', classId);
  assertUnit(auth, access, c.unitId);
  return c;
};

// ——— students (GD-DUAL-MENTOR, X-RESIDENT-ID) ———

export const studentView =
  (auth: AuthContext) =>
  ({ agencyId: _a, personFingerprint: _f, residentId, ...s }: repo.Student) => ({
    ...s,
    residentId: isAdmin(auth) ? residentId : maskResidentId(residentId),
  });

export const enrolStudent = async (
  auth: AuthContext,
  classId: string,
  body: { name: string; residentId: string; mentors: readonly repo.Mentor[] },
  requestId: string,
) => {
  const c = await classFor(auth, classId, 'write');
  const a = agencyOf(auth);
  const pilot = await repo.getPilot(a, c.pilotId);
  if (!pilot) throw new NotFoundError('Pilot', c.pilotId);
  if (pilot.status === 'revoked')
    throw new ConflictError(
      'GD-OVERSIGHT',
      `Pilot ${pilot.pilotId} has lost its pilot status: no further enrolments`,
      'pilotId',
    );
  const { programme } = await cycleOf(a, c.cycleId, PROGRAMMES);
  const violations: Violation[] = [
    ...evaluate(programme, {
      type: 'enrolment',
      entryLevel: c.entryLevel,
      plannedYears: c.plannedYears,
      ...(c.seniorWorkerStageYears !== undefined ? { seniorWorkerStageYears: c.seniorWorkerStageYears } : {}),
      mentors: body.mentors.map((m, i) => ({ role: m.role, personId: `${i}:${m.name}` })),
    }).violations,
  ];
  const duplicates = body.mentors.filter((m, i) => body.mentors.findIndex((x) => x.role === m.role) !== i);
  if (duplicates.length > 0)
    violations.push({
      ruleId: 'GD-DUAL-MENTOR',
      path: 'mentors',
      message: '1+1: exactly one enterprise mentor and one school mentor',
      messageZh: '实行“1+1双导师制”：企业导师、院校导师各一名',
    });
  if (violations.length > 0) throw new ValidationFailedError(withBase('body', violations));
  const student: repo.Student = {
    studentId: newId(),
    agencyId: a,
    classId,
    pilotId: c.pilotId,
    cycleId: c.cycleId,
    unitId: c.unitId,
    name: body.name,
    residentId: body.residentId,
    personFingerprint: personFingerprint(a, body.residentId),
    mentors: body.mentors,
    version: 1,
    createdAt: nowIso(),
    createdBy: auth.userId,
  };
  await repo.enrol(student, changeBy(auth, 'gd.student.enrolled', requestId));
  return student;
};

export const studentFor = async (auth: AuthContext, studentId: string, access: 'read' | 'write') => {
  const s = await repo.getStudent(agencyOf(auth), studentId);
  if (!s) throw new NotFoundError('Student', studentId);
  assertUnit(auth, access, s.unitId);
  return s;
};

// ——— outcomes (GD-OUTCOME, GD-EMPLOYMENT) ———

/** Consistency of one outcome: graduation on passed courses and practice; employment facts only for the employed. */
export const outcomeViolations = (o: OutcomeInput, base = 'body'): Violation[] => {
  const out: Violation[] = [];
  const v = (ruleId: string, path: string, message: string, messageZh: string) =>
    out.push({ ruleId, path: `${base}.${path}`, message, messageZh });
  if (o.graduated && !(o.courseAssessmentPassed && o.enterprisePracticePassed))
    v(
      'GD-OUTCOME',
      'graduated',
      'a graduate has passed the course assessment and the enterprise practice assessment',
      '毕业须课程考核合格、企业实践考核达标',
    );
  if (!o.graduated && o.employed)
    v('GD-EMPLOYMENT', 'employed', 'employment is recorded for graduates', '就业情况仅统计毕业生');
  if (!o.employed && o.matchedEmployment)
    v('GD-EMPLOYMENT', 'matchedEmployment', 'matched employment needs employment', '对口就业须已就业');
  if (!o.employed && o.paidAboveTechnicianPay)
    v('GD-EMPLOYMENT', 'paidAboveTechnicianPay', 'pay is recorded for the employed', '工作待遇须已就业');
  if (!o.graduated && o.graduatedOn !== undefined)
    v(
      'GD-OUTCOME',
      'graduatedOn',
      'a graduation date for a student who has not graduated',
      '未毕业不应有毕业日期',
    );
  return out;
};

export const recordOutcome = async (
  auth: AuthContext,
  studentId: string,
  body: OutcomeInput,
  ifMatch: readonly number[] | 'any' | undefined,
  requestId: string,
) => {
  const before = await studentFor(auth, studentId, 'write');
  assertIfMatch(ifMatch, before.version);
  const violations = outcomeViolations(body);
  if (violations.length > 0) throw new ValidationFailedError(violations);
  const after: repo.Student = {
    ...before,
    outcome: { ...body, recordedAt: nowIso(), recordedBy: auth.userId },
    version: before.version + 1,
  };
  await repo.replaceStudent(before, after, changeBy(auth, 'gd.outcome.recorded', requestId));
  return after;
};

export const classKpis = async (auth: AuthContext, classId: string) => {
  const c = await classFor(auth, classId, 'read');
  const { cycle, programme } = await cycleOf(agencyOf(auth), c.cycleId, PROGRAMMES);
  const students = await repo.studentsOfClass(agencyOf(auth), classId);
  return {
    classId,
    pilotId: c.pilotId,
    ...kpiReport(
      programme,
      cycle.year,
      students.map((s) => s.outcome),
    ),
  };
};

export const pilotKpis = async (auth: AuthContext, pilotId: string) => {
  const pilot = await pilotFor(auth, pilotId, 'read');
  const { cycle, programme } = await cycleOf(pilot.agencyId, pilot.cycleId, PROGRAMMES);
  const students = await repo.studentsOfPilot(pilot.agencyId, pilotId);
  return {
    pilotId,
    ...kpiReport(
      programme,
      cycle.year,
      students.map((s) => s.outcome),
    ),
  };
};

// ——— evaluations and filed changes (GD-OVERSIGHT) ———

/**
 * X-RECUSAL: an expert never evaluates a pilot of their own unit — the unit of the token, or the
 * unit they are registered with in the reviewer registry (a token without a unit is no exemption).
 * Admin is never recused.
 */
const assertNotRecused = async (auth: AuthContext, unitId: string): Promise<void> => {
  const message = 'A reviewer never evaluates a pilot of their own unit';
  assertNotOwnUnit(auth, unitId, message);
  if (isAdmin(auth)) return;
  if ((await registeredReviewerUnit(agencyOf(auth), auth.userId)) === unitId)
    throw new ForbiddenError(message, 'X-RECUSAL');
};

export const recordEvaluation = async (
  auth: AuthContext,
  pilotId: string,
  kind: EvaluationKind,
  body: { result: 'pass' | 'fail'; score?: number | undefined; findings: string },
  requestId: string,
) => {
  const pilot = await pilotFor(auth, pilotId, 'read');
  await assertNotRecused(auth, pilot.unitId);
  const { cycle } = await cycleOf(pilot.agencyId, pilot.cycleId, PROGRAMMES);
  const status = stageStatus(cycle, STAGE_OF[kind]);
  if (status === 'closed')
    throw new ConflictError(
      'GD-OVERSIGHT',
      `The ${kind} evaluation stage is closed: results are final`,
      'kind',
    );
  if (stageStatus(cycle, 'official-list') !== 'closed')
    throw new ConflictError('GD-APPLY-FLOW', 'The official list of this cycle is not final yet', 'pilotId');
  const before = await repo.getEvaluation(pilot.agencyId, pilotId, kind);
  if (before?.final) throw new ConflictError('GD-OVERSIGHT', 'The evaluation is final', 'kind');
  const after: repo.Evaluation = {
    pilotId,
    cycleId: pilot.cycleId,
    unitId: pilot.unitId,
    kind,
    result: body.result,
    ...(body.score !== undefined ? { score: body.score } : {}),
    findings: body.findings,
    by: auth.userId,
    at: nowIso(),
    final: false,
    version: (before?.version ?? 0) + 1,
  };
  await repo.putEvaluation(
    pilot.agencyId,
    before,
    after,
    STAGE_OF[kind],
    changeBy(auth, `gd.evaluation.${kind}.recorded`, requestId),
  );
  return after;
};

export const fileChange = async (
  auth: AuthContext,
  pilotId: string,
  body: { area: string; description: string; approvedByPartyCommitteeOn: string; filedOn: string },
  requestId: string,
) => {
  const pilot = await pilotFor(auth, pilotId, 'write');
  if (body.filedOn < body.approvedByPartyCommitteeOn)
    throw new ValidationFailedError([
      {
        ruleId: 'GD-OVERSIGHT',
        path: 'body.filedOn',
        message: 'a change is filed after the party committee approved it',
        messageZh: '须经院校党委会研究后报省教研室备案',
      },
    ]);
  const c: repo.FiledChange = {
    changeId: newId(),
    pilotId,
    ...body,
    recordedAt: nowIso(),
    recordedBy: auth.userId,
  };
  await repo.fileChange(pilot.agencyId, c, changeBy(auth, 'gd.change.filed', requestId));
  return c;
};
