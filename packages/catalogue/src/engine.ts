/**
 * The rule engine: pure, synchronous, no I/O. `evaluate(definition, context)` runs the definition's
 * rules for the context's type (and category or award) and returns every breach with its rule id.
 *
 * - enforced / computed rules → `violations` (ok is false while any remains);
 * - reported rules → `reported` (flags for the report; they never block);
 * - recorded rules are data only and are not run.
 *
 * A relaxable rule (the seed allows exceptions: "特别优秀的可放宽", "一般", "原则上") still yields a
 * violation, flagged `relaxable: true`, unless the caller passes an override for that rule id (and
 * clause): then it moves to `overridden`, carrying who and why, for the caller to audit. An override
 * of a rule that is not relaxable is itself a violation and relaxes nothing.
 */
import type { Violation } from '@talent/kernel';
import { awardOf, categoryOf, type EvaluationContext } from './context';
import type { ProgrammeDefinition, RuleDefinition } from './definition';
import { memoByObject } from './lazy';
import { ruleKinds } from './rules/registry';

export interface RuleViolation extends Violation {
  readonly messageZh: string;
  /** True when a reviewer may override it (with an audited reason). */
  readonly relaxable: boolean;
  readonly clause?: string;
}

export interface Override {
  readonly ruleId: string;
  /** Restricts the override to one clause of the rule (BJ-MASTER-TEACHER: 'age' or 'education'). */
  readonly clause?: string;
  /** The reviewer's user id. */
  readonly by: string;
  readonly reason: string;
}

export interface OverriddenViolation extends RuleViolation {
  readonly by: string;
  readonly reason: string;
}

export interface EvaluationResult {
  readonly ok: boolean;
  readonly violations: readonly RuleViolation[];
  /** Relaxed by an override: the caller records each in the audit trail (X-AUDIT). */
  readonly overridden: readonly OverriddenViolation[];
  /** Shortfalls of reported rules (KPIs, floors): flags that never block. */
  readonly reported: readonly RuleViolation[];
}

export interface EvaluateOptions {
  readonly overrides?: readonly Override[];
}

/** The rules of each context type, indexed once per definition. */
const rulesByContext = memoByObject((definition: ProgrammeDefinition) => {
  const index = new Map<string, RuleDefinition[]>();
  for (const rule of definition.rules) {
    if (rule.disposition === 'recorded') continue;
    const list = index.get(rule.context) ?? [];
    list.push(rule);
    index.set(rule.context, list);
  }
  return index;
});

const applies = (rule: RuleDefinition, context: EvaluationContext): boolean => {
  const categories = rule.appliesTo?.categories;
  if (categories) {
    const category = categoryOf(context);
    if (category === undefined || !categories.includes(category)) return false;
  }
  const awards = rule.appliesTo?.awards;
  if (awards) {
    const award = awardOf(context);
    if (award === undefined || !awards.includes(award)) return false;
  }
  return true;
};

const matches = (o: Override, v: { ruleId: string; clause?: string }) =>
  o.ruleId === v.ruleId && (o.clause === undefined || o.clause === v.clause);

/** Evaluates the definition's rules against a context. Never throws for bad facts: they are violations. */
export const evaluate = (
  definition: ProgrammeDefinition,
  context: EvaluationContext,
  options: EvaluateOptions = {},
): EvaluationResult => {
  const violations: RuleViolation[] = [];
  const overridden: OverriddenViolation[] = [];
  const reported: RuleViolation[] = [];
  const overrides: Override[] = [];

  (options.overrides ?? []).forEach((o, i) => {
    const relaxable = definition.rules.some(
      (r) => r.relaxable && matches(o, { ruleId: r.id, ...(r.clause ? { clause: r.clause } : {}) }),
    );
    const audited = o.by.trim() !== '' && o.reason.trim() !== '';
    if (!relaxable) {
      violations.push({
        ruleId: o.ruleId,
        path: `overrides[${i}]`,
        message: `${o.ruleId}${o.clause ? ` (${o.clause})` : ''} is not relaxable in ${definition.id}: it cannot be overridden`,
        messageZh: `${o.ruleId}不允许放宽，不能特批`,
        relaxable: false,
      });
    } else if (!audited) {
      violations.push({
        ruleId: o.ruleId,
        path: `overrides[${i}]`,
        message: 'an override names the reviewer (by) and the reason',
        messageZh: '特批须注明审核人及理由',
        relaxable: false,
      });
    } else {
      overrides.push(o);
    }
  });

  for (const rule of rulesByContext(definition).get(context.type) ?? []) {
    if (!applies(rule, context)) continue;
    const kind = ruleKinds[rule.kind];
    if (!kind) continue; // unreachable for a validated definition
    let findings: ReturnType<typeof kind.check>;
    try {
      findings = kind.check(rule.params, context, { definition, rule });
    } catch (e) {
      // Facts the rule cannot compute with (an impossible date …) never pass silently.
      findings = [
        {
          path: '',
          message: `cannot evaluate: ${e instanceof Error ? e.message : String(e)}`,
          messageZh: `无法核验：${e instanceof Error ? e.message : String(e)}`,
          relaxable: false,
        },
      ];
    }
    for (const f of findings) {
      const v: RuleViolation = {
        ruleId: f.ruleId ?? rule.id,
        path: f.path,
        message: f.message,
        messageZh: f.messageZh,
        relaxable: Boolean(rule.relaxable) && f.relaxable !== false && f.ruleId === undefined,
        ...(rule.clause ? { clause: rule.clause } : {}),
      };
      if (rule.disposition === 'reported') {
        reported.push(v);
        continue;
      }
      const o = v.relaxable ? overrides.find((x) => matches(x, v)) : undefined;
      if (o) overridden.push({ ...v, by: o.by, reason: o.reason });
      else violations.push(v);
    }
  }
  return { ok: violations.length === 0, violations, overridden, reported };
};

/** Violations with a base prefixed to their paths (a service's `body.`), e.g. for a 422 response. */
export const withBase = <V extends Violation>(base: string, violations: readonly V[]): V[] =>
  violations.map((v) => ({ ...v, path: v.path ? `${base}.${v.path}` : base }));
