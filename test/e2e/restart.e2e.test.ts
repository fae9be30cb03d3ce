import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalStack, startLocalStack } from '@talent/local';
import { afterAll, describe, expect, inject, it } from 'vitest';

// End to end: the local stack stops in the middle of a cycle and starts again on the same data
// directory; the cycle resumes at its recorded stage and nothing is opened twice. DynamoDB Local
// is the run's shared one (it outlives both stacks, as a persisted database would); the clock,
// the executions and the schedules' state are the stack's, kept in the data directory.

const dataDir = mkdtempSync(join(tmpdir(), 'talent-e2e-restart-'));
let stack: LocalStack | undefined;
const start = () =>
  startLocalStack({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    dataDir,
    quiet: true,
    clockStart: '2031-08-31T09:00:00+08:00',
  });
afterAll(async () => stack?.stop());

const get = async (s: LocalStack, path: string, token: string) => {
  const r = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: (await r.json()) as Record<string, any> };
};
const clockTo = async (s: LocalStack, to: string) => {
  const r = await fetch(`${s.url}/_local/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to }),
  });
  expect(r.status).toBe(200);
};

describe('restarting the local stack mid-cycle', () => {
  it('resumes the Lishui cycle at its stage after a restart, with one cycle and one execution', async () => {
    stack = await start();
    let token = await stack.issueToken({ agency: 'lishui', roles: ['admin'] });
    await clockTo(stack, '2031-09-01T09:00:00+08:00');
    const before = await get(stack, '/cycles/ls-2031', token);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      currentStageId: 'master-nomination',
      execution: { status: 'RUNNING' },
    });
    await stack.stop();

    stack = await start();
    token = await stack.issueToken({ agency: 'lishui', roles: ['admin'] });
    // The clock continued from where it stopped, and the schedule does not fire again.
    const clock = await fetch(`${stack.url}/_local/clock`);
    expect(Date.parse(((await clock.json()) as { now: string }).now)).toBe(
      Date.parse('2031-09-01T09:00:00+08:00'),
    );
    await clockTo(stack, '2031-11-01T00:00:00+08:00');
    const after = await get(stack, '/cycles/ls-2031', token);
    expect(after.body.currentStageId).toBe('pairing-list');
    expect(after.body.stages[0]).toMatchObject({ status: 'closed', closedAt: '2031-10-31T16:00:00.000Z' });
    const executions = await stack.stepFunctions.listExecutions({
      stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:talent-dev-lishui-masters',
    });
    const ours = executions.executions.filter((e: { name: string }) => e.name === 'lishui--ls-2031--y1');
    expect(ours).toHaveLength(1);
    const described = await stack.stepFunctions.describeExecution({ executionArn: ours[0]?.executionArn });
    expect(described).toMatchObject({ status: 'RUNNING', restarts: 1 });
  });
});
