/**
 * The built-in programmes (the five seeds) and the compiled view services use: a definition plus,
 * per category, `attributes()` (the strict zod object for a nomination's attributes, built on first
 * use), `quotaPerCycle` and `ruleIds`. Registered definitions compile the same way.
 */
import type * as z from 'zod';
import { attributesSchema, rulesOfCategory } from './attributes';
import { type CategoryDefinition, defineProgramme, type ProgrammeDefinition } from './definition';
import { memoByObject, once } from './lazy';
import { beijing } from './programmes/beijing';
import { guangdong } from './programmes/guangdong';
import { jiangsu } from './programmes/jiangsu';
import { lishui } from './programmes/lishui';
import { zhuhai } from './programmes/zhuhai';

export type { NomineeKind } from './definition';

export interface Category extends CategoryDefinition {
  /** Strict zod object for a nomination's `attributes`; attribute-only rules refine it with their rule ids. */
  readonly attributes: () => z.ZodType<Record<string, unknown>>;
  /** Most selections per cycle (JS-CATEGORIES, BJ-ROUND …), when the seed sets one (approximate or not). */
  readonly quotaPerCycle?: number;
  /** Most selections in one programme year, over all the agency's cycles of that year (JS-CATEGORIES). */
  readonly quotaPerYear?: number;
  /** The rules that concern this category (its own and the programme-wide nomination rules). */
  readonly ruleIds: readonly string[];
}

export interface Programme extends ProgrammeDefinition {
  categories: Category[];
}

const compiled = new WeakSet<object>();

/**
 * Adds the compiled members as non-enumerable properties: a compiled programme serialises (JSON) to
 * exactly its definition, so it can be stored, compared or re-registered as data.
 */
const compileCategory = (definition: ProgrammeDefinition, category: CategoryDefinition): Category => {
  const rules = rulesOfCategory(definition, category);
  const compiledCategory = { ...category };
  Object.defineProperties(compiledCategory, {
    attributes: { value: once(() => attributesSchema(category.fields, rules, definition)) },
    quotaPerCycle: { value: category.quota?.perCycle },
    quotaPerYear: { value: category.quota?.perYear },
    ruleIds: { value: [...new Set(rules.map((r) => r.id))] },
  });
  return compiledCategory as Category;
};

/** The compiled view of a definition (memoised per definition object; cheap: schemas are built on first use). */
export const compileProgramme: (definition: ProgrammeDefinition) => Programme = memoByObject((definition) => {
  if (compiled.has(definition)) return definition as Programme;
  const programme: Programme = {
    ...definition,
    categories: definition.categories.map((c) => compileCategory(definition, c)),
  };
  compiled.add(programme);
  return programme;
});

/** The built-in definitions (data), one per seed. */
export const builtInDefinitions: readonly ProgrammeDefinition[] = [
  lishui,
  guangdong,
  zhuhai,
  jiangsu,
  beijing,
];

/** Validates every built-in definition (build time: tests and the rules-doc generator); throws listing the problems. */
export const validateBuiltInProgrammes = (): ProgrammeDefinition[] => builtInDefinitions.map(defineProgramme);

/** The built-in programmes, one per seed. */
export const programmes: readonly Programme[] = builtInDefinitions.map(compileProgramme);

export const findProgramme = (programmeId: string): Programme | undefined =>
  programmes.find((p) => p.id === programmeId);

export const findCategory = (programme: ProgrammeDefinition, categoryId: string): Category | undefined =>
  compileProgramme(programme).categories.find((c) => c.id === categoryId);
