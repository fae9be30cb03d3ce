/**
 * The extension point through which the services after selection take part in a cycle's later
 * stages (training, grading, annual check, mid-term, acceptance, pairing …). The lifecycle calls a
 * programme's hooks for the kind of the stage it opens or closes:
 * - `opened` when the stage opens (after the cycle records it open);
 * - `blockers` before it closes — an admin's close request and the state machine's close task both
 *   refuse to close while any blocker remains (e.g. a unit's grades not submitted);
 * - `closed` as it closes: results become final here (JS-ACCEPTANCE: acceptance is final only when
 *   the stage closes).
 * Every hook must be idempotent: a task may run twice (retries, a restarted local stack).
 */
import type { Programme } from '@talent/catalogue';
import type { AgencyId } from '@talent/data';
import type { Violation } from '@talent/kernel';
import type { Cycle } from './cycle';
import type { StageState } from './lifecycle/stages';

export interface StageHookContext {
  readonly agencyId: AgencyId;
  readonly cycle: Cycle;
  readonly programme: Programme;
  readonly stage: StageState;
  /** The domain clock's now (ISO instant). */
  readonly at: string;
}

export interface StageHooks {
  opened?(ctx: StageHookContext): Promise<void>;
  /** Why the stage may not close yet; empty when it may. Each names its rule id. */
  blockers?(ctx: StageHookContext): Promise<readonly Violation[]>;
  closed?(ctx: StageHookContext): Promise<void>;
}

/** One programme's hooks by stage kind (`training`, `grading`, `acceptance`, `mid-term` …). */
export type ProgrammeStageHooks = Readonly<Partial<Record<string, StageHooks>>>;

/** Hooks by programme id. */
export type StageHookRegistry = Readonly<Partial<Record<string, ProgrammeStageHooks>>>;
