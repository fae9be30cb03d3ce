/**
 * Compiles a category's declarative field list to a strict zod object for a nomination's `attributes`,
 * and runs the category's attribute-only rules (attribute-one-of, excluded-if-attribute, …) as
 * refinements citing their rule ids, so intake refuses a breach with `params: { ruleId, messageZh }`.
 * Relaxable rules are left to the engine, where a reviewer's override can apply.
 */
import { type DatePeriod, isCleanText } from '@talent/kernel';
import * as z from 'zod';
import type { Attributes, GroupMember, NominationContext, PersonFacts, SanctionRecord } from './context';
import type { CategoryDefinition, FieldDefinition, ProgrammeDefinition, RuleDefinition } from './definition';
import { ruleKinds } from './rules/registry';

const period = () =>
  z
    .strictObject({ from: z.iso.date(), to: z.iso.date() })
    .refine((p) => p.from <= p.to, { message: 'a period ends on or after it starts', path: ['to'] });

/** Every free string: no control characters or broken Unicode (P-TEXT). */
const clean = (schema: z.ZodString) =>
  schema.refine(isCleanText, {
    message: 'contains control characters or invalid Unicode',
    params: { ruleId: 'P-TEXT', messageZh: '含有控制字符或无效的 Unicode 字符' },
  });

const literals = (values: readonly (string | number)[]) =>
  values.filter((v): v is number => typeof v === 'number');
const strings = (values: readonly (string | number)[]) =>
  values.filter((v): v is string => typeof v === 'string');

const baseSchema = (f: FieldDefinition): z.ZodType => {
  switch (f.type) {
    case 'string':
      return clean(
        z
          .string()
          .trim()
          .min(f.min ?? 1)
          .max(f.max ?? 200),
      );
    case 'text':
      return clean(
        z
          .string()
          .trim()
          .min(f.min ?? 1)
          .max(f.max ?? 2000),
      );
    case 'integer': {
      if (f.values) return z.literal(literals(f.values));
      return z
        .number()
        .int()
        .min(f.min ?? Number.MIN_SAFE_INTEGER)
        .max(f.max ?? Number.MAX_SAFE_INTEGER);
    }
    case 'number':
      // Hundredths within ±1e12: always storable by DynamoDB (no underflow like 1e-200).
      return z
        .number()
        .multipleOf(0.01)
        .min(f.min ?? -1e12)
        .max(f.max ?? 1e12);
    case 'boolean':
      return z.boolean();
    case 'date':
      return z.iso.date();
    case 'enum':
      return z.enum(strings(f.values ?? []) as [string, ...string[]]);
    case 'string[]':
      return z
        .array(
          f.values
            ? z.enum(strings(f.values) as [string, ...string[]])
            : clean(z.string().trim().min(1).max(200)),
        )
        .min(f.min ?? 0)
        .max(f.max ?? 50);
    case 'period[]':
      return z
        .array(period())
        .min(f.min ?? 0)
        .max(f.max ?? 100);
  }
};

const fieldSchema = (f: FieldDefinition): z.ZodType => {
  const s = baseSchema(f).describe(f.labelEn ? `${f.labelZh} (${f.labelEn})` : f.labelZh);
  return f.required ? s : s.optional();
};

/** The rules the attribute schema runs: attribute-only, blocking and not relaxable. */
const schemaRules = (rules: readonly RuleDefinition[]) =>
  rules.filter(
    (r) =>
      r.context === 'nomination' &&
      !r.relaxable &&
      (r.disposition === 'enforced' || r.disposition === 'computed') &&
      ruleKinds[r.kind]?.attributeOnly,
  );

const toPath = (findingPath: string): (string | number)[] =>
  findingPath === 'attributes' ? [] : findingPath.replace(/^attributes\./, '').split('.');

/**
 * A strict zod object for the fields, refined by the attribute-only rules given (each issue carries
 * `params: { ruleId, messageZh }`). The rules run only once the fields themselves are valid.
 */
export const attributesSchema = (
  fields: readonly FieldDefinition[],
  rules: readonly RuleDefinition[] = [],
  definition?: ProgrammeDefinition,
): z.ZodType<Record<string, unknown>> => {
  const base = z.strictObject(Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f)])));
  const checks = schemaRules(rules);
  if (checks.length === 0) return base;
  return base.pipe(
    z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
      const context = { type: 'nomination', attributes: value } as unknown as NominationContext;
      for (const rule of checks) {
        const kind = ruleKinds[rule.kind];
        if (!kind) continue;
        const env = { definition: definition as ProgrammeDefinition, rule };
        for (const f of kind.check(rule.params, context, env)) {
          ctx.addIssue({
            code: 'custom',
            path: toPath(f.path),
            message: f.message,
            params: { ruleId: f.ruleId ?? rule.id, messageZh: f.messageZh },
          });
        }
      }
    }),
  );
};

/** The rules that concern a category: its own, and the programme-wide nomination rules. */
export const rulesOfCategory = (
  definition: ProgrammeDefinition,
  category: CategoryDefinition,
): RuleDefinition[] =>
  definition.rules.filter((r) =>
    r.appliesTo?.categories ? r.appliesTo.categories.includes(category.id) : r.context === 'nomination',
  );

export interface NomineeInput {
  readonly birthDate?: string;
  readonly gender?: 'male' | 'female';
  readonly skillLevel?: string;
  readonly professionalTitle?: string;
  readonly education?: string;
}

/**
 * Builds a nomination context from what the nominations service holds: the nominee (birth date and
 * gender from the resident ID, levels), the validated attributes (fields with a `fact` feed the
 * person facts: femaleRetirementBase, teachingStartedOn, enterprisePractice …), and the cycle's
 * programme year and selection date.
 */
export const nominationContext = (
  definition: ProgrammeDefinition,
  input: {
    readonly category: string;
    readonly programmeYear: number;
    readonly selectionDate: string;
    readonly nominee?: NomineeInput;
    readonly attributes: Attributes;
    readonly members?: readonly GroupMember[];
    readonly sanctions?: readonly SanctionRecord[];
  },
): NominationContext => {
  const category = definition.categories.find((c) => c.id === input.category);
  const facts: Record<string, unknown> = {};
  for (const f of category?.fields ?? []) {
    const v = input.attributes[f.name];
    if (f.fact && v !== undefined) facts[f.fact] = v;
  }
  const n = input.nominee;
  const nominee: PersonFacts | undefined = n
    ? {
        ...(n.birthDate ? { birthDate: n.birthDate } : {}),
        ...(n.gender ? { gender: n.gender } : {}),
        ...(n.skillLevel ? { skillLevel: n.skillLevel } : {}),
        ...(n.professionalTitle ? { professionalTitle: n.professionalTitle } : {}),
        ...(n.education ? { education: n.education } : {}),
        ...(facts as {
          femaleRetirementBase?: 50 | 55;
          teachingStartedOn?: string;
          isSpecialtyTeacher?: boolean;
          enterprisePractice?: DatePeriod[];
          enterpriseExperience?: DatePeriod[];
        }),
      }
    : undefined;
  return {
    type: 'nomination',
    category: input.category,
    programmeYear: input.programmeYear,
    selectionDate: input.selectionDate,
    ...(nominee ? { nominee } : {}),
    attributes: input.attributes,
    ...(input.members ? { members: input.members } : {}),
    ...(input.sanctions ? { sanctions: input.sanctions } : {}),
  };
};
