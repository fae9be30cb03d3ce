import { expect } from 'vitest';
import {
  type EvaluateOptions,
  type EvaluationContext,
  type EvaluationResult,
  evaluate,
  findProgramme,
  type Programme,
} from '../src/index';

export const programme = (id: string): Programme => {
  const p = findProgramme(id);
  if (!p) throw new Error(`no programme ${id}`);
  return p;
};

export const lishui = programme('lishui-masters');
export const guangdong = programme('guangdong-diploma-technician');
export const zhuhai = programme('zhuhai-new-craftsmen');
export const jiangsu = programme('jiangsu-excellent-technicians');
export const beijing = programme('beijing-craftsman-teachers');

/** The rule ids of the blocking violations. */
export const violatedIds = (r: EvaluationResult): string[] => r.violations.map((v) => v.ruleId);

/** Evaluates and returns the violations (blocking) and reported flags citing `ruleId`. */
export const check = (
  p: Programme,
  context: EvaluationContext,
  ruleId: string,
  options?: EvaluateOptions,
) => {
  const r = evaluate(p, context, options);
  return {
    result: r,
    violations: r.violations.filter((v) => v.ruleId === ruleId),
    reported: r.reported.filter((v) => v.ruleId === ruleId),
  };
};

/** Asserts that the context breaks `ruleId` (blocking), and returns the violations. */
export const expectViolation = (
  p: Programme,
  context: EvaluationContext,
  ruleId: string,
  options?: EvaluateOptions,
) => {
  const { violations } = check(p, context, ruleId, options);
  expect(violations, `expected a ${ruleId} violation`).not.toEqual([]);
  for (const v of violations) {
    expect(v.message.length).toBeGreaterThan(0);
    expect(v.messageZh.length).toBeGreaterThan(0);
  }
  return violations;
};

/** Asserts that the context does not break `ruleId` (neither blocking nor reported). */
export const expectNoViolation = (
  p: Programme,
  context: EvaluationContext,
  ruleId: string,
  options?: EvaluateOptions,
) => {
  const { violations, reported } = check(p, context, ruleId, options);
  expect(violations, `unexpected ${ruleId} violation`).toEqual([]);
  expect(reported, `unexpected ${ruleId} flag`).toEqual([]);
};

/** Asserts that the context is flagged (reported, never blocking) under `ruleId`. */
export const expectReported = (p: Programme, context: EvaluationContext, ruleId: string) => {
  const { violations, reported } = check(p, context, ruleId);
  expect(violations).toEqual([]);
  expect(reported, `expected a ${ruleId} flag`).not.toEqual([]);
  return reported;
};

/** A valid small definition an agency might register. */
export const minimalDefinition = (): Record<string, unknown> => ({
  id: 'wenzhou-masters',
  version: 1,
  nameZh: '温州市技能大师带徒计划',
  nameEn: 'Wenzhou master-apprentice plan',
  issuersZh: ['温州市人力资源和社会保障局'],
  agencyIds: ['wenzhou'],
  effectiveFrom: '2026-01-01',
  source: '温人社发〔2026〕1号',
  categories: [
    {
      id: 'master',
      nameZh: '技能大师',
      nameEn: 'Master',
      nomineeKind: 'person',
      fields: [
        {
          name: 'proposedServiceYears',
          type: 'integer',
          required: true,
          labelZh: '服务年限',
          min: 0,
          max: 30,
        },
      ],
      quota: { perCycle: 20, approximate: false },
    },
  ],
  calendar: {
    cycleYears: 1,
    yearBasis: 'calendar-year',
    stages: [{ id: 'nomination', kind: 'nomination', nameZh: '推荐', nameEn: 'Nomination' }],
  },
  rules: [
    {
      id: 'WZ-PAIR-CAP',
      kind: 'per-owner-cap',
      context: 'pairing',
      disposition: 'enforced',
      params: { max: 5 },
      descriptionZh: '每名大师同一学段带徒不超过5人',
      descriptionEn: 'At most 5 apprentices per master per study stage',
    },
    {
      id: 'WZ-SERVICE',
      kind: 'service-term-min',
      context: 'nomination',
      disposition: 'enforced',
      params: { attribute: 'proposedServiceYears', minYears: 3 },
      descriptionZh: '服务期限不少于3年',
      descriptionEn: 'At least 3 years',
    },
  ],
});
