import { describe, expect, it } from 'vitest';
import { checkRegistration, evaluate, findCategory, ProgrammeRegistry } from '../src/index';
import { minimalDefinition } from './helpers';

const pairing = (active: number) =>
  ({
    type: 'pairing',
    masterId: 'm',
    studyStage: 's',
    activeApprenticesOfMasterInStage: active,
    schoolApprentices: 10,
    schoolTeacherApprentices: 0,
    adding: 'student',
  }) as const;

describe('agency-registered programmes', () => {
  it('registers an agency’s own definition, compiles it and evaluates its rules as data', () => {
    const registry = new ProgrammeRegistry();
    const r = registry.register(minimalDefinition(), 'wenzhou');
    expect(r.ok).toBe(true);
    const p = registry.latest('wenzhou-masters', 'wenzhou');
    expect(p?.version).toBe(1);
    expect(evaluate(p!, pairing(4)).ok).toBe(true);
    expect(evaluate(p!, pairing(5)).violations.map((v) => v.ruleId)).toEqual(['WZ-PAIR-CAP']);
    const schema = findCategory(p!, 'master')?.attributes();
    expect(schema?.safeParse({ proposedServiceYears: 2 }).error?.issues[0]).toMatchObject({
      params: { ruleId: 'WZ-SERVICE' },
    });
  });

  it('versions a definition: version 2 is added and a cycle that started on version 1 keeps it', () => {
    const registry = new ProgrammeRegistry();
    registry.register(minimalDefinition(), 'wenzhou');
    const v2 = { ...minimalDefinition(), version: 2 } as Record<string, unknown>;
    (v2.rules as { params: Record<string, unknown> }[])[0]!.params = { max: 8 };
    expect(registry.register(v2, 'wenzhou').ok).toBe(true);
    expect(registry.latest('wenzhou-masters', 'wenzhou')?.version).toBe(2);
    const v1 = registry.version('wenzhou-masters', 1, 'wenzhou');
    expect(evaluate(v1!, pairing(5)).ok).toBe(false);
    expect(evaluate(registry.version('wenzhou-masters', 2, 'wenzhou')!, pairing(5)).ok).toBe(true);
  });

  it('refuses a version that is not the next one', () => {
    const registry = new ProgrammeRegistry();
    expect(registry.register({ ...minimalDefinition(), version: 2 }, 'wenzhou')).toEqual({
      ok: false,
      problems: ['version: the next version of "wenzhou-masters" is 1, not 2'],
    });
  });

  it('lets an agency register for itself only, and hides another agency’s programme (X-TENANT)', () => {
    const registry = new ProgrammeRegistry();
    expect(registry.register(minimalDefinition(), 'lishui')).toEqual({
      ok: false,
      problems: ['agencyIds: an agency registers programmes for itself only: ["lishui"]'],
    });
    registry.register(minimalDefinition(), 'wenzhou');
    expect(registry.latest('wenzhou-masters', 'lishui')).toBeUndefined();
    expect(registry.version('jiangsu-excellent-technicians', 1, 'wenzhou')).toBeUndefined();
    const taken = registry.register(
      { ...minimalDefinition(), id: 'jiangsu-excellent-technicians', version: 2 },
      'wenzhou',
    );
    expect(taken).toEqual({
      ok: false,
      problems: ['id: "jiangsu-excellent-technicians" is not available; choose another id'],
    });
  });

  it('answers a bad definition with every problem and its path', () => {
    const bad = { ...minimalDefinition(), effectiveFrom: '2026-02-30', rules: [] };
    const r = checkRegistration(bad, 'wenzhou', []);
    expect(r).toEqual({
      ok: false,
      problems: ['effectiveFrom: Invalid ISO date', 'rules: Too small: expected array to have >=1 items'],
    });
  });
});
