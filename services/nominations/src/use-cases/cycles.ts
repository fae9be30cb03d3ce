import type { Programme } from '@talent/catalogue';
import type { AgencyId, Page } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { NotFoundError, ValidationFailedError, yearOf } from '@talent/kernel';
import type { Cycle } from '../cycle';
import type { CycleRepository } from '../repositories/cycle-repository';
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
  const at = deps.now();
  const cycle: Cycle = {
    cycleId: body.cycleId,
    agencyId: auth.agencyId,
    programmeId: programme.id,
    programmeVersion: programme.version,
    year: body.year,
    selectionDate,
    status: 'open',
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
