import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExecutionError } from 'aws-local-stepfunctions';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, localArn } from './aws';
import { type ClockWork, type VirtualClock, writeFileAtomic } from './clock';
import type { GatewayLogger } from './gateway';
import { LambdaFunctionError, type LambdaRuntime } from './lambda';
import { readStateMachines, type StateMachineModel, type TaskBinding, type WaitSpec } from './state-machines';
import { readFunctions, type Templates } from './template';

/**
 * The local Step Functions: the templates' state machines run by aws-local-stepfunctions, their
 * Lambda tasks calling the handlers in process, their Waits on the virtual clock (see
 * state-machines.ts), with the Step Functions API semantics the services rely on.
 *
 * - `StartExecution` is idempotent by name as on AWS (Standard): the same name and input while the
 *   execution runs returns it; another input, or a closed execution of that name, is
 *   `ExecutionAlreadyExists`.
 * - A Lambda error surfaces as on AWS: the error name is the thrown error's `name`, the cause
 *   Lambda's error payload `{ errorType, errorMessage, trace }` as JSON, so `Retry`/`Catch` match
 *   on `ErrorEquals` as they do there (`States.ALL`, `States.TaskFailed` match any).
 * - Retries happen at once, not after their interval: the clock is frozen, and a task held on it
 *   would run into its own (real-time) timeout. The retries are in the history (`TaskScheduled`
 *   again after a `TaskFailed`) and counted as transitions.
 * - Executions are kept under `<dataDir>/stepfunctions/<state machine>/<execution>.json` (status,
 *   input, output, error, cause, dates, transitions, history). On start, each RUNNING execution is
 *   **resumed by running it again from the start with the same input**: the lifecycle tasks are
 *   idempotent, and Waits whose instant has passed pass at once on the virtual clock. Its history
 *   then restarts too (`restarts` counts how often).
 * - `stateTransitions` counts states entered plus retries (the billing unit of Standard workflows).
 */

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
const STATUSES: readonly string[] = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
];

/** A Step Functions API error: `name` is the API's error code (`ExecutionAlreadyExists`, ...). */
export class SfnError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

interface Event<Timestamp> {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: Timestamp;
  readonly type: string;
  readonly [details: string]: unknown;
}

export type HistoryEvent = Event<Date>;
type StoredEvent = Event<string>;

interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: string;
  stopDate?: string;
  /** The instant a Wait holds the execution until. */
  waitingUntil?: string;
  stateTransitions: number;
  restarts: number;
  /** Creation order (start dates tie on a frozen clock). */
  sequence: number;
  history: StoredEvent[];
}

export interface ExecutionListItem {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
}

export interface ExecutionDescription extends ExecutionListItem {
  readonly input: string;
  readonly inputDetails: { readonly included: boolean };
  readonly output?: string;
  readonly outputDetails?: { readonly included: boolean };
  readonly error?: string;
  readonly cause?: string;
  /** Local: states entered plus retries. */
  readonly stateTransitions: number;
  /** Local: how often a restart of the local stack ran it again from the start. */
  readonly restarts: number;
  /** Local: the instant a Wait holds it until. */
  readonly waitingUntil?: Date;
}

const listItem = (r: ExecutionRecord): ExecutionListItem => ({
  executionArn: r.executionArn,
  stateMachineArn: r.stateMachineArn,
  name: r.name,
  status: r.status,
  startDate: new Date(r.startDate),
  ...(r.stopDate ? { stopDate: new Date(r.stopDate) } : {}),
});

export interface LocalStateMachine {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly programme: string | undefined;
}

export interface LocalStepFunctionsOptions {
  readonly templates: Templates;
  readonly clock: VirtualClock;
  readonly runtime: LambdaRuntime;
  /** Where executions are kept (`<dir>/<state machine>/<execution>.json`); none: in memory. */
  readonly dir?: string;
  readonly logger?: GatewayLogger;
}

/** What a state may be given as input (JSON). */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const LOCAL_ROLE = `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/local-stepfunctions`;
const STATE_MACHINE_ARN = /^arn:[^:]+:states:[^:]*:\d*:stateMachine:[^:]+$/;
const EXECUTION_ARN = /^arn:[^:]+:states:[^:]*:\d*:execution:[^:]+:[^:]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters AWS forbids in names
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;
const MAX_INPUT_BYTES = 256 * 1024;
const RFC3339 =
  /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

/** States.Runtime: neither retried nor caught (aws-local-stepfunctions reads these two flags). */
class StatesRuntimeError extends Error {
  override readonly name = 'States.Runtime';
  readonly isRetryable = false;
  readonly isCatchable = false;
}

/** A Lambda task's failure as Step Functions sees it: error = the error type, cause = the payload. */
const taskError = (err: LambdaFunctionError): Error => {
  const error = new Error(JSON.stringify(err.payload()));
  error.name = err.errorType;
  return error;
};

const iso = (ms: number): string => new Date(ms).toISOString();
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v ?? null));
const encodeToken = (offset: number): string => Buffer.from(JSON.stringify({ offset })).toString('base64url');
const decodeToken = (token: string | undefined): number => {
  if (token === undefined) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw new SfnError('InvalidToken', `Invalid Token: '${token}'`);
};
export interface PageRequest {
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/** One page of `items` (`maxResults` 0 or none: 100), and the token of the next if there is one. */
const paginate = <T>(
  items: readonly T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
): { page: T[]; nextToken?: string } => {
  if (maxResults !== undefined && (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > 1000))
    throw new SfnError('ValidationException', 'maxResults must be between 0 and 1000');
  const size = maxResults || 100;
  const offset = decodeToken(nextToken);
  const page = items.slice(offset, offset + size);
  return { page, ...(offset + size < items.length ? { nextToken: encodeToken(offset + size) } : {}) };
};

/** The instant a Wait ends, entered at `now`; `value` is its path's value. */
const waitTarget = (spec: WaitSpec, value: unknown, now: number): number => {
  switch (spec.kind) {
    case 'Seconds':
      return now + spec.seconds * 1_000;
    case 'Timestamp':
      return Date.parse(spec.timestamp);
    case 'SecondsPath':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
        throw new StatesRuntimeError(
          `SecondsPath '${spec.path}' evaluated to ${JSON.stringify(value)}, expected a non-negative integer`,
        );
      return now + value * 1_000;
    case 'TimestampPath':
      if (typeof value !== 'string' || !RFC3339.test(value))
        throw new StatesRuntimeError(
          `TimestampPath '${spec.path}' evaluated to ${JSON.stringify(value)}, expected an RFC 3339 timestamp`,
        );
      return Date.parse(value);
  }
};

/** Lets the event-log consumer (microtasks only) catch up with what the library has dispatched. */
const drain = (): Promise<void> => new Promise((done) => setImmediate(done));

interface Run {
  readonly signal: AbortController;
  abort: () => void;
  ending: 'stopped' | 'shutdown' | 'timeout' | undefined;
  done: Promise<void>;
}

/** Library event (aws-local-stepfunctions' EventLog, the fields used here). */
interface LibraryEvent {
  readonly type: string;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly Error?: string;
  readonly Cause?: unknown;
  readonly index?: number;
  readonly state?: {
    readonly name: string;
    readonly type: string;
    readonly input: unknown;
    readonly output?: unknown;
  };
  readonly parentState?: { readonly name: string };
}

export class LocalStepFunctions {
  readonly #clock: VirtualClock;
  readonly #runtime: LambdaRuntime;
  readonly #dir: string | undefined;
  readonly #logger: GatewayLogger | undefined;
  readonly #machines: Map<string, StateMachineModel>;
  readonly #records = new Map<string, ExecutionRecord>();
  readonly #runs = new Map<string, Run>();
  #sequence = 0;
  #stopped = false;

  constructor(options: LocalStepFunctionsOptions) {
    this.#clock = options.clock;
    this.#runtime = options.runtime;
    this.#dir = options.dir;
    this.#logger = options.logger;
    const functions = readFunctions(options.templates);
    this.#machines = new Map(readStateMachines(options.templates, functions).map((m) => [m.arn, m]));
    for (const record of this.#load()) {
      this.#records.set(record.executionArn, record);
      this.#sequence = Math.max(this.#sequence, record.sequence + 1);
    }
  }

  /** The state machines of the templates. */
  stateMachines(): LocalStateMachine[] {
    return [...this.#machines.values()].map((m) => ({
      stateMachineArn: m.arn,
      name: m.name,
      type: m.type,
      programme: m.programme,
    }));
  }

  /** Resumes every RUNNING execution kept from the last run (from the start, same input). */
  start(): void {
    for (const record of this.#records.values()) {
      if (record.status !== 'RUNNING') continue;
      const machine = this.#machines.get(record.stateMachineArn);
      if (!machine) {
        this.#logger?.warn(
          `[local] execution ${record.executionArn} not resumed: its state machine is no longer in the templates`,
        );
        continue;
      }
      record.restarts += 1;
      this.#begin(record, machine);
    }
  }

  /** Abandons the running executions; they stay RUNNING on disk for the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const runs = [...this.#runs.values()];
    for (const run of runs) {
      run.ending = 'shutdown';
      run.abort();
      run.signal.abort();
    }
    await Promise.all(runs.map((r) => r.done));
  }

  async startExecution(input: {
    readonly stateMachineArn?: string;
    readonly name?: string;
    readonly input?: string;
  }): Promise<{ executionArn: string; startDate: Date }> {
    if (this.#stopped) throw new SfnError('ServiceUnavailable', 'The local Step Functions has stopped');
    const machine = this.#machine(input.stateMachineArn);
    const name = input.name ?? randomUUID();
    if (typeof name !== 'string' || name.length < 1 || name.length > 80 || INVALID_NAME.test(name))
      throw new SfnError('InvalidName', `Invalid Name: '${String(name)}'`);
    const executionInput = input.input ?? '{}';
    if (typeof executionInput !== 'string')
      throw new SfnError('ValidationException', 'input must be a string of JSON');
    if (Buffer.byteLength(executionInput) > MAX_INPUT_BYTES)
      throw new SfnError('InvalidExecutionInput', 'Invalid Execution Input: larger than 256 KiB');
    try {
      JSON.parse(executionInput);
    } catch {
      throw new SfnError(
        'InvalidExecutionInput',
        `Invalid State Machine Execution Input: '${executionInput}'`,
      );
    }
    const executionArn = localArn.execution(machine.name, name);
    const existing = this.#records.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === executionInput)
        return { executionArn, startDate: new Date(existing.startDate) };
      throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.arn,
      name,
      status: 'RUNNING',
      input: executionInput,
      startDate: iso(this.#clock.now()),
      stateTransitions: 0,
      restarts: 0,
      sequence: this.#sequence++,
      history: [],
    };
    this.#records.set(executionArn, record);
    this.#begin(record, machine);
    return { executionArn, startDate: new Date(record.startDate) };
  }

  async describeExecution(input: { readonly executionArn?: string }): Promise<ExecutionDescription> {
    const r = this.#record(input.executionArn);
    return {
      ...listItem(r),
      input: r.input,
      inputDetails: { included: true },
      ...(r.output !== undefined ? { output: r.output, outputDetails: { included: true } } : {}),
      ...(r.error !== undefined ? { error: r.error } : {}),
      ...(r.cause !== undefined ? { cause: r.cause } : {}),
      stateTransitions: r.stateTransitions,
      restarts: r.restarts,
      ...(r.waitingUntil ? { waitingUntil: new Date(r.waitingUntil) } : {}),
    };
  }

  async listExecutions(
    input: PageRequest & { readonly stateMachineArn?: string; readonly statusFilter?: string },
  ): Promise<{ executions: ExecutionListItem[]; nextToken?: string }> {
    const machine = this.#machine(input.stateMachineArn);
    if (input.statusFilter !== undefined && !STATUSES.includes(input.statusFilter))
      throw new SfnError('ValidationException', `statusFilter must be one of ${STATUSES.join(', ')}`);
    const all = [...this.#records.values()]
      .filter((r) => r.stateMachineArn === machine.arn)
      .filter((r) => input.statusFilter === undefined || r.status === input.statusFilter)
      .sort((a, b) => b.startDate.localeCompare(a.startDate) || b.sequence - a.sequence);
    const { page, nextToken } = paginate(all, input.maxResults, input.nextToken);
    return { executions: page.map(listItem), ...(nextToken ? { nextToken } : {}) };
  }

  /** Stops a running execution (ABORTED); a closed one is left as it is. */
  async stopExecution(input: {
    readonly executionArn?: string;
    readonly error?: string;
    readonly cause?: string;
  }): Promise<{ stopDate: Date }> {
    const record = this.#record(input.executionArn);
    if (record.status !== 'RUNNING') return { stopDate: new Date(record.stopDate ?? record.startDate) };
    record.status = 'ABORTED';
    record.stopDate = iso(this.#clock.now());
    if (input.error !== undefined) record.error = input.error;
    if (input.cause !== undefined) record.cause = input.cause;
    const run = this.#runs.get(record.executionArn);
    if (run) {
      run.ending = 'stopped';
      run.abort();
      run.signal.abort();
      await run.done;
    } else {
      this.#closeAborted(record);
    }
    return { stopDate: new Date(record.stopDate) };
  }

  async getExecutionHistory(
    input: PageRequest & {
      readonly executionArn?: string;
      readonly reverseOrder?: boolean;
      readonly includeExecutionData?: boolean;
    },
  ): Promise<{ events: HistoryEvent[]; nextToken?: string }> {
    const record = this.#record(input.executionArn);
    const ordered = input.reverseOrder ? [...record.history].reverse() : record.history;
    const { page, nextToken } = paginate(ordered, input.maxResults, input.nextToken);
    const withData = input.includeExecutionData !== false;
    const events = page.map((e): HistoryEvent => {
      const event: Record<string, unknown> = { ...e, timestamp: new Date(e.timestamp) };
      if (!withData) {
        for (const [key, value] of Object.entries(event)) {
          if (!key.endsWith('EventDetails') || !isRecord(value)) continue;
          const { input: _input, output: _output, ...rest } = value;
          event[key] = rest;
        }
      }
      return event as HistoryEvent;
    });
    return { events, ...(nextToken ? { nextToken } : {}) };
  }

  #machine(arn: string | undefined): StateMachineModel {
    if (typeof arn !== 'string' || arn === '')
      throw new SfnError('ValidationException', 'stateMachineArn is required');
    if (!STATE_MACHINE_ARN.test(arn)) throw new SfnError('InvalidArn', `Invalid Arn: '${arn}'`);
    const machine = this.#machines.get(arn);
    if (!machine) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  #record(arn: string | undefined): ExecutionRecord {
    if (typeof arn !== 'string' || arn === '')
      throw new SfnError('ValidationException', 'executionArn is required');
    if (!EXECUTION_ARN.test(arn)) throw new SfnError('InvalidArn', `Invalid Arn: '${arn}'`);
    const record = this.#records.get(arn);
    if (!record) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
  }

  /** Runs an execution from the start (its history and transitions start over). */
  #begin(record: ExecutionRecord, machine: StateMachineModel): void {
    const work = this.#clock.startWork('execution', record.executionArn);
    record.history = [];
    record.stateTransitions = 0;
    delete record.waitingUntil;
    this.#save(record);
    const run: Run = {
      signal: new AbortController(),
      abort: () => {},
      ending: undefined,
      done: Promise.resolve(),
    };
    const started = Date.parse(record.startDate);
    const deadline =
      machine.timeoutSeconds === undefined ? undefined : started + machine.timeoutSeconds * 1_000;

    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [state, binding] of machine.tasks) handlers[state] = (input) => this.#invoke(binding, input);
    for (const [state, spec] of machine.waits)
      handlers[state] = (input) => this.#wait({ run, work, record, spec, input, deadline });

    const execution = machine.runtime.run(JSON.parse(record.input) as Json, {
      overrides: {
        taskResourceLocalHandlers: handlers,
        retryIntervalOverrides: Object.fromEntries(machine.retryStates.map((s) => [s, 0])),
      },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: record.executionArn, Name: record.name, RoleArn: LOCAL_ROLE },
        StateMachine: { Id: machine.arn, Name: machine.name },
      },
    });
    run.abort = execution.abort;
    const history = this.#recordEvents(record, machine, execution.eventLogs as AsyncGenerator<LibraryEvent>);
    this.#runs.set(record.executionArn, run);
    run.done = (async () => {
      let outcome: { ok: true; output: unknown } | { ok: false; error: unknown };
      try {
        outcome = { ok: true, output: await execution.result };
      } catch (error) {
        outcome = { ok: false, error };
      }
      await history;
      this.#runs.delete(record.executionArn);
      this.#close(record, run, outcome);
      work.end();
    })();
  }

  #close(
    record: ExecutionRecord,
    run: Run,
    outcome: { ok: true; output: unknown } | { ok: false; error: unknown },
  ): void {
    if (run.ending === 'shutdown') {
      this.#save(record);
      return;
    }
    if (run.ending === 'stopped') {
      this.#closeAborted(record);
      return;
    }
    delete record.waitingUntil;
    record.stopDate = iso(this.#clock.now());
    if (run.ending === 'timeout') {
      record.status = 'TIMED_OUT';
      record.error = 'States.Timeout';
      record.cause =
        'The execution ran past its TimeoutSeconds (or the one-year limit of Standard workflows)';
      this.#push(record, 'ExecutionTimedOut', {
        executionTimedOutEventDetails: { error: record.error, cause: record.cause },
      });
    } else if (outcome.ok) {
      record.status = 'SUCCEEDED';
      record.output = JSON.stringify(outcome.output ?? null);
    } else {
      const cause = outcome.error instanceof ExecutionError ? outcome.error.cause : outcome.error;
      record.status = 'FAILED';
      record.error = cause instanceof Error ? cause.name : 'States.Runtime';
      record.cause = cause instanceof Error ? cause.message : String(cause);
    }
    this.#save(record);
  }

  #closeAborted(record: ExecutionRecord): void {
    delete record.waitingUntil;
    this.#push(record, 'ExecutionAborted', {
      executionAbortedEventDetails: {
        ...(record.error !== undefined ? { error: record.error } : {}),
        ...(record.cause !== undefined ? { cause: record.cause } : {}),
      },
    });
    this.#save(record);
  }

  async #invoke(binding: TaskBinding, input: Json): Promise<Json> {
    const payload = binding.form === 'invoke' ? (isRecord(input) ? (input.Payload ?? null) : null) : input;
    try {
      const result = (await this.#runtime.invoke(binding.fn, payload)) as Json;
      return binding.form === 'invoke'
        ? { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 }
        : result;
    } catch (err) {
      throw err instanceof LambdaFunctionError ? taskError(err) : err;
    }
  }

  /** The handler of a Wait state (rewritten to a Task): holds the execution on the virtual clock. */
  async #wait(w: {
    run: Run;
    work: ClockWork;
    record: ExecutionRecord;
    spec: WaitSpec;
    input: Json;
    deadline: number | undefined;
  }): Promise<Json> {
    const { input: passed = null, value } = (isRecord(w.input) ? w.input : {}) as {
      input?: Json;
      value?: unknown;
    };
    const now = this.#clock.now();
    const target = waitTarget(w.spec, value, now);
    const timesOut = w.deadline !== undefined && target > w.deadline;
    const until = timesOut ? (w.deadline as number) : target;
    if (until > now) {
      await drain();
      w.record.waitingUntil = iso(target);
      this.#save(w.record);
      await w.work.until(until, w.run.signal.signal);
      delete w.record.waitingUntil;
    }
    if (timesOut) {
      w.run.ending = 'timeout';
      w.run.abort();
    }
    return passed;
  }

  async #recordEvents(
    record: ExecutionRecord,
    machine: StateMachineModel,
    events: AsyncGenerator<LibraryEvent>,
  ): Promise<void> {
    const failed = new Set<string>();
    for await (const event of events) {
      const state = event.state;
      const key = `${event.index ?? ''}/${state?.name ?? ''}`;
      const task = state ? machine.tasks.get(state.name) : undefined;
      const stateType = state && machine.waits.has(state.name) ? 'Wait' : state?.type;
      const lambda = task?.form === 'function';
      const resource = { resourceType: 'lambda', resource: 'invoke' };
      switch (event.type) {
        case 'ExecutionStarted':
          this.#push(record, 'ExecutionStarted', {
            executionStartedEventDetails: {
              input: text(event.input),
              inputDetails: { truncated: false },
              roleArn: LOCAL_ROLE,
            },
          });
          break;
        case 'ExecutionSucceeded':
          this.#push(record, 'ExecutionSucceeded', {
            executionSucceededEventDetails: {
              output: text(event.output),
              outputDetails: { truncated: false },
            },
          });
          break;
        case 'ExecutionFailed':
          this.#push(record, 'ExecutionFailed', {
            executionFailedEventDetails: { error: event.Error, cause: text(event.Cause) },
          });
          break;
        case 'StateEntered':
        case 'StateRetried':
          record.stateTransitions += 1;
          failed.delete(key);
          if (event.type === 'StateEntered' && state)
            this.#push(record, `${stateType}StateEntered`, {
              stateEnteredEventDetails: {
                name: state.name,
                input: text(state.input),
                inputDetails: { truncated: false },
              },
            });
          if (task && state)
            this.#push(
              record,
              lambda ? 'LambdaFunctionScheduled' : 'TaskScheduled',
              lambda
                ? { lambdaFunctionScheduledEventDetails: { resource: localArn.lambda(task.fn.logicalId) } }
                : { taskScheduledEventDetails: { ...resource, region: LOCAL_REGION } },
            );
          break;
        case 'StateFailed':
          if (task) {
            failed.add(key);
            const details = { error: event.Error, cause: text(event.Cause) };
            this.#push(
              record,
              lambda ? 'LambdaFunctionFailed' : 'TaskFailed',
              lambda
                ? { lambdaFunctionFailedEventDetails: details }
                : { taskFailedEventDetails: { ...resource, ...details } },
            );
          }
          break;
        case 'StateExited':
          if (!state) break;
          if (task && !failed.has(key)) {
            const output = text(state.output);
            this.#push(
              record,
              lambda ? 'LambdaFunctionSucceeded' : 'TaskSucceeded',
              lambda
                ? { lambdaFunctionSucceededEventDetails: { output } }
                : { taskSucceededEventDetails: { ...resource, output } },
            );
          }
          failed.delete(key);
          this.#push(record, `${stateType}StateExited`, {
            stateExitedEventDetails: {
              name: state.name,
              output: text(state.output),
              outputDetails: { truncated: false },
            },
          });
          break;
        case 'MapIterationStarted':
        case 'MapIterationSucceeded':
        case 'MapIterationFailed': {
          const detailsKey = `${event.type[0]?.toLowerCase()}${event.type.slice(1)}EventDetails`;
          this.#push(record, event.type, {
            [detailsKey]: { name: event.parentState?.name, index: event.index },
          });
          break;
        }
        default:
          // Parallel branch events, and aborts/timeouts (recorded when the execution closes).
          break;
      }
    }
  }

  #push(record: ExecutionRecord, type: string, details: Record<string, unknown>): void {
    const id = record.history.length + 1;
    record.history.push({ id, previousEventId: id - 1, timestamp: iso(this.#clock.now()), type, ...details });
  }

  #file(record: ExecutionRecord): string | undefined {
    if (!this.#dir) return undefined;
    const machine = record.stateMachineArn.split(':').pop() ?? 'unknown';
    return join(this.#dir, encodeURIComponent(machine), `${encodeURIComponent(record.name)}.json`);
  }

  #save(record: ExecutionRecord): void {
    const file = this.#file(record);
    if (file) writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`);
  }

  #load(): ExecutionRecord[] {
    if (!this.#dir || !existsSync(this.#dir)) return [];
    const records: ExecutionRecord[] = [];
    for (const machineDir of readdirSync(this.#dir, { withFileTypes: true })) {
      if (!machineDir.isDirectory()) continue;
      const dir = join(this.#dir, machineDir.name);
      for (const file of readdirSync(dir)) {
        if (!file.endsWith('.json')) continue;
        try {
          records.push(JSON.parse(readFileSync(join(dir, file), 'utf8')) as ExecutionRecord);
        } catch (err) {
          this.#logger?.warn(`[local] ${join(dir, file)} skipped: ${(err as Error).message}`);
        }
      }
    }
    return records;
  }
}
