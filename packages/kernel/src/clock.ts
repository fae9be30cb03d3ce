/**
 * The domain clock: what "now" means for cycles, stages, deadlines and audit times. On AWS it is
 * the system clock. The local stack replaces it with its virtual clock (one process, handlers in
 * process), so a year-long cycle runs in seconds; tests may do the same. Operational time
 * (timeouts, TTLs, latency) stays on the system clock.
 */
export type ClockSource = () => number;

const systemClock: ClockSource = () => Date.now();
let source: ClockSource = systemClock;

/** Replaces the domain clock (`undefined` restores the system clock). */
export const setClockSource = (next: ClockSource | undefined): void => {
  source = next ?? systemClock;
};

/** Milliseconds since the epoch on the domain clock. */
export const clockNow = (): number => source();
