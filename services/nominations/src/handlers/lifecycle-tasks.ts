/**
 * What the lifecycle function runs (./lifecycle.ts loads this module on its first invocation):
 * the Lambda tasks of every programme's state machine and the scheduled cycle openings.
 */
import { asAgencyId } from '@talent/data';
import { logger } from '@talent/http';
import { nowIso } from '@talent/kernel';
import { DynamoProgrammeStore } from '@talent/programmes';
import { DynamoCycleRepository } from '../repositories/cycle-repository';
import { DynamoNominationRepository } from '../repositories/nomination-repository';
import { DynamoSelectionRepository } from '../repositories/selection-repository';
import { workflowStarterFromEnvironment } from '../repositories/workflows';
import { openScheduledCycle, type ScheduledOpening } from '../use-cases/cycles';
import { type LifecycleDeps, runTask, type TaskInput } from '../use-cases/lifecycle';

const deps: LifecycleDeps & Parameters<typeof openScheduledCycle>[0] = {
  cycles: new DynamoCycleRepository(),
  // The official-list stage freezes the listed nominations; publicity stages read the objection counter.
  repository: new DynamoNominationRepository(),
  selection: new DynamoSelectionRepository(),
  programmes: new DynamoProgrammeStore(),
  workflows: workflowStarterFromEnvironment(),
  // Only publicity stages need the calendar (working days): loaded on first use.
  calendar: async (agency) => (await import('@talent/calendar/store')).agencyCalendar(agency),
  stageHooks: async (programmeId, kind) =>
    (await import('./stage-hook-registry')).stageHooksFor(programmeId, kind),
  now: () => nowIso(),
};

export type LifecycleEvent = TaskInput | ScheduledOpening;

export const runLifecycleEvent = async (event: LifecycleEvent): Promise<unknown> => {
  if (event.action === 'open-scheduled-cycle') {
    const result = await openScheduledCycle(deps, { ...event, agencyId: asAgencyId(event.agencyId) });
    logger.info('scheduled cycle opening', { cycleId: result.cycleId, created: result.created });
    return { cycleId: result.cycleId, created: result.created };
  }
  const result = await runTask(deps, event);
  logger.info('lifecycle task', { action: event.action, cycleId: event.cycleId, stageId: event.stageId });
  return result;
};
