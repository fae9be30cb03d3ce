/** Seed 002 — 关于新时代“产业新工匠”培育工程行动方案 (Zhuhai). */
import { builtInProgramme, type ProgrammeDefinitionInput } from '../definition';

const INDUSTRIES = [
  'new-generation-it', // 新一代信息技术
  'new-energy', // 新能源
  'integrated-circuits', // 集成电路
  'biomedicine-health', // 生物医药与健康
  'smart-home-appliances', // 智能家电
  'equipment-manufacturing', // 装备制造
  'fine-chemicals', // 精细化工
];

const craftsmanFields: ProgrammeDefinitionInput['categories'][number]['fields'] = [
  {
    name: 'industry',
    type: 'enum',
    required: true,
    labelZh: '所属重点产业集群',
    values: INDUSTRIES,
    ruleId: 'ZH-INDUSTRIES',
  },
  { name: 'enterprise', type: 'string', required: true, labelZh: '所在企业', max: 100 },
  {
    name: 'transmitsSkills',
    type: 'boolean',
    required: true,
    labelZh: '在本地院校或企业内部开展技艺传授',
    labelEn: 'teaches skills in local schools or in the enterprise',
    ruleId: 'ZH-CRAFTSMAN-TIERS',
  },
];

const tier = (id: string, nameZh: string, nameEn: string, perCycle: number) => ({
  id,
  nameZh,
  nameEn,
  nomineeKind: 'person' as const,
  fields: craftsmanFields,
  quota: { perCycle, approximate: true },
});

const city = (
  id: string,
  labelZh: string,
  labelEn: string,
  metric: string,
  target: { min?: number; minExclusive?: number; of?: string },
  byYear?: number,
) => ({ id, labelZh, labelEn, metric, scope: 'city', ...target, ...(byYear ? { byYear } : {}) });

export const zhuhai = builtInProgramme({
  id: 'zhuhai-new-craftsmen',
  version: 1,
  nameZh: '新时代“产业新工匠”培育工程',
  nameEn: 'Zhuhai “New Industrial Craftsmen” programme',
  issuersZh: ['珠海市人力资源和社会保障局'],
  agencyIds: ['zhuhai'],
  effectiveFrom: '2023-01-01',
  source: 'seeds/002_35f0f020ace620f2.txt',
  categories: [
    tier('special-craftsman', '特级工匠', 'Special-grade craftsman', 10),
    tier('craftsman', '工匠', 'Craftsman', 100),
    tier('district-craftsman', '区级工匠', 'District craftsman', 1000),
    tier('enterprise-craftsman', '企业工匠', 'Enterprise craftsman', 10_000),
  ],
  calendar: {
    cycleYears: 1,
    yearBasis: 'calendar-year',
    stages: [
      { id: 'nomination', kind: 'nomination', nameZh: '推选', nameEn: 'Nomination' },
      { id: 'review', kind: 'review', nameZh: '评审', nameEn: 'Review' },
      { id: 'official-list', kind: 'official-list', nameZh: '公布名单', nameEn: 'Official list' },
      { id: 'training', kind: 'training', nameZh: '重点培育', nameEn: 'Cultivation' },
    ],
  },
  funding: {
    basis: 'per-claim',
    payerZh: '珠海市人力资源和社会保障局',
    items: [
      { key: '技师', labelZh: '晋升技师', perHeadFen: 400_000, years: 1, ruleId: 'ZH-TEACHER-SUBSIDY' },
      {
        key: '高级技师',
        labelZh: '晋升高级技师',
        perHeadFen: 600_000,
        years: 1,
        ruleId: 'ZH-TEACHER-SUBSIDY',
      },
    ],
  },
  rules: [
    {
      id: 'ZH-INDUSTRIES',
      kind: 'attribute-one-of',
      context: 'nomination',
      disposition: 'enforced',
      params: { attribute: 'industry', values: INDUSTRIES },
      descriptionZh:
        '新一代信息技术、新能源、集成电路、生物医药与健康四大主导产业和智能家电、装备制造、精细化工三大优势产业集群',
      descriptionEn: 'Four leading industries and three advantage clusters',
    },
    {
      id: 'ZH-TARGETS-2025',
      kind: 'kpi',
      context: 'report',
      disposition: 'reported',
      params: {
        indicators: [
          city(
            'skilled-share',
            '技能人才占从业人员',
            'skilled workers of the employed',
            'skilledWorkers',
            { of: 'employed', min: 40 },
            2025,
          ),
          city(
            'high-skilled-share',
            '高技能人才占技能人才',
            'high-skilled of skilled workers',
            'highSkilledWorkers',
            { of: 'skilledWorkers', min: 38 },
            2025,
          ),
          city(
            'demonstration-colleges',
            '示范性产业学院、工匠学院',
            'demonstration industry/craftsman colleges',
            'demonstrationColleges',
            { min: 10 },
            2025,
          ),
          city(
            'vocational-students',
            '职业院校在校生规模',
            'vocational students enrolled',
            'vocationalStudents',
            { min: 92_000 },
            2025,
          ),
          city(
            'higher-secondary-students',
            '高职和中职院校在校生',
            'higher and secondary vocational students',
            'higherSecondaryVocationalStudents',
            { min: 69_000 },
            2025,
          ),
          city(
            'higher-secondary-retention',
            '高职中职毕业生留珠率（力争）',
            'their graduates staying in Zhuhai',
            'higherSecondaryGraduatesStaying',
            { of: 'higherSecondaryGraduates', min: 65 },
            2025,
          ),
          city(
            'technical-school-students',
            '技工院校在校生',
            'technical-school students',
            'technicalSchoolStudents',
            { min: 23_000 },
            2025,
          ),
          city(
            'technician-college-students',
            '市技师学院在校生',
            'city technician college students',
            'cityTechnicianCollegeStudents',
            { min: 10_000 },
            2025,
          ),
          city(
            'technical-school-retention',
            '技工院校毕业生留珠率（力争）',
            'technical-school graduates staying',
            'technicalGraduatesStaying',
            { of: 'technicalGraduates', min: 90 },
            2025,
          ),
          city(
            'dual-qualified-teachers',
            '“双师型”及工学一体化教师占专任教师',
            'dual-qualified teachers of full-time teachers',
            'dualQualifiedTeachers',
            { of: 'fullTimeTeachers', min: 50 },
            2025,
          ),
        ],
      },
      descriptionZh:
        '到2025年：技能人才占从业人员40%，高技能人才占技能人才38%；10个以上示范性产业学院、工匠学院；在校生9.2万人（高职中职6.9万人、留珠率65%；技工院校2.3万人，其中市技师学院1万人、留珠率90%）；“双师型”教师占比50%',
      descriptionEn:
        '2025 city targets for skilled workers, colleges, enrolment, retention and dual-qualified teachers',
    },
    {
      id: 'ZH-TRAINING-TARGET',
      kind: 'kpi',
      context: 'report',
      disposition: 'reported',
      params: {
        indicators: [
          city(
            'worker-trainings',
            '累计开展产业工人技能提升和企业员工培训（人次）',
            'cumulative worker trainings',
            'cumulativeWorkerTrainings',
            { minExclusive: 1_000_000 },
            2024,
          ),
        ],
      },
      descriptionZh: '到2024年，全市累计开展产业工人技能提升和企业员工培训超100万人',
      descriptionEn: 'More than 1,000,000 worker trainings by 2024',
    },
    {
      id: 'ZH-TALENT-TARGET',
      kind: 'kpi',
      context: 'report',
      disposition: 'reported',
      params: {
        indicators: [
          city(
            'high-skill-leaders',
            '引进培养重点产业高技能领军人才、杰出人才',
            'high-skill leaders',
            'highSkillLeaders',
            { min: 50 },
            2025,
          ),
          city(
            'skilled-workers-attracted',
            '引进技能人才',
            'skilled workers attracted',
            'skilledWorkersAttracted',
            { min: 20_000 },
            2025,
          ),
          city(
            'outside-interns',
            '吸引市外技工院校实习生',
            'interns from outside the city',
            'outsideInterns',
            { min: 10_000 },
            2025,
          ),
        ],
      },
      descriptionZh:
        '到2025年，引进培养高技能领军人才、杰出人才50人以上，引进技能人才2万人，吸引市外技工院校实习生1万人以上',
      descriptionEn: 'By 2025: ≥50 high-skill leaders; 20,000 skilled workers; ≥10,000 outside interns',
    },
    {
      id: 'ZH-COMPETITION',
      kind: 'kpi',
      context: 'report',
      disposition: 'reported',
      params: {
        indicators: [
          city(
            'technical-experts',
            '每年产生“市技术能手”',
            '"city technical experts" a year',
            'cityTechnicalExperts',
            { min: 50 },
          ),
        ],
      },
      descriptionZh:
        '每年举办全市职业技能大赛，对符合条件的选手核发中级以上技能等级证书，每年产生50名以上“市技术能手”',
      descriptionEn:
        'Yearly city competition; ≥50 city technical experts a year; intermediate-or-above certificates',
    },
    {
      id: 'ZH-CRAFTSMAN-TIERS',
      clause: 'yearly-counts',
      kind: 'category-quota',
      context: 'selection',
      disposition: 'reported',
      params: {},
      descriptionZh:
        '每年重点培育10名左右特级工匠、100名左右工匠、1000名左右区级工匠，引导培育10000名左右企业工匠',
      descriptionEn: 'About 10 / 100 / 1,000 / 10,000 a year (a pyramid tracked, not capped)',
    },
    {
      id: 'ZH-CRAFTSMAN-TIERS',
      clause: 'skill-transmission',
      kind: 'attribute-equals',
      context: 'nomination',
      disposition: 'enforced',
      params: { attributes: ['transmitsSkills'], equals: true },
      descriptionZh: '将本地院校、企业内部技艺传授作为“十百千万”新时代产业工匠骨干队伍选拔培育的必备条件',
      descriptionEn:
        'Teaching skills in local schools or within the enterprise is a prerequisite for every tier',
    },
    {
      id: 'ZH-TEACHER-PRACTICE',
      kind: 'enterprise-practice-within',
      context: 'teacher-year',
      disposition: 'reported',
      params: {
        months: 1,
        periods: 'enterprisePractice',
        window: { type: 'calendar-year' },
        onlySpecialtyTeachers: true,
      },
      descriptionZh: '专业课教师每年到企业实践不少于1个月，将企业实践作为职称晋级的必备条件',
      descriptionEn:
        'Specialty teachers spend ≥1 month (30 days) a year in enterprises (a promotion prerequisite)',
    },
    {
      id: 'ZH-TEACHER-SUBSIDY',
      clause: 'amount',
      kind: 'per-head-amount',
      context: 'disbursement',
      disposition: 'computed',
      params: {},
      descriptionZh: '通过技能等级认定晋升技师、高级技师的，分别给予4000元、6000元补贴',
      descriptionEn: '4,000 CNY (technician) or 6,000 CNY (senior technician)',
    },
    {
      id: 'ZH-TEACHER-SUBSIDY',
      clause: 'eligibility',
      kind: 'attribute-one-of',
      context: 'disbursement',
      disposition: 'enforced',
      params: {
        attribute: 'employerType',
        values: ['private-vocational-school', 'private-training-institution'],
      },
      descriptionZh: '民办职业院校、职业培训机构教师',
      descriptionEn: 'Teachers at private vocational schools or training institutions',
    },
    {
      id: 'ZH-TEACHER-SUBSIDY',
      clause: 'key-industry',
      kind: 'attribute-one-of',
      context: 'disbursement',
      disposition: 'enforced',
      params: { attribute: 'industry', values: INDUSTRIES },
      descriptionZh: '与重点产业相关',
      descriptionEn: 'In a key-industry field',
    },
    {
      id: 'ZH-TEACHER-SUBSIDY',
      clause: 'recognition',
      kind: 'attribute-equals',
      context: 'disbursement',
      disposition: 'enforced',
      params: { attributes: ['promotedBySkillLevelRecognition'], equals: true },
      descriptionZh: '通过技能等级认定晋升',
      descriptionEn: 'Promoted through skill-level recognition',
    },
    {
      id: 'ZH-SOCIAL-TRAINING-PAY',
      kind: 'record',
      context: 'disbursement',
      disposition: 'recorded',
      params: { holds: 'the policy text only: school payroll is outside the platform' },
      descriptionZh: '公办职业院校开展社会化培训，最高60%的净收入可用财政绩效总额之外的补充绩效工资发放',
      descriptionEn:
        'Public vocational schools may pay up to 60% of net social-training income as supplementary performance pay',
    },
  ],
});
