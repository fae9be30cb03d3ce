import type * as z from 'zod';
import type { ContextOf, ContextType, EvaluationContext } from '../context';
import type { ProgrammeDefinition, RuleDefinition } from '../definition';
import { once } from '../lazy';

/** One way a context breaks a rule, as a rule kind reports it (the engine adds the rule id). */
export interface Finding {
  /** Path relative to the context (`nominee.birthDate`, `trainees[2].grade`, '' for the whole context). */
  readonly path: string;
  readonly message: string;
  readonly messageZh: string;
  /** false: this shortfall is beyond what the rule lets a reviewer relax (JS-LEVEL below 技师). */
  readonly relaxable?: false;
  /** Cite another rule than the one evaluated (a woman's missing retirement base cites X-RETIREMENT-AGE). */
  readonly ruleId?: string;
}

/** What a rule kind may read besides its params and the context: the definition it belongs to. */
export interface RuleEnv {
  readonly definition: ProgrammeDefinition;
  readonly rule: RuleDefinition;
}

/** A problem found when a definition is validated: path relative to the rule. */
export interface CrossIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface KindSpec<P, C extends ContextType> {
  readonly name: string;
  /** The contexts a rule of this kind may be declared for. */
  readonly contexts: readonly C[];
  /** True when the kind reads nothing but `context.attributes` (compiled into the attribute schema). */
  readonly attributeOnly?: boolean;
  readonly params: () => z.ZodType<P>;
  readonly check: (params: P, context: ContextOf<Exclude<C, 'platform'>>, env: RuleEnv) => readonly Finding[];
  /** One line for docs/rules.md: what the software does with the params. */
  readonly summary: (params: P, env: RuleEnv) => string;
  /** Cross-checks against the rest of the definition (declared fields, calendar stages, funding items). */
  readonly crossCheck?: (params: P, env: RuleEnv) => readonly CrossIssue[];
}

/** A rule kind with its types erased, as the registry holds it. */
export interface RuleKind {
  readonly name: string;
  readonly contexts: readonly ContextType[];
  readonly attributeOnly: boolean;
  readonly params: () => z.ZodType;
  readonly check: (params: unknown, context: EvaluationContext, env: RuleEnv) => readonly Finding[];
  readonly summary: (params: unknown, env: RuleEnv) => string;
  readonly crossCheck: (params: unknown, env: RuleEnv) => readonly CrossIssue[];
}

/**
 * Declares a rule kind. Params schemas are built on first use; `check` receives params that the
 * definition schema has already validated with them (params schemas never transform).
 */
export const defineKind = <P, C extends ContextType>(spec: KindSpec<P, C>): RuleKind => ({
  name: spec.name,
  contexts: spec.contexts,
  attributeOnly: spec.attributeOnly ?? false,
  params: once(spec.params),
  check: spec.check as RuleKind['check'],
  summary: spec.summary as RuleKind['summary'],
  crossCheck: (spec.crossCheck ?? (() => [])) as RuleKind['crossCheck'],
});

export const finding = (
  path: string,
  message: string,
  messageZh: string,
  extra: Partial<Finding> = {},
): Finding => ({
  path,
  message,
  messageZh,
  ...extra,
});

/**
 * Compares products of figures that may carry decimals (credits, reported metrics) without binary
 * floating-point noise: 0.57 × 100 is 56.99999999999999 in doubles, 57 here.
 */
export const exact = (x: number): number => Math.round(x * 1e6);

/** Percent as text: 10 → '10%'. */
export const pct = (n: number): string => `${n}%`;

/** Yuan text from fen, for messages: 5000000 → '50,000 CNY'. */
export const yuanText = (fenAmount: number): string => {
  const yuan = fenAmount / 100;
  return `${yuan.toLocaleString('en-US', { maximumFractionDigits: 2 })} CNY`;
};

export const yuanTextZh = (fenAmount: number): string =>
  `${(fenAmount / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} 元`;
