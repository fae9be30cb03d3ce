import { describe, expect, it } from 'vitest';
import { definitionSummary, definitionViolations, isProgrammeId } from '../src/index';
import { definitionFrom } from './fixtures';

describe('registration problems as violations (P-PROGRAMME-DEFINITION)', () => {
  it('names each problem’s field under body, array indexes in brackets, as every API path', () => {
    expect(
      definitionViolations([
        'rules[3].params.max: Too small: expected number to be >0',
        'categories[0].fields[2].name: a camelCase attribute name',
        'version: the next version of "x" is 2, not 5',
        '(definition): Invalid input: expected object, received array',
      ]),
    ).toEqual([
      {
        ruleId: 'P-PROGRAMME-DEFINITION',
        path: 'body.rules[3].params.max',
        message: 'Too small: expected number to be >0',
      },
      {
        ruleId: 'P-PROGRAMME-DEFINITION',
        path: 'body.categories[0].fields[2].name',
        message: 'a camelCase attribute name',
      },
      {
        ruleId: 'P-PROGRAMME-DEFINITION',
        path: 'body.version',
        message: 'the next version of "x" is 2, not 5',
      },
      {
        ruleId: 'P-PROGRAMME-DEFINITION',
        path: 'body',
        message: 'Invalid input: expected object, received array',
      },
    ]);
  });

  it('lists at most 100 problems and counts the rest', () => {
    const problems = Array.from({ length: 250 }, (_, i) => `rules[${i}].kind: unknown rule kind`);
    const violations = definitionViolations(problems);
    expect(violations).toHaveLength(101);
    expect(violations[100]).toEqual({
      ruleId: 'P-PROGRAMME-DEFINITION',
      path: 'body',
      message: 'and 150 more problems',
    });
  });

  it('accepts only ids a definition can have, so no input becomes a key of another partition (X-TENANT)', () => {
    expect(isProgrammeId('own-plan-2')).toBe(true);
    for (const bad of ['', 'A#x', 'Upper', '-lead', 'x'.repeat(65), 'a b', 'a#PROG#b', 42, null]) {
      expect(isProgrammeId(bad)).toBe(false);
    }
  });

  it('audits a summary of the definition, never its bulk (X-AUDIT)', () => {
    const d = definitionFrom('jiangsu-excellent-technicians', { id: 'own-plan', agencyId: 'wenzhou' });
    const summary = definitionSummary(d as never);
    expect(summary).toMatchObject({ programmeId: 'own-plan', version: 1, categoryIds: ['A', 'B'] });
    expect(summary.ruleIds).toContain('JS-AGE');
    expect(JSON.stringify(summary).length).toBeLessThan(2000);
  });
});
