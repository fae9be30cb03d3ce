/**
 * Per-cycle reports: the selection summary by title (BJ-ROUND), the Beijing annual check / mid-term /
 * final acceptance report per selectee and team (BJ-CHECKS), the Guangdong evaluation report with the
 * KPIs (GD-OVERSIGHT, GD-OUTCOME, GD-EMPLOYMENT), and the publicity announcement (公示公告) and
 * official-list notice (正式名单通知) texts with masked names (X-PUBLICITY, X-RESIDENT-ID).
 */
import { evaluate, type Programme } from '@talent/catalogue';
import type { AgencyId } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { NotFoundError } from '@talent/kernel';
import { kpiReport } from '@talent/svc-cohorts/guangdong/kpis';
import * as cs from './readers/cycle-sources';
import * as src from './readers/sources';
import { unitScope } from './scope';

const visible = (auth: AuthContext, unitId: string): boolean => {
  const scope = unitScope(auth);
  return scope === undefined || scope === unitId;
};

const cycleOf = async (auth: AuthContext, cycleId: string, programmeIds?: readonly string[]) => {
  const a = auth.agencyId as AgencyId;
  const cycle = await cs.readCycle(a, cycleId);
  if (!cycle || (programmeIds && !programmeIds.includes(cycle.programmeId)))
    throw new NotFoundError('Cycle', cycleId);
  return { a, cycle, programme: await cs.programmeOfCycle(cycle) };
};

// ── selection summary (BJ-ROUND, any programme with categories) ────────────

export interface SelectionSummary {
  readonly cycleId: string;
  readonly programmeId: string;
  readonly year: number;
  readonly unitId?: string;
  readonly titles: readonly {
    readonly category: string;
    readonly nameZh: string;
    readonly selected: number;
    readonly quota?: number;
    readonly approximate?: boolean;
    readonly flagged: boolean;
    readonly byUnit: readonly { unitId: string; selected: number }[];
  }[];
  readonly total: number;
}

export const selectionSummary = async (auth: AuthContext, cycleId: string): Promise<SelectionSummary> => {
  const { a, cycle, programme } = await cycleOf(auth, cycleId);
  const entries = (await src.roster(a, cycleId)).filter((e) => visible(auth, e.unitId));
  const titles = programme.categories.map((c) => {
    const mine = entries.filter((e) => e.category === c.id);
    const byUnit = new Map<string, number>();
    for (const e of mine) byUnit.set(e.unitId, (byUnit.get(e.unitId) ?? 0) + 1);
    return {
      category: c.id,
      nameZh: c.nameZh,
      selected: mine.length,
      ...(c.quota ? { quota: c.quota.perCycle, approximate: c.quota.approximate } : {}),
      flagged:
        evaluate(programme, { type: 'selection', category: c.id, selected: mine.length }).reported.length > 0,
      byUnit: [...byUnit]
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([unitId, selected]) => ({ unitId, selected })),
    };
  });
  return {
    cycleId,
    programmeId: cycle.programmeId,
    year: cycle.year,
    ...(unitScope(auth) !== undefined ? { unitId: unitScope(auth) } : {}),
    titles,
    total: entries.length,
  };
};

// ── Beijing checks (BJ-CHECKS) ───────────────────────────────────────────────

const BEIJING = 'beijing-craftsman-teachers';

export interface CheckResult {
  readonly checkKey: string;
  readonly kind: string;
  readonly year?: number;
  readonly passed: boolean;
  readonly score?: number;
  readonly targetsMet: number;
  readonly targets: number;
  readonly final: boolean;
}

export const beijingChecksReport = async (auth: AuthContext, cycleId: string) => {
  const { a, cycle } = await cycleOf(auth, cycleId, [BEIJING]);
  const projects = (await cs.beijingProjects(a, cycleId))
    .filter((p) => visible(auth, p.unitId))
    .sort((x, y) => x.category.localeCompare(y.category) || x.projectId.localeCompare(y.projectId));
  const rows = await Promise.all(
    projects.map(async (p) => {
      const checks = (await cs.beijingChecks(a, p.projectId)).sort((x, y) =>
        x.checkKey.localeCompare(y.checkKey),
      );
      return {
        projectId: p.projectId,
        category: p.category,
        nomineeKind: p.nomineeKind,
        name: p.name,
        unitId: p.unitId,
        status: p.status,
        ...(p.ending
          ? { ending: { kind: p.ending.kind, ruleId: p.ending.ruleId, reason: p.ending.reason } }
          : {}),
        ...(p.certificateNumber ? { certificateNumber: p.certificateNumber } : {}),
        checks: checks.map(
          (c): CheckResult => ({
            checkKey: c.checkKey,
            kind: c.kind,
            ...(c.year !== undefined ? { year: c.year } : {}),
            passed: c.passed,
            ...(c.score !== undefined ? { score: c.score } : {}),
            targetsMet: c.results.filter((r) => r.met).length,
            targets: c.results.length,
            final: c.finalAt !== undefined,
          }),
        ),
      };
    }),
  );
  const count = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).length;
  const has = (r: (typeof rows)[number], kind: string, passed: boolean) =>
    r.checks.some((c) => c.kind === kind && c.passed === passed);
  return {
    cycleId,
    year: cycle.year,
    ...(unitScope(auth) !== undefined ? { unitId: unitScope(auth) } : {}),
    summary: {
      projects: rows.length,
      annualPassed: count((r) => has(r, 'annual', true)),
      annualFailed: count((r) => has(r, 'annual', false)),
      midTermPassed: count((r) => has(r, 'mid-term', true)),
      midTermFailed: count((r) => has(r, 'mid-term', false)),
      accepted: count((r) => has(r, 'acceptance', true)),
      notAccepted: count((r) => has(r, 'acceptance', false)),
      eliminated: count((r) => r.status === 'eliminated'),
      disqualified: count((r) => r.status === 'disqualified'),
      certified: count((r) => r.certificateNumber !== undefined),
    },
    projects: rows,
  };
};

// ── Guangdong evaluation report (GD-OVERSIGHT with GD-OUTCOME / GD-EMPLOYMENT) ─

const GUANGDONG = 'guangdong-diploma-technician';

export const guangdongEvaluationReport = async (auth: AuthContext, cycleId: string) => {
  const { a, cycle, programme } = await cycleOf(auth, cycleId, [GUANGDONG]);
  const pilots = (await src.guangdongPilots(a, cycleId))
    .filter((p) => visible(auth, p.unitId))
    .sort((x, y) => x.pilotId.localeCompare(y.pilotId));
  const rows = await Promise.all(
    pilots.map(async (p) => {
      const [evaluations, students] = await Promise.all([
        cs.guangdongEvaluations(a, p.pilotId),
        src.guangdongStudents(a, p.pilotId),
      ]);
      const k = kpiReport(
        programme as Programme,
        cycle.year,
        students.map((s) => s.outcome),
      );
      return {
        pilotId: p.pilotId,
        unitId: p.unitId,
        ...(p.institutionName ? { institutionName: p.institutionName } : {}),
        ...(p.major ? { major: p.major } : {}),
        status: p.status,
        ...(p.revocation ? { revoked: true } : {}),
        evaluations: evaluations
          .sort((x, y) => x.kind.localeCompare(y.kind))
          .map((e) => ({
            kind: e.kind,
            result: e.result,
            ...(e.score !== undefined ? { score: e.score } : {}),
            final: e.final,
          })),
        students: students.length,
        metrics: k.metrics,
        indicators: k.indicators.map((i) => ({
          ruleId: i.ruleId,
          indicator: i.indicator,
          labelZh: i.labelZh,
          target: i.target,
          value: i.value ?? null,
          met: i.met ?? null,
        })),
        kpisMet: k.met,
      };
    }),
  );
  return {
    cycleId,
    year: cycle.year,
    ...(unitScope(auth) !== undefined ? { unitId: unitScope(auth) } : {}),
    pilots: rows,
  };
};

// ── publicity announcement and official-list notice (X-PUBLICITY) ───────────

/** 张三 → 张*, 欧阳娜娜 → 欧***: the surname kept, every other character masked. */
export const maskName = (name: string): string => {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return `${chars[0]}${'*'.repeat(Math.max(1, chars.length - 1))}`;
};

export const noticeText = async (auth: AuthContext, cycleId: string, which: 'provisional' | 'official') => {
  const { a, cycle, programme } = await cycleOf(auth, cycleId);
  const list = (await cs.listOfCycle(a, cycleId, which)).filter((n) => visible(auth, n.unitId));
  const categoryName = new Map(programme.categories.map((c) => [c.id, c.nameZh]));
  const order = new Map(programme.categories.map((c, i) => [c.id, i]));
  const entries = list
    .map((n) => ({
      category: n.category,
      categoryZh: categoryName.get(n.category) ?? n.category,
      // a person's name is masked; a team or an institution is not a person: its name is public
      name: n.nominee
        ? maskName(n.nominee.name)
        : (n.team?.name ??
          String(n.attributes.institutionName ?? '') +
            String(n.attributes.major ? ` ${n.attributes.major}` : '')),
      unitId: n.unitId,
      rank: (n as { listing?: { rank?: number } }).listing?.rank ?? 0,
    }))
    .sort(
      (x, y) =>
        (order.get(x.category) ?? 0) - (order.get(y.category) ?? 0) ||
        x.rank - y.rank ||
        x.name.localeCompare(y.name),
    );
  const publicity = cycle.stages.find((s) => s.kind === 'publicity') as { workingDays?: number } | undefined;
  const days = publicity?.workingDays;
  const title =
    which === 'provisional'
      ? `关于${programme.nameZh}${cycle.year}年度拟入选人员名单的公示`
      : `关于公布${programme.nameZh}${cycle.year}年度入选人员正式名单的通知`;
  const intro =
    which === 'provisional'
      ? `经单位推荐、资格审核和专家评审，现将拟入选人员名单予以公示${days ? `，公示期为${days}个工作日` : ''}。公示期间，如有异议，请以书面形式实名反映并提供相关证据。`
      : '经公示无异议，现将入选人员正式名单予以公布。';
  const lines: string[] = [title, '', intro, ''];
  for (const c of programme.categories) {
    const group = entries.filter((e) => e.category === c.id);
    if (group.length === 0) continue;
    lines.push(`${c.nameZh}（${group.length}名）`);
    for (const [i, e] of group.entries()) lines.push(`${i + 1}. ${e.name}　${e.unitId}`);
    lines.push('');
  }
  lines.push(programme.issuersZh.join('　'));
  return {
    cycleId,
    year: cycle.year,
    ...(unitScope(auth) !== undefined ? { unitId: unitScope(auth) } : {}),
    list: which,
    ruleId: 'X-PUBLICITY',
    title,
    entries: entries.map(({ rank: _r, ...e }) => e),
    text: lines.join('\n'),
  };
};
