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
} from '@talent/catalogue';
import type { Cycle } from './cycle';
import type { Nominee } from './nomination';

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

/** Evaluates the nomination's rules for its category in its cycle (pure). */
export const assess = (
  programme: Programme,
  cycle: Pick<Cycle, 'year' | 'selectionDate'>,
  input: {
    readonly category: string;
    readonly nominee: Nominee;
    readonly attributes: Readonly<Record<string, unknown>>;
    readonly overrides?: readonly RuleOverride[];
  },
): Assessment => {
  const context = nominationContext(programme, {
    category: input.category,
    programmeYear: cycle.year,
    selectionDate: cycle.selectionDate,
    nominee: input.nominee,
    attributes: input.attributes,
  });
  const result = evaluate(programme, context, { overrides: input.overrides ?? [] });
  const blocking = result.violations.filter((v) => !v.relaxable);
  const pending = result.violations.filter((v) => v.relaxable).map(finding);
  return {
    blocking,
    eligibility: {
      status: pending.length > 0 ? 'needs-override' : 'eligible',
      programmeVersion: programme.version,
      selectionDate: cycle.selectionDate,
      pending,
      overridden: result.overridden.map(overriddenFinding),
      reported: result.reported.map(finding),
    },
  };
};
