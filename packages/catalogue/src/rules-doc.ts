/**
 * Generates docs/rules.md: one row per rule id of DOMAIN.md — the programme that declares it, what the
 * software does with it (its disposition), how (rule kind and params, from the definitions), and the
 * tests that prove it (test titles naming the id in parentheses or brackets).
 *
 *   npx tsx packages/catalogue/src/rules-doc.ts      # writes docs/rules.md
 *
 * Build-time only (reads files): not exported from the package index, never bundled into a Lambda.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { validateBuiltInProgrammes } from './catalogue';
import type { ProgrammeDefinition, RuleDefinition } from './definition';
import { validatePlatformRules } from './programmes/platform';
import { ruleKinds } from './rules/registry';

export const repoRootFromHere = (): string => resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export const domainPathFor = (repoRoot: string): string => resolve(repoRoot, '../shared/docs/DOMAIN.md');

const RULE_ID = /^[A-Z]+(?:-[A-Z0-9]+)+$/;

/** The rule ids of DOMAIN.md, in order: the first cell of every table row that is a rule id. */
export const parseDomainRuleIds = (markdown: string): string[] => {
  const ids: string[] = [];
  for (const line of markdown.split('\n')) {
    const cell = /^\|\s*([^|]+?)\s*\|/.exec(line)?.[1];
    if (cell && RULE_ID.test(cell) && !ids.includes(cell)) ids.push(cell);
  }
  return ids;
};

export interface TestTitle {
  readonly file: string;
  readonly title: string;
}

const TEST_CALL =
  /(?<![\w.$])(?:it|test|describe)(?:\.(?:only|concurrent|sequential|fails))?(?:\.(?:each|for)\s*\([\s\S]*?\)\s*)?\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`)/g;

/** Titles of `it`, `test` and `describe` calls (skipped and todo tests are not counted). */
export const testTitles = (source: string): string[] =>
  [...source.matchAll(TEST_CALL)].map((m) => m[1] ?? m[2] ?? m[3] ?? '').filter((t) => t.length > 0);

/** Rule ids a title names in parentheses or brackets: 'rejects the 11th (LS-PAIR-CAP)' → ['LS-PAIR-CAP']. */
export const idsInTitle = (title: string): string[] =>
  [...title.matchAll(/[([]([^)\]]*)[)\]]/g)]
    .flatMap((g) => [...(g[1] ?? '').matchAll(/\b[A-Z]+(?:-[A-Z0-9]+)+\b/g)])
    .map((m) => m[0]);

const walk = (dir: string, out: string[]): string[] => {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path, out);
    else if (e.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
};

/** Every test file under packages/, services/ and test/ whose path has a test/ folder. */
export const testFiles = (repoRoot: string): string[] =>
  ['packages', 'services', 'test']
    .flatMap((d) => walk(join(repoRoot, d), []))
    .map((f) => relative(repoRoot, f).split('\\').join('/'))
    .filter((f) => f.split('/').includes('test'))
    .sort();

/** Test titles per rule id. */
export const testsByRuleId = (repoRoot: string): Map<string, TestTitle[]> => {
  const byId = new Map<string, TestTitle[]>();
  for (const file of testFiles(repoRoot)) {
    for (const title of testTitles(readFileSync(join(repoRoot, file), 'utf8'))) {
      for (const id of new Set(idsInTitle(title))) {
        const list = byId.get(id) ?? [];
        if (!list.some((t) => t.file === file && t.title === title)) list.push({ file, title });
        byId.set(id, list);
      }
    }
  }
  return byId;
};

export interface RuleRow {
  readonly id: string;
  readonly programme: string;
  readonly dispositions: readonly string[];
  readonly how: string;
  readonly tests: readonly TestTitle[];
  /** How many definitions (or the platform list) declare the id. */
  readonly declaredIn: number;
}

const describeRule = (rule: RuleDefinition, definition: ProgrammeDefinition | undefined): string => {
  const kind = ruleKinds[rule.kind];
  const summary =
    kind && definition
      ? kind.summary(rule.params, { definition, rule })
      : kind
        ? kind.summary(rule.params, {
            definition: { categories: [], calendar: { stages: [] } } as never,
            rule,
          })
        : '?';
  const scope = [
    rule.clause,
    rule.appliesTo?.categories && `categories ${rule.appliesTo.categories.join('/')}`,
    rule.appliesTo?.awards && `award ${rule.appliesTo.awards.join('/')}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `**${rule.kind}**${scope ? ` (${scope})` : ''} @${rule.context}${rule.relaxable ? ' · relaxable by audited override' : ''}: ${summary}`;
};

/** One row per DOMAIN.md id, from the (validated) definitions and the test titles. */
export const buildRows = (
  domainIds: readonly string[],
  definitions: readonly ProgrammeDefinition[],
  platform: readonly RuleDefinition[],
  tests: ReadonlyMap<string, readonly TestTitle[]>,
): RuleRow[] =>
  domainIds.map((id) => {
    const owners = definitions.filter((d) => d.rules.some((r) => r.id === id));
    const platformEntries = platform.filter((r) => r.id === id);
    const owner = owners[0];
    const entries: [RuleDefinition, ProgrammeDefinition | undefined][] = [
      ...(owner?.rules
        .filter((r) => r.id === id)
        .map((r): [RuleDefinition, ProgrammeDefinition] => [r, owner]) ?? []),
      ...platformEntries.map((r): [RuleDefinition, undefined] => [r, undefined]),
    ];
    return {
      id,
      programme: owner ? owner.id : platformEntries.length ? 'platform' : '—',
      dispositions: [...new Set(entries.map(([r]) => r.disposition))],
      how: entries.length ? entries.map(([r, d]) => describeRule(r, d)).join('<br>') : '— not declared —',
      tests: [...(tests.get(id) ?? [])].sort(
        (a, b) => a.file.localeCompare(b.file) || a.title.localeCompare(b.title),
      ),
      declaredIn: owners.length + (platformEntries.length ? 1 : 0),
    };
  });

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const MAX_TESTS_LISTED = 8;

export const renderRulesDoc = (rows: readonly RuleRow[]): string => {
  const count = (d: string) => rows.filter((r) => r.dispositions.includes(d)).length;
  const lines = [
    '# Rule traceability',
    '',
    '<!-- Generated by `npx tsx packages/catalogue/src/rules-doc.ts` from the programme definitions,',
    '     ../shared/docs/DOMAIN.md and the test titles. Do not edit; regenerate. -->',
    '',
    'Every rule id of DOMAIN.md, the programme definition that declares it (`platform` for the',
    'cross-cutting X-* rules), what the software does with it, how, and the tests that name it.',
    '',
    '- **enforced**: checked by the rule engine (or platform code); a breach is a violation.',
    '- **computed**: the software computes the outcome (a date, a grade, an amount) and checks it.',
    '- **reported**: checked; a shortfall is flagged in reports, never blocking.',
    '- **recorded**: held as data or documents only; nothing checks it (or nothing can yet).',
    '',
    `${rows.length} rules: ${count('enforced')} enforced, ${count('computed')} computed, ${count('reported')} reported, ${count('recorded')} recorded (a rule with several clauses may count under more than one).`,
    '',
    '| Rule | Programme | Disposition | How | Tests |',
    '|---|---|---|---|---|',
    ...rows.map((r) => {
      const listed = r.tests.slice(0, MAX_TESTS_LISTED).map((t) => `${t.file} › ${t.title}`);
      if (r.tests.length > MAX_TESTS_LISTED) listed.push(`… and ${r.tests.length - MAX_TESTS_LISTED} more`);
      return `| ${r.id} | ${r.programme} | ${r.dispositions.join(' + ') || '—'} | ${cell(r.how)} | ${
        listed.length ? listed.map(cell).join('<br>') : '—'
      } |`;
    }),
    '',
  ];
  return lines.join('\n');
};

/** The whole document, as `npx tsx packages/catalogue/src/rules-doc.ts` writes it. */
export const generateRulesDoc = (
  repoRoot: string = repoRootFromHere(),
): { text: string; rows: RuleRow[] } => {
  const domainIds = parseDomainRuleIds(readFileSync(domainPathFor(repoRoot), 'utf8'));
  const rows = buildRows(
    domainIds,
    validateBuiltInProgrammes(),
    validatePlatformRules(),
    testsByRuleId(repoRoot),
  );
  return { text: renderRulesDoc(rows), rows };
};

export const rulesDocPath = (repoRoot: string): string => join(repoRoot, 'docs', 'rules.md');

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const repoRoot = repoRootFromHere();
  const { text, rows } = generateRulesDoc(repoRoot);
  writeFileSync(rulesDocPath(repoRoot), text);
  const undeclared = rows.filter((r) => r.declaredIn === 0).map((r) => r.id);
  process.stdout.write(
    `wrote docs/rules.md: ${rows.length} rules${undeclared.length ? `; NOT DECLARED: ${undeclared.join(', ')}` : ''}\n`,
  );
}
