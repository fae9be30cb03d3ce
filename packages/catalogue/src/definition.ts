/**
 * A programme definition is DATA (JSON-serialisable): the five seed programmes are written as
 * definitions, and an agency registers its own through the API from the same shape. Everything a
 * definition says is checked here — structure, the params of every rule against its kind, and
 * cross-references (a rule's attribute is a declared field, a deadline rule has a dated stage,
 * a funding rule has funding items) — so a bad definition fails with every problem listed.
 *
 * The schema is built on first use (`z.lazy`), not at import.
 */
import * as z from 'zod';
import { CONTEXT_TYPES, PERSON_FACTS } from './context';
import { ruleKinds } from './rules/registry';

export const FIELD_TYPES = [
  'string',
  'text',
  'integer',
  'number',
  'boolean',
  'date',
  'enum',
  'string[]',
  'period[]',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const NOMINEE_KINDS = ['person', 'team', 'institution'] as const;
export type NomineeKind = (typeof NOMINEE_KINDS)[number];

/**
 * What the software does with a rule:
 * - enforced: checked; a breach is a violation (blocks unless relaxed by an audited override);
 * - computed: the software computes the outcome (a date, a grade, an amount) and checks against it;
 * - reported: checked; a shortfall is reported (flagged) but never blocks;
 * - recorded: held as data and documents only; no check exists or can exist.
 */
export const DISPOSITIONS = ['enforced', 'computed', 'reported', 'recorded'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const STAGE_KINDS = [
  'notice',
  'preparation',
  'nomination',
  'school-publicity',
  'submission',
  'qualification-review',
  'review',
  'provisional-list',
  'publicity',
  'official-list',
  'filing',
  'pairing',
  'planning',
  'training',
  'report',
  'grading',
  'annual-check',
  'mid-term',
  'acceptance',
  'disbursement',
  'award',
] as const;

const RULE_ID = /^[A-Z]+(?:-[A-Z0-9]+)+$/;
const CODE = /^[a-z0-9][a-z0-9-]*$/;
const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const code = () => z.string().max(64).regex(CODE, 'lower-case letters, digits and hyphens');
/** Category ids may be upper-case (Jiangsu's 'A' and 'B'). */
const categoryCode = () =>
  z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'letters, digits and hyphens');
const ruleId = () => z.string().max(64).regex(RULE_ID, 'a rule id such as JS-AGE');
const zh = (max = 500) => z.string().trim().min(1).max(max);
const en = (max = 500) => z.string().trim().min(1).max(max);
const isoDate = () => z.iso.date();
const uniqueBy = <T>(items: readonly T[], key: (t: T) => string): string[] => {
  const seen = new Set<string>();
  const dupes: string[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) dupes.push(k);
    seen.add(k);
  }
  return dupes;
};

const buildFieldSchema = () =>
  z
    .strictObject({
      /** The attribute's key in a nomination's `attributes`. */
      name: z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/, 'a camelCase attribute name'),
      type: z.enum(FIELD_TYPES),
      required: z.boolean(),
      labelZh: zh(200),
      labelEn: en(200).optional(),
      /** string/text: length; integer/number: value; string[]/period[]: number of items. */
      min: z.number().finite().optional(),
      max: z.number().finite().optional(),
      /** enum and string[]: the allowed strings; integer: the allowed integers. */
      values: z
        .array(z.union([z.string().min(1).max(100), z.number().int()]))
        .min(1)
        .max(200)
        .optional(),
      /** The person fact this attribute feeds to eligibility rules (see PersonFacts). */
      fact: z.enum(PERSON_FACTS).optional(),
      /** The rule this attribute is evidence for (traceability; the checks are in `rules`). */
      ruleId: ruleId().optional(),
    })
    .superRefine((f, ctx) => {
      const strings = f.values?.every((v) => typeof v === 'string') ?? true;
      const integers = f.values?.every((v) => typeof v === 'number') ?? true;
      if (f.type === 'enum' && (!f.values || !strings)) {
        ctx.addIssue({
          code: 'custom',
          path: ['values'],
          message: 'an enum field needs its values (strings)',
        });
      }
      if (f.values && f.type !== 'enum' && f.type !== 'string[]' && f.type !== 'integer') {
        ctx.addIssue({ code: 'custom', path: ['values'], message: `a ${f.type} field takes no values` });
      }
      if (f.values && f.type === 'string[]' && !strings) {
        ctx.addIssue({ code: 'custom', path: ['values'], message: 'string[] values must be strings' });
      }
      if (f.values && f.type === 'integer' && !integers) {
        ctx.addIssue({ code: 'custom', path: ['values'], message: 'integer values must be integers' });
      }
      if (f.min !== undefined && f.max !== undefined && f.min > f.max) {
        ctx.addIssue({ code: 'custom', path: ['min'], message: `min (${f.min}) is above max (${f.max})` });
      }
      if ((f.min !== undefined || f.max !== undefined) && (f.type === 'boolean' || f.type === 'date')) {
        ctx.addIssue({ code: 'custom', path: ['min'], message: `a ${f.type} field takes no min/max` });
      }
    });

const buildCategorySchema = () =>
  z.strictObject({
    id: categoryCode(),
    nameZh: zh(100),
    nameEn: en(200),
    nomineeKind: z.enum(NOMINEE_KINDS),
    /** The nomination's `attributes` (strict: no other keys). */
    fields: z.array(buildFieldSchema()).max(60),
    /**
     * Most selections per cycle and, when the seed caps a year (JS-CATEGORIES 每年每类), per year: all
     * the agency's cycles of the programme with the same `year` together (`perYear`, at least
     * `perCycle`). `approximate` for "about N" (左右), which is reported, not enforced.
     */
    quota: z
      .strictObject({
        perCycle: z.number().int().positive(),
        perYear: z.number().int().positive().optional(),
        approximate: z.boolean(),
      })
      .refine((q) => q.perYear === undefined || q.perYear >= q.perCycle, {
        message: 'perYear is at least perCycle',
        path: ['perYear'],
      })
      .optional(),
    descriptionZh: zh(2000).optional(),
  });

const buildStageSchema = () =>
  z
    .strictObject({
      id: code(),
      kind: z.enum(STAGE_KINDS),
      nameZh: zh(100),
      nameEn: en(200),
      /** Length of a publicity period in working days (X-WORKING-DAYS counts them). */
      workingDays: z.number().int().positive().max(60).optional(),
      /** Deadline within the cycle year, 'MM-DD' inclusive ("by end of October" = '10-31'). */
      deadline: z.string().regex(MONTH_DAY, "'MM-DD'").optional(),
      /** A window within the cycle year: ends by the end of `lastMonth`, spans at most `maxMonths`. */
      window: z
        .strictObject({
          lastMonth: z.number().int().min(1).max(12),
          maxMonths: z.number().int().min(1).max(12),
        })
        .optional(),
      /** The rule that fixes this stage (its order, length or deadline). */
      ruleId: ruleId().optional(),
      noteZh: zh(500).optional(),
    })
    .superRefine((s, ctx) => {
      if (s.deadline) {
        const [m = 0, d = 0] = s.deadline.split('-').map(Number);
        if (d > (DAYS_IN_MONTH[m - 1] ?? 0)) {
          ctx.addIssue({ code: 'custom', path: ['deadline'], message: `no such day: ${s.deadline}` });
        }
      }
      if (s.workingDays !== undefined && s.kind !== 'publicity' && s.kind !== 'school-publicity') {
        ctx.addIssue({
          code: 'custom',
          path: ['workingDays'],
          message: 'only a publicity stage has working days',
        });
      }
    });

const buildRuleSchema = () =>
  z
    .strictObject({
      id: ruleId(),
      /** Distinguishes entries of one rule id (JS-EXCLUSIONS: the B exclusion and the 3-year gap). */
      clause: code().optional(),
      kind: z.string().min(1).max(64),
      params: z.record(z.string(), z.unknown()),
      appliesTo: z
        .strictObject({
          categories: z.array(categoryCode()).min(1).max(50).optional(),
          awards: z.array(code()).min(1).max(50).optional(),
        })
        .optional(),
      context: z.enum(CONTEXT_TYPES),
      disposition: z.enum(DISPOSITIONS),
      /** The seed allows exceptions ("特别优秀的可放宽", "一般", "原则上"): a reviewer may override, audited. */
      relaxable: z.boolean().optional(),
      descriptionZh: zh(1000),
      descriptionEn: en(1000),
    })
    .superRefine((rule, ctx) => {
      // Checks of one rule on its own: they run even when other parts of the definition are invalid.
      const issue = (path: (string | number)[], message: string) =>
        ctx.addIssue({ code: 'custom', path, message });
      if (rule.relaxable && (rule.disposition === 'recorded' || rule.disposition === 'reported')) {
        issue(['relaxable'], `a ${rule.disposition} rule blocks nothing, so it cannot be relaxable`);
      }
      const kind = ruleKinds[rule.kind];
      if (!kind) {
        issue(['kind'], `unknown rule kind "${rule.kind}"; one of ${Object.keys(ruleKinds).join(', ')}`);
        return;
      }
      if (!kind.contexts.includes(rule.context)) {
        issue(
          ['context'],
          `a ${rule.kind} rule belongs to ${kind.contexts.join(' or ')}, not ${rule.context}`,
        );
      }
      if (rule.kind === 'record' && rule.disposition !== 'recorded') {
        issue(['disposition'], 'a record rule checks nothing: its disposition is "recorded"');
      }
      const parsed = kind.params().safeParse(rule.params);
      if (!parsed.success) {
        for (const p of parsed.error.issues) issue(['params', ...(p.path as (string | number)[])], p.message);
      }
    });

const buildFormSchema = () =>
  z
    .strictObject({
      id: code(),
      titleZh: zh(200),
      titleEn: en(200),
      /** One form per … */
      per: z.enum(['person', 'school', 'unit', 'trainee', 'employer', 'institution', 'programme']),
      /** Fields above the table (学校、联系人、填表时间 …). */
      headerZh: z.array(zh(100)).max(20).optional(),
      columns: z.array(zh(200)).min(1).max(100),
      /** A scorecard: sections of items scored out of `pointsPerItem`. */
      scoring: z
        .strictObject({
          sections: z
            .array(
              z.strictObject({
                nameZh: zh(100),
                items: z.number().int().positive(),
                points: z.number().int(),
              }),
            )
            .min(1),
          pointsPerItem: z.number().int().positive(),
          total: z.number().int().positive(),
        })
        .optional(),
      /** Rating scale of a survey (优秀/良好/一般/较差). */
      ratings: z.array(zh(20)).min(2).max(10).optional(),
      ruleId: ruleId(),
    })
    .superRefine((f, ctx) => {
      if (!f.scoring) return;
      const { sections, pointsPerItem, total } = f.scoring;
      sections.forEach((s, i) => {
        if (s.items * pointsPerItem !== s.points)
          ctx.addIssue({
            code: 'custom',
            path: ['scoring', 'sections', i, 'points'],
            message: `${s.items} items × ${pointsPerItem} points is ${s.items * pointsPerItem}, not ${s.points}`,
          });
      });
      const sum = sections.reduce((a, s) => a + s.points, 0);
      if (sum !== total)
        ctx.addIssue({
          code: 'custom',
          path: ['scoring', 'total'],
          message: `sections add up to ${sum}, not ${total}`,
        });
    });

const buildSchema = () =>
  z
    .strictObject({
      id: code(),
      version: z.number().int().min(1),
      nameZh: zh(200),
      nameEn: en(300),
      issuersZh: z.array(zh(100)).min(1).max(20),
      /** Agencies (tenants) that run this programme. */
      agencyIds: z.array(code()).min(1).max(20),
      effectiveFrom: isoDate(),
      /** The document it was written from (a seed path, or the agency's document number). */
      source: z.string().trim().min(1).max(300),
      categories: z.array(buildCategorySchema()).min(1).max(50),
      /** Titles a programme grants (优秀学徒, 十佳大师) — not nominated through intake. */
      awards: z
        .array(z.strictObject({ id: code(), nameZh: zh(100), nameEn: en(200) }))
        .max(20)
        .default([]),
      calendar: z.strictObject({
        /** A cycle every N years (BJ-ROUND: 2). */
        cycleYears: z.number().int().min(1).max(10),
        yearBasis: z.enum(['calendar-year', 'school-year']),
        stages: z.array(buildStageSchema()).min(1).max(40),
      }),
      funding: z
        .strictObject({
          /** How money follows people: per trainee passing acceptance, per approved claim, or a school budget. */
          basis: z.enum(['passed-acceptance', 'per-claim', 'school-budget']),
          payerZh: zh(200),
          items: z
            .array(
              z.strictObject({
                /** A category id or another key (a skill level) the amount is for. */
                key: z.string().trim().min(1).max(64),
                labelZh: zh(100),
                perHeadFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
                /** Paid once a year for this many years (1 = one-off). */
                years: z.number().int().min(1).max(10),
                ruleId: ruleId(),
              }),
            )
            .min(1)
            .max(50),
        })
        .optional(),
      grading: z
        .strictObject({
          scale: z.array(zh(20)).min(2).max(10),
          failGrade: zh(20),
          ruleId: ruleId(),
        })
        .optional(),
      forms: z.array(buildFormSchema()).max(30).default([]),
      sanctions: z
        .array(
          z.strictObject({
            id: code(),
            subject: z.enum(['person', 'unit']),
            triggerZh: zh(300),
            effectZh: zh(300),
            years: z.number().int().positive().max(20).optional(),
            ruleId: ruleId(),
          }),
        )
        .max(30)
        .default([]),
      /** Dated phases and plans the software holds but does not act on (GD-PHASES). */
      milestones: z
        .array(
          z.strictObject({
            year: z.number().int().min(2000).max(2100),
            zh: zh(300),
            en: en(300),
            ruleId: ruleId(),
          }),
        )
        .max(30)
        .default([]),
      rules: z.array(buildRuleSchema()).min(1).max(300),
    })
    .superRefine((def, ctx) => {
      const issue = (path: (string | number)[], message: string) =>
        ctx.addIssue({ code: 'custom', path, message });
      for (const dupe of uniqueBy(def.categories, (c) => c.id))
        issue(['categories'], `duplicate category "${dupe}"`);
      for (const dupe of uniqueBy(def.awards, (a) => a.id)) issue(['awards'], `duplicate award "${dupe}"`);
      for (const dupe of uniqueBy(def.calendar.stages, (s) => s.id))
        issue(['calendar', 'stages'], `duplicate stage "${dupe}"`);
      def.categories.forEach((c, i) => {
        for (const dupe of uniqueBy(c.fields, (f) => f.name))
          issue(['categories', i, 'fields'], `duplicate field "${dupe}"`);
      });
      if (def.grading && !def.grading.scale.includes(def.grading.failGrade)) {
        issue(['grading', 'failGrade'], `"${def.grading.failGrade}" is not on the grade scale`);
      }
      const categoryIds = new Set(def.categories.map((c) => c.id));
      const awardIds = new Set(def.awards.map((a) => a.id));
      const ruleIds = new Set(def.rules.map((r) => r.id));
      const referenced: [(string | number)[], string | undefined][] = [
        ...def.calendar.stages.map((s, i): [(string | number)[], string | undefined] => [
          ['calendar', 'stages', i, 'ruleId'],
          s.ruleId,
        ]),
        ...(def.funding?.items ?? []).map((f, i): [(string | number)[], string | undefined] => [
          ['funding', 'items', i, 'ruleId'],
          f.ruleId,
        ]),
        [['grading', 'ruleId'], def.grading?.ruleId],
        ...def.forms.map((f, i): [(string | number)[], string | undefined] => [
          ['forms', i, 'ruleId'],
          f.ruleId,
        ]),
        ...def.sanctions.map((s, i): [(string | number)[], string | undefined] => [
          ['sanctions', i, 'ruleId'],
          s.ruleId,
        ]),
        ...def.milestones.map((m, i): [(string | number)[], string | undefined] => [
          ['milestones', i, 'ruleId'],
          m.ruleId,
        ]),
      ];
      for (const [path, id] of referenced) {
        if (id !== undefined && !ruleIds.has(id)) issue(path, `names rule ${id}, which no rule declares`);
      }
      def.rules.forEach((rule, i) => {
        const at = (...rest: (string | number)[]) => ['rules', i, ...rest];
        for (const [j, c] of (rule.appliesTo?.categories ?? []).entries()) {
          if (!categoryIds.has(c)) issue(at('appliesTo', 'categories', j), `no category "${c}"`);
        }
        for (const [j, a] of (rule.appliesTo?.awards ?? []).entries()) {
          if (!awardIds.has(a)) issue(at('appliesTo', 'awards', j), `no award "${a}"`);
        }
        const kind = ruleKinds[rule.kind];
        if (!kind?.contexts.includes(rule.context) || !kind.params().safeParse(rule.params).success) return;
        for (const p of kind.crossCheck(rule.params, { definition: def as ProgrammeDefinition, rule })) {
          issue(at(...p.path), p.message);
        }
      });
    });

/** The definition schema (zod), built on first use. */
export const programmeDefinitionSchema = z.lazy(buildSchema);

/** One rule entry (used for the platform's cross-cutting X-* rules, which belong to no programme). */
export const ruleDefinitionSchema = z.lazy(buildRuleSchema);

export type ProgrammeDefinition = z.output<ReturnType<typeof buildSchema>>;
export type ProgrammeDefinitionInput = z.input<ReturnType<typeof buildSchema>>;
export type CategoryDefinition = ProgrammeDefinition['categories'][number];
export type FieldDefinition = CategoryDefinition['fields'][number];
export type RuleDefinition = ProgrammeDefinition['rules'][number];
export type StageDefinition = ProgrammeDefinition['calendar']['stages'][number];

/** A readable, one-line-per-problem list of what is wrong with a definition. */
export const formatDefinitionIssues = (issues: readonly z.core.$ZodIssue[]): string[] =>
  issues.map((i) => `${formatPath(i.path as readonly PropertyKey[]) || '(definition)'}: ${i.message}`);

const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (s, key) => (typeof key === 'number' ? `${s}[${key}]` : s ? `${s}.${String(key)}` : String(key)),
    '',
  );

export class InvalidDefinitionError extends Error {
  constructor(
    readonly programmeId: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Invalid programme definition "${programmeId}" (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'InvalidDefinitionError';
  }
}

/** Parses a definition; on failure the result lists every problem as `path: message`. */
export const parseProgrammeDefinition = (
  input: unknown,
): { ok: true; definition: ProgrammeDefinition } | { ok: false; problems: string[] } => {
  const result = programmeDefinitionSchema.safeParse(input);
  return result.success
    ? { ok: true, definition: result.data }
    : { ok: false, problems: formatDefinitionIssues(result.error.issues) };
};

/**
 * Validates a definition and returns it, or throws InvalidDefinitionError whose message lists every
 * problem with its path (`rules[3].params.max: Too small: expected number to be >0`).
 */
export const defineProgramme = (input: ProgrammeDefinitionInput): ProgrammeDefinition => {
  const parsed = parseProgrammeDefinition(input);
  if (!parsed.ok) {
    const id = typeof input === 'object' && input !== null && typeof input.id === 'string' ? input.id : '?';
    throw new InvalidDefinitionError(id, parsed.problems);
  }
  return parsed.definition;
};

/**
 * Declares a built-in definition (a seed programme written in this package). It is validated at build
 * time, not at import: `validateBuiltInProgrammes` (catalogue.ts) runs in the test suite and in the
 * rules-doc generator and fails them with `defineProgramme`'s readable message. Parsing the five
 * definitions at import cost ~70 ms of cold start on the esbuild bundle, which no Lambda should pay for
 * data that cannot change after the build. TypeScript checks the shape at compile time; the schema's
 * defaults are filled here.
 */
export const builtInProgramme = (input: ProgrammeDefinitionInput): ProgrammeDefinition =>
  ({ awards: [], forms: [], sanctions: [], milestones: [], ...input }) as ProgrammeDefinition;
