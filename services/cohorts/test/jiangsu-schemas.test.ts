import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  acceptanceView,
  continuationView,
  deferralView,
  gradingView,
  traineeFileView,
  traineePage,
  traineeView,
} from '../src/jiangsu/schemas';
import {
  admin,
  at,
  call,
  closeAcceptance,
  cohort,
  file,
  ok,
  putUnit,
  role,
  seed,
  submitGrades,
  unitCaller,
} from './jiangsu-support';

// The response schemas of the Jiangsu routes are documentation (the http package does not validate
// responses): each is checked here against a real response, strictly (no field left undocumented).

const parses = (schema: z.ZodType, body: unknown) => {
  const r = schema.safeParse(body);
  expect(r.success, r.success ? '' : JSON.stringify(r.error.issues, null, 1)).toBe(true);
};

describe('Jiangsu response schemas', () => {
  it('describe the trainee, the training file, the grades and the acceptance as returned (JS-GRADES, JS-ACCEPTANCE)', async () => {
    const c = await cohort(2, { attendAll: true });
    const [t, u] = c.traineeIds as [string, string];
    parses(
      traineeView,
      ok(
        await call({
          method: 'PUT',
          route: '/trainees/{traineeId}/instructor',
          pathParameters: { traineeId: t },
          body: { name: '李老师', professionalTitle: '副高级' },
          caller: admin(),
        }),
      ),
    );
    parses(
      traineePage,
      ok(
        await call({
          method: 'GET',
          route: '/cycles/{cycleId}/trainees',
          pathParameters: { cycleId: c.cycleId },
          caller: admin(),
        }),
      ),
    );
    ok(
      await call({
        method: 'POST',
        route: '/trainees/{traineeId}/leave',
        pathParameters: { traineeId: t },
        body: { from: '2026-04-10', to: '2026-04-11', reason: '家中有事' },
        caller: unitCaller(c.unitId),
      }),
      201,
    );
    ok(
      await call({
        method: 'POST',
        route: '/trainees/{traineeId}/report',
        pathParameters: { traineeId: t },
        body: { title: '数控加工精度提升研修报告', submittedOn: '2026-08-20' },
        caller: unitCaller(c.unitId),
      }),
      201,
    );
    ok(
      await call({
        method: 'PUT',
        route: '/trainees/{traineeId}/report/score',
        pathParameters: { traineeId: t },
        body: { score: 88.5, comment: '质量较高' },
        caller: role('reviewer', 'expert-1'),
      }),
    );
    // provisional grades
    const graded = ok(
      await submitGrades(c.cycleId, c.unitId, [
        { traineeId: t, grade: '合格' },
        { traineeId: u, grade: '基本合格' },
      ]),
    );
    parses(gradingView, graded);
    parses(traineeFileView, ok(await file(t)));
    parses(
      acceptanceView,
      ok(
        await call({
          method: 'GET',
          route: '/cycles/{cycleId}/acceptance',
          pathParameters: { cycleId: c.cycleId },
          caller: role('finance'),
        }),
      ),
    );
    at('2026-11-01T02:00:00Z');
    await closeAcceptance(c.cycleId);
    const final = ok(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/training-units/{unitId}/grades',
        pathParameters: { cycleId: c.cycleId, unitId: c.unitId },
        caller: admin(),
      }),
    );
    expect(final.finalAt).toBeDefined();
    parses(gradingView, final);
    parses(
      acceptanceView,
      ok(
        await call({
          method: 'GET',
          route: '/cycles/{cycleId}/acceptance',
          pathParameters: { cycleId: c.cycleId },
          caller: role('finance'),
        }),
      ),
    );
    const y2 = await seed([], 2027);
    ok(await putUnit(y2.cycleId, c.unitId), 201);
    const cont = ok(
      await call({
        method: 'POST',
        route: '/trainees/{traineeId}/continuation',
        pathParameters: { traineeId: t },
        body: { toCycleId: y2.cycleId },
        caller: admin(),
      }),
      201,
    );
    parses(continuationView, cont);
    const f = ok(await file(t));
    expect(f.grade.status).toBe('final');
    parses(traineeFileView, f);
    // strict: an undocumented field (or the fingerprint, never returned) does not parse
    expect(traineeFileView.safeParse({ ...f, extra: 1 }).success).toBe(false);
    expect(traineeView.safeParse({ ...f.trainee, personFingerprint: 'x' }).success).toBe(false);
    expect(gradingView.safeParse({ ...final, grades: [{ ...final.grades[0], x: 1 }] }).success).toBe(false);
    at('2026-04-01T02:00:00Z');
  });

  it('describe the enrolment, the training file of a new trainee and the deferral (JS-DEFERRAL)', async () => {
    const c = await cohort(1);
    const t = c.traineeIds[0] as string;
    parses(traineeFileView, ok(await file(t)));
    const next = await seed([], 2027);
    ok(await putUnit(next.cycleId, c.unitId), 201);
    const r = ok(
      await call({
        method: 'POST',
        route: '/trainees/{traineeId}/deferral',
        pathParameters: { traineeId: t },
        body: { toCycleId: next.cycleId, reason: '工作原因' },
        caller: unitCaller(c.unitId),
      }),
      201,
    );
    parses(deferralView, r);
    parses(traineeView, r.next);
  });
});
