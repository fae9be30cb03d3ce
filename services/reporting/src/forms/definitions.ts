/**
 * The official forms as data, transcribed from the seeds (their columns and items in their order).
 * Jiangsu (seed 003, JS-FORMS): 附件1 培育对象选取承训单位汇总表, 附件2 培育对象满意度调查表,
 * 附件3 用人单位调查和评价表, 附件4 承训单位考核验收表. Lishui (seed 000, LS-FORMS): 附表1 “百名大师”推荐表,
 * 附表2 “百名大师”汇总表, 附表3 “师徒结对”情况汇总表.
 */

export const JS_PROGRAMME_ID = 'jiangsu-excellent-technicians';
export const LS_PROGRAMME_ID = 'lishui-masters';

// ——— 附件4 承训单位考核验收表 ———

export interface ScorecardSection {
  readonly id: 'process' | 'outcomes' | 'service';
  readonly nameZh: string;
  readonly maxPoints: number;
}

export interface ScorecardItem {
  readonly no: number;
  readonly section: ScorecardSection['id'];
  /** 评价内涵与标准 as the seed words it. */
  readonly criterion: string;
  readonly maxPoints: number;
}

export const SCORECARD_SECTIONS: readonly ScorecardSection[] = [
  { id: 'process', nameZh: '培训过程', maxPoints: 55 },
  { id: 'outcomes', nameZh: '学员效果', maxPoints: 20 },
  { id: 'service', nameZh: '管理服务', maxPoints: 25 },
];

const item = (no: number, section: ScorecardSection['id'], criterion: string): ScorecardItem => ({
  no,
  section,
  criterion,
  maxPoints: 5,
});

export const SCORECARD_ITEMS: readonly ScorecardItem[] = [
  item(1, 'process', '是否认真执行培训计划，是否逐人配备专职指导教师；'),
  item(2, 'process', '教学准备是否充分，每门授课的教案撰写、课件制作是否认真完备；'),
  item(3, 'process', '教学模式是否新颖实用，教学方法是否恰当合理；'),
  item(4, 'process', '培训过程是否紧扣技能，突出实操实训，坚持以学员为中心；'),
  item(5, 'process', '抽查授课教师能否正确讲解和示范，认真组织课程教学过程，并有效指导学员提高能力；'),
  item(6, 'process', '教师团队结构、协作情况，能否满足学员培训需求；'),
  item(7, 'process', '教学环境是否满足教学场所需要，实训工位与设备设施是否符合培训要求，安全环保是否达标；'),
  item(
    8,
    'process',
    '是否及时向学员提供培训学员手册、培训大纲、学习要点或教材（包括电子文档），讲义或教材结构是否合理；',
  ),
  item(9, 'process', '指导教师是否尽职，推送课程资源和报告指导是否及时有效；'),
  item(10, 'process', '交流分享组织是否有序，能否满足学员需求；'),
  item(11, 'process', '承训单位结业时对学员的考核评定是否公平公正；'),
  item(12, 'outcomes', '问询 2-3 名学员，随机挑选一项课程了解其学习主要收获；'),
  item(13, 'outcomes', '问询 2-3 名学员，随机挑选一项课程了解所学对其今后工作实践的启发和帮助情况；'),
  item(14, 'outcomes', '问询 2-3 名学员，了解其个人在培训后对技能成长、“传帮带”作用发挥等方面的所思所想；'),
  item(15, 'outcomes', '问询 2-3 名学员，了解其对培训的总体评价，以及以后对此类培训的意见建议；'),
  item(16, 'service', '承训单位重视程度，行政、教学和后勤部门共同配合协调培训工作情况；'),
  item(17, 'service', '防疫消毒、安全管理等制度是否健全，落实是否认真；'),
  item(18, 'service', '食宿、教室、实训场地等是否方便、安全、卫生；'),
  item(19, 'service', '是否做到主动服务、热情周到，分工是否明确，能否及时了解学员需求和解决问题；'),
  item(20, 'service', '组织学员开展动手实践、互动交流、参观见学效果。'),
];

export const SCORECARD_TOTAL = 100;

// ——— 附件2 培育对象满意度调查表 ———

/** 评价结果 columns, in the form's order. */
export const RATINGS = ['优秀', '良好', '一般', '较差'] as const;
export type Rating = (typeof RATINGS)[number];

/** The rated rows of the form other than the per-course rows of 师资评价, in the form's order. */
export const SURVEY_ITEMS = [
  { id: 'facultyOverall', section: '师资评价', itemZh: '综合评价' },
  { id: 'teachingContent', section: '教学评价', itemZh: '教学内容' },
  { id: 'teachingLevel', section: '教学评价', itemZh: '教学水平' },
  { id: 'teachingMode', section: '教学评价', itemZh: '教学模式' },
  { id: 'teachingOverall', section: '教学评价', itemZh: '综合评价' },
  { id: 'serviceOrganisation', section: '服务管理评价', itemZh: '组织管理' },
  { id: 'serviceLogistics', section: '服务管理评价', itemZh: '后勤保障' },
  { id: 'serviceLevel', section: '服务管理评价', itemZh: '服务水平' },
  { id: 'serviceOverall', section: '服务管理评价', itemZh: '综合评价' },
  { id: 'satisfaction', section: '满意度评价', itemZh: '满意度评价' },
] as const;
export type SurveyItemId = (typeof SURVEY_ITEMS)[number]['id'];

// ——— Lishui ———

/** 附表2 “百名大师”汇总表 columns, in the seed's order. */
export const LS_MASTER_SUMMARY_COLUMNS = [
  '序号',
  '姓名',
  '所在单位及职务',
  '从事专业',
  '政治面貌',
  '最高专业技能荣誉称号',
  '聘任年限',
  '结对带徒年级（班级）',
] as const;

/** 附表3 “师徒结对”情况汇总表 columns, in the seed's order. */
export const LS_PAIRING_SUMMARY_COLUMNS = ['序号', '大师姓名', '专业', '结对的学生姓名'] as const;

/** 附表1 “百名大师”推荐表 fields, in the seed's order. */
export const LS_NOMINATION_FIELDS = [
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
] as const;

// ——— Guangdong 申报材料 (seed 001, 附件1 二、申报材料; GD-MATERIALS) ———

export const GD_PROGRAMME_ID = 'guangdong-diploma-technician';

/** The seed's names of the application materials the catalogue lists by id (GD-MATERIALS). */
export const GD_MATERIAL_LABELS: Readonly<Record<string, string>> = {
  'training-plan': '人才培养方案',
  'enterprise-qualifications': '申请专业合作企业资质材料',
  'school-enterprise-agreement': '校企共培学制技师合作协议',
  'management-plan': '学制技师管理方案（考核评价方案、管理制度、招生就业方案）',
};
