/**
 * The lifecycle function: the Lambda tasks of every programme's state machine (open, close, finish,
 * fail, continue) and the target of the schedules that open cycles. Errors are thrown, never only
 * logged: the state machine retries them with backoff and then records the failure on the cycle;
 * the schedule retries them and then sends the event to its dead-letter queue.
 *
 * The work is in ./lifecycle-tasks.ts, a chunk of the bundle loaded by the first invocation (the
 * import, the Lambda init phase, stays small; test/bench/cold-import.ts measures both). A failed
 * load is thrown like any task error and tried again by the next invocation.
 */
import type { LifecycleEvent } from './lifecycle-tasks';

let tasks: Promise<typeof import('./lifecycle-tasks')> | undefined;

export const handler = async (event: LifecycleEvent): Promise<unknown> => {
  if (!tasks) {
    tasks = import('./lifecycle-tasks');
    tasks.catch(() => {
      tasks = undefined;
    });
  }
  return (await tasks).runLifecycleEvent(event);
};
