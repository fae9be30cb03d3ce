/**
 * The pairings service's part in the later stages of Lishui's cycle (lead wires them into the
 * lifecycle). Every hook is idempotent.
 * - pairing (pairing-list): `blockers` — the cycle's unreviewed-lists counter (consistent read;
 *   submitList +1 / reviewList −1 in their own transactions) is not 0, naming the schools;
 *   `closed` — the lists become final (no submission or review after it): the marker is written
 *   only under the condition that the counter is 0. A list submitted after `blockers` ran and
 *   before the stage was recorded closed keeps it off; the city's review of the last such list
 *   writes it then (`finaliseListsIfClosed`), so the close never fails the cycle.
 * - award (top-selection): `closed` — the 十佳大师 / 百佳高徒 selection becomes final.
 */
import { type AgencyId, type TransactItem, TransactionConditionFailed } from '@talent/data';
import type { Violation } from '@talent/kernel';
import type { StageHookContext, StageHookRegistry } from '@talent/svc-nominations/stage-hooks';
import type { PairingList } from './model';
import { auditOf, conditionCheck, counters, keys, put, readAll, write } from './repositories/pairing-store';

const lifecycleActor = { userId: 'lifecycle', roles: ['system'] };

/**
 * Writes the cycle's final marker (+ audit), with `extra` conditions in the same transaction; true
 * when it is written now or was already (a task that runs twice changes nothing), false when an
 * extra condition failed.
 */
const markFinal = async (
  ctx: Pick<StageHookContext, 'agencyId' | 'cycle' | 'stage' | 'at'>,
  marker: 'PAIRING-LISTS-FINAL' | 'TOP-SELECTION-FINAL',
  action: string,
  extra: readonly TransactItem[] = [],
): Promise<boolean> => {
  const key = keys.marker(ctx.agencyId, ctx.cycle.cycleId, marker);
  try {
    await write([
      put(
        {
          ...key,
          entityKind: 'PairingFinalMarker',
          cycleId: ctx.cycle.cycleId,
          stageId: ctx.stage.id,
          at: ctx.at,
        },
        { expr: 'attribute_not_exists(PK)' },
      ),
      ...extra,
      auditOf(
        ctx.agencyId,
        'PairingCycle',
        ctx.cycle.cycleId,
        key.PK,
        { actor: lifecycleActor, action, at: ctx.at },
        null,
        {
          marker,
          stageId: ctx.stage.id,
        },
      ),
    ]);
    return true;
  } catch (e) {
    if (!(e instanceof TransactionConditionFailed)) throw e;
    if (e.failedIndexes.includes(0)) return true;
    return false;
  }
};

/** How many submitted lists of the cycle the city has not reviewed (strongly consistent counter). */
export const unreviewedCount = async (agencyId: AgencyId, cycleId: string): Promise<number> =>
  (await counters(keys.unreviewedLists(agencyId, cycleId))).count ?? 0;

/** Schools whose submitted pairing list awaits the city's review (GSI1: for naming them only). */
export const unreviewedLists = async (agencyId: AgencyId, cycleId: string): Promise<PairingList[]> =>
  readAll<PairingList>({
    index: 'GSI1',
    partition: keys.cyclePk(agencyId, cycleId),
    prefix: 'PLIST#submitted#',
  });

const unreviewedViolation = (schoolId: string | undefined, count: number): Violation => ({
  ruleId: 'LS-TWO-WAY',
  path: schoolId ? `pairingLists.${schoolId}` : 'pairingLists',
  message: schoolId
    ? `the pairing list of school ${schoolId} is submitted but not yet reviewed by the city`
    : `${count} submitted pairing list(s) not yet reviewed by the city`,
  messageZh: schoolId
    ? `学校${schoolId}上报的师徒双向选择名单尚未经市级审核`
    : `${count}份已上报的师徒双向选择名单尚未经市级审核`,
});

/** The lists' final marker, written only while no submitted list awaits review; whether it is now. */
const finaliseLists = (ctx: Pick<StageHookContext, 'agencyId' | 'cycle' | 'stage' | 'at'>) =>
  markFinal(ctx, 'PAIRING-LISTS-FINAL', 'pairing-lists.final', [
    conditionCheck(
      keys.unreviewedLists(ctx.agencyId, ctx.cycle.cycleId),
      'attribute_not_exists(#c) OR #c = :z',
      { ':z': 0 },
      { '#c': 'count' },
    ),
  ]);

/**
 * After the city reviews a list: when the cycle's pairing stage is already recorded closed (a list
 * came in while it closed), the review of the last unreviewed list makes the lists final.
 */
export const finaliseListsIfClosed = async (cycle: StageHookContext['cycle'], at: string): Promise<void> => {
  const stage = cycle.stages.find((s) => s.kind === 'pairing');
  if (stage?.status !== 'closed') return;
  await finaliseLists({ agencyId: cycle.agencyId, cycle, stage, at });
};

export const pairingStageHooks: StageHookRegistry = {
  'lishui-masters': {
    pairing: {
      async blockers(ctx): Promise<readonly Violation[]> {
        // The decision is the consistent counter's; the (eventually consistent) index only names schools.
        const count = await unreviewedCount(ctx.agencyId, ctx.cycle.cycleId);
        if (count === 0) return [];
        const named = (await unreviewedLists(ctx.agencyId, ctx.cycle.cycleId)).slice(0, count);
        return [
          ...named.map((l) => unreviewedViolation(l.schoolId, count)),
          ...(named.length < count ? [unreviewedViolation(undefined, count - named.length)] : []),
        ];
      },
      async closed(ctx) {
        // Final only with no list awaiting review: one submitted after `blockers` read the counter
        // (and before the stage was recorded closed) keeps the marker off until the city reviews it.
        await finaliseLists(ctx);
      },
    },
    award: {
      async closed(ctx) {
        await markFinal(ctx, 'TOP-SELECTION-FINAL', 'top-selection.final');
      },
    },
  },
};
