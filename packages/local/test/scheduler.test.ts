import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../src/stack';
import { lifecycleCalls } from './fixtures/lifecycle-calls';
import { lifecycleTemplates } from './fixtures/lifecycle-template';
import { send, tempDir } from './helpers';

const OPENING = 'arn:aws:states:local:000000000000:stateMachine:talent-test-opening';

const start = (dataDir: string) =>
  startLocalStack({
    port: 0,
    dataDir,
    dynamoEndpoint: inject('dynamoEndpoint'),
    templates: lifecycleTemplates(),
    quiet: true,
    seed: false,
    clockStart: '2030-06-01T00:00:00Z',
  });

const moveTo = async (stack: LocalStack, to: string) => {
  const res = await send(stack.url, 'POST', '/_local/clock', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to }),
  });
  expect(res.status).toBe(200);
  return res.json<{ now: string; ran: { executions: number; schedules: number } }>();
};

const scheduled = () => lifecycleCalls().filter((c) => c.action === 'scheduled');

describe('the local scheduler on the virtual clock', () => {
  it('fires a yearly cron(0 9 1 1 ? *) Asia/Shanghai schedule once per 1 January 09:00 Shanghai, also across a restart', async () => {
    const dataDir = tempDir('scheduler');
    const first = await start(dataDir);
    try {
      expect(await moveTo(first, '2031-01-01T00:59:59Z')).toMatchObject({ ran: { schedules: 0 } });
      expect(scheduled()).toEqual([]);

      // 09:00 in Shanghai is 01:00 UTC: the target runs then, and starts an execution through the SDK.
      expect(await moveTo(first, '2031-01-01T01:00:00Z')).toEqual({
        now: '2031-01-01T01:00:00.000Z',
        ran: { executions: 1, schedules: 1 },
      });
      expect(scheduled()).toEqual([
        {
          action: 'scheduled',
          event: { action: 'scheduled', at: '2031-01-01T01:00:00Z' },
          now: '2031-01-01T01:00:00.000Z',
        },
      ]);
      const { executions } = await first.stepFunctions.listExecutions({ stateMachineArn: OPENING });
      expect(executions).toMatchObject([{ name: 'opening-2031', status: 'SUCCEEDED' }]);

      // The yearly opening of 2032, and the one-off `at()` schedule of 2031-06-01 on the way.
      expect(await moveTo(first, '2032-06-01T00:00:00Z')).toMatchObject({ ran: { schedules: 2 } });
      expect(scheduled().map((c) => c.now)).toEqual(['2031-01-01T01:00:00.000Z', '2032-01-01T01:00:00.000Z']);
    } finally {
      await first.stop();
    }
    expect(JSON.parse(readFileSync(join(dataDir, 'scheduler.json'), 'utf8')).schedules).toMatchObject({
      'talent-test-cycles/yearly-opening': { lastFired: '2032-01-01T01:00:00.000Z' },
    });

    const second = await start(dataDir);
    try {
      await second.clock.settle();
      expect(scheduled()).toHaveLength(2);
      expect(await moveTo(second, '2033-01-01T00:00:00Z')).toMatchObject({ ran: { schedules: 0 } });
      expect(await moveTo(second, '2033-01-01T02:00:00Z')).toMatchObject({ ran: { schedules: 1 } });
      expect(scheduled().map((c) => c.event.at)).toEqual([
        '2031-01-01T01:00:00Z',
        '2032-01-01T01:00:00Z',
        '2033-01-01T01:00:00Z',
      ]);
      const schedules = (await send(second.url, 'GET', '/_local/schedules')).json<{ schedules: any[] }>()
        .schedules;
      expect(schedules.find((s) => s.name === 'yearly-opening')).toMatchObject({
        lastFired: '2033-01-01T01:00:00.000Z',
        next: '2034-01-01T01:00:00.000Z',
      });
      const disabled = schedules.find((s) => s.name === 'disabled');
      expect(disabled).toMatchObject({ state: 'DISABLED' });
      expect(disabled).not.toHaveProperty('next');
    } finally {
      await second.stop();
    }
  });

  it('retries a failing target, then records it in the dead-letter list', async () => {
    const stack = await start(tempDir('scheduler-dlq'));
    try {
      await moveTo(stack, '2031-05-01T00:00:00Z'); // past the yearly opening
      lifecycleCalls().length = 0;
      expect(await moveTo(stack, '2031-06-01T12:00:00Z')).toMatchObject({ ran: { schedules: 1 } });
      // MaximumRetryAttempts 2: three attempts in all.
      expect(lifecycleCalls().filter((c) => c.action === 'explode')).toHaveLength(3);
      const res = await send(stack.url, 'GET', '/_local/dead-letters');
      expect(res.json()).toEqual({
        deadLetters: [
          {
            schedule: 'failing-target',
            group: 'talent-test-cycles',
            scheduledTime: '2031-06-01T12:00:00.000Z',
            targetArn: 'arn:aws:lambda:local:000000000000:function:LifecycleFn',
            deadLetterArn: 'ScheduleDeadLetterQueue',
            attempts: 3,
            errorCode: 'Error',
            errorMessage: 'target unavailable',
            input: '{"action":"explode"}',
            recordedAt: '2031-06-01T12:00:00.000Z',
          },
        ],
      });
      // The disabled schedule (every hour) never fired.
      expect(lifecycleCalls().filter((c) => c.action === 'explode')).toHaveLength(3);
    } finally {
      await stack.stop();
    }
  });
});
