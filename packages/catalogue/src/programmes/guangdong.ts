/** Seed 001 — 广东省深化技师学院学制技师培养改革试点工作方案（公开征求意见稿）. */
import { builtInProgramme } from '../definition';

const MATERIALS = [
  'training-plan', // 人才培养方案
  'enterprise-qualifications', // 申请专业合作企业资质材料
  'school-enterprise-agreement', // 校企共培学制技师合作协议
  'management-plan', // 学制技师管理方案（考核评价方案、管理制度、招生就业方案）
];

export const guangdong = builtInProgramme({
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
      fields: [
        {
          name: 'institutionName',
          type: 'string',
          required: true,
          labelZh: '院校名称',
          labelEn: 'institution',
          max: 100,
        },
        {
          name: 'institutionBatch',
          type: 'enum',
          required: true,
          labelZh: '院校类别',
          labelEn: 'institution batch',
          values: [
            'high-level-batch-1', // 第一批高水平技师学院
            'high-level-batch-2', // 第二批高水平技师学院
            'high-level-batch-2-candidate', // 第二批创建、培育单位
            'technician-college', // 其他技师学院
          ],
          ruleId: 'GD-INSTITUTIONS',
        },
        { name: 'major', type: 'string', required: true, labelZh: '申报专业', labelEn: 'major', max: 100 },
        {
          name: 'servesStrategicCluster',
          type: 'boolean',
          required: true,
          labelZh: '与“双十”战略性产业集群深度契合',
          ruleId: 'GD-MAJOR',
        },
        {
          name: 'technicianLevelGap',
          type: 'boolean',
          required: true,
          labelZh: '技师层次人才缺口较大',
          ruleId: 'GD-MAJOR',
        },
        {
          name: 'integratedPlanApproved',
          type: 'boolean',
          required: true,
          labelZh: '工学一体化技师人才培养方案通过专业建设指导委员会专家论证',
          ruleId: 'GD-MAJOR',
        },
        {
          name: 'partnerEnterprises',
          type: 'integer',
          required: true,
          labelZh: '合作企业数',
          min: 0,
          max: 20,
          ruleId: 'GD-MAJOR',
        },
        {
          name: 'priorTechnicianTraining',
          type: 'boolean',
          required: false,
          labelZh: '已开展学制技师培养、预备技师培养或具有世赛成果转化等基础（优先）',
          ruleId: 'GD-MAJOR',
        },
        {
          name: 'materials',
          type: 'string[]',
          required: true,
          labelZh: '申报材料',
          values: MATERIALS,
          max: 10,
          ruleId: 'GD-MATERIALS',
        },
      ],
    },
  ],
  calendar: {
    cycleYears: 1,
    yearBasis: 'calendar-year',
    stages: [
      {
        id: 'notice',
        kind: 'notice',
        nameZh: '下发通知',
        nameEn: 'Notice to candidate institutions',
        ruleId: 'GD-APPLY-FLOW',
      },
      {
        id: 'research',
        kind: 'preparation',
        nameZh: '院校调研（可行性论证）',
        nameEn: 'Institution research and feasibility review',
        ruleId: 'GD-APPLY-FLOW',
      },
      {
        id: 'submission',
        kind: 'submission',
        nameZh: '提交申报（校内教学指导委员会审议、加盖公章，报省教研室）',
        nameEn: 'Submission (sealed, approved by the teaching committee)',
        ruleId: 'GD-APPLY-FLOW',
      },
      {
        id: 'evaluation',
        kind: 'review',
        nameZh: '评估论证（必要时实地检查）',
        nameEn: 'Expert evaluation (site inspection when needed)',
        ruleId: 'GD-APPLY-FLOW',
      },
      {
        id: 'publicity',
        kind: 'publicity',
        nameZh: '结果公示（省人社厅官网）',
        nameEn: 'Publicity on the provincial HRSS website',
        workingDays: 5,
        ruleId: 'GD-APPLY-FLOW',
      },
      {
        id: 'official-list',
        kind: 'official-list',
        nameZh: '正式发文公布名单',
        nameEn: 'Official list',
        ruleId: 'GD-APPLY-FLOW',
      },
      {
        id: 'filing',
        kind: 'filing',
        nameZh: '报人社部职业能力建设司技工院校管理处备案',
        nameEn: 'Filing with the ministry',
        ruleId: 'GD-APPLY-FLOW',
      },
      {
        id: 'mid-term',
        kind: 'mid-term',
        nameZh: '中期评估',
        nameEn: 'Mid-term evaluation',
        ruleId: 'GD-OVERSIGHT',
      },
      {
        id: 'completion',
        kind: 'acceptance',
        nameZh: '结业质量评估',
        nameEn: 'Completion-quality evaluation',
        ruleId: 'GD-OVERSIGHT',
      },
    ],
  },
  milestones: [
    { year: 2025, zh: '开展学制技师培养试点', en: 'Pilot', ruleId: 'GD-PHASES' },
    { year: 2026, zh: '深化学制技师培养改革，总结试点经验', en: 'Deepen the reform', ruleId: 'GD-PHASES' },
    { year: 2027, zh: '在全省全面开展学制培养工作', en: 'Province-wide', ruleId: 'GD-PHASES' },
  ],
  rules: [
    {
      id: 'GD-PHASES',
      kind: 'record',
      context: 'nomination',
      disposition: 'recorded',
      params: { holds: 'the phases as milestones (definition.milestones)' },
      descriptionZh: '2025年开展试点；2026年深化改革；2027年在全省全面开展',
      descriptionEn: '2025 pilot; 2026 deepen; 2027 province-wide',
    },
    {
      id: 'GD-INSTITUTIONS',
      kind: 'attribute-one-of',
      context: 'nomination',
      disposition: 'enforced',
      params: { attribute: 'institutionBatch', values: ['high-level-batch-1'] },
      descriptionZh:
        '先行在第一批高水平技师学院中开展，逐步扩大至第二批（含创建、培育单位），条件成熟时扩大至全省技师学院（扩大时发布新版本定义）',
      descriptionEn:
        'First batch of high-level technician colleges; widening to the second batch and all colleges is a new version of this definition',
    },
    {
      id: 'GD-MAJOR',
      clause: 'conditions',
      kind: 'attribute-equals',
      context: 'nomination',
      disposition: 'enforced',
      params: {
        attributes: ['servesStrategicCluster', 'technicianLevelGap', 'integratedPlanApproved'],
        equals: true,
      },
      descriptionZh: '与“双十”产业集群深度契合、技师层次人才缺口较大；工学一体化技师人才培养方案通过专家论证',
      descriptionEn:
        'Serves the 双十 clusters with a technician gap; integrated training plan passed by the specialty committee',
    },
    {
      id: 'GD-MAJOR',
      clause: 'partners',
      kind: 'attribute-range',
      context: 'nomination',
      disposition: 'enforced',
      params: { attribute: 'partnerEnterprises', min: 1, max: 2 },
      descriptionZh: '与1-2家具有一定规模和充足的企业专家、实训基地资源的企业开展合作',
      descriptionEn: 'Cooperates with 1–2 enterprises of adequate scale',
    },
    {
      id: 'GD-MAJOR',
      clause: 'priority',
      kind: 'record',
      context: 'nomination',
      disposition: 'recorded',
      params: { holds: 'priorTechnicianTraining (priority for reviewers, not a condition)' },
      descriptionZh: '已开展学制技师培养、预备技师培养、或具有世赛成果转化等基础的专业优先',
      descriptionEn: 'Prior technician training or WorldSkills results give priority',
    },
    {
      id: 'GD-ENTERPRISE',
      clause: 'conditions',
      kind: 'attribute-equals',
      context: 'partner',
      disposition: 'enforced',
      params: {
        attributes: [
          'hasScaleAndInfluence',
          'assignsSeniorMentors',
          'providesRealPostsAndProjects',
          'keepsWorkOrderRecords',
          'joinsAssessment',
          'canPlaceGraduates',
        ],
        equals: true,
      },
      descriptionZh:
        '行业内具备一定规模和影响力；选派高级技师、工程师担任企业导师；提供实践岗位和技术攻关项目并建立“任务工单－过程记录－成果验收”档案；参与考评；具备推荐毕业生实习就业能力',
      descriptionEn:
        'Scale and influence; senior technicians/engineers as mentors; real posts with work-order records; joins evaluation; can place graduates',
    },
    {
      id: 'GD-ENTERPRISE',
      clause: 'recent-cooperation',
      kind: 'recent-within',
      context: 'partner',
      disposition: 'enforced',
      params: { attribute: 'lastJointProjectOn', years: 3 },
      descriptionZh: '近3年与职业院校联合开展过“产业学院”、“订单班”、“企业新型学徒制”项目',
      descriptionEn:
        'In the last 3 years ran an industry college, order class or new-apprenticeship project with a school',
    },
    {
      id: 'GD-SCHOOLING',
      kind: 'programme-length',
      context: 'enrolment',
      disposition: 'computed',
      // 鼓励条件成熟的院校探索灵活学制培养: another length is the province's audited exception.
      relaxable: true,
      params: {
        byEntryLevel: [
          { entryLevel: 'junior-high', labelZh: '初中毕业', years: 6, seniorWorkerStageYears: 4 },
          { entryLevel: 'senior-high', labelZh: '高中毕业', years: 4, seniorWorkerStageYears: 2 },
          {
            entryLevel: 'secondary-vocational',
            labelZh: '中技或中职毕业',
            years: 3,
            seniorWorkerStageYears: 2,
          },
          { entryLevel: 'higher-vocational', labelZh: '高技或高职毕业', years: 2 },
          { entryLevel: 'bachelor-or-above', labelZh: '本科或研究生毕业', years: 1 },
        ],
      },
      descriptionZh:
        '初中起点6年制（前4年高级工阶段）；高中4年制（前2年）；中技中职3年制（前2年）；高技高职2年制；本科或研究生1年制',
      descriptionEn:
        'Length by entry level: 6 (4), 4 (2), 3 (2), 2, 1 years (senior-worker stage in brackets)',
    },
    {
      id: 'GD-DUAL-MENTOR',
      kind: 'mentors-required',
      context: 'enrolment',
      disposition: 'enforced',
      params: { roles: ['enterprise-mentor', 'school-mentor'] },
      descriptionZh: '实施“1+1双导师制”',
      descriptionEn: '1+1 dual mentors: an enterprise mentor and a school mentor per student',
    },
    {
      id: 'GD-FACULTY',
      clause: 'enterprise-share',
      kind: 'share-min',
      context: 'nomination',
      disposition: 'enforced',
      params: { minPercent: 30, part: { members: { roles: ['enterprise-mentor'] } }, whole: { members: {} } },
      descriptionZh: '校企共同成立教学和考评团队，企业导师占比不低于师资队伍的30%',
      descriptionEn: 'Enterprise mentors ≥30% of the teaching and assessment team',
    },
    {
      id: 'GD-FACULTY',
      clause: 'senior-experts',
      kind: 'count-min',
      context: 'nomination',
      disposition: 'enforced',
      params: { min: 5, what: { members: { titleAtLeast: '副高级', skillLevelAtLeast: '技师' } } },
      descriptionZh: '具备相关专业高级职称或者技师以上技能等级水平的专家不少于5人',
      descriptionEn: '≥5 experts with a senior title (副高级 or above) or technician level or above',
    },
    {
      id: 'GD-OUTCOME',
      kind: 'kpi',
      context: 'report',
      disposition: 'reported',
      params: {
        indicators: [
          {
            id: 'technician-outcome',
            labelZh: '毕业生达到技师水平（证书、认定或相当岗位薪酬之一）',
            labelEn: 'graduates reaching technician level',
            metric: 'graduatesAtTechnicianLevel',
            of: 'graduates',
            min: 80,
            scope: 'pilot-major',
          },
        ],
      },
      descriptionZh:
        '80%以上的毕业生达到：技师/二级证书；行业或企业认定的技师水平证书；企业评价达到技师水平或受聘技师相当岗位并获取相应薪酬',
      descriptionEn:
        '≥80% of graduates reach technician level by certificate, recognised certificate or enterprise assessment/post',
    },
    {
      id: 'GD-EMPLOYMENT',
      kind: 'kpi',
      context: 'report',
      disposition: 'reported',
      params: {
        indicators: [
          {
            id: 'matched-employment',
            labelZh: '对口就业率（对口就业人数/就业人数）',
            labelEn: 'matched-employment rate (of employed graduates)',
            metric: 'matchedEmployment',
            of: 'employedGraduates',
            min: 60,
            scope: 'pilot-major',
          },
          {
            id: 'paid-above-technician',
            labelZh: '工作待遇高于技师相应岗位的毕业生占比',
            labelEn: 'graduates paid above technician-post pay',
            metric: 'paidAboveTechnicianPay',
            of: 'graduates',
            minExclusive: 60,
            scope: 'pilot-major',
          },
        ],
      },
      descriptionZh: '对口就业率不低于60%，工作待遇高于技师相应岗位的毕业生占比超60%',
      descriptionEn: 'Matched employment ≥60%; share paid above technician pay >60%',
    },
    {
      id: 'GD-OVERSIGHT',
      kind: 'record',
      context: 'nomination',
      disposition: 'recorded',
      params: {
        holds: 'mid-term and completion-quality evaluations (calendar), revocation, and filed major changes',
        documents: ['mid-term-evaluation', 'completion-evaluation', 'major-change-filing'],
      },
      descriptionZh:
        '中期评估+结业质量评估；评估未达标或存在违规行为的取消试点资格；课程体系、考核安排、实训项目等重大调整须经院校党委会研究并报省教研室备案',
      descriptionEn:
        'Mid-term and completion evaluations; failing or violating pilots lose status; major changes approved by the school party committee and filed with the provincial teaching-research office',
    },
    {
      id: 'GD-APPLY-FLOW',
      clause: 'order',
      kind: 'stage-sequence',
      context: 'stage-transition',
      disposition: 'enforced',
      params: {},
      descriptionZh: '下发通知→院校调研→提交申报→评估论证→结果公示→正式公布→报人社部备案',
      descriptionEn: 'Notice → research → submission → evaluation → publicity → official list → filing',
    },
    {
      id: 'GD-APPLY-FLOW',
      clause: 'publicity',
      kind: 'publicity-length',
      context: 'publicity',
      disposition: 'enforced',
      params: {},
      descriptionZh: '通过评估的试点名单在省人社厅官网公示5个工作日',
      descriptionEn: 'Publicity on the HRSS website for 5 working days',
    },
    {
      id: 'GD-MATERIALS',
      kind: 'attribute-includes',
      context: 'nomination',
      disposition: 'enforced',
      params: { attribute: 'materials', values: MATERIALS },
      descriptionZh:
        '人才培养方案；合作企业资质材料、校企合作协议；学制技师管理方案（考核评价方案、管理制度、招生就业方案）',
      descriptionEn: 'Training plan; enterprise qualifications; school–enterprise agreement; management plan',
    },
  ],
});
