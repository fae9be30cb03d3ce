/**
 * Bulk import of graduate outcomes of one class from CSV or XLSX (@talent/tabular). Each row names a
 * student of the class by resident ID; rows are validated like `PUT /students/{id}/outcome` and
 * reported by row. `all-or-nothing` writes every row in one transaction or none; `valid-rows` writes
 * the valid rows and reports the others.
 */
import { type AuthContext, changeBy, residentId } from '@talent/http';
import { isIsoDate, nowIso, ValidationFailedError } from '@talent/kernel';
import {
  type ColumnSpec,
  decodeImport,
  IMPORT_FORMAT_RULE,
  type ImportBody,
  type ImportReport,
  mapRows,
  type RowError,
} from '@talent/tabular';
import * as z from 'zod';
import * as repo from './repository';
import type { OutcomeInput } from './schemas';
import { classFor, outcomeViolations } from './use-cases';

/** Rows one all-or-nothing import takes: a transaction holds 100 items, a row is the student and its audit record. */
export const MAX_ATOMIC_ROWS = 50;
const ROWS_PER_TRANSACTION = 50;

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '']);
const yesNo = () =>
  z.preprocess(
    (v) => {
      if (typeof v === 'boolean') return v;
      const s = String(v).trim().toLowerCase();
      if (YES.has(s)) return true;
      if (NO.has(s)) return false;
      return v;
    },
    z.boolean({ message: 'yes or no (是/否)' }),
  );
const optionalYesNo = () => yesNo().optional().default(false);

const rowSchema = z.lazy(() =>
  z.strictObject({
    residentId: z.coerce.string().pipe(residentId()),
    name: z.coerce.string().optional(),
    graduated: yesNo(),
    graduatedOn: z.coerce
      .string()
      .refine(isIsoDate, {
        message: 'a date YYYY-MM-DD',
        params: { ruleId: 'P-DATE', messageZh: '日期须为 YYYY-MM-DD' },
      })
      .optional(),
    courseAssessmentPassed: yesNo(),
    enterprisePracticePassed: yesNo(),
    technicianCertificate: optionalYesNo(),
    recognisedTechnicianCertificate: optionalYesNo(),
    enterpriseAssessedTechnicianLevel: optionalYesNo(),
    technicianEquivalentPostWithPay: optionalYesNo(),
    employed: optionalYesNo(),
    matchedEmployment: optionalYesNo(),
    paidAboveTechnicianPay: optionalYesNo(),
  }),
);

export const OUTCOME_COLUMNS: readonly ColumnSpec[] = [
  { field: 'residentId', headers: ['身份证号', '身份证号码', 'residentId'], required: true },
  { field: 'name', headers: ['姓名', 'name'] },
  { field: 'graduated', headers: ['是否毕业', '毕业', 'graduated'], required: true },
  { field: 'graduatedOn', headers: ['毕业日期', 'graduatedOn'] },
  { field: 'courseAssessmentPassed', headers: ['课程考核合格', 'courseAssessmentPassed'], required: true },
  {
    field: 'enterprisePracticePassed',
    headers: ['企业实践考核达标', 'enterprisePracticePassed'],
    required: true,
  },
  { field: 'technicianCertificate', headers: ['技师/二级证书', '技师证书', 'technicianCertificate'] },
  {
    field: 'recognisedTechnicianCertificate',
    headers: ['行业企业认定技师证书', 'recognisedTechnicianCertificate'],
  },
  {
    field: 'enterpriseAssessedTechnicianLevel',
    headers: ['企业评价达到技师水平', 'enterpriseAssessedTechnicianLevel'],
  },
  {
    field: 'technicianEquivalentPostWithPay',
    headers: ['受聘技师相当岗位并获相应薪酬', '受聘技师相当岗位', 'technicianEquivalentPostWithPay'],
  },
  { field: 'employed', headers: ['是否就业', '就业', 'employed'] },
  { field: 'matchedEmployment', headers: ['对口就业', 'matchedEmployment'] },
  { field: 'paidAboveTechnicianPay', headers: ['待遇高于技师岗位', 'paidAboveTechnicianPay'] },
];

export const importOutcomes = async (
  auth: AuthContext,
  classId: string,
  body: ImportBody,
  requestId: string,
): Promise<ImportReport> => {
  await classFor(auth, classId, 'write');
  const table = decodeImport(body);
  const { valid, errors } = mapRows(table, OUTCOME_COLUMNS, rowSchema);
  const rowErrors: RowError[] = [...errors];
  const students = await repo.studentsOfClass(auth.agencyId, classId);
  const byResidentId = new Map(students.map((s) => [s.residentId.toUpperCase(), s]));
  const seen = new Map<string, number>();
  const writes: { rowNumber: number; before: repo.Student; after: repo.Student }[] = [];
  const at = nowIso();
  for (const { rowNumber, value } of valid) {
    const { residentId: id, name: _name, ...outcome } = value;
    const key = id.toUpperCase();
    const student = byResidentId.get(key);
    if (!student) {
      rowErrors.push({
        rowNumber,
        column: '身份证号',
        field: 'residentId',
        ruleId: 'P-IMPORT-ROW',
        message: 'no student of this class has this resident ID',
        messageZh: '本班无此身份证号的学生',
      });
      continue;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      rowErrors.push({
        rowNumber,
        column: '身份证号',
        field: 'residentId',
        ruleId: 'P-IMPORT-ROW',
        message: `the same student as row ${first}`,
        messageZh: `与第${first}行为同一学生`,
      });
      continue;
    }
    seen.set(key, rowNumber);
    const violations = outcomeViolations(outcome as OutcomeInput, 'row');
    if (violations.length > 0) {
      for (const v of violations)
        rowErrors.push({
          rowNumber,
          field: v.path.replace(/^row\./, ''),
          ruleId: v.ruleId,
          message: v.message,
          ...(v.messageZh ? { messageZh: v.messageZh } : {}),
        });
      continue;
    }
    writes.push({
      rowNumber,
      before: student,
      after: {
        ...student,
        outcome: { ...(outcome as OutcomeInput), recordedAt: at, recordedBy: auth.userId },
        version: student.version + 1,
      },
    });
  }
  const headerFailed = errors.some((e) => e.ruleId === IMPORT_FORMAT_RULE && e.rowNumber === 1);
  const rowsRead = headerFailed
    ? table.rows.length
    : valid.length + new Set(errors.map((e) => e.rowNumber)).size;
  const rejectedRows = headerFailed ? rowsRead : new Set(rowErrors.map((e) => e.rowNumber)).size;
  const report = (applied: number): ImportReport => ({
    mode: body.mode,
    rowsRead,
    applied,
    rejected: rejectedRows,
    errors: rowErrors.sort((a, b) => a.rowNumber - b.rowNumber),
  });
  if (body.mode === 'all-or-nothing') {
    if (rowErrors.length > 0 || writes.length === 0) return report(0);
    if (writes.length > MAX_ATOMIC_ROWS)
      throw new ValidationFailedError([
        {
          ruleId: 'P-IMPORT-SIZE',
          path: 'body.contentBase64',
          message: `an all-or-nothing import takes at most ${MAX_ATOMIC_ROWS} rows; use valid-rows or split the file`,
          messageZh: `整体导入每次不超过${MAX_ATOMIC_ROWS}行`,
        },
      ]);
    await repo.replaceStudents(writes, changeBy(auth, 'gd.outcome.imported', requestId));
    return report(writes.length);
  }
  let applied = 0;
  for (let i = 0; i < writes.length; i += ROWS_PER_TRANSACTION) {
    const chunk = writes.slice(i, i + ROWS_PER_TRANSACTION);
    await repo.replaceStudents(chunk, changeBy(auth, 'gd.outcome.imported', requestId));
    applied += chunk.length;
  }
  return report(applied);
};
