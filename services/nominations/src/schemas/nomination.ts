import {
  code,
  isoDate,
  mobilePhone,
  pageQuery,
  personName,
  residentId as residentIdField,
  text,
} from '@talent/http';
import { EDUCATION_LEVELS, PROFESSIONAL_TITLES, parseResidentId, SKILL_LEVELS } from '@talent/kernel';
import * as z from 'zod';

export const NOMINATION_STATUSES = ['draft', 'submitted', 'withdrawn'] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

// Every schema is wrapped in z.lazy: it is built on first use, not at import, which keeps
// the function's cold start close to a bare SDK client (see `npm run bench`).

/**
 * The nominee (被推荐人). Birth date and gender, when given, must agree with the resident
 * ID (X-RESIDENT-ID); when absent they are derived from it.
 */
export const nomineeInput = z.lazy(() =>
  z
    .strictObject({
      name: personName(),
      residentId: residentIdField(),
      birthDate: isoDate().optional(),
      gender: z.enum(['male', 'female']).optional(),
      phone: mobilePhone(),
      /** 所在单位 */
      employer: text(100),
      /** 职务 */
      position: text(50).optional(),
      /** 从事工种（行业专业） */
      occupation: text(100),
      yearsInOccupation: z.number().int().min(0).max(60).optional(),
      skillLevel: z.enum(SKILL_LEVELS),
      professionalTitle: z.enum(PROFESSIONAL_TITLES).optional(),
      education: z.enum(EDUCATION_LEVELS).optional(),
      /** 称号 (e.g. 首席技师, 技能大师工作室领办人) */
      titles: z.array(text(100)).max(20).default([]),
      /** 主要荣誉 */
      honours: z.array(text(200)).max(50).default([]),
    })
    .superRefine((nominee, ctx) => {
      const parsed = parseResidentId(nominee.residentId);
      if (!parsed.ok) return;
      if (nominee.birthDate !== undefined && nominee.birthDate !== parsed.value.birthDate) {
        ctx.addIssue({
          code: 'custom',
          path: ['birthDate'],
          message: 'birth date does not match the resident ID',
          params: { ruleId: 'X-RESIDENT-ID', messageZh: '出生日期与身份证号码不一致' },
        });
      }
      if (nominee.gender !== undefined && nominee.gender !== parsed.value.gender) {
        ctx.addIssue({
          code: 'custom',
          path: ['gender'],
          message: 'gender does not match the resident ID',
          params: { ruleId: 'X-RESIDENT-ID', messageZh: '性别与身份证号码不一致' },
        });
      }
    }),
);
export type NomineeInput = z.output<typeof nomineeInput>;

const attributes = z.record(z.string().max(64), z.unknown()).default({});

export const createNominationBody = z.lazy(() =>
  z.strictObject({
    programmeId: code(64),
    cycleId: code(64),
    category: code(64),
    /** The nominating unit (推荐单位: school, employer, county bureau). */
    unitId: code(64),
    nominee: nomineeInput,
    /** Programme-specific attributes, validated by the category's schema in the catalogue. */
    attributes,
  }),
);
export type CreateNominationBody = z.output<typeof createNominationBody>;

export const updateNominationBody = z.lazy(() =>
  z
    .strictObject({
      nominee: nomineeInput.optional(),
      attributes: z.record(z.string().max(64), z.unknown()).optional(),
    })
    .refine((b) => b.nominee !== undefined || b.attributes !== undefined, {
      message: 'send nominee and/or attributes',
      params: { ruleId: 'P-SCHEMA' },
    }),
);
export type UpdateNominationBody = z.output<typeof updateNominationBody>;

export const withdrawBody = z.lazy(() => z.strictObject({ reason: text(500) }));

/** A reviewer's override of a relaxable rule (the rule id from DOMAIN.md and, for a rule of several clauses, the clause). */
export const overrideBody = z.lazy(() =>
  z.strictObject({
    ruleId: z.string().regex(/^[A-Z]{1,3}(-[A-Z0-9]+)+$/, 'a rule id such as JS-LEVEL'),
    clause: code(64).optional(),
    reason: text(1000),
  }),
);
export type OverrideBody = z.output<typeof overrideBody>;

export const nominationParams = z.lazy(() =>
  z.strictObject({
    nominationId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  }),
);

export const listNominationsQuery = z.lazy(() =>
  z.strictObject({
    cycleId: code(64).optional(),
    category: code(64).optional(),
    status: z.enum(NOMINATION_STATUSES).optional(),
    unitId: code(64).optional(),
    ...pageQuery(),
  }),
);
export type ListNominationsQuery = z.output<typeof listNominationsQuery>;

export const nomineeView = z.lazy(() =>
  z.object({
    name: z.string(),
    residentId: z.string().describe('Masked (110105********002X) unless the caller may see it in full'),
    residentIdMasked: z.boolean(),
    birthDate: z.string(),
    gender: z.enum(['male', 'female']),
    phone: z.string(),
    employer: z.string(),
    position: z.string().optional(),
    occupation: z.string(),
    yearsInOccupation: z.number().optional(),
    skillLevel: z.string(),
    professionalTitle: z.string().optional(),
    education: z.string().optional(),
    titles: z.array(z.string()),
    honours: z.array(z.string()),
  }),
);

const findingShape = () => ({
  ruleId: z.string().describe('Rule id from DOMAIN.md'),
  clause: z.string().optional(),
  path: z.string(),
  message: z.string(),
  messageZh: z.string(),
});
const findingView = z.lazy(() => z.object(findingShape()));

export const eligibilityView = z.lazy(() =>
  z
    .object({
      status: z
        .enum(['eligible', 'needs-override'])
        .describe('`needs-override` while a relaxable breach awaits a reviewer override'),
      programmeVersion: z.number(),
      selectionDate: z.string(),
      pending: z.array(findingView).describe('Relaxable breaches awaiting a reviewer override'),
      overridden: z.array(z.object({ ...findingShape(), by: z.string(), reason: z.string() })),
      reported: z.array(findingView).describe('Flags of reported rules; they never block'),
    })
    .describe("The rule engine's verdict under the cycle's programme version"),
);

export const nominationView = z.lazy(() =>
  z.object({
    nominationId: z.string(),
    programmeId: z.string(),
    programmeVersion: z.number(),
    cycleId: z.string(),
    category: z.string(),
    unitId: z.string(),
    status: z.enum(NOMINATION_STATUSES),
    nominee: nomineeView,
    attributes: z.record(z.string(), z.unknown()),
    eligibility: eligibilityView,
    overrides: z.array(
      z.object({
        ruleId: z.string(),
        clause: z.string().optional(),
        by: z.string(),
        reason: z.string(),
        at: z.string(),
      }),
    ),
    version: z.number(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
    submittedAt: z.string().optional(),
    withdrawnAt: z.string().optional(),
    withdrawReason: z.string().optional(),
  }),
);
export type NominationView = z.output<typeof nominationView>;

export const nominationPage = z.lazy(() =>
  z.object({ items: z.array(nominationView), nextCursor: z.string().nullable() }),
);

export const auditRecordView = z.lazy(() =>
  z.object({
    auditId: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    action: z.string(),
    actorId: z.string(),
    actorRoles: z.array(z.string()),
    at: z.string(),
    reason: z.string().optional(),
    before: z.record(z.string(), z.unknown()).nullable().optional(),
    after: z.record(z.string(), z.unknown()).nullable().optional(),
  }),
);
export const auditPage = z.lazy(() =>
  z.object({ items: z.array(auditRecordView), nextCursor: z.string().nullable() }),
);
export const auditQuery = z.lazy(() => z.strictObject({ ...pageQuery() }));
