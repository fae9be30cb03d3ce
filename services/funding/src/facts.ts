/**
 * The facts funding computes with, from the services that own them (cohorts: acceptance of trainees,
 * teacher promotions). A port: the calculation never reads another service's storage directly. The
 * handler takes its source from one place (`fundingFacts()` in ./facts-source.ts); tests plug the
 * in-memory implementation below, the lead plugs the real readers there.
 */
import type { AgencyId } from '@talent/data';

/** One trainee's acceptance (验收) result for one tracked year (JS-ACCEPTANCE, JS-TRACKING). */
export interface AcceptedTrainee {
  readonly traineeId: string;
  readonly nominationId: string;
  readonly cycleId: string;
  /** The calendar year the acceptance is for (the budget's programme-year). */
  readonly year: number;
  /** 1 or 2 for Jiangsu (JS-TRACKING); up to the funding item's `years` for a registered programme. */
  readonly trackingYear: number;
  /** The category ('A' | 'B' for Jiangsu): the funding item key. */
  readonly category: string;
  readonly trainingUnitId: string;
  readonly trainingUnitName: string;
  /** The city of the unit's place: money goes to its finance bureau (所在地财政部门). */
  readonly city: string;
  readonly name: string;
  /** Full resident ID (X-RESIDENT-ID): masked for every role but finance and admin. */
  readonly residentId: string;
  readonly passed: boolean;
  /** The acceptance result is final (no pending review or correction). */
  readonly final: boolean;
  readonly grade?: string;
  /** Version of the facts record at the source: a later correction has a higher one. */
  readonly factsVersion: number;
}

/** A teacher promoted by skill-level recognition (ZH-TEACHER-SUBSIDY). */
export interface TeacherPromotion {
  readonly recordId: string;
  readonly name: string;
  readonly residentId: string;
  readonly school: string;
  /** 'private-vocational-school' | 'private-training-institution' | … (the catalogue's employerType). */
  readonly schoolKind: string;
  /** One of the key industries (ZH-INDUSTRIES ids). */
  readonly industry: string;
  readonly level: '技师' | '高级技师';
  readonly certifiedOn: string;
  /** The source's verdict that the promotion was by skill-level recognition (认定晋升) and is claimable. */
  readonly eligible: boolean;
  readonly factsVersion: number;
}

export interface FundingFacts {
  acceptedTrainees(agency: AgencyId, cycleId: string): Promise<AcceptedTrainee[]>;
  teacherPromotions(agency: AgencyId, year: number): Promise<TeacherPromotion[]>;
}

/** Facts held in memory (tests, local runs): set, correct and remove records by agency. */
export class InMemoryFundingFacts implements FundingFacts {
  private readonly trainees = new Map<string, AcceptedTrainee[]>();
  private readonly promotions = new Map<string, TeacherPromotion[]>();

  setTrainees(agency: string, cycleId: string, rows: readonly AcceptedTrainee[]): void {
    this.trainees.set(`${agency}|${cycleId}`, [...rows]);
  }

  setPromotions(agency: string, year: number, rows: readonly TeacherPromotion[]): void {
    this.promotions.set(`${agency}|${year}`, [...rows]);
  }

  async acceptedTrainees(agency: AgencyId, cycleId: string): Promise<AcceptedTrainee[]> {
    return [...(this.trainees.get(`${agency}|${cycleId}`) ?? [])];
  }

  async teacherPromotions(agency: AgencyId, year: number): Promise<TeacherPromotion[]> {
    return [...(this.promotions.get(`${agency}|${year}`) ?? [])];
  }
}
