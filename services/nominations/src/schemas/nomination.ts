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
import { selectionShape } from './selection';

/**
 * The status machine (docs/api.md): draft → submitted ⇄ returned; submitted → recommended |
 * not-recommended; recommended → listed | not-listed; listed → removed (objection upheld) | official;
 * withdrawn from draft, submitted or returned. Amendments of the frozen official list move
 * official → removed and removed → official.
 */
export const NOMINATION_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'withdrawn',
  'recommended',
  'not-recommended',
  'listed',
  'not-listed',
  'removed',
  'official',
] as const;
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

/**
 * Roles in a team (BJ-TEAM) or a teaching and assessment group (GD-FACULTY): 专任教师, 企业导师,
 * 行业企业专业人员, 学校导师, 其他.
 */
export const MEMBER_ROLES = [
  'full-time-teacher',
  'enterprise-mentor',
  'enterprise-staff',
  'school-mentor',
  'other',
] as const;

/** A member of a team or faculty. The resident ID, when given, is checked (X-RESIDENT-ID) and masked in views. */
export const memberInput = z.lazy(() =>
  z.strictObject({
    name: personName(),
    residentId: residentIdField().optional(),
    role: z.enum(MEMBER_ROLES),
    /** 带头人 */
    isLeader: z.boolean().default(false),
    professionalTitle: z.enum(PROFESSIONAL_TITLES).optional(),
    skillLevel: z.enum(SKILL_LEVELS).optional(),
    employer: text(100).optional(),
  }),
);
export type MemberInput = z.output<typeof memberInput>;

/** The same person twice in a group is a typing error; a team has exactly one leader. */
const checkMembers = (
  members: readonly MemberInput[],
  ctx: z.core.$RefinementCtx,
  path: string,
  oneLeader: boolean,
) => {
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    if (!m.residentId) return;
    const first = seen.get(m.residentId);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [path, i, 'residentId'],
        message: `the same person as ${path}[${first}]`,
        params: { ruleId: 'P-MEMBERS', messageZh: '成员重复' },
      });
    } else seen.set(m.residentId, i);
  });
  const leaders = members.filter((m) => m.isLeader).length;
  if (oneLeader && leaders !== 1) {
    ctx.addIssue({
      code: 'custom',
      path: [path],
      message: `a team has exactly one leader (isLeader); this one has ${leaders}`,
      params: { ruleId: 'P-MEMBERS', messageZh: '团队须有且仅有一名带头人' },
    });
  }
};

/** A team nominated as one (优秀匠师团队): its members, the leader among them (BJ-TEAM). */
export const teamInput = z.lazy(() =>
  z
    .strictObject({
      name: text(100),
      // Above BJ-TEAM's 15 ("原则上"): the rule answers, with a reviewer override, not the schema.
      members: z.array(memberInput).min(1).max(50),
    })
    .superRefine((t, ctx) => checkMembers(t.members, ctx, 'members', true)),
);
export type TeamInput = z.output<typeof teamInput>;

const partnerFact = z.union([z.boolean(), z.number().finite(), z.string().max(200)]);

/** A partner enterprise of an institution's application (GD-ENTERPRISE); its facts are checked by the rules. */
export const partnerInput = z.lazy(() =>
  z.strictObject({
    name: text(100),
    /** 统一社会信用代码 (GB 32100): 18 characters. */
    creditCode: z
      .string()
      .regex(
        /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
        'an 18-character unified social credit code',
      )
      .optional(),
    attributes: z
      .record(code(64), partnerFact)
      .refine((a) => Object.keys(a).length <= 30, 'at most 30 facts'),
  }),
);
export type PartnerInput = z.output<typeof partnerInput>;

/** An institution's application (学制技师试点专业): its teaching and assessment group and partner enterprises. */
export const institutionInput = z.lazy(() =>
  z
    .strictObject({
      /** 教学和考评团队 (GD-FACULTY) */
      faculty: z.array(memberInput).min(1).max(200),
      /** 合作企业 (GD-ENTERPRISE) */
      partners: z.array(partnerInput).min(1).max(20),
    })
    .superRefine((t, ctx) => checkMembers(t.faculty, ctx, 'faculty', false)),
);
export type InstitutionInput = z.output<typeof institutionInput>;

const attributes = z.record(z.string().max(64), z.unknown()).default({});

/** Who is nominated: a person (`nominee`), a team (`team`) or an institution (`institution`), as the category says. */
export const createNominationBody = z.lazy(() =>
  z.strictObject({
    programmeId: code(64),
    cycleId: code(64),
    category: code(64),
    /** The nominating unit (推荐单位: school, employer, county bureau). */
    unitId: code(64),
    nominee: nomineeInput.optional(),
    team: teamInput.optional(),
    institution: institutionInput.optional(),
    /** Programme-specific attributes, validated by the category's schema in the catalogue. */
    attributes,
  }),
);
export type CreateNominationBody = z.output<typeof createNominationBody>;

export const updateNominationBody = z.lazy(() =>
  z
    .strictObject({
      nominee: nomineeInput.optional(),
      team: teamInput.optional(),
      institution: institutionInput.optional(),
      attributes: z.record(z.string().max(64), z.unknown()).optional(),
    })
    .refine((b) => Object.values(b).some((v) => v !== undefined), {
      message: 'send nominee, team, institution and/or attributes',
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

const memberView = z.lazy(() =>
  z.object({
    name: z.string(),
    residentId: z.string().optional().describe('Masked unless the caller may see it in full'),
    role: z.enum(MEMBER_ROLES),
    isLeader: z.boolean(),
    professionalTitle: z.string().optional(),
    skillLevel: z.string().optional(),
    employer: z.string().optional(),
  }),
);

export const teamView = z.lazy(() => z.object({ name: z.string(), members: z.array(memberView) }));

export const institutionView = z.lazy(() =>
  z.object({
    faculty: z.array(memberView),
    partners: z.array(
      z.object({
        name: z.string(),
        creditCode: z.string().optional(),
        attributes: z.record(z.string(), z.unknown()),
      }),
    ),
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
    nomineeKind: z.enum(['person', 'team', 'institution']),
    nominee: nomineeView.optional().describe('The person nominated (person categories)'),
    team: teamView.optional().describe('The team nominated (team categories)'),
    institution: institutionView.optional().describe('The application (institution categories)'),
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
    ...selectionShape(),
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
