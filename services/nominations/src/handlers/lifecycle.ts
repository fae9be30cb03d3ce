/**
 * The lifecycle function: the Lambda tasks of every programme's state machine (open, close, finish,
 * fail, continue) and the target of the schedules that open cycles. Errors are thrown, never only
 * logged: the state machine retries them with backoff and then records the failure on the cycle;
 * the schedule retries them and then sends the event to its dead-letter queue.
 */
import { agencyCalendar } from '@talent/calendar/store';
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
  calendar: agencyCalendar,
  stageHooks: async (programmeId, kind) =>
    (await import('./stage-hook-registry')).stageHooksFor(programmeId, kind),
  now: () => nowIso(),
};

type LifecycleEvent = TaskInput | ScheduledOpening;

export const handler = async (event: LifecycleEvent): Promise<unknown> => {
  if (event.action === 'open-scheduled-cycle') {
    const result = await openScheduledCycle(deps, { ...event, agencyId: asAgencyId(event.agencyId) });
    logger.info('scheduled cycle opening', { cycleId: result.cycleId, created: result.created });
    return { cycleId: result.cycleId, created: result.created };
  }
  const result = await runTask(deps, event);
  logger.info('lifecycle task', { action: event.action, cycleId: event.cycleId, stageId: event.stageId });
  return result;
};
