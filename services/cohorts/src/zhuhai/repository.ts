/**
 * Zhuhai storage. Keys (tenant-prefixed, X-TENANT):
 * - Registration  PK ZHREG#<nominationId> SK REGISTRATION; GSI1 ZHCYCLE#<cycleId> / REG#<tier>#<nominationId>; GSI2 UNIT#<unitId> / ZHREG#<cycleId>#<tier>#<nominationId>
 * - Tier counter  PK ZHPYRAMID#<year> SK TIER#<tier> (count, ADD in the registration's transaction)
 * - Person claim  PK PERSON#<fingerprint> SK ZH-CRAFTSMAN#<year> (one tier per person per year)
 * - Promotion     PK ZHPROMO#<promotionId> SK PROMOTION; GSI1 ZHPROMOS / PROMO#<certificateDate>#<id>; GSI2 UNIT#<unitId> / ZHPROMO#<certificateDate>#<id>
 * - Person claim  PK PERSON#<fingerprint> SK ZH-PROMOTION#<level> (one record per teacher per level)
 * - Practice year PK ZHPROMO#<promotionId> SK PRACTICE#<year>
 */
import { type AgencyId, onConditionFailed, tenantKey, transactWrite } from '@talent/data';
import { ConflictError, maskResidentId } from '@talent/kernel';
import { audit, type Change, getItem, page, putAt, putNew, readAll, table } from '../guangdong/store';

export interface Registration {
  readonly registrationId: string;
  readonly nominationId: string;
  readonly agencyId: AgencyId;
  readonly cycleId: string;
  readonly year: number;
  readonly tier: string;
  readonly unitId: string;
  readonly name?: string;
  readonly residentIdMasked?: string;
  readonly personFingerprint: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly registeredAt: string;
  readonly registeredBy: string;
}

export interface Eligibility {
  readonly eligible: boolean;
  readonly amountFen: number;
  readonly fundingKey: string;
  readonly reasons: readonly { ruleId: string; path: string; message: string; messageZh?: string }[];
  readonly computedAt: string;
}

export interface Promotion {
  readonly promotionId: string;
  readonly agencyId: AgencyId;
  readonly programmeId: string;
  readonly programmeVersion: number;
  readonly unitId: string;
  readonly teacher: { readonly name: string; readonly residentId: string };
  readonly personFingerprint: string;
  readonly schoolName: string;
  readonly employerType: string;
  readonly industry: string;
  readonly level: string;
  readonly promotedBySkillLevelRecognition: boolean;
  readonly certificateNumber: string;
  readonly certificateDate: string;
  readonly eligibility: Eligibility;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface PracticeYear {
  readonly promotionId: string;
  readonly year: number;
  readonly isSpecialtyTeacher: boolean;
  readonly periods: readonly { from: string; to: string; enterprise?: string }[];
  /** ZH-TEACHER-PRACTICE met (≥1 month in the calendar year, or not a specialty teacher). */
  readonly compliant: boolean;
  readonly findings: readonly { ruleId: string; path: string; message: string; messageZh?: string }[];
  readonly version: number;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

const regPk = (a: AgencyId, id: string) => tenantKey(a, 'ZHREG', id);
const cyclePk = (a: AgencyId, cycleId: string) => tenantKey(a, 'ZHCYCLE', cycleId);
const unitPk = (a: AgencyId, unitId: string) => tenantKey(a, 'UNIT', unitId);
const pyramidPk = (a: AgencyId, year: number) => tenantKey(a, 'ZHPYRAMID', String(year));
const personPk = (a: AgencyId, fp: string) => tenantKey(a, 'PERSON', fp);
export const promoPk = (a: AgencyId, id: string) => tenantKey(a, 'ZHPROMO', id);
const promosPk = (a: AgencyId) => tenantKey(a, 'ZHPROMOS');

const regSnapshot = (r: Registration) => ({ ...r, personFingerprint: undefined });
export const promoSnapshot = (p: Promotion) => ({
  ...p,
  teacher: { name: p.teacher.name, residentId: maskResidentId(p.teacher.residentId) },
  personFingerprint: undefined,
});

export const register = async (r: Registration, change: Change): Promise<void> => {
  const a = r.agencyId;
  await onConditionFailed(
    transactWrite([
      putNew({
        PK: regPk(a, r.registrationId),
        SK: 'REGISTRATION',
        entityKind: 'ZhCraftsmanRegistration',
        GSI1PK: cyclePk(a, r.cycleId),
        GSI1SK: `REG#${r.tier}#${r.registrationId}`,
        GSI2PK: unitPk(a, r.unitId),
        GSI2SK: `ZHREG#${r.cycleId}#${r.tier}#${r.registrationId}`,
        ...r,
      }),
      putNew({
        PK: personPk(a, r.personFingerprint),
        SK: `ZH-CRAFTSMAN#${r.year}`,
        entityKind: 'ZhCraftsmanClaim',
        registrationId: r.registrationId,
      }),
      {
        Update: {
          TableName: table(),
          Key: { PK: pyramidPk(a, r.year), SK: `TIER#${r.tier}` },
          UpdateExpression: 'ADD #n :one SET entityKind = :k, tier = :tier, #y = :year',
          ExpressionAttributeNames: { '#n': 'count', '#y': 'year' },
          ExpressionAttributeValues: { ':one': 1, ':k': 'ZhTierCounter', ':tier': r.tier, ':year': r.year },
        },
      },
      audit(
        a,
        'ZhCraftsmanRegistration',
        r.registrationId,
        regPk(a, r.registrationId),
        change,
        null,
        regSnapshot(r),
      ),
    ]),
    (failed) =>
      failed.includes(0)
        ? new ConflictError(
            'ZH-CRAFTSMAN-TIERS',
            'This entry of the official list is registered already',
            'body.nominationId',
          )
        : failed.includes(1)
          ? new ConflictError(
              'ZH-CRAFTSMAN-TIERS',
              `This person is registered in a tier for ${r.year} already`,
              'body.nominationId',
            )
          : undefined,
  );
};

export const listRegistrations = (
  a: AgencyId,
  cycleId: string,
  tier: string | undefined,
  unitId: string | undefined,
  limit: number,
  cursor?: string,
) =>
  unitId === undefined
    ? page<Registration>(a, 'GSI1', cyclePk(a, cycleId), `REG#${tier ? `${tier}#` : ''}`, limit, cursor)
    : page<Registration>(
        a,
        'GSI2',
        unitPk(a, unitId),
        `ZHREG#${cycleId}#${tier ? `${tier}#` : ''}`,
        limit,
        cursor,
      );

export const tierCounts = async (a: AgencyId, year: number): Promise<Map<string, number>> => {
  const items = await readAll<{ tier: string; count: number }>(undefined, pyramidPk(a, year), 'TIER#');
  return new Map(items.map((i) => [i.tier, i.count]));
};

export const createPromotion = async (p: Promotion, change: Change): Promise<void> => {
  const a = p.agencyId;
  await onConditionFailed(
    transactWrite([
      putNew({
        PK: promoPk(a, p.promotionId),
        SK: 'PROMOTION',
        entityKind: 'ZhTeacherPromotion',
        GSI1PK: promosPk(a),
        GSI1SK: `PROMO#${p.certificateDate}#${p.promotionId}`,
        GSI2PK: unitPk(a, p.unitId),
        GSI2SK: `ZHPROMO#${p.certificateDate}#${p.promotionId}`,
        ...p,
      }),
      putNew({
        PK: personPk(a, p.personFingerprint),
        SK: `ZH-PROMOTION#${p.level}`,
        entityKind: 'ZhPromotionClaim',
        promotionId: p.promotionId,
      }),
      audit(
        a,
        'ZhTeacherPromotion',
        p.promotionId,
        promoPk(a, p.promotionId),
        change,
        null,
        promoSnapshot(p),
      ),
    ]),
    (failed) =>
      failed.includes(1)
        ? new ConflictError(
            'ZH-TEACHER-SUBSIDY',
            `This teacher's promotion to ${p.level} is recorded already`,
            'body.teacher.residentId',
          )
        : undefined,
  );
};

export const getPromotion = (a: AgencyId, id: string) => getItem<Promotion>(promoPk(a, id), 'PROMOTION');

export const listPromotions = (a: AgencyId, unitId: string | undefined, limit: number, cursor?: string) =>
  unitId === undefined
    ? page<Promotion>(a, 'GSI1', promosPk(a), 'PROMO#', limit, cursor)
    : page<Promotion>(a, 'GSI2', unitPk(a, unitId), 'ZHPROMO#', limit, cursor);

export const getPracticeYear = (a: AgencyId, id: string, year: number) =>
  getItem<PracticeYear>(promoPk(a, id), `PRACTICE#${year}`);
export const practiceYears = (a: AgencyId, id: string) =>
  readAll<PracticeYear>(undefined, promoPk(a, id), 'PRACTICE#');

export const putPracticeYear = async (
  a: AgencyId,
  before: PracticeYear | undefined,
  after: PracticeYear,
  change: Change,
): Promise<void> => {
  await onConditionFailed(
    transactWrite([
      putAt(
        {
          PK: promoPk(a, after.promotionId),
          SK: `PRACTICE#${after.year}`,
          entityKind: 'ZhPracticeYear',
          ...after,
        },
        before?.version,
      ),
      audit(
        a,
        'ZhPracticeYear',
        `${after.promotionId}:${after.year}`,
        promoPk(a, after.promotionId),
        change,
        before ? { ...before } : null,
        { ...after },
      ),
    ]),
    () => new ConflictError('P-CONCURRENCY', 'The practice year changed meanwhile; read it again', 'year'),
  );
};
