import { xlsxChunks } from '@talent/tabular';
import { describe, expect, it } from 'vitest';
import { admin, call, cohort, file, OTHER, ok, role, unitCaller } from './jiangsu-support';

const csv = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8').toString('base64');

const xlsx = async (header: string[], rows: (string | number)[][]) => {
  const parts: Uint8Array[] = [];
  for await (const p of xlsxChunks({
    sheets: [{ name: '考勤', columns: header.map((h) => ({ header: h })), rows }],
  }))
    parts.push(p);
  return Buffer.concat(parts).toString('base64');
};

const importTo = (
  kind: 'attendance' | 'grade',
  cycleId: string,
  unitId: string,
  body: Record<string, unknown>,
  caller = admin(),
) =>
  call({
    method: 'POST',
    route: `/cycles/{cycleId}/training-units/{unitId}/${kind}-imports`,
    pathParameters: { cycleId, unitId },
    body,
    caller,
  });

describe('Jiangsu bulk attendance and grades (CSV/XLSX)', () => {
  it('imports attendance from CSV all-or-nothing, refusing the whole file for one bad row', async () => {
    const c = await cohort(2);
    const [a, b] = c.traineeIds as [string, string];
    const bad = ok(
      await importTo('attendance', c.cycleId, c.unitId, {
        format: 'csv',
        contentBase64: csv([
          '培育对象编号,课次编号,是否出勤,学时,学分',
          `${a},${c.sessions.theory},是,4,1`,
          `${b},${c.sessions.theory},是,9,1`,
          `${b},nope,是,1,0`,
        ]),
      }),
    );
    expect(bad).toMatchObject({ mode: 'all-or-nothing', rowsRead: 3, applied: 0 });
    expect(bad.errors.map((e: { rowNumber: number; ruleId: string }) => [e.rowNumber, e.ruleId])).toEqual([
      [3, 'JS-HOURS-RATIO'],
      [4, 'JS-WINDOW'],
    ]);
    expect(ok(await file(a)).trainee.hoursAttended).toBe(0);
    const good = ok(
      await importTo('attendance', c.cycleId, c.unitId, {
        format: 'csv',
        contentBase64: csv([
          'traineeId,sessionId,present,hours,credits',
          `${a},${c.sessions.theory},是,4,1`,
          `${a},${c.sessions.practice},是,6,1`,
          `${b},${c.sessions.theory},否,0,0`,
        ]),
      }),
    );
    expect(good).toMatchObject({ applied: 3, rejected: 0, errors: [] });
    expect(ok(await file(a)).trainee).toMatchObject({ hoursAttended: 10, creditsEarned: 2 });
  });

  it('imports the valid rows of an XLSX file and reports the others by row', async () => {
    const c = await cohort(2);
    const [a, b] = c.traineeIds as [string, string];
    const content = await xlsx(
      ['培育对象编号', '课次编号', '是否出勤', '学时', '学分'],
      [
        [a, c.sessions.practice, '是', 6, 1],
        [b, c.sessions.practice, '也许', 6, 1],
        [b, c.sessions.theory, '是', 4, 1],
      ],
    );
    const r = ok(
      await importTo(
        'attendance',
        c.cycleId,
        c.unitId,
        { format: 'xlsx', contentBase64: content, mode: 'valid-rows' },
        unitCaller(c.unitId),
      ),
    );
    expect(r).toMatchObject({ mode: 'valid-rows', rowsRead: 3, applied: 2, rejected: 1 });
    expect(r.errors[0]).toMatchObject({ rowNumber: 3, field: 'present' });
    expect(ok(await file(a)).trainee.hoursAttended).toBe(6);
    expect(ok(await file(b)).trainee.hoursAttended).toBe(4);
  });

  it('writes a trainee’s valid rows together and a second import corrects them by their versions, totals exact (P-IMPORT-ROW)', async () => {
    const c = await cohort(2);
    const [a, b] = c.traineeIds as [string, string];
    const rows = (theory: number, practice: number) =>
      csv([
        'traineeId,sessionId,present,hours,credits',
        `${a},${c.sessions.theory},是,${theory},1`,
        `${a},${c.sessions.practice},是,${practice},1`,
        `${b},${c.sessions.theory},是,${theory},1`,
        `${b},${c.sessions.practice},是,${practice},1`,
      ]);
    const first = ok(
      await importTo('attendance', c.cycleId, c.unitId, {
        format: 'csv',
        contentBase64: rows(4, 6),
        mode: 'valid-rows',
      }),
    );
    expect(first).toMatchObject({ applied: 4, rejected: 0, errors: [] });
    // The same rows again with other hours: each replaces its earlier version, the totals move by the difference.
    const second = ok(
      await importTo('attendance', c.cycleId, c.unitId, {
        format: 'csv',
        contentBase64: rows(3, 5),
        mode: 'valid-rows',
      }),
    );
    expect(second).toMatchObject({ applied: 4, rejected: 0, errors: [] });
    for (const t of [a, b])
      expect(ok(await file(t)).trainee).toMatchObject({ hoursAttended: 8, creditsEarned: 2 });
  });

  it('imports a unit’s grades as one submission and refuses the file over the quota (JS-GRADE-QUOTA)', async () => {
    const c = await cohort(4, { attendAll: true });
    const ids = c.traineeIds;
    const over = ok(
      await importTo('grade', c.cycleId, c.unitId, {
        format: 'csv',
        contentBase64: csv(['培育对象编号,等次', ...ids.map((id, i) => `${id},${i < 2 ? '优秀' : '合格'}`)]),
      }),
    );
    expect(over).toMatchObject({ applied: 0 });
    expect(over.errors[0]).toMatchObject({ ruleId: 'JS-GRADE-QUOTA', rowNumber: 1 });
    const badGrade = ok(
      await importTo('grade', c.cycleId, c.unitId, {
        format: 'csv',
        contentBase64: csv(['traineeId,grade', ...ids.map((id, i) => `${id},${i === 2 ? '中等' : '合格'}`)]),
      }),
    );
    expect(badGrade.errors[0]).toMatchObject({ ruleId: 'JS-GRADES', rowNumber: 4, field: 'grade' });
    const fine = ok(
      await importTo('grade', c.cycleId, c.unitId, {
        format: 'csv',
        contentBase64: csv(['traineeId,grade', ...ids.map((id, i) => `${id},${i === 0 ? '优秀' : '合格'}`)]),
      }),
    );
    expect(fine).toMatchObject({ applied: 4, errors: [] });
    const validRows = await importTo('grade', c.cycleId, c.unitId, {
      format: 'csv',
      contentBase64: csv(['traineeId,grade']),
      mode: 'valid-rows',
    });
    expect(validRows.status).toBe(422);
  });

  it('refuses roles not allowed (403) and other agencies (404) on both imports', async () => {
    const c = await cohort(1);
    const body = { format: 'csv', contentBase64: csv(['traineeId,sessionId,present,hours']) };
    for (const kind of ['attendance', 'grade'] as const) {
      expect((await importTo(kind, c.cycleId, c.unitId, body, role('reviewer'))).status).toBe(403);
      expect((await importTo(kind, c.cycleId, c.unitId, body, unitCaller('tu-other'))).status).toBe(403);
      expect((await importTo(kind, c.cycleId, c.unitId, body, admin(OTHER))).status).toBe(404);
    }
  });
});
