/**
 * The disbursement calculation: pure, integer fen, no I/O. From the cycle's pinned programme
 * version (its `funding` definition and disbursement rules, run through the catalogue's `evaluate`)
 * and the facts, it computes what each subject (a trainee's tracked year, a teacher's promotion
 * level) is entitled to, and against what approved batches already paid for it, the lines of a new
 * batch: a payment (nothing paid yet), an adjustment (a late correction raised it) or a clawback
 * (a late correction lowered it). An approved amount is never changed: corrections are new lines.
 *
 * Rules: JS-SUBSIDY / ZH-TEACHER-SUBSIDY (per-head-amount), JS-TRACKING (funding-years-max),
 * JS-ACCEPTANCE (paid-by-passed: per unit group, money follows the number who passed).
 */
import { evaluate, type ProgrammeDefinition } from '@talent/catalogue';
import { sumFen } from '@talent/kernel';
import type { AcceptedTrainee, TeacherPromotion } from './facts';
import { yuanZh } from './money-text';

export type LineKind = 'payment' | 'adjustment' | 'clawback';

/** What one subject is entitled to now, from the facts. */
export interface Entitlement {
  /** Stable across recalculations: `JS:<traineeId>:<trackingYear>`, `ZH:<recordKey>:<level>`. */
  readonly subjectKey: string;
  readonly ruleId: string;
  readonly ruleIds: readonly string[];
  readonly fundingKey: string;
  readonly labelZh: string;
  /** 1.. the funding item's years; 1 for a one-off. */
  readonly fundingYear: number;
  readonly fundingYears: number;
  /** The programme-year the money counts against (budget). */
  readonly year: number;
  readonly unitId: string;
  readonly unitName: string;
  readonly city: string;
  /** Who receives the money (the finance bureau of the unit's place; the teacher). */
  readonly payeeZh: string;
  readonly personName: string;
  readonly residentId: string;
  readonly nominationId?: string;
  readonly sourceId: string;
  readonly rateFen: number;
  readonly entitledFen: number;
  readonly acceptance?: { readonly passed: boolean; readonly final: boolean; readonly grade?: string };
  readonly promotion?: { readonly level: string; readonly certifiedOn: string; readonly school: string };
  readonly factsVersion: number;
}

/** A line of a batch (before it has its batch id and number). */
export interface ComputedLine extends Entitlement {
  readonly kind: LineKind;
  readonly headCount: number;
  readonly paidBeforeFen: number;
  readonly amountFen: number;
  readonly explanationZh: string;
}

/** A subject left out, with the rule that left it out. */
export interface Exclusion {
  readonly subjectKey: string;
  readonly sourceId: string;
  readonly unitId: string;
  readonly personName: string;
  readonly residentId: string;
  readonly ruleId: string;
  readonly reason: string;
  readonly reasonZh: string;
}

/** What approved batches paid for one subject (sum of its lines) and the last line, to describe a clawback. */
export interface PaidSubject {
  readonly subjectKey: string;
  readonly paidFen: number;
  readonly last: Entitlement;
}

export interface UnitTotal {
  readonly unitId: string;
  readonly unitName: string;
  readonly city: string;
  readonly payeeZh: string;
  readonly lines: number;
  readonly amountFen: number;
  readonly byYear: Readonly<Record<string, { readonly lines: number; readonly amountFen: number }>>;
}

export interface Calculation {
  readonly lines: readonly ComputedLine[];
  readonly excluded: readonly Exclusion[];
  /** Subjects whose entitlement equals what was paid: nothing to do. */
  readonly settled: number;
  readonly units: readonly UnitTotal[];
  readonly byYear: readonly { readonly year: number; readonly amountFen: number }[];
  /** Per finance bureau of the units' cities (JS-ACCEPTANCE: 拨付到承训单位所在地财政部门). */
  readonly byCity: readonly CityTotal[];
  readonly totalFen: number;
  readonly factsVersion: number;
}

export interface CityTotal {
  readonly city: string;
  readonly financeBureauZh: string;
  readonly units: number;
  readonly lines: number;
  readonly amountFen: number;
}

export class CalculationError extends Error {}

const itemOf = (definition: ProgrammeDefinition, key: string) =>
  definition.funding?.items.find((i) => i.key === key);

const yearText = (e: Pick<Entitlement, 'fundingYear' | 'fundingYears'>) =>
  e.fundingYears > 1 ? `第${e.fundingYear}年` : '一次性';

const resultText = (e: Entitlement) =>
  e.acceptance ? (e.acceptance.passed ? '验收合格' : '验收不合格') : e.promotion ? '认定晋升' : '';

const disbursementRules = (definition: ProgrammeDefinition, kinds: readonly string[]) =>
  [
    ...new Set(
      definition.rules.filter((r) => r.context === 'disbursement' && kinds.includes(r.kind)).map((r) => r.id),
    ),
  ] as string[];

/** The engine's verdict on one subject's disbursement (rate, funding year, paid-by-passed). */
const checkOne = (
  definition: ProgrammeDefinition,
  fundingKey: string,
  fundingYear: number,
  passed: boolean,
  rateFen: number,
  attributes?: Record<string, unknown>,
) =>
  evaluate(definition, {
    type: 'disbursement',
    fundingKey,
    fundingYear,
    enrolled: 1,
    passed: passed ? 1 : 0,
    perHeadFen: rateFen,
    amountFen: passed ? rateFen : 0,
    ...(attributes ? { attributes } : {}),
  });

export interface TraineeEntitlements {
  readonly entitlements: Entitlement[];
  readonly excluded: Exclusion[];
  /** Subjects whose acceptance is not final: neither paid nor clawed back yet. */
  readonly pending: Set<string>;
}

/** Per trainee per tracked year, by category, for trainees whose acceptance passed and is final (JS-SUBSIDY, JS-TRACKING, JS-ACCEPTANCE). */
export const traineeEntitlements = (
  definition: ProgrammeDefinition,
  facts: readonly AcceptedTrainee[],
  year?: number,
): TraineeEntitlements => {
  const entitlements: Entitlement[] = [];
  const excluded: Exclusion[] = [];
  const pending = new Set<string>();
  // One fact per trainee and tracked year: the latest version wins.
  const latest = new Map<string, AcceptedTrainee>();
  for (const f of facts) {
    if (year !== undefined && f.year !== year) continue;
    const key = `JS:${f.traineeId}:${f.trackingYear}`;
    const seen = latest.get(key);
    if (!seen || seen.factsVersion < f.factsVersion) latest.set(key, f);
  }
  const ruleIds = disbursementRules(definition, ['per-head-amount', 'funding-years-max', 'paid-by-passed']);
  for (const [subjectKey, f] of latest) {
    const base = {
      subjectKey,
      sourceId: f.traineeId,
      unitId: f.trainingUnitId,
      personName: f.name,
      residentId: f.residentId,
    };
    const item = itemOf(definition, f.category);
    if (!f.final) {
      pending.add(subjectKey);
      excluded.push({
        ...base,
        ruleId: 'JS-ACCEPTANCE',
        reason: 'the acceptance result is not final yet',
        reasonZh: '验收结论尚未确定',
      });
      continue;
    }
    const verdict = checkOne(definition, f.category, f.trackingYear, f.passed, item?.perHeadFen ?? 0);
    const breach = verdict.violations[0];
    if (!item || breach) {
      excluded.push({
        ...base,
        ruleId: breach?.ruleId ?? 'P-FUNDING-ITEM',
        reason: breach?.message ?? `no funding item for ${f.category}`,
        reasonZh: breach?.messageZh ?? `无“${f.category}”补助标准`,
      });
      continue;
    }
    entitlements.push({
      ...base,
      ruleId: item.ruleId,
      ruleIds: ruleIds.length ? ruleIds : [item.ruleId],
      fundingKey: item.key,
      labelZh: item.labelZh,
      fundingYear: f.trackingYear,
      fundingYears: item.years,
      year: f.year,
      unitName: f.trainingUnitName,
      city: f.city,
      payeeZh: `${f.city}财政部门（拨付至${f.trainingUnitName}）`,
      nominationId: f.nominationId,
      rateFen: item.perHeadFen,
      entitledFen: f.passed ? item.perHeadFen : 0,
      acceptance: { passed: f.passed, final: f.final, ...(f.grade ? { grade: f.grade } : {}) },
      factsVersion: f.factsVersion,
    });
    if (!f.passed)
      excluded.push({
        ...base,
        ruleId: 'JS-ACCEPTANCE',
        reason: 'did not pass acceptance: money follows the number who passed',
        reasonZh: '验收不合格，不予拨付',
      });
  }
  // JS-ACCEPTANCE per unit group: the amount is the number who passed × the rate, passed ≤ enrolled.
  const groups = new Map<string, Entitlement[]>();
  for (const e of entitlements) {
    const k = `${e.unitId}|${e.fundingKey}|${e.fundingYear}|${e.year}`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  for (const group of groups.values()) {
    const first = group[0] as Entitlement;
    const passed = group.filter((e) => e.acceptance?.passed).length;
    const verdict = evaluate(definition, {
      type: 'disbursement',
      fundingKey: first.fundingKey,
      fundingYear: first.fundingYear,
      enrolled: group.length,
      passed,
      perHeadFen: first.rateFen,
      amountFen: sumFen(group.map((e) => e.entitledFen as never)),
    });
    if (!verdict.ok)
      throw new CalculationError(`unit group breaks ${verdict.violations.map((v) => v.ruleId).join(', ')}`);
  }
  return { entitlements, excluded, pending };
};

/** Subject key of a teacher's promotion: once per teacher per level, across years (ZH-TEACHER-SUBSIDY). */
export type PersonKey = (residentId: string) => string;

/** 4,000 / 6,000 one-off per eligible promoted teacher, once per teacher per level (ZH-TEACHER-SUBSIDY). */
export const promotionEntitlements = (
  definition: ProgrammeDefinition,
  facts: readonly TeacherPromotion[],
  year: number,
  personKey: PersonKey,
): TraineeEntitlements => {
  const entitlements: Entitlement[] = [];
  const excluded: Exclusion[] = [];
  const seen = new Set<string>();
  const ordered = [...facts].sort(
    (a, b) => a.certifiedOn.localeCompare(b.certifiedOn) || a.recordId.localeCompare(b.recordId),
  );
  const ruleIds = disbursementRules(definition, ['per-head-amount', 'attribute-one-of', 'attribute-equals']);
  for (const f of ordered) {
    const subjectKey = `ZH:${personKey(f.residentId)}:${f.level}`;
    const base = {
      subjectKey,
      sourceId: f.recordId,
      unitId: f.school,
      personName: f.name,
      residentId: f.residentId,
    };
    const item = itemOf(definition, f.level);
    const verdict = checkOne(definition, f.level, 1, true, item?.perHeadFen ?? 0, {
      employerType: f.schoolKind,
      industry: f.industry,
      promotedBySkillLevelRecognition: f.eligible,
    });
    const breach = verdict.violations[0];
    if (!item || breach) {
      excluded.push({
        ...base,
        ruleId: breach?.ruleId ?? 'ZH-TEACHER-SUBSIDY',
        reason: breach?.message ?? `no funding item for ${f.level}`,
        reasonZh: breach?.messageZh ?? `无“${f.level}”补贴标准`,
      });
      continue;
    }
    if (seen.has(subjectKey)) {
      excluded.push({
        ...base,
        ruleId: item.ruleId,
        reason: `already claimed once for ${f.level}`,
        reasonZh: `同一教师晋升${f.level}仅补贴一次`,
      });
      continue;
    }
    seen.add(subjectKey);
    entitlements.push({
      ...base,
      ruleId: item.ruleId,
      ruleIds: ruleIds.length ? ruleIds : [item.ruleId],
      fundingKey: item.key,
      labelZh: item.labelZh,
      fundingYear: 1,
      fundingYears: item.years,
      year,
      unitName: f.school,
      city: '',
      payeeZh: `${f.name}（${f.school}）`,
      rateFen: item.perHeadFen,
      entitledFen: item.perHeadFen,
      promotion: { level: f.level, certifiedOn: f.certifiedOn, school: f.school },
      factsVersion: f.factsVersion,
    });
  }
  return { entitlements, excluded, pending: new Set() };
};

const explain = (e: Entitlement, kind: LineKind, paidBefore: number, amount: number): string => {
  const tail = [e.ruleId, yearText(e), resultText(e)].filter(Boolean).join('，');
  const head = `${e.labelZh} 1名 × ${yuanZh(e.rateFen)} = ${yuanZh(e.entitledFen)}`;
  if (kind === 'payment') return `${head}（${tail}）`;
  if (kind === 'adjustment')
    return `${head}，已拨 ${yuanZh(paidBefore)}，补拨 ${yuanZh(amount)}（${tail}，更正）`;
  const why =
    e.entitledFen === 0 ? `${resultText(e) || '不再符合条件'}，应拨 0.00元` : `应拨 ${yuanZh(e.entitledFen)}`;
  const rule = e.acceptance && !e.acceptance.passed ? 'JS-ACCEPTANCE' : e.ruleId;
  return `${e.labelZh} ${why}，已拨 ${yuanZh(paidBefore)}，追回 ${yuanZh(-amount)}（${rule}，${yearText(e)}，更正）`;
};

/** Lines against what was paid: payments, adjustments, clawbacks; totals equal the sum of the lines. */
export const linesAgainstPaid = (
  current: TraineeEntitlements,
  paid: ReadonlyMap<string, PaidSubject>,
  inScope: (e: Entitlement) => boolean = () => true,
): Calculation => {
  const lines: ComputedLine[] = [];
  let settled = 0;
  const now = new Map(current.entitlements.map((e) => [e.subjectKey, e]));
  const line = (e: Entitlement, paidBefore: number): void => {
    const amount = e.entitledFen - paidBefore;
    if (amount === 0) {
      if (paidBefore > 0) settled += 1;
      return;
    }
    const kind: LineKind = paidBefore === 0 ? 'payment' : amount > 0 ? 'adjustment' : 'clawback';
    lines.push({
      ...e,
      ruleId: kind === 'clawback' && e.acceptance && !e.acceptance.passed ? 'JS-ACCEPTANCE' : e.ruleId,
      kind,
      // Net heads paid: a first payment counts one, a full clawback takes one back.
      headCount: paidBefore === 0 ? 1 : e.entitledFen === 0 ? -1 : 0,
      paidBeforeFen: paidBefore,
      amountFen: amount,
      explanationZh: explain(e, kind, paidBefore, amount),
    });
  };
  for (const e of current.entitlements) line(e, paid.get(e.subjectKey)?.paidFen ?? 0);
  // Paid subjects that are gone from the facts (and not pending): everything paid is clawed back.
  for (const p of paid.values()) {
    if (now.has(p.subjectKey) || current.pending.has(p.subjectKey) || !inScope(p.last)) continue;
    if (p.paidFen === 0) continue;
    const { acceptance: _a, promotion: _p, ...last } = p.last;
    line({ ...last, entitledFen: 0 }, p.paidFen);
  }
  lines.sort(
    (a, b) =>
      a.unitId.localeCompare(b.unitId) ||
      a.year - b.year ||
      a.fundingKey.localeCompare(b.fundingKey) ||
      a.fundingYear - b.fundingYear ||
      a.subjectKey.localeCompare(b.subjectKey),
  );
  return { ...summarise(lines), excluded: current.excluded, settled };
};

/** Unit, year and grand totals of lines: each is the integer sum of its lines. */
export const summarise = (lines: readonly ComputedLine[]) => {
  const units = new Map<string, UnitTotal>();
  const years = new Map<number, number>();
  for (const l of lines) {
    const u = units.get(l.unitId) ?? {
      unitId: l.unitId,
      unitName: l.unitName,
      city: l.city,
      payeeZh: l.payeeZh,
      lines: 0,
      amountFen: 0,
      byYear: {},
    };
    const y = u.byYear[String(l.year)] ?? { lines: 0, amountFen: 0 };
    units.set(l.unitId, {
      ...u,
      lines: u.lines + 1,
      amountFen: sumFen([u.amountFen, l.amountFen] as never[]),
      byYear: { ...u.byYear, [String(l.year)]: { lines: y.lines + 1, amountFen: y.amountFen + l.amountFen } },
    });
    years.set(l.year, sumFen([years.get(l.year) ?? 0, l.amountFen] as never[]));
  }
  const cities = new Map<string, CityTotal>();
  for (const u of units.values()) {
    if (!u.city) continue;
    const c = cities.get(u.city) ?? {
      city: u.city,
      financeBureauZh: `${u.city}财政部门`,
      units: 0,
      lines: 0,
      amountFen: 0,
    };
    cities.set(u.city, {
      ...c,
      units: c.units + 1,
      lines: c.lines + u.lines,
      amountFen: c.amountFen + u.amountFen,
    });
  }
  return {
    byCity: [...cities.values()].sort((a, b) => a.city.localeCompare(b.city)),
    lines,
    units: [...units.values()],
    byYear: [...years.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([year, amountFen]) => ({ year, amountFen })),
    totalFen: sumFen(lines.map((l) => l.amountFen) as never[]),
    factsVersion: Math.max(0, ...lines.map((l) => l.factsVersion)),
  };
};
