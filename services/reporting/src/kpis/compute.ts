/**
 * The KPI report of a programme for a year: the definition's targets (kpi rules, `report` context,
 * and the approximate category quotas) against actuals counted from the platform's raw records.
 * Targets come from the catalogue (`kpiProgress`, `evaluate`), never from this file.
 */
import { evaluate, kpiProgress, type Programme } from '@talent/catalogue';
import type { AgencyId } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { NotFoundError } from '@talent/kernel';
import { DynamoProgrammeStore } from '@talent/programmes';
import { kpiReport } from '@talent/svc-cohorts/guangdong/kpis';
import type { Cycle } from '@talent/svc-nominations/roster';
import { cyclesOfProgramme, programmeOf } from './readers/cycles';
import * as src from './readers/sources';
import { unitScope } from './scope';

export type Basis = 'year' | 'cumulative' | 'round';

export interface KpiRow {
  readonly ruleId: string;
  readonly indicator: string;
  readonly labelZh: string;
  /** 'programme' | 'college' | 'unit' | 'pilot' | 'class' | 'round' | 'city' */
  readonly scope: string;
  readonly scopeId?: string;
  readonly basis: Basis;
  readonly target: string;
  readonly value: number | null;
  /** The whole of a percentage indicator. */
  readonly whole?: number;
  /** value / whole × 100, 1 decimal. */
  readonly percent?: number;
  /** true / false; null when not measurable, not reported, or an "about" (左右) target. */
  readonly met: boolean | null;
  /** A reported flag of the engine (a shortfall past its due year, a tier above its approximate quota). */
  readonly flagged: boolean;
}

export interface NotMeasurable {
  readonly ruleId: string;
  readonly indicator: string;
  readonly labelZh: string;
  readonly reason: string;
}

export interface GradeDistribution {
  readonly cycleId: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly final: boolean;
  readonly trainees: number;
  readonly grades: Readonly<Record<string, number>>;
  readonly passed: number;
  readonly passRate: number | null;
}

export interface KpiReport {
  readonly programmeId: string;
  readonly year: number;
  readonly cycles: readonly { cycleId: string; year: number }[];
  /** A unit caller's report holds its own unit only. */
  readonly unitId?: string;
  readonly rows: readonly KpiRow[];
  readonly gradeDistributions?: readonly GradeDistribution[];
  readonly notMeasurable: readonly NotMeasurable[];
}

const percentOf = (value: number, whole: number): number => Math.round((value * 1000) / whole) / 10;

interface IndicatorLike {
  id: string;
  labelZh: string;
  metric: string;
  of?: string;
  scope: string;
}
const indicatorsOf = (p: Programme, scope: string): (IndicatorLike & { ruleId: string })[] =>
  p.rules
    .filter((r) => r.kind === 'kpi')
    .flatMap((r) =>
      (r.params as { indicators: IndicatorLike[] }).indicators
        .filter((i) => i.scope === scope)
        .map((i) => ({ ...i, ruleId: r.id })),
    );

/** Rows of the kpi indicators of a scope, from metrics, with the engine's reported flags. */
const kpiRows = (
  p: Programme,
  year: number,
  scope: string,
  metrics: Record<string, number>,
  extra: { rowScope: string; scopeId?: string; basis: Basis },
): KpiRow[] => {
  const flagged = new Set(
    evaluate(p, { type: 'report', year, scope, metrics }).reported.map((v) => `${v.ruleId}|${v.path}`),
  );
  const defs = new Map(indicatorsOf(p, scope).map((i) => [`${i.ruleId}|${i.id}`, i]));
  return kpiProgress(p, scope, metrics).map((row) => {
    const def = defs.get(`${row.ruleId}|${row.indicator}`);
    const whole = def?.of !== undefined ? metrics[def.of] : undefined;
    const value = row.value ?? null;
    return {
      ruleId: row.ruleId,
      indicator: row.indicator,
      labelZh: row.labelZh,
      scope: extra.rowScope,
      ...(extra.scopeId !== undefined ? { scopeId: extra.scopeId } : {}),
      basis: extra.basis,
      target: row.target,
      value,
      ...(whole !== undefined ? { whole } : {}),
      ...(whole !== undefined && whole > 0 && value !== null ? { percent: percentOf(value, whole) } : {}),
      met: row.met ?? null,
      flagged: def !== undefined && flagged.has(`${row.ruleId}|metrics.${def.metric}`),
    };
  });
};

/** Rows of the approximate category quotas (左右: tracked, flagged only above by the engine). */
const quotaRows = (
  p: Programme,
  ruleId: string,
  counts: ReadonlyMap<string, number>,
  extra: { rowScope: string; scopeId?: string; basis: Basis },
): KpiRow[] =>
  p.categories
    .filter((c) => c.quota !== undefined)
    .map((c) => {
      const value = counts.get(c.id) ?? 0;
      const flags = evaluate(p, { type: 'selection', category: c.id, selected: value }).reported;
      return {
        ruleId,
        indicator: c.id,
        labelZh: c.nameZh,
        scope: extra.rowScope,
        ...(extra.scopeId !== undefined ? { scopeId: extra.scopeId } : {}),
        basis: extra.basis,
        target: `~${c.quota?.perCycle}`,
        value,
        met: null,
        flagged: flags.length > 0,
      };
    });

const countBy = <T>(items: readonly T[], key: (t: T) => string): Map<string, number> => {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
};

// ── per programme ───────────────────────────────────────────────────────────

const lishui = async (a: AgencyId, auth: AuthContext, p: Programme, year: number, cycles: Cycle[]) => {
  const upTo = cycles.filter((c) => c.year <= year);
  const perCycle = await Promise.all(
    upTo.map(async (c) => ({
      cycle: c,
      masters: await src.lishuiMasters(a, c.cycleId),
      apprentices: await src.lishuiApprentices(a, c.cycleId),
    })),
  );
  const scopeUnit = unitScope(auth);
  // college → distinct masters (by nomination id) and distinct trained students (person fingerprint)
  const collect = (rows: typeof perCycle) => {
    const colleges = new Map<string, { masters: Set<string>; students: Set<string> }>();
    const at = (s: string) => {
      const found = colleges.get(s);
      if (found) return found;
      const v = { masters: new Set<string>(), students: new Set<string>() };
      colleges.set(s, v);
      return v;
    };
    for (const r of rows) {
      for (const m of r.masters) at(m.schoolId).masters.add(m.residentId ?? m.nominationId);
      for (const ap of r.apprentices)
        if (ap.kind === 'student' && ap.pairedAt) at(ap.schoolId).students.add(ap.personFingerprint);
    }
    return colleges;
  };
  const rows: KpiRow[] = [];
  for (const [basis, set] of [
    ['year', perCycle.filter((r) => r.cycle.year === year)],
    ['cumulative', perCycle],
  ] as const) {
    for (const [college, v] of [...collect(set)].sort(([x], [y]) => x.localeCompare(y))) {
      if (scopeUnit !== undefined && college !== scopeUnit) continue;
      rows.push(
        ...kpiRows(
          p,
          year,
          'college',
          { mastersInvolved: v.masters.size, studentsTrainedByMasters: v.students.size },
          { rowScope: 'college', scopeId: college, basis },
        ),
      );
    }
  }
  return { rows };
};

const beijing = async (a: AgencyId, auth: AuthContext, p: Programme, year: number, cycles: Cycle[]) => {
  const upTo = cycles.filter((c) => c.year <= year);
  const scopeUnit = unitScope(auth);
  const rosters = await Promise.all(
    upTo.map(async (c) => ({
      cycle: c,
      entries: (await src.roster(a, c.cycleId)).filter(
        (e) => scopeUnit === undefined || e.unitId === scopeUnit,
      ),
    })),
  );
  const rows: KpiRow[] = [];
  for (const r of rosters) {
    rows.push(
      ...quotaRows(
        p,
        'BJ-ROUND',
        countBy(r.entries, (e) => e.category),
        { rowScope: 'round', scopeId: r.cycle.cycleId, basis: 'round' },
      ),
    );
  }
  const all = countBy(
    rosters.flatMap((r) => r.entries),
    (e) => e.category,
  );
  const metrics = Object.fromEntries(p.categories.map((c) => [`selected.${c.id}`, all.get(c.id) ?? 0]));
  rows.push(
    ...kpiRows(p, year, 'programme', metrics, {
      rowScope: scopeUnit ? 'unit' : 'programme',
      ...(scopeUnit ? { scopeId: scopeUnit } : {}),
      basis: 'cumulative',
    }),
  );
  return { rows };
};

const ZH_NOT_MEASURABLE =
  'a city statistic (employment, enrolment, retention, teachers, trainings, talent attraction, competitions) that the platform holds no records of: reported by the agency outside the platform';

const zhuhai = async (a: AgencyId, auth: AuthContext, p: Programme, year: number, cycles: Cycle[]) => {
  const scopeUnit = unitScope(auth);
  let counts: Map<string, number>;
  if (scopeUnit !== undefined) {
    const regs = (
      await Promise.all(
        cycles
          .filter((c) => c.year === year)
          .map((c) => src.zhuhaiUnitRegistrations(a, c.cycleId, scopeUnit)),
      )
    ).flat();
    counts = countBy(
      regs.filter((r) => r.year === year),
      (r) => r.tier,
    );
  } else {
    counts = await src.zhuhaiTierCounts(a, year);
  }
  const rows = quotaRows(p, 'ZH-CRAFTSMAN-TIERS', counts, {
    rowScope: scopeUnit ? 'unit' : 'city',
    ...(scopeUnit ? { scopeId: scopeUnit } : {}),
    basis: 'year',
  });
  const notMeasurable = indicatorsOf(p, 'city').map((i) => ({
    ruleId: i.ruleId,
    indicator: i.id,
    labelZh: i.labelZh,
    reason: ZH_NOT_MEASURABLE,
  }));
  return { rows, notMeasurable };
};

const guangdong = async (a: AgencyId, auth: AuthContext, p: Programme, year: number, cycles: Cycle[]) => {
  const scopeUnit = unitScope(auth);
  const rows: KpiRow[] = [];
  // Pilots run for years: every pilot of a cycle up to the year, with the graduates up to the year.
  const byYearEnd = (s: src.Student) =>
    s.outcome?.graduatedOn !== undefined && s.outcome.graduatedOn > `${year}-12-31` ? undefined : s.outcome;
  for (const c of cycles.filter((x) => x.year <= year)) {
    const pilots = (await src.guangdongPilots(a, c.cycleId)).filter(
      (pl) => scopeUnit === undefined || pl.unitId === scopeUnit,
    );
    for (const pilot of pilots.sort((x, y) => x.pilotId.localeCompare(y.pilotId))) {
      const students = await src.guangdongStudents(a, pilot.pilotId);
      const toRows = (outcomes: src.Student[], rowScope: string, scopeId: string): KpiRow[] => {
        const r = kpiReport(p, year, outcomes.map(byYearEnd));
        return kpiRows(p, year, r.scope, r.metrics, { rowScope, scopeId, basis: 'cumulative' });
      };
      rows.push(...toRows(students, 'pilot', pilot.pilotId));
      const byClass = new Map<string, src.Student[]>();
      for (const s of students) byClass.set(s.classId, [...(byClass.get(s.classId) ?? []), s]);
      for (const [classId, list] of [...byClass].sort(([x], [y]) => x.localeCompare(y)))
        rows.push(...toRows(list, 'class', classId));
    }
  }
  return { rows };
};

const jiangsu = async (a: AgencyId, auth: AuthContext, p: Programme, year: number, cycles: Cycle[]) => {
  const scopeUnit = unitScope(auth);
  const scale = p.grading?.scale ?? [];
  const gradeDistributions: GradeDistribution[] = [];
  const rows: KpiRow[] = [];
  for (const c of cycles.filter((x) => x.year === year)) {
    const facts = (await src.jiangsuGraded(a, c.cycleId)).filter(
      (f) => scopeUnit === undefined || f.unitId === scopeUnit,
    );
    const byUnit = new Map<string, src.JiangsuAcceptanceFact[]>();
    for (const f of facts) byUnit.set(f.unitId, [...(byUnit.get(f.unitId) ?? []), f]);
    for (const [unitId, list] of [...byUnit].sort(([x], [y]) => x.localeCompare(y))) {
      const grades = Object.fromEntries(scale.map((g) => [g, list.filter((f) => f.grade === g).length]));
      const passed = list.filter((f) => f.passed).length;
      gradeDistributions.push({
        cycleId: c.cycleId,
        unitId,
        unitName: list[0]?.unitName ?? unitId,
        final: list.every((f) => f.final),
        trainees: list.length,
        grades,
        passed,
        passRate: list.length > 0 ? percentOf(passed, list.length) : null,
      });
      for (const g of scale) {
        const value = grades[g] ?? 0;
        const quota = p.rules.find((r) => r.id === 'JS-GRADE-QUOTA');
        const capped = ((quota?.params as { grades?: string[] } | undefined)?.grades ?? []).includes(g);
        const maxPercent = (quota?.params as { maxPercent?: number } | undefined)?.maxPercent ?? 30;
        rows.push({
          ruleId: capped ? 'JS-GRADE-QUOTA' : 'JS-GRADES',
          indicator: `grade-${scale.indexOf(g) + 1}`,
          labelZh: g,
          scope: 'unit',
          scopeId: unitId,
          basis: 'year',
          target: capped ? `≤ ${maxPercent}% of trainees` : 'distribution',
          value,
          whole: list.length,
          percent: percentOf(value, list.length),
          met: capped ? value * 100 <= maxPercent * list.length : null,
          flagged: false,
        });
      }
      rows.push({
        ruleId: 'JS-ACCEPTANCE',
        indicator: 'passed',
        labelZh: '验收合格（合格及以上等次）',
        scope: 'unit',
        scopeId: unitId,
        basis: 'year',
        target: 'pass rate (money follows the passed count)',
        value: passed,
        whole: list.length,
        percent: percentOf(passed, list.length),
        met: null,
        flagged: false,
      });
    }
  }
  return { rows, gradeDistributions };
};

const COMPUTE: Record<
  string,
  (
    a: AgencyId,
    auth: AuthContext,
    p: Programme,
    year: number,
    cycles: Cycle[],
  ) => Promise<{ rows: KpiRow[]; notMeasurable?: NotMeasurable[]; gradeDistributions?: GradeDistribution[] }>
> = {
  'lishui-masters': lishui,
  'beijing-craftsman-teachers': beijing,
  'zhuhai-new-craftsmen': zhuhai,
  'guangdong-diploma-technician': guangdong,
  'jiangsu-excellent-technicians': jiangsu,
};

let programmes: DynamoProgrammeStore | undefined;

/**
 * 404 when the agency does not run the programme (X-TENANT) or the programme has no KPI report. An
 * agency that runs it but has no cycle yet gets its targets against zero actuals (the latest version).
 */
export const programmeKpis = async (
  auth: AuthContext,
  programmeId: string,
  year: number,
): Promise<KpiReport> => {
  const a = auth.agencyId as AgencyId;
  const compute = COMPUTE[programmeId];
  const cycles = compute ? await cyclesOfProgramme(a, programmeId) : [];
  const latest = cycles.filter((c) => c.year <= year).at(-1) ?? cycles[0];
  programmes ??= new DynamoProgrammeStore();
  const programme = latest ? await programmeOf(latest) : compute && (await programmes.latest(a, programmeId));
  if (!compute || !programme) throw new NotFoundError('Programme', programmeId);
  const r = await compute(a, auth, programme, year, cycles);
  const unit = unitScope(auth);
  return {
    programmeId,
    year,
    cycles: cycles.filter((c) => c.year <= year).map((c) => ({ cycleId: c.cycleId, year: c.year })),
    ...(unit !== undefined ? { unitId: unit } : {}),
    rows: r.rows,
    ...(r.gradeDistributions ? { gradeDistributions: r.gradeDistributions } : {}),
    notMeasurable: r.notMeasurable ?? [],
  };
};
