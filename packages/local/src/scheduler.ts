import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './aws';
import { ClockAbandonedError, type ClockWork, type VirtualClock, writeFileAtomic } from './clock';
import type { GatewayLogger } from './gateway';
import { intrinsicResolver, UnresolvableError } from './intrinsics';
import { LambdaFunctionError, type LambdaRuntime } from './lambda';
import { parseScheduleExpression, type ScheduleExpression } from './schedule-expression';
import { localFunction } from './state-machines';
import type { LocalStepFunctions } from './stepfunctions';
import {
  type FunctionDefinition,
  readFunctions,
  resourcesOfType,
  SCHEDULE_TYPE,
  type Templates,
} from './template';

/**
 * The local EventBridge Scheduler: the templates' `AWS::Scheduler::Schedule`s fired on the virtual
 * clock. Each occurrence the clock crosses fires once, in order, invoking the target (a Lambda
 * function in process, or a state machine of the local Step Functions) with the schedule's
 * `Input` (its `<aws.scheduler.*>` context attributes filled in). A failed invocation is retried
 * at once up to `RetryPolicy.MaximumRetryAttempts` times (AWS backs off; the clock is frozen),
 * then recorded in the local dead-letter list (`GET /_local/dead-letters`); so is an occurrence
 * older than `MaximumEventAgeInSeconds` when its turn comes (after a restart).
 *
 * Kept in `<dataDir>/scheduler.json`: per schedule the instant it was first seen (no occurrence
 * before it fires) and the last occurrence fired, so a restart neither repeats nor loses one
 * (an occurrence interrupted mid-invocation by a stop fires again: at least once, as on AWS);
 * and the dead letters.
 */

const DEFAULT_MAX_RETRIES = 185;
const DEFAULT_MAX_AGE_SECONDS = 86_400;

export interface ScheduleModel {
  readonly logicalId: string;
  readonly name: string;
  readonly group: string;
  readonly expression: string;
  readonly timezone: string;
  readonly enabled: boolean;
  readonly startDate: number | undefined;
  readonly endDate: number | undefined;
  readonly target:
    | { readonly kind: 'lambda'; readonly arn: string; readonly fn: FunctionDefinition }
    | { readonly kind: 'stateMachine'; readonly arn: string };
  readonly input: string | undefined;
  readonly maxRetries: number;
  readonly maxAgeSeconds: number;
  readonly deadLetterArn: string | undefined;
}

export interface DeadLetter {
  readonly schedule: string;
  readonly group: string;
  readonly scheduledTime: string;
  readonly targetArn: string;
  readonly deadLetterArn: string | undefined;
  readonly attempts: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly input: string | undefined;
  /** When it was recorded, on the virtual clock. */
  readonly recordedAt: string;
}

export interface ScheduleStatus {
  readonly name: string;
  readonly group: string;
  readonly expression: string;
  readonly timezone: string;
  readonly state: 'ENABLED' | 'DISABLED';
  readonly lastFired: string | undefined;
  readonly next: string | undefined;
}

interface ScheduleState {
  since: string;
  lastFired?: string;
}

interface StoredScheduler {
  schedules: Record<string, ScheduleState>;
  deadLetters: DeadLetter[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const iso = (ms: number): string => new Date(ms).toISOString();
const STATE_MACHINE_ARN = /^arn:[^:]+:states:[^:]*:\d*:stateMachine:[^:]+$/;

const integer = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isInteger(value) ? value : fallback;

/** Every schedule of the templates; throws an error naming the schedule for what cannot run locally. */
export const readSchedules = (templates: Templates): ScheduleModel[] => {
  const intrinsics = intrinsicResolver(templates);
  const functions = readFunctions(templates);
  return resourcesOfType(templates, SCHEDULE_TYPE).map(([logicalId, resource]) => {
    const props = resource.Properties ?? {};
    const name = typeof props.Name === 'string' ? props.Name : logicalId;
    const fail = (message: string): never => {
      throw new Error(`schedule ${name} (${logicalId}): ${message}`);
    };
    try {
      const expression = intrinsics.resolveString(props.ScheduleExpression);
      const timezone =
        props.ScheduleExpressionTimezone === undefined
          ? 'UTC'
          : intrinsics.resolveString(props.ScheduleExpressionTimezone);
      parseScheduleExpression(expression, timezone);
      const target = isRecord(props.Target) ? props.Target : fail('no Target');
      const arn = intrinsics.resolveString(target.Arn);
      const retry = isRecord(target.RetryPolicy) ? target.RetryPolicy : {};
      const deadLetter = isRecord(target.DeadLetterConfig) ? target.DeadLetterConfig : {};
      const date = (value: unknown): number | undefined => {
        if (value === undefined) return undefined;
        const ms = Date.parse(intrinsics.resolveString(value));
        return Number.isFinite(ms) ? ms : fail(`${JSON.stringify(value)} is not a date`);
      };
      const fn = localFunction(arn, functions);
      return {
        logicalId,
        name,
        group: props.GroupName === undefined ? 'default' : intrinsics.resolveString(props.GroupName),
        expression,
        timezone,
        enabled: props.State !== 'DISABLED',
        startDate: date(props.StartDate),
        endDate: date(props.EndDate),
        target: fn
          ? { kind: 'lambda', arn, fn }
          : STATE_MACHINE_ARN.test(arn)
            ? { kind: 'stateMachine', arn }
            : fail(
                `target ${arn}: the local scheduler invokes Lambda functions with talent:entry metadata and state machines`,
              ),
        input: target.Input === undefined ? undefined : intrinsics.resolveString(target.Input),
        maxRetries: integer(retry.MaximumRetryAttempts, DEFAULT_MAX_RETRIES),
        maxAgeSeconds: integer(retry.MaximumEventAgeInSeconds, DEFAULT_MAX_AGE_SECONDS),
        deadLetterArn: deadLetter.Arn === undefined ? undefined : safeString(intrinsics, deadLetter.Arn),
      };
    } catch (err) {
      if (
        err instanceof UnresolvableError ||
        (err instanceof Error && err.name === 'ScheduleExpressionError')
      )
        return fail(err.message);
      throw err;
    }
  });
};

/** A dead-letter queue ARN is only reported: an unresolvable one is named by its logical id. */
const safeString = (intrinsics: ReturnType<typeof intrinsicResolver>, value: unknown): string => {
  try {
    return intrinsics.resolveString(value);
  } catch {
    const ids = JSON.stringify(value).match(/"Fn::GetAtt":\["([^"]+)"/);
    return ids?.[1] ?? JSON.stringify(value);
  }
};

/** Scheduler's context attributes in `Input`. */
const withContext = (input: string, values: Record<string, string>): string =>
  input.replace(
    /<aws\.scheduler\.(schedule-arn|scheduled-time|execution-id|attempt-number)>/g,
    (m, key: string) => (key in values ? (values[key] as string) : m),
  );

export interface LocalSchedulerOptions {
  readonly templates: Templates;
  readonly clock: VirtualClock;
  readonly runtime: LambdaRuntime;
  readonly stepFunctions: LocalStepFunctions;
  /** `scheduler.json` (last occurrence fired per schedule, dead letters); none: in memory. */
  readonly file?: string;
  readonly logger?: GatewayLogger;
}

export class LocalScheduler {
  readonly #clock: VirtualClock;
  readonly #runtime: LambdaRuntime;
  readonly #stepFunctions: LocalStepFunctions;
  readonly #file: string | undefined;
  readonly #logger: GatewayLogger | undefined;
  readonly #schedules: ScheduleModel[];
  readonly #store: StoredScheduler;
  readonly #stop = new AbortController();
  #fired = 0;

  constructor(options: LocalSchedulerOptions) {
    this.#clock = options.clock;
    this.#runtime = options.runtime;
    this.#stepFunctions = options.stepFunctions;
    this.#file = options.file;
    this.#logger = options.logger;
    this.#schedules = readSchedules(options.templates);
    this.#store =
      this.#file && existsSync(this.#file)
        ? (JSON.parse(readFileSync(this.#file, 'utf8')) as StoredScheduler)
        : { schedules: {}, deadLetters: [] };
  }

  /** Starts firing the enabled schedules. */
  start(): void {
    for (const schedule of this.#schedules) {
      if (!schedule.enabled) continue;
      const key = `${schedule.group}/${schedule.name}`;
      this.#store.schedules[key] ??= { since: iso(this.#clock.now()) };
      const work = this.#clock.startWork('schedule', key);
      void this.#loop(schedule, this.#store.schedules[key], work);
    }
    this.#save();
  }

  /** Stops firing; waits for nothing that is in flight (it fires again on the next start). */
  async stop(): Promise<void> {
    this.#stop.abort();
    this.#save();
  }

  /** Occurrences fired since start (each counts once, whatever its retries). */
  get fired(): number {
    return this.#fired;
  }

  deadLetters(): DeadLetter[] {
    return [...this.#store.deadLetters];
  }

  schedules(): ScheduleStatus[] {
    return this.#schedules.map((s) => {
      const state = this.#store.schedules[`${s.group}/${s.name}`];
      const next = state ? this.#next(s, this.#expression(s, state), state) : undefined;
      return {
        name: s.name,
        group: s.group,
        expression: s.expression,
        timezone: s.timezone,
        state: s.enabled ? 'ENABLED' : 'DISABLED',
        lastFired: state?.lastFired,
        next: s.enabled && next !== undefined ? iso(next) : undefined,
      };
    });
  }

  #expression(schedule: ScheduleModel, state: ScheduleState): ScheduleExpression {
    return parseScheduleExpression(schedule.expression, schedule.timezone, Date.parse(state.since));
  }

  /** The next occurrence after the last one fired (or after first seen), within Start/EndDate. */
  #next(schedule: ScheduleModel, expression: ScheduleExpression, state: ScheduleState): number | undefined {
    let after = Date.parse(state.lastFired ?? state.since);
    if (schedule.startDate !== undefined) after = Math.max(after, schedule.startDate - 1);
    const next = expression.next(after);
    return next === undefined || (schedule.endDate !== undefined && next > schedule.endDate)
      ? undefined
      : next;
  }

  async #loop(schedule: ScheduleModel, state: ScheduleState, work: ClockWork): Promise<void> {
    const expression = this.#expression(schedule, state);
    try {
      for (;;) {
        const occurrence = this.#next(schedule, expression, state);
        if (occurrence === undefined) break;
        await work.until(occurrence, this.#stop.signal);
        await this.#fire(schedule, occurrence);
        if (this.#stop.signal.aborted) return;
        state.lastFired = iso(occurrence);
        this.#fired += 1;
        this.#save();
      }
    } catch (err) {
      if (!(err instanceof ClockAbandonedError)) {
        this.#logger?.error(`[local] schedule ${schedule.name} stopped: ${(err as Error).message}`);
      }
    } finally {
      work.end();
    }
  }

  /** One occurrence: the target invoked, retried, then dead-lettered. */
  async #fire(schedule: ScheduleModel, occurrence: number): Promise<void> {
    const scheduleArn = `arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:schedule/${schedule.group}/${schedule.name}`;
    const executionId = randomUUID();
    const deadLetter = (attempts: number, errorCode: string, errorMessage: string): void => {
      this.#store.deadLetters.push({
        schedule: schedule.name,
        group: schedule.group,
        scheduledTime: iso(occurrence),
        targetArn: schedule.target.arn,
        deadLetterArn: schedule.deadLetterArn,
        attempts,
        errorCode,
        errorMessage,
        input: schedule.input,
        recordedAt: iso(this.#clock.now()),
      });
      this.#logger?.warn(
        `[local] schedule ${schedule.name} (${iso(occurrence)}) dead-lettered after ${attempts} attempt(s): ${errorCode}`,
      );
    };
    if (this.#clock.now() - occurrence > schedule.maxAgeSeconds * 1_000) {
      deadLetter(0, 'MaximumEventAgeExceeded', `not delivered within ${schedule.maxAgeSeconds} s`);
      return;
    }
    for (let attempt = 1; attempt <= schedule.maxRetries + 1; attempt++) {
      if (this.#stop.signal.aborted) return;
      const input = withContext(schedule.input ?? '{}', {
        'schedule-arn': scheduleArn,
        'scheduled-time': new Date(occurrence).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        'execution-id': executionId,
        'attempt-number': String(attempt),
      });
      let event: unknown;
      try {
        event = JSON.parse(input);
      } catch (err) {
        deadLetter(attempt, 'InvalidInput', `Input is not JSON: ${(err as Error).message}`);
        return;
      }
      try {
        if (schedule.target.kind === 'lambda') await this.#runtime.invoke(schedule.target.fn, event);
        else await this.#stepFunctions.startExecution({ stateMachineArn: schedule.target.arn, input });
        return;
      } catch (err) {
        if (attempt <= schedule.maxRetries) continue;
        const [code, message] =
          err instanceof LambdaFunctionError
            ? [err.errorType, err.errorMessage]
            : err instanceof Error
              ? [err.name, err.message]
              : ['Error', String(err)];
        deadLetter(attempt, code, message);
      }
    }
  }

  #save(): void {
    if (this.#file) writeFileAtomic(this.#file, `${JSON.stringify(this.#store, null, 2)}\n`);
  }
}
