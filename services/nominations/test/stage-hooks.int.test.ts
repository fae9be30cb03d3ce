import { randomUUID } from 'node:crypto';
import { agencyCalendar } from '@talent/calendar/store';
import { asAgencyId } from '@talent/data';
import { ConflictError, nowIso, setClockSource, type Violation } from '@talent/kernel';
import { DynamoProgrammeStore } from '@talent/programmes';
import { describe, expect, it } from 'vitest';
import { DynamoCycleRepository } from '../src/repositories/cycle-repository';
import { DynamoNominationRepository } from '../src/repositories/nomination-repository';
import { DynamoSelectionRepository } from '../src/repositories/selection-repository';
import type { StageHookContext, StageHooks } from '../src/stage-hooks';
import { createCycle } from '../src/use-cases/cycles';
import {
  closeStage,
  type LifecycleDeps,
  openStage,
  requestStageClose,
  type TaskInput,
} from '../src/use-cases/lifecycle';

// Integration: the lifecycle calls the later services' stage hooks (cohorts, pairings) when it opens
// and closes a stage, refuses to close while they report blockers, and makes their results final
// as the stage closes (JS-ACCEPTANCE: final only when the stage closes).

let now = Date.parse('2026-09-01T01:00:00Z');
const at = (iso: string) => {
  now = Date.parse(iso);
};
setClockSource(() => now);

const calls: string[] = [];
let blockers: Violation[] = [];
let failNext = false;
const hooks: StageHooks = {
  opened: async (ctx: StageHookContext) => {
    calls.push(`opened:${ctx.stage.id}:${ctx.programme.id}`);
  },
  blockers: async () => blockers,
  closed: async (ctx: StageHookContext) => {
    if (failNext) {
      failNext = false;
      throw new ConflictError('LS-TWO-WAY', 'a list came in meanwhile');
    }
    // Called after the stage is recorded closed: nothing the services accept while open comes later.
    expect(ctx.stage.status).toBe('closed');
    expect(ctx.cycle.stages.find((s) => s.id === ctx.stage.id)?.status).toBe('closed');
    calls.push(`closed:${ctx.stage.id}:${ctx.cycle.cycleId}`);
  },
};

const deps: LifecycleDeps = {
  cycles: new DynamoCycleRepository(),
  repository: new DynamoNominationRepository(),
  selection: new DynamoSelectionRepository(),
  programmes: new DynamoProgrammeStore(),
  workflows: { start: async () => undefined },
  calendar: agencyCalendar,
  now: () => nowIso(),
  stageHooks: async (programmeId, kind) =>
    programmeId === 'lishui-masters' && kind === 'training' ? hooks : undefined,
};
const admin = { agencyId: asAgencyId('lishui'), userId: 'ls-admin', roles: ['admin'] as const };

const task = (cycleId: string, stageId: string): TaskInput => ({
  action: 'open-stage',
  agencyId: 'lishui',
  cycleId,
  stageId,
  year: 1,
});

describe('stage hooks of the later services', () => {
  it('calls opened, holds the close while blockers remain, and calls closed once the stage is recorded closed', async () => {
    const cycleId = `ls-${randomUUID().slice(0, 8)}`;
    await createCycle(
      { ...deps, newId: () => randomUUID() } as never,
      { ...admin, roles: ['admin'] },
      { cycleId, programmeId: 'lishui-masters', year: 2026 } as never,
      'req-1',
    );
    await openStage(deps, task(cycleId, 'master-nomination'));
    at('2026-11-01T00:00:00Z');
    await closeStage(deps, task(cycleId, 'master-nomination'));
    await openStage(deps, task(cycleId, 'master-list'));
    await closeStage(deps, task(cycleId, 'master-list'));
    await openStage(deps, task(cycleId, 'pairing-list'));
    at('2026-12-01T00:00:00Z');
    await closeStage(deps, task(cycleId, 'pairing-list'));
    expect(calls).toEqual([]); // no hooks for these stage kinds

    await openStage(deps, task(cycleId, 'mentoring'));
    await openStage(deps, task(cycleId, 'mentoring')); // a retried open runs the idempotent hook again
    expect(calls).toEqual(['opened:mentoring:lishui-masters', 'opened:mentoring:lishui-masters']);

    blockers = [{ ruleId: 'LS-MENTOR-DAYS', path: 'pairings', message: '3 pairings without a log' }];
    await expect(
      requestStageClose(deps, { ...admin, roles: ['admin'] }, cycleId, 'mentoring', '完成', 'req-2'),
    ).rejects.toMatchObject({ status: 409, ruleId: 'LS-MENTOR-DAYS' });

    blockers = [];
    await requestStageClose(deps, { ...admin, roles: ['admin'] }, cycleId, 'mentoring', '完成', 'req-3');
    // Work reappears before the task looks (a late correction): the stage waits and says why.
    blockers = [
      { ruleId: 'LS-MENTOR-DAYS', path: 'pairings', message: 'a pairing without a log' },
      { ruleId: 'LS-MENTOR-DAYS', path: 'pairings', message: 'another' },
    ];
    expect(await closeStage(deps, task(cycleId, 'mentoring'))).toMatchObject({ outcome: 'wait' });
    const waiting = await deps.cycles.get(admin.agencyId, cycleId);
    expect(waiting?.stages.find((s) => s.id === 'mentoring')).toMatchObject({
      status: 'open',
      blockedBy: { ruleId: 'LS-MENTOR-DAYS', message: 'a pairing without a log (and 1 more)' },
    });
    expect(calls.filter((c) => c.startsWith('closed'))).toEqual([]);

    blockers = [];
    expect(await closeStage(deps, task(cycleId, 'mentoring'))).toMatchObject({ outcome: 'advance' });
    const closed = await deps.cycles.get(admin.agencyId, cycleId);
    const mentoring = closed?.stages.find((s) => s.id === 'mentoring');
    expect(mentoring?.status).toBe('closed');
    expect(mentoring?.blockedBy).toBeUndefined();
    expect(calls.filter((c) => c.startsWith('closed'))).toEqual([`closed:mentoring:${cycleId}`]);
    // A retried close finds it closed and runs the idempotent hook again (it may not have finished).
    await closeStage(deps, task(cycleId, 'mentoring'));
    expect(calls.filter((c) => c.startsWith('closed'))).toHaveLength(2);

    // A hook that meets a concurrent change throws a domain conflict: the task answers with the
    // retried CycleStageError (never the cycle's failure), and the next try runs it again.
    failNext = true;
    await expect(closeStage(deps, task(cycleId, 'mentoring'))).rejects.toMatchObject({
      name: 'CycleStageError',
    });
    expect(await closeStage(deps, task(cycleId, 'mentoring'))).toMatchObject({ outcome: 'advance' });
    expect(calls.filter((c) => c.startsWith('closed'))).toHaveLength(3);
  });
});
