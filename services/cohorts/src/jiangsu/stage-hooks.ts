import type { Violation } from '@talent/kernel';
import type { ProgrammeStageHooks, StageHookContext } from '@talent/svc-nominations/stage-hooks';
import { finaliseAcceptance, unitsWithoutGrades } from './use-cases';

const gradesMissing =
  (ruleId: string) =>
  async (ctx: StageHookContext): Promise<readonly Violation[]> =>
    (await unitsWithoutGrades(ctx.agencyId, ctx.cycle.cycleId)).map((unitId) => ({
      ruleId,
      path: `trainingUnits.${unitId}`,
      message: `training unit ${unitId} has not submitted its trainees' grades`,
      messageZh: `承训单位${unitId}尚未提交培育对象等次`,
    }));

/**
 * The jiangsu programme's cohort stages (by stage kind): grading and acceptance wait for every
 * unit's grades; closing the acceptance makes the results final (JS-ACCEPTANCE).
 */
export const jiangsuStageHooks: ProgrammeStageHooks = {
  grading: { blockers: gradesMissing('JS-GRADES') },
  acceptance: {
    blockers: gradesMissing('JS-ACCEPTANCE'),
    closed: (ctx) => finaliseAcceptance(ctx.agencyId, ctx.cycle.cycleId, ctx.at),
  },
};
