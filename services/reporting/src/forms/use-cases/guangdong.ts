/**
 * Guangdong 申报材料清单 (GD-MATERIALS, seed 001 附件1 二、申报材料): per institution and major of a
 * cycle, the materials the programme version of the cycle requires, which are present and which are
 * missing. The required list is the GD-MATERIALS `attribute-includes` rule of the programme.
 */
import type { Programme } from '@talent/catalogue';
import type { AuthContext } from '@talent/http';
import { todayInShanghai } from '@talent/kernel';
import { programmeOfCycle } from '@talent/svc-nominations/roster';
import type { SheetSpec, XlsxCell } from '@talent/tabular';
import { GD_MATERIAL_LABELS, GD_PROGRAMME_ID } from '../definitions';
import { type Nomination, submittedNominations } from '../readers/guangdong';
import { cycleOf, readScope } from './access';

export const GD_MATERIALS_TITLE = '学制技师培养改革试点申报材料清单';

export interface RequiredMaterial {
  readonly id: string;
  readonly labelZh: string;
}

/** The GD-MATERIALS rule of the programme: the attribute and the materials it must include. */
export const requiredMaterials = (p: Programme): { attribute: string; materials: RequiredMaterial[] } => {
  const rule = p.rules.find((r) => r.id === 'GD-MATERIALS' && r.kind === 'attribute-includes');
  const attribute = typeof rule?.params.attribute === 'string' ? rule.params.attribute : 'materials';
  const values = Array.isArray(rule?.params.values)
    ? rule.params.values.filter((v): v is string => typeof v === 'string')
    : [];
  return { attribute, materials: values.map((id) => ({ id, labelZh: GD_MATERIAL_LABELS[id] ?? id })) };
};

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const rowOf = (n: Nomination, attribute: string, required: readonly RequiredMaterial[]) => {
  const given = Array.isArray(n.attributes[attribute])
    ? (n.attributes[attribute] as unknown[]).filter((x): x is string => typeof x === 'string')
    : [];
  const has = new Set(given);
  const present = required.filter((m) => has.has(m.id)).map((m) => m.id);
  const missing = required.filter((m) => !has.has(m.id)).map((m) => m.id);
  return {
    nominationId: n.nominationId,
    unitId: n.unitId,
    category: n.category,
    institutionName: str(n.attributes.institutionName),
    major: str(n.attributes.major),
    status: n.status,
    materials: required.map((m) => ({ id: m.id, labelZh: m.labelZh, present: has.has(m.id) })),
    present,
    missing,
    complete: missing.length === 0,
  };
};

export type MaterialsRow = ReturnType<typeof rowOf>;

/** The checklist of every submitted nomination of the cycle (a unit: its own nominations only). */
export const materialsChecklist = async (auth: AuthContext, cycleId: string) => {
  const cycle = await cycleOf(auth.agencyId, cycleId, GD_PROGRAMME_ID);
  const { attribute, materials } = requiredMaterials(await programmeOfCycle(cycle));
  const held = readScope(auth);
  const all = held === null ? [] : await submittedNominations(auth.agencyId, cycleId);
  const mine = held === undefined ? all : all.filter((n) => n.unitId === held);
  const rows = mine
    .map((n) => rowOf(n, attribute, materials))
    .sort(
      (a, b) =>
        a.unitId.localeCompare(b.unitId) ||
        a.institutionName.localeCompare(b.institutionName, 'zh-Hans-CN') ||
        a.major.localeCompare(b.major, 'zh-Hans-CN') ||
        a.nominationId.localeCompare(b.nominationId),
    );
  return {
    cycleId,
    year: cycle.year,
    form: GD_MATERIALS_TITLE,
    filledOn: todayInShanghai(),
    required: materials,
    rows,
    total: rows.length,
    complete: rows.filter((r) => r.complete).length,
  };
};

export type MaterialsChecklist = Awaited<ReturnType<typeof materialsChecklist>>;

/**
 * XLSX: A1 title, A2 `（<year>年）`, row 3 header `序号, 申报单位, 院校名称, 申报专业, 状态, <material>…,
 * 缺少材料, 是否齐全`; one row per nomination (材料: 有 / 缺); last row 合计 with COUNTIF of 齐全.
 */
export const materialsSheet = (c: MaterialsChecklist): SheetSpec => {
  const header = [
    '序号',
    '申报单位',
    '院校名称',
    '申报专业',
    '状态',
    ...c.required.map((m) => m.labelZh),
    '缺少材料',
    '是否齐全',
  ];
  const rows: XlsxCell[][] = c.rows.map((r, i) => [
    i + 1,
    r.unitId,
    r.institutionName,
    r.major,
    r.status,
    ...r.materials.map((m) => (m.present ? '有' : '缺')),
    r.missing.map((id) => c.required.find((m) => m.id === id)?.labelZh ?? id).join('；'),
    r.complete ? '齐全' : '不齐全',
  ]);
  return {
    name: '申报材料清单',
    rows: [
      [c.form],
      [`（${c.year}年）`],
      header,
      ...rows,
      ['合计', null, null, null, c.total, ...c.required.map(() => null), null, c.complete],
    ],
  };
};
