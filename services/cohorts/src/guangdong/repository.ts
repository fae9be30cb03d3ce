/**
 * Guangdong pilot storage. Keys (all tenant-prefixed, X-TENANT):
 * - Pilot       PK GDPILOT#<pilotId> SK PILOT; GSI1 GDCYCLE#<cycleId> / PILOT#<pilotId>; GSI2 UNIT#<unitId> / GDPILOT#<cycleId>#<pilotId>
 * - Evaluation  PK GDPILOT#<pilotId> SK EVAL#<kind>; GSI1 GDCYCLE#<cycleId> / EVAL#<kind>#<pilotId>
 * - Change      PK GDPILOT#<pilotId> SK CHANGE#<changeId>
 * - Class       PK GDCLASS#<classId> SK CLASS; GSI1 GDPILOT#<pilotId> / CLASS#<classId>
 * - Student     PK GDSTUDENT#<studentId> SK STUDENT; GSI1 GDCLASS#<classId> / STUDENT#<studentId>; GSI2 GDPILOT#<pilotId> / STUDENT#<classId>#<studentId>
 * - Claim       PK PERSON#<fingerprint> SK GD-ENROL#<cycleId> (one enrolment per person per cycle)
 * - StageClosed PK GDSTAGES#<cycleId> SK CLOSED#<stageKind> (written by the stage's closed hook)
 */
import {
  type AgencyId,
  onConditionFailed,
  type Page,
  type TransactItem,
  TransactionConditionFailed,
  tenantKey,
  transactWrite,
} from '@talent/data';
import { ConflictError, maskResidentId, PreconditionFailedError } from '@talent/kernel';
import type { EvaluationKind, OutcomeInput } from './schemas';
import { audit, type Change, getItem, page, putAt, putNew, readAll, table } from './store';

export interface FacultyMember {
  readonly memberId: string;
  readonly name: string;
  readonly role: string;
  readonly professionalTitle?: string;
  readonly skillLevel?: string;
  readonly employer?: string;
}

export interface Revocation {
  readonly reason: 'failed-mid-term' | 'failed-completion' | 'violation';
  readonly detail: string;
  readonly at: string;
  readonly by: string;
}

export interface Pilot {
  readonly pilotId: string;
  readonly agencyId: AgencyId;
  readonly cycleId: string;
  readonly programmeId: string;
  readonly unitId: string;
  readonly institutionName?: string;
  readonly major?: string;
  readonly partners: readonly Record<string, unknown>[];
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly faculty: readonly FacultyMember[];
  readonly status: 'active' | 'revoked';
  readonly revocation?: Revocation;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface PilotClass {
  readonly classId: string;
  readonly pilotId: string;
  readonly cycleId: string;
  readonly unitId: string;
  readonly name: string;
  readonly entryLevel: string;
  readonly intakeYear: number;
  readonly plannedYears: number;
  readonly seniorWorkerStageYears?: number;
  /** The year the class graduates: intake year + planned years. */
  readonly graduationYear: number;
  /** 灵活学制: a length other than GD-SCHOOLING's, let stand by the province (admin). */
  readonly lengthOverride?: {
    readonly reason: string;
    readonly by: string;
    readonly ruleIds: readonly string[];
  };
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface Mentor {
  readonly role: 'enterprise-mentor' | 'school-mentor';
  readonly name: string;
  readonly employer?: string;
}

export interface Outcome extends OutcomeInput {
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface Student {
  readonly studentId: string;
  readonly agencyId: AgencyId;
  readonly classId: string;
  readonly pilotId: string;
  readonly cycleId: string;
  readonly unitId: string;
  readonly name: string;
  readonly residentId: string;
  readonly personFingerprint: string;
  readonly mentors: readonly Mentor[];
  readonly outcome?: Outcome;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface Evaluation {
  readonly pilotId: string;
  readonly cycleId: string;
  readonly unitId: string;
  readonly kind: EvaluationKind;
  readonly result: 'pass' | 'fail';
  readonly score?: number;
  readonly findings: string;
  readonly by: string;
  readonly at: string;
  /** Set when the stage closes: no further change (GD-OVERSIGHT). */
  readonly final: boolean;
  readonly version: number;
}

export interface FiledChange {
  readonly changeId: string;
  readonly pilotId: string;
  readonly area: string;
  readonly description: string;
  readonly approvedByPartyCommitteeOn: string;
  readonly filedOn: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export const pilotPk = (a: AgencyId, pilotId: string) => tenantKey(a, 'GDPILOT', pilotId);
const cyclePk = (a: AgencyId, cycleId: string) => tenantKey(a, 'GDCYCLE', cycleId);
const unitPk = (a: AgencyId, unitId: string) => tenantKey(a, 'UNIT', unitId);
export const classPk = (a: AgencyId, classId: string) => tenantKey(a, 'GDCLASS', classId);
export const studentPk = (a: AgencyId, studentId: string) => tenantKey(a, 'GDSTUDENT', studentId);
const personPk = (a: AgencyId, fp: string) => tenantKey(a, 'PERSON', fp);

const pilotItem = (p: Pilot) => ({
  PK: pilotPk(p.agencyId, p.pilotId),
  SK: 'PILOT',
  entityKind: 'GdPilot',
  GSI1PK: cyclePk(p.agencyId, p.cycleId),
  GSI1SK: `PILOT#${p.pilotId}`,
  GSI2PK: unitPk(p.agencyId, p.unitId),
  GSI2SK: `GDPILOT#${p.cycleId}#${p.pilotId}`,
  ...p,
});

const pilotSnapshot = (p: Pilot) => ({
  status: p.status,
  faculty: p.faculty,
  revocation: p.revocation,
  version: p.version,
});
export const studentSnapshot = (s: Student) => ({
  ...s,
  residentId: maskResidentId(s.residentId),
  personFingerprint: undefined,
});

export const getPilot = (a: AgencyId, pilotId: string) => getItem<Pilot>(pilotPk(a, pilotId), 'PILOT');

/** Creates the pilot unless it exists (idempotent registration from the official list). */
export const createPilot = async (p: Pilot, change: Change): Promise<boolean> => {
  try {
    await transactWrite([
      putNew(pilotItem(p)),
      audit(p.agencyId, 'GdPilot', p.pilotId, pilotPk(p.agencyId, p.pilotId), change, null, pilotSnapshot(p)),
    ]);
    return true;
  } catch (e) {
    if (e instanceof TransactionConditionFailed && e.failedIndexes.includes(0)) return false;
    throw e;
  }
};

export class VersionMoved extends Error {}

/** Replaces the pilot if it is still at `before.version`. */
export const replacePilot = async (before: Pilot, after: Pilot, change: Change): Promise<void> => {
  await onConditionFailed(
    transactWrite([
      putAt(pilotItem(after), before.version),
      audit(
        after.agencyId,
        'GdPilot',
        after.pilotId,
        pilotPk(after.agencyId, after.pilotId),
        change,
        pilotSnapshot(before),
        pilotSnapshot(after),
      ),
    ]),
    (failed) => (failed.includes(0) ? new VersionMoved() : undefined),
  );
};

export const listPilots = (
  a: AgencyId,
  cycleId: string,
  unitId: string | undefined,
  limit: number,
  cursor?: string,
) =>
  unitId === undefined
    ? page<Pilot>(a, 'GSI1', cyclePk(a, cycleId), 'PILOT#', limit, cursor)
    : page<Pilot>(a, 'GSI2', unitPk(a, unitId), `GDPILOT#${cycleId}#`, limit, cursor);

const pilotActive = (a: AgencyId, pilotId: string): TransactItem => ({
  ConditionCheck: {
    TableName: table(),
    Key: { PK: pilotPk(a, pilotId), SK: 'PILOT' },
    ConditionExpression: '#s = :active',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':active': 'active' },
  },
});

const revoked = (pilotId: string) =>
  new ConflictError(
    'GD-OVERSIGHT',
    `Pilot ${pilotId} has lost its pilot status: no further enrolments`,
    'pilotId',
  );

export const createClass = async (a: AgencyId, c: PilotClass, change: Change): Promise<void> => {
  await onConditionFailed(
    transactWrite([
      pilotActive(a, c.pilotId),
      putNew({
        PK: classPk(a, c.classId),
        SK: 'CLASS',
        entityKind: 'GdClass',
        GSI1PK: pilotPk(a, c.pilotId),
        GSI1SK: `CLASS#${c.classId}`,
        ...c,
      }),
      audit(a, 'GdClass', c.classId, classPk(a, c.classId), change, null, { ...c }),
    ]),
    (failed) => (failed.includes(0) ? revoked(c.pilotId) : undefined),
  );
};

export const getClass = (a: AgencyId, classId: string) => getItem<PilotClass>(classPk(a, classId), 'CLASS');
export const listClasses = (a: AgencyId, pilotId: string, limit: number, cursor?: string) =>
  page<PilotClass>(a, 'GSI1', pilotPk(a, pilotId), 'CLASS#', limit, cursor);

const studentItem = (s: Student) => ({
  PK: studentPk(s.agencyId, s.studentId),
  SK: 'STUDENT',
  entityKind: 'GdStudent',
  GSI1PK: classPk(s.agencyId, s.classId),
  GSI1SK: `STUDENT#${s.studentId}`,
  GSI2PK: pilotPk(s.agencyId, s.pilotId),
  GSI2SK: `STUDENT#${s.classId}#${s.studentId}`,
  ...s,
});

export const enrol = async (s: Student, change: Change): Promise<void> => {
  const a = s.agencyId;
  await onConditionFailed(
    transactWrite([
      pilotActive(a, s.pilotId),
      putNew(studentItem(s)),
      putNew({
        PK: personPk(a, s.personFingerprint),
        SK: `GD-ENROL#${s.cycleId}`,
        entityKind: 'GdEnrolmentClaim',
        studentId: s.studentId,
      }),
      audit(a, 'GdStudent', s.studentId, studentPk(a, s.studentId), change, null, studentSnapshot(s)),
    ]),
    (failed) =>
      failed.includes(0)
        ? revoked(s.pilotId)
        : failed.includes(2)
          ? new ConflictError(
              'P-ONE-ENROLMENT-PER-CYCLE',
              'This person is already enrolled in a class of this cycle',
              'body.residentId',
            )
          : undefined,
  );
};

export const getStudent = (a: AgencyId, studentId: string) =>
  getItem<Student>(studentPk(a, studentId), 'STUDENT');
export const listStudents = (a: AgencyId, classId: string, limit: number, cursor?: string) =>
  page<Student>(a, 'GSI1', classPk(a, classId), 'STUDENT#', limit, cursor);
export const studentsOfClass = (a: AgencyId, classId: string) =>
  readAll<Student>('GSI1', classPk(a, classId), 'STUDENT#');
export const studentsOfPilot = (a: AgencyId, pilotId: string) =>
  readAll<Student>('GSI2', pilotPk(a, pilotId), 'STUDENT#');

/** The student over `before` (same version) and its audit record. */
const studentReplaced = (before: Student, after: Student, change: Change): TransactItem[] => [
  putAt(studentItem(after), before.version),
  audit(
    after.agencyId,
    'GdStudent',
    after.studentId,
    studentPk(after.agencyId, after.studentId),
    change,
    studentSnapshot(before),
    studentSnapshot(after),
  ),
];

export const replaceStudent = async (before: Student, after: Student, change: Change): Promise<void> => {
  await onConditionFailed(transactWrite(studentReplaced(before, after, change)), (failed) =>
    failed.includes(0) ? new PreconditionFailedError() : undefined,
  );
};

/** Several student changes at once, all or none (bulk import). DynamoDB takes 100 items a transaction. */
export const replaceStudents = async (
  writes: readonly { before: Student; after: Student }[],
  change: Change,
): Promise<void> => {
  const items = writes.flatMap(({ before, after }) => studentReplaced(before, after, change));
  await onConditionFailed(
    transactWrite(items),
    () => new PreconditionFailedError('A student changed during the import; run it again'),
  );
};

const evalItem = (a: AgencyId, e: Evaluation) => ({
  PK: pilotPk(a, e.pilotId),
  SK: `EVAL#${e.kind}`,
  entityKind: 'GdEvaluation',
  GSI1PK: cyclePk(a, e.cycleId),
  GSI1SK: `EVAL#${e.kind}#${e.pilotId}`,
  ...e,
});

export const getEvaluation = (a: AgencyId, pilotId: string, kind: EvaluationKind) =>
  getItem<Evaluation>(pilotPk(a, pilotId), `EVAL#${kind}`);
export const evaluationsOfPilot = (a: AgencyId, pilotId: string) =>
  readAll<Evaluation>(undefined, pilotPk(a, pilotId), 'EVAL#');
export const evaluationsOfCycle = (a: AgencyId, cycleId: string, kind: EvaluationKind) =>
  readAll<Evaluation>('GSI1', cyclePk(a, cycleId), `EVAL#${kind}#`);
export const pilotsOfCycle = (a: AgencyId, cycleId: string) =>
  readAll<Pilot>('GSI1', cyclePk(a, cycleId), 'PILOT#');

/**
 * The stage-closed marker of a cycle's evaluation stage (`mid-term`, `acceptance`): written first
 * by the stage's `closed` hook (which runs right after the stage is recorded closed); every
 * evaluation's transaction is conditioned on its absence, so none lands after the hook has read
 * the stage's evaluations (GD-OVERSIGHT, docs/lifecycle.md).
 */
const stageMarkerKey = (a: AgencyId, cycleId: string, stageKind: string) => ({
  PK: tenantKey(a, 'GDSTAGES', cycleId),
  SK: `CLOSED#${stageKind}`,
});

const stageStillOpen = (a: AgencyId, cycleId: string, stageKind: string): TransactItem => ({
  ConditionCheck: {
    TableName: table(),
    Key: stageMarkerKey(a, cycleId, stageKind),
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});

/** Writes the stage-closed marker with its audit record (idempotent: false when it exists). */
export const markStageClosed = async (
  a: AgencyId,
  cycleId: string,
  stageKind: string,
  stageId: string,
  change: Change,
): Promise<boolean> => {
  const key = stageMarkerKey(a, cycleId, stageKind);
  const marker = { cycleId, stageKind, stageId, closedAt: change.at };
  try {
    await transactWrite([
      putNew({ ...key, entityKind: 'GdStageClosed', ...marker }),
      audit(a, 'GdStage', `${cycleId}:${stageKind}`, key.PK, change, null, marker),
    ]);
    return true;
  } catch (e) {
    if (e instanceof TransactionConditionFailed && e.failedIndexes.includes(0)) return false;
    throw e;
  }
};

/**
 * Records (or replaces a not yet final) evaluation; `before` is the stored one, if any. Refused
 * (409 GD-OVERSIGHT) once the closed hook of the evaluation's stage (`stageKind`) has run.
 */
export const putEvaluation = async (
  a: AgencyId,
  before: Evaluation | undefined,
  after: Evaluation,
  stageKind: string,
  change: Change,
): Promise<void> => {
  await onConditionFailed(
    transactWrite([
      stageStillOpen(a, after.cycleId, stageKind),
      {
        Put: {
          TableName: table(),
          Item: evalItem(a, after),
          ...(before
            ? {
                ConditionExpression: 'version = :v AND #f = :no',
                ExpressionAttributeNames: { '#f': 'final' },
                ExpressionAttributeValues: { ':v': before.version, ':no': false },
              }
            : { ConditionExpression: 'attribute_not_exists(PK)' }),
        },
      },
      audit(
        a,
        'GdEvaluation',
        `${after.pilotId}:${after.kind}`,
        pilotPk(a, after.pilotId),
        change,
        before ? { ...before } : null,
        { ...after },
      ),
    ]),
    (failed) =>
      failed.includes(0)
        ? new ConflictError(
            'GD-OVERSIGHT',
            `The ${stageKind} stage is closed: its evaluations are final`,
            'kind',
          )
        : failed.includes(1)
          ? new ConflictError('GD-OVERSIGHT', 'The evaluation changed meanwhile or is final', 'kind')
          : undefined,
  );
};

/**
 * Makes the pilot's stored evaluation of `kind` final, reading it strongly consistently and
 * retrying when it changed between the read and the write; returns the evaluation as it is final
 * (undefined when the pilot has none). Idempotent: a final one is returned as it is.
 */
export const finaliseEvaluation = async (
  a: AgencyId,
  pilotId: string,
  kind: EvaluationKind,
  change: Change,
  attempts = 6,
): Promise<Evaluation | undefined> => {
  for (let attempt = 1; ; attempt++) {
    const e = await getEvaluation(a, pilotId, kind);
    if (!e || e.final) return e;
    const after: Evaluation = { ...e, final: true, version: e.version + 1 };
    try {
      await transactWrite([
        putAt(evalItem(a, after), e.version),
        audit(
          a,
          'GdEvaluation',
          `${e.pilotId}:${e.kind}`,
          pilotPk(a, e.pilotId),
          change,
          { ...e },
          { ...after },
        ),
      ]);
      return after;
    } catch (err) {
      if (!(err instanceof TransactionConditionFailed) || attempt >= attempts) throw err;
    }
  }
};

export const fileChange = async (a: AgencyId, c: FiledChange, change: Change): Promise<void> => {
  await transactWrite([
    putNew({ PK: pilotPk(a, c.pilotId), SK: `CHANGE#${c.changeId}`, entityKind: 'GdFiledChange', ...c }),
    audit(a, 'GdFiledChange', c.changeId, pilotPk(a, c.pilotId), change, null, { ...c }),
  ]);
};

export const listChanges = (
  a: AgencyId,
  pilotId: string,
  limit: number,
  cursor?: string,
): Promise<Page<FiledChange>> =>
  page<FiledChange>(a, undefined, pilotPk(a, pilotId), 'CHANGE#', limit, cursor);
