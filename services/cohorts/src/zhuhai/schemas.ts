/** Request and response schemas of the Zhuhai routes (built lazily: cold start). */
import { code, isoDate, pageQuery, personName, residentId, text } from '@talent/http';
import * as z from 'zod';

/** ZH-INDUSTRIES, plus `other` (recorded, not eligible for the subsidy). */
export const INDUSTRY_CODES = [
  'new-generation-it',
  'new-energy',
  'integrated-circuits',
  'biomedicine-health',
  'smart-home-appliances',
  'equipment-manufacturing',
  'fine-chemicals',
  'other',
] as const;

export const EMPLOYER_TYPES = [
  'private-vocational-school',
  'private-training-institution',
  'public-vocational-school',
  'public-training-institution',
  'other',
] as const;

export const PROMOTION_LEVELS = ['技师', '高级技师'] as const;
export const TIERS = [
  'special-craftsman',
  'craftsman',
  'district-craftsman',
  'enterprise-craftsman',
] as const;

export const cycleParams = z.lazy(() => z.strictObject({ cycleId: code(64) }));
export const registrationsQuery = z.lazy(() =>
  z.strictObject({ tier: z.enum(TIERS).optional(), ...pageQuery() }),
);
export const registrationBody = z.lazy(() => z.strictObject({ nominationId: code(64) }));

export const promotionParams = z.lazy(() => z.strictObject({ promotionId: code(64) }));
export const practiceParams = z.lazy(() =>
  z.strictObject({ promotionId: code(64), year: z.coerce.number().int().min(2000).max(2100) }),
);
export const listQuery = z.lazy(() => z.strictObject({ ...pageQuery() }));

export const promotionBody = z.lazy(() =>
  z.strictObject({
    /** The school or institution (a unit user's own unit; admin names it). */
    unitId: code(64).optional(),
    teacher: z.strictObject({ name: personName(), residentId: residentId() }),
    schoolName: text(100),
    employerType: z.enum(EMPLOYER_TYPES),
    industry: z.enum(INDUSTRY_CODES),
    level: z.enum(PROMOTION_LEVELS),
    /** 通过技能等级认定晋升 */
    promotedBySkillLevelRecognition: z.boolean(),
    certificateNumber: text(64),
    certificateDate: isoDate(),
  }),
);
export type PromotionInput = z.output<typeof promotionBody>;

export const practiceBody = z.lazy(() =>
  z.strictObject({
    /** 专业课教师: the yearly month applies to specialty teachers. */
    isSpecialtyTeacher: z.boolean(),
    periods: z
      .array(z.strictObject({ from: isoDate(), to: isoDate(), enterprise: text(100).optional() }))
      .max(50),
  }),
);

const anyObject = () => z.record(z.string(), z.unknown());
export const registrationView = z.lazy(() => anyObject());
export const registrationPage = z.lazy(() =>
  z.object({ items: z.array(anyObject()), nextCursor: z.string().nullable() }),
);
export const pyramidView = z.lazy(() =>
  z.object({
    year: z.number(),
    tiers: z.array(anyObject()),
    pyramidHolds: z.boolean(),
    flags: z.array(anyObject()),
  }),
);
export const promotionView = z.lazy(() => anyObject());
export const promotionPage = z.lazy(() =>
  z.object({ items: z.array(anyObject()), nextCursor: z.string().nullable() }),
);
export const practiceView = z.lazy(() => anyObject());
export const practiceList = z.lazy(() => z.object({ items: z.array(anyObject()) }));
