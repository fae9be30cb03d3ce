/**
 * Read-only view of the Zhuhai teacher promotions for the funding service (ZH-TEACHER-SUBSIDY):
 * the promotions whose certificate date falls in a calendar year. Promotions are written once
 * (never updated: `version` stays 1), so the GSI1 item is complete; a promotion recorded a moment
 * ago may be missing from one read (GSI lag) and is paid by the next batch — the ledger and the
 * once-per-teacher-per-level subject key, not this read, keep payments single.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AgencyId, getDocumentClient, mainTableName, tenantKey } from '@talent/data';
import type { Promotion } from './repository';

// Self-contained on purpose (keys as in ./repository.ts): the storage helpers may move.
const readIndex = async (pk: string, prefix: string): Promise<Promotion[]> => {
  const out: Promotion[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await getDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of r.Items ?? []) out.push(i as Promotion);
    start = r.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start);
  return out;
};

export interface ZhuhaiPromotionFact {
  readonly promotionId: string;
  readonly unitId: string;
  readonly name: string;
  /** Full resident ID as recorded by the school (X-RESIDENT-ID: callers mask it). */
  readonly residentId: string;
  readonly schoolName: string;
  readonly employerType: string;
  readonly industry: string;
  readonly level: string;
  readonly promotedBySkillLevelRecognition: boolean;
  readonly certificateNumber: string;
  readonly certificateDate: string;
  /** Cohorts' own eligibility verdict at recording time (the funding engine checks again). */
  readonly eligible: boolean;
  readonly version: number;
}

export const promotionsForFunding = async (ag: AgencyId, year: number): Promise<ZhuhaiPromotionFact[]> => {
  const items = await readIndex(tenantKey(ag, 'ZHPROMOS'), `PROMO#${year}-`);
  return items.map((p) => ({
    promotionId: p.promotionId,
    unitId: p.unitId,
    name: p.teacher.name,
    residentId: p.teacher.residentId,
    schoolName: p.schoolName,
    employerType: p.employerType,
    industry: p.industry,
    level: p.level,
    promotedBySkillLevelRecognition: p.promotedBySkillLevelRecognition,
    certificateNumber: p.certificateNumber,
    certificateDate: p.certificateDate,
    eligible: p.eligibility.eligible,
    version: p.version,
  }));
};
