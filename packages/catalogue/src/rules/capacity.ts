/**
 * Caps, quotas and ratios. Ratios are compared in integers (part × 100 against whole × percent), so
 * "at most 10%" admits exactly 10% and nothing above it, with no floating-point edge.
 */
import {
  isProfessionalTitle,
  isSkillLevel,
  PROFESSIONAL_TITLES,
  SKILL_LEVELS,
  skillLevelAtLeast,
  titleAtLeast,
} from '@talent/kernel';
import * as z from 'zod';
import type { EvaluationContext, GroupMember } from '../context';
import { defineKind, type Finding, finding, pct } from './types';

/** Counts a pairing produces, after the proposed pairing is added. */
export const PAIRING_QUANTITIES = [
  'masterApprenticesInStage',
  'schoolApprentices',
  'schoolTeacherApprentices',
] as const;

const selectorSchema = () =>
  z.strictObject({
    roles: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
    /** With skillLevelAtLeast: either suffices ("高级职称或者技师以上"). */
    titleAtLeast: z.enum(PROFESSIONAL_TITLES).optional(),
    skillLevelAtLeast: z.enum(SKILL_LEVELS).optional(),
    leader: z.boolean().optional(),
  });
type Selector = z.output<ReturnType<typeof selectorSchema>>;

const measureSchema = () =>
  z.union([
    z.strictObject({ quantity: z.enum(PAIRING_QUANTITIES) }),
    z.strictObject({ members: selectorSchema() }),
  ]);
type Measure = z.output<ReturnType<typeof measureSchema>>;

const selects = (s: Selector, m: GroupMember): boolean => {
  if (s.roles && !s.roles.includes(m.role)) return false;
  if (s.leader !== undefined && Boolean(m.isLeader) !== s.leader) return false;
  if (s.titleAtLeast || s.skillLevelAtLeast) {
    const byTitle =
      s.titleAtLeast !== undefined &&
      isProfessionalTitle(m.professionalTitle) &&
      titleAtLeast(m.professionalTitle, s.titleAtLeast);
    const bySkill =
      s.skillLevelAtLeast !== undefined &&
      isSkillLevel(m.skillLevel) &&
      skillLevelAtLeast(m.skillLevel, s.skillLevelAtLeast);
    if (!byTitle && !bySkill) return false;
  }
  return true;
};

/** The value of a measure in a context, or undefined when the context does not carry it. */
export const measure = (context: EvaluationContext, m: Measure): number | undefined => {
  if ('members' in m) {
    const members = context.type === 'nomination' ? context.members : undefined;
    return members ? members.filter((x) => selects(m.members, x)).length : undefined;
  }
  if (context.type !== 'pairing') return undefined;
  switch (m.quantity) {
    case 'masterApprenticesInStage':
      return context.activeApprenticesOfMasterInStage + 1;
    case 'schoolApprentices':
      return context.schoolApprentices + 1;
    case 'schoolTeacherApprentices':
      return context.schoolTeacherApprentices + (context.adding === 'teacher' ? 1 : 0);
  }
};

const describeSelector = (s: Selector): string => {
  const parts = [
    s.roles?.join('/'),
    s.leader === true ? 'leader' : undefined,
    [
      s.titleAtLeast && `title ≥ ${s.titleAtLeast}`,
      s.skillLevelAtLeast && `skill level ≥ ${s.skillLevelAtLeast}`,
    ]
      .filter(Boolean)
      .join(' or ') || undefined,
  ].filter(Boolean);
  return parts.length ? `members (${parts.join(', ')})` : 'members';
};
const describe = (m: Measure): string => ('members' in m ? describeSelector(m.members) : m.quantity);

const pathOf = (m: Measure): string => ('members' in m ? 'members' : m.quantity);

const CONTEXTS = ['nomination', 'pairing'] as const;

const missing = (m: Measure): Finding =>
  finding(pathOf(m), `${describe(m)} not given`, `未提供${describe(m)}`);

/**
 * Selections of a category in one cycle ≤ its quota `perCycle`, and in one programme year (all the
 * agency's cycles of it) ≤ `perYear` when the quota sets one (categories' `quota`).
 */
export const categoryQuota = defineKind({
  name: 'category-quota',
  contexts: ['selection'],
  params: () => z.strictObject({}),
  check: (_p, context, env) => {
    const quota = env.definition.categories.find((c) => c.id === context.category)?.quota;
    if (!quota) return [];
    const about = quota.approximate ? 'about ' : '';
    const upTo = quota.approximate ? '约' : '不超过';
    if (context.selected > quota.perCycle) {
      return [
        finding(
          'selected',
          `${context.selected} selected in category ${context.category}; the quota is ${about}${quota.perCycle} per cycle`,
          `${context.category}类已选${context.selected}名，每轮${upTo}${quota.perCycle}名`,
        ),
      ];
    }
    const inYear = context.selectedInYear;
    if (quota.perYear !== undefined && inYear !== undefined && inYear > quota.perYear) {
      return [
        finding(
          'selectedInYear',
          `${inYear} selected in category ${context.category} this year; the quota is ${about}${quota.perYear} a year, over all cycles of the year`,
          `${context.category}类本年度已选${inYear}名，每年${upTo}${quota.perYear}名（本年度各批次合计）`,
        ),
      ];
    }
    return [];
  },
  summary: (_p, env) =>
    `selections per cycle ≤ ${env.definition.categories
      .filter(
        (c) => c.quota && (!env.rule.appliesTo?.categories || env.rule.appliesTo.categories.includes(c.id)),
      )
      .map(
        (c) =>
          `${c.id} ${c.quota?.approximate ? '~' : ''}${c.quota?.perCycle}${c.quota?.perYear !== undefined ? ` (${c.quota.perYear} a year)` : ''}`,
      )
      .join(', ')}`,
  crossCheck: (_p, env) =>
    env.definition.categories
      .filter((c) => !env.rule.appliesTo?.categories || env.rule.appliesTo.categories.includes(c.id))
      .flatMap((c) =>
        c.quota
          ? env.rule.disposition !== 'reported' && c.quota.approximate
            ? [
                {
                  path: ['disposition'],
                  message: `category "${c.id}" has an approximate quota: report it, do not enforce it`,
                },
              ]
            : []
          : [{ path: ['appliesTo'], message: `category "${c.id}" has no quota` }],
      ),
});

/** At most `max` apprentices per master in one study stage, counting the one being added. */
export const perOwnerCap = defineKind({
  name: 'per-owner-cap',
  contexts: ['pairing'],
  params: () => z.strictObject({ max: z.number().int().positive().max(1000) }),
  check: (p, context) => {
    const after = context.activeApprenticesOfMasterInStage + 1;
    return after <= p.max
      ? []
      : [
          finding(
            'activeApprenticesOfMasterInStage',
            `master ${context.masterId} already has ${context.activeApprenticesOfMasterInStage} apprentices in study stage ${context.studyStage}; at most ${p.max}`,
            `该大师在${context.studyStage}学段已结对${context.activeApprenticesOfMasterInStage}人，同一学段不超过${p.max}人`,
          ),
        ];
  },
  summary: (p) => `apprentices per master per study stage ≤ ${p.max} (counting the new pairing)`,
});

const shareMaxParams = () =>
  z.strictObject({
    maxPercent: z.number().min(0).max(100),
    part: measureSchema(),
    whole: measureSchema(),
    /** In a pairing: only check when the pairing adds to the part (adding a student only lowers a share). */
    onlyWhenAdding: z.enum(['student', 'teacher']).optional(),
  });

const shareMinParams = () =>
  z.strictObject({
    minPercent: z.number().min(0).max(100),
    part: measureSchema(),
    whole: measureSchema(),
    /** More than (not at least) the percentage ("以…为主" = a majority). */
    strict: z.boolean().optional(),
  });

/** part ≤ maxPercent% of whole. */
export const shareMax = defineKind({
  name: 'share-max',
  contexts: CONTEXTS,
  params: shareMaxParams,
  check: (p, context) => {
    if (p.onlyWhenAdding && (context.type !== 'pairing' || context.adding !== p.onlyWhenAdding)) return [];
    const part = measure(context, p.part);
    const whole = measure(context, p.whole);
    if (part === undefined) return [missing(p.part)];
    if (whole === undefined) return [missing(p.whole)];
    return part * 100 <= whole * p.maxPercent
      ? []
      : [
          finding(
            pathOf(p.part),
            `${part} of ${whole} is above ${pct(p.maxPercent)}`,
            `${part}/${whole} 超过${pct(p.maxPercent)}`,
          ),
        ];
  },
  summary: (p) => `${describe(p.part)} ≤ ${pct(p.maxPercent)} of ${describe(p.whole)}`,
});

/** part ≥ minPercent% of whole (strict: more than). */
export const shareMin = defineKind({
  name: 'share-min',
  contexts: CONTEXTS,
  params: shareMinParams,
  check: (p, context) => {
    const part = measure(context, p.part);
    const whole = measure(context, p.whole);
    if (part === undefined) return [missing(p.part)];
    if (whole === undefined) return [missing(p.whole)];
    const ok = p.strict ? part * 100 > whole * p.minPercent : part * 100 >= whole * p.minPercent && whole > 0;
    return ok
      ? []
      : [
          finding(
            pathOf(p.part),
            `${part} of ${whole} is ${p.strict ? 'not more than' : 'below'} ${pct(p.minPercent)}`,
            `${part}/${whole} ${p.strict ? '未超过' : '低于'}${pct(p.minPercent)}`,
          ),
        ];
  },
  summary: (p) => `${describe(p.part)} ${p.strict ? '>' : '≥'} ${pct(p.minPercent)} of ${describe(p.whole)}`,
});

export const countMin = defineKind({
  name: 'count-min',
  contexts: CONTEXTS,
  params: () => z.strictObject({ min: z.number().int().positive().max(100_000), what: measureSchema() }),
  check: (p, context) => {
    const n = measure(context, p.what);
    if (n === undefined) return [missing(p.what)];
    return n >= p.min
      ? []
      : [
          finding(
            pathOf(p.what),
            `${n} ${describe(p.what)}; at least ${p.min}`,
            `${describe(p.what)}${n}人，不少于${p.min}人`,
          ),
        ];
  },
  summary: (p) => `${describe(p.what)} ≥ ${p.min}`,
});

export const teamSizeMax = defineKind({
  name: 'team-size-max',
  contexts: ['nomination'],
  params: () => z.strictObject({ max: z.number().int().positive().max(1000) }),
  check: (p, context) => {
    const n = context.members?.length;
    if (n === undefined) return [finding('members', 'team members not given', '未提供团队成员')];
    return n <= p.max
      ? []
      : [finding('members', `a team of ${n}; at most ${p.max} members`, `团队${n}人，不多于${p.max}人`)];
  },
  summary: (p) => `team members (leader included) ≤ ${p.max}`,
});

/** Winners of an award per cycle ≤ N (十佳大师: 10; 百佳高徒: 100). */
export const topN = defineKind({
  name: 'top-n',
  contexts: ['award-selection'],
  params: () =>
    z.strictObject({
      limits: z
        .array(
          z.strictObject({ award: z.string().min(1).max(64), max: z.number().int().positive().max(100_000) }),
        )
        .min(1)
        .max(20),
    }),
  check: (p, context) => {
    const limit = p.limits.find((l) => l.award === context.award);
    if (!limit || context.selected <= limit.max) return [];
    return [
      finding(
        'selected',
        `${context.selected} selected for ${context.award}; at most ${limit.max}`,
        `${context.award}评选${context.selected}名，不超过${limit.max}名`,
      ),
    ];
  },
  summary: (p) => p.limits.map((l) => `${l.award} ≤ ${l.max}`).join('; '),
  crossCheck: (p, env) =>
    p.limits.flatMap((l, i) =>
      env.definition.awards.some((a) => a.id === l.award)
        ? []
        : [{ path: ['params', 'limits', i, 'award'], message: `no award "${l.award}"` }],
    ),
});
