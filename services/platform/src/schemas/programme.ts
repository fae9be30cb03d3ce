import { code } from '@talent/http';
import * as z from 'zod';

// Built on first use (z.lazy), not at import: cold start (see `npm run bench`).

/** Deepest nesting a registration body may have (a definition needs 6); deeper is refused before any work. */
const MAX_BODY_DEPTH = 32;

/** Nesting depth of parsed JSON, counted without recursion so no body can exhaust the stack. */
const depthOf = (value: unknown): number => {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_BODY_DEPTH) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
};

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A programme definition, the same data as the built-ins (packages/catalogue README). The route takes
 * any JSON object no deeper than 32 levels, as sent: not rebuilt, so that the catalogue's strict schema
 * sees every key (`__proto__` included) and answers every problem with its path (422
 * P-PROGRAMME-DEFINITION).
 */
export const registerProgrammeBody = z.lazy(() =>
  z
    .unknown()
    .superRefine((body, ctx) => {
      if (!isJsonObject(body)) {
        ctx.addIssue({ code: 'custom', message: 'expected a JSON object: a programme definition' });
      } else if (depthOf(body) > MAX_BODY_DEPTH) {
        ctx.addIssue({ code: 'custom', message: `nested deeper than ${MAX_BODY_DEPTH} levels` });
      }
    })
    .meta({
      type: 'object',
      description:
        'A programme definition: id, version, nameZh, nameEn, issuersZh, agencyIds, effectiveFrom, source, categories, awards, calendar, funding, grading, forms, sanctions, milestones, rules (programmeDefinitionSchema in packages/catalogue)',
    }),
);
export type RegisterProgrammeBody = z.infer<typeof registerProgrammeBody>;

export const programmeParams = z.lazy(() => z.strictObject({ programmeId: code(64) }));

export const programmeVersionParams = z.lazy(() =>
  z.strictObject({
    programmeId: code(64),
    version: z
      .string()
      .regex(/^[1-9]\d{0,5}$/, 'a version number 1–999999')
      .transform(Number),
  }),
);

/** Parts copied from the definition as they are (their shape is the definition's). */
const definitionPart = (what: string) =>
  z.record(z.string(), z.unknown()).describe(`${what}, as in the programme definition`);

const categoryView = z.lazy(() =>
  z.object({
    id: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    nomineeKind: z.enum(['person', 'team', 'institution']),
    descriptionZh: z.string().optional(),
    quota: z
      .object({ perCycle: z.number(), perYear: z.number().optional(), approximate: z.boolean() })
      .optional(),
    quotaPerCycle: z.number().optional(),
    quotaPerYear: z.number().optional(),
    ruleIds: z.array(z.string()),
    fields: z.array(definitionPart('a field of the nomination’s attributes')),
    attributesSchema: z.record(z.string(), z.unknown()),
  }),
);

const ruleFields = () => ({
  id: z.string().describe('Rule id (DOMAIN.md for the built-ins)'),
  clause: z.string().optional(),
  kind: z.string(),
  disposition: z.enum(['enforced', 'computed', 'reported', 'recorded']),
  relaxable: z.boolean(),
  context: z.string(),
  appliesTo: z
    .object({ categories: z.array(z.string()).optional(), awards: z.array(z.string()).optional() })
    .optional(),
  descriptionZh: z.string(),
  descriptionEn: z.string(),
});

const ruleSummaryView = z.lazy(() => z.object(ruleFields()));
const ruleView = z.lazy(() => z.object({ ...ruleFields(), params: z.record(z.string(), z.unknown()) }));

const targetView = z.lazy(() =>
  z.object({
    ruleId: z.string(),
    id: z.string(),
    labelZh: z.string(),
    labelEn: z.string(),
    metric: z.string(),
    of: z.string().optional(),
    min: z.number().optional(),
    minExclusive: z.number().optional(),
    approximately: z.number().optional(),
    scope: z.string(),
    byYear: z.number().optional(),
  }),
);

const programmeFields = () => ({
  programmeId: z.string(),
  version: z.number(),
  builtIn: z.boolean().describe('a programme of the platform catalogue, not registered by the agency'),
  nameZh: z.string(),
  nameEn: z.string(),
  issuersZh: z.array(z.string()),
  effectiveFrom: z.string(),
  source: z.string(),
  categories: z.array(categoryView),
  awards: z.array(definitionPart('an award')),
  calendar: definitionPart('cycleYears, yearBasis and stages'),
  funding: definitionPart('basis, payer and per-head items (integer fen)').optional(),
  grading: definitionPart('scale and fail grade').optional(),
  targets: z.array(targetView).describe('the indicators of the kpi rules, each with its rule id'),
  forms: z.array(definitionPart('a form')),
  sanctions: z.array(definitionPart('a sanction')),
  milestones: z.array(definitionPart('a milestone')),
});

/** One programme in full: every rule with its id and params. */
export const programmeView = z.lazy(() => z.object({ ...programmeFields(), rules: z.array(ruleView) }));
export type ProgrammeView = z.infer<typeof programmeView>;

/** A programme in a list: the same without the rules' params (read one programme for them). */
export const programmeListItem = z.lazy(() =>
  z.object({ ...programmeFields(), rules: z.array(ruleSummaryView) }),
);

export const programmeList = z.lazy(() => z.object({ items: z.array(programmeListItem) }));

export const programmeVersionList = z.lazy(() =>
  z.object({
    items: z.array(
      z.object({
        programmeId: z.string(),
        version: z.number(),
        effectiveFrom: z.string(),
        registeredAt: z.string().optional(),
        registeredBy: z.string().optional(),
        builtIn: z.boolean(),
      }),
    ),
  }),
);
