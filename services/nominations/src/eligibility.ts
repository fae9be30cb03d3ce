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
  },
): Assessment => {
  const members = groupMembers(input.subject);
  const context = nominationContext(programme, {
    category: input.category,
    programmeYear: cycle.year,
    selectionDate: cycle.selectionDate,
    ...(input.subject.nominee ? { nominee: input.subject.nominee } : {}),
    attributes: input.attributes,
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
  const violations = [...result.violations.map(toRequest), ...partnerViolations];
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
