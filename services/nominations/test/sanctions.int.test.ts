import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { asAgencyId, getDocumentClient, mainTableName } from '@talent/data';
import { describe, expect, it } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { jiangsuCycle } from '../../../test/support/cycles';
import { residentIdFor } from '../../../test/support/people';
import { jiangsuNomination } from '../../../test/support/samples';
import { handler as cohorts } from '../../cohorts/src/handlers/api';
import { sanctionPk } from '../../cohorts/src/jiangsu/sanctions-reader';
import { handler } from '../src/handlers/api';

// Integration: a sanction the cohorts service records (JS-SANCTIONS) is read by nomination intake
// and the catalogue's sanction-ban rule refuses a recommendation by a banned unit for 3 years.

const admin: Caller = { agency: 'jiangsu', roles: ['admin'], user: 'js-admin' };
const call = async (input: EventInput) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('nominations')));
const callCohorts = async (input: EventInput) =>
  parseResponse(await cohorts(apiEvent(input), lambdaContext('cohorts')));

const openCycle = async () => {
  const cycleId = `js-${randomUUID().slice(0, 8)}`;
  const r = await call({ method: 'POST', route: '/cycles', body: jiangsuCycle(cycleId), caller: admin });
  expect(r.status).toBe(201);
  return cycleId;
};

const sanction = async (body: Record<string, unknown>, caller: Caller = admin) => {
  const r = await callCohorts({
    method: 'POST',
    route: '/sanctions',
    body: { reason: '无正当理由不支持职工参训', ...body },
    caller,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};

const nominate = async (unitId: string, residentId = residentIdFor('1985-05-05', 11)) =>
  call({
    method: 'POST',
    route: '/nominations',
    body: jiangsuNomination(await openCycle(), { unitId }, { residentId }),
    caller: admin,
  });

describe('sanctions in nomination intake (JS-SANCTIONS)', () => {
  it('refuses a recommendation by a unit sanctioned 3 years minus a day before the selection date (JS-SANCTIONS)', async () => {
    const unitId = `emp-${randomUUID().slice(0, 6)}`;
    await sanction({ kind: 'employer-obstruction', unitId, imposedOn: '2023-04-01' });
    const r = await nominate(unitId);
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({ ruleId: 'JS-SANCTIONS', field: 'body.sanctions[0]' });
  });

  it('accepts it once the 3 years are over on the selection date (JS-SANCTIONS)', async () => {
    const unitId = `emp-${randomUUID().slice(0, 6)}`;
    await sanction({ kind: 'employer-obstruction', unitId, imposedOn: '2023-03-31' });
    const r = await nominate(unitId);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });

  it('does not bar other units, nor a person’s recommendation for a misconduct sanction (awards only) (JS-SANCTIONS)', async () => {
    const banned = `emp-${randomUUID().slice(0, 6)}`;
    await sanction({ kind: 'employer-obstruction', unitId: banned, imposedOn: '2025-01-01' });
    expect((await nominate(`emp-${randomUUID().slice(0, 6)}`)).status).toBe(201);
    const residentId = residentIdFor('1986-06-06', 13);
    await sanction({
      kind: 'trainee-misconduct',
      residentId,
      imposedOn: '2025-01-01',
      reason: '违反培训纪律',
    });
    expect((await nominate(`emp-${randomUUID().slice(0, 6)}`, residentId)).status).toBe(201);
  });

  it('refuses the submission of a draft whose unit was sanctioned after it was created (JS-SANCTIONS)', async () => {
    const unitId = `emp-${randomUUID().slice(0, 6)}`;
    const created = await nominate(unitId);
    expect(created.status).toBe(201);
    await sanction({ kind: 'employer-obstruction', unitId, imposedOn: '2026-01-10' });
    const r = await call({
      method: 'POST',
      route: '/nominations/{nominationId}/submit',
      pathParameters: { nominationId: created.body.nominationId },
      caller: admin,
    });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].ruleId).toBe('JS-SANCTIONS');
  });

  it('keeps one agency’s sanctions away from another’s intake (X-TENANT)', async () => {
    const unitId = `emp-${randomUUID().slice(0, 6)}`;
    // Lishui runs no Jiangsu programme, so the API refuses it sanctions (404) …
    const refused = await callCohorts({
      method: 'POST',
      route: '/sanctions',
      body: {
        reason: '无正当理由不支持职工参训',
        kind: 'employer-obstruction',
        unitId,
        imposedOn: '2025-01-01',
      },
      caller: { agency: 'lishui', roles: ['admin'], user: 'ls-admin' },
    });
    expect(refused.status).toBe(404);
    // … and a sanction stored in Lishui's own space anyway never reaches Jiangsu's intake.
    await getDocumentClient().send(
      new PutCommand({
        TableName: mainTableName(),
        Item: {
          PK: sanctionPk(asAgencyId('lishui'), 'unit', unitId),
          SK: `SANCTION#2025-01-01#${randomUUID()}`,
          entityKind: 'JsSanction',
          kind: 'employer-obstruction',
          subject: 'unit',
          subjectKey: unitId,
          effects: ['no-recommendation', 'no-carrier-projects'],
          imposedOn: '2025-01-01',
          until: '2028-01-01',
        },
      }),
    );
    expect((await nominate(unitId)).status).toBe(201);
  });
});
