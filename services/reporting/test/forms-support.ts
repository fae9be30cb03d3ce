/**
 * Shared steps of the forms tests: the reporting API in process against DynamoDB Local, and the
 * other services' APIs (cohorts for Jiangsu, pairings for Lishui) to build the data the forms read.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { asAgencyId, getDocumentClient, mainTableName, tenantKey } from '@talent/data';
import { addDays, setClockSource } from '@talent/kernel';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import {
  apiEvent,
  type Caller,
  type EventInput,
  lambdaContext,
  parseResponse,
} from '../../../test/support/api-event';
import { type SeededEntry, seedOfficialList } from '../../../test/support/official-list';
import { residentIdFor } from '../../../test/support/people';
import { setCycleStage } from '../../../test/support/stages';
import { handler as cohorts } from '../../cohorts/src/handlers/api';
import { handler as pairings } from '../../pairings/src/handlers/api';
import { handler } from '../src/handlers/api';

export const call = async (input: EventInput) =>
  parseResponse(await handler(apiEvent(input), lambdaContext('reporting')));
const callCohorts = async (input: EventInput) =>
  parseResponse(await cohorts(apiEvent(input), lambdaContext('cohorts')));
const callPairings = async (input: EventInput) =>
  parseResponse(await pairings(apiEvent(input), lambdaContext('pairings')));

let now = Date.parse('2026-04-01T02:00:00Z');
export const useClock = (iso: string) => {
  now = Date.parse(iso);
};
setClockSource(() => now);

export const ok = (r: { status: number; body: unknown }, status = 200) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body as any;
};

export const caller = (agency: string, roles: string[], user?: string, unit?: string): Caller => ({
  agency,
  roles,
  user: user ?? `${agency}-${roles.join('-')}`,
  ...(unit ? { unit } : {}),
});

/** Reads an XLSX response back with exceljs. */
export const workbookOf = async (r: { status: number; headers: Record<string, string>; raw: string }) => {
  expect(r.status, r.raw.slice(0, 300)).toBe(200);
  expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(r.headers['content-disposition']).toMatch(/^attachment; filename=.*filename\*=UTF-8''.+\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.raw, 'base64') as unknown as ArrayBuffer);
  return wb;
};

/** A cell's value, or for a formula cell `{ formula, result }`. */
export const cellOf = (ws: ExcelJS.Worksheet, ref: string): unknown => {
  const v = ws.getCell(ref).value as unknown;
  if (v && typeof v === 'object' && 'formula' in (v as object)) {
    const f = v as { formula: string; result?: unknown };
    return { formula: f.formula, result: f.result };
  }
  return v;
};

export const rowValues = (ws: ExcelJS.Worksheet, row: number): unknown[] => {
  const values = ws.getRow(row).values as unknown[];
  return values.slice(1);
};

// ——— Jiangsu ———

export const JS = 'jiangsu';
export const JS_PROGRAMME = 'jiangsu-excellent-technicians';
export const jsAdmin = caller(JS, ['admin'], 'js-admin');

export interface JsCohort {
  readonly cycleId: string;
  readonly units: string[];
  /** traineeIds per unit, in the order of `units`. */
  readonly trainees: string[][];
}

/** A Jiangsu cycle with `perUnit.length` training units, each with that many trainees (category A, then B). */
export const jsCohort = async (perUnit: readonly number[], employer = 'emp-1'): Promise<JsCohort> => {
  const total = perUnit.reduce((a, b) => a + b, 0);
  const entries: SeededEntry[] = Array.from({ length: total }, (_, i) => ({
    category: i % 2 === 0 ? 'A' : 'B',
    unitId: employer,
  }));
  const seeded = await seedOfficialList({ agencyId: JS, programmeId: JS_PROGRAMME, year: 2026, entries });
  const units: string[] = [];
  const trainees: string[][] = [];
  let k = 0;
  for (const n of perUnit) {
    const unitId = `tu-${randomUUID().slice(0, 6)}`;
    units.push(unitId);
    ok(
      await callCohorts({
        method: 'PUT',
        route: '/cycles/{cycleId}/training-units/{unitId}',
        pathParameters: { cycleId: seeded.cycleId, unitId },
        body: {
          name: `${unitId}技师学院`,
          kind: 'technician-college',
          city: '南京市',
          majors: [
            { code: '0102-4', name: '数控加工' },
            { code: '0301-4', name: '电气自动化设备安装与维修' },
          ],
        },
        caller: jsAdmin,
      }),
      201,
    );
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const nominationId = seeded.nominationIds[k++] as string;
      const t = ok(
        await callCohorts({
          method: 'POST',
          route: '/cycles/{cycleId}/trainees',
          pathParameters: { cycleId: seeded.cycleId },
          body: {
            nominationId,
            unitId,
            majorCode: i % 3 === 2 ? '0301-4' : '0102-4',
            homeCity: i % 2 === 0 ? '南京市' : '苏州市',
          },
          caller: jsAdmin,
        }),
        201,
      );
      ids.push(t.traineeId as string);
    }
    trainees.push(ids);
  }
  return { cycleId: seeded.cycleId, units, trainees };
};

/** Registers a reviewer with a unit in the nominations reviewer registry (read for X-RECUSAL). */
export const registerReviewerUnit = async (agency: string, reviewerId: string, unitId: string) => {
  await getDocumentClient().send(
    new PutCommand({
      TableName: mainTableName(),
      Item: {
        PK: tenantKey(asAgencyId(agency), 'REVIEWERS'),
        SK: `REVIEWER#${reviewerId}`,
        entityKind: 'Reviewer',
        reviewerId,
        name: '评审专家',
        unitId,
      },
    }),
  );
};

/** Sets the status of the cycle's stage of `kind` (as the lifecycle would), through the cycle repository. */
export const setStage = (
  agency: string,
  cycleId: string,
  kind: string,
  status: 'pending' | 'open' | 'closed',
) => setCycleStage(agency, cycleId, kind, status, new Date(now).toISOString());

// ——— Lishui ———

export const LS = 'lishui';
export const lsAdmin = caller(LS, ['admin'], 'ls-admin');
export const school = (schoolId: string) => caller(LS, ['unit'], `${schoolId}-user`, schoolId);

export const masterAttributes = {
  qualification: 'chief-technician',
  nominationRoute: 'industry-association',
  hasApprenticeTeachingExperience: true,
  proposedServiceYears: 6,
  apprenticeGrade: '2025级数控1班',
  politicalStatus: '中共党员',
  highestSkillTitle: '浙江省首席技师',
  socialRoles: ['丽水市数控协会副会长'],
  apprenticeExperience: '带徒 12 名',
};

let serial = randomInt(0, 2000);
const nextResidentId = () => residentIdFor(addDays('2001-01-01', serial++), randomInt(0, 1000));

/** A Lishui cycle with `masters` official masters registered at one school. */
export const lsSchool = async (masters: number) => {
  const seeded = await seedOfficialList({
    agencyId: LS,
    programmeId: 'lishui-masters',
    entries: Array.from({ length: masters }, (_, i) => ({
      category: 'master-tier-1',
      unitId: 'county-liandu',
      attributes: masterAttributes,
      nominee: {
        name: ['大师甲', '大师乙', '大师丙', '大师丁'][i % 4] as string,
        employer: '丽水精工机械有限公司',
        position: '首席技师',
        occupation: '数控车工',
        yearsInOccupation: 20 + i,
        education: '大专',
        professionalTitle: '高级工程师',
        titles: ['浙江省首席技师'],
        honours: ['全国技术能手', '浙江工匠'],
      },
    })),
  });
  const schoolId = `school-${randomUUID().slice(0, 8)}`;
  for (const nominationId of seeded.nominationIds) {
    ok(
      await callPairings({
        method: 'POST',
        route: '/cycles/{cycleId}/masters',
        pathParameters: { cycleId: seeded.cycleId },
        body: {
          nominationId,
          schoolId,
          employmentAgreement: { signedOn: '2026-11-02', reference: 'PY-001' },
          employmentStartOn: '2026-11-03',
        },
        caller: school(schoolId),
      }),
      201,
    );
  }
  return { cycleId: seeded.cycleId, schoolId, masterIds: [...seeded.nominationIds] };
};

/** An apprentice named `name` paired with the master and activated; returns the pairing id. */
export const activePairing = async (cycleId: string, schoolId: string, masterId: string, name: string) => {
  const s = school(schoolId);
  const a = ok(
    await callPairings({
      method: 'POST',
      route: '/cycles/{cycleId}/apprentices',
      pathParameters: { cycleId },
      body: {
        schoolId,
        kind: 'student',
        name,
        residentId: nextResidentId(),
        phone: '13912345678',
        studyStage: 'secondary-vocational',
        studyYear: 2,
      },
      caller: s,
    }),
    201,
  );
  const p = ok(
    await callPairings({
      method: 'POST',
      route: '/cycles/{cycleId}/pairings',
      pathParameters: { cycleId },
      body: { masterId, apprenticeId: a.apprenticeId, initiatedBy: 'master' },
      caller: s,
    }),
    201,
  );
  const step = (method: string, action: string, body?: unknown) =>
    callPairings({
      method,
      route: `/pairings/{pairingId}/${action}`,
      pathParameters: { pairingId: p.pairingId },
      ...(body !== undefined ? { body } : {}),
      caller: s,
    });
  ok(await step('POST', 'accept', { party: 'apprentice' }));
  ok(
    await step('PUT', 'agreements', {
      apprenticeshipAgreement: { signedOn: '2026-11-05' },
      schoolMentor: { name: '李老师', staffNo: 'T-01' },
      trainingPlan: { agreedOn: '2026-11-06', summary: '数控加工联合培养计划' },
    }),
  );
  ok(await step('POST', 'activate'));
  return p.pairingId as string;
};
