import type { ProgrammeStageHooks } from '@talent/svc-nominations/stage-hooks';

/** The jiangsu programme's cohort stages (by stage kind). */
export const jiangsuStageHooks: ProgrammeStageHooks = {};
