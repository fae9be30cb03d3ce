import * as z from 'zod';

/**
 * The programme catalogue: each seed programme as data. This is the first, minimal form
 * (identity, categories, nominee attribute schemas, per-cycle quotas); the catalogue issue
 * extends it with calendars, caps, grading, funding and the rule engine.
 */
export type NomineeKind = 'person' | 'team' | 'institution';

export interface CategoryDefinition {
  readonly id: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly nomineeKind: NomineeKind;
  /**
   * Programme-specific attributes of a nomination in this category (strict: unknown keys are
   * refused). Built on first use: a function that serves one programme does not pay for
   * constructing every programme's schemas at cold start.
   */
  readonly attributes: () => z.ZodType;
  /** Most selections per cycle (JS-CATEGORIES, BJ-ROUND …), when the seed sets one. */
  readonly quotaPerCycle?: number;
  readonly ruleIds: readonly string[];
}

export interface ProgrammeDefinition {
  readonly id: string;
  readonly version: number;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly issuersZh: readonly string[];
  /** Agencies (tenants) that run this programme. */
  readonly agencyIds: readonly string[];
  readonly effectiveFrom: string;
  /** The seed document it was written from (../shared/seeds/). */
  readonly source: string;
  readonly categories: readonly CategoryDefinition[];
}

/** Builds a schema once, on first call. */
const once = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
};

const yes = () => z.boolean();

const lishuiMaster = (tier: 1 | 2) =>
  z.strictObject({
    /** LS-MASTER-TIER1 / LS-MASTER-TIER2: which qualification makes the person a master of this tier. */
    qualification:
      tier === 1
        ? z.enum([
            'skill-master-studio-leader',
            'chief-technician',
            'zhejiang-top-skill-talent',
            'arts-crafts-master',
          ])
        : z.enum(['lishui-wuyang-skill-master', 'zhejiang-excellent-skill-talent']),
    /** LS-NOMINATION-ROUTE */
    nominationRoute: z.enum(['self', 'industry-association', 'competent-department']),
    hasApprenticeTeachingExperience: yes(),
    /** LS-SERVICE-TERM: at least 6 years. */
    proposedServiceYears: z
      .number()
      .int()
      .max(30)
      .refine((v) => v >= 6, {
        message: 'a master serves at least 6 years',
        params: { ruleId: 'LS-SERVICE-TERM' },
      }),
    /** The grade (class) the master would take apprentices from (附表1 拟结对带徒年级). */
    apprenticeGrade: z.string().trim().min(1).max(50),
  });

const jiangsu = (category: 'A' | 'B') =>
  z.strictObject({
    /** JS-A-SOURCE: the basis of recognition (A) or selection (B). */
    basis: z.string().trim().min(1).max(200),
    /** JS-EXCLUSIONS: earlier chief-technician one-off subsidy excludes B. */
    receivedChiefTechnicianSubsidy:
      category === 'B'
        ? yes().refine((v) => !v, {
            message:
              'people who received the former chief-technician one-off subsidy are not recommended for B',
            params: {
              ruleId: 'JS-EXCLUSIONS',
              messageZh: '已享受原“江苏省企业首席技师”一次性补助的人员不再推荐参加 B 类',
            },
          })
        : yes(),
    previousParticipationEndedOn: z.iso.date().optional(),
  });

const beijingTeacher = once(() =>
  z.strictObject({
    school: z.string().trim().min(1).max(100),
    teachingYears: z.number().int().min(0).max(60),
    isSpecialtyTeacher: yes(),
    enterprisePracticeMonthsLast5Years: z.number().min(0).max(60).optional(),
  }),
);

const zhuhaiCraftsman = once(() =>
  z.strictObject({
    industry: z.enum([
      'new-generation-it',
      'new-energy',
      'integrated-circuits',
      'biomedicine-health',
      'smart-home-appliances',
      'equipment-manufacturing',
      'fine-chemicals',
    ]),
    enterprise: z.string().trim().min(1).max(100),
  }),
);

export const programmes: readonly ProgrammeDefinition[] = [
  {
    id: 'lishui-masters',
    version: 1,
    nameZh: '丽水市职业教育“百名大师、千名高徒”结对培养工程',
    nameEn: 'Lishui “Hundred Masters, Thousand Apprentices” vocational pairing programme',
    issuersZh: ['丽水市人力资源和社会保障局', '丽水市教育局', '丽水市财政局'],
    agencyIds: ['lishui'],
    effectiveFrom: '2020-12-02',
    source: 'seeds/000_a2e8bbfbe1fd7159.txt',
    categories: [
      {
        id: 'master-tier-1',
        nameZh: '“百名大师”第一梯队',
        nameEn: 'Master, tier 1',
        nomineeKind: 'person',
        attributes: once(() => lishuiMaster(1)),
        ruleIds: ['LS-MASTER-TIER1', 'LS-NOMINATION-ROUTE', 'LS-SERVICE-TERM'],
      },
      {
        id: 'master-tier-2',
        nameZh: '“百名大师”第二梯队',
        nameEn: 'Master, tier 2',
        nomineeKind: 'person',
        attributes: once(() => lishuiMaster(2)),
        ruleIds: ['LS-MASTER-TIER2', 'LS-NOMINATION-ROUTE', 'LS-SERVICE-TERM'],
      },
    ],
  },
  {
    id: 'guangdong-diploma-technician',
    version: 1,
    nameZh: '广东省深化技师学院学制技师培养改革试点',
    nameEn: 'Guangdong diploma-track technician pilot',
    issuersZh: ['广东省人力资源和社会保障厅'],
    agencyIds: ['guangdong'],
    effectiveFrom: '2025-01-01',
    source: 'seeds/001_e335d084afc9f35a.txt',
    categories: [
      {
        id: 'pilot-major',
        nameZh: '试点院校专业',
        nameEn: 'Pilot institution and major',
        nomineeKind: 'institution',
        attributes: once(() => z.strictObject({})),
        ruleIds: ['GD-INSTITUTIONS', 'GD-MAJOR'],
      },
    ],
  },
  {
    id: 'zhuhai-new-craftsmen',
    version: 1,
    nameZh: '新时代“产业新工匠”培育工程',
    nameEn: 'Zhuhai “New Industrial Craftsmen” programme',
    issuersZh: ['珠海市人力资源和社会保障局'],
    agencyIds: ['zhuhai'],
    effectiveFrom: '2023-01-01',
    source: 'seeds/002_35f0f020ace620f2.txt',
    categories: [
      { id: 'special-craftsman', nameZh: '特级工匠', nameEn: 'Special-grade craftsman', quotaPerCycle: 10 },
      { id: 'craftsman', nameZh: '工匠', nameEn: 'Craftsman', quotaPerCycle: 100 },
      { id: 'district-craftsman', nameZh: '区级工匠', nameEn: 'District craftsman', quotaPerCycle: 1000 },
      {
        id: 'enterprise-craftsman',
        nameZh: '企业工匠',
        nameEn: 'Enterprise craftsman',
        quotaPerCycle: 10000,
      },
    ].map((c) => ({
      ...c,
      nomineeKind: 'person' as const,
      attributes: zhuhaiCraftsman,
      ruleIds: ['ZH-CRAFTSMAN-TIERS', 'ZH-INDUSTRIES'],
    })),
  },
  {
    id: 'jiangsu-excellent-technicians',
    version: 1,
    nameZh: '江苏省卓越技师培育计划',
    nameEn: 'Jiangsu Excellent Technicians programme',
    issuersZh: ['江苏省人力资源和社会保障厅', '江苏省财政厅'],
    agencyIds: ['jiangsu'],
    effectiveFrom: '2024-01-01',
    source: 'seeds/003_f6c0fbc640225889.txt',
    categories: [
      {
        id: 'A',
        nameZh: 'A 类',
        nameEn: 'Category A',
        nomineeKind: 'person',
        attributes: once(() => jiangsu('A')),
        quotaPerCycle: 100,
        ruleIds: ['JS-CATEGORIES', 'JS-A-SOURCE'],
      },
      {
        id: 'B',
        nameZh: 'B 类',
        nameEn: 'Category B',
        nomineeKind: 'person',
        attributes: once(() => jiangsu('B')),
        quotaPerCycle: 100,
        ruleIds: ['JS-CATEGORIES', 'JS-A-SOURCE', 'JS-EXCLUSIONS'],
      },
    ],
  },
  {
    id: 'beijing-craftsman-teachers',
    version: 1,
    nameZh: '北京市技工院校高水平工匠之师培养工程',
    nameEn: 'Beijing high-level craftsman teachers programme',
    issuersZh: ['北京市人力资源和社会保障局'],
    agencyIds: ['beijing'],
    effectiveFrom: '2024-01-01',
    source: 'seeds/004_3dd1e1eaaf563a0c.txt',
    categories: [
      {
        id: 'master-teacher',
        nameZh: '工匠名师',
        nameEn: 'Craftsman master teacher',
        nomineeKind: 'person',
        attributes: beijingTeacher,
        quotaPerCycle: 5,
        ruleIds: ['BJ-ROUND', 'BJ-MASTER-TEACHER'],
      },
      {
        id: 'leader',
        nameZh: '匠师带头人',
        nameEn: 'Craftsman teacher leader',
        nomineeKind: 'person',
        attributes: beijingTeacher,
        quotaPerCycle: 15,
        ruleIds: ['BJ-ROUND', 'BJ-LEADER'],
      },
      {
        id: 'backbone',
        nameZh: '优秀骨干匠师',
        nameEn: 'Outstanding backbone teacher',
        nomineeKind: 'person',
        attributes: beijingTeacher,
        quotaPerCycle: 30,
        ruleIds: ['BJ-ROUND', 'BJ-BACKBONE'],
      },
      {
        id: 'team',
        nameZh: '优秀匠师团队',
        nameEn: 'Outstanding teacher team',
        nomineeKind: 'team',
        attributes: once(() => z.strictObject({})),
        quotaPerCycle: 8,
        ruleIds: ['BJ-ROUND', 'BJ-TEAM'],
      },
    ],
  },
];

export const findProgramme = (programmeId: string): ProgrammeDefinition | undefined =>
  programmes.find((p) => p.id === programmeId);

export const findCategory = (
  programme: ProgrammeDefinition,
  categoryId: string,
): CategoryDefinition | undefined => programme.categories.find((c) => c.id === categoryId);
