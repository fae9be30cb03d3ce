import { describe, expect, it } from 'vitest';
import {
  builtInDefinitions,
  defineProgramme,
  InvalidDefinitionError,
  type ProgrammeDefinition,
  parseProgrammeDefinition,
  platformRules,
  ruleKinds,
  validateBuiltInProgrammes,
  validatePlatformRules,
} from '../src/index';
import { jiangsu, lishui, minimalDefinition } from './helpers';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const problemsOf = (input: unknown): string[] => {
  const r = parseProgrammeDefinition(input);
  return r.ok ? [] : r.problems;
};

describe('programme definitions', () => {
  it('validates every built-in definition, and each is exactly what the schema outputs', () => {
    expect(validateBuiltInProgrammes()).toEqual(builtInDefinitions);
    expect(builtInDefinitions.map((d) => d.id)).toEqual([
      'lishui-masters',
      'guangdong-diploma-technician',
      'zhuhai-new-craftsmen',
      'jiangsu-excellent-technicians',
      'beijing-craftsman-teachers',
    ]);
  });

  it('is JSON data: a definition survives a JSON round trip and still validates', () => {
    for (const d of builtInDefinitions) {
      const copy = clone(d);
      expect(copy).toEqual(d);
      expect(defineProgramme(copy)).toEqual(d);
    }
  });

  it('validates the platform rules (X-*) with the same rule schema', () => {
    expect(validatePlatformRules()).toEqual(platformRules);
    expect(platformRules.every((r) => r.id.startsWith('X-'))).toBe(true);
  });

  it('accepts a small agency definition', () => {
    expect(problemsOf(minimalDefinition())).toEqual([]);
  });

  it('fails a bad definition with a readable message that names the path of every problem', () => {
    const bad = clone(jiangsu) as unknown as ProgrammeDefinition;
    const rules = bad.rules as unknown as Record<string, unknown>[];
    rules[0] = { ...rules[0], kind: 'no-such-kind' };
    const gradeQuota = bad.rules.findIndex((r) => r.id === 'JS-GRADE-QUOTA');
    rules[gradeQuota] = { ...rules[gradeQuota], params: { grades: ['优秀'], maxPercent: 130 } };
    const level = bad.rules.findIndex((r) => r.id === 'JS-LEVEL');
    rules[level] = { ...rules[level], params: { min: '技师', relaxableTo: '高级技师' } };
    (bad.categories[0] as unknown as Record<string, unknown>).nomineeKind = 'robot';
    let error: unknown;
    try {
      defineProgramme(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidDefinitionError);
    const message = (error as Error).message;
    expect(message).toContain('Invalid programme definition "jiangsu-excellent-technicians" (4 problems)');
    expect(message).toContain('  - categories[0].nomineeKind: ');
    expect(message).toMatch(
      / {2}- rules\[0\]\.kind: unknown rule kind "no-such-kind"; one of attribute-required, /,
    );
    expect(message).toMatch(new RegExp(`rules\\[${gradeQuota}\\]\\.params\\.maxPercent: Too big`));
    expect(message).toContain(`rules[${level}].params: relaxableTo is below min`);
  });

  it('cross-checks rules against the rest of the definition', () => {
    const d = clone(minimalDefinition()) as { rules: Record<string, unknown>[]; calendar: unknown };
    d.rules.push(
      {
        id: 'WZ-ATTR',
        kind: 'attribute-equals',
        context: 'nomination',
        disposition: 'enforced',
        params: { attributes: ['missingField'], equals: true },
        descriptionZh: 'x',
        descriptionEn: 'x',
      },
      {
        id: 'WZ-DEADLINE',
        kind: 'deadline',
        context: 'submission',
        disposition: 'enforced',
        params: {},
        descriptionZh: 'x',
        descriptionEn: 'x',
      },
      {
        id: 'WZ-KPI',
        kind: 'kpi',
        context: 'report',
        disposition: 'reported',
        relaxable: true,
        params: { indicators: [{ id: 'k', labelZh: 'x', labelEn: 'x', metric: 'm', scope: 'city', min: 1 }] },
        descriptionZh: 'x',
        descriptionEn: 'x',
      },
      {
        id: 'WZ-WRONG-CONTEXT',
        kind: 'per-owner-cap',
        context: 'grading',
        disposition: 'enforced',
        params: { max: 1 },
        descriptionZh: 'x',
        descriptionEn: 'x',
      },
      {
        id: 'WZ-QUOTA',
        kind: 'category-quota',
        context: 'selection',
        appliesTo: { categories: ['master', 'ghost'] },
        disposition: 'enforced',
        params: {},
        descriptionZh: 'x',
        descriptionEn: 'x',
      },
    );
    expect(problemsOf(d).sort()).toEqual([
      'rules[2].params: attribute "missingField" is not a field of category "master"',
      'rules[3].kind: no calendar stage with a deadline names WZ-DEADLINE',
      'rules[4].relaxable: a reported rule blocks nothing, so it cannot be relaxable',
      'rules[5].context: a per-owner-cap rule belongs to pairing, not grading',
      'rules[6].appliesTo.categories[1]: no category "ghost"',
    ]);
  });

  it('refuses a year quota below the cycle quota (JS-CATEGORIES perYear ≥ perCycle)', () => {
    const d = clone(minimalDefinition()) as { categories: { quota: unknown }[] };
    d.categories[0] = { ...d.categories[0], quota: { perCycle: 20, perYear: 19, approximate: false } };
    expect(problemsOf(d)).toEqual(['categories[0].quota.perYear: perYear is at least perCycle']);
    d.categories[0] = { ...d.categories[0], quota: { perCycle: 20, perYear: 20, approximate: false } };
    expect(problemsOf(d)).toEqual([]);
  });

  it('refuses an enforced quota on an approximate (左右) quota: it can only be reported', () => {
    const d = clone(minimalDefinition()) as { categories: { quota: unknown }[]; rules: unknown[] };
    d.categories[0] = { ...d.categories[0], quota: { perCycle: 20, approximate: true } };
    d.rules.push({
      id: 'WZ-QUOTA',
      kind: 'category-quota',
      context: 'selection',
      disposition: 'enforced',
      params: {},
      descriptionZh: 'x',
      descriptionEn: 'x',
    });
    expect(problemsOf(d)).toEqual([
      'rules[2].disposition: category "master" has an approximate quota: report it, do not enforce it',
    ]);
  });

  it('holds the acceptance scorecard as 20 items × 5 points = 100 (55 + 20 + 25) and refuses bad arithmetic (JS-FORMS)', () => {
    const card = jiangsu.forms.find((f) => f.id === 'unit-acceptance-scorecard');
    expect(card?.scoring).toEqual({
      sections: [
        { nameZh: '培训过程', items: 11, points: 55 },
        { nameZh: '学员效果', items: 4, points: 20 },
        { nameZh: '管理服务', items: 5, points: 25 },
      ],
      pointsPerItem: 5,
      total: 100,
    });
    const bad = clone(jiangsu);
    const badCard = bad.forms.find((f) => f.id === 'unit-acceptance-scorecard');
    if (badCard?.scoring) badCard.scoring.sections[0] = { nameZh: '培训过程', items: 10, points: 55 };
    const i = bad.forms.findIndex((f) => f.id === 'unit-acceptance-scorecard');
    expect(problemsOf(bad)).toEqual([
      `forms[${i}].scoring.sections[0].points: 10 items × 5 points is 50, not 55`,
    ]);
    expect(jiangsu.forms.find((f) => f.id === 'satisfaction-survey')?.ratings).toEqual([
      '优秀',
      '良好',
      '一般',
      '较差',
    ]);
  });

  it('holds the three Lishui forms with the seed’s columns (LS-FORMS)', () => {
    expect(lishui.forms.map((f) => [f.titleZh, f.per, f.columns.length])).toEqual([
      ['附表1 “百名大师”推荐表', 'person', 15],
      ['附表2 “百名大师”汇总表', 'school', 8],
      ['附表3 “师徒结对”情况汇总表', 'school', 4],
    ]);
  });

  it('names a registered kind for every rule, and every kind declares where it may be used', () => {
    for (const d of builtInDefinitions)
      for (const r of d.rules) expect(ruleKinds[r.kind]?.contexts).toContain(r.context);
  });
});
