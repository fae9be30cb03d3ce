import type { ProgrammeStageHooks } from '@talent/svc-nominations/stage-hooks';

/** The guangdong programme's cohort stages (by stage kind). */
export const guangdongStageHooks: ProgrammeStageHooks = {};
