/**
 * Graduate outcomes → the figures of GD-OUTCOME and GD-EMPLOYMENT, checked by the catalogue's
 * engine (`report` context, scope `pilot-major`): the targets live in the definition, not here.
 */
import { evaluate, type KpiProgressRow, kpiProgress, type Programme } from '@talent/catalogue';
import type { OutcomeInput } from './schemas';

export const SCOPE = 'pilot-major';

/** 技师水平: one of the three routes of the seed (certificate; recognised certificate; enterprise assessment or post with pay). */
export const atTechnicianLevel = (o: OutcomeInput): boolean =>
  o.technicianCertificate ||
  o.recognisedTechnicianCertificate ||
  o.enterpriseAssessedTechnicianLevel ||
  o.technicianEquivalentPostWithPay;

/**
 * The metrics of a set of outcomes. A ratio whose whole is 0 (no graduates yet, none employed) is
 * left out, so the engine reports it as "not reported" rather than met.
 */
export const outcomeMetrics = (outcomes: readonly (OutcomeInput | undefined)[]): Record<string, number> => {
  const graduates = outcomes.filter((o): o is OutcomeInput => o?.graduated === true);
  const employed = graduates.filter((o) => o.employed);
  const metrics: Record<string, number> = {};
  if (graduates.length > 0) {
    metrics.graduates = graduates.length;
    metrics.graduatesAtTechnicianLevel = graduates.filter(atTechnicianLevel).length;
    metrics.paidAboveTechnicianPay = graduates.filter((o) => o.employed && o.paidAboveTechnicianPay).length;
  }
  if (employed.length > 0) {
    metrics.employedGraduates = employed.length;
    metrics.matchedEmployment = employed.filter((o) => o.matchedEmployment).length;
  }
  return metrics;
};

export interface KpiReport {
  readonly scope: string;
  readonly metrics: Record<string, number>;
  readonly indicators: readonly KpiProgressRow[];
  /** Every indicator met (false while any is short or not reported). */
  readonly met: boolean;
  readonly shortfalls: readonly { ruleId: string; path: string; message: string; messageZh: string }[];
}

export const kpiReport = (
  programme: Programme,
  year: number,
  outcomes: readonly (OutcomeInput | undefined)[],
): KpiReport => {
  const metrics = outcomeMetrics(outcomes);
  const result = evaluate(programme, { type: 'report', year, scope: SCOPE, metrics });
  const indicators = kpiProgress(programme, SCOPE, metrics);
  return {
    scope: SCOPE,
    metrics,
    indicators,
    met: result.reported.length === 0 && indicators.every((i) => i.met === true),
    shortfalls: result.reported.map((v) => ({
      ruleId: v.ruleId,
      path: v.path,
      message: v.message,
      messageZh: v.messageZh,
    })),
  };
};
