import { asAgencyId } from '@talent/data';
import { DynamoCycleRepository } from '../../services/nominations/src/repositories/cycle-repository';

/**
 * Sets the status of the cycle's stage(s) of `kind` as the lifecycle would record it (stamped
 * `at`), through the cycle repository: for tests of what a service does while a stage is open or
 * after it closed, without running the state machine.
 */
export const setCycleStage = async (
  agency: string,
  cycleId: string,
  kind: string,
  status: 'pending' | 'open' | 'closed',
  at: string,
): Promise<void> => {
  const repository = new DynamoCycleRepository();
  const before = await repository.get(asAgencyId(agency), cycleId);
  if (!before) throw new Error(`no cycle ${cycleId}`);
  const after = {
    ...before,
    stages: before.stages.map((s) =>
      s.kind === kind
        ? {
            ...s,
            status,
            ...(status === 'open' ? { openedAt: at } : {}),
            ...(status === 'closed' ? { closedAt: at } : {}),
          }
        : s,
    ),
    version: before.version + 1,
  };
  await repository.replace(before, after, {
    actor: { userId: 'seed', roles: ['admin'] },
    action: 'cycle.stage',
    at,
  });
};
