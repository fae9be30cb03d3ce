/**
 * The tenancy proof's seed: every agency's programme year run through the HTTP API of a local
 * stack on its virtual clock (the steps of test/e2e/cohorts.e2e.test.ts, plus the side routes:
 * drafts and withdrawals, objections, city leads and leave, forms, expense reports, budgets,
 * exports, members, change requests …), every request an agency makes recorded with its
 * response, so the proof can replay it with another agency's tokens and knows each agency's
 * identifiers and the personal data it submitted.
 *
 * Personal data is per agency: resident IDs carry the agency's own region code and phones its
 * own prefix, so one agency's values (full and masked) never equal another's by chance.
 */
import type { LocalStack } from '@talent/local';
import { addDays, residentIdCheckDigit } from '../../../packages/kernel/src/index';
import { applicationBody } from '../../support/e2e-client';

export type Agency = 'jiangsu' | 'lishui' | 'guangdong' | 'zhuhai' | 'beijing';
export const AGENCIES: readonly Agency[] = ['jiangsu', 'lishui', 'guangdong', 'zhuhai', 'beijing'];

export interface HttpResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly contentType: string;
  readonly bytes: Uint8Array;
  readonly body: any;
}

export interface SendOptions {
  readonly token?: string | undefined;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** One HTTP request to the stack (no redirects followed: a 303 is scanned as it is). */
export const sendRequest = async (
  baseUrl: string,
  method: string,
  path: string,
  options: SendOptions = {},
): Promise<HttpResult> => {
  const r = await fetch(`${baseUrl}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const bytes = new Uint8Array(await r.arrayBuffer());
  const contentType = r.headers.get('content-type') ?? '';
  let body: unknown;
  if (contentType.includes('json') && bytes.length > 0) {
    try {
      body = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch {
      body = undefined;
    }
  }
  const headers: Record<string, string> = {};
  r.headers.forEach((v, k) => {
    headers[k] = v;
  });
  return { status: r.status, headers, contentType, bytes, body };
};

export interface RecordedRequest {
  readonly agency: Agency;
  readonly method: string;
  /** Path with query string. */
  readonly path: string;
  readonly body?: unknown;
  /** If-Match and Idempotency-Key as sent. */
  readonly headers: Record<string, string>;
  readonly roles: readonly string[];
  /** The unit claim of A's token, if any. */
  readonly unit?: string;
  readonly status: number;
  readonly response: unknown;
}

export interface SeededAgency {
  readonly agency: Agency;
  readonly requests: RecordedRequest[];
  /** Unit ids A's unit users act for (B's unit tokens claim them). */
  readonly units: Set<string>;
  /** The user ids (token subjects) A's requests were made as. */
  readonly users: Set<string>;
}

const REGION: Record<Agency, string> = {
  jiangsu: '320102',
  lishui: '331102',
  guangdong: '440103',
  zhuhai: '440402',
  beijing: '110105',
};
const PHONE_PREFIX: Record<Agency, string> = {
  jiangsu: '13901',
  lishui: '13902',
  guangdong: '13903',
  zhuhai: '13904',
  beijing: '13905',
};
let personSerial = 0;
/** A valid resident ID of the agency's region, born on `birthDate` (default 1985-03-xx, male). */
export const residentIdOf = (agency: Agency, birthDate?: string): string => {
  personSerial += 1;
  const date = (birthDate ?? `1985-03-${String(10 + (personSerial % 18)).padStart(2, '0')}`).replaceAll(
    '-',
    '',
  );
  const first17 = `${REGION[agency]}${date}${String((101 + 2 * personSerial) % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
};
let phoneSerial = 0;
export const phoneOf = (agency: Agency): string =>
  `${PHONE_PREFIX[agency]}${String(++phoneSerial).padStart(6, '0')}`;

const nomineeOf = (agency: Agency, occupation: string) => ({
  name: '王师傅',
  residentId: residentIdOf(agency),
  phone: phoneOf(agency),
  employer: '某装备制造有限公司',
  occupation,
  skillLevel: '高级技师',
});

class SeedError extends Error {}

/**
 * Seed all five agencies, in the order of the year (Jiangsu from 2 January; Guangdong, Zhuhai
 * and Beijing from 1 March; Lishui from 1 September). Returns each agency's recorded traffic.
 */
export const seedAgencies = async (stack: LocalStack): Promise<Record<Agency, SeededAgency>> => {
  const seeded = Object.fromEntries(
    AGENCIES.map((a) => [
      a,
      { agency: a, requests: [] as RecordedRequest[], units: new Set<string>(), users: new Set<string>() },
    ]),
  ) as Record<Agency, SeededAgency>;
  const tokenCache = new Map<string, string>();
  const token = async (agency: Agency, roles: string[], extra: { unit?: string; user?: string } = {}) => {
    const key = `${agency}|${roles.join(',')}|${extra.unit ?? ''}|${extra.user ?? ''}`;
    let t = tokenCache.get(key);
    if (!t) {
      t = await stack.issueToken({ agency, roles, ...extra });
      tokenCache.set(key, t);
    }
    if (extra.unit) seeded[agency].units.add(extra.unit);
    seeded[agency].users.add(extra.user ?? `dev-${agency}-${roles[0]}`);
    return t;
  };
  let keySerial = 0;
  /** A's request, recorded; POSTs carry an Idempotency-Key (B replays it). */
  const call = async (
    agency: Agency,
    roles: string[],
    method: string,
    path: string,
    body?: unknown,
    extra: { unit?: string; user?: string; headers?: Record<string, string>; noToken?: boolean } = {},
  ) => {
    const headers: Record<string, string> = { ...extra.headers };
    if (method === 'POST' && !extra.noToken) headers['idempotency-key'] = `seed-${agency}-${++keySerial}`;
    const t = extra.noToken ? undefined : await token(agency, roles, extra);
    const r = await sendRequest(stack.url, method, path, { token: t, body, headers });
    seeded[agency].requests.push({
      agency,
      method,
      path,
      ...(body !== undefined ? { body } : {}),
      headers,
      roles,
      ...(extra.unit ? { unit: extra.unit } : {}),
      status: r.status,
      response: r.body,
    });
    return r;
  };
  const ok = async (p: Promise<HttpResult>, status: number | number[] = 200) => {
    const r = await p;
    if (!(Array.isArray(status) ? status : [status]).includes(r.status)) {
      throw new SeedError(`seed step: expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
    }
    return r.body;
  };
  const admin = (
    agency: Agency,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => call(agency, ['admin'], method, path, body, headers ? { headers } : {});
  const clock = async (body: { to: string } | { advance: string }) => {
    const r = await sendRequest(stack.url, 'POST', '/_local/clock', { body });
    if (r.status !== 200) throw new SeedError(`clock: ${r.status}`);
  };
  const today = async () => {
    const r = await sendRequest(stack.url, 'GET', '/_local/clock');
    return new Date(Date.parse(r.body.now as string) + 8 * 3600_000).toISOString().slice(0, 10);
  };
  const cycle = (agency: Agency, cycleId: string) => ok(admin(agency, 'GET', `/cycles/${cycleId}`));
  const closeStage = async (agency: Agency, cycleId: string, stageId: string) => {
    await ok(
      admin(agency, 'POST', `/cycles/${cycleId}/stages/${stageId}/close`, { reason: '本阶段工作已完成' }),
    );
    await clock({ advance: 'P1D' });
  };
  const nominate = async (agency: Agency, body: Record<string, unknown>) => {
    const created = await ok(admin(agency, 'POST', '/nominations', body), 201);
    await ok(admin(agency, 'POST', `/nominations/${created.nominationId}/submit`));
    return created.nominationId as string;
  };
  const reviewAndDecide = async (agency: Agency, id: string) => {
    const reviewerId = `${agency}-expert`;
    const registered = await admin(agency, 'POST', '/reviewers', { reviewerId, name: '陈专家' });
    if (![200, 201, 409].includes(registered.status)) throw new SeedError(`reviewer: ${registered.status}`);
    await ok(admin(agency, 'POST', `/nominations/${id}/assignments`, { reviewerIds: [reviewerId] }));
    await ok(
      call(
        agency,
        ['reviewer'],
        'POST',
        `/nominations/${id}/reviews`,
        { score: 90, qualificationPassed: true, recommendation: 'recommend', comment: '符合条件，业绩突出' },
        { user: reviewerId },
      ),
      201,
    );
    await ok(admin(agency, 'POST', `/nominations/${id}/decision`, { outcome: 'recommend', reasons: '推荐' }));
    await ok(admin(agency, 'GET', `/nominations/${id}/reviews`));
    return id;
  };
  const selectOne = async (agency: Agency, body: Record<string, unknown>) =>
    reviewAndDecide(agency, await nominate(agency, body));
  const stageOf = (c: { stages: { id: string }[] }, id: string) =>
    c.stages.find((s) => s.id === id) as Record<string, string>;

  // ——— Jiangsu, January to August ———
  await clock({ to: '2026-01-02T09:00:00+08:00' });
  const jsUnit = 'js-tu-nanjing';
  const jsBody = (category: string, n: number) => ({
    programmeId: 'jiangsu-excellent-technicians',
    cycleId: 'js-2026',
    category,
    unitId: `js-employer-${n}`,
    nominee: nomineeOf('jiangsu', '数控车工'),
    attributes: {
      basis: category === 'A' ? '苏办发〔2019〕20号 高技能领军人才' : '苏人社发〔2022〕101号 企业首席技师',
      receivedChiefTechnicianSubsidy: false,
    },
  });
  const jsSelected: { id: string; category: string }[] = [];
  for (const category of ['A', 'A', 'A', 'B']) {
    jsSelected.push({ id: await selectOne('jiangsu', jsBody(category, jsSelected.length + 1)), category });
  }
  // A draft kept as a draft (edited), and one withdrawn.
  const draft = await ok(admin('jiangsu', 'POST', '/nominations', jsBody('A', 7)), 201);
  await ok(
    admin(
      'jiangsu',
      'PATCH',
      `/nominations/${draft.nominationId}`,
      { nominee: nomineeOf('jiangsu', '钳工') },
      { 'if-match': `"${draft.version}"` },
    ),
  );
  const withdrawn = await nominate('jiangsu', jsBody('B', 8));
  await ok(admin('jiangsu', 'POST', `/nominations/${withdrawn}/withdraw`, { reason: '本人申请撤回' }));
  await ok(admin('jiangsu', 'GET', '/nominations?cycleId=js-2026'));
  await ok(admin('jiangsu', 'GET', `/nominations/${draft.nominationId}`));
  await ok(call('jiangsu', ['auditor'], 'GET', `/nominations/${jsSelected[0]?.id}/audit`));
  await closeStage('jiangsu', 'js-2026', 'nomination');
  await ok(admin('jiangsu', 'GET', '/cycles/js-2026/list?stage=official'));

  await ok(
    admin('jiangsu', 'PUT', `/cycles/js-2026/training-units/${jsUnit}`, {
      name: '江苏省南京技师学院',
      kind: 'technician-college',
      city: '南京市',
      majors: [{ code: '0102-4', name: '数控加工' }],
    }),
    201,
  );
  await ok(
    admin('jiangsu', 'PUT', `/cycles/js-2026/training-units/${jsUnit}/plan`, {
      startsOn: '2026-03-01',
      endsOn: '2026-07-31',
      theoryHours: 40,
      practiceHours: 60,
      credits: 10,
    }),
  );
  await ok(
    admin('jiangsu', 'PUT', `/cycles/js-2026/city-leads/${encodeURIComponent('南京市')}`, {
      userId: 'js-city-nanjing',
      name: '周处长',
      bureau: '南京市人力资源和社会保障局',
    }),
    [200, 201],
  );
  const trainees: { traineeId: string; nominationId: string }[] = [];
  for (const s of jsSelected) {
    const t = await ok(
      admin('jiangsu', 'POST', '/cycles/js-2026/trainees', {
        nominationId: s.id,
        unitId: jsUnit,
        majorCode: '0102-4',
        homeCity: '南京市',
      }),
      201,
    );
    trainees.push({ traineeId: t.traineeId, nominationId: s.id });
    await ok(
      admin('jiangsu', 'PUT', `/trainees/${t.traineeId}/instructor`, {
        name: '陈指导',
        skillLevel: '高级技师',
      }),
    );
  }
  const jsUnitCall = (method: string, path: string, body?: unknown) =>
    call('jiangsu', ['unit'], method, path, body, { unit: jsUnit });
  await ok(jsUnitCall('GET', `/trainees/${trainees[0]?.traineeId}`));

  await clock({ to: '2026-03-02T09:00:00+08:00' });
  const days: { id: string; hours: number }[] = [];
  for (let d = 0; d < 5; d++) {
    for (const [date, kind, hours] of [
      [`2026-03-1${d}`, 'theory', 8],
      [`2026-05-1${d}`, 'practice', 12],
    ] as const) {
      const s = await ok(
        admin('jiangsu', 'POST', `/cycles/js-2026/training-units/${jsUnit}/sessions`, {
          date,
          kind,
          title: kind === 'theory' ? '前沿理论' : '实操实训',
          hours,
          credits: 1,
        }),
        201,
      );
      days.push({ id: s.sessionId, hours });
    }
  }
  for (const [i, t] of trainees.entries()) {
    const attended = i === trainees.length - 1 ? days.slice(0, 6) : days;
    for (const day of attended) {
      await ok(
        admin('jiangsu', 'PUT', `/trainees/${t.traineeId}/attendance/${day.id}`, {
          present: true,
          hours: day.hours,
          credits: 1,
        }),
      );
    }
  }
  // Leave, decided by the city lead (JS-CITY-LEAD).
  const leave = await ok(
    jsUnitCall('POST', `/trainees/${trainees[0]?.traineeId}/leave`, {
      from: '2026-04-01',
      to: '2026-04-02',
      reason: '家中有事',
    }),
    201,
  );
  await ok(
    call(
      'jiangsu',
      ['reviewer'],
      'POST',
      `/trainees/${trainees[0]?.traineeId}/leave/${leave.leaveId}/decision`,
      { approve: true, comment: '同意' },
      { user: 'js-city-nanjing' },
    ),
  );
  await ok(admin('jiangsu', 'GET', `/cycles/js-2026/training-units/${jsUnit}/sessions`));
  await clock({ to: '2026-08-01T09:00:00+08:00' });
  await closeStage('jiangsu', 'js-2026', 'training');

  for (const t of trainees) {
    await ok(
      admin('jiangsu', 'POST', `/trainees/${t.traineeId}/report`, {
        title: '数控加工工艺优化研修报告',
        submittedOn: '2026-08-10',
      }),
      201,
    );
    await ok(
      call(
        'jiangsu',
        ['reviewer'],
        'PUT',
        `/trainees/${t.traineeId}/report/score`,
        { score: 85 },
        { user: 'js-expert' },
      ),
    );
  }
  // Forms of the year: a satisfaction response, an employer survey, the unit's scorecard.
  const rating = '优秀';
  await ok(
    jsUnitCall('POST', '/cycles/js-2026/forms/js-satisfaction/responses', {
      traineeId: trainees[0]?.traineeId,
      courses: [{ course: '数控加工工艺', instructor: '陈指导', rating }],
      facultyOverall: rating,
      teaching: { content: rating, level: rating, mode: rating, overall: rating },
      service: { organisation: rating, logistics: rating, level: rating, overall: rating },
      satisfaction: rating,
    }),
    201,
  );
  await ok(
    call(
      'jiangsu',
      ['unit'],
      'POST',
      '/cycles/js-2026/forms/js-employer-surveys',
      {
        employerUnitId: 'js-employer-1',
        employerName: '南京某装备制造有限公司',
        occupations: [
          {
            occupation: '数控车工',
            seniorTechnicians: 3,
            technicians: 5,
            seniorWorkers: 10,
            trainingNeeds: 4,
          },
        ],
        technicalProblems: ['五轴加工精度'],
        trainingDifficulties: ['工学矛盾'],
        participantEvaluation: '收获较大',
      },
      { unit: 'js-employer-1' },
    ),
    201,
  );
  await ok(
    call(
      'jiangsu',
      ['reviewer'],
      'POST',
      `/cycles/js-2026/forms/js-scorecards/${jsUnit}`,
      { items: Array.from({ length: 20 }, (_, i) => ({ no: i + 1, score: 4 })) },
      { user: 'js-expert' },
    ),
    201,
  );
  await closeStage('jiangsu', 'js-2026', 'report');
  const grades = (list: string[]) => ({
    grades: trainees.map((t, i) => ({ traineeId: t.traineeId, grade: list[i] })),
  });
  await ok(
    jsUnitCall(
      'POST',
      `/cycles/js-2026/training-units/${jsUnit}/grades`,
      grades(['优秀', '良好', '合格', '合格']),
    ),
  );
  await ok(admin('jiangsu', 'POST', '/cycles/js-2026/stages/grading/close', { reason: '本阶段工作已完成' }));
  await clock({ advance: 'P1D' });
  await closeStage('jiangsu', 'js-2026', 'acceptance');
  const finance1 = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call('jiangsu', ['finance'], method, path, body, {
      user: 'js-finance-1',
      ...(headers ? { headers } : {}),
    });
  const finance2 = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call('jiangsu', ['finance'], method, path, body, {
      user: 'js-finance-2',
      ...(headers ? { headers } : {}),
    });
  await ok(finance1('GET', '/cycles/js-2026/acceptance'));
  await ok(
    admin('jiangsu', 'PUT', '/budgets/jiangsu-excellent-technicians/2026', {
      limitFen: 3_000_000,
      reason: '2026年度省级财政预算',
    }),
    201,
  );
  await ok(finance1('GET', '/cycles/js-2026/disbursement'));
  const batch = await ok(finance1('POST', '/cycles/js-2026/disbursement-batches', {}), 201);
  const reviewed = await ok(
    finance1('POST', `/batches/${batch.batchId}/review`, {}, { 'if-match': `"${batch.version}"` }),
  );
  const approved = await ok(
    finance2('POST', `/batches/${batch.batchId}/approve`, {}, { 'if-match': `"${reviewed.version}"` }),
  );
  await ok(
    finance2(
      'POST',
      `/batches/${batch.batchId}/release`,
      { reference: '苏财社〔2026〕12号', releasedOn: await today() },
      { 'if-match': `"${approved.version}"` },
    ),
  );
  await ok(finance1('GET', `/batches/${batch.batchId}/lines`));
  await ok(finance1('GET', `/batches/${batch.batchId}/audit`));
  for (const format of ['csv', 'xlsx']) {
    const created = await ok(finance1('POST', `/batches/${batch.batchId}/exports`, { format }), 201);
    await ok(finance1('GET', `/exports/${created.exportId}`));
  }
  const yearExport = await ok(
    finance1('POST', '/budgets/jiangsu-excellent-technicians/2026/exports', { format: 'csv' }),
    201,
  );
  await ok(finance1('GET', `/exports/${yearExport.exportId}`));
  await ok(
    call(
      'jiangsu',
      ['unit'],
      'POST',
      '/expense-reports',
      {
        cycleId: 'js-2026',
        year: 2026,
        lines: [{ category: 'teaching', amountFen: 100_000, description: '教学支出' }],
      },
      { unit: jsUnit },
    ),
    201,
  );
  await ok(jsUnitCall('GET', `/expense-reports/ledgers/${jsUnit}?cycleId=js-2026`));
  await ok(
    admin('jiangsu', 'POST', '/sanctions', {
      kind: 'employer-obstruction',
      unitId: 'js-employer-9',
      imposedOn: await today(),
      reason: '阻挠学员参训',
    }),
    201,
  );
  await ok(
    admin('jiangsu', 'POST', '/sanctions', {
      kind: 'trainee-misconduct',
      traineeId: trainees[3]?.traineeId,
      imposedOn: await today(),
      reason: '严重违反培训纪律',
    }),
    201,
  );
  await ok(call('jiangsu', ['auditor'], 'GET', `/sanctions?traineeId=${trainees[3]?.traineeId}`));
  await ok(admin('jiangsu', 'GET', '/cycles/js-2026/reports/selection-summary'));

  // ——— Zhuhai (opened 1 March) ———
  const zhIds: string[] = [];
  for (const category of ['special-craftsman', 'craftsman', 'craftsman']) {
    zhIds.push(
      await nominate('zhuhai', {
        programmeId: 'zhuhai-new-craftsmen',
        cycleId: 'zh-2026',
        category,
        unitId: 'zh-enterprise-01',
        nominee: nomineeOf('zhuhai', '集成电路装调工'),
        attributes: {
          industry: 'integrated-circuits',
          enterprise: '珠海某半导体有限公司',
          transmitsSkills: true,
        },
      }),
    );
  }
  await closeStage('zhuhai', 'zh-2026', 'nomination');
  for (const id of zhIds) await reviewAndDecide('zhuhai', id);
  await closeStage('zhuhai', 'zh-2026', 'review');
  for (const nominationId of zhIds) {
    await ok(admin('zhuhai', 'POST', '/cycles/zh-2026/craftsman-registrations', { nominationId }), 201);
  }
  await ok(admin('zhuhai', 'GET', '/cycles/zh-2026/craftsman-registrations/pyramid'));
  const promotion = await ok(
    call(
      'zhuhai',
      ['unit'],
      'POST',
      '/teacher-promotions',
      {
        unitId: 'zh-private-school-01',
        teacher: { name: '刘老师', residentId: residentIdOf('zhuhai') },
        schoolName: '珠海某民办职业技术学校',
        employerType: 'private-vocational-school',
        industry: 'integrated-circuits',
        level: '高级技师',
        promotedBySkillLevelRecognition: true,
        certificateNumber: 'ZH-2026-0001',
        certificateDate: await today(),
      },
      { unit: 'zh-private-school-01' },
    ),
    201,
  );
  await ok(
    call(
      'zhuhai',
      ['unit'],
      'PUT',
      `/teacher-promotions/${promotion.promotionId}/practice/2026`,
      {
        isSpecialtyTeacher: true,
        periods: [{ from: '2026-07-01', to: '2026-08-31', enterprise: '珠海某半导体有限公司' }],
      },
      { unit: 'zh-private-school-01' },
    ),
  );
  await ok(admin('zhuhai', 'GET', `/teacher-promotions/${promotion.promotionId}`));

  // ——— Guangdong (opened 1 March): applications, evaluation, publicity with an objection ———
  const gdApply = async (unitId: string, major: string) => {
    const faculty = Array.from({ length: 10 }, (_, i) => ({
      name: '李老师',
      role: i < 3 ? 'enterprise-mentor' : 'full-time-teacher',
      ...(i < 5 ? { professionalTitle: '副高级' } : {}),
      ...(i === 0 ? { residentId: residentIdOf('guangdong') } : {}),
    }));
    // The e2e application, with a faculty member carrying Guangdong's own resident ID (scanned for).
    const base = applicationBody('gd-2026', unitId, major);
    const body = { ...base, institution: { ...base.institution, faculty } };
    const r = await ok(admin('guangdong', 'POST', '/nominations', body), 201);
    await ok(admin('guangdong', 'POST', `/nominations/${r.nominationId}/submit`));
    return r.nominationId as string;
  };
  const gdGood = await gdApply('gd-college-01', '数控加工');
  const gdWeak = await gdApply('gd-college-02', '工业机器人应用与维护');
  for (const stage of ['research', 'submission']) await closeStage('guangdong', 'gd-2026', stage);
  for (const id of [gdGood, gdWeak]) await reviewAndDecide('guangdong', id);
  await closeStage('guangdong', 'gd-2026', 'evaluation');
  const gdPublicity = stageOf(await cycle('guangdong', 'gd-2026'), 'publicity');
  await ok(
    call('guangdong', [], 'GET', '/public/cycles/guangdong/gd-2026/publicity', undefined, { noToken: true }),
  );
  const objection = await ok(
    call(
      'guangdong',
      [],
      'POST',
      '/public/cycles/guangdong/gd-2026/objections',
      {
        nominationId: gdGood,
        name: '李群众',
        contact: phoneOf('guangdong'),
        grounds: '合作企业近三年未与学校开展订单班项目，申报材料不实',
      },
      { noToken: true },
    ),
    202,
  );
  await ok(admin('guangdong', 'GET', '/cycles/gd-2026/objections'));
  await ok(
    admin('guangdong', 'POST', `/objections/${objection.objectionId}/resolve`, {
      outcome: 'dismissed',
      reason: '经调查核实',
    }),
  );
  await clock({ to: `${gdPublicity.endsOn}T23:59:00+08:00` });
  await clock({ advance: 'PT2M' });
  await ok(
    admin('guangdong', 'POST', '/cycles/gd-2026/filing', {
      authority: '人力资源社会保障部职业能力建设司',
      filedOn: await today(),
      reference: '粤人社函〔2026〕88号',
    }),
  );
  await clock({ advance: 'P1D' });
  await ok(admin('guangdong', 'POST', '/cycles/gd-2026/pilots'));
  const gdCollege = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call('guangdong', ['unit'], method, path, body, {
      unit: 'gd-college-01',
      ...(headers ? { headers } : {}),
    });
  const cls = await ok(
    gdCollege('POST', `/pilots/${gdGood}/classes`, {
      name: '学制技师1班',
      entryLevel: 'senior-high',
      intakeYear: 2026,
    }),
    201,
  );
  const student = await ok(
    gdCollege('POST', `/classes/${cls.classId}/students`, {
      name: '陈学生',
      residentId: residentIdOf('guangdong', '2006-05-01'),
      mentors: [
        { role: 'enterprise-mentor', name: '张企导' },
        { role: 'school-mentor', name: '郑教师' },
      ],
    }),
    201,
  );
  await ok(
    gdCollege('POST', `/pilots/${gdGood}/faculty`, {
      name: '黄老师',
      role: 'enterprise-mentor',
      employer: '广州某数控机床有限公司',
    }),
    201,
  );
  await ok(
    gdCollege('POST', `/pilots/${gdGood}/changes`, {
      area: 'curriculum',
      description: '调整一体化课程模块',
      approvedByPartyCommitteeOn: await today(),
      filedOn: await today(),
    }),
    201,
  );
  await ok(gdCollege('GET', `/pilots/${gdGood}/faculty`));
  await ok(gdCollege('GET', `/students/${student.studentId}`));
  const gdExpert = (method: string, path: string, body?: unknown) =>
    call('guangdong', ['reviewer'], method, path, body, { user: 'gd-expert-2' });
  await ok(
    gdExpert('PUT', `/pilots/${gdGood}/evaluations/mid-term`, {
      result: 'pass',
      score: 86,
      findings: '运行良好',
    }),
  );
  await ok(
    gdExpert('PUT', `/pilots/${gdWeak}/evaluations/mid-term`, {
      result: 'fail',
      score: 52,
      findings: '企业导师未到岗',
    }),
  );
  await closeStage('guangdong', 'gd-2026', 'mid-term');
  await ok(
    gdCollege('PUT', `/students/${student.studentId}/outcome`, {
      graduated: true,
      graduatedOn: await today(),
      courseAssessmentPassed: true,
      enterprisePracticePassed: true,
      technicianCertificate: true,
      employed: true,
      matchedEmployment: true,
      paidAboveTechnicianPay: true,
    }),
  );
  await ok(admin('guangdong', 'GET', `/classes/${cls.classId}/kpis`));
  await ok(admin('guangdong', 'GET', `/pilots/${gdGood}/kpis`));
  await ok(admin('guangdong', 'GET', '/cycles/gd-2026/reports/guangdong-evaluation'));

  // ——— Beijing (opened 1 March): a team's round, its project and checks ———
  const bjTeam = {
    programmeId: 'beijing-craftsman-teachers',
    cycleId: 'bj-2026',
    category: 'team',
    unitId: 'bj-school-01',
    team: {
      name: '数控技术教师团队',
      members: Array.from({ length: 6 }, (_, i) => ({
        name: '李老师',
        residentId: residentIdOf('beijing'),
        role: i === 5 ? 'enterprise-staff' : 'full-time-teacher',
        isLeader: i === 0,
        ...(i === 0 ? { professionalTitle: '副高级' } : {}),
      })),
    },
    attributes: { school: '北京市工业技师学院', specialty: '数控技术应用' },
  };
  const project = await nominate('beijing', bjTeam);
  for (const stage of ['school-recommendation', 'school-publicity', 'qualification-review']) {
    await closeStage('beijing', 'bj-2026', stage);
  }
  await reviewAndDecide('beijing', project);
  await closeStage('beijing', 'bj-2026', 'expert-review');
  await ok(admin('beijing', 'POST', '/cycles/bj-2026/provisional-list'));
  await closeStage('beijing', 'bj-2026', 'provisional-list');
  const bjPublicity = stageOf(await cycle('beijing', 'bj-2026'), 'publicity');
  await clock({ to: `${bjPublicity.endsOn}T23:59:00+08:00` });
  await clock({ advance: 'PT2M' });
  await ok(admin('beijing', 'GET', '/cycles/bj-2026/projects'));
  const bjSchool = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call('beijing', ['unit'], method, path, body, { unit: 'bj-school-01', ...(headers ? { headers } : {}) });
  const bjProject = await ok(bjSchool('GET', `/projects/${project}`));
  const start = await today();
  const endsOn = addDays(`${Number(start.slice(0, 4)) + 2}${start.slice(4)}`, -1);
  const plan = {
    startsOn: start,
    endsOn,
    growthPlan: '团队建设方案：一体化课程开发与企业实践',
    taskBook: '任务书：开发3门一体化课程，指导学生获市级一等奖',
    overallTargets: [{ targetId: 'o1', description: '开发一体化课程3门' }],
    yearlyTargets: [
      { year: 1, targets: [{ targetId: 'y1', description: '完成课程开发1门' }] },
      { year: 2, targets: [{ targetId: 'y2', description: '完成课程开发2门' }] },
    ],
  };
  await ok(bjSchool('PUT', `/projects/${project}/plan`, plan, { 'if-match': `"${bjProject.version}"` }));
  await ok(bjSchool('POST', `/projects/${project}/plan/submit`, {}));
  const bjExpert = (method: string, path: string, body?: unknown) =>
    call('beijing', ['reviewer'], method, path, body, { user: 'bj-expert-2' });
  await ok(
    bjExpert('POST', `/projects/${project}/plan/review`, { decision: 'approve', comments: '目标明确' }),
  );
  const member = await ok(
    bjSchool('POST', `/projects/${project}/members`, {
      name: '赵老师',
      residentId: residentIdOf('beijing'),
      role: 'full-time-teacher',
      reason: '补充骨干教师',
    }),
    201,
  );
  const memberId = (member.memberId ?? member.members?.at(-1)?.memberId) as string | undefined;
  if (memberId) {
    await ok(bjSchool('POST', `/projects/${project}/members/${memberId}/remove`, { reason: '工作调动' }));
  }
  const change = await ok(
    bjSchool('POST', `/projects/${project}/change-requests`, { reason: '调整年度目标', plan }),
    201,
  );
  await ok(
    admin('beijing', 'POST', `/projects/${project}/change-requests/${change.changeRequestId}/decision`, {
      decision: 'reject',
      comments: '维持原计划',
    }),
  );
  await closeStage('beijing', 'bj-2026', 'plan');
  await ok(
    bjSchool('POST', `/projects/${project}/reports`, {
      checkKey: 'annual-1',
      summary: '完成课程开发1门',
      targets: [{ targetId: 'y1', met: true }],
    }),
    201,
  );
  await ok(
    bjExpert('POST', `/projects/${project}/checks`, {
      comments: '专家组意见',
      kind: 'annual',
      year: 1,
      results: [{ targetId: 'y1', met: true }],
    }),
    201,
  );
  await ok(admin('beijing', 'GET', `/projects/${project}/audit`));
  await ok(admin('beijing', 'GET', '/cycles/bj-2026/reports/beijing-checks'));

  // ——— Lishui (opened 1 September): masters, apprentices, pairings, mentoring, honours ———
  const lsMasterBody = () => ({
    programmeId: 'lishui-masters',
    cycleId: 'ls-2026',
    category: 'master-tier-1',
    unitId: 'ls-school-01',
    nominee: nomineeOf('lishui', '木雕'),
    attributes: {
      qualification: 'arts-crafts-master',
      nominationRoute: 'competent-department',
      hasApprenticeTeachingExperience: true,
      proposedServiceYears: 6,
      apprenticeGrade: '二年级',
    },
  });
  await clock({ to: '2026-09-02T09:00:00+08:00' });
  const lsMasters = [await selectOne('lishui', lsMasterBody()), await selectOne('lishui', lsMasterBody())];
  await clock({ to: '2026-11-01T09:00:00+08:00' });
  const school = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call('lishui', ['unit'], method, path, body, { unit: 'ls-school-01', ...(headers ? { headers } : {}) });
  const registered: string[] = [];
  for (const nominationId of lsMasters) {
    const m = await ok(
      school('POST', '/cycles/ls-2026/masters', {
        nominationId,
        schoolId: 'ls-school-01',
        employmentAgreement: { signedOn: '2026-11-01', reference: `PY-${registered.length + 1}` },
        employmentStartOn: '2026-11-01',
      }),
      201,
    );
    registered.push(m.masterId);
  }
  const apprentices: string[] = [];
  for (let i = 0; i < 2; i++) {
    const a = await ok(
      school('POST', '/cycles/ls-2026/apprentices', {
        schoolId: 'ls-school-01',
        kind: 'student',
        name: '张小明',
        residentId: residentIdOf('lishui', '2009-03-04'),
        phone: phoneOf('lishui'),
        studyStage: 'secondary-vocational',
        studyYear: 2,
      }),
      201,
    );
    apprentices.push(a.apprenticeId);
  }
  const pairing = await ok(
    school('POST', '/cycles/ls-2026/pairings', {
      masterId: registered[0],
      apprenticeId: apprentices[0],
      initiatedBy: 'master',
    }),
    201,
  );
  const pairingId = pairing.pairingId as string;
  await ok(school('POST', `/pairings/${pairingId}/accept`, { party: 'apprentice' }));
  await ok(
    school('PUT', `/pairings/${pairingId}/agreements`, {
      apprenticeshipAgreement: { signedOn: '2026-11-05' },
      schoolMentor: { name: '李老师', staffNo: 'T-01' },
      trainingPlan: { agreedOn: '2026-11-06', summary: '木雕技艺联合培养计划' },
    }),
  );
  await ok(school('POST', `/pairings/${pairingId}/activate`));
  // A second proposal, declined.
  const declined = await ok(
    school('POST', '/cycles/ls-2026/pairings', {
      masterId: registered[1],
      apprenticeId: apprentices[1],
      initiatedBy: 'apprentice',
    }),
    201,
  );
  await ok(
    school('POST', `/pairings/${declined.pairingId}/end`, { reason: 'declined', note: '学徒另有安排' }),
  );
  await ok(school('POST', '/cycles/ls-2026/pairing-lists/ls-school-01/submit', {}));
  await ok(
    school('PUT', `/master-budgets/2026/${registered[0]}`, {
      programmeId: 'lishui-masters',
      amountFen: 5_000_000,
    }),
    [200, 201],
  );
  await clock({ to: '2026-12-01T09:00:00+08:00' });
  await ok(
    admin('lishui', 'POST', '/cycles/ls-2026/pairing-lists/ls-school-01/review', {
      outcome: 'approved',
      reason: '审核通过',
    }),
  );
  await clock({ advance: 'P1D' });
  await clock({ to: '2026-12-21T09:00:00+08:00' });
  for (let i = 0; i < 50; i++) {
    await ok(
      school('POST', `/pairings/${pairingId}/sessions`, {
        content: '面对面辅导',
        confirmedBy: '李老师',
        date: addDays('2026-11-01', i),
        days: 1,
      }),
      201,
    );
  }
  await ok(
    school('POST', `/pairings/${pairingId}/completion`, {
      skillImproved: true,
      assessment: '技能等级由中级工提升为高级工',
      confirmedOn: await today(),
    }),
  );
  await ok(
    school('POST', `/cycles/ls-2026/masters/${registered[1]}/leave`, {
      leftOn: await today(),
      reason: '调离本校',
    }),
  );
  await ok(admin('lishui', 'GET', `/pairings/${pairingId}/audit`));
  await closeStage('lishui', 'ls-2026', 'mentoring');
  await ok(
    admin('lishui', 'POST', '/cycles/ls-2026/honours/top-selections', {
      award: 'top-ten-masters',
      subjectId: registered[0],
      rank: 1,
      evidence: '带徒成效排名第1',
    }),
    201,
  );
  await ok(admin('lishui', 'GET', '/cycles/ls-2026/honours'));
  await ok(admin('lishui', 'GET', `/cycles/ls-2026/forms/ls-master-nominations/${registered[0]}`));
  return seeded;
};
