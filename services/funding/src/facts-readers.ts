/**
 * The real facts readers: the cohorts service's acceptance results (Jiangsu) and teacher promotions
 * (Zhuhai), through the read-only views cohorts exports for funding (never its storage helpers),
 * and the full resident IDs from the official list (`@talent/svc-nominations/roster`: cohorts keep
 * only the masked ID of a trainee).
 *
 * - Jiangsu: one fact per graded trainee of the cycle. `final` only when the unit's acceptance is
 *   final (`finalAt` on its grading item, set when the acceptance stage closes). The grading items,
 *   units and trainees are read consistently (base table), so an acceptance just made final is
 *   never read as pending, nor a just-submitted grade missed. Name and resident ID come from the
 *   trainee's year-1 nomination (a year-2 record carries the same nomination id).
 * - Zhuhai: the promotions whose certificate date falls in the year, with the full resident ID the
 *   school recorded; `eligible` is the recorded "promoted by skill-level recognition" fact (the
 *   funding engine checks employer type and industry itself).
 */

import type { AgencyId } from '@talent/data';
import { acceptanceForFunding } from '@talent/svc-cohorts/jiangsu/funding-read';
import { promotionsForFunding } from '@talent/svc-cohorts/zhuhai/funding-read';
import { officialEntry } from '@talent/svc-nominations/roster';
import type { AcceptedTrainee, FundingFacts, TeacherPromotion } from './facts';

/** Maps with at most `limit` calls in flight. */
const mapLimited = async <T, R>(
  items: readonly T[],
  limit: number,
  f: (t: T) => Promise<R>,
): Promise<R[]> => {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
};

export class MissingOfficialEntryError extends Error {
  constructor(traineeId: string) {
    super(`trainee ${traineeId}: its nomination is not on an official list (no name or resident ID)`);
  }
}

export const cohortsFundingFacts: FundingFacts = {
  async acceptedTrainees(agency: AgencyId, cycleId: string): Promise<AcceptedTrainee[]> {
    const rows = await acceptanceForFunding(agency, cycleId);
    const nominees = new Map<string, { name: string; residentId: string }>();
    const nominationIds = [...new Set(rows.map((r) => r.nominationId))];
    await mapLimited(nominationIds, 16, async (id) => {
      const entry = await officialEntry(agency, id);
      if (entry?.nominee)
        nominees.set(id, { name: entry.nominee.name, residentId: entry.nominee.residentId });
    });
    return rows.map((r) => {
      const who = nominees.get(r.nominationId);
      if (!who) throw new MissingOfficialEntryError(r.traineeId);
      return {
        traineeId: r.traineeId,
        nominationId: r.nominationId,
        cycleId: r.cycleId,
        year: r.year,
        trackingYear: r.participationYear,
        category: r.category,
        trainingUnitId: r.unitId,
        trainingUnitName: r.unitName,
        city: r.unitCity,
        name: who.name,
        residentId: who.residentId,
        passed: r.passed,
        final: r.final,
        grade: r.grade,
        factsVersion: r.factsVersion,
      };
    });
  },

  async teacherPromotions(agency: AgencyId, year: number): Promise<TeacherPromotion[]> {
    return (await promotionsForFunding(agency, year)).map((p) => ({
      recordId: p.promotionId,
      name: p.name,
      residentId: p.residentId,
      school: p.schoolName,
      schoolKind: p.employerType,
      industry: p.industry,
      level: p.level as TeacherPromotion['level'],
      certifiedOn: p.certificateDate,
      eligible: p.promotedBySkillLevelRecognition,
      factsVersion: p.version,
    }));
  },
};

export const realFundingFacts = (): FundingFacts | undefined => cohortsFundingFacts;
