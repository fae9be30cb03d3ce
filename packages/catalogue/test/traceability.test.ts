import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtInDefinitions, platformRules } from '../src/index';
import {
  domainPathFor,
  generateRulesDoc,
  idsInTitle,
  parseDomainRuleIds,
  rulesDocPath,
  testTitles,
} from '../src/rules-doc';

// Traceability: every rule id of DOMAIN.md has a row in docs/rules.md, is declared by exactly one
// programme definition (or the platform list), and — when enforced or computed — is named by a test.

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const domainIds = parseDomainRuleIds(readFileSync(resolve(repoRoot, '../shared/docs/DOMAIN.md'), 'utf8'));
const { text, rows } = generateRulesDoc(repoRoot);

describe('traceability', () => {
  it('reads the rule ids of DOMAIN.md', () => {
    expect(domainPathFor(repoRoot)).toBe(resolve(repoRoot, '../shared/docs/DOMAIN.md'));
    expect(domainIds.length).toBeGreaterThan(70);
    expect(domainIds).toEqual(expect.arrayContaining(['LS-GOAL', 'JS-AGE', 'BJ-CERTIFICATES', 'X-TENANT']));
  });

  it('has a row for every DOMAIN.md rule id, declared by exactly one definition or the platform list', () => {
    expect(rows.map((r) => r.id)).toEqual(domainIds);
    const undeclared = rows
      .filter((r) => r.declaredIn !== 1)
      .map((r) => `${r.id} (declared ${r.declaredIn}×)`);
    expect(undeclared).toEqual([]);
  });

  it('declares no rule id that DOMAIN.md does not have (no typos)', () => {
    const declared = new Set([
      ...builtInDefinitions.flatMap((d) => d.rules.map((r) => r.id)),
      ...platformRules.map((r) => r.id),
    ]);
    expect([...declared].filter((id) => !domainIds.includes(id))).toEqual([]);
  });

  it('declares each rule of a seed in that seed’s programme', () => {
    const prefix: Record<string, string> = {
      LS: 'lishui-masters',
      GD: 'guangdong-diploma-technician',
      ZH: 'zhuhai-new-craftsmen',
      JS: 'jiangsu-excellent-technicians',
      BJ: 'beijing-craftsman-teachers',
      X: 'platform',
    };
    for (const r of rows) expect(r.programme, r.id).toBe(prefix[r.id.split('-')[0] ?? '']);
  });

  it('keeps docs/rules.md up to date (stale → run npx tsx packages/catalogue/src/rules-doc.ts)', () => {
    let onDisk = '';
    try {
      onDisk = readFileSync(rulesDocPath(repoRoot), 'utf8');
    } catch {
      // missing: the assertion below says what to run
    }
    expect(onDisk === text, 'docs/rules.md is stale: run npx tsx packages/catalogue/src/rules-doc.ts').toBe(
      true,
    );
  });

  it('has a test naming every enforced or computed rule id', () => {
    const untested = rows
      .filter((r) => r.dispositions.includes('enforced') || r.dispositions.includes('computed'))
      .filter((r) => r.tests.length === 0)
      .map((r) => r.id);
    expect(untested).toEqual([]);
  });

  it('finds rule ids in test titles in parentheses or brackets only', () => {
    expect(idsInTitle('rejects the 11th apprentice (LS-PAIR-CAP)')).toEqual(['LS-PAIR-CAP']);
    expect(idsInTitle('asks for the base (JS-AGE, X-RETIREMENT-AGE)')).toEqual([
      'JS-AGE',
      'X-RETIREMENT-AGE',
    ]);
    expect(idsInTitle('[JS-GRADES] scale')).toEqual(['JS-GRADES']);
    expect(idsInTitle('JS-AGE without brackets')).toEqual([]);
  });

  it('reads the titles of it, test and describe calls, not skipped ones', () => {
    const source = [
      // ids that are not in DOMAIN.md, so this fixture never counts as a test of a real rule
      "describe('group (T-GROUP)', () => {",
      "  it('one (T-ONE)', () => {});",
      '  it.each([[1, 2]])("two %s (T-TWO)", () => {});',
      '  test(`three $' + '{x} (T-THREE)`, () => {});',
      "  it.skip('skipped (T-SKIPPED)', () => {});",
      "  it.todo('todo (T-TODO)');",
      '});',
    ].join('\n');
    expect(testTitles(source)).toEqual([
      'group (T-GROUP)',
      'one (T-ONE)',
      'two %s (T-TWO)',
      'three $' + '{x} (T-THREE)',
    ]);
  });
});
