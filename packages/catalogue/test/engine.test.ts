import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  attributesSchema,
  evaluate,
  type FieldDefinition,
  findCategory,
  type NominationContext,
  nominationContext,
  programmes,
  withBase,
} from '../src/index';
import { beijing, jiangsu, lishui, violatedIds } from './helpers';

const jsNomination = (overrides: Partial<NominationContext> = {}): NominationContext => ({
  type: 'nomination',
  category: 'A',
  programmeYear: 2026,
  selectionDate: '2026-03-01',
  nominee: { birthDate: '1980-05-17', gender: 'male', skillLevel: '高级技师' },
  attributes: { basis: '苏办发〔2019〕20号', receivedChiefTechnicianSubsidy: false },
  ...overrides,
});

describe('evaluate', () => {
  it('passes a nomination that meets every rule', () => {
    expect(evaluate(jiangsu, jsNomination())).toEqual({
      ok: true,
      violations: [],
      overridden: [],
      reported: [],
    });
  });

  it('runs only the rules of the context type, and category rules only for their category', () => {
    const b = evaluate(
      jiangsu,
      jsNomination({ category: 'B', attributes: { basis: 'x', receivedChiefTechnicianSubsidy: true } }),
    );
    expect(violatedIds(b)).toEqual(['JS-EXCLUSIONS']);
    const a = evaluate(
      jiangsu,
      jsNomination({ attributes: { basis: 'x', receivedChiefTechnicianSubsidy: true } }),
    );
    expect(a.ok).toBe(true);
    // a pairing context runs no nomination rule
    expect(
      evaluate(lishui, {
        type: 'pairing',
        masterId: 'm',
        studyStage: 's',
        activeApprenticesOfMasterInStage: 0,
        schoolApprentices: 20,
        schoolTeacherApprentices: 0,
        adding: 'student',
        apprenticeStudyYear: 2,
        masterAccepted: true,
        apprenticeAccepted: true,
        mentors: [{ role: 'school-teacher', personId: 't' }],
      }).ok,
    ).toBe(true);
  });

  it('names the rule id, a path, and an English and a Chinese message in every violation', () => {
    const r = evaluate(
      jiangsu,
      jsNomination({ nominee: { birthDate: '1960-01-01', gender: 'male', skillLevel: '高级工' } }),
    );
    expect(r.violations.length).toBe(2);
    for (const v of r.violations) {
      expect(v.ruleId).toMatch(/^JS-/);
      expect(v.path).toMatch(/^nominee\./);
      expect(v.message).not.toBe('');
      expect(v.messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('refuses an override of a rule that is not relaxable: the override is itself a violation (JS-AGE)', () => {
    const old = jsNomination({
      nominee: { birthDate: '1966-01-01', gender: 'male', skillLevel: '高级技师' },
    });
    const r = evaluate(jiangsu, old, {
      overrides: [{ ruleId: 'JS-AGE', by: 'reviewer-1', reason: '特殊人才' }],
    });
    expect(r.ok).toBe(false);
    expect(r.overridden).toEqual([]);
    expect(r.violations.map((v) => [v.ruleId, v.path])).toEqual([
      ['JS-AGE', 'overrides[0]'],
      ['JS-AGE', 'nominee.birthDate'],
    ]);
  });

  it('refuses an override naming no reviewer or no reason (JS-LEVEL)', () => {
    const technician = jsNomination({
      nominee: { birthDate: '1980-05-17', gender: 'male', skillLevel: '技师' },
    });
    const r = evaluate(jiangsu, technician, {
      overrides: [{ ruleId: 'JS-LEVEL', by: 'reviewer-1', reason: ' ' }],
    });
    expect(r.violations.map((v) => v.path)).toEqual(['overrides[0]', 'nominee.skillLevel']);
    expect(r.overridden).toEqual([]);
  });

  it('refuses an override of a rule the programme does not have', () => {
    const r = evaluate(jiangsu, jsNomination(), {
      overrides: [{ ruleId: 'BJ-MASTER-TEACHER', by: 'r', reason: 'x' }],
    });
    expect(r.violations).toEqual([
      expect.objectContaining({ ruleId: 'BJ-MASTER-TEACHER', path: 'overrides[0]' }),
    ]);
  });

  it('ignores an unused override of a relaxable rule: nothing is listed as overridden (JS-LEVEL)', () => {
    const r = evaluate(jiangsu, jsNomination(), {
      overrides: [{ ruleId: 'JS-LEVEL', by: 'r', reason: 'x' }],
    });
    expect(r).toEqual({ ok: true, violations: [], overridden: [], reported: [] });
  });

  it('never throws for facts it cannot compute with: they are violations of the rule (JS-AGE)', () => {
    const r = evaluate(
      jiangsu,
      jsNomination({ nominee: { birthDate: '1980-02-30', gender: 'male', skillLevel: '高级技师' } }),
    );
    expect(r.violations).toEqual([
      expect.objectContaining({
        ruleId: 'JS-AGE',
        path: '',
        relaxable: false,
        message: expect.stringContaining('cannot evaluate'),
      }),
    ]);
  });

  it('asks for missing facts instead of passing them (BJ-MASTER-TEACHER)', () => {
    const r = evaluate(beijing, {
      type: 'nomination',
      category: 'master-teacher',
      programmeYear: 2026,
      selectionDate: '2026-06-01',
      attributes: {
        school: 's',
        isSpecialtyTeacher: true,
        teachingStartedOn: '2000-09-01',
        achievements: ['city-honour'],
      },
    });
    expect(r.violations.map((v) => v.path).sort()).toEqual([
      'nominee.birthDate',
      'nominee.education',
      'nominee.isSpecialtyTeacher',
      'nominee.professionalTitle',
      'nominee.teachingStartedOn',
    ]);
  });

  it('is pure: it neither mutates the context nor depends on earlier calls', () => {
    const context = Object.freeze(
      jsNomination({
        nominee: Object.freeze({ birthDate: '1960-01-01', gender: 'male', skillLevel: '技师' }),
      }),
    );
    const first = evaluate(jiangsu, context);
    expect(evaluate(jiangsu, context)).toEqual(first);
  });

  it('prefixes a base path for a service response', () => {
    expect(
      withBase('body', [
        { ruleId: 'X', path: 'nominee.birthDate', message: 'm' },
        { ruleId: 'Y', path: '', message: 'm' },
      ]),
    ).toEqual([
      { ruleId: 'X', path: 'body.nominee.birthDate', message: 'm' },
      { ruleId: 'Y', path: 'body', message: 'm' },
    ]);
  });
});

describe('nominationContext', () => {
  it('feeds attributes declared with a fact into the nominee facts', () => {
    const c = nominationContext(beijing, {
      category: 'backbone',
      programmeYear: 2026,
      selectionDate: '2026-06-01',
      nominee: { birthDate: '1985-01-01', gender: 'male', skillLevel: '高级工', education: '本科' },
      attributes: {
        school: 's',
        isSpecialtyTeacher: true,
        teachingStartedOn: '2012-09-01',
        enterprisePractice: [{ from: '2024-01-01', to: '2024-02-01' }],
      },
    });
    expect(c.nominee).toEqual({
      birthDate: '1985-01-01',
      gender: 'male',
      skillLevel: '高级工',
      education: '本科',
      isSpecialtyTeacher: true,
      teachingStartedOn: '2012-09-01',
      enterprisePractice: [{ from: '2024-01-01', to: '2024-02-01' }],
    });
  });
});

describe('attribute schemas', () => {
  const fields: FieldDefinition[] = [
    { name: 'title', type: 'string', required: true, labelZh: '名称', max: 5 },
    { name: 'note', type: 'text', required: false, labelZh: '备注' },
    { name: 'count', type: 'integer', required: true, labelZh: '数量', min: 0, max: 3 },
    { name: 'base', type: 'integer', required: false, labelZh: '基数', values: [50, 55] },
    { name: 'share', type: 'number', required: false, labelZh: '比例', min: 0, max: 1 },
    { name: 'flag', type: 'boolean', required: true, labelZh: '是否' },
    { name: 'on', type: 'date', required: false, labelZh: '日期' },
    { name: 'kind', type: 'enum', required: false, labelZh: '类型', values: ['a', 'b'] },
    { name: 'tags', type: 'string[]', required: false, labelZh: '标签', values: ['x', 'y'], max: 2 },
    { name: 'spans', type: 'period[]', required: false, labelZh: '期间' },
  ];
  const schema = attributesSchema(fields);
  const ok = { title: 'abc', count: 1, flag: false };

  it('compiles every field type to a strict object', () => {
    expect(schema.safeParse(ok).success).toBe(true);
    expect(
      schema.safeParse({
        ...ok,
        note: '说明',
        base: 55,
        share: 0.5,
        on: '2024-02-29',
        kind: 'b',
        tags: ['x', 'y'],
        spans: [{ from: '2024-01-01', to: '2024-01-01' }],
      }).success,
    ).toBe(true);
    for (const bad of [
      { ...ok, extra: 1 },
      { ...ok, title: '' },
      { ...ok, title: 'abcdef' },
      { ...ok, count: 4 },
      { ...ok, count: 1.5 },
      { ...ok, base: 52 },
      { ...ok, share: 2 },
      { ...ok, on: '2023-02-29' },
      { ...ok, kind: 'c' },
      { ...ok, tags: ['z'] },
      { ...ok, tags: ['x', 'y', 'x'] },
      { ...ok, spans: [{ from: '2024-02-01', to: '2024-01-01' }] },
      { title: 'abc', count: 1 },
    ]) {
      expect(schema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('builds each category schema once, on first use, and every one converts to JSON Schema', () => {
    for (const p of programmes) {
      for (const c of p.categories) {
        expect(c.attributes()).toBe(c.attributes());
        const json = z.toJSONSchema(c.attributes(), { io: 'input', unrepresentable: 'any' }) as {
          additionalProperties?: boolean;
        };
        expect(json.additionalProperties).toBe(false);
      }
    }
  });

  it('leaves relaxable rules to the engine: intake accepts what a reviewer may still override (LS-PAIR-CAP)', () => {
    // BJ age and education are relaxable and not attribute rules; LS tier rules are in the schema
    expect(findCategory(lishui, 'master-tier-1')?.ruleIds).toEqual(
      expect.arrayContaining(['LS-MASTER-TIER1', 'LS-NOMINATION-ROUTE', 'LS-SERVICE-TERM']),
    );
    expect(findCategory(lishui, 'master-tier-1')?.ruleIds).not.toContain('LS-PAIR-CAP');
  });

  it('serialises a compiled programme to exactly its definition', () => {
    const json = JSON.parse(JSON.stringify(jiangsu));
    expect(Object.keys(json.categories[0]).sort()).toEqual([
      'fields',
      'id',
      'nameEn',
      'nameZh',
      'nomineeKind',
      'quota',
    ]);
  });
});
