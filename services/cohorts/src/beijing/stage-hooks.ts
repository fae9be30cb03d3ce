import type { ProgrammeStageHooks } from '@talent/svc-nominations/stage-hooks';

/** The beijing programme's cohort stages (by stage kind). */
export const beijingStageHooks: ProgrammeStageHooks = {};
