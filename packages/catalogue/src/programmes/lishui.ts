/** Seed 000 — 丽水市职业教育“百名大师、千名高徒”结对培养工程实施方案 (2020-11-02). */
import { builtInProgramme, type ProgrammeDefinitionInput } from '../definition';

const QUALIFICATIONS_TIER_1 = [
  'skill-master-studio-leader', // 市级以上技能大师工作室领办人
  'chief-technician', // 首席技师
  'zhejiang-top-skill-talent', // 浙江省“百千万”高技能领军人才第二层次“拔尖技能人才”
  'arts-crafts-master', // 省级以上工艺美术大师
];
const QUALIFICATIONS_TIER_2 = [
  'lishui-wuyang-skill-master', // 丽水市“五养”技能大师
  'zhejiang-excellent-skill-talent', // “百千万”高技能人才领军人才第三层次“优秀技能人才”
];

const masterFields: ProgrammeDefinitionInput['categories'][number]['fields'] = [
  {
    name: 'qualification',
    type: 'enum',
    required: true,
    labelZh: '大师资格（梯队条件）',
    labelEn: 'qualification that makes the person a master',
    values: [...QUALIFICATIONS_TIER_1, ...QUALIFICATIONS_TIER_2],
  },
  {
    name: 'nominationRoute',
    type: 'enum',
    required: true,
    labelZh: '推选途径',
    labelEn: 'nomination route',
    values: ['self', 'industry-association', 'competent-department'],
    ruleId: 'LS-NOMINATION-ROUTE',
  },
  {
    name: 'hasApprenticeTeachingExperience',
    type: 'boolean',
    required: true,
    labelZh: '有带徒经验（优先推选）',
    labelEn: 'has taught apprentices (priority)',
    ruleId: 'LS-MASTER-TIER2',
  },
  {
    name: 'proposedServiceYears',
    type: 'integer',
    required: true,
    labelZh: '拟聘任大师年限',
    labelEn: 'proposed years of service',
    min: 0,
    max: 30,
    ruleId: 'LS-SERVICE-TERM',
  },
  {
    name: 'apprenticeGrade',
    type: 'string',
    required: true,
    labelZh: '拟结对带徒年级（班级）',
    labelEn: 'grade (class) of the apprentices',
    max: 50,
  },
  { name: 'highestSkillHonour', type: 'string', required: false, labelZh: '最高专业技能荣誉称号', max: 100 },
  { name: 'socialRoles', type: 'text', required: false, labelZh: '主要社会兼职', max: 1000 },
  { name: 'apprenticeTeachingHistory', type: 'text', required: false, labelZh: '主要带徒经历', max: 2000 },
];

export const lishui = builtInProgramme({
  id: 'lishui-masters',
  version: 1,
  nameZh: '丽水市职业教育“百名大师、千名高徒”结对培养工程',
  nameEn: 'Lishui “Hundred Masters, Thousand Apprentices” vocational pairing programme',
  issuersZh: ['丽水市人力资源和社会保障局', '丽水市教育局', '丽水市财政局'],
  agencyIds: ['lishui'],
  // 本实施方案自发文之日起一个月后实施 (issued 2020-11-02)
  effectiveFrom: '2020-12-02',
  source: 'seeds/000_a2e8bbfbe1fd7159.txt',
  categories: [
    {
      id: 'master-tier-1',
      nameZh: '“百名大师”第一梯队',
      nameEn: 'Master, tier 1',
      nomineeKind: 'person',
      fields: masterFields,
    },
    {
      id: 'master-tier-2',
      nameZh: '“百名大师”第二梯队',
      nameEn: 'Master, tier 2',
      nomineeKind: 'person',
      fields: masterFields,
    },
  ],
  awards: [
    { id: 'outstanding-apprentice', nameZh: '优秀学徒', nameEn: 'Outstanding apprentice' },
    { id: 'top-ten-masters', nameZh: '十佳大师', nameEn: 'Ten best masters' },
    { id: 'top-hundred-apprentices', nameZh: '百佳高徒', nameEn: 'Hundred best apprentices' },
  ],
  calendar: {
    cycleYears: 1,
    yearBasis: 'calendar-year',
    stages: [
      {
        id: 'master-nomination',
        kind: 'nomination',
        nameZh: '各县（市）上报大师推荐名单',
        nameEn: 'County master nomination lists',
        deadline: '10-31',
        ruleId: 'LS-CALENDAR',
      },
      {
        id: 'master-list',
        kind: 'official-list',
        nameZh: '市人力社保局、市教育局公布“大师”名单',
        nameEn: 'City publishes the master list',
        ruleId: 'LS-CALENDAR',
      },
      {
        id: 'pairing-list',
        kind: 'pairing',
        nameZh: '上报师徒双向选择名单',
        nameEn: 'Two-way pairing lists',
        deadline: '11-30',
        ruleId: 'LS-CALENDAR',
      },
      { id: 'mentoring', kind: 'training', nameZh: '结对培养', nameEn: 'Mentoring' },
      {
        id: 'top-selection',
        kind: 'award',
        nameZh: '“十佳大师、百佳高徒”选树（每学年）',
        nameEn: 'Ten best masters and hundred best apprentices (each school year)',
        ruleId: 'LS-TOP-TEN',
      },
    ],
  },
  forms: [
    {
      id: 'master-nomination-form',
      titleZh: '附表1 “百名大师”推荐表',
      titleEn: 'Form 1: master nomination form',
      per: 'person',
      columns: [
        '姓名',
        '所在单位及职务',
        '出生年月',
        '从事工种（行业专业）及年限',
        '政治面貌',
        '最高专业技能荣誉称号',
        '学历',
        '技能工种等级（职称）',
        '拟聘任大师年限',
        '拟结对带徒年级（班级）',
        '主要荣誉称号',
        '主要社会兼职',
        '主要带徒经历',
        '县（市）人力社保局及教育局意见',
        '市级审核意见',
      ],
      ruleId: 'LS-FORMS',
    },
    {
      id: 'master-summary',
      titleZh: '附表2 “百名大师”汇总表',
      titleEn: 'Form 2: master summary (per school)',
      per: 'school',
      headerZh: ['学校', '分管校长', '联系人', '联系人电话', '填表时间'],
      columns: [
        '序号',
        '姓名',
        '所在单位及职务',
        '从事专业',
        '政治面貌',
        '最高专业技能荣誉称号',
        '聘任年限',
        '结对带徒年级（班级）',
      ],
      ruleId: 'LS-FORMS',
    },
    {
      id: 'pairing-summary',
      titleZh: '附表3 “师徒结对”情况汇总表',
      titleEn: 'Form 3: pairing summary (per school)',
      per: 'school',
      headerZh: ['学校', '联系人', '联系电话'],
      columns: ['序号', '大师姓名', '专业', '结对的学生姓名'],
      ruleId: 'LS-FORMS',
    },
  ],
  rules: [
    {
      id: 'LS-GOAL',
      kind: 'kpi',
      context: 'report',
      disposition: 'reported',
      params: {
        indicators: [
          {
            id: 'masters-per-college',
            labelZh: '深度介入学校人才培养的企业大师（每所职业院校）',
            labelEn: 'enterprise masters involved per vocational college',
            metric: 'mastersInvolved',
            approximately: 10,
            scope: 'college',
            byYear: 2025,
          },
          {
            id: 'students-per-college',
            labelZh: '接受大师精心培育的优秀学生（每所职业院校）',
            labelEn: 'students trained by masters per vocational college',
            metric: 'studentsTrainedByMasters',
            min: 50,
            scope: 'college',
            byYear: 2025,
          },
        ],
      },
      descriptionZh:
        '通过3-5年的努力，每所职业院校（含丽水学院高职）有10名左右企业大师深度介入，50名以上优秀学生接受大师培育',
      descriptionEn:
        'Within 3–5 years (checked from 2025), every vocational college has ~10 enterprise masters and ≥50 students trained by masters',
    },
    {
      id: 'LS-PAIR-CAP',
      kind: 'per-owner-cap',
      context: 'pairing',
      disposition: 'enforced',
      relaxable: true,
      params: { max: 10 },
      descriptionZh: '原则上一名大师同一学段结对人数不超过10人',
      descriptionEn: 'As a rule (原则上) a master pairs with at most 10 apprentices in the same study stage',
    },
    {
      id: 'LS-APPRENTICE-YEAR',
      kind: 'apprentice-study-year',
      context: 'pairing',
      disposition: 'enforced',
      params: { studyYear: 2 },
      descriptionZh: '从在校的二年级学生中选择开始结对',
      descriptionEn: 'Student apprentices are chosen from second-year students',
    },
    {
      id: 'LS-TEACHER-SHARE',
      kind: 'share-max',
      context: 'pairing',
      disposition: 'enforced',
      relaxable: true,
      params: {
        maxPercent: 10,
        part: { quantity: 'schoolTeacherApprentices' },
        whole: { quantity: 'schoolApprentices' },
        onlyWhenAdding: 'teacher',
      },
      descriptionZh: '新教师作为“大师学徒”，所占比例原则上不超过该校“大师学徒”总数的10%',
      descriptionEn: "New teachers as apprentices: as a rule at most 10% of the school's master-apprentices",
    },
    {
      id: 'LS-MASTER-TIER1',
      kind: 'attribute-one-of',
      context: 'nomination',
      appliesTo: { categories: ['master-tier-1'] },
      disposition: 'enforced',
      params: { attribute: 'qualification', values: QUALIFICATIONS_TIER_1 },
      descriptionZh:
        '市级以上技能大师工作室领办人、首席技师、浙江省“百千万”第二层次“拔尖技能人才”、省级以上工艺美术大师为第一梯队人选',
      descriptionEn:
        'Tier 1: city-or-above skill-master studio leader, chief technician, Zhejiang second-level top skill talent, or provincial-or-above arts-and-crafts master',
    },
    {
      id: 'LS-MASTER-TIER2',
      kind: 'attribute-one-of',
      context: 'nomination',
      appliesTo: { categories: ['master-tier-2'] },
      disposition: 'enforced',
      params: { attribute: 'qualification', values: QUALIFICATIONS_TIER_2 },
      descriptionZh:
        '丽水市“五养”技能大师、“百千万”第三层次“优秀技能人才”为第二梯队人选；优先推选有带徒经验的大师',
      descriptionEn:
        'Tier 2: Lishui “five-nurture” skill master or third-level excellent skill talent; priority to masters with apprentice-teaching experience (recorded in hasApprenticeTeachingExperience)',
    },
    {
      id: 'LS-NOMINATION-ROUTE',
      kind: 'attribute-one-of',
      context: 'nomination',
      disposition: 'enforced',
      params: {
        attribute: 'nominationRoute',
        values: ['self', 'industry-association', 'competent-department'],
      },
      descriptionZh:
        '大师推选可由其本人申报，行业协会推荐，也可由大师主管部门推荐，经人力社保部门与教育部门研究后，由相关院校聘请',
      descriptionEn:
        'A master is put forward by self-application, an industry association or the competent department; HRSS and Education review; the college hires',
    },
    {
      id: 'LS-SERVICE-TERM',
      kind: 'service-term-min',
      context: 'nomination',
      disposition: 'enforced',
      params: { attribute: 'proposedServiceYears', minYears: 6 },
      descriptionZh: '“百名大师”称号，服务期限不少于6年',
      descriptionEn: 'A 百名大师 serves at least 6 years',
    },
    {
      id: 'LS-TWO-WAY',
      kind: 'mutual-consent',
      context: 'pairing',
      disposition: 'enforced',
      params: {},
      descriptionZh: '师徒双向选择后由各县（市）教育局会同人力社保局报市教育局、市人力社保局审核并公布',
      descriptionEn:
        'Two-way selection: master and apprentice both accept; county bureaus report; the city reviews and publishes',
    },
    {
      id: 'LS-AGREEMENTS',
      clause: 'dual-mentor',
      kind: 'mentors-required',
      context: 'pairing',
      disposition: 'enforced',
      params: { roles: ['school-teacher'] },
      descriptionZh: '大师结对带高徒采取“双导师”制，学校必须选派优秀教师参与具体教学工作',
      descriptionEn: 'Dual mentors: the school assigns a teacher alongside the master',
    },
    {
      id: 'LS-AGREEMENTS',
      clause: 'agreements',
      kind: 'record',
      context: 'pairing',
      disposition: 'recorded',
      params: {
        holds: 'the agreements and the joint training plan',
        documents: [
          'school-master-employment-agreement',
          'master-apprentice-agreement',
          'joint-training-plan',
        ],
      },
      descriptionZh: '学校与受聘大师签订校外大师聘用协议，大师与学徒签订师徒结对培养协议；联合制定培养计划',
      descriptionEn: 'School–master employment agreement, master–apprentice agreement, joint training plan',
    },
    {
      id: 'LS-MENTOR-DAYS',
      kind: 'mentor-days-min',
      context: 'mentorship-completion',
      disposition: 'computed',
      params: { minDays: 50 },
      descriptionZh:
        '大师面对面辅导总课时不少于50天，且培养后“高徒”技能水平有所提升的，经学校考核认定后，确认为培养任务完成',
      descriptionEn:
        "A master's task is complete after ≥50 days of face-to-face tutoring and an improved skill level, confirmed by the school",
    },
    {
      id: 'LS-OUTSTANDING-APPRENTICE',
      kind: 'attributes-any-of',
      context: 'award',
      appliesTo: { awards: ['outstanding-apprentice'] },
      disposition: 'enforced',
      params: {
        conditions: [
          { attribute: 'competitionPrizeRank', min: 1, max: 3 },
          { attribute: 'patentsWhileAtSchool', min: 1 },
        ],
      },
      descriptionZh: '取得各类综合竞赛三等奖及以上技能荣誉，或在校期间取得专利，经审核后可授予“优秀学徒”称号',
      descriptionEn: 'A competition 3rd prize or above, or a patent while at school, qualifies for 优秀学徒',
    },
    {
      id: 'LS-CALENDAR',
      kind: 'deadline',
      context: 'submission',
      disposition: 'enforced',
      params: {},
      descriptionZh: '每年10月底前上报大师推荐名单；公布“大师”名单后，于11月底前上报师徒双向选择名单',
      descriptionEn: 'Master nomination lists by 31 October; two-way pairing lists by 30 November',
    },
    {
      id: 'LS-FUNDS-FLOOR',
      kind: 'funds-floor',
      context: 'budget',
      disposition: 'reported',
      params: { minFen: 5_000_000 },
      descriptionZh: '原则上每名大师年工作经费不少于5万元',
      descriptionEn:
        'As a rule ≥50,000 CNY of working funds per master per year (budgets below it are flagged)',
    },
    {
      id: 'LS-TOP-TEN',
      kind: 'top-n',
      context: 'award-selection',
      disposition: 'enforced',
      params: {
        limits: [
          { award: 'top-ten-masters', max: 10 },
          { award: 'top-hundred-apprentices', max: 100 },
        ],
      },
      descriptionZh: '每学年组织一次“十佳大师、百佳高徒”选树活动，选树出本学年10名大师、100名学徒',
      descriptionEn: 'Each school year: 10 best masters and 100 best apprentices',
    },
    {
      id: 'LS-FORMS',
      kind: 'record',
      context: 'nomination',
      disposition: 'recorded',
      params: { holds: 'forms 附表1–3 with their columns (definition.forms)' },
      descriptionZh: '附表1“百名大师”推荐表、附表2“百名大师”汇总表、附表3“师徒结对”情况汇总表',
      descriptionEn: 'Forms 1–3: nomination form, master summary, pairing summary',
    },
  ],
});
