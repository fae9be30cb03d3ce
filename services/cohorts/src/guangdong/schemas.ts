/** Request and response schemas of the Guangdong pilot routes (built lazily: cold start). */
import { code, isoDate, pageQuery, personName, residentId, text } from '@talent/http';
import { PROFESSIONAL_TITLES, SKILL_LEVELS } from '@talent/kernel';
import * as z from 'zod';
import { TEAM_MEMBER_ROLES } from '../shared/team-roles';

export const ENTRY_LEVELS = [
  'junior-high',
  'senior-high',
  'secondary-vocational',
  'higher-vocational',
  'bachelor-or-above',
] as const;

/** Roles in the teaching and assessment team (GD-FACULTY), as the nominations service names them. */
export const FACULTY_ROLES = TEAM_MEMBER_ROLES;

export const EVALUATION_KINDS = ['mid-term', 'completion'] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];
export const CHANGE_AREAS = ['curriculum', 'assessment', 'practice'] as const;

export const cycleParams = z.lazy(() => z.strictObject({ cycleId: code(64) }));
export const pilotParams = z.lazy(() => z.strictObject({ pilotId: code(64) }));
export const memberParams = z.lazy(() => z.strictObject({ pilotId: code(64), memberId: code(64) }));
export const evaluationParams = z.lazy(() =>
  z.strictObject({ pilotId: code(64), kind: z.enum(EVALUATION_KINDS) }),
);
export const classParams = z.lazy(() => z.strictObject({ classId: code(64) }));
export const studentParams = z.lazy(() => z.strictObject({ studentId: code(64) }));
export const listQuery = z.lazy(() => z.strictObject({ ...pageQuery() }));

export const revokeBody = z.lazy(() =>
  z.strictObject({
    /** 违规行为: what the violation was (GD-OVERSIGHT). */
    reason: text(1000),
  }),
);

export const memberInput = z.lazy(() =>
  z.strictObject({
    name: personName(),
    role: z.enum(FACULTY_ROLES),
    professionalTitle: z.enum(PROFESSIONAL_TITLES).optional(),
    skillLevel: z.enum(SKILL_LEVELS).optional(),
    employer: text(100).optional(),
  }),
);
export type MemberInput = z.output<typeof memberInput>;
export const facultyBody = z.lazy(() => z.strictObject({ members: z.array(memberInput).min(1).max(500) }));

export const classBody = z.lazy(() =>
  z.strictObject({
    name: text(100),
    /** 生源起点 (GD-SCHOOLING) */
    entryLevel: z.enum(ENTRY_LEVELS),
    intakeYear: z.number().int().min(2024).max(2100),
    /** When given it must be the definition's length for the entry level (or an admin's exception). */
    plannedYears: z.number().int().min(1).max(10).optional(),
    seniorWorkerStageYears: z.number().int().min(1).max(10).optional(),
    /**
     * 灵活学制: the province (admin) lets a length or senior-worker stage other than GD-SCHOOLING's
     * stand, with the reason; recorded on the class and in its audit record.
     */
    lengthOverrideReason: text(500).optional(),
  }),
);

export const mentorInput = z.lazy(() =>
  z.strictObject({
    role: z.enum(['enterprise-mentor', 'school-mentor']),
    name: personName(),
    employer: text(100).optional(),
  }),
);

export const studentBody = z.lazy(() =>
  z.strictObject({
    name: personName(),
    residentId: residentId(),
    /** 1+1 双导师 (GD-DUAL-MENTOR): one enterprise and one school mentor. */
    mentors: z.array(mentorInput).max(4),
  }),
);

export const outcomeBody = z.lazy(() =>
  z.strictObject({
    graduated: z.boolean(),
    graduatedOn: isoDate().optional(),
    /** 课程考核合格 */
    courseAssessmentPassed: z.boolean(),
    /** 企业实践考核达标 */
    enterprisePracticePassed: z.boolean(),
    /** ① 技师/二级职业技能等级证书 */
    technicianCertificate: z.boolean().default(false),
    /** ② 行业或企业内部认定的技师水平技能等级证书 */
    recognisedTechnicianCertificate: z.boolean().default(false),
    /** ③ 合作企业终结性考评认为达到技师水平 */
    enterpriseAssessedTechnicianLevel: z.boolean().default(false),
    /** ③ 受聘与技师职级相当的岗位并获取相应标准薪酬 */
    technicianEquivalentPostWithPay: z.boolean().default(false),
    employed: z.boolean().default(false),
    /** 对口就业 */
    matchedEmployment: z.boolean().default(false),
    /** 工作待遇高于技师相应岗位 */
    paidAboveTechnicianPay: z.boolean().default(false),
  }),
);
export type OutcomeInput = z.output<typeof outcomeBody>;

export const evaluationBody = z.lazy(() =>
  z.strictObject({
    result: z.enum(['pass', 'fail']),
    score: z.number().int().min(0).max(100).optional(),
    findings: text(4000),
  }),
);

export const changeBody = z.lazy(() =>
  z.strictObject({
    area: z.enum(CHANGE_AREAS),
    description: text(2000),
    /** 经院校党委会研究 */
    approvedByPartyCommitteeOn: isoDate(),
    /** 报省教研室备案 */
    filedOn: isoDate(),
  }),
);

// ——— views (documentation of responses) ———
const anyObject = () => z.record(z.string(), z.unknown());
export const pilotView = z.lazy(() =>
  z.object({
    pilotId: z.string(),
    cycleId: z.string(),
    unitId: z.string(),
    institutionName: z.string().optional(),
    major: z.string().optional(),
    partners: z.array(anyObject()),
    faculty: z.array(anyObject()),
    status: z.enum(['active', 'revoked']),
    revocation: anyObject().optional(),
    version: z.number(),
  }),
);
export const pilotPage = z.lazy(() =>
  z.object({ items: z.array(pilotView), nextCursor: z.string().nullable() }),
);
export const registerView = z.lazy(() => z.object({ registered: z.number(), existing: z.number() }));
export const facultyView = z.lazy(() =>
  z.object({ pilotId: z.string(), faculty: z.array(anyObject()), version: z.number() }),
);
export const classView = z.lazy(() => anyObject());
export const classPage = z.lazy(() =>
  z.object({ items: z.array(anyObject()), nextCursor: z.string().nullable() }),
);
export const studentView = z.lazy(() => anyObject());
export const studentPage = z.lazy(() =>
  z.object({ items: z.array(anyObject()), nextCursor: z.string().nullable() }),
);
export const evaluationView = z.lazy(() => anyObject());
export const evaluationList = z.lazy(() => z.object({ items: z.array(anyObject()) }));
export const changeView = z.lazy(() => anyObject());
export const changePage = z.lazy(() =>
  z.object({ items: z.array(anyObject()), nextCursor: z.string().nullable() }),
);
export const kpiView = z.lazy(() =>
  z.object({
    scope: z.string(),
    metrics: z.record(z.string(), z.number()),
    indicators: z.array(anyObject()),
    met: z.boolean(),
  }),
);
