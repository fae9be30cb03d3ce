/**
 * The pairings service's part in the later stages of Lishui's cycle (lead wires them into the
 * lifecycle). Every hook is idempotent.
 * - pairing (pairing-list): `blockers` — schools whose submitted list the city has not reviewed;
 *   `closed` — the lists become final (no submission or review after it).
 * - award (top-selection): `closed` — the 十佳大师 / 百佳高徒 selection becomes final.
 */
import { type AgencyId, TransactionConditionFailed } from '@talent/data';
import type { Violation } from '@talent/kernel';
import type { StageHookContext, StageHookRegistry } from '@talent/svc-nominations/stage-hooks';
import type { PairingList } from './model';
import { auditOf, keys, put, readAll, write } from './repositories/pairing-store';

const lifecycleActor = { userId: 'lifecycle', roles: ['system'] };

const markFinal = async (
  ctx: StageHookContext,
  marker: 'PAIRING-LISTS-FINAL' | 'TOP-SELECTION-FINAL',
  action: string,
): Promise<void> => {
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
  } catch (e) {
    // Already final: a task that runs twice changes nothing.
    if (e instanceof TransactionConditionFailed) return;
    throw e;
  }
};

/** Schools whose submitted pairing list awaits the city's review. */
export const unreviewedLists = async (agencyId: AgencyId, cycleId: string): Promise<PairingList[]> =>
  readAll<PairingList>({
    index: 'GSI1',
    partition: keys.cyclePk(agencyId, cycleId),
    prefix: 'PLIST#submitted#',
  });

export const pairingStageHooks: StageHookRegistry = {
  'lishui-masters': {
    pairing: {
      async blockers(ctx): Promise<readonly Violation[]> {
        const pending = await unreviewedLists(ctx.agencyId, ctx.cycle.cycleId);
        return pending.map((l) => ({
          ruleId: 'LS-TWO-WAY',
          path: `pairingLists.${l.schoolId}`,
          message: `the pairing list of school ${l.schoolId} is submitted but not yet reviewed by the city`,
          messageZh: `学校${l.schoolId}上报的师徒双向选择名单尚未经市级审核`,
        }));
      },
      async closed(ctx) {
        await markFinal(ctx, 'PAIRING-LISTS-FINAL', 'pairing-lists.final');
      },
    },
    award: {
      async closed(ctx) {
        await markFinal(ctx, 'TOP-SELECTION-FINAL', 'top-selection.final');
      },
    },
  },
};
