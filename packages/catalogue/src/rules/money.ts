/** Money rules. Amounts are integer fen throughout; shares compare in integers. */
import { fen, multiplyFen } from '@talent/kernel';
import * as z from 'zod';
import type { ProgrammeDefinition } from '../definition';
import { defineKind, type Finding, finding, pct, yuanText, yuanTextZh } from './types';

const category = () => z.string().min(1).max(64);

/**
 * How a subsidy is spent: groups of expense categories with a minimum or maximum share of the total;
 * `outOfTownOnly` categories only for trainees training away from home, `canteenOnly` only at the
 * unit's canteen for the trainee; a category in no group is not an allowed use.
 */
export const expenseSplit = defineKind({
  name: 'expense-split',
  contexts: ['expenses'],
  params: () =>
    z.strictObject({
      groups: z
        .array(
          z.strictObject({
            name: z.string().min(1).max(64),
            categories: z.array(category()).min(1).max(20),
            minPercent: z.number().int().min(0).max(100).optional(),
            maxPercent: z.number().int().min(0).max(100).optional(),
          }),
        )
        .min(1)
        .max(10),
      outOfTownOnly: z.array(category()).max(20),
      canteenOnly: z.array(category()).max(20),
    }),
  check: (p, context) => {
    const out: Finding[] = [];
    let total = 0;
    context.lines.forEach((line, i) => {
      if (!Number.isSafeInteger(line.amountFen) || line.amountFen < 0) {
        out.push(
          finding(`lines[${i}].amountFen`, 'amounts are non-negative whole fen', '金额须为非负整数（分）'),
        );
        return;
      }
      total += line.amountFen;
      if (!p.groups.some((g) => g.categories.includes(line.category)))
        out.push(
          finding(
            `lines[${i}].category`,
            `"${line.category}" is not an allowed use`,
            `“${line.category}”不属于补助经费使用范围`,
          ),
        );
      if (p.outOfTownOnly.includes(line.category) && line.outOfTownTrainee !== true)
        out.push(
          finding(
            `lines[${i}].outOfTownTrainee`,
            `${line.category} only for trainees from out of town`,
            '交通和住宿补贴仅限异地参训培育对象',
          ),
        );
      if (p.canteenOnly.includes(line.category) && line.atUnitCanteenForTrainee !== true)
        out.push(
          finding(
            `lines[${i}].atUnitCanteenForTrainee`,
            `${line.category} only at the unit's canteen, for the trainee`,
            '用餐补贴仅限于承训单位食堂和培育对象本人',
          ),
        );
    });
    if (out.length > 0 || total === 0) return out;
    for (const g of p.groups) {
      const sum = context.lines
        .filter((l) => g.categories.includes(l.category))
        .reduce((a, l) => a + l.amountFen, 0);
      if (g.minPercent !== undefined && sum * 100 < total * g.minPercent)
        out.push(
          finding(
            'lines',
            `${g.name} is below ${pct(g.minPercent)} of spending`,
            `${g.name}支出占比低于${pct(g.minPercent)}`,
          ),
        );
      if (g.maxPercent !== undefined && sum * 100 > total * g.maxPercent)
        out.push(
          finding(
            'lines',
            `${g.name} is above ${pct(g.maxPercent)} of spending`,
            `${g.name}支出占比超过${pct(g.maxPercent)}`,
          ),
        );
    }
    return out;
  },
  summary: (p) =>
    [
      ...p.groups.map(
        (g) =>
          `${g.name} (${g.categories.join('+')}) ${g.minPercent !== undefined ? `≥ ${pct(g.minPercent)}` : ''}${g.maxPercent !== undefined ? `≤ ${pct(g.maxPercent)}` : ''}`,
      ),
      p.outOfTownOnly.length ? `${p.outOfTownOnly.join('/')} out-of-town only` : '',
      p.canteenOnly.length ? `${p.canteenOnly.join('/')} unit canteen only` : '',
    ]
      .filter(Boolean)
      .join('; '),
});

/** A yearly budget line per subject (a master) of at least `minFen` (原则上不少于5万元: flagged below). */
export const fundsFloor = defineKind({
  name: 'funds-floor',
  contexts: ['budget'],
  params: () => z.strictObject({ minFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
  check: (p, context) =>
    context.lines.flatMap((l, i) =>
      l.amountFen >= p.minFen
        ? []
        : [
            finding(
              `lines[${i}].amountFen`,
              `${l.subjectId}: ${yuanText(l.amountFen)} a year is below ${yuanText(p.minFen)}`,
              `${l.subjectId}年工作经费${yuanTextZh(l.amountFen)}，低于${yuanTextZh(p.minFen)}`,
            ),
          ],
    ),
  summary: (p) => `per master per year ≥ ${p.minFen} fen (${yuanText(p.minFen)})`,
});

export const fundingItem = (definition: ProgrammeDefinition, key: string) =>
  definition.funding?.items.find((i) => i.key === key);

/** The per-head rate of a disbursement is the definition's rate for its funding key. */
export const perHeadAmount = defineKind({
  name: 'per-head-amount',
  contexts: ['disbursement'],
  params: () => z.strictObject({}),
  check: (_p, context, env) => {
    const item = fundingItem(env.definition, context.fundingKey);
    if (!item) {
      const keys = env.definition.funding?.items.map((i) => i.key) ?? [];
      return [
        finding(
          'fundingKey',
          `no funding for "${context.fundingKey}"; one of ${keys.join(', ')}`,
          `无“${context.fundingKey}”补助标准`,
        ),
      ];
    }
    if (item.ruleId !== env.rule.id) return [];
    return context.perHeadFen === item.perHeadFen
      ? []
      : [
          finding(
            'perHeadFen',
            `the rate for ${item.key} is ${item.perHeadFen} fen (${yuanText(item.perHeadFen)}) per person${item.years > 1 ? ' per year' : ''}`,
            `${item.labelZh}补助标准为每人${item.years > 1 ? '每年' : ''}${yuanTextZh(item.perHeadFen)}`,
          ),
        ];
  },
  summary: (_p, env) =>
    (env.definition.funding?.items ?? [])
      .filter((i) => i.ruleId === env.rule.id)
      .map((i) => `${i.key}: ${i.perHeadFen} fen${i.years > 1 ? `/year × ${i.years} years` : ' once'}`)
      .join('; '),
  crossCheck: (_p, env) =>
    env.definition.funding?.items.some((i) => i.ruleId === env.rule.id)
      ? []
      : [{ path: ['kind'], message: `no funding item names ${env.rule.id}` }],
});

/** Money follows the trainees who passed acceptance: amount = passed × per-head rate, passed ≤ enrolled. */
export const paidByPassed = defineKind({
  name: 'paid-by-passed',
  contexts: ['disbursement'],
  params: () => z.strictObject({}),
  check: (_p, context) => {
    const out: Finding[] = [];
    if (!Number.isSafeInteger(context.passed) || context.passed < 0)
      return [finding('passed', 'passed is a whole number of trainees', '验收合格人数须为非负整数')];
    if (context.enrolled !== undefined && context.passed > context.enrolled)
      out.push(finding('passed', 'more passed than enrolled', '验收合格人数超过培育人数'));
    const expected = multiplyFen(fen(context.perHeadFen), context.passed);
    if (context.amountFen !== expected)
      out.push(
        finding(
          'amountFen',
          `${context.passed} passed × ${context.perHeadFen} fen = ${expected} fen, not ${context.amountFen}`,
          `应按验收合格人数拨付：${context.passed}人 × ${yuanTextZh(context.perHeadFen)} = ${yuanTextZh(expected)}`,
        ),
      );
    return out;
  },
  summary: () => 'amountFen = passed × perHeadFen (the number who passed acceptance, not enrolled)',
});

/** Funding runs for the item's number of years (JS-TRACKING: 2). */
export const fundingYearsMax = defineKind({
  name: 'funding-years-max',
  contexts: ['disbursement'],
  params: () => z.strictObject({}),
  check: (_p, context, env) => {
    const item = fundingItem(env.definition, context.fundingKey);
    if (!item) return [];
    return Number.isInteger(context.fundingYear) &&
      context.fundingYear >= 1 &&
      context.fundingYear <= item.years
      ? []
      : [
          finding(
            'fundingYear',
            `${item.key} is funded for ${item.years} year(s); year ${context.fundingYear} is outside`,
            `跟踪培养${item.years}年，第${context.fundingYear}年不在补助期内`,
          ),
        ];
  },
  summary: (_p, env) =>
    `fundingYear within 1..${Math.max(0, ...(env.definition.funding?.items ?? []).map((i) => i.years))} (funding items' years)`,
  crossCheck: (_p, env) =>
    env.definition.funding ? [] : [{ path: ['kind'], message: 'the definition has no funding' }],
});
