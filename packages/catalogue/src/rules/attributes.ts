/**
 * Rules on a nomination's (or claim's, partner's, award's) declared attributes. Those that read nothing
 * else are `attributeOnly`: the category's attribute schema runs them too, so intake refuses a breach
 * with the rule id before anything is stored.
 */
import * as z from 'zod';
import type { Attributes, EvaluationContext } from '../context';
import { type CrossIssue, defineKind, type Finding, finding, type RuleEnv } from './types';

const ATTRIBUTE_CONTEXTS = ['nomination', 'partner', 'award', 'disbursement'] as const;

const attributesOf = (context: EvaluationContext): Attributes =>
  'attributes' in context && context.attributes ? context.attributes : {};

const attributeName = () => z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/);
const scalar = () => z.union([z.string().max(200), z.number(), z.boolean()]);

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

const isAbsent = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0);

/** In a nomination rule, every attribute it reads must be a field of each category it applies to. */
export const declaredIn =
  (...names: string[]) =>
  (env: RuleEnv): CrossIssue[] => {
    if (env.rule.context !== 'nomination') return [];
    const targets = env.definition.categories.filter(
      (c) => !env.rule.appliesTo?.categories || env.rule.appliesTo.categories.includes(c.id),
    );
    return targets.flatMap((c) =>
      names
        .filter((n) => !c.fields.some((f) => f.name === n))
        .map((n) => ({ path: ['params'], message: `attribute "${n}" is not a field of category "${c.id}"` })),
    );
  };

export const attributeRequired = defineKind({
  name: 'attribute-required',
  contexts: ATTRIBUTE_CONTEXTS,
  attributeOnly: true,
  params: () => z.strictObject({ attributes: z.array(attributeName()).min(1).max(30) }),
  check: (p, context) =>
    p.attributes
      .filter((a) => isAbsent(attributesOf(context)[a]))
      .map((a) => finding(`attributes.${a}`, `${a} is required`, `须填写 ${a}`)),
  summary: (p) => `required: ${p.attributes.join(', ')}`,
  crossCheck: (p, env) => declaredIn(...p.attributes)(env),
});

export const attributeEquals = defineKind({
  name: 'attribute-equals',
  contexts: ATTRIBUTE_CONTEXTS,
  attributeOnly: true,
  params: () => z.strictObject({ attributes: z.array(attributeName()).min(1).max(30), equals: scalar() }),
  check: (p, context) =>
    p.attributes
      .filter((a) => attributesOf(context)[a] !== p.equals)
      .map((a) =>
        finding(`attributes.${a}`, `${a} must be ${show(p.equals)}`, `${a} 须为 ${show(p.equals)}`),
      ),
  summary: (p) => `${p.attributes.join(', ')} = ${show(p.equals)}`,
  crossCheck: (p, env) => declaredIn(...p.attributes)(env),
});

export const attributeOneOf = defineKind({
  name: 'attribute-one-of',
  contexts: ATTRIBUTE_CONTEXTS,
  attributeOnly: true,
  params: () =>
    z.strictObject({
      attribute: attributeName(),
      values: z
        .array(z.union([z.string().max(200), z.number()]))
        .min(1)
        .max(100),
    }),
  check: (p, context) => {
    const v = attributesOf(context)[p.attribute];
    return (p.values as unknown[]).includes(v)
      ? []
      : [
          finding(
            `attributes.${p.attribute}`,
            `${p.attribute} must be one of ${p.values.map(show).join(', ')}`,
            `${p.attribute} 须为以下之一：${p.values.map(show).join('、')}`,
          ),
        ];
  },
  summary: (p) => `${p.attribute} ∈ {${p.values.join(', ')}}`,
  crossCheck: (p, env) => declaredIn(p.attribute)(env),
});

export const attributeRange = defineKind({
  name: 'attribute-range',
  contexts: ATTRIBUTE_CONTEXTS,
  attributeOnly: true,
  params: () =>
    z
      .strictObject({ attribute: attributeName(), min: z.number().optional(), max: z.number().optional() })
      .refine((p) => p.min !== undefined || p.max !== undefined, 'give min and/or max'),
  check: (p, context) => {
    const v = attributesOf(context)[p.attribute];
    const ok =
      typeof v === 'number' && (p.min === undefined || v >= p.min) && (p.max === undefined || v <= p.max);
    const range = `${p.min ?? '…'}–${p.max ?? '…'}`;
    return ok
      ? []
      : [
          finding(
            `attributes.${p.attribute}`,
            `${p.attribute} must be within ${range}`,
            `${p.attribute} 须在 ${range} 之间`,
          ),
        ];
  },
  summary: (p) => `${p.min ?? '…'} ≤ ${p.attribute} ≤ ${p.max ?? '…'}`,
  crossCheck: (p, env) => declaredIn(p.attribute)(env),
});

export const attributeIncludes = defineKind({
  name: 'attribute-includes',
  contexts: ATTRIBUTE_CONTEXTS,
  attributeOnly: true,
  params: () =>
    z.strictObject({ attribute: attributeName(), values: z.array(z.string().max(200)).min(1).max(50) }),
  check: (p, context) => {
    const v = attributesOf(context)[p.attribute];
    const have = Array.isArray(v) ? v : [];
    return p.values
      .filter((x) => !have.includes(x))
      .map((x) =>
        finding(`attributes.${p.attribute}`, `${p.attribute} lacks "${x}"`, `${p.attribute} 缺少“${x}”`),
      );
  },
  summary: (p) => `${p.attribute} includes ${p.values.join(', ')}`,
  crossCheck: (p, env) => declaredIn(p.attribute)(env),
});

const conditionSchema = () =>
  z
    .strictObject({
      attribute: attributeName(),
      equals: scalar().optional(),
      oneOf: z
        .array(z.union([z.string().max(200), z.number()]))
        .min(1)
        .optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      includesAny: z.array(z.string().max(200)).min(1).optional(),
    })
    .refine(
      (c) => [c.equals, c.oneOf, c.min ?? c.max, c.includesAny].filter((x) => x !== undefined).length === 1,
      'a condition has exactly one of equals, oneOf, min/max, includesAny',
    );
type Condition = z.output<ReturnType<typeof conditionSchema>>;

const holds = (c: Condition, attributes: Attributes): boolean => {
  const v = attributes[c.attribute];
  if (c.equals !== undefined) return v === c.equals;
  if (c.oneOf) return (c.oneOf as unknown[]).includes(v);
  if (c.includesAny) return Array.isArray(v) && c.includesAny.some((x) => v.includes(x));
  return typeof v === 'number' && (c.min === undefined || v >= c.min) && (c.max === undefined || v <= c.max);
};

const describeCondition = (c: Condition): string =>
  c.equals !== undefined
    ? `${c.attribute} = ${show(c.equals)}`
    : c.oneOf
      ? `${c.attribute} ∈ {${c.oneOf.join(', ')}}`
      : c.includesAny
        ? `${c.attribute} ∋ any of {${c.includesAny.join(', ')}}`
        : `${c.min ?? '…'} ≤ ${c.attribute} ≤ ${c.max ?? '…'}`;

export const attributesAnyOf = defineKind({
  name: 'attributes-any-of',
  contexts: ATTRIBUTE_CONTEXTS,
  attributeOnly: true,
  params: () => z.strictObject({ conditions: z.array(conditionSchema()).min(1).max(20) }),
  check: (p, context): Finding[] =>
    p.conditions.some((c) => holds(c, attributesOf(context)))
      ? []
      : [
          finding(
            'attributes',
            `meets none of: ${p.conditions.map(describeCondition).join('; ')}`,
            `不满足以下任一条件：${p.conditions.map(describeCondition).join('；')}`,
          ),
        ],
  summary: (p) => `any of: ${p.conditions.map(describeCondition).join(' | ')}`,
  crossCheck: (p, env) => declaredIn(...p.conditions.map((c) => c.attribute))(env),
});

export const excludedIfAttribute = defineKind({
  name: 'excluded-if-attribute',
  contexts: ATTRIBUTE_CONTEXTS,
  attributeOnly: true,
  params: () =>
    z.strictObject({
      attribute: attributeName(),
      equals: scalar(),
      message: en(300),
      messageZh: z.string().trim().min(1).max(300),
    }),
  check: (p, context) =>
    attributesOf(context)[p.attribute] === p.equals
      ? [finding(`attributes.${p.attribute}`, p.message, p.messageZh)]
      : [],
  summary: (p) => `excluded when ${p.attribute} = ${show(p.equals)}`,
  crossCheck: (p, env) => declaredIn(p.attribute)(env),
});

export const serviceTermMin = defineKind({
  name: 'service-term-min',
  contexts: ['nomination'],
  attributeOnly: true,
  params: () => z.strictObject({ attribute: attributeName(), minYears: z.number().int().positive().max(50) }),
  check: (p, context) => {
    const v = context.attributes[p.attribute];
    return typeof v === 'number' && v >= p.minYears
      ? []
      : [
          finding(
            `attributes.${p.attribute}`,
            `the term of service is at least ${p.minYears} years`,
            `服务期限不少于${p.minYears}年`,
          ),
        ];
  },
  summary: (p) => `${p.attribute} ≥ ${p.minYears} years`,
  crossCheck: (p, env) => declaredIn(p.attribute)(env),
});

function en(max: number) {
  return z.string().trim().min(1).max(max);
}
