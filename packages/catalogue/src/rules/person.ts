/**
 * Eligibility of a person: ages, retirement, qualification scales, teaching years, enterprise practice,
 * earlier participation and sanctions. All date arithmetic is the kernel's (exact calendar arithmetic).
 */
import {
  addYears,
  ageOn,
  atLeastYearsBeforeRetirement,
  compareDates,
  EDUCATION_LEVELS,
  educationAtLeast,
  fullYearsBetween,
  isEducationLevel,
  isIsoDate,
  isProfessionalTitle,
  isSkillLevel,
  PROFESSIONAL_TITLES,
  RetirementBaseRequiredError,
  SKILL_LEVELS,
  skillLevelAtLeast,
  statutoryRetirement,
  sumMonthsWithin,
  titleAtLeast,
  yearsBefore,
} from '@talent/kernel';
import * as z from 'zod';
import type { EvaluationContext, GroupMember, NominationContext, PersonFacts } from '../context';
import { declaredIn } from './attributes';
import { defineKind, type Finding, finding } from './types';

const noFacts = (what: string, path: string): Finding =>
  finding(path, `${what} is not given, so the rule cannot be met`, `未提供${what}，无法认定符合条件`);

const nomineeOf = (context: NominationContext): PersonFacts | undefined => context.nominee;

/** Who a qualification rule is about. */
const SUBJECTS = ['nominee', 'team-leader', 'instructor'] as const;
type Subject = (typeof SUBJECTS)[number];

const subjectOf = (
  context: EvaluationContext,
  subject: Subject,
): { facts: Pick<PersonFacts, 'professionalTitle' | 'skillLevel'> | undefined; path: string } => {
  if (subject === 'instructor' && context.type === 'instructor-assignment') {
    return { facts: context.instructor, path: 'instructor' };
  }
  if (subject === 'team-leader' && context.type === 'nomination') {
    const members: readonly GroupMember[] = context.members ?? [];
    const i = members.findIndex((m) => m.isLeader);
    return { facts: members[i], path: i < 0 ? 'members' : `members[${i}]` };
  }
  if (subject === 'nominee' && context.type === 'nomination')
    return { facts: context.nominee, path: 'nominee' };
  return { facts: undefined, path: subject };
};

const REFERENCE_DATES = ['selection-date', 'programme-year-start'] as const;
const referenceDate = (context: NominationContext, on: (typeof REFERENCE_DATES)[number]): string =>
  on === 'selection-date' ? context.selectionDate : `${String(context.programmeYear).padStart(4, '0')}-01-01`;
const referenceLabel = (on: (typeof REFERENCE_DATES)[number]) =>
  on === 'selection-date' ? 'the selection date' : '1 January of the programme year';
const referenceLabelZh = (on: (typeof REFERENCE_DATES)[number]) =>
  on === 'selection-date' ? '遴选之日' : '实施年度1月1日';

/** Not over N years of age (不超过N岁): full years on the reference date ≤ N. */
export const maxAgeOn = defineKind({
  name: 'max-age-on',
  contexts: ['nomination'],
  params: () => z.strictObject({ maxAge: z.number().int().positive().max(120), on: z.enum(REFERENCE_DATES) }),
  check: (p, context) => {
    const birthDate = nomineeOf(context)?.birthDate;
    if (!birthDate) return [noFacts('birth date', 'nominee.birthDate')];
    const on = referenceDate(context, p.on);
    const age = compareDates(on, birthDate) < 0 ? 0 : ageOn(birthDate, on);
    return age <= p.maxAge
      ? []
      : [
          finding(
            'nominee.birthDate',
            `is ${age} on ${referenceLabel(p.on)} (${on}); the limit is ${p.maxAge}`,
            `${referenceLabelZh(p.on)}（${on}）年龄${age}岁，超过${p.maxAge}岁`,
          ),
        ];
  },
  summary: (p) => `age (full years) on ${referenceLabel(p.on)} ≤ ${p.maxAge}`,
});

/**
 * At least N years before the statutory retirement date (X-RETIREMENT-AGE), counted on the reference date:
 * `reference + N years ≤ retirement date` (以上 includes the boundary).
 */
export const retirementMargin = defineKind({
  name: 'retirement-margin',
  contexts: ['nomination'],
  params: () => z.strictObject({ years: z.number().int().min(1).max(30), on: z.enum(REFERENCE_DATES) }),
  check: (p, context) => {
    const n = nomineeOf(context);
    if (!n?.birthDate) return [noFacts('birth date', 'nominee.birthDate')];
    if (!n.gender) return [noFacts('gender', 'nominee.gender')];
    const input = {
      birthDate: n.birthDate,
      gender: n.gender,
      ...(n.femaleRetirementBase !== undefined ? { femaleBase: n.femaleRetirementBase } : {}),
    };
    const on = referenceDate(context, p.on);
    try {
      if (atLeastYearsBeforeRetirement(input, on, p.years)) return [];
      const r = statutoryRetirement(input);
      return [
        finding(
          'nominee.birthDate',
          `statutory retirement (age ${r.age.years}y${r.age.months}m) falls on ${r.date}, less than ${p.years} years after ${referenceLabel(p.on)} (${on})`,
          `法定退休日期为${r.date}（${r.age.years}岁${r.age.months ? `${r.age.months}个月` : ''}），距${referenceLabelZh(p.on)}（${on}）不足${p.years}年`,
        ),
      ];
    } catch (e) {
      if (e instanceof RetirementBaseRequiredError) {
        return [
          finding(
            'nominee.femaleRetirementBase',
            "a woman's original retirement age (50 for worker posts, 55 for cadre posts) is required to compute her statutory retirement age",
            '女性须注明原法定退休年龄（女工人50岁、女干部55岁），方可计算法定退休年龄',
            { ruleId: e.ruleId, relaxable: false },
          ),
        ];
      }
      throw e;
    }
  },
  summary: (p) =>
    `statutory retirement date (kernel statutoryRetirement, X-RETIREMENT-AGE) ≥ ${p.years} years after ${referenceLabel(p.on)}`,
});

const levelName = (scale: readonly string[], v: string | undefined) => (v && scale.includes(v) ? v : 'none');

/** A skill level of at least `min` (或以上); `relaxableTo` is the lowest level an override may accept. */
export const minSkillLevel = defineKind({
  name: 'min-skill-level',
  contexts: ['nomination'],
  params: () =>
    z
      .strictObject({
        min: z.enum(SKILL_LEVELS),
        relaxableTo: z.enum(SKILL_LEVELS).optional(),
        onlySpecialtyTeachers: z.boolean().optional(),
      })
      .refine((p) => !p.relaxableTo || skillLevelAtLeast(p.min, p.relaxableTo), 'relaxableTo is below min'),
  check: (p, context) => {
    const n = nomineeOf(context);
    if (p.onlySpecialtyTeachers) {
      if (n?.isSpecialtyTeacher === undefined)
        return [noFacts('whether a specialty teacher', 'nominee.isSpecialtyTeacher')];
      if (!n.isSpecialtyTeacher) return [];
    }
    const level = n?.skillLevel;
    if (isSkillLevel(level) && skillLevelAtLeast(level, p.min)) return [];
    const withinRelaxation =
      p.relaxableTo !== undefined && isSkillLevel(level) && skillLevelAtLeast(level, p.relaxableTo);
    return [
      finding(
        'nominee.skillLevel',
        `skill level ${levelName(SKILL_LEVELS, level)} is below ${p.min}${p.relaxableTo ? ` (exceptionally ${p.relaxableTo})` : ''}`,
        `技能等级${levelName(SKILL_LEVELS, level)}低于${p.min}${p.relaxableTo ? `（特别优秀的可放宽至${p.relaxableTo}）` : ''}`,
        p.relaxableTo !== undefined && !withinRelaxation ? { relaxable: false } : {},
      ),
    ];
  },
  summary: (p) =>
    `skill level ≥ ${p.min}${p.relaxableTo ? `; ${p.relaxableTo} only by override` : ''}${p.onlySpecialtyTeachers ? ' (specialty teachers)' : ''}`,
});

/** A professional title of at least `title`, or (when given) a skill level of at least `skillLevel`. */
export const minTitleOrSkillLevel = defineKind({
  name: 'min-title-or-skill-level',
  contexts: ['nomination', 'instructor-assignment'],
  params: () =>
    z
      .strictObject({
        title: z.enum(PROFESSIONAL_TITLES).optional(),
        skillLevel: z.enum(SKILL_LEVELS).optional(),
        subject: z.enum(SUBJECTS),
      })
      .refine((p) => p.title || p.skillLevel, 'give title and/or skillLevel'),
  check: (p, context) => {
    const { facts, path } = subjectOf(context, p.subject);
    const title = facts?.professionalTitle;
    const level = facts?.skillLevel;
    if (p.title && isProfessionalTitle(title) && titleAtLeast(title, p.title)) return [];
    if (p.skillLevel && isSkillLevel(level) && skillLevelAtLeast(level, p.skillLevel)) return [];
    const needEn = [
      p.title && `title ${p.title} or above`,
      p.skillLevel && `skill level ${p.skillLevel} or above`,
    ]
      .filter(Boolean)
      .join(' or ');
    const needZh = [p.title && `${p.title}及以上职称`, p.skillLevel && `${p.skillLevel}及以上技能等级`]
      .filter(Boolean)
      .join('或');
    return [
      finding(
        `${path}.${p.title ? 'professionalTitle' : 'skillLevel'}`,
        `${p.subject} needs ${needEn}`,
        `${p.subject === 'nominee' ? '' : p.subject === 'team-leader' ? '团队带头人' : '指导教师'}须具有${needZh}`,
      ),
    ];
  },
  summary: (p) =>
    `${p.subject}: ${[p.title && `title ≥ ${p.title}`, p.skillLevel && `skill level ≥ ${p.skillLevel}`].filter(Boolean).join(' or ')}`,
});

export const minEducation = defineKind({
  name: 'min-education',
  contexts: ['nomination'],
  params: () => z.strictObject({ min: z.enum(EDUCATION_LEVELS) }),
  check: (p, context) => {
    const e = nomineeOf(context)?.education;
    return isEducationLevel(e) && educationAtLeast(e, p.min)
      ? []
      : [
          finding(
            'nominee.education',
            `education ${levelName(EDUCATION_LEVELS, e)} is below ${p.min}`,
            `学历${levelName(EDUCATION_LEVELS, e)}低于${p.min}`,
          ),
        ];
  },
  summary: (p) => `education ≥ ${p.min}`,
});

/** Full years of teaching from `teachingStartedOn` to the selection date (教龄N年及以上). */
export const minTeachingYears = defineKind({
  name: 'min-teaching-years',
  contexts: ['nomination'],
  params: () => z.strictObject({ years: z.number().int().positive().max(50) }),
  check: (p, context) => {
    const start = nomineeOf(context)?.teachingStartedOn;
    if (!start || !isIsoDate(start)) return [noFacts('start of teaching', 'nominee.teachingStartedOn')];
    const years =
      compareDates(start, context.selectionDate) > 0 ? 0 : fullYearsBetween(start, context.selectionDate);
    return years >= p.years
      ? []
      : [
          finding(
            'nominee.teachingStartedOn',
            `${years} full years of teaching by ${context.selectionDate}; ${p.years} required`,
            `截至${context.selectionDate}教龄${years}年，不足${p.years}年`,
          ),
        ];
  },
  summary: (p) => `full years from teachingStartedOn to the selection date ≥ ${p.years}`,
});

const windowSchema = () =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('years-before-selection'), years: z.number().int().positive().max(50) }),
    z.strictObject({ type: z.literal('calendar-year') }),
    z.strictObject({ type: z.literal('career') }),
  ]);

/**
 * Cumulative months of enterprise practice (or work/service) within a window, by the kernel's
 * `sumMonthsWithin`: distinct days, 30 days a month (近5年累计不少于6个月 = 180 days in the 5 years
 * before the selection date).
 */
export const enterprisePracticeWithin = defineKind({
  name: 'enterprise-practice-within',
  contexts: ['nomination', 'teacher-year'],
  params: () =>
    z.strictObject({
      months: z.number().int().positive().max(600),
      periods: z.enum(['enterprisePractice', 'enterpriseExperience']),
      window: windowSchema(),
      onlySpecialtyTeachers: z.boolean().optional(),
    }),
  check: (p, context) => {
    const person = context.type === 'nomination' ? context.nominee : context.teacher;
    const base = context.type === 'nomination' ? 'nominee' : 'teacher';
    if (p.onlySpecialtyTeachers) {
      if (person?.isSpecialtyTeacher === undefined)
        return [noFacts('whether a specialty teacher', `${base}.isSpecialtyTeacher`)];
      if (!person.isSpecialtyTeacher) return [];
    }
    const periods = person?.[p.periods] ?? [];
    let window: { from: string; to: string };
    if (context.type === 'teacher-year' || p.window.type === 'calendar-year') {
      const year = context.type === 'teacher-year' ? context.year : Number(context.selectionDate.slice(0, 4));
      const y = String(year).padStart(4, '0');
      window = { from: `${y}-01-01`, to: `${y}-12-31` };
    } else if (p.window.type === 'years-before-selection') {
      window = yearsBefore(context.selectionDate, p.window.years);
    } else {
      window = yearsBefore(context.selectionDate, 80);
    }
    const months = periods.length === 0 ? 0 : sumMonthsWithin(periods, window.from, window.to);
    return months >= p.months
      ? []
      : [
          finding(
            `${base}.${p.periods}`,
            `${months} months within ${window.from}..${window.to}; at least ${p.months} required`,
            `${window.from}至${window.to}期间累计${months}个月，不足${p.months}个月`,
          ),
        ];
  },
  summary: (p) =>
    `${p.periods}: ≥ ${p.months} months (30-day months, distinct days) ${
      p.window.type === 'years-before-selection'
        ? `in the ${p.window.years} years before the selection date`
        : p.window.type === 'calendar-year'
          ? 'in the calendar year'
          : 'in total'
    }${p.onlySpecialtyTeachers ? ' (specialty teachers)' : ''}`,
});

/** A date attribute within the last N years before the selection date (近N年). */
export const recentWithin = defineKind({
  name: 'recent-within',
  contexts: ['nomination', 'partner'],
  params: () =>
    z.strictObject({
      attribute: z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/),
      years: z.number().int().positive().max(50),
    }),
  check: (p, context) => {
    const v = context.attributes[p.attribute];
    const earliest = addYears(context.selectionDate, -p.years);
    if (isIsoDate(v) && compareDates(v, earliest) >= 0 && compareDates(v, context.selectionDate) <= 0)
      return [];
    return [
      finding(
        `attributes.${p.attribute}`,
        `must be a date from ${earliest} to ${context.selectionDate} (the last ${p.years} years)`,
        `须在近${p.years}年内（${earliest}至${context.selectionDate}）`,
      ),
    ];
  },
  summary: (p) => `${p.attribute} within the ${p.years} years before the selection date`,
  crossCheck: (p, env) => declaredIn(p.attribute)(env),
});

/** A repeat participant: at least N years from the end of the previous participation (间隔N年以上). */
export const repeatParticipationGap = defineKind({
  name: 'repeat-participation-gap',
  contexts: ['nomination'],
  params: () =>
    z.strictObject({
      attribute: z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/),
      years: z.number().int().positive().max(50),
      on: z.enum(REFERENCE_DATES),
    }),
  check: (p, context) => {
    const ended = context.attributes[p.attribute];
    if (ended === undefined || ended === null) return [];
    const on = referenceDate(context, p.on);
    if (isIsoDate(ended) && compareDates(addYears(ended, p.years), on) <= 0) return [];
    return [
      finding(
        `attributes.${p.attribute}`,
        `the previous participation ended ${String(ended)}; a repeat needs ${p.years} years before ${referenceLabel(p.on)} (${on})`,
        `前一次培育结束于${String(ended)}，再次参加须间隔${p.years}年以上（计至${on}）`,
      ),
    ];
  },
  summary: (p) => `${p.attribute} + ${p.years} years ≤ ${referenceLabel(p.on)}`,
  crossCheck: (p, env) => declaredIn(p.attribute)(env),
});

/** A sanction on record bars the nomination for N years from the day it was imposed (N年内不得…). */
export const sanctionBan = defineKind({
  name: 'sanction-ban',
  contexts: ['nomination'],
  params: () =>
    z.strictObject({
      subject: z.enum(['person', 'unit']),
      effect: z.enum(['no-recommendation', 'no-provincial-awards', 'no-carrier-projects']),
      years: z.number().int().positive().max(20),
    }),
  check: (p, context) =>
    (context.sanctions ?? []).flatMap((s, i) => {
      if (s.subject !== p.subject || s.effect !== p.effect) return [];
      const until = addYears(s.imposedOn, p.years);
      const active =
        compareDates(s.imposedOn, context.selectionDate) <= 0 &&
        compareDates(context.selectionDate, until) < 0;
      return active
        ? [
            finding(
              `sanctions[${i}]`,
              `the ${p.subject} is barred (${p.effect}) until ${until}`,
              `${p.subject === 'unit' ? '该单位' : '该人员'}${p.years}年内不得参与（至${until}）`,
            ),
          ]
        : [];
    }),
  summary: (p) => `${p.subject} sanction "${p.effect}" bars for ${p.years} years from imposition`,
});

/** At most N deferrals; hours and credits never carry across years (JS-DEFERRAL). */
export const deferralOnce = defineKind({
  name: 'deferral-once',
  contexts: ['participation'],
  params: () => z.strictObject({ max: z.number().int().positive().max(10) }),
  check: (p, context) => {
    const out: Finding[] = [];
    if (context.deferralsUsed + 1 > p.max) {
      out.push(
        finding(
          'deferralsUsed',
          `a trainee may defer at most ${p.max} time(s)`,
          `每人最多申请延期${p.max}次`,
        ),
      );
    }
    if ((context.carriedHours ?? 0) > 0 || (context.carriedCredits ?? 0) > 0) {
      out.push(
        finding(
          (context.carriedHours ?? 0) > 0 ? 'carriedHours' : 'carriedCredits',
          'hours and credits do not carry across years',
          '跨年度学时学分不累计',
        ),
      );
    }
    return out;
  },
  summary: (p) => `deferrals ≤ ${p.max}; carried hours and credits = 0`,
});
