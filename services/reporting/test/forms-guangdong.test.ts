import { asAgencyId } from '@talent/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedOfficialList } from '../../../test/support/official-list';
import { DynamoNominationRepository } from '../../nominations/src/repositories/nomination-repository';
import { call, caller, ok, rowValues, workbookOf } from './forms-support';

const GD = 'guangdong';
const ROUTE = '/cycles/{cycleId}/forms/gd-materials';
const ALL = ['training-plan', 'enterprise-qualifications', 'school-enterprise-agreement', 'management-plan'];
const gdAdmin = caller(GD, ['admin'], 'gd-admin');
const unit = (unitId: string) => caller(GD, ['unit'], `${unitId}-user`, unitId);

const attrs = (institutionName: string, major: string, materials: string[]) => ({
  institutionName,
  institutionBatch: 'high-level-batch-1',
  major,
  servesStrategicCluster: true,
  technicianLevelGap: true,
  integratedPlanApproved: true,
  partnerEnterprises: 2,
  materials,
});

let cycleId: string;
let ids: readonly string[];

/** Puts a seeded (official) nomination to another status through the nominations repository. */
const setStatus = async (nominationId: string, status: string) => {
  const repo = new DynamoNominationRepository();
  const before = await repo.get(asAgencyId(GD), nominationId);
  if (!before) throw new Error('no nomination');
  await repo.replace(
    before,
    { ...before, status, version: before.version + 1 } as typeof before,
    {
      actor: { userId: 'test', roles: ['admin'] },
      action: 'test-status',
      at: new Date().toISOString(),
    } as never,
  );
};

beforeAll(async () => {
  const c = await seedOfficialList({
    agencyId: GD,
    programmeId: 'guangdong-diploma-technician',
    entries: [
      {
        category: 'pilot-major',
        unitId: 'gd-u1',
        attributes: attrs('广州市技师学院', '工业机器人应用与维护', ALL),
      },
      {
        category: 'pilot-major',
        unitId: 'gd-u1',
        attributes: attrs('广州市技师学院', '数控加工', ['training-plan', 'management-plan']),
      },
      {
        category: 'pilot-major',
        unitId: 'gd-u2',
        attributes: attrs('<script>alert(1)</script>学院', '电气', []),
      },
      { category: 'pilot-major', unitId: 'gd-u2', attributes: attrs('草稿学院', '草稿专业', ALL) },
    ],
  });
  cycleId = c.cycleId;
  ids = c.nominationIds;
  await setStatus(ids[1] as string, 'submitted');
  await setStatus(ids[2] as string, 'not-recommended');
  await setStatus(ids[3] as string, 'draft');
});

const get = (route: string, who = gdAdmin, id = cycleId) =>
  call({ method: 'GET', route, pathParameters: { cycleId: id }, caller: who });

describe('Guangdong application materials checklist (GD-MATERIALS)', () => {
  it('lists the required materials of the programme, present and missing, per submitted nomination (GD-MATERIALS)', async () => {
    const f = ok(await get(ROUTE));
    expect(f.required.map((m: { id: string }) => m.id)).toEqual(ALL);
    expect(f.required[0].labelZh).toBe('人才培养方案');
    // the draft is not a submitted application
    expect(f.rows.map((r: { nominationId: string }) => r.nominationId)).toEqual([ids[0], ids[1], ids[2]]);
    expect(f.total).toBe(3);
    expect(f.complete).toBe(1);
    const [full, partial, none] = f.rows;
    expect(full).toMatchObject({
      status: 'official',
      major: '工业机器人应用与维护',
      missing: [],
      complete: true,
    });
    expect(full.present).toEqual(ALL);
    expect(partial).toMatchObject({
      status: 'submitted',
      present: ['training-plan', 'management-plan'],
      missing: ['enterprise-qualifications', 'school-enterprise-agreement'],
      complete: false,
    });
    expect(partial.materials[1]).toEqual({
      id: 'enterprise-qualifications',
      labelZh: '申请专业合作企业资质材料',
      present: false,
    });
    expect(none).toMatchObject({ status: 'not-recommended', present: [], missing: ALL, complete: false });
  });

  it('writes the same checklist to the XLSX, read back with a real parser (GD-MATERIALS)', async () => {
    const wb = await workbookOf(await get(`${ROUTE}.xlsx`));
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    expect(ws.name).toBe('申报材料清单');
    expect(ws.getCell('A1').value).toBe('学制技师培养改革试点申报材料清单');
    expect(rowValues(ws, 3)).toEqual([
      '序号',
      '申报单位',
      '院校名称',
      '申报专业',
      '状态',
      '人才培养方案',
      '申请专业合作企业资质材料',
      '校企共培学制技师合作协议',
      '学制技师管理方案（考核评价方案、管理制度、招生就业方案）',
      '缺少材料',
      '是否齐全',
    ]);
    expect(rowValues(ws, 4)).toEqual([
      1,
      'gd-u1',
      '广州市技师学院',
      '工业机器人应用与维护',
      'official',
      '有',
      '有',
      '有',
      '有',
      undefined,
      '齐全',
    ]);
    expect(rowValues(ws, 5)).toEqual([
      2,
      'gd-u1',
      '广州市技师学院',
      '数控加工',
      'submitted',
      '有',
      '缺',
      '缺',
      '有',
      '申请专业合作企业资质材料；校企共培学制技师合作协议',
      '不齐全',
    ]);
    expect(rowValues(ws, 6)?.[2]).toBe('<script>alert(1)</script>学院');
    expect(rowValues(ws, 7)?.[0]).toBe('合计');
    expect(rowValues(ws, 7)?.[4]).toBe(3);
    expect(rowValues(ws, 7)?.[10]).toBe(1);
  });

  it('shows a unit only its own nominations; a unit without a unit claim sees none (GD-MATERIALS)', async () => {
    const mine = ok(await get(ROUTE, unit('gd-u2')));
    expect(mine.rows.map((r: { nominationId: string }) => r.nominationId)).toEqual([ids[2]]);
    const wb = await workbookOf(await get(`${ROUTE}.xlsx`, unit('gd-u1')));
    const ws = wb.getWorksheet('申报材料清单');
    if (!ws) throw new Error('no sheet');
    expect(rowValues(ws, 4)?.[1]).toBe('gd-u1');
    expect(rowValues(ws, 6)?.[0]).toBe('合计');
    expect(rowValues(ws, 6)?.[4]).toBe(2);
    expect(ok(await get(ROUTE, caller(GD, ['unit']))).rows).toEqual([]);
    for (const role of ['reviewer', 'auditor']) {
      expect(ok(await get(ROUTE, caller(GD, [role]))).total).toBe(3);
    }
  });

  it('refuses finance (403), another agency and another programme’s cycle (404) (GD-MATERIALS)', async () => {
    for (const route of [ROUTE, `${ROUTE}.xlsx`]) {
      expect((await get(route, caller(GD, ['finance']))).status, route).toBe(403);
      expect((await get(route, caller('zhuhai', ['admin']))).status, route).toBe(404);
      expect((await get(route, gdAdmin, 'c-unknown')).status, route).toBe(404);
    }
    const ls = await seedOfficialList({ agencyId: 'lishui', programmeId: 'lishui-masters', entries: [] });
    expect((await get(ROUTE, caller('lishui', ['admin']), ls.cycleId)).status).toBe(404);
  });
});
