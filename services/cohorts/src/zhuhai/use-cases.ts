/** Zhuhai 产业新工匠: craftsman tier registrations and the pyramid; teacher promotions, subsidy eligibility, practice. */
import { evaluate, type Programme } from '@talent/catalogue';
import { type AgencyId, asAgencyId, personFingerprint } from '@talent/data';
import { type AuthContext, changeBy, heldToUnit } from '@talent/http';
import {
  ConflictError,
  maskResidentId,
  NotFoundError,
  newId,
  nowIso,
  todayInShanghai,
  ValidationFailedError,
} from '@talent/kernel';
import { DynamoProgrammeStore } from '@talent/programmes';
import { officialEntry } from '@talent/svc-nominations/roster';
import { assertUnit, isAdmin } from '../guangdong/store';
import { cycleOf, stageStatus } from '../shared/cycle-access';
import * as repo from './repository';
import type { PromotionInput } from './schemas';

export const PROGRAMME_ID = 'zhuhai-new-craftsmen';
const PROGRAMMES = [PROGRAMME_ID];
const agencyOf = (auth: AuthContext): AgencyId => asAgencyId(auth.agencyId);

// ——— craftsman tiers (ZH-CRAFTSMAN-TIERS) ———

export const registerCraftsman = async (
  auth: AuthContext,
  cycleId: string,
  nominationId: string,
  requestId: string,
) => {
  const a = agencyOf(auth);
  const { cycle } = await cycleOf(a, cycleId, PROGRAMMES);
  if (stageStatus(cycle, 'official-list') !== 'closed')
    throw new ConflictError(
      'ZH-CRAFTSMAN-TIERS',
      'The official list of this cycle is not final yet',
      'cycleId',
    );
  const entry = await officialEntry(a, nominationId);
  if (!entry || entry.cycleId !== cycleId)
    throw new ValidationFailedError([
      {
        ruleId: 'ZH-CRAFTSMAN-TIERS',
        path: 'body.nominationId',
        message: "not an entry of this cycle's official list",
        messageZh: '不在本年度正式名单中',
      },
    ]);
  if (!entry.nominee)
    throw new ConflictError('ZH-CRAFTSMAN-TIERS', 'The entry names no person', 'body.nominationId');
  const r: repo.Registration = {
    registrationId: nominationId,
    nominationId,
    agencyId: a,
    cycleId,
    year: cycle.year,
    tier: entry.category,
    unitId: entry.unitId,
    name: entry.nominee.name,
    residentIdMasked: maskResidentId(entry.nominee.residentId),
    personFingerprint: personFingerprint(a, entry.nominee.residentId),
    attributes: entry.attributes,
    registeredAt: nowIso(),
    registeredBy: auth.userId,
  };
  await repo.register(r, changeBy(auth, 'zh.craftsman.registered', requestId));
  return r;
};

export const registrationView = ({ agencyId: _a, personFingerprint: _f, ...r }: repo.Registration) => r;

export const listRegistrations = async (
  auth: AuthContext,
  cycleId: string,
  tier: string | undefined,
  limit: number,
  cursor?: string,
) => {
  const a = agencyOf(auth);
  await cycleOf(a, cycleId, PROGRAMMES);
  const unit = heldToUnit(auth, 'read');
  if (unit === null) return { items: [], nextCursor: null };
  const p = await repo.listRegistrations(a, cycleId, tier, unit, limit, cursor);
  return { items: p.items.map(registrationView), nextCursor: p.nextCursor };
};

/** 十百千万: counts per tier for the cycle's year against the definition's ~targets (reported, never capped). */
export const pyramidOf = (programme: Programme, year: number, counts: ReadonlyMap<string, number>) => {
  const tiers = programme.categories.map((c) => {
    const count = counts.get(c.id) ?? 0;
    const target = c.quota?.perCycle;
    return {
      tier: c.id,
      nameZh: c.nameZh,
      count,
      ...(target !== undefined ? { target, approximate: c.quota?.approximate ?? false } : {}),
    };
  });
  const flags = tiers.flatMap((t) =>
    evaluate(programme, { type: 'selection', category: t.tier, selected: t.count }).reported.map((v) => ({
      ruleId: v.ruleId,
      tier: t.tier,
      message: v.message,
      messageZh: v.messageZh,
    })),
  );
  const pyramidHolds = tiers.every((t, i) => i === 0 || (tiers[i - 1]?.count ?? 0) <= t.count);
  return { year, tiers, pyramidHolds, flags };
};

export const pyramid = async (auth: AuthContext, cycleId: string) => {
  const a = agencyOf(auth);
  const { cycle, programme } = await cycleOf(a, cycleId, PROGRAMMES);
  return pyramidOf(programme, cycle.year, await repo.tierCounts(a, cycle.year));
};

// ——— teacher promotions (ZH-TEACHER-SUBSIDY) ———

let programmes: DynamoProgrammeStore | undefined;
/** The agency's current version of the Zhuhai programme (promotions are not tied to a cycle). */
const currentProgramme = async (a: AgencyId): Promise<Programme> => {
  programmes ??= new DynamoProgrammeStore();
  const p = await programmes.latest(a, PROGRAMME_ID);
  if (!p) throw new NotFoundError('Programme', PROGRAMME_ID);
  return p;
};

/** Eligibility and amount by the engine's disbursement rules; the amount is the funding item's rate (fen). */
export const eligibilityOf = (
  programme: Programme,
  p: Pick<PromotionInput, 'level' | 'employerType' | 'industry' | 'promotedBySkillLevelRecognition'>,
): repo.Eligibility => {
  const item = programme.funding?.items.find((i) => i.key === p.level);
  const rate = item?.perHeadFen ?? 0;
  const result = evaluate(programme, {
    type: 'disbursement',
    fundingKey: p.level,
    fundingYear: 1,
    passed: 1,
    perHeadFen: rate,
    amountFen: rate,
    attributes: {
      employerType: p.employerType,
      industry: p.industry,
      promotedBySkillLevelRecognition: p.promotedBySkillLevelRecognition,
    },
  });
  const reasons = result.violations.map((v) => ({
    ruleId: v.ruleId,
    path: v.path,
    message: v.message,
    messageZh: v.messageZh,
  }));
  const eligible = reasons.length === 0 && item !== undefined;
  return { eligible, amountFen: eligible ? rate : 0, fundingKey: p.level, reasons, computedAt: nowIso() };
};

export const recordPromotion = async (auth: AuthContext, body: PromotionInput, requestId: string) => {
  const a = agencyOf(auth);
  const unitId = body.unitId ?? auth.unitId;
  if (!unitId)
    throw new ValidationFailedError([
      {
        ruleId: 'P-UNIT-SCOPE',
        path: 'body.unitId',
        message: 'name the school (unitId)',
        messageZh: '请填写学校（单位）',
      },
    ]);
  assertUnit(auth, 'write', unitId);
  if (body.certificateDate > todayInShanghai())
    throw new ValidationFailedError([
      {
        ruleId: 'ZH-TEACHER-SUBSIDY',
        path: 'body.certificateDate',
        message: 'the certificate date is in the future',
        messageZh: '发证日期晚于今天',
      },
    ]);
  const programme = await currentProgramme(a);
  const p: repo.Promotion = {
    promotionId: newId(),
    agencyId: a,
    programmeId: programme.id,
    programmeVersion: programme.version,
    unitId,
    teacher: body.teacher,
    personFingerprint: personFingerprint(a, body.teacher.residentId),
    schoolName: body.schoolName,
    employerType: body.employerType,
    industry: body.industry,
    level: body.level,
    promotedBySkillLevelRecognition: body.promotedBySkillLevelRecognition,
    certificateNumber: body.certificateNumber,
    certificateDate: body.certificateDate,
    eligibility: eligibilityOf(programme, body),
    version: 1,
    createdAt: nowIso(),
    createdBy: auth.userId,
  };
  await repo.createPromotion(p, changeBy(auth, 'zh.promotion.recorded', requestId));
  return p;
};

const READS_ALL = ['finance'];

export const promotionFor = async (auth: AuthContext, promotionId: string, access: 'read' | 'write') => {
  const p = await repo.getPromotion(agencyOf(auth), promotionId);
  if (!p) throw new NotFoundError('Teacher promotion', promotionId);
  assertUnit(auth, access, p.unitId, READS_ALL);
  return p;
};

export const promotionView =
  (auth: AuthContext) =>
  ({ agencyId: _a, personFingerprint: _f, teacher, ...p }: repo.Promotion) => ({
    ...p,
    teacher: {
      name: teacher.name,
      residentId: isAdmin(auth) ? teacher.residentId : maskResidentId(teacher.residentId),
    },
  });

export const listPromotions = async (auth: AuthContext, limit: number, cursor?: string) => {
  const unit = heldToUnit(auth, 'read', READS_ALL);
  if (unit === null) return { items: [], nextCursor: null };
  const p = await repo.listPromotions(agencyOf(auth), unit, limit, cursor);
  return { items: p.items.map(promotionView(auth)), nextCursor: p.nextCursor };
};

// ——— teacher enterprise practice (ZH-TEACHER-PRACTICE) ———

export const recordPractice = async (
  auth: AuthContext,
  promotionId: string,
  year: number,
  body: {
    isSpecialtyTeacher: boolean;
    periods: readonly { from: string; to: string; enterprise?: string | undefined }[];
  },
  requestId: string,
) => {
  const promotion = await promotionFor(auth, promotionId, 'write');
  const bad = body.periods.findIndex((p) => p.to < p.from);
  if (bad >= 0)
    throw new ValidationFailedError([
      {
        ruleId: 'P-DATE',
        path: `body.periods[${bad}].to`,
        message: 'a period ends before it starts',
        messageZh: '结束日期早于开始日期',
      },
    ]);
  const programme = await currentProgramme(promotion.agencyId);
  const result = evaluate(programme, {
    type: 'teacher-year',
    year,
    teacher: {
      isSpecialtyTeacher: body.isSpecialtyTeacher,
      enterprisePractice: body.periods.map((p) => ({ from: p.from, to: p.to })),
    },
  });
  const findings = [...result.violations, ...result.reported]
    .filter((v) => v.ruleId === 'ZH-TEACHER-PRACTICE')
    .map((v) => ({ ruleId: v.ruleId, path: v.path, message: v.message, messageZh: v.messageZh }));
  const before = await repo.getPracticeYear(promotion.agencyId, promotionId, year);
  const after: repo.PracticeYear = {
    promotionId,
    year,
    isSpecialtyTeacher: body.isSpecialtyTeacher,
    periods: body.periods.map((p) => ({
      from: p.from,
      to: p.to,
      ...(p.enterprise ? { enterprise: p.enterprise } : {}),
    })),
    compliant: findings.length === 0,
    findings,
    version: (before?.version ?? 0) + 1,
    recordedAt: nowIso(),
    recordedBy: auth.userId,
  };
  await repo.putPracticeYear(
    promotion.agencyId,
    before,
    after,
    changeBy(auth, 'zh.practice.recorded', requestId),
  );
  return after;
};
