import type { Programme } from '@talent/catalogue';
import type { AgencyId, Page } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { NotFoundError, shanghaiDate, ValidationFailedError, yearOf } from '@talent/kernel';
import { type Cycle, executionName, machineFor } from '../cycle';
import { WorkflowStartError } from '../errors';
import { planStages, type StageInput } from '../lifecycle/stages';
import { CycleExistsError, type CycleRepository } from '../repositories/cycle-repository';
import type { WorkflowStarter } from '../repositories/workflows';
import type { CreateCycleBody, ListCyclesQuery } from '../schemas/cycle';

/** Where the use cases find programme definitions: the built-ins and the agency's registered versions. */
export interface ProgrammeSource {
  /** The newest version the agency runs (another agency's programme is not found). */
  latest(agency: AgencyId, programmeId: string): Promise<Programme | undefined>;
  /** An exact version: the one a cycle started with. */
  version(agency: AgencyId, programmeId: string, version: number): Promise<Programme | undefined>;
}

export interface CycleDeps {
  readonly cycles: CycleRepository;
  readonly programmes: ProgrammeSource;
  readonly workflows: WorkflowStarter;
  readonly now: () => string;
}

/** The nomination deadline of the programme calendar in `year` (LS-CALENDAR: 10-31), if it sets one. */
const nominationDeadline = (programme: Programme, year: number): string | undefined => {
  const stage = programme.calendar.stages.find((s) => s.kind === 'nomination' && s.deadline);
  return stage?.deadline ? `${year}-${stage.deadline}` : undefined;
};

export const createCycle = async (
  deps: CycleDeps,
  auth: AuthContext,
  body: CreateCycleBody,
  requestId: string,
): Promise<Cycle> => {
  const programme = await deps.programmes.latest(auth.agencyId, body.programmeId);
  if (!programme) {
    // Another agency's programme is reported as unknown (X-TENANT).
    throw new ValidationFailedError([
      { ruleId: 'P-PROGRAMME', path: 'body.programmeId', message: 'no such programme for this agency' },
    ]);
  }
  const selectionDate = body.selectionDate ?? nominationDeadline(programme, body.year);
  if (!selectionDate) {
    throw new ValidationFailedError([
      {
        ruleId: 'P-CYCLE-SELECTION-DATE',
        path: 'body.selectionDate',
        message: `the calendar of ${programme.id} sets no nomination deadline: give the date ages and durations are counted to`,
        messageZh: '该项目日历未规定推荐截止日期，请指定年龄、教龄等计算截止日期',
      },
    ]);
  }
  // A notice may go out late in the year before; a date further away is a typing error.
  const selectionYear = yearOf(selectionDate);
  if (selectionYear < body.year - 1 || selectionYear > body.year + programme.calendar.cycleYears - 1) {
    throw new ValidationFailedError([
      {
        ruleId: 'P-CYCLE-SELECTION-DATE',
        path: 'body.selectionDate',
        message: `the selection date must fall in ${body.year - 1}–${body.year + programme.calendar.cycleYears - 1}`,
        messageZh: '计算截止日期须在本周期年度内（或上一年度）',
      },
    ]);
  }
  const stages = planStages(programme, body.year, body.stages);
  const at = deps.now();
  const cycle: Cycle = {
    cycleId: body.cycleId,
    agencyId: auth.agencyId,
    programmeId: programme.id,
    programmeVersion: programme.version,
    year: body.year,
    selectionDate,
    status: 'open',
    stages,
    execution: {
      name: executionName({ agencyId: auth.agencyId, cycleId: body.cycleId }),
      status: 'NOT_STARTED',
      year: 1,
    },
    reviewersPerNomination: body.reviewersPerNomination ?? 1,
    version: 1,
    createdAt: at,
    createdBy: auth.userId,
    updatedAt: at,
    updatedBy: auth.userId,
  };
  await deps.cycles.create(cycle, {
    actor: { userId: auth.userId, roles: auth.roles },
    action: 'cycle.opened',
    at,
    requestId,
  });
  await startExecution(deps, cycle);
  return cycle;
};

/**
 * Starts the state machine execution of the cycle's first year. Idempotent (the execution name is
 * the cycle's): a retry, or a schedule that fires twice, meets the same execution. If the start
 * fails the cycle stays `NOT_STARTED`, visibly, and `POST /cycles/{id}/start` starts it.
 */
const startExecution = async (deps: CycleDeps, cycle: Cycle): Promise<void> => {
  try {
    await deps.workflows.start(machineFor(cycle), cycle.execution.name, {
      agencyId: cycle.agencyId,
      cycleId: cycle.cycleId,
      year: cycle.execution.year,
    });
  } catch (error) {
    throw new WorkflowStartError(cycle.cycleId, error);
  }
};

/** `POST /cycles/{id}/start`: (re)starts a cycle whose execution has not started. */
export const startCycle = async (deps: CycleDeps, auth: AuthContext, cycleId: string): Promise<Cycle> => {
  const cycle = await getCycle(deps, auth, cycleId);
  if (cycle.execution.status === 'NOT_STARTED') await startExecution(deps, cycle);
  return cycle;
};

/** Another agency's cycle is simply not found (X-TENANT). */
export const getCycle = async (deps: CycleDeps, auth: AuthContext, cycleId: string): Promise<Cycle> => {
  const cycle = await deps.cycles.get(auth.agencyId, cycleId);
  if (!cycle) throw new NotFoundError('Cycle', cycleId);
  return cycle;
};

export const listCycles = (
  deps: CycleDeps,
  auth: AuthContext,
  query: ListCyclesQuery,
): Promise<Page<Cycle>> => deps.cycles.list(auth.agencyId, query);

/**
 * What a cycle schedule (EventBridge Scheduler) sends the lifecycle function: the agency's settings
 * for opening a cycle of a programme each year (or round) on its date.
 */
export interface ScheduledOpening {
  readonly action: 'open-scheduled-cycle';
  readonly agencyId: string;
  readonly programmeId: string;
  /** The cycle id is `<cyclePrefix>-<year>` (the year in Asia/Shanghai when the schedule fires). */
  readonly cyclePrefix: string;
  /** Per-stage settings (e.g. a publicity length the seed leaves to the agency). */
  readonly stages?: Readonly<Record<string, StageInput>>;
}

/**
 * Opens this year's cycle from a schedule. A schedule that fires twice (or a retry) finds the cycle
 * and makes sure its execution runs: one cycle, one execution. Ages are counted to the calendar's
 * nomination deadline, else to the opening day (the notice date).
 */
export const openScheduledCycle = async (
  deps: CycleDeps,
  event: ScheduledOpening & { readonly agencyId: AgencyId },
): Promise<{ cycleId: string; created: boolean }> => {
  const today = shanghaiDate(deps.now());
  const year = yearOf(today);
  const cycleId = `${event.cyclePrefix}-${year}`;
  const auth: AuthContext = { agencyId: event.agencyId, userId: 'system:schedule', roles: ['admin'] };
  const programme = await deps.programmes.latest(event.agencyId, event.programmeId);
  const hasDeadline = programme?.calendar.stages.some((s) => s.kind === 'nomination' && s.deadline);
  try {
    await createCycle(
      deps,
      auth,
      {
        cycleId,
        programmeId: event.programmeId,
        year,
        ...(hasDeadline ? {} : { selectionDate: today }),
        ...(event.stages ? { stages: event.stages } : {}),
      },
      `schedule:${cycleId}`,
    );
    return { cycleId, created: true };
  } catch (error) {
    if (!(error instanceof CycleExistsError)) throw error;
    await startCycle(deps, auth, cycleId);
    return { cycleId, created: false };
  }
};
