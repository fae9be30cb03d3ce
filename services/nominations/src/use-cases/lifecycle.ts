/**
 * The cycle lifecycle: what the state machine's tasks do (open a stage, close it, finish, record a
 * failure, continue next year) and what admins do through the API (close a decision stage, extend
 * a deadline). Every task is idempotent — a retry, a replay or a resumed execution that repeats a
 * step finds it done and answers as the first time — and writes the cycle with its version
 * (optimistic locking) and an audit record (X-AUDIT).
 */
import type { WorkingDayCalendar } from '@talent/calendar';
import type { AgencyId } from '@talent/data';
import type { AuthContext } from '@talent/http';
import {
  ConflictError,
  DomainError,
  NotFoundError,
  PreconditionFailedError,
  shanghaiDate,
  ValidationFailedError,
} from '@talent/kernel';
import { type Cycle, executionName, machineFor } from '../cycle';
import { ReviewsPendingError, SelectionChangedError, StageBlockedError } from '../errors';
import {
  closesAt,
  currentStage,
  endsReview,
  isPublicity,
  listStage,
  type StageState,
} from '../lifecycle/stages';
import type { CycleRepository } from '../repositories/cycle-repository';
import type { Change } from '../repositories/nomination-repository';
import type { WorkflowStarter } from '../repositories/workflows';
import { IN_REVIEW } from '../selection';
import type { StageHookContext, StageHooks } from '../stage-hooks';
import { drawInStage, freezeOfficialList, type ListDeps } from './lists';
import { programmeOf } from './nominations';

export interface LifecycleDeps extends ListDeps {
  readonly cycles: CycleRepository;
  readonly workflows: WorkflowStarter;
  /** The official working-day calendar as the agency sees it (bundled years plus its uploads). */
  readonly calendar: (agency: AgencyId) => Promise<WorkingDayCalendar>;
  readonly now: () => string;
  /**
   * The hooks of the services after selection for a programme's stage kind (cohorts, pairings):
   * loaded on first use, so the API's cold start does not carry them.
   */
  readonly stageHooks?: (programmeId: string, stageKind: string) => Promise<StageHooks | undefined>;
}

/** How long a stage waiting for a decision (or a calendar upload) waits before it looks again. */
export const POLL_MS = 24 * 3_600_000;
/** An execution hands over to the next year's before it would pass Step Functions' 1-year limit. */
export const EXECUTION_SPAN_MS = 360 * 24 * 3_600_000;

export type StageOutcome = 'advance' | 'wait' | 'continue';

export interface StageStep {
  readonly stageId: string;
  readonly outcome: StageOutcome;
  /** When the state machine looks again (ISO 8601 UTC): the Wait state's timestamp. */
  readonly checkAt: string;
}

/** The task input the state machine sends (its Parameters). */
export interface TaskInput {
  readonly action:
    | 'open-stage'
    | 'open-next-stage'
    | 'close-stage'
    | 'complete-cycle'
    | 'record-failure'
    | 'continue-cycle';
  readonly agencyId: string;
  readonly cycleId: string;
  readonly stageId?: string;
  readonly year?: number;
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

/** A task meets a cycle it cannot work on: retried by the state machine, then recorded as its failure. */
export class CycleStageError extends DomainError {
  constructor(detail: string) {
    super(409, 'conflict', 'Cycle stage error', detail, { ruleId: 'P-CYCLE-STAGE' });
    this.name = 'CycleStageError';
  }
}

const system = (action: string, at: string): Change => ({
  actor: { userId: 'system:lifecycle', roles: [] },
  action,
  at,
});

const plusMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

const loadCycle = async (deps: LifecycleDeps, agencyId: string, cycleId: string): Promise<Cycle> => {
  const cycle = await deps.cycles.get(agencyId as AgencyId, cycleId);
  if (!cycle) throw new CycleStageError(`cycle ${cycleId} of ${agencyId} does not exist`);
  return cycle;
};

const stageOf = (cycle: Cycle, stageId: string | undefined): StageState => {
  const stage = cycle.stages.find((s) => s.id === stageId);
  if (!stage) throw new CycleStageError(`cycle ${cycle.cycleId} has no stage ${String(stageId)}`);
  return stage;
};

const hookContext = async (
  deps: LifecycleDeps,
  cycle: Cycle,
  stage: StageState,
  at: string,
): Promise<StageHookContext> => ({
  agencyId: cycle.agencyId,
  cycle,
  programme: await programmeOf(deps, cycle),
  stage,
  at,
});

/** The later services' hooks of the stage's kind, with the context to call them with. */
const hooksOf = async (
  deps: LifecycleDeps,
  cycle: Cycle,
  stage: StageState,
  at: string,
): Promise<{ hooks: StageHooks; ctx: StageHookContext } | undefined> => {
  const hooks = await deps.stageHooks?.(cycle.programmeId, stage.kind);
  return hooks ? { hooks, ctx: await hookContext(deps, cycle, stage, at) } : undefined;
};

/** What still keeps a stage from closing, by the services whose work happens in it. */
const stageBlockers = async (deps: LifecycleDeps, cycle: Cycle, stage: StageState, at: string) => {
  const found = await hooksOf(deps, cycle, stage, at);
  return (await found?.hooks.blockers?.(found.ctx)) ?? [];
};

/** One line for the cycle view: the first blocker and how many more. */
const blockedByOf = (blockers: readonly { ruleId: string; message: string }[]) => {
  const [first, ...rest] = blockers;
  return {
    ruleId: first?.ruleId ?? 'P-CYCLE-STAGE',
    message: `${first?.message ?? 'blocked'}${rest.length > 0 ? ` (and ${rest.length} more)` : ''}`.slice(
      0,
      500,
    ),
  };
};

/** The next version of a cycle, changed by the lifecycle itself. */
const bySystem = (cycle: Cycle, changes: Partial<Cycle>, at: string): Cycle => ({
  ...cycle,
  ...changes,
  version: cycle.version + 1,
  updatedAt: at,
  updatedBy: 'system:lifecycle',
});

const withStage = (cycle: Cycle, stage: StageState, at: string): Cycle =>
  bySystem(cycle, { stages: cycle.stages.map((s) => (s.id === stage.id ? stage : s)) }, at);

/**
 * Writes `after` unless another writer got there first; then the task is re-run by the caller
 * (the state machine retries on CycleStageError) and finds the step done.
 */
const save = async (deps: LifecycleDeps, before: Cycle, after: Cycle, action: string, at: string) => {
  try {
    await deps.cycles.replace(before, after, system(action, at));
  } catch (error) {
    if (error instanceof PreconditionFailedError)
      throw new CycleStageError(`cycle ${before.cycleId} changed while ${action}; retry`);
    throw error;
  }
};

/**
 * The publicity period from the day it opens (X-WORKING-DAYS): a missing calendar year blocks the
 * stage, visibly, until the agency uploads it — never a guess.
 */
const publicityDeadline = async (
  deps: LifecycleDeps,
  cycle: Cycle,
  stage: StageState,
  at: string,
): Promise<Pick<StageState, 'endsOn' | 'blockedBy'>> => {
  if (stage.workingDays === undefined) return {};
  // Loaded when a publicity opens, not at every cold start of the API.
  const { CalendarYearMissingError, publicityPeriod } = await import('@talent/calendar');
  const calendar = await deps.calendar(cycle.agencyId);
  try {
    const period = publicityPeriod(calendar, shanghaiDate(stage.openedAt ?? at), stage.workingDays);
    return { endsOn: period.endsOn };
  } catch (error) {
    if (error instanceof CalendarYearMissingError) {
      return { blockedBy: { ruleId: 'X-WORKING-DAYS', message: error.message } };
    }
    throw error;
  }
};

/** When a stage that is open should be looked at next. */
const nextCheck = (stage: StageState, at: string): string => {
  if (stage.closesBy === 'auto') return at;
  if (stage.blockedBy || stage.endsOn === undefined) return plusMs(at, POLL_MS);
  const due = closesAt(stage.endsOn);
  return due > at ? due : at;
};

/**
 * A wait beyond the execution's year is handed to the next year's execution. The year is counted
 * from the start the cycle recorded on the domain clock (its first task), not `$$.Execution.StartTime`,
 * so that it means the same on AWS and on the local virtual clock.
 */
const step = (stageId: string, outcome: StageOutcome, checkAt: string, startedAt?: string): StageStep =>
  outcome === 'wait' && startedAt && Date.parse(checkAt) - Date.parse(startedAt) > EXECUTION_SPAN_MS
    ? { stageId, outcome: 'continue', checkAt }
    : { stageId, outcome, checkAt };

/** The official list freezes as its stage opens (a lost race with another write: retried). */
const freezeAtOpen = async (deps: LifecycleDeps, cycle: Cycle, stage: StageState, at: string) => {
  try {
    return await freezeOfficialList(deps, cycle, at, system(`nomination.official:${stage.id}`, at));
  } catch (error) {
    if (error instanceof SelectionChangedError)
      throw new CycleStageError(`nominations of ${cycle.cycleId} changed while freezing its list; retry`);
    throw error;
  }
};

export const openStage = async (deps: LifecycleDeps, input: TaskInput): Promise<StageStep> => {
  const at = deps.now();
  const cycle = await loadCycle(deps, input.agencyId, input.cycleId);
  const stage = stageOf(cycle, input.stageId);
  if (stage.status === 'closed') return step(stage.id, 'advance', at);
  if (stage.status === 'open') {
    // A retried or resumed open: the hook may not have run (hooks are idempotent).
    await runOpened(deps, cycle, stage, at);
    return step(stage.id, 'wait', nextCheck(stage, at), cycle.execution.startedAt);
  }
  const other = currentStage(cycle.stages);
  if (other) throw new CycleStageError(`stage ${other.id} of ${cycle.cycleId} is still open`);
  const opened: StageState = { ...stage, status: 'open', openedAt: at };
  const dated: StageState = { ...opened, ...(await publicityDeadline(deps, cycle, opened, at)) };
  // The official list freezes as its stage opens, once: a repeated open finds the stage open above.
  const officialList =
    stage.kind === 'official-list' && !cycle.officialList
      ? await freezeAtOpen(deps, cycle, stage, at)
      : undefined;
  const after = { ...withStage(cycle, dated, at), ...(officialList ? { officialList } : {}) };
  // The first task of an execution is where the cycle learns its workflow runs.
  const running: Cycle =
    cycle.execution.status === 'NOT_STARTED'
      ? {
          ...after,
          execution: {
            ...cycle.execution,
            status: 'RUNNING',
            startedAt: at,
          },
        }
      : after;
  await save(deps, cycle, running, `cycle.stage-opened:${stage.id}`, at);
  await runOpened(deps, running, dated, at);
  return step(stage.id, 'wait', nextCheck(dated, at), running.execution.startedAt);
};

const runOpened = async (deps: LifecycleDeps, cycle: Cycle, stage: StageState, at: string) => {
  const found = await hooksOf(deps, cycle, stage, at);
  await retriedOnConflict(stage, () => found?.hooks.opened?.(found.ctx));
};

/**
 * Whether a publicity stage that is due to close stays open (X-PUBLICITY): while any objection of the
 * cycle is unresolved, even after its last day. Other stages never wait for objections.
 */
export const publicityHold = (stage: Pick<StageState, 'kind'>, unresolvedObjections: number): boolean =>
  isPublicity(stage) && unresolvedObjections > 0;

/**
 * The list stage closes with its list, drawn once more as it closes: the same list when nothing was
 * decided since the admin's last draw (nothing is written), else one that places the later decisions
 * too. A deadline stage's nominations still in review are left off it.
 */
const drawAtClose = async (deps: LifecycleDeps, cycle: Cycle, stage: StageState): Promise<Cycle> => {
  if (listStage(cycle.stages)?.id !== stage.id) return cycle;
  const auth = { agencyId: cycle.agencyId, userId: 'system:lifecycle', roles: [] };
  try {
    return (await drawInStage(deps, auth, cycle, stage, `lifecycle:${stage.id}`)).cycle;
  } catch (error) {
    if (error instanceof SelectionChangedError)
      throw new CycleStageError(`cycle ${cycle.cycleId} changed while drawing its list; retry`);
    throw error;
  }
};

export const closeStage = async (deps: LifecycleDeps, input: TaskInput): Promise<StageStep> => {
  const at = deps.now();
  const cycle = await loadCycle(deps, input.agencyId, input.cycleId);
  let stage = stageOf(cycle, input.stageId);
  if (stage.status === 'closed') {
    // A retry after the close was written: its hook may not have finished (hooks are idempotent).
    await runClosed(deps, cycle, stage, at);
    return step(stage.id, 'advance', at);
  }
  if (stage.status !== 'open') throw new CycleStageError(`stage ${stage.id} of ${cycle.cycleId} is not open`);
  let before = cycle;
  if (stage.blockedBy?.ruleId === 'X-WORKING-DAYS') {
    // The agency may have uploaded the missing year since.
    const retried: StageState = {
      ...stage,
      blockedBy: undefined,
      ...(await publicityDeadline(deps, cycle, stage, at)),
    };
    const { blockedBy, ...rest } = retried;
    stage = blockedBy ? retried : rest;
    if (blockedBy) return step(stage.id, 'wait', nextCheck(stage, at), cycle.execution.startedAt);
    const updated = withStage(cycle, stage, at);
    await save(deps, cycle, updated, `cycle.stage-unblocked:${stage.id}`, at);
    before = updated;
  }
  const due =
    stage.closesBy === 'auto' ||
    (stage.closesBy === 'deadline' && stage.endsOn !== undefined && closesAt(stage.endsOn) <= at) ||
    (stage.closesBy === 'decision' && stage.closedBy !== undefined);
  if (!due) return step(stage.id, 'wait', nextCheck(stage, at), cycle.execution.startedAt);
  if (
    publicityHold(
      stage,
      isPublicity(stage) ? await deps.selection.unresolvedObjections(cycle.agencyId, cycle.cycleId) : 0,
    )
  ) {
    // X-PUBLICITY: the list becomes official only when every objection is resolved; look again daily.
    return step(stage.id, 'wait', plusMs(at, POLL_MS), cycle.execution.startedAt);
  }
  const blockers = await stageBlockers(deps, before, stage, at);
  if (blockers.length > 0) {
    // The services whose work happens in the stage are not done (grades not submitted …): it stays
    // open, says why in the cycle view, and is looked at again daily.
    const blockedBy = blockedByOf(blockers);
    if (stage.blockedBy?.message !== blockedBy.message || stage.blockedBy.ruleId !== blockedBy.ruleId) {
      await save(
        deps,
        before,
        withStage(before, { ...stage, blockedBy }, at),
        `cycle.stage-waiting:${stage.id}`,
        at,
      );
    }
    return step(stage.id, 'wait', plusMs(at, POLL_MS), cycle.execution.startedAt);
  }
  before = await drawAtClose(deps, before, stage);
  const { blockedBy: _cleared, ...unblocked } = stage;
  const closed: StageState = { ...unblocked, status: 'closed', closedAt: at };
  const after = withStage(before, closed, at);
  await save(deps, before, after, `cycle.stage-closed:${stage.id}`, at);
  // Results of the stage become final (JS-ACCEPTANCE …) once it is recorded closed, so no write the
  // services accept while it is open can land after them; a retried task finds the stage closed
  // and runs the idempotent hook again (above).
  await runClosed(deps, after, closed, at);
  return step(stage.id, 'advance', at);
};

const runClosed = async (deps: LifecycleDeps, cycle: Cycle, stage: StageState, at: string) => {
  const found = await hooksOf(deps, cycle, stage, at);
  await retriedOnConflict(stage, () => found?.hooks.closed?.(found.ctx));
};

/**
 * A hook that meets a concurrent change (a domain conflict) is retried by the state machine like
 * the lifecycle's own lost races, not recorded as the cycle's failure.
 */
const retriedOnConflict = async (stage: StageState, hook: () => Promise<void> | undefined) => {
  try {
    await hook();
  } catch (error) {
    if (error instanceof DomainError && error.status < 500) {
      throw new CycleStageError(`stage ${stage.id}: ${error.message}; retry`);
    }
    throw error;
  }
};

export const completeCycle = async (deps: LifecycleDeps, input: TaskInput): Promise<{ status: string }> => {
  const at = deps.now();
  const cycle = await loadCycle(deps, input.agencyId, input.cycleId);
  if (cycle.status === 'completed') return { status: cycle.status };
  const after = bySystem(
    cycle,
    { status: 'completed', execution: { ...cycle.execution, status: 'SUCCEEDED' } },
    at,
  );
  await save(deps, cycle, after, 'cycle.completed', at);
  return { status: after.status };
};

/**
 * A Lambda failure's cause is `{ errorType, errorMessage, trace }` as JSON: the cycle keeps the
 * message only — the stack trace says where the code is, which no reader of the cycle needs.
 */
const causeOf = (cause: unknown): string => {
  const text = String(cause ?? '');
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'errorMessage' in parsed) {
      return String((parsed as { errorMessage: unknown }).errorMessage).slice(0, 2000);
    }
  } catch {
    // not JSON: a Step Functions cause such as States.Timeout's
  }
  return text.slice(0, 2000);
};

/** The failure-handling state: the error is recorded on the cycle (visible in GET /cycles/{id}). */
export const recordFailure = async (deps: LifecycleDeps, input: TaskInput): Promise<{ status: string }> => {
  const at = deps.now();
  const cycle = await loadCycle(deps, input.agencyId, input.cycleId);
  const failure = {
    error: String(input.error?.Error ?? 'Error').slice(0, 200),
    cause: causeOf(input.error?.Cause),
    at,
  };
  const after = bySystem(
    cycle,
    { status: 'failed', failure, execution: { ...cycle.execution, status: 'FAILED' } },
    at,
  );
  await save(deps, cycle, after, 'cycle.failed', at);
  return { status: after.status };
};

/** Hands the cycle to the next year's execution, which begins at the stage still open. */
export const continueCycle = async (deps: LifecycleDeps, input: TaskInput): Promise<{ name: string }> => {
  const at = deps.now();
  const cycle = await loadCycle(deps, input.agencyId, input.cycleId);
  const stage = stageOf(cycle, input.stageId);
  const year = (input.year ?? cycle.execution.year) + 1;
  const name = executionName(cycle, year);
  await deps.workflows.start(machineFor(cycle), name, {
    agencyId: cycle.agencyId,
    cycleId: cycle.cycleId,
    year,
    fromStage: stage.id,
  });
  if (cycle.execution.year < year) {
    const after = bySystem(cycle, { execution: { name, status: 'RUNNING', startedAt: at, year } }, at);
    await save(deps, cycle, after, 'cycle.continued', at);
  }
  return { name };
};

/**
 * The registered-programmes state machine knows no stages: it asks for the next one. The first
 * stage not closed is opened (or, if open, looked at); none left → `complete`.
 */
export const openNextStage = async (
  deps: LifecycleDeps,
  input: TaskInput,
): Promise<StageStep | { outcome: 'complete' }> => {
  const cycle = await loadCycle(deps, input.agencyId, input.cycleId);
  const next = cycle.stages.find((s) => s.status !== 'closed');
  if (!next) return { outcome: 'complete' };
  return openStage(deps, { ...input, stageId: next.id });
};

/** Step Functions task entry: one action per call. */
export const runTask = (deps: LifecycleDeps, input: TaskInput): Promise<unknown> => {
  switch (input.action) {
    case 'open-stage':
      return openStage(deps, input);
    case 'open-next-stage':
      return openNextStage(deps, input);
    case 'close-stage':
      return closeStage(deps, input);
    case 'complete-cycle':
      return completeCycle(deps, input);
    case 'record-failure':
      return recordFailure(deps, input);
    case 'continue-cycle':
      return continueCycle(deps, input);
    default:
      throw new CycleStageError(`unknown lifecycle action ${String((input as { action?: unknown }).action)}`);
  }
};

// ——— what admins do through the API ———

const openStageOf = (cycle: Cycle, stageId: string): StageState => {
  const stage = cycle.stages.find((s) => s.id === stageId);
  if (!stage) throw new NotFoundError('Stage', `${cycle.cycleId}/${stageId}`);
  if (stage.status !== 'open') {
    throw new ConflictError('P-CYCLE-STAGE', `stage ${stageId} is ${stage.status}, not open`, 'stageId');
  }
  return stage;
};

/**
 * What a decision stage's work must have done before it closes: the end of the review and the stage
 * the provisional list is drawn in (it is drawn at its close if the admin has not), a decision on
 * every nomination in review (submitted or returned).
 */
const assertStageDone = async (deps: LifecycleDeps, cycle: Cycle, stage: StageState): Promise<void> => {
  if (!endsReview(cycle.stages, stage) && listStage(cycle.stages)?.id !== stage.id) return;
  const undecided = await deps.repository.ofCycle(cycle.agencyId, cycle.cycleId, IN_REVIEW);
  if (undecided.length > 0) {
    throw new ReviewsPendingError(undecided.length, `decide them before closing stage ${stage.id}`);
  }
};

/**
 * Closes a decision stage (review done, filing recorded …): the state machine moves on at its next
 * look. Deadline stages close on their deadline (extend them instead); auto stages close themselves.
 */
export const requestStageClose = async (
  deps: LifecycleDeps,
  auth: AuthContext,
  cycleId: string,
  stageId: string,
  reason: string,
  requestId: string,
): Promise<Cycle> => {
  const cycle = await deps.cycles.get(auth.agencyId, cycleId);
  if (!cycle) throw new NotFoundError('Cycle', cycleId);
  const stage = openStageOf(cycle, stageId);
  if (stage.closesBy !== 'decision') {
    throw new ConflictError(
      'P-CYCLE-STAGE',
      `stage ${stageId} closes ${stage.closesBy === 'deadline' ? `at the end of ${stage.endsOn ?? 'its publicity period'}` : 'by itself'}; it is not closed by a decision`,
      'stageId',
    );
  }
  if (stage.closedBy) return cycle;
  await assertStageDone(deps, cycle, stage);
  const at = deps.now();
  const blockers = await stageBlockers(deps, cycle, stage, at);
  if (blockers.length > 0) throw new StageBlockedError(stage.id, blockers);
  const after = withStage(cycle, { ...stage, closedBy: auth.userId, closeReason: reason }, at);
  await deps.cycles.replace(
    cycle,
    { ...after, updatedBy: auth.userId },
    {
      actor: { userId: auth.userId, roles: auth.roles },
      action: `cycle.stage-close-requested:${stageId}`,
      at,
      requestId,
      reason,
    },
  );
  return { ...after, updatedBy: auth.userId };
};

/** Moves a deadline stage's last day later (quota unmet → extension); never earlier than today. */
export const extendStage = async (
  deps: LifecycleDeps,
  auth: AuthContext,
  cycleId: string,
  stageId: string,
  endsOn: string,
  reason: string,
  requestId: string,
): Promise<Cycle> => {
  const cycle = await deps.cycles.get(auth.agencyId, cycleId);
  if (!cycle) throw new NotFoundError('Cycle', cycleId);
  const stage = openStageOf(cycle, stageId);
  if (stage.closesBy !== 'deadline' || stage.endsOn === undefined || stage.workingDays !== undefined) {
    throw new ConflictError('P-CYCLE-STAGE', `stage ${stageId} has no date deadline to extend`, 'stageId');
  }
  const at = deps.now();
  if (endsOn <= stage.endsOn || endsOn < shanghaiDate(at)) {
    throw new ValidationFailedError([
      {
        ruleId: 'P-STAGE-DATES',
        path: 'body.endsOn',
        message: `an extension ends after ${stage.endsOn} and not before today`,
        messageZh: '延期后的截止日期须晚于原截止日期且不早于今日',
      },
    ]);
  }
  const after = withStage(cycle, { ...stage, endsOn }, at);
  await deps.cycles.replace(
    cycle,
    { ...after, updatedBy: auth.userId },
    {
      actor: { userId: auth.userId, roles: auth.roles },
      action: `cycle.stage-extended:${stageId}`,
      at,
      requestId,
      reason,
    },
  );
  return { ...after, updatedBy: auth.userId };
};
