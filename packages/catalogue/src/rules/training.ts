/** Training plans, hours, grades and attendance. */
import { addDays, addMonths, compareDates, endOfMonth, isIsoDate } from '@talent/kernel';
import * as z from 'zod';
import type { TraineeResult } from '../context';
import { defineKind, exact, type Finding, finding, pct } from './types';

/**
 * Theory : practice hours. The seed says "按4:6比例掌握" (to be kept at 4:6): a guideline, not an exact
 * split, so theory may differ from its share (40%) by up to `tolerancePercentagePoints` of the total.
 * Exact integer test: |100·theory·(t+p) − 100·t·total| ≤ tolerance·total·(t+p).
 */
export const hoursRatio = defineKind({
  name: 'hours-ratio',
  contexts: ['training-plan'],
  params: () =>
    z.strictObject({
      theory: z.number().int().positive().max(100),
      practice: z.number().int().positive().max(100),
      tolerancePercentagePoints: z.number().int().min(0).max(50),
    }),
  check: (p, context) => {
    const { theoryHours: t, practiceHours: pr } = context;
    if (!Number.isInteger(t) || !Number.isInteger(pr) || t < 0 || pr < 0 || t + pr === 0) {
      return [
        finding(
          'theoryHours',
          'theory and practice hours must be whole, non-negative and not both 0',
          '理论与实操学时须为非负整数且不全为0',
        ),
      ];
    }
    const parts = p.theory + p.practice;
    const total = t + pr;
    const deviation = Math.abs(100 * t * parts - 100 * p.theory * total);
    if (deviation <= p.tolerancePercentagePoints * total * parts) return [];
    const share = Math.round((1000 * t) / total) / 10;
    return [
      finding(
        'theoryHours',
        `theory is ${share}% of ${total} hours; ${p.theory}:${p.practice} allows ${(100 * p.theory) / parts}% ± ${p.tolerancePercentagePoints} points`,
        `理论学时占${share}%，须按${p.theory}:${p.practice}比例掌握（${(100 * p.theory) / parts}%±${p.tolerancePercentagePoints}个百分点）`,
      ),
    ];
  },
  summary: (p) =>
    `theory : practice = ${p.theory} : ${p.practice}; theory share within ±${p.tolerancePercentagePoints} percentage points`,
});

/**
 * The training window of the calendar's training stage (this rule's stage): it starts and ends in the
 * cycle year, ends by the end of `lastMonth` (前三季度: 9), and spans at most `maxMonths` calendar months
 * (`endsOn + 1 day ≤ startsOn + maxMonths`: 03-01..07-31 is 5 months; 03-01..08-01 is more).
 */
export const trainingWindow = defineKind({
  name: 'training-window',
  contexts: ['training-plan'],
  params: () => z.strictObject({}),
  check: (_p, context, env) => {
    const window = env.definition.calendar.stages.find((s) => s.ruleId === env.rule.id && s.window)?.window;
    if (!window) return [];
    const { startsOn, endsOn, year } = context;
    if (!isIsoDate(startsOn) || !isIsoDate(endsOn) || compareDates(startsOn, endsOn) > 0) {
      return [
        finding('endsOn', 'the training must end on or after its start', '培训结束日期不得早于开始日期'),
      ];
    }
    const out: Finding[] = [];
    const y = String(year).padStart(4, '0');
    const last = endOfMonth(year, window.lastMonth);
    if (compareDates(startsOn, `${y}-01-01`) < 0 || compareDates(endsOn, last) > 0) {
      out.push(
        finding(
          compareDates(startsOn, `${y}-01-01`) < 0 ? 'startsOn' : 'endsOn',
          `training runs within ${y}-01-01..${last}`,
          `培训须在${y}年1月1日至${last}期间（前${window.lastMonth / 3}季度）组织实施`,
        ),
      );
    }
    if (compareDates(addDays(endsOn, 1), addMonths(startsOn, window.maxMonths)) > 0) {
      out.push(
        finding(
          'endsOn',
          `${startsOn}..${endsOn} spans more than ${window.maxMonths} months`,
          `时长跨度超过${window.maxMonths}个月`,
        ),
      );
    }
    return out;
  },
  summary: (_p, env) => {
    const w = env.definition.calendar.stages.find((s) => s.ruleId === env.rule.id && s.window)?.window;
    return w
      ? `within Jan 1 – end of month ${w.lastMonth} of the cycle year; span ≤ ${w.maxMonths} months`
      : 'no window';
  },
  crossCheck: (_p, env) =>
    env.definition.calendar.stages.some((s) => s.ruleId === env.rule.id && s.window)
      ? []
      : [{ path: ['kind'], message: `no calendar stage with a window names ${env.rule.id}` }],
});

/** Every proposed grade is on the programme's grade scale. */
export const gradeScale = defineKind({
  name: 'grade-scale',
  contexts: ['grading'],
  params: () => z.strictObject({}),
  check: (_p, context, env) => {
    const scale = env.definition.grading?.scale ?? [];
    return context.trainees.flatMap((t, i) =>
      scale.includes(t.grade)
        ? []
        : [
            finding(
              `trainees[${i}].grade`,
              `"${t.grade}" is not a grade; one of ${scale.join(', ')}`,
              `等次须为${scale.join('、')}之一`,
            ),
          ],
    );
  },
  summary: (_p, env) => `grades ∈ {${env.definition.grading?.scale.join(', ')}}`,
  crossCheck: (_p, env) =>
    env.definition.grading ? [] : [{ path: ['kind'], message: 'the definition has no grading scale' }],
});

/** The most trainees a grade capped at `percent`% may hold among `n`: floor(n × percent / 100). */
export const gradeQuotaLimit = (n: number, percent: number): number => Math.floor((n * percent) / 100);

/**
 * Each listed grade at most `maxPercent`% of the unit's graded trainees, rounded down: 30% of 7 is 2.1,
 * so at most 2 (exact test: count × 100 ≤ n × percent).
 */
export const gradeQuota = defineKind({
  name: 'grade-quota',
  contexts: ['grading'],
  params: () =>
    z.strictObject({
      grades: z.array(z.string().min(1).max(20)).min(1).max(10),
      maxPercent: z.number().int().min(0).max(100),
    }),
  check: (p, context) => {
    const n = context.trainees.length;
    return p.grades.flatMap((g) => {
      const count = context.trainees.filter((t) => t.grade === g).length;
      return count * 100 <= n * p.maxPercent
        ? []
        : [
            finding(
              'trainees',
              `${count} of ${n} trainees graded ${g}; at most ${gradeQuotaLimit(n, p.maxPercent)} (${pct(p.maxPercent)}, rounded down)`,
              `${g}等次${count}人，超过${pct(p.maxPercent)}（${n}人中至多${gradeQuotaLimit(n, p.maxPercent)}人）`,
            ),
          ];
    });
  },
  summary: (p) => `each of ${p.grades.join(', ')} ≤ floor(${pct(p.maxPercent)} × the unit's trainees)`,
  crossCheck: (p, env) =>
    p.grades.flatMap((g, i) =>
      env.definition.grading?.scale.includes(g)
        ? []
        : [{ path: ['params', 'grades', i], message: `"${g}" is not on the grade scale` }],
    ),
});

/** True when yearly hours or credits are below `minPercent`% of those required (不足70% → 不合格). */
export const failsAttendance = (t: TraineeResult, minPercent: number): boolean | undefined => {
  const measured: [number | undefined, number | undefined][] = [
    [t.hoursAttended, t.hoursRequired],
    [t.creditsEarned, t.creditsRequired],
  ];
  let known = false;
  for (const [got, required] of measured) {
    if (got === undefined || required === undefined || required <= 0) continue;
    known = true;
    if (exact(got * 100) < exact(required * minPercent)) return true;
  }
  return known ? false : undefined;
};

/** Below `minPercent`% of yearly hours or credits, the grade is the fail grade, whatever else. */
export const attendanceFail = defineKind({
  name: 'attendance-fail',
  contexts: ['grading'],
  params: () => z.strictObject({ minPercent: z.number().int().min(1).max(100) }),
  check: (p, context, env) => {
    const failGrade = env.definition.grading?.failGrade ?? '不合格';
    return context.trainees.flatMap((t, i) => {
      const fails = failsAttendance(t, p.minPercent);
      if (fails === undefined)
        return [
          finding(`trainees[${i}]`, 'no hours or credits recorded for the year', '未记录年度学时或学分'),
        ];
      return fails && t.grade !== failGrade
        ? [
            finding(
              `trainees[${i}].grade`,
              `hours or credits below ${pct(p.minPercent)}: the grade is ${failGrade}`,
              `年度累计学分、参训学时不足${pct(p.minPercent)}，直接认定${failGrade}`,
            ),
          ]
        : [];
    });
  },
  summary: (p, env) =>
    `hours or credits < ${pct(p.minPercent)} of required → ${env.definition.grading?.failGrade}`,
});

/** A yes/no fact every trainee needs for the year (one research report). */
export const traineeFactRequired = defineKind({
  name: 'trainee-fact-required',
  contexts: ['grading'],
  params: () => z.strictObject({ fact: z.enum(['researchReportSubmitted']) }),
  check: (p, context) =>
    context.trainees.flatMap((t, i) =>
      t[p.fact] === true
        ? []
        : [finding(`trainees[${i}].${p.fact}`, `${p.fact} is not true`, '未提交年度研修报告')],
    ),
  summary: (p) => `every trainee: ${p.fact}`,
});
