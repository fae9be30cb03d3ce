/**
 * Targets and KPIs: figures a programme reports on (a college's masters, graduates reaching technician
 * level, a city's trained workers). They are `reported`: a shortfall is flagged, never blocking.
 * "About N" (左右) targets are never flagged; `kpiProgress` lists them with the rest.
 */
import * as z from 'zod';
import { CONTEXT_TYPES } from '../context';
import type { ProgrammeDefinition } from '../definition';
import { defineKind, exact, type Finding, finding } from './types';

const indicatorSchema = () =>
  z
    .strictObject({
      id: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]*$/)
        .max(64),
      labelZh: z.string().trim().min(1).max(200),
      labelEn: z.string().trim().min(1).max(200),
      /** The reported figure. */
      metric: z.string().min(1).max(100),
      /** When given, the indicator is metric / of as a percentage. */
      of: z.string().min(1).max(100).optional(),
      /** At least (以上/不低于/达到). */
      min: z.number().min(0).optional(),
      /** More than (超). */
      minExclusive: z.number().min(0).optional(),
      /** About (左右): tracked, never flagged. */
      approximately: z.number().min(0).optional(),
      /** 'programme' | 'college' | 'city' … — checked only in reports of this scope. */
      scope: z.string().min(1).max(64),
      /** Checked from this year on (a target "by 2025"); yearly when absent. */
      byYear: z.number().int().min(2000).max(2100).optional(),
    })
    .refine(
      (i) => [i.min, i.minExclusive, i.approximately].filter((x) => x !== undefined).length === 1,
      'an indicator has exactly one of min, minExclusive, approximately',
    );
export type Indicator = z.output<ReturnType<typeof indicatorSchema>>;

const target = (i: Indicator): string => {
  const unit = i.of ? `% of ${i.of}` : '';
  if (i.min !== undefined) return `≥ ${i.min}${unit}`;
  if (i.minExclusive !== undefined) return `> ${i.minExclusive}${unit}`;
  return `~${i.approximately}${unit}`;
};

/** Whether the indicator is met by the metrics: undefined when a figure is missing or the target is "about". */
export const indicatorMet = (
  i: Indicator,
  metrics: Readonly<Record<string, number>>,
): boolean | undefined => {
  const value = metrics[i.metric];
  const whole = i.of === undefined ? undefined : metrics[i.of];
  if (value === undefined || (i.of !== undefined && whole === undefined) || i.approximately !== undefined)
    return undefined;
  // percentages compare in integers: value × 100 against whole × percent
  const lhs = i.of === undefined ? value : value * 100;
  const scale = whole ?? 1;
  if (i.min !== undefined) return exact(lhs) >= exact(i.min * scale);
  return exact(lhs) > exact((i.minExclusive ?? 0) * scale);
};

export const kpi = defineKind({
  name: 'kpi',
  contexts: ['report'],
  params: () => z.strictObject({ indicators: z.array(indicatorSchema()).min(1).max(30) }),
  check: (p, context): Finding[] =>
    p.indicators.flatMap((i) => {
      if (i.scope !== context.scope || i.approximately !== undefined) return [];
      if (i.byYear !== undefined && context.year < i.byYear) return [];
      const met = indicatorMet(i, context.metrics);
      if (met === undefined)
        return [finding(`metrics.${i.metric}`, `${i.labelEn}: not reported`, `${i.labelZh}：未报送数据`)];
      return met
        ? []
        : [
            finding(
              `metrics.${i.metric}`,
              `${i.labelEn}: target ${target(i)} not met`,
              `${i.labelZh}：未达到目标（${target(i)}）`,
            ),
          ];
    }),
  summary: (p) =>
    p.indicators
      .map((i) => `${i.id} ${target(i)}${i.byYear ? ` by ${i.byYear}` : ''} [${i.scope}]`)
      .join('; '),
});

export interface KpiProgressRow {
  readonly ruleId: string;
  readonly indicator: string;
  readonly labelZh: string;
  readonly target: string;
  readonly value?: number;
  readonly met?: boolean;
}

/** Every indicator of a scope with its reported figure and whether it is met (for the yearly report). */
export const kpiProgress = (
  definition: ProgrammeDefinition,
  scope: string,
  metrics: Readonly<Record<string, number>>,
): KpiProgressRow[] =>
  definition.rules
    .filter((r) => r.kind === 'kpi')
    .flatMap((r) =>
      (r.params as { indicators: Indicator[] }).indicators
        .filter((i) => i.scope === scope)
        .map((i) => {
          const value = metrics[i.metric];
          const met = indicatorMet(i, metrics);
          return {
            ruleId: r.id,
            indicator: i.id,
            labelZh: i.labelZh,
            target: target(i),
            ...(value !== undefined ? { value } : {}),
            ...(met !== undefined ? { met } : {}),
          };
        }),
    );

/** Data the software holds without checking anything (documents, forms, phases, duties). */
export const record = defineKind({
  name: 'record',
  contexts: CONTEXT_TYPES,
  params: () =>
    z.strictObject({
      holds: z.string().trim().min(1).max(500),
      documents: z.array(z.string().min(1).max(100)).max(30).optional(),
    }),
  check: () => [],
  summary: (p) => `records: ${p.holds}${p.documents ? ` (${p.documents.join(', ')})` : ''}`,
});

/** A cross-cutting rule held by platform code outside the engine (X-*): where it lives. */
export const external = defineKind({
  name: 'external',
  contexts: ['platform'],
  params: () =>
    z.strictObject({
      where: z.array(z.string().min(1).max(200)).min(1).max(10),
      how: z.string().trim().min(1).max(500),
    }),
  check: () => [],
  summary: (p) => `${p.how} (${p.where.join(', ')})`,
});
