/**
 * Ordered qualification scales. Eligibility rules say "X or above", so each scale is an ordered tuple
 * (lowest first) and `…AtLeast` compares positions.
 */

/** Vocational skill levels (职业技能等级), lowest first. */
export const SKILL_LEVELS = [
  '初级工',
  '中级工',
  '高级工',
  '技师',
  '高级技师',
  '特级技师',
  '首席技师',
] as const;
export type SkillLevel = (typeof SKILL_LEVELS)[number];

/** Professional title grades (职称), lowest first. */
export const PROFESSIONAL_TITLES = ['初级', '中级', '副高级', '正高级'] as const;
export type ProfessionalTitle = (typeof PROFESSIONAL_TITLES)[number];

/** Highest education completed, lowest first. */
export const EDUCATION_LEVELS = ['初中', '高中', '中专', '大专', '本科', '硕士', '博士'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export const SKILL_LEVEL_LABELS: Readonly<Record<SkillLevel, string>> = {
  初级工: 'junior worker',
  中级工: 'intermediate worker',
  高级工: 'senior worker',
  技师: 'technician',
  高级技师: 'senior technician',
  特级技师: 'special-grade technician',
  首席技师: 'chief technician',
};

export const PROFESSIONAL_TITLE_LABELS: Readonly<Record<ProfessionalTitle, string>> = {
  初级: 'junior',
  中级: 'intermediate',
  副高级: 'associate senior',
  正高级: 'full senior',
};

export const EDUCATION_LEVEL_LABELS: Readonly<Record<EducationLevel, string>> = {
  初中: 'junior secondary school',
  高中: 'senior secondary school',
  中专: 'secondary vocational school',
  大专: 'junior college',
  本科: "bachelor's degree",
  硕士: "master's degree",
  博士: 'doctorate',
};

const member =
  <T extends string>(scale: readonly T[]) =>
  (v: unknown): v is T =>
    typeof v === 'string' && (scale as readonly string[]).includes(v);

export const isSkillLevel = member<SkillLevel>(SKILL_LEVELS);
export const isProfessionalTitle = member<ProfessionalTitle>(PROFESSIONAL_TITLES);
export const isEducationLevel = member<EducationLevel>(EDUCATION_LEVELS);

const atLeast = <T extends string>(scale: readonly T[], value: T, min: T): boolean => {
  const v = scale.indexOf(value);
  const m = scale.indexOf(min);
  if (v < 0 || m < 0) throw new RangeError(`Not on the scale: ${v < 0 ? value : min}`);
  return v >= m;
};

/** True when `level` is `min` or above. */
export const skillLevelAtLeast = (level: SkillLevel, min: SkillLevel): boolean =>
  atLeast(SKILL_LEVELS, level, min);

/** True when `title` is `min` or above. */
export const titleAtLeast = (title: ProfessionalTitle, min: ProfessionalTitle): boolean =>
  atLeast(PROFESSIONAL_TITLES, title, min);

/** True when `education` is `min` or above. */
export const educationAtLeast = (education: EducationLevel, min: EducationLevel): boolean =>
  atLeast(EDUCATION_LEVELS, education, min);
