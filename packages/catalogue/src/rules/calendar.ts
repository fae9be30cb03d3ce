/**
 * Calendar rules read the definition's calendar: the stages that name the rule hold its numbers
 * (a deadline, a publicity length, the order of a flow), so the state machine that runs a cycle and
 * the rule that checks it read the same data.
 */
import { addDays, addMonths, compareDates, isIsoDate } from '@talent/kernel';
import * as z from 'zod';
import type { StageDefinition } from '../definition';
import { defineKind, finding, type RuleEnv } from './types';

const stagesOf = (env: RuleEnv): StageDefinition[] =>
  env.definition.calendar.stages.filter((s) => s.ruleId === env.rule.id);

const needStages = (what: (s: StageDefinition) => boolean, label: string) => (_p: unknown, env: RuleEnv) =>
  stagesOf(env).some(what)
    ? []
    : [{ path: ['kind'], message: `no calendar stage ${label} names ${env.rule.id}` }];

/** A list handed in for a dated stage is in by its deadline (inclusive; "10月底前" = by 10-31). */
export const deadline = defineKind({
  name: 'deadline',
  contexts: ['submission'],
  params: () => z.strictObject({}),
  check: (_p, context, env) => {
    const stage = stagesOf(env).find((s) => s.id === context.stage && s.deadline);
    if (!stage?.deadline) return [];
    const due = `${String(context.cycleYear).padStart(4, '0')}-${stage.deadline}`;
    return isIsoDate(context.submittedOn) && compareDates(context.submittedOn, due) <= 0
      ? []
      : [
          finding(
            'submittedOn',
            `${stage.nameEn} is due by ${due}; submitted ${context.submittedOn}`,
            `${stage.nameZh}须于${due}前上报，实际${context.submittedOn}`,
          ),
        ];
  },
  summary: (_p, env) =>
    stagesOf(env)
      .filter((s) => s.deadline)
      .map((s) => `${s.id} by ${s.deadline}`)
      .join('; '),
  crossCheck: needStages((s) => s.deadline !== undefined, 'with a deadline'),
});

/** A publicity period lasts at least the stage's working days (X-WORKING-DAYS counts them). */
export const publicityLength = defineKind({
  name: 'publicity-length',
  contexts: ['publicity'],
  params: () => z.strictObject({}),
  check: (_p, context, env) => {
    const stage = stagesOf(env).find((s) => s.id === context.stage && s.workingDays !== undefined);
    if (!stage?.workingDays) return [];
    return context.workingDays >= stage.workingDays
      ? []
      : [
          finding(
            'workingDays',
            `${stage.nameEn} lasts ${stage.workingDays} working days; planned ${context.workingDays}`,
            `${stage.nameZh}${stage.workingDays}个工作日，计划仅${context.workingDays}个工作日`,
          ),
        ];
  },
  summary: (_p, env) =>
    stagesOf(env)
      .filter((s) => s.workingDays)
      .map((s) => `${s.id} ≥ ${s.workingDays} working days`)
      .join('; '),
  crossCheck: needStages((s) => s.workingDays !== undefined, 'with working days'),
});

/** Stages follow the declared order, one at a time (no skipping, no going back). */
export const stageSequence = defineKind({
  name: 'stage-sequence',
  contexts: ['stage-transition'],
  params: () => z.strictObject({}),
  check: (_p, context, env) => {
    const order = stagesOf(env).map((s) => s.id);
    if (!order.includes(context.to) && (context.from === null || !order.includes(context.from))) return [];
    const next = context.from === null ? order[0] : order[order.indexOf(context.from) + 1];
    return context.to === next
      ? []
      : [
          finding(
            'to',
            `after ${context.from ?? '(start)'} comes ${next ?? '(end)'}, not ${context.to}; the order is ${order.join(' → ')}`,
            `流程须依次为${order.join('→')}`,
          ),
        ];
  },
  summary: (_p, env) =>
    stagesOf(env)
      .map((s) => s.id)
      .join(' → '),
  crossCheck: needStages(() => true, ''),
});

/** A project runs between minYears and maxYears (每批连续建设2-3年): endsOn + 1 day within those bounds. */
export const projectDuration = defineKind({
  name: 'project-duration',
  contexts: ['project-plan'],
  params: () =>
    z
      .strictObject({
        minYears: z.number().int().positive().max(20),
        maxYears: z.number().int().positive().max(20),
      })
      .refine((p) => p.minYears <= p.maxYears, 'minYears is above maxYears'),
  check: (p, context) => {
    if (
      !isIsoDate(context.startsOn) ||
      !isIsoDate(context.endsOn) ||
      compareDates(context.startsOn, context.endsOn) > 0
    )
      return [finding('endsOn', 'the plan must end after it starts', '建设期结束日期不得早于开始日期')];
    const endExclusive = addDays(context.endsOn, 1);
    const tooShort = compareDates(endExclusive, addMonths(context.startsOn, 12 * p.minYears)) < 0;
    const tooLong = compareDates(endExclusive, addMonths(context.startsOn, 12 * p.maxYears)) > 0;
    return tooShort || tooLong
      ? [
          finding(
            'endsOn',
            `${context.startsOn}..${context.endsOn} is not ${p.minYears}–${p.maxYears} years`,
            `建设期须为${p.minYears}-${p.maxYears}年`,
          ),
        ]
      : [];
  },
  summary: (p) => `plan length (inclusive dates) ${p.minYears}–${p.maxYears} years`,
});

/** Length of schooling by entry level (GD-SCHOOLING), and the years counted as the senior-worker stage. */
export const programmeLength = defineKind({
  name: 'programme-length',
  contexts: ['enrolment'],
  params: () =>
    z.strictObject({
      byEntryLevel: z
        .array(
          z.strictObject({
            entryLevel: z.string().min(1).max(64),
            labelZh: z.string().min(1).max(100),
            years: z.number().int().positive().max(10),
            seniorWorkerStageYears: z.number().int().positive().max(10).optional(),
          }),
        )
        .min(1)
        .max(20),
    }),
  check: (p, context) => {
    const entry = p.byEntryLevel.find((e) => e.entryLevel === context.entryLevel);
    if (!entry)
      return [
        finding(
          'entryLevel',
          `entry level one of ${p.byEntryLevel.map((e) => e.entryLevel).join(', ')}`,
          `生源起点须为${p.byEntryLevel.map((e) => e.labelZh).join('、')}之一`,
        ),
      ];
    const out = [];
    if (context.plannedYears !== entry.years)
      out.push(
        finding(
          'plannedYears',
          `${entry.labelZh} entry: ${entry.years} years`,
          `${entry.labelZh}起点学制${entry.years}年`,
        ),
      );
    if ((context.seniorWorkerStageYears ?? entry.seniorWorkerStageYears) !== entry.seniorWorkerStageYears)
      out.push(
        finding(
          'seniorWorkerStageYears',
          entry.seniorWorkerStageYears
            ? `the first ${entry.seniorWorkerStageYears} years are the senior-worker stage`
            : 'this entry has no senior-worker stage',
          entry.seniorWorkerStageYears
            ? `前${entry.seniorWorkerStageYears}年视为高级工阶段`
            : '该起点无高级工阶段',
        ),
      );
    return out;
  },
  summary: (p) =>
    p.byEntryLevel
      .map(
        (e) =>
          `${e.entryLevel} ${e.years}y${e.seniorWorkerStageYears ? ` (senior-worker stage ${e.seniorWorkerStageYears}y)` : ''}`,
      )
      .join('; '),
});
