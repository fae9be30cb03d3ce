import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { nowIso } from '../../kernel/src/dates';
import { LOCAL_REGION, localCredentials } from '../src/aws';
import { buildHandlerEnvironment } from '../src/env';
import { type LocalStack, startLocalStack } from '../src/stack';
import { readStateMachines } from '../src/state-machines';
import { readFunctions } from '../src/template';
import { lifecycleCalls } from './fixtures/lifecycle-calls';
import { cdkDefinitionString, LIFECYCLE_ENTRY, lifecycleTemplates } from './fixtures/lifecycle-template';
import { send, tempDir } from './helpers';

const CYCLE = 'arn:aws:states:local:000000000000:stateMachine:talent-test-cycle';
const RETRY = 'arn:aws:states:local:000000000000:stateMachine:talent-test-retry';
const TIMEOUT = 'arn:aws:states:local:000000000000:stateMachine:talent-test-timeout';
const DAY = 86_400_000;

const start = (options: { dataDir: string; clockStart?: string }) =>
  startLocalStack({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    templates: lifecycleTemplates(),
    quiet: true,
    seed: false,
    ...options,
  });

const moveClock = (stack: LocalStack, body: unknown) =>
  send(stack.url, 'POST', '/_local/clock', {
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const iso = (ms: number) => new Date(ms).toISOString();
const actions = () => lifecycleCalls().map((c) => c.action);

describe('the local Step Functions on the virtual clock', () => {
  let stack: LocalStack;
  let sfn: SFNClient;

  beforeAll(async () => {
    stack = await start({ dataDir: tempDir('sfn'), clockStart: '2030-03-01T00:00:00Z' });
    sfn = new SFNClient({ endpoint: stack.sfnEndpoint, region: LOCAL_REGION, credentials: localCredentials });
  });
  afterAll(async () => {
    sfn?.destroy();
    await stack?.stop();
  });
  beforeEach(() => {
    lifecycleCalls().length = 0;
  });

  it('runs Task → Wait(TimestampPath) → Task → Choice → Wait(Seconds) → Task only as the clock passes each instant', async () => {
    const t0 = stack.clock.now();
    const closesAt = t0 + 10 * DAY;
    const { executionArn } = await stack.stepFunctions.startExecution({
      stateMachineArn: CYCLE,
      name: 'js-2030',
      input: JSON.stringify({ cycleId: 'js-2030', closesAt: iso(closesAt), closeOutcome: 'extend' }),
    });
    await stack.clock.settle();
    expect(lifecycleCalls()).toEqual([
      { action: 'open', event: { action: 'open', cycleId: 'js-2030' }, now: iso(t0) },
    ]);
    expect(await stack.stepFunctions.describeExecution({ executionArn })).toMatchObject({
      status: 'RUNNING',
      waitingUntil: new Date(closesAt),
    });

    const early = await moveClock(stack, { advance: 'P5D' });
    expect(early.status).toBe(200);
    expect(early.json()).toEqual({ now: iso(t0 + 5 * DAY), ran: { executions: 0, schedules: 0 } });
    expect(actions()).toEqual(['open']);

    // Past the deadline: the close runs at the deadline itself, the Choice routes to the grace Wait.
    const atDeadline = await moveClock(stack, { advance: 'P6D' });
    expect(atDeadline.json()).toEqual({ now: iso(t0 + 11 * DAY), ran: { executions: 1, schedules: 0 } });
    expect(lifecycleCalls().slice(1)).toEqual([
      {
        action: 'close',
        event: { action: 'close', cycleId: 'js-2030', outcome: 'extend' },
        now: iso(closesAt),
      },
      { action: 'finish', event: { action: 'finish', cycleId: 'js-2030' }, now: iso(closesAt + 3_600_000) },
    ]);
    const done = await stack.stepFunctions.describeExecution({ executionArn });
    expect(done).toMatchObject({ status: 'SUCCEEDED', stopDate: new Date(closesAt + 3_600_000) });
    expect(JSON.parse(done.output ?? '')).toMatchObject({
      cycleId: 'js-2030',
      opened: { openedAt: iso(t0) },
      closed: { outcome: 'extend', status: 200 },
      finished: { finishedAt: iso(closesAt + 3_600_000) },
    });
    // Open, deadline, close, choice, grace, finish, complete: one transition each.
    expect(done.stateTransitions).toBe(7);
    const { events } = await stack.stepFunctions.getExecutionHistory({ executionArn });
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[6]).toMatchObject({ type: 'WaitStateExited', timestamp: new Date(closesAt) });
  });

  it('gives the handlers the virtual clock and the local Step Functions endpoint', () => {
    expect(nowIso()).toBe(iso(stack.clock.now()));
    expect(stack.sfnEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.environment.common.SFN_ENDPOINT).toBe(stack.sfnEndpoint);
    expect(process.env.SFN_ENDPOINT).toBe(stack.sfnEndpoint);
    expect(process.env.STATE_MACHINE_ARN_PREFIX).toBe(
      'arn:aws:states:local:000000000000:stateMachine:talent-test-',
    );
  });

  it('retries a task that fails twice with backoff, at once, then succeeds', async () => {
    const now = stack.clock.now();
    const { executionArn } = await stack.stepFunctions.startExecution({
      stateMachineArn: RETRY,
      input: JSON.stringify({ action: 'flaky', key: 'twice', failures: 2 }),
    });
    await stack.clock.settle();
    expect(actions()).toEqual(['flaky', 'flaky', 'flaky']);
    const done = await stack.stepFunctions.describeExecution({ executionArn });
    expect(done).toMatchObject({ status: 'SUCCEEDED', stopDate: new Date(now) });
    expect(JSON.parse(done.output ?? '')).toMatchObject({ result: { attempts: 3 } });
    // Two states entered and two retries.
    expect(done.stateTransitions).toBe(4);
    const { events } = await stack.stepFunctions.getExecutionHistory({ executionArn });
    const failures = events.filter((e) => e.type === 'LambdaFunctionFailed');
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({ lambdaFunctionFailedEventDetails: { error: 'FlakyError' } });
    const cause = JSON.parse((failures[0] as any).lambdaFunctionFailedEventDetails.cause);
    expect(cause).toMatchObject({ errorType: 'FlakyError', errorMessage: 'attempt 1 failed' });
    expect(events.filter((e) => e.type === 'LambdaFunctionScheduled')).toHaveLength(3);
  });

  it('catches exhausted retries and errors that are not retried in a failure-recording task', async () => {
    const exhausted = await stack.stepFunctions.startExecution({
      stateMachineArn: RETRY,
      input: JSON.stringify({ action: 'flaky', key: 'always', failures: 99 }),
    });
    const fatal = await stack.stepFunctions.startExecution({
      stateMachineArn: RETRY,
      input: JSON.stringify({ action: 'fatal' }),
    });
    await stack.clock.settle();
    const calls = lifecycleCalls();
    expect(calls.filter((c) => c.action === 'flaky')).toHaveLength(4); // 1 + MaxAttempts 3
    expect(calls.filter((c) => c.action === 'fatal')).toHaveLength(1); // CycleStageError: no retrier
    expect(
      calls
        .filter((c) => c.action === 'record-failure')
        .map((c) => c.event.error.Error)
        .sort(),
    ).toEqual(['CycleStageError', 'FlakyError']);
    for (const { executionArn } of [exhausted, fatal]) {
      expect(await stack.stepFunctions.describeExecution({ executionArn })).toMatchObject({
        status: 'FAILED',
        error: 'CycleFailed',
        cause: 'a stage task failed',
      });
    }
  });

  it('starts executions idempotently by name through @aws-sdk/client-sfn', async () => {
    const input = JSON.stringify({
      cycleId: 'gd-2030',
      closesAt: iso(stack.clock.now() + DAY),
      closeOutcome: 'done',
    });
    const first = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: CYCLE, name: 'gd-2030', input }),
    );
    expect(first.executionArn).toBe('arn:aws:states:local:000000000000:execution:talent-test-cycle:gd-2030');
    expect(first.startDate).toEqual(new Date(stack.clock.now()));
    const again = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: CYCLE, name: 'gd-2030', input }),
    );
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);

    const other = JSON.stringify({ cycleId: 'gd-2030', closesAt: iso(stack.clock.now() + 2 * DAY) });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: CYCLE, name: 'gd-2030', input: other })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists', $metadata: { httpStatusCode: 400 } });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: `${CYCLE}-missing`, input })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: CYCLE, name: 'bad-input', input: '{not json' })),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: CYCLE, name: 'has space', input })),
    ).rejects.toMatchObject({ name: 'InvalidName' });
    expect(actions()).toEqual(['open']);
  });

  it('describes, lists, stops and gives the history of executions through the SDK', async () => {
    const input = JSON.stringify({ cycleId: 'bj-2030', closesAt: iso(stack.clock.now() + DAY) });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: CYCLE, name: 'bj-2030', input }),
    );
    await stack.clock.settle();
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'RUNNING', name: 'bj-2030', input, stateMachineArn: CYCLE });
    expect(described.startDate).toBeInstanceOf(Date);

    const running = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: CYCLE, statusFilter: 'RUNNING' }),
    );
    expect(running.executions?.map((e) => e.name)).toEqual(['bj-2030', 'gd-2030']);
    const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: CYCLE, maxResults: 1 }));
    expect(page.executions).toHaveLength(1);
    const next = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: CYCLE, maxResults: 1, nextToken: page.nextToken }),
    );
    expect(next.executions?.[0]?.name).not.toBe(page.executions?.[0]?.name);

    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'test' }),
    );
    expect(stopped.stopDate).toEqual(new Date(stack.clock.now()));
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      status: 'ABORTED',
      error: 'Withdrawn',
    });
    // A closed execution's name is taken, whatever the input.
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: CYCLE, name: 'bj-2030', input })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });

    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
    expect(history.events?.[0]).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Withdrawn', cause: 'test' },
    });
    expect(history.events?.at(-1)?.type).toBe('ExecutionStarted');
    expect(history.events?.[0]?.timestamp).toBeInstanceOf(Date);
    await expect(
      sfn.send(new DescribeExecutionCommand({ executionArn: `${executionArn}-missing` })),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });

    // The same API on the gateway, for people (aws stepfunctions --endpoint-url <url>/_local/sfn).
    const viaGateway = new SFNClient({
      endpoint: `${stack.url}/_local/sfn`,
      region: LOCAL_REGION,
      credentials: localCredentials,
    });
    expect(await viaGateway.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      status: 'ABORTED',
    });
    viaGateway.destroy();
  });

  it('times an execution out on the virtual clock at its TimeoutSeconds', async () => {
    const t0 = stack.clock.now();
    const { executionArn } = await stack.stepFunctions.startExecution({ stateMachineArn: TIMEOUT });
    await stack.clock.settle();
    await stack.clock.advance(DAY - 1);
    expect((await stack.stepFunctions.describeExecution({ executionArn })).status).toBe('RUNNING');
    await stack.clock.advance(1);
    expect(await stack.stepFunctions.describeExecution({ executionArn })).toMatchObject({
      status: 'TIMED_OUT',
      error: 'States.Timeout',
      stopDate: new Date(t0 + DAY),
    });
  });

  it('answers /_local/clock bad input with 4xx problems and never moves it back', async () => {
    const now = (await send(stack.url, 'GET', '/_local/clock')).json<{ now: string }>().now;
    expect(now).toBe(iso(stack.clock.now()));
    const cases: Array<[unknown, number]> = [
      ['{not json', 400],
      [[], 422],
      [{}, 422],
      [{ advance: 'P1X' }, 422],
      [{ advance: 'PT' }, 422],
      [{ advance: -5 }, 422],
      [{ advance: 'P1D', to: now }, 422],
      [{ to: '2031-01-01' }, 422],
      [{ to: 'tomorrow' }, 422],
      [{ advance: 'P1D', extra: true }, 422],
      [{ to: '2020-01-01T00:00:00Z' }, 409],
    ];
    for (const [body, status] of cases) {
      const res = await moveClock(stack, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.json()).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//) });
    }
    expect((await send(stack.url, 'PUT', '/_local/clock')).status).toBe(405);
    expect(iso(stack.clock.now())).toBe(now);
    const to = await moveClock(stack, { to: '2031-01-01T00:00:00+08:00' });
    expect(to.json()).toMatchObject({ now: '2030-12-31T16:00:00.000Z' });
  });
});

describe('a restart of the local stack', () => {
  it('resumes a RUNNING execution from the start, and it finishes when the clock passes its Wait', async () => {
    const dataDir = tempDir('sfn-restart');
    const first = await start({ dataDir, clockStart: '2030-03-01T00:00:00Z' });
    const closesAt = Date.parse('2030-03-03T00:00:00Z');
    const { executionArn } = await first.stepFunctions.startExecution({
      stateMachineArn: CYCLE,
      name: 'zh-2030',
      input: JSON.stringify({ cycleId: 'zh-2030', closesAt: iso(closesAt), closeOutcome: 'done' }),
    });
    await first.clock.advance(DAY);
    await first.stop();
    const file = join(dataDir, 'stepfunctions', 'talent-test-cycle', 'zh-2030.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      status: 'RUNNING',
      waitingUntil: iso(closesAt),
    });
    expect(JSON.parse(readFileSync(join(dataDir, 'clock.json'), 'utf8'))).toEqual({
      now: '2030-03-02T00:00:00.000Z',
    });
    lifecycleCalls().length = 0;

    const second = await start({ dataDir });
    try {
      expect(iso(second.clock.now())).toBe('2030-03-02T00:00:00.000Z');
      await second.clock.settle();
      // Run again from the start: the (idempotent) open task again, then the same Wait.
      expect(actions()).toEqual(['open']);
      expect(await second.stepFunctions.describeExecution({ executionArn })).toMatchObject({
        status: 'RUNNING',
        restarts: 1,
      });
      const res = await moveClock(second, { advance: 'P1D' });
      expect(res.json()).toEqual({ now: iso(closesAt), ran: { executions: 1, schedules: 0 } });
      expect(actions()).toEqual(['open', 'close', 'finish']);
      expect(await second.stepFunctions.describeExecution({ executionArn })).toMatchObject({
        status: 'SUCCEEDED',
        stateTransitions: 6,
      });
    } finally {
      await second.stop();
    }
  });
});

describe('reading state machines from the templates', () => {
  const withMachine = (definition: object, extra: Record<string, unknown> = {}) => {
    const templates = lifecycleTemplates();
    templates.workflow = {
      Resources: {
        LifecycleFn: templates.workflow.Resources?.LifecycleFn as any,
        Broken: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            StateMachineName: 'talent-test-broken',
            DefinitionString: cdkDefinitionString(definition),
            ...extra,
          },
        },
      },
    };
    return () => readStateMachines(templates, readFunctions(templates));
  };
  const task = (resource: string) => ({
    StartAt: 'T',
    States: { T: { Type: 'Task', Resource: resource, End: true } },
  });

  it('resolves CDK DefinitionStrings to the synthesized ASL with local ARNs', () => {
    const templates = lifecycleTemplates();
    const machines = readStateMachines(templates, readFunctions(templates));
    const cycle = machines.find((m) => m.name === 'talent-test-cycle')!;
    expect(cycle.arn).toBe(CYCLE);
    expect(cycle.programme).toBe('jiangsu-excellent-technicians');
    expect((cycle.definition.States['Open stage'] as any).Resource).toBe(
      'arn:aws:lambda:local:000000000000:function:LifecycleFn',
    );
    expect((cycle.definition.States['Close stage'] as any).Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(cycle.definition.States['Stage deadline']).toEqual({
      Type: 'Wait',
      TimestampPath: '$.closesAt',
      Next: 'Close stage',
    });
    expect([...cycle.tasks.keys()]).toEqual(['Open stage', 'Close stage', 'Finish cycle']);
    expect(cycle.tasks.get('Open stage')?.fn.entry).toBe(LIFECYCLE_ENTRY);
  });

  it('refuses, naming the state machine, what it cannot run as AWS would', () => {
    expect(withMachine(task('arn:aws:states:::dynamodb:putItem'))).toThrow(
      /state machine talent-test-broken \(Broken\): Task 'T' has Resource arn:aws:states:::dynamodb:putItem/,
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CDK token placeholder
    expect(withMachine(task('${Elsewhere.Arn}'))).toThrow(/talent-test-broken.*Fn::GetAtt Elsewhere\.Arn/);
    expect(withMachine(task('arn:aws:lambda:local:000000000000:function:Nobody'))).toThrow(
      /no function with talent:entry metadata/,
    );
    const waitInParallel = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: [{ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 5, End: true } } }],
        },
      },
    };
    expect(withMachine(waitInParallel)).toThrow(/Wait state 'W' is inside a Map or Parallel branch/);
    expect(withMachine({ StartAt: 'Nowhere', States: {} })).toThrow(/talent-test-broken.*invalid/i);
  });

  it('resolves Fn::Join of pseudo parameters and Refs of state machines in the handler environment', () => {
    const env = buildHandlerEnvironment({
      templates: lifecycleTemplates(),
      dynamoEndpoint: 'http://127.0.0.1:8000',
      piiHashKey: 'k'.repeat(32),
      sfnEndpoint: 'http://127.0.0.1:3000/_local/sfn',
    });
    expect(env.warnings).toEqual([]);
    expect(env.common).toMatchObject({
      STATE_MACHINE_ARN_PREFIX: 'arn:aws:states:local:000000000000:stateMachine:talent-test-',
      CYCLE_STATE_MACHINE: CYCLE,
      SFN_ENDPOINT: 'http://127.0.0.1:3000/_local/sfn',
    });
  });
});
