/**
 * A nomination's eligibility under its cycle's programme version: the rule engine's verdict, kept
 * on the nomination so reviewers see it. Blocking breaches never get this far (intake answers 422);
 * what is kept are the relaxable breaches awaiting a reviewer's override ("特别优秀的可放宽",
 * "一般不超过", "原则上"), the overrides granted, and the reported flags.
 */
import {
  evaluate,
  nominationContext,
  type OverriddenViolation,
  type Override,
  type Programme,
  type RuleViolation,
  type SanctionRecord,
} from '@talent/catalogue';
import type { Cycle } from './cycle';
import { groupMembers, memberPath, type Subject } from './subject';

/** A reviewer's override of a relaxable rule for one nomination (X-AUDIT: also in the audit trail). */
export interface RuleOverride extends Override {
  readonly at: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly clause?: string;
  readonly path: string;
  readonly message: string;
  readonly messageZh: string;
}

export interface OverriddenFinding extends Finding {
  readonly by: string;
  readonly reason: string;
}

export interface Eligibility {
  /** `needs-override` while a relaxable breach has no override: the nomination cannot be recommended. */
  readonly status: 'eligible' | 'needs-override';
  readonly programmeVersion: number;
  readonly selectionDate: string;
  readonly pending: readonly Finding[];
  readonly overridden: readonly OverriddenFinding[];
  readonly reported: readonly Finding[];
}

export interface Assessment {
  /** Breaches no override can lift: intake refuses them (422). */
  readonly blocking: readonly RuleViolation[];
  readonly eligibility: Eligibility;
}

const finding = (v: RuleViolation): Finding => ({
  ruleId: v.ruleId,
  ...(v.clause ? { clause: v.clause } : {}),
  path: v.path,
  message: v.message,
  messageZh: v.messageZh,
});

const overriddenFinding = (v: OverriddenViolation): OverriddenFinding => ({
  ...finding(v),
  by: v.by,
  reason: v.reason,
});

/**
 * A person's participations on the platform's own records (JS-EXCLUSIONS, read from the cohorts
 * service's `@talent/svc-cohorts/jiangsu/participation`): the latest end of a participation, and the
 * trainee records of other nominations that have not ended (the person is in training).
 */
export interface ParticipationFacts {
  readonly lastEndedOn?: string;
  readonly inTraining: readonly {
    readonly traineeId: string;
    readonly cycleId: string;
    readonly year: number;
  }[];
}

const gapRules = (programme: Programme) =>
  programme.rules.filter((r) => r.kind === 'repeat-participation-gap' && r.context === 'nomination');

/** Whether the programme has a repeat-participation rule the platform's records feed. */
export const readsParticipation = (programme: Programme): boolean => gapRules(programme).length > 0;

const later = (a: unknown, b: string | undefined): unknown =>
  b === undefined ? a : typeof a === 'string' && a >= b ? a : b;

/**
 * The facts the repeat-participation rule reads: the later of the nominator's attribute and the end
 * on record (the attribute stays as typed on the nomination; only the engine sees the later date).
 */
const withRecordedEnd = (
  programme: Programme,
  attributes: Readonly<Record<string, unknown>>,
  facts: ParticipationFacts | undefined,
): Readonly<Record<string, unknown>> => {
  if (!facts?.lastEndedOn) return attributes;
  const out: Record<string, unknown> = { ...attributes };
  for (const rule of gapRules(programme)) {
    const attribute = (rule.params as { attribute: string }).attribute;
    out[attribute] = later(attributes[attribute], facts.lastEndedOn);
  }
  return out;
};

/**
 * A person still in training (a trainee record of another nomination that has not ended) has no end
 * of participation to count the gap from: refused under the repeat-participation rule's id
 * (JS-EXCLUSIONS, clause `repeat-gap`), blocking like the rule itself.
 */
const inTrainingViolations = (
  programme: Programme,
  facts: ParticipationFacts | undefined,
): RuleViolation[] => {
  const current = facts?.inTraining[0];
  if (!current) return [];
  return gapRules(programme).map((rule) => ({
    ruleId: rule.id,
    ...(rule.clause ? { clause: rule.clause } : {}),
    path: `attributes.${(rule.params as { attribute: string }).attribute}`,
    message: `the person is in training (trainee ${current.traineeId}, cycle ${current.cycleId}, ${current.year}): a repeat follows the end of the previous participation`,
    messageZh: `该人员正在参加培育（${current.year}年度），再次参加须自前一次培育结束起计算间隔`,
    relaxable: false,
  }));
};

/** The engine's `members…` paths in the request's terms (`team.members…`, `institution.faculty…`). */
const requestPath = (subject: Subject) => {
  const base = memberPath(subject);
  return (v: RuleViolation): RuleViolation =>
    v.path === 'members' || v.path.startsWith('members[') || v.path.startsWith('members.')
      ? { ...v, path: base + v.path.slice('members'.length) }
      : v;
};

/**
 * Evaluates the nomination's rules for its category in its cycle (pure): the nomination context
 * (the person's facts, or the team's or faculty's members) and, for an application, each partner
 * enterprise in the partner context (GD-ENTERPRISE).
 */
export const assess = (
  programme: Programme,
  cycle: Pick<Cycle, 'year' | 'selectionDate'>,
  input: {
    readonly category: string;
    readonly subject: Subject;
    readonly attributes: Readonly<Record<string, unknown>>;
    readonly overrides?: readonly RuleOverride[];
    /** Sanctions on record against the person or the recommending unit (JS-SANCTIONS). */
    readonly sanctions?: readonly SanctionRecord[];
    /** The platform's participation records of the person (JS-EXCLUSIONS). */
    readonly participation?: ParticipationFacts;
  },
): Assessment => {
  const members = groupMembers(input.subject);
  const context = nominationContext(programme, {
    category: input.category,
    programmeYear: cycle.year,
    selectionDate: cycle.selectionDate,
    ...(input.subject.nominee ? { nominee: input.subject.nominee } : {}),
    attributes: withRecordedEnd(programme, input.attributes, input.participation),
    ...(members ? { members } : {}),
    ...(input.sanctions && input.sanctions.length > 0 ? { sanctions: input.sanctions } : {}),
  });
  const result = evaluate(programme, context, { overrides: input.overrides ?? [] });
  const toRequest = requestPath(input.subject);
  const partnerViolations = (input.subject.institution?.partners ?? []).flatMap((partner, i) =>
    evaluate(programme, {
      type: 'partner',
      selectionDate: cycle.selectionDate,
      attributes: partner.attributes,
    }).violations.map((v) => ({ ...v, path: `institution.partners[${i}].${v.path}` })),
  );
  const violations = [
    ...result.violations.map(toRequest),
    ...partnerViolations,
    ...inTrainingViolations(programme, input.participation),
  ];
  const blocking = violations.filter((v) => !v.relaxable);
  const pending = violations.filter((v) => v.relaxable).map(finding);
  return {
    blocking,
    eligibility: {
      status: pending.length > 0 ? 'needs-override' : 'eligible',
      programmeVersion: programme.version,
      selectionDate: cycle.selectionDate,
      pending,
      overridden: result.overridden.map((v) => overriddenFinding({ ...v, ...toRequest(v) })),
      reported: result.reported.map((v) => finding(toRequest(v))),
    },
  };
};
