import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The local stack's virtual clock: the domain's "now" (handlers see it through the kernel's
 * clock source), the time Wait states wait for and schedules fire on.
 *
 * - It starts at the real time on first start (or a given instant) and is kept in a JSON file,
 *   so a restart continues where the last run stopped (or in memory only).
 * - It is **frozen**: time passes only when advanced (`advance`, `advanceTo`, `POST /_local/clock`),
 *   never with real time, so tests and demos are deterministic. It only moves forward.
 * - Work that runs on the clock (an execution, a schedule) is registered with {@link startWork};
 *   it is *busy* until it suspends on `work.until(instant)` or ends. An advance moves the clock
 *   from one due instant to the next, wakes what is due there and waits until all work is quiet
 *   again (suspended or ended) before the next step, so everything due by the new time has run,
 *   in time order, each seeing the clock at its own due instant.
 */

export class ClockBackwardsError extends Error {
  override readonly name = 'ClockBackwardsError';
}

/** A wait abandoned: its abort signal fired, or the clock was closed (the stack stopped). */
export class ClockAbandonedError extends Error {
  override readonly name = 'ClockAbandonedError';
}

/** Work still busy after the settle timeout: the clock stopped at the step it had reached. */
export class ClockSettleTimeoutError extends Error {
  override readonly name = 'ClockSettleTimeoutError';
  constructor(
    readonly now: number,
    readonly busy: readonly string[],
  ) {
    super(
      `still running after the settle timeout at ${new Date(now).toISOString()}: ${busy.join(', ') || 'nothing'}`,
    );
  }
}

export interface ClockWork {
  readonly kind: string;
  readonly id: string;
  /**
   * Suspends this work until the clock reaches `instant` (epoch ms): at once if it has. While
   * suspended the work does not hold up an advance. Rejects with {@link ClockAbandonedError}
   * when `signal` aborts or the clock closes.
   */
  until(instant: number, signal?: AbortSignal): Promise<void>;
  /** The work is finished (idempotent). */
  end(): void;
}

/** Work that became busy during an advance: woken at a due instant, or started. */
export interface Activation {
  readonly kind: string;
  readonly id: string;
}

export interface AdvanceResult {
  readonly now: number;
  readonly activations: readonly Activation[];
}

export interface VirtualClockOptions {
  /** JSON file keeping the clock across restarts (`{ "now": "<ISO instant>" }`); none: in memory. */
  readonly file?: string;
  /** The first instant when the file does not exist yet (default: the real time). */
  readonly start?: number;
  /** How long (real ms) an advance waits for busy work to go quiet at each step (default 30 s). */
  readonly settleTimeoutMs?: number;
}

interface Work {
  readonly kind: string;
  readonly id: string;
  state: 'busy' | 'suspended' | 'ended';
}

interface Waiter {
  readonly instant: number;
  readonly work: Work | undefined;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

const readClockFile = (file: string): number | undefined => {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { now?: unknown };
  const now = typeof parsed.now === 'string' ? Date.parse(parsed.now) : Number.NaN;
  if (!Number.isFinite(now)) throw new Error(`${file}: no valid "now" instant`);
  return now;
};

/** Writes a file by rename, so a crash never leaves half a file. */
export const writeFileAtomic = (file: string, content: string): void => {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
};

export class VirtualClock {
  readonly #file: string | undefined;
  readonly #settleTimeoutMs: number;
  #now: number;
  readonly #works = new Set<Work>();
  #waiters: Waiter[] = [];
  #quiet: Array<() => void> = [];
  #activations: Activation[] | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(options: VirtualClockOptions = {}) {
    this.#file = options.file;
    this.#settleTimeoutMs = options.settleTimeoutMs ?? 30_000;
    const persisted = this.#file ? readClockFile(this.#file) : undefined;
    this.#now = persisted ?? options.start ?? Date.now();
    if (persisted === undefined) this.#persist();
  }

  /** Milliseconds since the epoch, on the virtual clock. */
  now(): number {
    return this.#now;
  }

  /** Resolves when the clock reaches `instant` (at once if it has); not tracked as work. */
  until(instant: number, signal?: AbortSignal): Promise<void> {
    return this.#wait(instant, undefined, signal);
  }

  /** Registers busy work (it counts until it suspends on `until` or ends). */
  startWork(kind: string, id: string): ClockWork {
    const work: Work = { kind, id, state: 'busy' };
    this.#works.add(work);
    this.#activations?.push({ kind, id });
    return {
      kind,
      id,
      until: (instant, signal) => this.#wait(instant, work, signal),
      end: () => {
        if (work.state === 'ended') return;
        work.state = 'ended';
        this.#works.delete(work);
        this.#checkQuiet();
      },
    };
  }

  /** Advances by `ms` (see {@link advanceTo}). */
  advance(ms: number): Promise<AdvanceResult> {
    if (!Number.isFinite(ms) || ms < 0)
      return Promise.reject(new ClockBackwardsError(`cannot advance by ${ms} ms`));
    return this.advanceTo((now) => now + ms);
  }

  /**
   * Moves the clock to `target` (an instant, or a function of the current time evaluated when
   * this advance's turn comes: advances run one at a time), stepping through every due instant
   * on the way and waiting, at each, until the work woken there is quiet again.
   */
  advanceTo(target: number | ((now: number) => number)): Promise<AdvanceResult> {
    const run = this.#queue.then(() =>
      this.#advance(typeof target === 'function' ? target(this.#now) : target),
    );
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Resolves when no registered work is busy. */
  settle(timeoutMs = this.#settleTimeoutMs): Promise<void> {
    if (this.#busy().length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#quiet = this.#quiet.filter((q) => q !== done);
        reject(new ClockSettleTimeoutError(this.#now, this.#busy()));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.#quiet.push(done);
    });
  }

  /** The earliest instant something waits for, if any. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const w of this.#waiters) if (next === undefined || w.instant < next) next = w.instant;
    return next;
  }

  /** Abandons every wait (they reject with {@link ClockAbandonedError}); the clock keeps its time. */
  close(): void {
    this.#closed = true;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.reject(new ClockAbandonedError('the clock was closed'));
    for (const q of this.#quiet.splice(0)) q();
  }

  async #advance(target: number): Promise<AdvanceResult> {
    if (!Number.isFinite(target)) throw new RangeError(`not an instant: ${target}`);
    if (target < this.#now) {
      throw new ClockBackwardsError(
        `the clock only moves forward: it is ${new Date(this.#now).toISOString()}, ${new Date(target).toISOString()} is earlier`,
      );
    }
    const activations: Activation[] = [];
    this.#activations = activations;
    try {
      await this.settle();
      for (;;) {
        const due = this.nextDue();
        const step = due !== undefined && due <= target ? Math.max(due, this.#now) : target;
        this.#set(step);
        this.#wake();
        await this.settle();
        if (step >= target) break;
      }
      return { now: this.#now, activations };
    } finally {
      this.#activations = undefined;
    }
  }

  #wait(instant: number, work: Work | undefined, signal?: AbortSignal): Promise<void> {
    if (this.#closed) return Promise.reject(new ClockAbandonedError('the clock was closed'));
    if (signal?.aborted) return Promise.reject(new ClockAbandonedError('the wait was abandoned'));
    if (instant <= this.#now) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        if (work && work.state === 'suspended') work.state = 'busy';
        reject(new ClockAbandonedError('the wait was abandoned'));
      };
      const waiter: Waiter = {
        instant,
        work,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
      if (work && work.state === 'busy') {
        work.state = 'suspended';
        this.#checkQuiet();
      }
    });
  }

  /** Resolves the waiters due by now; their work is busy again from this moment. */
  #wake(): void {
    const due = this.#waiters.filter((w) => w.instant <= this.#now);
    if (due.length === 0) return;
    this.#waiters = this.#waiters.filter((w) => w.instant > this.#now);
    for (const w of due) {
      if (w.work && w.work.state === 'suspended') {
        w.work.state = 'busy';
        this.#activations?.push({ kind: w.work.kind, id: w.work.id });
      }
    }
    for (const w of due) w.resolve();
  }

  #busy(): string[] {
    return [...this.#works].filter((w) => w.state === 'busy').map((w) => `${w.kind} ${w.id}`);
  }

  #checkQuiet(): void {
    if (this.#busy().length > 0) return;
    for (const q of this.#quiet.splice(0)) q();
  }

  #set(now: number): void {
    if (now === this.#now) return;
    this.#now = now;
    this.#persist();
  }

  #persist(): void {
    if (this.#file)
      writeFileAtomic(this.#file, `${JSON.stringify({ now: new Date(this.#now).toISOString() })}\n`);
  }
}
