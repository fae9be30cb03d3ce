/**
 * Bulk input from CSV/XLSX (@talent/tabular): a unit's attendance and grades. Every row is checked
 * exactly like the single routes check it; the report lists the errors by spreadsheet row.
 * - Attendance, `all-or-nothing`: nothing is written unless every row is valid, and then all rows in
 *   one transaction (so a file is limited to what one transaction holds; larger files use
 *   `valid-rows` or are split). `valid-rows`: each valid row is written on its own.
 * - Grades are one submission for the whole unit (JS-GRADE-QUOTA counts the whole set): the import
 *   is always all-or-nothing and goes through `submitGrades`.
 */
import {
  isKeySegment,
  type TransactItem,
  TransactionConditionFailed,
  transactWrite,
  versionedPut,
} from '@talent/data';
import { type AuthContext, changeBy, code, type IfMatch } from '@talent/http';
import { nowIso, ValidationFailedError } from '@talent/kernel';
import { decodeImport, type ImportBody, type ImportReport, mapRows, type RowError } from '@talent/tabular';
import * as z from 'zod';
import { cycleOf } from '../shared/cycle-access';
import type { AttendanceBody } from './schemas';
import { audit, cyclePk, getItem, table, traineePk } from './store';
import {
  ATTENDANCE_GRADING_CHECK,
  type Attendance,
  addToTotals,
  assertWrites,
  attendanceItems,
  checkAttendance,
  gradingNotStarted,
  gradingStarted,
  PROGRAMME_ID,
  readGrading,
  readTrainee,
  readUnit,
  type Session,
  submitGrades,
  type Trainee,
} from './use-cases';

const YES = ['是', 'y', 'yes', 'true', '1', '出勤', '√'];
const NO = ['否', 'n', 'no', 'false', '0', '缺勤', ''];
const yesNo = () =>
  z.union([z.boolean(), z.number(), z.string()]).transform((v, ctx) => {
    const s = String(v).trim().toLowerCase();
    if (YES.includes(s)) return true;
    if (NO.includes(s)) return false;
    ctx.addIssue({ code: 'custom', message: 'yes or no (是/否)' });
    return z.NEVER;
  });
const num = () => z.coerce.number().finite();

const attendanceRow = z.lazy(() =>
  z.strictObject({
    // Ids reach keys: the `code(64)` shape of the route's path ids (no `#`, no spaces), a row error otherwise.
    traineeId: z.coerce.string().trim().pipe(code(64)),
    sessionId: z.coerce.string().trim().pipe(code(64)),
    present: yesNo(),
    hours: num().pipe(z.number().min(0).max(24).multipleOf(0.1)),
    credits: num().pipe(z.number().min(0).max(100).multipleOf(0.1)).default(0),
    online: yesNo().default(false),
  }),
);

export const ATTENDANCE_COLUMNS = [
  { field: 'traineeId', headers: ['培育对象编号', 'traineeId'], required: true },
  { field: 'sessionId', headers: ['课次编号', 'sessionId'], required: true },
  { field: 'present', headers: ['是否出勤', 'present'], required: true },
  { field: 'hours', headers: ['学时', 'hours'], required: true },
  { field: 'credits', headers: ['学分', 'credits'] },
  { field: 'online', headers: ['线上', 'online'] },
] as const;

const gradeRow = z.lazy(() =>
  z.strictObject({
    traineeId: z.coerce.string().trim().pipe(code(64)),
    grade: z.coerce.string().trim().min(1).max(10),
    score: num().pipe(z.number().min(0).max(100)).optional(),
  }),
);

export const GRADE_COLUMNS = [
  { field: 'traineeId', headers: ['培育对象编号', 'traineeId'], required: true },
  { field: 'grade', headers: ['等次', 'grade'], required: true },
  { field: 'score', headers: ['得分', 'score'] },
] as const;

/** DynamoDB's limit of items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;
/**
 * Data rows of an attendance file at most (both modes): `valid-rows` reads and writes row by row,
 * and 2,000 rows stay well inside the API's time limit.
 */
export const MAX_ATTENDANCE_ROWS = 2000;
/** Data rows of a grade file at most: one submission holds at most 200 grades (the route's limit). */
export const MAX_GRADE_ROWS = 200;

const rowErr = (
  rowNumber: number,
  ruleId: string,
  message: string,
  field?: string,
  messageZh?: string,
): RowError => ({
  rowNumber,
  ...(field ? { field } : {}),
  ruleId,
  message,
  ...(messageZh ? { messageZh } : {}),
});

export const importAttendance = async (
  auth: AuthContext,
  cycleId: string,
  unitId: string,
  body: ImportBody,
  requestId: string,
): Promise<ImportReport> => {
  assertWrites(auth, unitId);
  await cycleOf(auth.agencyId, cycleId, [PROGRAMME_ID]);
  const unit = await readUnit(auth.agencyId, cycleId, unitId);
  if (!unit)
    throw new ValidationFailedError([
      { ruleId: 'JS-TRAINING-UNITS', path: 'params.unitId', message: 'no such unit' },
    ]);
  const rows = decodeImport(body, { maxRows: MAX_ATTENDANCE_ROWS });
  const { valid, errors } = mapRows(rows, ATTENDANCE_COLUMNS, attendanceRow);
  // Grading fixes the attendance (409 JS-GRADES, as on the route); the writes check it again atomically.
  if (await readGrading(auth.agencyId, cycleId, unitId)) throw gradingStarted(unitId);
  const rowsRead = valid.length + new Set(errors.filter((e) => e.rowNumber > 1).map((e) => e.rowNumber)).size;
  const trainees = new Map<string, Trainee | undefined>();
  const sessions = new Map<string, Session | undefined>();
  const seen = new Set<string>();
  const checked: {
    rowNumber: number;
    t: Trainee;
    row: AttendanceBody & { sessionId: string };
    before?: Attendance;
  }[] = [];
  for (const { rowNumber, value } of valid) {
    // Defence in depth: the row schema already holds ids to `code(64)`; a key never sees another value.
    const badId = [value.traineeId, value.sessionId].findIndex((v) => !isKeySegment(v));
    if (badId >= 0) {
      errors.push(rowErr(rowNumber, 'P-SCHEMA', 'not a valid id', badId === 0 ? 'traineeId' : 'sessionId'));
      continue;
    }
    if (!trainees.has(value.traineeId))
      trainees.set(value.traineeId, await readTrainee(auth.agencyId, value.traineeId));
    const t = trainees.get(value.traineeId);
    if (!t || t.cycleId !== cycleId || t.unitId !== unitId) {
      errors.push(
        rowErr(
          rowNumber,
          'JS-TRAINING-UNITS',
          'not a trainee of this unit in this cycle',
          'traineeId',
          '非本单位本年度培育对象',
        ),
      );
      continue;
    }
    if (t.status !== 'active') {
      errors.push(rowErr(rowNumber, 'JS-DEFERRAL', `the trainee is ${t.status}`, 'traineeId'));
      continue;
    }
    if (!sessions.has(value.sessionId)) {
      sessions.set(
        value.sessionId,
        await getItem<Session>(cyclePk(auth.agencyId, cycleId), `SESSION#${unitId}#${value.sessionId}`),
      );
    }
    const key = `${value.traineeId}#${value.sessionId}`;
    if (seen.has(key)) {
      errors.push(
        rowErr(
          rowNumber,
          'P-IMPORT-DUPLICATE',
          'the same trainee and session appear twice',
          'sessionId',
          '同一培育对象同一课次重复',
        ),
      );
      continue;
    }
    seen.add(key);
    const found = checkAttendance(t, sessions.get(value.sessionId), value, 'row');
    if (found.length > 0) {
      for (const v of found)
        errors.push(rowErr(rowNumber, v.ruleId, v.message, v.path.replace(/^row\./, ''), v.messageZh));
      continue;
    }
    checked.push({ rowNumber, t, row: value });
  }
  // The rows' current attendance, read side by side (16 at a time) rather than one after another.
  for (let i = 0; i < checked.length; i += READ_PARALLEL) {
    await Promise.all(
      checked.slice(i, i + READ_PARALLEL).map(async (c) => {
        const before = await getItem<Attendance>(
          traineePk(auth.agencyId, c.t.traineeId),
          `ATT#${c.row.sessionId}`,
        );
        if (before) c.before = before;
      }),
    );
  }
  const rejected = new Set(errors.filter((e) => e.rowNumber > 1).map((e) => e.rowNumber)).size;
  const report = (applied: number, extra: RowError[] = []): ImportReport => ({
    mode: body.mode,
    rowsRead,
    applied,
    rejected: rejected + (applied === 0 && extra.length > 0 ? checked.length : 0),
    errors: [...errors, ...extra].sort((a, b) => a.rowNumber - b.rowNumber),
  });
  const at = nowIso();
  const change = changeBy(auth, 'js.attendance.imported', requestId, undefined, at);
  if (body.mode === 'all-or-nothing') {
    if (errors.length > 0 || checked.length === 0) return report(0);
    // One Put per row, one Update per trainee (the sum of its rows), one audit record per trainee.
    const byTrainee = new Map<string, typeof checked>();
    for (const c of checked) byTrainee.set(c.t.traineeId, [...(byTrainee.get(c.t.traineeId) ?? []), c]);
    const items: TransactItem[] = [];
    for (const [traineeId, rows] of byTrainee) {
      const pk = traineePk(auth.agencyId, traineeId);
      let dh = 0;
      let dc = 0;
      for (const { row, before } of rows) {
        dh += row.hours - (before?.hours ?? 0);
        dc += row.credits - (before?.credits ?? 0);
        const record: Attendance = {
          present: row.present,
          hours: row.hours,
          credits: row.credits,
          online: row.online,
          attendanceOf: traineeId,
          sessionId: row.sessionId,
          version: (before?.version ?? 0) + 1,
          recordedAt: at,
          recordedBy: auth.userId,
        };
        items.push(
          versionedPut(
            table(),
            { PK: pk, SK: `ATT#${row.sessionId}`, entityKind: 'JsAttendance', ...record },
            before?.version,
          ),
        );
      }
      items.push(addToTotals(pk, dh, dc, at));
      items.push(
        audit(auth.agencyId, 'JsAttendance', traineeId, pk, change, null, {
          rows: rows.map((r) => ({ sessionId: r.row.sessionId, hours: r.row.hours, credits: r.row.credits })),
        }),
      );
    }
    // Once per transaction (one item is never addressed twice in a transaction).
    items.push(gradingNotStarted(auth.agencyId, cycleId, unitId));
    if (items.length > MAX_TRANSACTION_ITEMS) {
      return report(0, [
        rowErr(
          1,
          'P-IMPORT-SIZE',
          `an all-or-nothing import writes at most ${MAX_TRANSACTION_ITEMS} items at once (this file needs ${items.length}); split it or use valid-rows`,
          undefined,
          '整体导入数据过多，请拆分文件或按有效行导入',
        ),
      ]);
    }
    try {
      await transactWrite(items);
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      const graded = error.failedIndexes.some((i) => items[i] !== undefined && 'ConditionCheck' in items[i]);
      return report(0, [
        graded
          ? rowErr(
              1,
              'JS-GRADES',
              `grading of training unit ${unitId} has started (grades submitted or being submitted): attendance is fixed`,
            )
          : rowErr(1, 'P-VERSION-MATCH', 'attendance changed while the file was imported; import it again'),
      ]);
    }
    return report(checked.length);
  }
  let applied = 0;
  const late: RowError[] = [];
  const writeRow = async (c: (typeof checked)[number]): Promise<void> => {
    const { items } = attendanceItems(auth.agencyId, c.t, c.before, c.row, c.row.sessionId, change);
    try {
      await transactWrite(items);
      applied += 1;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      late.push(
        error.failedIndexes.includes(ATTENDANCE_GRADING_CHECK)
          ? rowErr(
              c.rowNumber,
              'JS-GRADES',
              `grading of training unit ${unitId} has started (grades submitted or being submitted): attendance is fixed`,
            )
          : rowErr(c.rowNumber, 'P-VERSION-MATCH', 'the attendance or the trainee changed meanwhile'),
      );
    }
  };
  // Each row stands on its own, but rows of one trainee are written together: one transaction
  // per trainee and up to ROWS_PER_TRANSACTION rows (each row's put and audit, the trainee's
  // totals once, the grading check once). Should any condition fail, that group's rows are
  // written one by one, so only the row that fails is refused.
  const started = Date.now();
  const groups: (typeof checked)[] = [];
  const byTrainee = new Map<string, typeof checked>();
  for (const c of checked) byTrainee.set(c.t.traineeId, [...(byTrainee.get(c.t.traineeId) ?? []), c]);
  for (const rows of byTrainee.values())
    for (let i = 0; i < rows.length; i += ROWS_PER_TRANSACTION)
      groups.push(rows.slice(i, i + ROWS_PER_TRANSACTION));
  for (const [g, group] of groups.entries()) {
    // Never past the function's time limit (a timeout would answer 500 after some rows were
    // written): rows not reached in time are reported, to be sent again (P-IMPORT-TIME).
    if (Date.now() - started > WRITE_BUDGET_MS) {
      for (const c of groups.slice(g).flat())
        late.push(
          rowErr(
            c.rowNumber,
            'P-IMPORT-TIME',
            'not written: the import ran out of time; send this row again',
            undefined,
            '导入超时未写入，请重新导入该行',
          ),
        );
      break;
    }
    const first = group[0] as (typeof checked)[number];
    if (group.length === 1) {
      await writeRow(first);
      continue;
    }
    const pk = traineePk(auth.agencyId, first.t.traineeId);
    const items: TransactItem[] = [];
    let dh = 0;
    let dc = 0;
    for (const c of group) {
      // The row's put and its audit record (the totals and the grading check are added once below).
      items.push(...attendanceItems(auth.agencyId, c.t, c.before, c.row, c.row.sessionId, change).own);
      dh += c.row.hours - (c.before?.hours ?? 0);
      dc += c.row.credits - (c.before?.credits ?? 0);
    }
    items.push(addToTotals(pk, dh, dc, change.at), gradingNotStarted(auth.agencyId, cycleId, unitId));
    try {
      await transactWrite(items);
      applied += group.length;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      for (const c of group) await writeRow(c);
    }
  }
  return { ...report(applied, late), rejected: rejected + late.length };
};

/** Reads of the rows' current attendance in flight at once. */
const READ_PARALLEL = 16;
/** Rows of one trainee per transaction: 2 items each, plus the totals and the grading check (≤ 100). */
const ROWS_PER_TRANSACTION = 49;
/** Time for the writes of a `valid-rows` import, well inside the function's 29 s. */
const WRITE_BUDGET_MS = 20_000;

/**
 * A unit's grades from a file: one submission (all-or-nothing), the same checks as `submitGrades`.
 * A resubmission sends `If-Match` with the version of the grades it replaces, as on the route.
 */
export const importGrades = async (
  auth: AuthContext,
  cycleId: string,
  unitId: string,
  body: ImportBody,
  requestId: string,
  ifMatch?: IfMatch,
): Promise<ImportReport> => {
  assertWrites(auth, unitId);
  if (body.mode !== 'all-or-nothing') {
    throw new ValidationFailedError([
      {
        ruleId: 'JS-GRADE-QUOTA',
        path: 'body.mode',
        message:
          'grades are submitted for the whole unit at once (the quotas count them all): use all-or-nothing',
        messageZh: '等次须整体提交（比例按全部培育对象计算）',
      },
    ]);
  }
  await cycleOf(auth.agencyId, cycleId, [PROGRAMME_ID]);
  const rows = decodeImport(body, { maxRows: MAX_GRADE_ROWS });
  const { valid, errors } = mapRows(rows, GRADE_COLUMNS, gradeRow);
  const rowsRead = valid.length + new Set(errors.filter((e) => e.rowNumber > 1).map((e) => e.rowNumber)).size;
  const fail = (extra: RowError[]): ImportReport => ({
    mode: body.mode,
    rowsRead,
    applied: 0,
    rejected: rowsRead,
    errors: [...errors, ...extra].sort((a, b) => a.rowNumber - b.rowNumber),
  });
  if (errors.length > 0 || valid.length === 0) return fail([]);
  try {
    await submitGrades(
      auth,
      cycleId,
      unitId,
      {
        grades: valid.map((v) => ({
          traineeId: v.value.traineeId,
          grade: v.value.grade,
          ...(v.value.score !== undefined ? { score: v.value.score } : {}),
        })),
      },
      ifMatch,
      requestId,
    );
  } catch (error) {
    if (error instanceof ValidationFailedError) {
      return fail(
        error.violations.map((v) => {
          const m = /^body\.grades\[(\d+)\]\.?(.*)$/.exec(v.path);
          const row = m ? valid[Number(m[1])] : undefined;
          return rowErr(row?.rowNumber ?? 1, v.ruleId, v.message, m?.[2] || undefined, v.messageZh);
        }),
      );
    }
    throw error;
  }
  return { mode: body.mode, rowsRead, applied: valid.length, rejected: 0, errors: [] };
};
