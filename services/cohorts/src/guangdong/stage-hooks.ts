import type { Violation } from '@talent/kernel';
import type { ProgrammeStageHooks, StageHookContext, StageHooks } from '@talent/svc-nominations/stage-hooks';
import * as repo from './repository';
import type { EvaluationKind } from './schemas';
import type { Change } from './store';
import { STAGE_OF } from './use-cases';

const actor = { userId: 'lifecycle', roles: ['system'] };

/**
 * GD-OVERSIGHT: a stage of evaluations (中期评估 `mid-term`, 结业质量评估 `acceptance`) may close
 * only when every active pilot has its evaluation; closing first refuses any further evaluation of
 * the stage (a marker every evaluation's write is conditioned on), then makes each pilot's stored
 * evaluation final (a consistent read, retried if it moved) and revokes the pilot status of every
 * pilot whose final evaluation failed (动态退出). Idempotent: final evaluations and revoked pilots
 * are left as they are; a rerun completes what a failed run left.
 */
const evaluationStage = (kind: EvaluationKind): StageHooks => ({
  async blockers(ctx: StageHookContext): Promise<readonly Violation[]> {
    const [pilots, evaluations] = await Promise.all([
      repo.pilotsOfCycle(ctx.agencyId, ctx.cycle.cycleId),
      repo.evaluationsOfCycle(ctx.agencyId, ctx.cycle.cycleId, kind),
    ]);
    const done = new Set(evaluations.map((e) => e.pilotId));
    return pilots
      .filter((p) => p.status === 'active' && !done.has(p.pilotId))
      .map((p) => ({
        ruleId: 'GD-OVERSIGHT',
        path: `pilots.${p.pilotId}`,
        message: `pilot ${p.pilotId} (${p.institutionName ?? p.unitId} ${p.major ?? ''}) has no ${kind} evaluation`,
        messageZh: `试点${p.institutionName ?? p.unitId}${p.major ?? ''}尚无${kind === 'mid-term' ? '中期评估' : '结业质量评估'}结果`,
      }));
  },
  async closed(ctx: StageHookContext): Promise<void> {
    const change = (action: string): Change => ({
      actor,
      action,
      at: ctx.at,
      reason: `stage ${ctx.stage.id} closed`,
    });
    const stageKind = STAGE_OF[kind];
    // First the marker: every evaluation's transaction is conditioned on its absence, so from here
    // on no evaluation of this stage is recorded or changed, and what is read below is final.
    await repo.markStageClosed(
      ctx.agencyId,
      ctx.cycle.cycleId,
      stageKind,
      ctx.stage.id,
      change(`gd.stage.${stageKind}.closed`),
    );
    // Which pilots to look at: the cycle's pilots and, in case the index lags, the pilots it lists
    // with an evaluation. The evaluations themselves are read from the table (consistent).
    const [pilots, listed] = await Promise.all([
      repo.pilotsOfCycle(ctx.agencyId, ctx.cycle.cycleId),
      repo.evaluationsOfCycle(ctx.agencyId, ctx.cycle.cycleId, kind),
    ]);
    const pilotIds = [...new Set([...pilots.map((p) => p.pilotId), ...listed.map((e) => e.pilotId)])];
    for (const pilotId of pilotIds) {
      const e = await repo.finaliseEvaluation(
        ctx.agencyId,
        pilotId,
        kind,
        change(`gd.evaluation.${kind}.final`),
      );
      // Revocation follows the evaluation as it was made final, never a listed copy.
      if (e?.result !== 'fail') continue;
      for (let attempt = 0; attempt < 5; attempt++) {
        const pilot = await repo.getPilot(ctx.agencyId, pilotId);
        if (!pilot || pilot.status === 'revoked') break;
        const after: repo.Pilot = {
          ...pilot,
          status: 'revoked',
          revocation: {
            reason: kind === 'mid-term' ? 'failed-mid-term' : 'failed-completion',
            detail: e.findings,
            at: ctx.at,
            by: actor.userId,
          },
          version: pilot.version + 1,
          updatedAt: ctx.at,
        };
        try {
          await repo.replacePilot(pilot, after, change('gd.pilot.revoked'));
          break;
        } catch (err) {
          if (!(err instanceof repo.VersionMoved)) throw err;
        }
      }
    }
  },
});

/** The guangdong programme's cohort stages (by stage kind). */
export const guangdongStageHooks: ProgrammeStageHooks = {
  'mid-term': evaluationStage('mid-term'),
  acceptance: evaluationStage('completion'),
};
