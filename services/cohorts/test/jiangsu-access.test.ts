import { asAgencyId } from '@talent/data';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller, EventInput } from '../../../test/support/api-event';
import { jiangsuRoutes } from '../src/jiangsu/routes';
import { allOf, traineePk } from '../src/jiangsu/store';
import { AG, admin, type Cohort, call, cohort, OTHER, ok, role, unitCaller } from './jiangsu-support';

let c: Cohort;
let traineeId: string;
let leaveId: string;

beforeAll(async () => {
  c = await cohort(2, { attendAll: true });
  traineeId = c.traineeIds[0] as string;
  leaveId = ok(
    await call({
      method: 'POST',
      route: '/trainees/{traineeId}/leave',
      pathParameters: { traineeId },
      body: { from: '2026-05-01', to: '2026-05-02', reason: '病假' },
      caller: admin(),
    }),
    201,
  ).leaveId;
});

interface Case {
  readonly op: string;
  readonly forbidden: string;
  readonly input: () => Omit<EventInput, 'caller'>;
  /** What another agency's admin gets: 404, or an empty list. */
  readonly intruder?: 'empty';
}

const unitPath = () => ({ cycleId: c.cycleId, unitId: c.unitId });
const unitBody = {
  name: '某技师学院',
  kind: 'technician-college',
  city: '南京市',
  majors: [{ code: '0102-4', name: '数控加工' }],
};
const cases: Case[] = [
  {
    op: 'putJsTrainingUnit',
    forbidden: 'unit',
    input: () => ({
      method: 'PUT',
      route: '/cycles/{cycleId}/training-units/{unitId}',
      pathParameters: unitPath(),
      body: unitBody,
    }),
  },
  {
    op: 'listJsTrainingUnits',
    forbidden: 'finance',
    input: () => ({
      method: 'GET',
      route: '/cycles/{cycleId}/training-units',
      pathParameters: { cycleId: c.cycleId },
    }),
  },
  {
    op: 'getJsTrainingUnit',
    forbidden: 'finance',
    input: () => ({
      method: 'GET',
      route: '/cycles/{cycleId}/training-units/{unitId}',
      pathParameters: unitPath(),
    }),
  },
  {
    op: 'putJsTrainingPlan',
    forbidden: 'reviewer',
    input: () => ({
      method: 'PUT',
      route: '/cycles/{cycleId}/training-units/{unitId}/plan',
      pathParameters: unitPath(),
      body: { startsOn: '2026-03-01', endsOn: '2026-07-31', theoryHours: 4, practiceHours: 6, credits: 2 },
    }),
  },
  {
    op: 'addJsSession',
    forbidden: 'reviewer',
    input: () => ({
      method: 'POST',
      route: '/cycles/{cycleId}/training-units/{unitId}/sessions',
      pathParameters: unitPath(),
      body: { date: '2026-05-01', kind: 'theory', title: 't', hours: 2 },
    }),
  },
  {
    op: 'listJsSessions',
    forbidden: 'finance',
    input: () => ({
      method: 'GET',
      route: '/cycles/{cycleId}/training-units/{unitId}/sessions',
      pathParameters: unitPath(),
    }),
  },
  {
    op: 'submitJsGrades',
    forbidden: 'reviewer',
    input: () => ({
      method: 'POST',
      route: '/cycles/{cycleId}/training-units/{unitId}/grades',
      pathParameters: unitPath(),
      body: { grades: [{ traineeId, grade: '合格' }] },
    }),
  },
  {
    op: 'getJsGrades',
    forbidden: 'finance',
    input: () => ({
      method: 'GET',
      route: '/cycles/{cycleId}/training-units/{unitId}/grades',
      pathParameters: unitPath(),
    }),
  },
  {
    op: 'putJsCityLead',
    forbidden: 'unit',
    input: () => ({
      method: 'PUT',
      route: '/cycles/{cycleId}/city-leads/{city}',
      pathParameters: { cycleId: c.cycleId, city: '南京市' },
      body: { userId: 'nj-lead', name: '陈主任', bureau: '南京市人社局' },
    }),
  },
  {
    op: 'listJsCityLeads',
    forbidden: 'finance',
    input: () => ({
      method: 'GET',
      route: '/cycles/{cycleId}/city-leads',
      pathParameters: { cycleId: c.cycleId },
    }),
  },
  {
    op: 'enrolJsTrainee',
    forbidden: 'reviewer',
    input: () => ({
      method: 'POST',
      route: '/cycles/{cycleId}/trainees',
      pathParameters: { cycleId: c.cycleId },
      body: { nominationId: c.nominationIds[0], unitId: c.unitId, majorCode: '0102-4', homeCity: '南京市' },
    }),
  },
  {
    op: 'listJsTrainees',
    forbidden: 'finance',
    input: () => ({
      method: 'GET',
      route: '/cycles/{cycleId}/trainees',
      pathParameters: { cycleId: c.cycleId },
    }),
  },
  {
    op: 'getJsTraineeFile',
    forbidden: 'finance',
    input: () => ({ method: 'GET', route: '/trainees/{traineeId}', pathParameters: { traineeId } }),
  },
  {
    op: 'assignJsInstructor',
    forbidden: 'reviewer',
    input: () => ({
      method: 'PUT',
      route: '/trainees/{traineeId}/instructor',
      pathParameters: { traineeId },
      body: { name: '李老师', skillLevel: '高级技师' },
    }),
  },
  {
    op: 'recordJsAttendance',
    forbidden: 'auditor',
    input: () => ({
      method: 'PUT',
      route: '/trainees/{traineeId}/attendance/{sessionId}',
      pathParameters: { traineeId, sessionId: c.sessions.theory },
      body: { present: true, hours: 4, credits: 1 },
    }),
  },
  {
    op: 'requestJsLeave',
    forbidden: 'reviewer',
    input: () => ({
      method: 'POST',
      route: '/trainees/{traineeId}/leave',
      pathParameters: { traineeId },
      body: { from: '2026-05-03', to: '2026-05-03', reason: '事假' },
    }),
  },
  {
    op: 'decideJsLeave',
    forbidden: 'unit',
    input: () => ({
      method: 'POST',
      route: '/trainees/{traineeId}/leave/{leaveId}/decision',
      pathParameters: { traineeId, leaveId },
      body: { approve: true },
    }),
  },
  {
    op: 'submitJsReport',
    forbidden: 'reviewer',
    input: () => ({
      method: 'POST',
      route: '/trainees/{traineeId}/report',
      pathParameters: { traineeId },
      body: { title: '报告', submittedOn: '2026-08-01' },
    }),
  },
  {
    op: 'scoreJsReport',
    forbidden: 'unit',
    input: () => ({
      method: 'PUT',
      route: '/trainees/{traineeId}/report/score',
      pathParameters: { traineeId },
      body: { score: 80 },
    }),
  },
  {
    op: 'deferJsTrainee',
    forbidden: 'reviewer',
    input: () => ({
      method: 'POST',
      route: '/trainees/{traineeId}/deferral',
      pathParameters: { traineeId },
      body: { toCycleId: 'c-next', reason: '工作原因' },
    }),
  },
  {
    op: 'continueJsTrainee',
    forbidden: 'unit',
    input: () => ({
      method: 'POST',
      route: '/trainees/{traineeId}/continuation',
      pathParameters: { traineeId },
      body: { toCycleId: 'c-next' },
    }),
  },
  {
    op: 'issueJsCertificate',
    forbidden: 'unit',
    input: () => ({
      method: 'POST',
      route: '/trainees/{traineeId}/certificate',
      pathParameters: { traineeId },
    }),
  },
  {
    op: 'recordJsSanction',
    forbidden: 'unit',
    input: () => ({
      method: 'POST',
      route: '/sanctions',
      body: { kind: 'trainee-misconduct', traineeId, imposedOn: '2026-05-01', reason: '违反培训纪律' },
    }),
  },
  {
    op: 'listJsSanctions',
    forbidden: 'unit',
    input: () => ({ method: 'GET', route: '/sanctions', query: { unitId: 'emp-1' } }),
  },
  {
    op: 'getJsAcceptance',
    forbidden: 'reviewer',
    input: () => ({
      method: 'GET',
      route: '/cycles/{cycleId}/acceptance',
      pathParameters: { cycleId: c.cycleId },
    }),
  },
  ...(['attendance', 'grade'] as const).map(
    (kind): Case => ({
      op: kind === 'attendance' ? 'importJsAttendance' : 'importJsGrades',
      forbidden: 'reviewer',
      input: () => ({
        method: 'POST',
        route: `/cycles/{cycleId}/training-units/{unitId}/${kind}-imports`,
        pathParameters: unitPath(),
        body: { format: 'csv', contentBase64: Buffer.from('traineeId,grade\r\n').toString('base64') },
      }),
    }),
  ),
];

describe('Jiangsu cohort access (P-ROLE, P-UNIT-SCOPE, X-TENANT)', () => {
  it('covers every Jiangsu route in the table', () => {
    expect(cases.map((x) => x.op).sort()).toEqual(jiangsuRoutes.map((r) => r.operationId).sort());
  });

  for (const x of cases) {
    it(`${x.op}: a role not allowed gets 403`, async () => {
      const caller: Caller = x.forbidden === 'unit' ? unitCaller(c.unitId) : role(x.forbidden);
      const r = await call({ ...x.input(), caller });
      expect(r.status, JSON.stringify(r.body)).toBe(403);
    });
    it(`${x.op}: another agency ${x.intruder === 'empty' ? 'sees nothing' : 'gets 404'} (X-TENANT)`, async () => {
      const r = await call({ ...x.input(), caller: admin(OTHER) });
      if (x.intruder === 'empty') {
        expect(r.status).toBe(200);
        expect(r.body.items).toEqual([]);
      } else {
        expect(r.status, JSON.stringify(r.body)).toBe(404);
      }
    });
  }

  it('records a sanction against a trainee by fingerprint and lists it by trainee and by unit (JS-SANCTIONS)', async () => {
    const person = ok(
      await call({
        method: 'POST',
        route: '/sanctions',
        body: { kind: 'trainee-misconduct', traineeId, imposedOn: '2026-06-01', reason: '违反培训纪律' },
        caller: admin(),
      }),
      201,
    );
    expect(person).toMatchObject({
      subject: 'person',
      effects: ['no-provincial-awards'],
      until: '2029-06-01',
      traineeId,
    });
    expect(JSON.stringify(person)).not.toMatch(/\d{17}[\dX]/);
    const unit = ok(
      await call({
        method: 'POST',
        route: '/sanctions',
        body: {
          kind: 'employer-obstruction',
          unitId: 'emp-access',
          imposedOn: '2026-06-01',
          reason: '不支持参训',
        },
        caller: admin(),
      }),
      201,
    );
    expect(unit.effects).toEqual(['no-recommendation', 'no-carrier-projects']);
    const byTrainee = ok(
      await call({ method: 'GET', route: '/sanctions', query: { traineeId }, caller: role('auditor') }),
    );
    expect(byTrainee.items.map((s: { sanctionId: string }) => s.sanctionId)).toContain(person.sanctionId);
    const byUnit = ok(
      await call({ method: 'GET', route: '/sanctions', query: { unitId: 'emp-access' }, caller: admin() }),
    );
    expect(byUnit.items).toHaveLength(1);
    const bad = await call({
      method: 'POST',
      route: '/sanctions',
      body: { kind: 'employer-obstruction', traineeId, imposedOn: '2026-06-01', reason: 'x' },
      caller: admin(),
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].ruleId).toBe('JS-SANCTIONS');
  });

  it('refuses sanctions to an agency that does not run the Jiangsu programme, writing nothing (JS-SANCTIONS, X-TENANT)', async () => {
    const body = {
      kind: 'employer-obstruction',
      unitId: 'emp-other',
      imposedOn: '2026-06-01',
      reason: '不支持参训',
    };
    const refused = await call({ method: 'POST', route: '/sanctions', body, caller: admin(OTHER) });
    expect(refused.status, JSON.stringify(refused.body)).toBe(404);
    const listed = await call({
      method: 'GET',
      route: '/sanctions',
      query: { unitId: 'emp-other' },
      caller: admin(OTHER),
    });
    expect(listed.status).toBe(404);
    // Jiangsu itself has no sanction of that unit either: nothing was written anywhere.
    expect(
      ok(await call({ method: 'GET', route: '/sanctions', query: { unitId: 'emp-other' }, caller: admin() }))
        .items,
    ).toEqual([]);
  });

  it('paginates the trainees of a cycle and limits a unit to its own', async () => {
    const first = ok(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/trainees',
        pathParameters: { cycleId: c.cycleId },
        query: { limit: '1' },
        caller: role('auditor'),
      }),
    );
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = ok(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/trainees',
        pathParameters: { cycleId: c.cycleId },
        query: { limit: '1', cursor: first.nextCursor },
        caller: role('auditor'),
      }),
    );
    expect(second.items).toHaveLength(1);
    expect(second.items[0].traineeId).not.toBe(first.items[0].traineeId);
    const other = ok(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/trainees',
        pathParameters: { cycleId: c.cycleId },
        caller: unitCaller('tu-other'),
      }),
    );
    expect(other.items).toEqual([]);
    const own = ok(
      await call({
        method: 'GET',
        route: '/cycles/{cycleId}/trainees',
        pathParameters: { cycleId: c.cycleId },
        caller: unitCaller(c.unitId),
      }),
    );
    expect(own.items).toHaveLength(2);
  });

  it('writes an audit record with every change, with no raw resident ID (X-AUDIT)', async () => {
    const items = await allOf<Record<string, unknown>>(traineePk(asAgencyId(AG), traineeId), 'AUDIT#');
    const actions = items.map((i) => i.action);
    expect(actions).toEqual(
      expect.arrayContaining(['js.trainee.enrolled', 'js.attendance.recorded', 'js.leave.requested']),
    );
    expect(JSON.stringify(items)).not.toMatch(/\d{17}[\dX]/);
  });
});
