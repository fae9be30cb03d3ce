import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalStack, startLocalStack } from '@talent/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStateMachines } from '../../packages/local/src/state-machines';
import { readFunctions } from '../../packages/local/src/template';
import { e2eClient, nominee } from '../support/e2e-client';
import { type Answer, auditIndex, httpClient, scanTable } from './support/child-stack';

// Faults, part 2: failures injected into the local stack (`startLocalStack({ faults: true })`, see
// packages/local/src/faults.ts) — Lambda errors in the lifecycle tasks of the state machines, and
// DynamoDB throttling answered by a proxy in front of DynamoDB Local, for the tasks and for the API
// handlers. What is shown: the state machines' Retry policies retry (counted in the execution
// history), a cycle proceeds after transient faults, failures beyond the retries are recorded on
// the cycle by the Catch (GET /cycles/{id}), the API answers a throttle it cannot absorb with a
// retryable 503 problem+json, and no fault leaves a half-written change (read from the table).
// Its own stack and DynamoDB Local (in memory): the schedules open cycles with fixed ids.

let stack: LocalStack;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    inMemory: true,
    faults: true,
    dataDir: mkdtempSync(join(tmpdir(), 'talent-proof-faults-')),
    quiet: true,
    clockStart: '2026-02-28T09:00:00+08:00',
  });
  for (const agency of ['zhuhai', 'guangdong', 'beijing', 'jiangsu'])
    tokens[agency] = await stack.issueToken({ agency, roles: ['admin'] });
}, 120_000);
afterAll(async () => stack?.stop());

const http = httpClient(() => stack.url);
const client = e2eClient(() => stack, tokens);
const faults = () => {
  if (!stack.faults) throw new Error('the stack runs without faults');
  return stack.faults;
};
const injectedFaults = () => faults().list();

const zhuhaiCraftsman = () => ({
  programmeId: 'zhuhai-new-craftsmen',
  cycleId: 'zh-2026',
  category: 'craftsman',
  unitId: 'zh-enterprise-01',
  nominee: nominee('集成电路装调工'),
  attributes: { industry: 'integrated-circuits', enterprise: '珠海某半导体有限公司', transmitsSkills: true },
});

/** The agency's items by key, each serialised (what a no-write check compares). */
const snapshot = async (agency: string) => {
  const items = await scanTable(stack.dynamoEndpoint);
  return new Map(
    items
      .filter((i) => String(i.PK).startsWith(`A#${agency}#`))
      .map((i) => [`${i.PK}|${i.SK}`, JSON.stringify(i, Object.keys(i).sort())]),
  );
};
const diff = (before: Map<string, string>, after: Map<string, string>) => ({
  added: [...after.keys()].filter((k) => !before.has(k)),
  removed: [...before.keys()].filter((k) => !after.has(k)),
  changed: [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)),
});

const machineOf = (programme: string) => {
  const m = stack.stepFunctions.stateMachines().find((s) => s.programme === programme);
  if (!m) throw new Error(`no state machine for ${programme}`);
  return m;
};
const executionArn = (programme: string, name: string) =>
  `${machineOf(programme).stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

interface TaskRun {
  scheduled: number;
  failed: string[];
  succeeded: number;
}
/** Each time the execution entered the Task state `name`: its attempts (retries included) and their errors. */
const taskRuns = async (arn: string, name: string): Promise<TaskRun[]> => {
  const events: any[] = [];
  let nextToken: string | undefined;
  do {
    const page = await stack.stepFunctions.getExecutionHistory({
      executionArn: arn,
      maxResults: 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    events.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken);
  const runs: TaskRun[] = [];
  let run: TaskRun | undefined;
  for (const e of events) {
    if (String(e.type).endsWith('StateEntered')) {
      run =
        e.stateEnteredEventDetails?.name === name ? { scheduled: 0, failed: [], succeeded: 0 } : undefined;
      if (run) runs.push(run);
    } else if (run && e.type === 'LambdaFunctionScheduled') run.scheduled += 1;
    else if (run && e.type === 'LambdaFunctionFailed')
      run.failed.push(e.lambdaFunctionFailedEventDetails.error);
    else if (run && e.type === 'LambdaFunctionSucceeded') run.succeeded += 1;
  }
  return runs;
};

/** The Retry policy the synthesized definition gives a lifecycle task. */
const retryPolicy = () => {
  const machines = readStateMachines(stack.templates, readFunctions(stack.templates));
  const zh = machines.find((m) => m.programme === 'zhuhai-new-craftsmen');
  if (!zh) throw new Error('no Zhuhai state machine');
  const state = (zh.definition.States as Record<string, any>)['nomination: close'];
  const retry = state.Retry as { ErrorEquals: string[]; MaxAttempts: number }[];
  return { errors: retry.flatMap((r) => r.ErrorEquals), maxAttempts: retry[0]?.MaxAttempts ?? 0 };
};

const closeRequest = async (agency: string, cycleId: string, stageId: string) => {
  const r = await http('POST', `/cycles/${cycleId}/stages/${stageId}/close`, {
    token: tokens[agency],
    body: { reason: '本阶段工作已完成' },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
};

const isProblem = (a: Answer) => a.headers.get('content-type')?.startsWith('application/problem+json');

describe('faults injected into the API handlers: DynamoDB throttling', () => {
  it('opens the cycles of 1 March (the stack and its schedules run with faults on, none injected)', async () => {
    await client.advanceTo('2026-03-01T09:00:00+08:00');
    for (const [agency, id] of [
      ['zhuhai', 'zh-2026'],
      ['guangdong', 'gd-2026'],
      ['beijing', 'bj-2026'],
    ] as const)
      expect((await client.cycle(agency, id)).execution.status, id).toBe('RUNNING');
    expect(stack.handlerDynamoEndpoint).not.toBe(stack.dynamoEndpoint); // the handlers go through the proxy
    expect(faults().stats().dynamodb.TransactWriteItems).toBeGreaterThan(0);
  });

  it('a throttle the SDK retries absorb is invisible: 201, written once (1–3 throttled attempts of one call)', async () => {
    const retry = faults();
    for (const k of [1, 2, 3]) {
      retry.clear();
      const before = (await snapshot('zhuhai')).size;
      retry.add({ kind: 'dynamodb', count: k, error: k === 2 ? 'ThrottlingException' : undefined });
      const created = await http('POST', '/nominations', {
        token: tokens.zhuhai,
        body: zhuhaiCraftsman(),
        headers: { 'idempotency-key': `absorbed-${k}` },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(injectedFaults()[0]?.fired).toBe(k);
      const items = await scanTable(stack.dynamoEndpoint);
      expect(
        items.filter((i) => i.entityKind === 'Nomination' && i.nominationId === created.body.nominationId),
      ).toHaveLength(1);
      // The nomination, its person's claim on the cycle, its audit record, the idempotency record.
      expect((await snapshot('zhuhai')).size - before).toBe(4);
    }
  }, 60_000);

  it('throttled beyond the SDK retries at each DynamoDB call of a request: 201 or a retryable 503 problem+json, never a half-written change; the retry with the same Idempotency-Key writes it once', async () => {
    const f = faults();
    f.clear();
    f.resetStats();
    const clean = await http('POST', '/nominations', {
      token: tokens.zhuhai,
      body: zhuhaiCraftsman(),
      headers: { 'idempotency-key': 'sweep-clean' },
    });
    expect(clean.status).toBe(201);
    const trace = f.stats().dynamodbTrace;
    const calls = trace.length;
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(trace).toContain('TransactWriteItems');
    // Each call failing on every attempt the SDK makes (4): throttled (ProvisionedThroughputExceeded,
    // Throttling) or a DynamoDB 500; the transaction also cancelled for a throttled item
    // (TransactionCanceledException, reason ThrottlingError, which the SDK does not retry).
    const cases = trace.flatMap((op, i) =>
      op === 'TransactWriteItems'
        ? [
            { j: i + 1, op, error: 'ThrottlingException', count: 4 },
            { j: i + 1, op, error: 'TransactionCanceledException', count: 1 },
          ]
        : [
            {
              j: i + 1,
              op,
              error: i % 2 === 0 ? 'InternalServerError' : 'ProvisionedThroughputExceededException',
              count: 4,
            },
          ],
    );
    const outcomes: string[] = [];
    for (const [n, { j, op, error, count }] of cases.entries()) {
      f.clear();
      const body = zhuhaiCraftsman();
      const key = `sweep-${n}`;
      const before = await snapshot('zhuhai');
      f.add({ kind: 'dynamodb', skip: j - 1, count, error });
      const first = await http('POST', '/nominations', {
        token: tokens.zhuhai,
        body,
        headers: { 'idempotency-key': key },
      });
      const after = await snapshot('zhuhai');
      const changes = diff(before, after);
      outcomes.push(`${j} ${op} ${error} → ${first.status}`);
      if (first.status === 201) {
        // Only the last call failed (recording the response): the change stands, whole.
        expect(changes.added).toHaveLength(4);
        continue;
      }
      expect(first.status, `call ${j}: ${JSON.stringify(first.body)}`).toBe(503);
      expect(isProblem(first)).toBe(true);
      expect(first.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(changes, `call ${j}`).toEqual({ added: [], removed: [], changed: [] });
      f.clear();
      const retried = await http('POST', '/nominations', {
        token: tokens.zhuhai,
        body,
        headers: { 'idempotency-key': key },
      });
      expect(retried.status, `call ${j}: ${JSON.stringify(retried.body)}`).toBe(201);
      const written = diff(after, await snapshot('zhuhai'));
      expect(written.added, `call ${j}`).toHaveLength(4);
      expect(written.changed, `call ${j}`).toEqual([]);
    }
    console.log(`[faults-inject] nomination create: ${trace.join(', ')}; ${outcomes.join('; ')}`);
  }, 120_000);
});

describe('faults injected into the lifecycle tasks of the state machines', () => {
  it('retries throttled and failed tasks (Retry, from the execution history) and the Zhuhai cycle proceeds normally, each step once', async () => {
    const { errors } = retryPolicy();
    expect(errors).toEqual(
      expect.arrayContaining(['Lambda.TooManyRequestsException', 'Lambda.ServiceException']),
    );
    const f = faults();
    f.clear();
    await closeRequest('zhuhai', 'zh-2026', 'nomination');
    // The close throttled three times before it runs; the next stage's open runs, then fails twice
    // after it wrote (its result lost): the retry finds it done.
    f.add({
      kind: 'lambda',
      function: 'lifecycle',
      match: { action: 'close-stage', stageId: 'nomination' },
      count: 3,
    });
    f.add({
      kind: 'lambda',
      function: 'lifecycle',
      match: { action: 'open-stage', stageId: 'review' },
      count: 2,
      phase: 'after',
      error: 'Lambda.ServiceException',
    });
    await client.advance('P1D');
    const zh = await client.cycle('zhuhai', 'zh-2026');
    expect(zh).toMatchObject({ status: 'open', currentStageId: 'review', execution: { status: 'RUNNING' } });
    expect(zh.failure).toBeUndefined();
    expect(injectedFaults().map((x) => x.fired)).toEqual([3, 2]);

    const arn = executionArn('zhuhai-new-craftsmen', 'zhuhai--zh-2026--y1');
    const close = (await taskRuns(arn, 'nomination: close')).at(-1);
    expect(close).toEqual({
      scheduled: 4,
      failed: [
        'Lambda.TooManyRequestsException',
        'Lambda.TooManyRequestsException',
        'Lambda.TooManyRequestsException',
      ],
      succeeded: 1,
    });
    expect(await taskRuns(arn, 'review: open')).toEqual([
      { scheduled: 3, failed: ['Lambda.ServiceException', 'Lambda.ServiceException'], succeeded: 1 },
    ]);
    const audit = auditIndex(await scanTable(stack.dynamoEndpoint));
    expect(audit.count('Cycle', 'zh-2026', 'cycle.stage-closed:nomination')).toBe(1);
    expect(audit.count('Cycle', 'zh-2026', 'cycle.stage-opened:review')).toBe(1);
    expect(audit.repeated((a) => a.startsWith('cycle.'))).toEqual([]);
    // Daily looks from here on would only wait: leave the other tests' clock to themselves.
    await stack.stepFunctions.stopExecution({ executionArn: arn });
  }, 60_000);

  it('records the failure on the Guangdong cycle when the throttling outlasts the retries; the stage is left as it was (no half-written close)', async () => {
    const { maxAttempts } = retryPolicy();
    const f = faults();
    f.clear();
    await closeRequest('guangdong', 'gd-2026', 'research');
    f.add({
      kind: 'lambda',
      function: 'lifecycle',
      match: { action: 'close-stage', stageId: 'research' },
      count: maxAttempts + 1,
    });
    const before = await snapshot('guangdong');
    await client.advance('P1D');
    const gd = await client.cycle('guangdong', 'gd-2026');
    expect(gd).toMatchObject({
      status: 'failed',
      execution: { status: 'FAILED' },
      failure: { error: 'Lambda.TooManyRequestsException', cause: 'Rate Exceeded.' },
      currentStageId: 'research',
    });
    const stage = (id: string) => gd.stages.find((s: any) => s.id === id);
    expect(stage('research')).toMatchObject({ status: 'open', closedBy: expect.any(String) });
    expect(stage('research').closedAt).toBeUndefined();
    expect(stage('submission')).toMatchObject({ status: 'pending' });

    const arn = executionArn('guangdong-diploma-technician', 'guangdong--gd-2026--y1');
    const runs = await taskRuns(arn, 'research: close');
    expect(runs.at(-1)).toEqual({
      scheduled: maxAttempts + 1,
      failed: Array(maxAttempts + 1).fill('Lambda.TooManyRequestsException'),
      succeeded: 0,
    });
    expect(await taskRuns(arn, 'Record failure')).toEqual([{ scheduled: 1, failed: [], succeeded: 1 }]);
    expect(await stack.stepFunctions.describeExecution({ executionArn: arn })).toMatchObject({
      status: 'FAILED',
      error: 'Lambda.TooManyRequestsException',
    });
    // In the table: only the cycle changed (failed, with the error) and one audit record came.
    const changes = diff(before, await snapshot('guangdong'));
    expect(changes.changed).toEqual(['A#guangdong#CYCLE#gd-2026|CYCLE']);
    expect(changes.removed).toEqual([]);
    expect(changes.added).toHaveLength(1);
    const audit = auditIndex(await scanTable(stack.dynamoEndpoint));
    expect(audit.count('Cycle', 'gd-2026', 'cycle.failed')).toBe(1);
    expect(audit.count('Cycle', 'gd-2026', 'cycle.stage-closed:research')).toBe(0);
  }, 60_000);

  it('does not retry an error the Retry policy does not list: the Beijing close written before it stands whole, the failure is recorded, the next stage never opens', async () => {
    const { errors } = retryPolicy();
    expect(errors).not.toContain('TypeError');
    const f = faults();
    f.clear();
    await closeRequest('beijing', 'bj-2026', 'school-recommendation');
    f.add({
      kind: 'lambda',
      function: 'lifecycle',
      match: { action: 'close-stage', stageId: 'school-recommendation' },
      phase: 'after',
      error: 'TypeError',
      message: "Cannot read properties of undefined (reading 'stages')",
    });
    await client.advance('P1D');
    const bj = await client.cycle('beijing', 'bj-2026');
    expect(bj).toMatchObject({
      status: 'failed',
      failure: { error: 'TypeError', cause: "Cannot read properties of undefined (reading 'stages')" },
    });
    const stage = (id: string) => bj.stages.find((s: any) => s.id === id);
    expect(stage('school-recommendation')).toMatchObject({ status: 'closed' });
    expect(stage('school-publicity')).toMatchObject({ status: 'pending' });
    const arn = executionArn('beijing-craftsman-teachers', 'beijing--bj-2026--y1');
    expect((await taskRuns(arn, 'school-recommendation: close')).at(-1)).toEqual({
      scheduled: 1,
      failed: ['TypeError'],
      succeeded: 0,
    });
    const audit = auditIndex(await scanTable(stack.dynamoEndpoint));
    expect(audit.count('Cycle', 'bj-2026', 'cycle.stage-closed:school-recommendation')).toBe(1);
    expect(audit.count('Cycle', 'bj-2026', 'cycle.stage-opened:school-publicity')).toBe(0);
    expect(audit.count('Cycle', 'bj-2026', 'cycle.failed')).toBe(1);
  }, 60_000);

  it('DynamoDB throttling inside a task: the SDK absorbs a short one; a longer one is retried by the state machine if its Retry lists the error, else recorded on the cycle', async () => {
    const f = faults();
    f.clear();
    const opened = await http('POST', '/cycles', {
      token: tokens.jiangsu,
      body: {
        cycleId: 'js-2026',
        programmeId: 'jiangsu-excellent-technicians',
        year: 2026,
        selectionDate: '2026-03-02',
      },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    await client.advance('PT0S');
    expect((await client.cycle('jiangsu', 'js-2026')).currentStageId).toBe('nomination');
    const arn = executionArn('jiangsu-excellent-technicians', 'jiangsu--js-2026--y1');

    // Short: 3 throttled attempts of the close's first call; the SDK's 4th gets through.
    await closeRequest('jiangsu', 'js-2026', 'nomination');
    f.add({ kind: 'dynamodb', function: 'lifecycle', contains: 'CYCLE#js-2026', count: 3 });
    await client.advance('P1D');
    expect(injectedFaults()[0]?.fired).toBe(3);
    expect((await client.cycle('jiangsu', 'js-2026')).currentStageId).toBe('training');
    expect((await taskRuns(arn, 'nomination: close')).at(-1)).toEqual({
      scheduled: 1,
      failed: [],
      succeeded: 1,
    });

    // Longer: every attempt the SDK makes of one call, once.
    f.clear();
    await closeRequest('jiangsu', 'js-2026', 'training');
    f.add({ kind: 'dynamodb', function: 'lifecycle', contains: 'CYCLE#js-2026', count: 4 });
    const before = await snapshot('jiangsu');
    await client.advance('P1D');
    const js = await client.cycle('jiangsu', 'js-2026');
    const run = (await taskRuns(arn, 'training: close')).at(-1);
    const audit = auditIndex(await scanTable(stack.dynamoEndpoint));
    console.log(
      `[faults-inject] DynamoDB throttled past the SDK's attempts in the training close: ${JSON.stringify(run)}; cycle ${js.status}${js.failure ? ` (${js.failure.error})` : ''}; Retry lists ${retryPolicy().errors.join(', ')}`,
    );
    if (retryPolicy().errors.includes('ProvisionedThroughputExceededException')) {
      expect(run).toEqual({ scheduled: 2, failed: ['ProvisionedThroughputExceededException'], succeeded: 1 });
      expect(js.currentStageId).toBe('report');
    } else {
      // The Retry policy does not list DynamoDB throttling: the Catch records it at once.
      expect(run).toEqual({ scheduled: 1, failed: ['ProvisionedThroughputExceededException'], succeeded: 0 });
      expect(js).toMatchObject({
        status: 'failed',
        failure: { error: 'ProvisionedThroughputExceededException' },
        currentStageId: 'training',
      });
      expect(js.stages.find((s: any) => s.id === 'training')).toMatchObject({ status: 'open' });
      const changes = diff(before, await snapshot('jiangsu'));
      expect(changes.changed).toEqual(['A#jiangsu#CYCLE#js-2026|CYCLE']);
      expect(changes.added).toHaveLength(1);
      expect(audit.count('Cycle', 'js-2026', 'cycle.stage-closed:training')).toBe(0);
    }
    expect(audit.repeated((a) => a.startsWith('cycle.'))).toEqual([]);
  }, 90_000);
});
